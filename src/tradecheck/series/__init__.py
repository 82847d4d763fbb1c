"""Where numbers come from: the data sources (the bundled Census store, the Census API cache)
behind one protocol (source.py), and the API's requests, client and cache."""
