"""The environment, read in one place.

Every environment variable tradecheck uses is read here (but TRADECHECK_DEBUG, which the entry
point reads), at the moment a command needs it, and handed to the core as a plain value: a
directory, the key, a URL, a number of seconds, a table width. The core reads no environment
and imports no typer (tests/test_layers_cli.py checks both).
"""

import math
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


def census_url() -> str:
    """TRADECHECK_CENSUS_URL, else the Census API's; InputError when it is no http(s) URL."""
    from tradecheck.series.api import DEFAULT_BASE_URL

    text = os.environ.get("TRADECHECK_CENSUS_URL", "").strip()
    if not text:
        return DEFAULT_BASE_URL
    from tradecheck.errors import InputError
    from tradecheck.series.client import is_http_url

    if not is_http_url(text):
        raise InputError(
            f"TRADECHECK_CENSUS_URL={text!r} is not an http or https URL "
            f"(unset it for {DEFAULT_BASE_URL})"
        )
    return text


def census_timeout() -> float:
    """TRADECHECK_CENSUS_TIMEOUT in seconds, else the client's default; InputError when it is
    not a number of seconds the client accepts."""
    from tradecheck.series.client import DEFAULT_TIMEOUT, MAX_TIMEOUT

    text = os.environ.get("TRADECHECK_CENSUS_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
        from tradecheck.errors import InputError

        raise InputError(
            f"TRADECHECK_CENSUS_TIMEOUT={text!r} is not a number of seconds (give a number "
            f"greater than 0, e.g. 30, and at most {MAX_TIMEOUT}; unset, {DEFAULT_TIMEOUT:g})"
        )
    return value


def workers() -> int | None:
    """TRADECHECK_WORKERS, the number of processes a large verify checks its claims on (1:
    one process); None when unset (one per core for a large file); InputError when it is not
    a whole number of processes."""
    text = os.environ.get("TRADECHECK_WORKERS", "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        from tradecheck.errors import InputError

        raise InputError(
            f"TRADECHECK_WORKERS={text!r}: give a whole number of processes, 1 or more "
            "(1 checks every claim in this process; unset, one per core for 1,000 claims "
            "or more)"
        )
    return int(text)


def table_width() -> int | None:
    """The width a table fits: COLUMNS or the terminal's; None for a pipe or file."""
    import shutil
    import sys

    if sys.stdout.isatty() or _set("COLUMNS"):
        return shutil.get_terminal_size().columns
    return None
