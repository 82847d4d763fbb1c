"""The Census API key: from CENSUS_API_KEY, or from a key file only its owner can read.
(The CLI reads the variable and finds the config directory, cli/settings.py; they come in
as parameters.)

The key is never taken from a command-line argument (it would land in shell history and in
process listings) and is never printed.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from tradecheck.errors import InputError

KEY_ENV = "CENSUS_API_KEY"
KEY_FILE_NAME = "census-api-key"


def key_file(config_dir: Path) -> Path:
    """The key file in tradecheck's config directory (which the CLI finds: cli/settings.py)."""
    return config_dir / KEY_FILE_NAME


def find_key(from_env: str | None, path: Path) -> tuple[str, str] | None:
    """(key, where it came from), or None when no key is set: `from_env` is the value of
    CENSUS_API_KEY (None or empty when unset), used before the key file at `path`."""
    value = (from_env or "").strip()
    if value:
        if not (value.isascii() and value.isalnum()):
            # Checked before use: a key with '+' or '/' would travel percent-encoded, in a form
            # that redacting the key as typed would miss.
            raise InputError(f"{KEY_ENV} is not a Census API key (letters and digits only)")
        return value, f"the {KEY_ENV} environment variable"
    try:
        value = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Census API key file {path} cannot be read ({exc})") from None
    return (value, f"the key file {path}") if value else None


def key_file_warning(path: Path) -> str | None:
    """A warning when the key file can be read by others than its owner, else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if mode & 0o077:
        return (
            f"the Census API key file {path} can be read by others (mode {mode & 0o777:o}); "
            f"`chmod 600 {path}`"
        )
    return None


def check_key_text(value: str) -> str:
    key = value.strip()
    if not key:
        raise InputError("no key was entered; nothing was written")
    if not key.isascii() or not key.isalnum():
        raise InputError(
            "a Census API key is letters and digits only (40 characters); nothing was written"
        )
    return key


def store_key(value: str, path: Path) -> Path:
    """Write the key file `path` atomically, readable and writable by the user only (0600)."""
    key = check_key_text(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, (key + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def remove_key(path: Path) -> Path | None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
        return path
    return None
