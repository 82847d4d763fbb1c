"""A fake Census International Trade API: real HTTP on 127.0.0.1, serving real Census rows.

The rows are the verbatim cells in fixtures/census_cells.json (the real Census files), answered
the way the API answers (reference: ../shared/reference/census-trade-api.md): whole dollars as
strings, a header row first, predicate columns appended in query order (so a variable both
requested and filtered appears twice), `-` for the world total, `_YR` as year-to-date, repeated
keys as OR, a trailing `*` as a prefix, a comma inside a value as a literal (no match), 204 with
an empty body when nothing matches. For data the fixtures lack (HS codes, monthly end-use
values, end-use before 2013) it answers 204, as the API does for a request with no data.

Failures are reproduced on demand: `server.faults` is a queue applied to the next requests, one
fault per request: "missing_key", "invalid_key", "html", "unknown_variable", "429",
"429-retry-after", "500", "timeout", "truncated", "not_json", "no_columns".
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cells import FIXTURES

PREFIX = "/data/timeseries/intltrade/"
CENSUS_ERROR = (
    "There was an error while running your query.  We've logged the error and we'll correct it "
    "ASAP.  Sorry for the inconvenience."
)
VARIABLES = {
    "exports/hs": {"CTY_CODE", "CTY_NAME", "E_COMMODITY", "COMM_LVL", "ALL_VAL_MO", "ALL_VAL_YR"},
    "imports/hs": {"CTY_CODE", "CTY_NAME", "I_COMMODITY", "COMM_LVL", "GEN_VAL_MO", "GEN_VAL_YR"},
    "exports/enduse": {"CTY_CODE", "CTY_NAME", "E_ENDUSE", "COMM_LVL", "ALL_VAL_MO", "ALL_VAL_YR"},
    "imports/enduse": {"CTY_CODE", "CTY_NAME", "I_ENDUSE", "COMM_LVL", "GEN_VAL_MO", "GEN_VAL_YR"},
}
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _dollars(millions: str) -> int:
    return int((Decimal(millions) * 1_000_000).to_integral_value())


class Data:
    """The real rows of fixtures/, as the API's current vintage would hold them."""

    def __init__(self) -> None:
        files = json.loads(FIXTURES.read_text())["files"]
        # Newest vintage first, so the API serves the most recent publication of each value.
        self.country = sorted(
            (f for f in files if f["file"].startswith("country/")),
            key=lambda f: f["file"],
            reverse=True,
        )
        self.enduse = {
            "E": sorted(
                (f for f in files if f["file"].startswith("enduse-exports/")),
                key=lambda f: f["file"],
                reverse=True,
            ),
            "I": sorted(
                (f for f in files if f["file"].startswith("enduse-imports/")),
                key=lambda f: f["file"],
                reverse=True,
            ),
        }

    @staticmethod
    def _named(entry: dict[str, object], row: dict[str, object]) -> dict[str, str]:
        header: dict[str, str] = entry["header"]  # type: ignore[assignment]
        cells: dict[str, str] = row["cells"]  # type: ignore[assignment]
        return {header[col]: text for col, text in cells.items() if col in header}

    def country_value(self, flow: str, code: str, year: int, month: int, yr: bool) -> int | None:
        """ALL_VAL/GEN_VAL for (file code, year, month) from the newest vintage publishing it."""
        for entry in self.country:
            for row in entry["rows"]:
                cells = self._named(entry, row)
                if cells.get("CTY_CODE") != code or cells.get("year") != str(year):
                    continue
                months = [cells.get(flow + m, "") for m in MONTHS]
                if not months[month - 1]:
                    break  # not published in this vintage; try an older one
                if not yr:
                    return _dollars(months[month - 1])
                published = [i for i, text in enumerate(months) if text]
                if month - 1 == published[-1] and cells.get(flow + "YR"):
                    return _dollars(cells[flow + "YR"])  # the year-to-date column as published
                return sum(_dollars(months[i]) for i in range(month))
        return None

    def country_name(self, code: str) -> str:
        for entry in self.country:
            for row in entry["rows"]:
                cells = self._named(entry, row)
                if cells.get("CTY_CODE") == code:
                    return cells["CTYNAME"].upper()
        return ""

    def country_codes(self) -> list[str]:
        return sorted(
            {self._named(e, r)["CTY_CODE"] for e in self.country for r in e["rows"]} - {"0015"}
        )

    def enduse_rows(self, flow: str, code: str, year: int) -> list[tuple[str, int]]:
        """(5-digit code, dollars) of one partner and year, from the newest file holding it."""
        for entry in self.enduse[flow]:
            column = f"value_{year % 100:02d}"
            if column not in entry["header"].values():
                continue
            out = []
            for row in entry["rows"]:
                cells = self._named(entry, row)
                if cells.get("CTY_CODE") == code and cells.get(column, "").isdigit():
                    out.append((cells["END_USE"], int(cells[column])))
            return out
        return []


@dataclass
class Seen:
    path: str
    params: list[tuple[str, str]]
    raw_query: str


@dataclass
class FakeCensus:
    key: str = "FAKEKEY0123456789abcdef0123456789abcdef0"
    faults: list[str] = field(default_factory=list)
    requests: list[Seen] = field(default_factory=list)
    retry_after: str = "1"
    hang_seconds: float = 3.0
    url: str = ""
    data: Data = field(default_factory=Data)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_fault(self) -> str | None:
        with self.lock:
            return self.faults.pop(0) if self.faults else None

    # -- answering ---------------------------------------------------------------------------

    def answer(self, path: str, params: list[tuple[str, str]]) -> tuple[int, dict[str, str], bytes]:
        keys = [v for k, v in params if k == "key"]
        if not keys:
            return _redirect("missing_key")
        if keys[-1] != self.key:
            return _redirect("invalid_key")
        if not path.startswith(PREFIX) or path[len(PREFIX) :] not in VARIABLES:
            return 404, {"Content-Type": "text/plain"}, b"error: unknown dataset"
        endpoint = path[len(PREFIX) :]
        gets = [v for k, v in params if k == "get"]
        if len(gets) != 1:
            return 400, {"Content-Type": "text/plain"}, b"error: missing 'get' parameter"
        get = gets[0].split(",")
        for name in get:
            if name not in VARIABLES[endpoint]:
                return (
                    400,
                    {"Content-Type": "text/plain"},
                    f"error: unknown variable '{name}'".encode(),
                )
        predicates = [(k, v) for k, v in params if k not in ("get", "key")]
        times = [v for k, v in predicates if k == "time"]
        if len(times) != 1:
            return 400, {"Content-Type": "text/plain"}, b"error: time is required"
        months = _months(times[0])
        if months is None:
            return 400, {"Content-Type": "text/plain"}, b"error: invalid 'time' value"
        rows = list(self._rows(endpoint, get, predicates, months))
        if not rows:
            return 204, {}, b""
        pred_names = [k for k, _ in dict.fromkeys(predicates)]
        header = get + list(dict.fromkeys(pred_names))
        table = [header] + [[row.get(name, "") for name in header] for row in rows]
        body = json.dumps(table).replace("],", "],\n").encode()
        return 200, {"Content-Type": "application/json;charset=utf-8"}, body

    def _rows(
        self,
        endpoint: str,
        get: list[str],
        predicates: list[tuple[str, str]],
        months: list[str],
    ) -> Iterator[dict[str, str]]:
        direction, dataset = endpoint.split("/")
        flow = "E" if direction == "exports" else "I"
        value_vars = [g for g in get if g.endswith(("_VAL_MO", "_VAL_YR"))]
        ctys = [v for k, v in predicates if k == "CTY_CODE"] or (
            ["-", *self.data.country_codes()] if "CTY_CODE" in get else ["-"]
        )
        code_var = ("E_" if flow == "E" else "I_") + ("COMMODITY" if dataset == "hs" else "ENDUSE")
        codes = [v for k, v in predicates if k == code_var]
        levels = [v for k, v in predicates if k == "COMM_LVL"]
        for when in months:
            year, month = int(when[:4]), int(when[5:])
            for cty in ctys:
                file_code = "0015" if cty == "-" else cty
                base = {"CTY_CODE": cty, "time": when}
                base["CTY_NAME"] = (
                    "TOTAL FOR ALL COUNTRIES" if cty == "-" else self.data.country_name(cty)
                )
                if dataset == "hs":
                    if codes or (code_var in get) or (levels and levels != ["-"]):
                        continue  # no HS-level rows in fixtures/: 204, as for a request without data
                    row = dict(base)
                    ok = True
                    for var in value_vars:
                        value = self.data.country_value(
                            flow, file_code, year, month, var.endswith("_YR")
                        )
                        if value is None:
                            ok = False
                        row[var] = str(value)
                    if ok:
                        yield row
                    continue
                # End-use: annual values only (the December year-to-date), from the end-use files.
                if month != 12 or any(v.endswith("_MO") for v in value_vars):
                    continue
                fivedigit = self.data.enduse_rows(flow, file_code, year)
                for code, level, value in _enduse_levels(fivedigit):
                    if levels and level not in levels:
                        continue
                    if codes and not any(_matches(code, c) for c in codes):
                        continue
                    row = dict(base)
                    row[code_var] = code
                    row["COMM_LVL"] = level
                    for var in value_vars:
                        row[var] = str(value)
                    yield row


def _enduse_levels(rows: list[tuple[str, int]]) -> Iterator[tuple[str, str, int]]:
    totals: dict[str, int] = {}
    for code, value in rows:
        totals[code[0]] = totals.get(code[0], 0) + value
    for digit, value in sorted(totals.items()):
        yield digit, "EU1", value
    for code, value in rows:
        yield code, "EU5", value


def _matches(code: str, wanted: str) -> bool:
    if wanted.endswith("*"):
        return code.startswith(wanted[:-1])
    return code == wanted  # a comma-joined value is one literal code: it matches nothing


def _months(text: str) -> list[str] | None:
    parts = text.split()
    try:
        if len(parts) == 1:
            return [_month(parts[0])]
        if len(parts) == 4 and parts[0] == "from" and parts[2] == "to":
            a, b = _month(parts[1]), _month(parts[3])
            out = []
            y, m = int(a[:4]), int(a[5:])
            while f"{y}-{m:02d}" <= b:
                out.append(f"{y}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            return out
    except ValueError:
        return None
    return None


def _month(text: str) -> str:
    year, month = text.split("-")
    if len(year) != 4 or not 1 <= int(month) <= 12:
        raise ValueError(text)
    return f"{int(year)}-{int(month):02d}"


def _redirect(page: str) -> tuple[int, dict[str, str], bytes]:
    headers = {
        "Location": f"https://api.census.gov/data/{page}.html",
        "X-DataWebAPI-KeyError": "1",
        "Content-Type": "text/html",
    }
    return 302, headers, b""


def _hostile(
    fault: str, status: int, headers: dict[str, str], body: bytes
) -> tuple[int, dict[str, str], bytes] | None:
    """Answers a broken or hostile server might give, made from the real answer."""
    as_json = {"Content-Type": "application/json"}
    if fault in ("repeat_row", "other_time", "other_partner", "superscript", "huge_value"):
        table = json.loads(body)
        header, rows = table[0], table[1:]
        value = next(i for i, h in enumerate(header) if h.endswith(("_VAL_YR", "_VAL_MO")))
        if fault == "repeat_row":
            rows.append(list(rows[-1]))
        for row in rows:
            if fault == "other_time":
                row[header.index("time")] = f"{int(row[header.index('time')][:4]) - 1}-12"
            if fault == "other_partner":
                row[header.index("CTY_CODE")] = "5700"
            if fault == "superscript":
                row[value] += "\u00b2"
            if fault == "huge_value":
                row[value] = "9" * 400
        return 200, as_json, json.dumps([header, *rows]).encode()
    if fault == "deep_json":
        return 200, as_json, b"[" * 100_000 + b"]" * 100_000
    if fault == "big_body":
        return 200, as_json, body + b" " * (17 * 1024 * 1024)
    if fault == "gzip_bomb":
        import gzip

        bomb = gzip.compress(body + b" " * (64 * 1024 * 1024), compresslevel=9)
        return 200, {**as_json, "Content-Encoding": "gzip"}, bomb
    if fault == "lt_json":
        return 200, as_json, b"<error>not data</error>"
    if fault == "drip_headers":
        return -2, {}, b""  # the handler drips the status line itself
    if fault == "escape_400":
        return 400, {"Content-Type": "text/plain"}, b"\x1b]8;;http://x\x07click\x1b]8;;\x07 \x1b[2J"
    return None


def make_handler(fake: FakeCensus) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            split = urlsplit(self.path)
            params = parse_qsl(split.query, keep_blank_values=True)
            with fake.lock:
                fake.requests.append(Seen(split.path, params, split.query))
            fault = fake.next_fault()
            status, headers, body = fake.answer(split.path, params)
            if fault is not None:
                status, headers, body = self._fault(fault, status, headers, body)
                if status == -2:
                    # One byte of the status line every 0.2 s, 6 s in all: httpx's per-read
                    # timeout never fires; only a bound on the whole request stops it.
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Type:":
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.2)
                    self.close_connection = True
                    return
                if status < 0:
                    return
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 204:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _fault(
            self, fault: str, status: int, headers: dict[str, str], body: bytes
        ) -> tuple[int, dict[str, str], bytes]:
            text = {"Content-Type": "text/plain"}
            if fault in ("missing_key", "invalid_key"):
                return _redirect(fault)
            if fault == "html":
                page = b"<html><head><title>Invalid Key</title></head><body>You included a key "
                page += b"with this request, however, it is not valid.</body></html>"
                return 200, {"Content-Type": "text/html"}, page
            if fault == "unknown_variable":
                return 400, text, b"error: unknown variable 'ALL_VAL_YR'"
            if fault == "429":
                return 429, text, b"Too Many Requests"
            if fault == "429-retry-after":
                return 429, {**text, "Retry-After": fake.retry_after}, b"Too Many Requests"
            if fault == "500":
                return 500, text, CENSUS_ERROR.encode()
            if fault == "timeout":
                time.sleep(fake.hang_seconds)
                return status, headers, body
            if fault == "not_json":
                return 200, {"Content-Type": "application/json"}, b'[["CTY_CODE","ALL_VA'
            if fault == "no_columns":
                bad = json.dumps([["CTY_CODE", "CTY_NAME", "time"], ["5800", "KOREA, SOUTH", "x"]])
                return 200, {"Content-Type": "application/json"}, bad.encode()
            if fault == "truncated":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body) + 1000))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return -1, {}, b""
            hostile = _hostile(fault, status, headers, body)
            if hostile is not None:
                return hostile
            raise AssertionError(f"unknown fault {fault!r}")

    return Handler


class _HTTPServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (after a truncated or slow answer it gave up on) is normal
        for a server: not a traceback on the stderr the CLI tests compare."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class Server:
    """The fake on a free port of 127.0.0.1, in a thread."""

    def __init__(self) -> None:
        self.fake = FakeCensus()
        self.httpd = _HTTPServer(("127.0.0.1", 0), make_handler(self.fake))
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.fake.url = f"http://{host}:{port}/data/timeseries/intltrade"
        # A short poll: shutdown() waits for the next poll, 0.5 s by default, in every test.
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> FakeCensus:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
