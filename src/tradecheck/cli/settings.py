"""The environment, read in one place.

Every environment variable tradecheck uses is read here (but TRADECHECK_DEBUG, which the entry
point reads, and COLUMNS, which render.py still reads for rich), at the moment a command needs
it, and handed to the core as a plain value: a directory, the key, a URL, a number of seconds.
The core reads no environment and imports no typer (tests/test_layers_cli.py checks both).
"""

import os
from pathlib import Path

import typer


def _set(name: str) -> str | None:
    """The variable's value; None when it is unset or empty (an empty one counts as unset)."""
    return os.environ.get(name) or None


def cache_dir() -> Path:
    """TRADECHECK_CACHE_DIR, else the platform's user cache directory."""
    override = _set("TRADECHECK_CACHE_DIR")
    if override:
        return Path(override)
    from tradecheck.paths import user_cache_dir

    local_app_data, xdg_cache_home = _set("LOCALAPPDATA"), _set("XDG_CACHE_HOME")
    return user_cache_dir(
        Path.home(),
        local_app_data=Path(local_app_data) if local_app_data else None,
        xdg_cache_home=Path(xdg_cache_home) if xdg_cache_home else None,
    )


def config_dir() -> Path:
    """TRADECHECK_CONFIG_DIR, else the platform's user config directory for tradecheck."""
    override = _set("TRADECHECK_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(typer.get_app_dir("tradecheck"))


def key_file() -> Path:
    """Where `tradecheck key set` stores the Census API key."""
    from tradecheck import keys

    return keys.key_file(config_dir())


def census_key() -> str | None:
    """CENSUS_API_KEY as set (keys.find_key checks it, and prefers it to the key file)."""
    from tradecheck.keys import KEY_ENV

    return os.environ.get(KEY_ENV)
