"""tradecheck: recompute numeric claims about U.S. trade from official Census series."""

__version__ = "0.1.0"
