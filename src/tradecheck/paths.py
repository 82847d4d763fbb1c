"""Where tradecheck keeps its per-user files, and which files it reads (standard library only)."""

from __future__ import annotations

import sys
from pathlib import Path

CACHE_SUBDIR = "api-v1"  # the cache format's directory under the cache root


def user_cache_dir(home: Path, *, local_app_data: Path | None, xdg_cache_home: Path | None) -> Path:
    """The platform's user cache directory for tradecheck, given the user's home directory and
    LOCALAPPDATA (Windows) and XDG_CACHE_HOME (not macOS) as set, None when unset or empty.
    (The CLI reads them, and TRADECHECK_CACHE_DIR, which overrides this: cli/settings.py.)"""
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "tradecheck"
    if sys.platform == "win32":
        return (local_app_data or home / "AppData" / "Local") / "tradecheck" / "Cache"
    return (xdg_cache_home or home / ".cache") / "tradecheck"


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
