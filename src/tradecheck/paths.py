"""Where tradecheck keeps its per-user files (no imports beyond the standard library)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CACHE_SUBDIR = "api-v1"  # the cache format's directory under the cache root


def default_cache_dir() -> Path:
    """TRADECHECK_CACHE_DIR, else the platform's user cache directory."""
    override = os.environ.get("TRADECHECK_CACHE_DIR")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "tradecheck"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "tradecheck" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else home / ".cache") / "tradecheck"
