"""Where numbers come from: the bundled Census store (and, later, the Census API cache)."""
