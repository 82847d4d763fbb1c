"""The on-disk cache of Census API answers: append-only, atomic, checked on every read.

Layout: `<root>/api-v1/<id[:2]>/<id>/<fetched-at>-<pid>-<random>.json`, where `id` is the
request's sha256 (`ApiRequest.request_id`). One file is one answer (an entry); a later fetch of
the same request adds a file and never replaces one, so a claim pinned to an earlier fetch keeps
its data. An entry is written to a temporary file in its directory, flushed to disk and then
hard-linked to its final name (which fails rather than overwrite), so readers only ever see
whole entries; an interrupted writer leaves at most a `.tmp` file, which readers ignore. Each
entry carries the sha256 of its own content: one that does not match, or does not parse, is
reported once and never used.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradecheck.paths import CACHE_SUBDIR as SUBDIR
from tradecheck.paths import not_regular
from tradecheck.series.api import ApiRequest

__all__ = ["SUBDIR", "Cache", "Entry"]

FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One stored answer of the API."""

    path: Path
    request_id: str
    request: str  # "GET endpoint?query", without the key
    endpoint: str  # e.g. "exports/enduse"
    fetched_at: str  # UTC, ISO 8601 with seconds, e.g. 2026-11-28T07:40:03Z
    status: int  # 200, or 204 (no data for that request)
    response_sha256: str
    values: dict[str, int]  # month YYYY-MM -> whole dollars (empty for 204)

    @property
    def vintage(self) -> str:
        """Fetched data form a vintage named by their fetch date (YYYY-MM-DD)."""
        return self.fetched_at[:10]


def _entry(path: Path, document: dict[str, Any]) -> Entry:
    """The entry a checked document describes (KeyError, ValueError... when it is not one).
    A checksum is no authentication, so the values are checked again as an answer is: whole
    dollars below 10**15; and an entry dated after now would shadow every later fetch."""
    values = document["values"]
    if not isinstance(values, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 10**15 for v in values.values()
    ):
        raise ValueError("a value is not whole dollars below 10**15")
    if str(document["fetched_at"]) > utc_now():
        raise ValueError(f"it is dated {document['fetched_at']}, after now")
    return Entry(
        path=path,
        request_id=str(document["request_id"]),
        request=str(document["request"]),
        endpoint=str(document["endpoint"]),
        fetched_at=str(document["fetched_at"]),
        status=int(document["status"]),
        response_sha256=str(document["response_sha256"]),
        values={str(k): int(v) for k, v in document["values"].items()},
    )


def _checksum(document: dict[str, Any]) -> str:
    body = {k: v for k, v in document.items() if k != "sha256"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# Corrupt entries named one by one before the rest are summed up in one line.
MAX_WARNINGS = 5
# An entry is a few kilobytes; the client refuses answers over 16 MiB.
MAX_ENTRY_BYTES = 24 * 1024 * 1024


def _read_regular(path: Path) -> bytes:
    """An entry's bytes; OSError for a FIFO, device or anything but a regular file (reading
    one could block forever), ValueError past MAX_ENTRY_BYTES."""
    if not_regular(path):
        raise OSError(f"{path} is not a regular file")
    with path.open("rb") as handle:
        data = handle.read(MAX_ENTRY_BYTES + 1)
    if len(data) > MAX_ENTRY_BYTES:
        raise ValueError(f"it is over {MAX_ENTRY_BYTES} bytes")
    return data


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Cache:
    root: Path
    warn: Callable[[str], None] = lambda message: None
    _reported: set[Path] = field(default_factory=set)
    _listing: dict[str, list[Entry]] = field(default_factory=dict)
    _empty: bool | None = None  # no cache directory at all: nothing to look up

    @property
    def base(self) -> Path:
        return self.root / SUBDIR

    def _dir(self, request_id: str) -> Path:
        return self.base / request_id[:2] / request_id

    def entries(self, request: ApiRequest) -> list[Entry]:
        """The request's intact entries, newest first; corrupt ones are reported and skipped."""
        if self._empty is None:
            self._empty = not self.base.is_dir()
        if self._empty:
            return []
        request_id = request.request_id
        if request_id in self._listing:
            return self._listing[request_id]
        found: list[Entry] = []
        directory = self._dir(request_id)
        try:
            names = sorted(p for p in directory.iterdir() if p.suffix == ".json")
        except FileNotFoundError:
            names = []
        except OSError as exc:
            self.warn(f"cache directory {directory} cannot be read ({exc}); ignored")
            names = []
        for path in names:
            entry = self._read(path, request_id)
            if entry is not None:
                found.append(entry)
        found.sort(key=lambda e: (e.fetched_at, e.path.name), reverse=True)
        self._listing[request_id] = found
        return found

    def all_entries(self) -> list[Entry]:
        """Every intact entry of the cache (corrupt ones reported and skipped)."""
        if not self.base.is_dir():
            return []
        found = (self.read_entry(p) for p in sorted(self.base.glob("*/*/*.json")))
        return [e for e in found if e is not None]

    def read_entry(self, path: Path) -> Entry | None:
        """One entry file, checked; None (reported once) when it is corrupt."""
        return self._read(path, path.parent.name)

    def _read(self, path: Path, request_id: str) -> Entry | None:
        try:
            document = json.loads(_read_regular(path))
            if not isinstance(document, dict) or document.get("format") != FORMAT:
                raise ValueError("not a tradecheck cache entry")
            if document.get("sha256") != _checksum(document):
                raise ValueError("its checksum does not match its content")
            if document["request_id"] != request_id:
                raise ValueError("it is filed under another request")
            stored = document.get("response_base64")
            if stored is not None:
                body = base64.b64decode(stored, validate=True)
                if hashlib.sha256(body).hexdigest() != document["response_sha256"]:
                    raise ValueError("its stored answer does not match its response_sha256")
            return _entry(path, document)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            if path not in self._reported:
                self._reported.add(path)
                if len(self._reported) <= MAX_WARNINGS:
                    self.warn(f"ignoring corrupt cache entry {path} ({exc})")
                elif len(self._reported) == MAX_WARNINGS + 1:
                    self.warn(
                        "ignoring more corrupt cache entries without naming each; "
                        "`tradecheck cache clear` removes them"
                    )
            return None

    def add(
        self,
        request: ApiRequest,
        status: int,
        body: bytes,
        values: dict[str, int],
        fetched_at: str | None = None,
    ) -> Entry:
        """Store one answer as a new entry; never replaces an existing one."""
        fetched_at = fetched_at or utc_now()
        document: dict[str, Any] = {
            "format": FORMAT,
            "request_id": request.request_id,
            "request": str(request),
            **request.to_json(),
            "fetched_at": fetched_at,
            "status": status,
            "response_sha256": hashlib.sha256(body).hexdigest(),
            # The answer itself (a few kilobytes), so that response_sha256 can be re-checked.
            "response_base64": base64.b64encode(body).decode("ascii"),
            "values": values,
        }
        document["sha256"] = _checksum(document)
        data = (json.dumps(document, indent=1, sort_keys=True) + "\n").encode()
        directory = self._dir(request.request_id)
        directory.mkdir(parents=True, exist_ok=True)
        stamp = fetched_at.replace(":", "").replace("-", "")
        while True:
            name = f"{stamp}-{os.getpid()}-{os.urandom(4).hex()}.json"
            final = directory / name
            tmp = directory / f".{name}.tmp"
            try:
                _write_file(tmp, data)
                _commit(tmp, final)
            except FileExistsError:
                continue
            finally:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
            break
        _fsync_dir(directory)
        entry = _entry(final, document)
        self._listing.pop(request.request_id, None)
        self._empty = False
        return entry

    def stats(self) -> tuple[int, int]:
        """(number of entries, bytes) under the cache root."""
        count = size = 0
        if self.base.is_dir():
            for path in self.base.rglob("*.json"):
                count += 1
                size += path.stat().st_size
        return count, size

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        count, _ = self.stats()
        if self.base.is_dir():
            shutil.rmtree(self.base)
        self._listing.clear()
        self._empty = None
        return count


def _write_file(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _commit(tmp: Path, final: Path) -> None:
    """Give the written file its name, never replacing a file of that name."""
    try:
        os.link(tmp, final)  # fails instead of overwriting
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (FAT, some network shares). The name holds the
        # process id and 32 random bits, so no other writer uses it; rename is atomic too.
        os.rename(tmp, final)


def _fsync_dir(directory: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
