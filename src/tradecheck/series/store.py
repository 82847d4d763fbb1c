"""A bundled SQLite store, opened read-only on first use; any failure is a DataError that
names the file and how to rebuild it."""

from __future__ import annotations

import sqlite3
from functools import cached_property
from pathlib import Path
from typing import Any

from tradecheck.errors import DataError


class Store:
    def __init__(self, path: Path, script: str) -> None:
        self.path = path
        self.script = script  # the import script that builds it, e.g. "import_release.py"

    @cached_property
    def _db(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise DataError(
                f"bundled data {self.path} is missing; reinstall tradecheck "
                f"or run scripts/{self.script}"
            )
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
            db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.Error as exc:
            raise DataError(f"bundled data {self.path} cannot be read: {exc}") from exc
        return db

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise DataError(f"bundled data {self.path} cannot be read: {exc}") from exc
