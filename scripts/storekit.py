"""What every import script does alike: check its inputs against SHA256SUMS, and finish the
SQLite store it built (commit, VACUUM, move into place) and describe it in its manifest.

Scripts run as `python scripts/import_*.py`, so this folder is on their import path.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path
from typing import NoReturn


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listed_sums(folder: Path) -> dict[str, str]:
    """Name (relative to `folder`) -> sha256, as the folder's SHA256SUMS lists them."""
    sums: dict[str, str] = {}
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name] = digest
    return sums


def checked_sha256(path: Path, rel: str, listed: dict[str, str], script: str) -> str:
    """The file's sha256, which must be the one SHA256SUMS lists for `rel`; else the script
    stops with one line naming the file."""
    if rel not in listed:
        stop(script, f"{rel} is not in SHA256SUMS")
    actual = sha256(path)
    if actual != listed[rel]:
        stop(script, f"{rel}: sha256 {actual} does not match SHA256SUMS")
    return actual


def stop(script: str, message: str) -> NoReturn:
    sys.exit(f"{script}: {message}")


def finish_store(db: sqlite3.Connection, partial: Path, target: Path) -> None:
    """Commit, compact and close the store built at `partial`, then move it to `target` (a
    reader never sees a half-built store)."""
    db.commit()
    db.execute("VACUUM")
    db.close()
    partial.replace(target)


def store_facts(target: Path) -> dict[str, object]:
    """The manifest's account of the store file: its name, sha256 and the SQLite that wrote
    it (the same SQLite writes the same bytes)."""
    return {
        "database": target.name,
        "database_sha256": sha256(target),
        "built_with_sqlite": sqlite3.sqlite_version,
    }
