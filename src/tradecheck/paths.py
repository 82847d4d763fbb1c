"""Where tradecheck keeps its per-user files, and which files it reads (standard library only)."""

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


def not_regular(path: Path) -> str | None:
    """What `path` is when it is not a regular file ("a FIFO", "a device"), else None.
    Only regular files are read: reading a FIFO can block forever, /dev/zero never ends."""
    import stat

    mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a directory" if stat.S_ISDIR(mode) else "not a regular file"
