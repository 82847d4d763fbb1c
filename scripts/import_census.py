"""Build tradecheck's bundled Census data from the files in ../shared/data/census.

Reads every source file listed in SOURCES.md, checks it against SHA256SUMS, and writes
src/tradecheck/data/census.sqlite plus src/tradecheck/data/manifest.json. Run it again
whenever a source file is added; `tests/test_bundle_rebuild.py` checks the committed
output is exactly what this script produces.

Usage: python scripts/import_census.py [--source DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import openpyxl
from storekit import checked_sha256, finish_store, listed_sums, store_facts

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "census"
DEFAULT_OUT = ROOT / "src" / "tradecheck" / "data"
DB_NAME = "census.sqlite"
SCHEMA_VERSION = 2
T = TypeVar("T")

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

# What each country-file code starting with 0 is, as SOURCES.md lists it. A code starting
# with 0 that is not here stops the import: it would be a trap nobody has typed yet.
# kind: world | grouping | region  -> a partner total that can answer partner claims
#       not-a-partner             -> a claim on it is an input error naming `what`
ZERO_CODES: dict[str, tuple[str, str]] = {
    "0015": ("world", "the world total, not seasonally adjusted"),
    "0004": ("not-a-partner", "the seasonally adjusted world total (not the partner total 0015)"),
    "0003": ("grouping", "the European Union as Census defines it in each vintage"),
    "0001": ("grouping", "OPEC"),
    "0008": ("grouping", "NICS (newly industrialized countries)"),
    "0014": ("grouping", "the Pacific Rim"),
    "0017": ("grouping", "CAFTA-DR"),
    "0009": ("region", "a region (South and Central America)"),
    "0010": ("region", "a region (North America)"),
    "0012": ("region", "a region (Europe)"),
    "0013": ("region", "a region (Africa)"),
    "0016": ("region", "a region (Asia)"),
    "0018": ("region", "a region (Australia and Oceania)"),
    "0019": ("region", "a region (Sub-Saharan Africa)"),
    "0005": (
        "not-a-partner",
        "NAFTA with Mexico on a consumption basis (imports for consumption, exports 0), "
        "not the partner total",
    ),
    "0006": (
        "not-a-partner",
        "NAFTA with Canada on a consumption basis (imports for consumption, exports 0), "
        "not the partner total",
    ),
    "0021": (
        "not-a-partner",
        "USMCA with Mexico on a consumption basis (imports for consumption), not the partner total",
    ),
    "0022": (
        "not-a-partner",
        "USMCA with Canada on a consumption basis (imports for consumption), not the partner total",
    ),
    "0007": ("not-a-partner", "Advanced Technology Products, a product group, not a partner"),
}


@dataclass(frozen=True)
class SourceFile:
    path: Path
    kind: str  # country | enduse-exports | enduse-imports | schedule-c
    vintage: str
    units: str


def data_through(source: Path) -> dict[str, str]:
    """Vintage -> last month covered, from the country table of SOURCES.md."""
    text = (source / "SOURCES.md").read_text()
    rows = re.findall(r"^\| country-(\d{4}-\d{2})\.xlsx \| \S+ \| (\d{4}-\d{2}) \|", text, re.M)
    return dict(rows)


def discover(source: Path) -> list[SourceFile]:
    files: list[SourceFile] = []
    for path in sorted((source / "country").glob("country-*.xlsx")):
        vintage = path.stem.removeprefix("country-")
        files.append(SourceFile(path, "country", vintage, "millions of USD, 6 decimals"))
    for path in sorted((source / "enduse-exports").glob("enduse_exports-*.csv")):
        vintage = path.stem.removeprefix("enduse_exports-")
        files.append(SourceFile(path, "enduse-exports", vintage, "USD"))
    for path in sorted((source / "enduse-imports").glob("enduse_imports-*.xlsx")):
        vintage = path.stem.removeprefix("enduse_imports-")
        files.append(SourceFile(path, "enduse-imports", vintage, "USD"))
    for path in sorted((source / "schedule-c").glob("schedule-c-*.txt")):
        vintage = path.stem.removeprefix("schedule-c-")
        files.append(SourceFile(path, "schedule-c", vintage, "none (code list)"))
    return files


def millions_to_dollars(cell: object) -> int:
    """A country-file cell in millions to whole dollars (floats read as their shortest repr)."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        raise ValueError(f"not a number: {cell!r}")
    return int((Decimal(repr(cell)) * 1_000_000).to_integral_value())


def xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, tuple[object, ...]]]:
    """(1-based spreadsheet row number, values) until the first empty row."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    ws = book[sheet] if sheet else book.worksheets[0]
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if all(v is None for v in values):
            break
        yield number, values
    book.close()


def create_schema(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- `bit` names the vintage in the `vintages` bitmasks below: 1 << bit.
        CREATE TABLE vintages (
            dataset TEXT NOT NULL, name TEXT NOT NULL, file TEXT NOT NULL,
            first_year INTEGER, last_year INTEGER, last_month TEXT, bit INTEGER NOT NULL UNIQUE,
            PRIMARY KEY (dataset, name)
        );
        CREATE TABLE partners (
            code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, what TEXT,
            iso TEXT, schedule_c_name TEXT, first_year INTEGER, last_year INTEGER
        );
        CREATE TABLE partner_names (
            code TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL,
            PRIMARY KEY (code, name, source)
        ) WITHOUT ROWID;
        -- Each distinct row of values of (partner, flow, year) once, with the set of vintages
        -- whose file holds exactly that row (`vintages`, a bitmask). m1..m12 and yr are whole
        -- dollars; NULL means not published in those vintages (never zero); yr is NULL for a
        -- year a vintage holds only partly (its file's YR column is year-to-date there).
        CREATE TABLE country (
            partner TEXT NOT NULL, flow TEXT NOT NULL, year INTEGER NOT NULL,
            vintages INTEGER NOT NULL,
            m1 INTEGER, m2 INTEGER, m3 INTEGER, m4 INTEGER, m5 INTEGER, m6 INTEGER,
            m7 INTEGER, m8 INTEGER, m9 INTEGER, m10 INTEGER, m11 INTEGER, m12 INTEGER,
            yr INTEGER,
            PRIMARY KEY (partner, flow, year, vintages)
        ) WITHOUT ROWID;
        -- Where each vintage's file holds a partner (both flows share a row): the years
        -- first_year..last_year are the spreadsheet rows first_row, first_row + 1, ...
        CREATE TABLE country_rows (
            partner TEXT NOT NULL, vintage TEXT NOT NULL, first_year INTEGER NOT NULL,
            last_year INTEGER NOT NULL, first_row INTEGER NOT NULL,
            PRIMARY KEY (partner, vintage, first_year)
        ) WITHOUT ROWID;
        -- Annual end-use values, whole dollars, per 5-digit code: `vals` holds the values of
        -- first_year, first_year + 1, ... (separated by commas) that the vintages in the
        -- bitmask `vintages` all published; each value is stored once.
        CREATE TABLE enduse (
            partner TEXT NOT NULL, flow TEXT NOT NULL, code TEXT NOT NULL,
            vintages INTEGER NOT NULL, first_year INTEGER NOT NULL, vals TEXT NOT NULL,
            PRIMARY KEY (partner, flow, code, vintages, first_year)
        ) WITHOUT ROWID;
        -- Where each vintage's file holds a partner's end-use codes: `codes` (separated by
        -- commas) are the spreadsheet rows first_row, first_row + 1, ...
        CREATE TABLE enduse_rows (
            partner TEXT NOT NULL, flow TEXT NOT NULL, vintage TEXT NOT NULL,
            first_row INTEGER NOT NULL, codes TEXT NOT NULL,
            PRIMARY KEY (partner, flow, vintage, first_row)
        ) WITHOUT ROWID;
        CREATE TABLE enduse_codes (
            flow TEXT NOT NULL, code TEXT NOT NULL, description TEXT NOT NULL,
            PRIMARY KEY (flow, code)
        ) WITHOUT ROWID;
        """
    )


def runs(items: list[T], key: Callable[[T], tuple[int, object]]) -> list[list[T]]:
    """`items`, in their order, cut into runs in which the number of `key` steps by 1 and
    its tag stays the same (a partner's years and rows step together: tag = row - year)."""
    out: list[list[T]] = []
    for item in items:
        number, tag = key(item)
        if out:
            last, last_tag = key(out[-1][-1])
            if number == last + 1 and tag == last_tag:
                out[-1].append(item)
                continue
        out.append([item])
    return out


class Store:
    """Rows read from every file, kept until all are read so that each is stored once."""

    def __init__(self) -> None:
        self.bits: dict[str, int] = {}  # "dataset vintage" -> bit
        # (partner, flow, year) -> {values: vintage bits}
        self.country: dict[tuple[str, str, int], dict[tuple[int | None, ...], int]] = {}
        self.country_src: dict[tuple[str, str], list[tuple[int, int]]] = {}
        # (partner, flow, code) -> {(year, value): vintage bits}
        self.enduse: dict[tuple[str, str, str], dict[tuple[int, int], int]] = {}
        self.enduse_src: dict[tuple[str, str, str], list[tuple[str, int]]] = {}
        self.published = {"country": 0, "enduse": 0}

    def index(self, dataset: str, vintage: str) -> int:
        """The vintage's bit number, given in the order vintages are first read."""
        return self.bits.setdefault(f"{dataset} {vintage}", len(self.bits))

    def bit(self, dataset: str, vintage: str) -> int:
        return 1 << self.index(dataset, vintage)

    def add_country(
        self, vintage: str, partner: str, flow: str, year: int, values: tuple[int | None, ...]
    ) -> None:
        versions = self.country.setdefault((partner, flow, year), {})
        versions[values] = versions.get(values, 0) | self.bit("country", vintage)
        self.published["country"] += 1

    def add_enduse(
        self,
        dataset: str,
        vintage: str,
        partner: str,
        flow: str,
        code: str,
        by_year: list[tuple[int, int]],
    ) -> None:
        bit = self.bit(dataset, vintage)
        versions = self.enduse.setdefault((partner, flow, code), {})
        for year_value in by_year:
            versions[year_value] = versions.get(year_value, 0) | bit
        self.published["enduse"] += len(by_year)

    def write(self, db: sqlite3.Connection) -> dict[str, int]:
        for (partner, flow, year), versions in sorted(self.country.items()):
            for values, bits in sorted(versions.items(), key=lambda kv: kv[1]):
                db.execute(
                    "INSERT INTO country VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (partner, flow, year, bits, *values),
                )
        for (partner, vintage), rows in sorted(self.country_src.items()):
            for run in runs(sorted(rows), lambda yr: (yr[0], yr[1] - yr[0])):
                db.execute(
                    "INSERT INTO country_rows VALUES (?,?,?,?,?)",
                    (partner, vintage, run[0][0], run[-1][0], run[0][1]),
                )
        segments = 0
        for (partner, flow, code), versions in sorted(self.enduse.items()):
            by_bits: dict[int, list[tuple[int, int]]] = {}
            for (year, value), bits in versions.items():
                by_bits.setdefault(bits, []).append((year, value))
            for bits, year_values in sorted(by_bits.items()):
                for run in runs(sorted(year_values), lambda yv: (yv[0], None)):
                    db.execute(
                        "INSERT INTO enduse VALUES (?,?,?,?,?,?)",
                        (partner, flow, code, bits, run[0][0], ",".join(str(v) for _, v in run)),
                    )
                    segments += 1
        for (partner, flow, vintage), codes in sorted(self.enduse_src.items()):
            for run in runs(sorted(codes, key=lambda c: c[1]), lambda c: (c[1], None)):
                db.execute(
                    "INSERT INTO enduse_rows VALUES (?,?,?,?,?)",
                    (partner, flow, vintage, run[0][1], ",".join(c for c, _ in run)),
                )
        return {
            "country_rows_published": self.published["country"],
            "country_rows_stored": sum(len(v) for v in self.country.values()),
            "enduse_values_published": self.published["enduse"],
            "enduse_values_stored": sum(len(v) for v in self.enduse.values()),
            "enduse_segments_stored": segments,
        }


def import_country(
    db: sqlite3.Connection,
    store: Store,
    src: SourceFile,
    through: str,
    names: dict[str, dict[str, str]],
) -> dict[str, object]:
    rows = list(xlsx_rows(src.path, None))
    header = [str(v) for v in rows[0][1]]
    expected = ["year", "CTY_CODE", "CTYNAME"]
    expected += [f"I{m}" for m in MONTHS] + ["IYR"] + [f"E{m}" for m in MONTHS] + ["EYR"]
    if header != expected:
        sys.exit(f"import_census: {src.path.name}: unexpected header {header}")
    through_year, through_month = (int(p) for p in through.split("-"))
    skipped = 0
    kept = 0
    years: set[int] = set()
    for number, values in rows[1:]:
        year_text, code, name = values[0], values[1], values[2]
        if year_text in (None, ""):
            if any(v not in (0, None) for v in values[3:]):
                sys.exit(f"import_census: {src.path.name} row {number}: no year but values")
            skipped += 1
            continue
        if not isinstance(code, str) or not re.fullmatch(r"\d{4}", code):
            sys.exit(f"import_census: {src.path.name} row {number}: bad code {code!r}")
        if code.startswith("0") and code not in ZERO_CODES:
            sys.exit(f"import_census: {src.path.name} row {number}: unknown code {code}")
        year = int(str(year_text))
        years.add(year)
        names.setdefault(code, {})[src.vintage] = str(name)
        for flow, offset in (("I", 3), ("E", 16)):
            months: list[int | None] = [
                millions_to_dollars(v) for v in values[offset : offset + 12]
            ]
            annual: int | None = millions_to_dollars(values[offset + 12])
            if year == through_year:
                for i in range(through_month, 12):
                    if months[i] != 0:
                        sys.exit(
                            f"import_census: {src.path.name} row {number}: month {i + 1} "
                            f"after {through} is not 0"
                        )
                    months[i] = None
                if through_month != 12:
                    annual = None
            elif year > through_year:
                sys.exit(f"import_census: {src.path.name} row {number}: year after {through}")
            store.add_country(src.vintage, code, flow, year, (*months, annual))
        store.country_src.setdefault((code, src.vintage), []).append((year, number))
        kept += 1
    db.execute(
        "INSERT INTO vintages VALUES (?,?,?,?,?,?,?)",
        (
            "country",
            src.vintage,
            src.path.name,
            min(years),
            max(years),
            through,
            store.index("country", src.vintage),
        ),
    )
    return {
        "rows": kept,
        "rows_skipped": skipped,
        "skipped_why": "rows with an empty year and all-zero values (a file artefact)",
        "first_year": min(years),
        "last_year": max(years),
        "last_month": through,
        "partial_year": through_year if through_month != 12 else None,
    }


def import_enduse(db: sqlite3.Connection, store: Store, src: SourceFile) -> dict[str, object]:
    flow = "E" if src.kind == "enduse-exports" else "I"
    if src.path.suffix == ".csv":
        with src.path.open(newline="", encoding="utf-8") as handle:
            table = [(n, tuple(r)) for n, r in enumerate(csv.reader(handle), start=1)]
    else:
        table = [(n, tuple(r)) for n, r in xlsx_rows(src.path, "EnduseImp")]
    header = [str(v) for v in table[0][1]]
    year_cols = [
        (i, 2000 + int(h.removeprefix("value_")))
        for i, h in enumerate(header)
        if re.fullmatch(r"value_\d\d", h)
    ]
    if [y for _, y in year_cols] != list(range(year_cols[0][1], year_cols[-1][1] + 1)):
        sys.exit(f"import_census: {src.path.name}: year columns not consecutive: {header}")
    if header[:4] != ["CTY_CODE", "CTY_DESC", "END_USE", "COMM_DESC"] or not year_cols:
        sys.exit(f"import_census: {src.path.name}: unexpected header {header}")
    count = 0
    for number, values in table[1:]:
        code, desc, end_use, comm = (str(v) for v in values[:4])
        if not re.fullmatch(r"\d{4}", code) or not re.fullmatch(r"\d{5}", end_use):
            sys.exit(f"import_census: {src.path.name} row {number}: bad codes {values[:4]}")
        db.execute("INSERT OR IGNORE INTO enduse_codes VALUES (?,?,?)", (flow, end_use, comm))
        db.execute(
            "INSERT OR IGNORE INTO partner_names VALUES (?,?,?)", (code, desc, src.path.name)
        )
        vals: list[tuple[int, int]] = []
        for i, year in year_cols:
            cell = values[i]
            value = int(cell) if isinstance(cell, str) and cell.isdigit() else cell
            if not isinstance(value, int) or isinstance(value, bool):
                sys.exit(f"import_census: {src.path.name} row {number}: bad value {cell!r}")
            vals.append((year, value))
        store.add_enduse(src.kind, src.vintage, code, flow, end_use, vals)
        store.enduse_src.setdefault((code, flow, src.vintage), []).append((end_use, number))
        count += 1
    first, last = min(y for _, y in year_cols), max(y for _, y in year_cols)
    db.execute(
        "INSERT INTO vintages VALUES (?,?,?,?,?,?,?)",
        (
            src.kind,
            src.vintage,
            src.path.name,
            first,
            last,
            f"{last}-12",
            store.index(src.kind, src.vintage),
        ),
    )
    return {
        "rows": count,
        "columns_used": header[:4] + [header[i] for i, _ in year_cols],
        "first_year": first,
        "last_year": last,
        "last_month": f"{last}-12",
        "world_code": "0000",
    }


def read_schedule_c(src: SourceFile) -> dict[str, tuple[str, str]]:
    entries: dict[str, tuple[str, str]] = {}
    for line in src.path.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(\d{4})\s+\|\s+(.*?)\s*\|\s*([A-Z]{2})\s*", line)
        if match is None:
            # The one row whose name column overran its width: "...(formerly Za|rCD".
            match = re.fullmatch(r"(\d{4})\s+\|\s+(.*?)\|[a-z]*([A-Z]{2})\s*", line)
        if match:
            code, name, iso = match.groups()
            entries[code] = (name.strip(), iso)
    return entries


def build(source: Path, out: Path) -> dict[str, object]:
    listed = listed_sums(source)
    sums = {n: checked_sha256(source / n, n, listed, "import_census") for n in listed}
    through = data_through(source)
    files = discover(source)
    out.mkdir(parents=True, exist_ok=True)
    target = out / DB_NAME
    partial = target.with_suffix(".sqlite.partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    create_schema(db)
    names: dict[str, dict[str, str]] = {}
    store = Store()
    manifest_files: list[dict[str, object]] = []
    schedule_c: dict[str, tuple[str, str]] = {}
    for src in files:
        rel = src.path.relative_to(source).as_posix()
        print(f"import_census: reading {rel}", file=sys.stderr)
        entry: dict[str, object] = {
            "file": rel,
            "sha256": sums[rel],
            "dataset": src.kind,
            "vintage": src.vintage,
            "units": src.units,
        }
        if src.kind == "country":
            entry |= import_country(db, store, src, through[src.vintage], names)
        elif src.kind == "schedule-c":
            schedule_c = read_schedule_c(src)
            entry |= {"rows": len(schedule_c), "last_month": None}
        else:
            entry |= import_enduse(db, store, src)
        manifest_files.append(entry)
    stored = store.write(db)

    years = {
        code: (lo, hi)
        for code, lo, hi in db.execute(
            "SELECT partner, min(year), max(year) FROM country GROUP BY partner"
        )
    }
    newest_first = sorted({v for by in names.values() for v in by}, reverse=True)
    for code in sorted(set(names) | set(schedule_c)):
        by_vintage = names.get(code, {})
        name = next((by_vintage[v] for v in newest_first if v in by_vintage), None)
        sc_name, iso = schedule_c.get(code, (None, None))
        kind, what = ZERO_CODES.get(code, ("country", None))
        lo, hi = years.get(code, (None, None))
        db.execute(
            "INSERT INTO partners VALUES (?,?,?,?,?,?,?,?)",
            (code, name or sc_name, kind, what, iso, sc_name, lo, hi),
        )
        for vintage, vname in by_vintage.items():
            db.execute(
                "INSERT OR IGNORE INTO partner_names VALUES (?,?,?)",
                (code, vname, f"country-{vintage}.xlsx"),
            )
        if sc_name:
            db.execute(
                "INSERT OR IGNORE INTO partner_names VALUES (?,?,?)", (code, sc_name, "schedule-c")
            )
    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    finish_store(db, partial, target)
    manifest: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        **store_facts(target),
        "files": manifest_files,
        "store": stored,
        "notes": [
            "Each distinct row of values (country) or value (end-use) is stored once, with the "
            "set of vintages that published it; a vintage's spreadsheet rows are kept apart.",
            "Values are whole U.S. dollars: country-file cells (millions, 6 decimals) are "
            "converted exactly; end-use cells are already whole dollars.",
            "NULL = not published in that vintage. A vintage's last year is year-to-date: "
            "its annual total is not held.",
            "Balance and total trade are derived at look-up, never stored.",
        ],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not (args.source / "SOURCES.md").is_file():
        sys.exit(f"import_census: no SOURCES.md in {args.source}")
    manifest = build(args.source, args.out)
    print(f"import_census: wrote {args.out / DB_NAME} ({len(manifest['files'])} files)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
