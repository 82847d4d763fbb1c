"""Build tradecheck's BEA trade-by-partner store from ../shared/data/bea.

Reads trad-geo-time-series-0125.xlsx ("U.S. Trade in Goods and Services by Selected
Countries and Areas, 1999-present"), Tables 1-9: exports (1), imports (2), balance (3) of goods
and services; goods on the BOP basis (4, 5, 6); services (7, 8, 9); each with an `Annual`
block (one row per year from 1999) and a `Quarterly` block (seasonally adjusted, labelled
`1999 1 `, `2024 3 (R)`). Checks the file against SHA256SUMS, and writes
src/tradecheck/data/bea-geo.sqlite and bea-geo-manifest.json. tests/test_bea_geo.py checks the
committed output is what this script makes.

Values are stored in whole dollars (the file's millions x 1,000,000). `n.a.` ("not available")
and `(*)` ("transactions between zero and +/- $500,000") are stored as NULL with that mark,
never as zero. Each distinct value of (table, partner, period) is stored once with the bitmask
of the vintages that published it, as scripts/import_census.py does, so that a later vintage
adds only what it revised.

Usage: python scripts/import_bea_geo.py [--source DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from storekit import checked_sha256, finish_store, listed_sums, store_facts

from tradecheck.series.bea_partners import CENSUS_CODE, NO_COUNTERPART

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "bea"
DEFAULT_OUT = ROOT / "src" / "tradecheck" / "data"
DB_NAME = "bea-geo.sqlite"
MANIFEST_NAME = "bea-geo-manifest.json"
FILES = ("trad-geo-time-series-0125.xlsx",)
SCHEMA_VERSION = 1
HEADER_ROW = 6

# Table number -> (row 3's title, coverage, measure).
TABLES = {
    1: ("Exports of Goods and Services", "goods-and-services", "exports"),
    2: ("Imports of Goods and Services", "goods-and-services", "imports"),
    3: ("Balance on Goods and Services", "goods-and-services", "balance"),
    4: ("Exports of Goods", "goods", "exports"),
    5: ("Imports of Goods", "goods", "imports"),
    6: ("Balance on Goods", "goods", "balance"),
    7: ("Exports of Services", "services", "exports"),
    8: ("Imports of Services", "services", "imports"),
    9: ("Balance on Services", "services", "balance"),
}
UNITS = "[Millions of dollars, quarters seasonally adjusted]"
# Cell texts that stand for a value BEA does not publish as a number.
MARKS = {"n.a.": "not available", "(*)": "transactions between zero and +/- $500,000"}
QUARTER = re.compile(r"(\d{4}) ([1-4]) *(\(R\))? *")


def fail(message: str) -> None:
    sys.exit(f"import_bea_geo: {message}")


def last_updated(text: object) -> str:
    """'Last updated March 6, 2025' -> '2025-03-06'."""
    match = re.fullmatch(r"Last updated (\w+ \d{1,2}, \d{4})\s*", str(text))
    if match is None:
        fail(f"Readme row 1 is not 'Last updated <date>': {text!r}")
        raise AssertionError  # unreachable
    return datetime.strptime(match[1], "%B %d, %Y").date().isoformat()


def create_schema(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- `bit` names the vintage in the `vals.vintages` bitmasks: 1 << bit.
        CREATE TABLE vintages (
            name TEXT PRIMARY KEY, published TEXT NOT NULL, file TEXT NOT NULL,
            sha256 TEXT NOT NULL, data_through TEXT NOT NULL, bit INTEGER NOT NULL UNIQUE
        );
        CREATE TABLE tables (
            tbl INTEGER PRIMARY KEY, sheet TEXT NOT NULL, title TEXT NOT NULL,
            coverage TEXT NOT NULL, measure TEXT NOT NULL
        );
        -- Where a vintage's sheet holds a partner (its column) and a period (its row, and the
        -- row label as printed, e.g. '2024 3 (R)').
        CREATE TABLE columns (
            vintage TEXT NOT NULL, tbl INTEGER NOT NULL, partner TEXT NOT NULL,
            col TEXT NOT NULL, PRIMARY KEY (vintage, tbl, partner)
        ) WITHOUT ROWID;
        CREATE TABLE periods (
            vintage TEXT NOT NULL, tbl INTEGER NOT NULL, period TEXT NOT NULL,
            row INTEGER NOT NULL, label TEXT NOT NULL, PRIMARY KEY (vintage, tbl, period)
        ) WITHOUT ROWID;
        -- Each distinct value of (table, partner, period) once, with the vintages that
        -- published it. period: '2016' (annual) or '2016Q3' (quarter, seasonally adjusted).
        -- value: whole dollars; NULL = not published as a number, `mark` says how the cell
        -- reads ('n.a.', '(*)'). partner: BEA's header text (series/bea_partners.py maps it).
        CREATE TABLE vals (
            tbl INTEGER NOT NULL, partner TEXT NOT NULL, period TEXT NOT NULL,
            vintages INTEGER NOT NULL, value INTEGER, mark TEXT,
            PRIMARY KEY (tbl, partner, period, vintages)
        ) WITHOUT ROWID;
        """
    )


def read_table(
    sheet: str, rows: list[tuple[object, ...]], number: int
) -> tuple[dict[str, str], list[tuple[str, int, str]], dict[tuple[str, str], object]]:
    """(partner -> column letter, [(period, row, label)], {(partner, period): cell value})."""
    title = TABLES[number][0]
    if str(rows[2][0]).strip() != title or str(rows[3][0]).strip() != UNITS:
        fail(f"{sheet}: rows 3-4 are {rows[2][0]!r}, {rows[3][0]!r}, not {title!r}, {UNITS!r}")
    header = rows[HEADER_ROW - 1]
    if header[0] != "Period":
        fail(f"{sheet}: A{HEADER_ROW} is {header[0]!r}, not 'Period'")
    columns: dict[str, int] = {}
    for index, name in enumerate(header[1:], start=1):
        if name is None:
            break
        if not isinstance(name, str) or (name not in CENSUS_CODE and name not in NO_COUNTERPART):
            fail(f"{sheet}: partner {name!r} is in neither table of series/bea_partners.py")
        columns[str(name)] = index
    periods: list[tuple[str, int, str]] = []
    values: dict[tuple[str, str], object] = {}
    block = None
    for number_1, row in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
        label = row[0]
        if label in ("Annual", "Quarterly"):
            if any(v is not None for v in row[1:]):
                fail(f"{sheet} row {number_1}: the {label} heading row has values")
            block = label
            continue
        if label is None:
            break  # the blank row before the footnotes
        if block == "Annual" and isinstance(label, int):
            period = str(label)
        elif block == "Quarterly" and isinstance(label, str) and QUARTER.fullmatch(label):
            match = QUARTER.fullmatch(label)
            assert match is not None
            period = f"{match[1]}Q{match[2]}"
        else:
            fail(f"{sheet} row {number_1}: unexpected row label {label!r} in block {block}")
        periods.append((period, number_1, str(label)))
        for name, index in columns.items():
            values[(name, period)] = row[index]
    years = [int(p) for p, _, _ in periods if "Q" not in p]
    quarters = [p for p, _, _ in periods if "Q" in p]
    if years != list(range(years[0], years[-1] + 1)):
        fail(f"{sheet}: annual rows are not consecutive years")
    expected = [f"{y}Q{q}" for y in range(years[0], years[-1] + 1) for q in range(1, 5)]
    if quarters != expected:
        fail(f"{sheet}: quarterly rows are not {expected[0]}..{expected[-1]}")
    return {n: get_column_letter(i + 1) for n, i in columns.items()}, periods, values


def to_dollars(sheet: str, where: str, cell: object) -> tuple[int | None, str | None]:
    if isinstance(cell, str) and cell.strip() in MARKS:
        return None, cell.strip()
    if isinstance(cell, bool) or not isinstance(cell, int):
        fail(f"{sheet} {where}: not a whole number of millions or a known mark: {cell!r}")
        raise AssertionError  # unreachable
    return cell * 1_000_000, None


def build(source: Path, out: Path) -> dict[str, object]:
    listed = listed_sums(source)
    sums = {n: checked_sha256(source / n, n, listed, "import_bea_geo") for n in FILES}
    out.mkdir(parents=True, exist_ok=True)
    target = out / DB_NAME
    partial = target.with_suffix(".sqlite.partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    create_schema(db)
    for number, (title, coverage, measure) in TABLES.items():
        db.execute(
            "INSERT INTO tables VALUES (?,?,?,?,?)",
            (number, f"Table {number}", title, coverage, measure),
        )
    # (table, partner, period) -> {(value, mark): vintage bits}
    store: dict[tuple[int, str, str], dict[tuple[int | None, str | None], int]] = {}
    published = 0
    marks: dict[str, int] = {}
    files: list[dict[str, object]] = []
    for bit, name in enumerate(FILES):
        print(f"import_bea_geo: reading {name}", file=sys.stderr)
        book = openpyxl.load_workbook(source / name, read_only=True, data_only=False)
        vintage = last_updated(next(book["Readme"].iter_rows(values_only=True))[0])
        through = ""
        first_year = 0
        for number in TABLES:
            sheet = f"Table {number}"
            rows = list(book[sheet].iter_rows(values_only=True))
            if last_updated(rows[0][0]) != vintage:
                fail(f"{sheet}: A1 {rows[0][0]!r} differs from the Readme's")
            columns, periods, values = read_table(sheet, rows, number)
            for partner, col in columns.items():
                db.execute("INSERT INTO columns VALUES (?,?,?,?)", (vintage, number, partner, col))
            for period, row, label in periods:
                db.execute(
                    "INSERT INTO periods VALUES (?,?,?,?,?)", (vintage, number, period, row, label)
                )
            for (partner, period), cell in values.items():
                row = next(r for p, r, _ in periods if p == period)
                value, mark = to_dollars(sheet, f"{columns[partner]}{row}", cell)
                versions = store.setdefault((number, partner, period), {})
                versions[(value, mark)] = versions.get((value, mark), 0) | 1 << bit
                published += 1
                if mark:
                    marks[mark] = marks.get(mark, 0) + 1
            last = periods[-1][0]
            table_through = f"{last[:4]}-{last[4:]}"
            if through and table_through != through:
                fail(f"{sheet}: ends with {table_through}, the other tables with {through}")
            through, first_year = table_through, int(periods[0][0])
        book.close()
        db.execute(
            "INSERT INTO vintages VALUES (?,?,?,?,?,?)",
            (vintage, vintage, name, sums[name], through, bit),
        )
        files.append(
            {
                "file": name,
                "sha256": sums[name],
                "vintage": vintage,
                "published": vintage,
                "published_from": "row 1 of the Readme sheet ('Last updated ...')",
                "data_through": through,
                "first_year": first_year,
                "tables": len(TABLES),
                "units": "millions of USD (whole), stored as whole USD",
            }
        )
    for (number, partner, period), versions in sorted(store.items()):
        for (value, mark), bits in sorted(versions.items(), key=lambda kv: kv[1]):
            db.execute(
                "INSERT INTO vals VALUES (?,?,?,?,?,?)",
                (number, partner, period, bits, value, mark),
            )
    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    finish_store(db, partial, target)
    manifest: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "dataset": "bea-geo",
        **store_facts(target),
        "files": files,
        "store": {
            "values_published": published,
            "values_stored": sum(len(v) for v in store.values()),
            "not_published": dict(sorted(marks.items())),
        },
        "notes": [
            "Values are whole U.S. dollars: the file's whole millions x 1,000,000.",
            "NULL = not published as a number; `mark` keeps the cell's text: 'n.a.' "
            "(not available) or '(*)' (transactions between zero and +/- $500,000).",
            "Annual rows are calendar-year totals, not seasonally adjusted; quarterly rows "
            "are seasonally adjusted (the tables' heading: 'quarters seasonally adjusted').",
            "Each distinct value is stored once with the bitmask of the vintages that "
            "published it.",
        ],
    }
    (out / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not (args.source / "SOURCES.md").is_file():
        fail(f"no SOURCES.md in {args.source}")
    manifest = build(args.source, args.out)
    print(f"import_bea_geo: wrote {args.out / DB_NAME} ({manifest['store']})")


if __name__ == "__main__":
    main()
