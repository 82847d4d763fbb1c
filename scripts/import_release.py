"""Build tradecheck's store of the monthly release's world series from ../shared/data.

Two series families, each a set of vintages of one series:

- `bea-world`: world trade in goods and services, goods (BOP basis) and services, seasonally
  adjusted months and annual totals: BEA's `bea/trad-time-series-0225.xlsx` and `-0325.xlsx`
  (sheet `Table 1`: the `Annual` block from 1960, the `Monthly` block from 1992) and the
  FT-900's Exhibit 1, `census/ft900/exh1-*.xlsx` (five releases). BEA and the FT-900 publish
  this series together in the same monthly release, so all seven files are vintages of it.
- `ft900-goods-nsa`: world trade in goods, not seasonally adjusted, on the BOP and on the
  Census basis, months and annual totals: `census/ft900/exh12-*.xlsx` (two releases).

Vintage names: a BEA file by its Readme's "Last updated" day (YYYY-MM-DD, read from the file);
an FT-900 exhibit by its release month (YYYY-MM, from the file name). "Data through" comes from
the tables of each folder's SOURCES.md and is checked against the last month the file fills.

Rows read, and rows deliberately skipped:

- kept: the annual total (`Jan. - Dec.`, `Jan.- Dec.`, `Jan. - Dec. (R)`; BEA: the year alone in
  the `Annual` block) and the months (`January`, `February (R)`, `January (R) ` with a trailing
  space; BEA: `2025 Feb (R)`). `(R)` (revised) and surrounding spaces are not part of the label.
- skipped: year-to-date rows (`Jan. - Aug.`, `Jan. - May`, `Jan. -`, `Jan. - (R)`): a sum of the
  months the store already holds, and not a period a claim names; months not yet published
  (empty cells after "data through"; an empty cell on or before it stops the import).
- skipped: the "<Month> data as published last month:" row of every exhibit. It is one month of
  the previous release, a vintage the bundle does not otherwise hold (except for exh1-2026-03,
  whose previous release exh1-2026-02 is bundled): keeping it would add a vintage of a single
  month that `newest` would never choose and a pin would rarely reach. Where the previous
  release is bundled, the import checks that the row equals that release's month (it stops
  otherwise), so nothing published is lost.
- Exhibit 12's net adjustments are not stored: they are BOP basis minus Census basis, and the
  import checks that within rounding (1 million).

Values are millions of dollars in the files and stored as whole dollars (millions x 1,000,000),
so observations are in USD like the Census store's. Exports, imports and the published balance
are stored; the import checks balance = exports - imports within rounding. Each distinct value
of (family, coverage, basis, flow, period) is stored once, with a bitmask of the vintages whose
file holds it; each vintage's spreadsheet rows (and their labels) are kept apart, so provenance
names the cell of that vintage's file.

Writes src/tradecheck/data/release.sqlite and release-manifest.json; `tests/test_release.py`
rebuilds from ../shared and compares. Usage: python scripts/import_release.py [--shared DIR]
[--out DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import openpyxl
from storekit import checked_sha256, finish_store, listed_sums, store_facts

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "src" / "tradecheck" / "data"
DB_NAME = "release.sqlite"
MANIFEST_NAME = "release-manifest.json"
SCHEMA_VERSION = 1
MILLION = 1_000_000

WORLD = "bea-world"
GOODS_NSA = "ft900-goods-nsa"
BEA_AGENCY = "U.S. Bureau of Economic Analysis"
FT900_AGENCY = "U.S. Census Bureau and U.S. Bureau of Economic Analysis"

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_ABBR = [m[:3] for m in MONTH_NAMES]

# (coverage, basis, flow) of each column B..J. Coverage: goods-and-services | goods | services;
# basis: bop | census; flow: B (balance) | E | I. BEA's Table 1 and Exhibit 1 share the layout
# (header rows checked below).
TABLE1_COLUMNS = {
    "B": ("goods-and-services", "bop", "B"),
    "C": ("goods", "bop", "B"),
    "D": ("services", "bop", "B"),
    "E": ("goods-and-services", "bop", "E"),
    "F": ("goods", "bop", "E"),
    "G": ("services", "bop", "E"),
    "H": ("goods-and-services", "bop", "I"),
    "I": ("goods", "bop", "I"),
    "J": ("services", "bop", "I"),
}
TABLE1_HEADER = ["Total", "Goods 1", "Services"] * 3
EXH1_HEADER = ["Total", "Goods (1)", "Services"] * 3
# Exhibit 12: E and H (net adjustments) are checked, not stored.
EXH12_COLUMNS = {
    "B": ("goods", "bop", "B"),
    "C": ("goods", "census", "B"),
    "D": ("goods", "bop", "E"),
    "F": ("goods", "census", "E"),
    "G": ("goods", "bop", "I"),
    "I": ("goods", "census", "I"),
}
EXH12_HEADER = [
    "Total Balance of Payments Basis",
    "Total Census Basis",
    "Total Balance of Payments Basis",
    "Net Adjustments",
    "Total Census Basis",
    "Total Balance of Payments Basis",
    "Net Adjustments",
    "Total Census Basis",
]
LETTERS = "ABCDEFGHIJ"


def fail(message: str) -> NoReturn:
    sys.exit(f"import_release: {message}")


@dataclass(frozen=True)
class SourceFile:
    path: Path
    rel: str  # relative to ../shared/data
    family: str
    kind: str  # bea-ts | exh1 | exh12
    agency: str


@dataclass
class Read:
    """What one file holds: period -> (spreadsheet row, label as written, {column: millions})."""

    vintage: str
    published: str
    sheet: str
    data_through: str
    rows: dict[str, tuple[int, str, dict[str, int]]]
    last_month_row: tuple[str, dict[str, int]] | None = None  # "as published last month"
    ytd_skipped: int = 0
    empty_skipped: int = 0


def data_through(sources_md: Path, pattern: str) -> dict[str, str]:
    """File name -> "data through" month, from a SOURCES.md table."""
    text = sources_md.read_text(encoding="utf-8")
    return dict(re.findall(pattern, text, re.M))


def discover(shared: Path) -> list[SourceFile]:
    bea, ft900 = shared / "bea", shared / "census" / "ft900"
    files = [
        SourceFile(p, f"bea/{p.name}", WORLD, "bea-ts", BEA_AGENCY)
        for p in sorted(bea.glob("trad-time-series-*.xlsx"))
    ]
    files += [
        SourceFile(p, f"census/ft900/{p.name}", WORLD, "exh1", FT900_AGENCY)
        for p in sorted(ft900.glob("exh1-*.xlsx"))
    ]
    files += [
        SourceFile(p, f"census/ft900/{p.name}", GOODS_NSA, "exh12", FT900_AGENCY)
        for p in sorted(ft900.glob("exh12-*.xlsx"))
    ]
    return files


def sheet_rows(path: Path, sheet: str | None) -> tuple[str, list[tuple[int, list[object]]]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = book[sheet] if sheet else book.worksheets[0]
    rows = [
        (n, list(values) + [None] * (len(LETTERS) - len(values)))
        for n, values in enumerate(ws.iter_rows(values_only=True, max_col=len(LETTERS)), 1)
    ]
    title = ws.title
    book.close()
    return title, rows


def text(value: object) -> str:
    return "" if value is None else str(value)


def millions(value: object, where: str) -> int | None:
    """A cell in millions: an integer, or None for an empty (unpublished) cell."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        fail(f"{where}: not a whole number of millions: {value!r}")
    return int(value)


def clean_label(value: object) -> str:
    """A label without `(R)` and surrounding spaces, inner spaces collapsed."""
    return " ".join(text(value).replace("(R)", " ").split())


def read_values(
    cells: list[object], columns: dict[str, tuple[str, str, str]], where: str
) -> dict[str, int] | None:
    """The row's numbers by column; None when all are empty; stops on a partly empty row."""
    values = {c: millions(cells[LETTERS.index(c)], f"{where}{c}") for c in columns}
    if all(v is None for v in values.values()):
        return None
    if any(v is None for v in values.values()):
        fail(f"{where}: some cells are empty, others not")
    return {c: v for c, v in values.items() if v is not None}


def read_bea(src: SourceFile, through: str) -> Read:
    _, readme = sheet_rows(src.path, "Readme")
    match = re.fullmatch(r"Last updated (\w+ \d{1,2}, \d{4})", text(readme[0][1][0]).strip())
    if match is None:
        fail(f"{src.rel}: Readme A1 is not 'Last updated <date>': {readme[0][1][0]!r}")
    published = datetime.strptime(match[1], "%B %d, %Y").date().isoformat()
    sheet, rows = sheet_rows(src.path, "Table 1")
    header = [text(v).strip() for v in rows[7][1][1:10]]
    if header != TABLE1_HEADER or text(rows[6][1][0]) != "Period":
        fail(f"{src.rel}: unexpected Table 1 header {header}")
    read = Read(published, published, sheet, through, {})
    block = ""
    for number, cells in rows[8:]:
        raw = cells[0]
        label = clean_label(raw)
        where = f"{src.rel} {sheet}!"
        if label in ("Annual", "Monthly"):
            block = label
            continue
        if label == "" and all(c is None for c in cells):
            if block == "Monthly":
                break
            continue
        if block == "Annual" and re.fullmatch(r"\d{4}", label):
            period = label
        elif block == "Monthly" and (m := re.fullmatch(r"(\d{4}) (\w{3})", label)):
            if m[2] not in MONTH_ABBR:
                fail(f"{where}A{number}: unknown month {raw!r}")
            period = f"{m[1]}-{MONTH_ABBR.index(m[2]) + 1:02d}"
        else:
            fail(f"{where}A{number}: unexpected label {raw!r} in block {block!r}")
        values = read_values(cells, TABLE1_COLUMNS, f"{where}{number}:")
        if values is None:
            fail(f"{where}{number}: no values for {raw!r}")
        if period in read.rows:
            fail(f"{where}A{number}: {period} appears twice")
        read.rows[period] = (number, text(raw), values)
    return read


def read_exhibit(src: SourceFile, vintage: str, through: str) -> Read:
    exh1 = src.kind == "exh1"
    columns = TABLE1_COLUMNS if exh1 else EXH12_COLUMNS
    sheet, rows = sheet_rows(src.path, None)
    width = 10 if exh1 else 9
    header = [text(v).strip() for v in rows[5][1][1:width]]
    if header != (EXH1_HEADER if exh1 else EXH12_HEADER) or text(rows[4][1][0]) != "Period":
        fail(f"{src.rel}: unexpected header {header}")
    read = Read(vintage, vintage, sheet, through, {})
    year: str | None = None
    previous_month: str | None = None
    for index, (number, cells) in enumerate(rows[6:], start=6):
        raw = cells[0]
        label = clean_label(raw)
        where = f"{src.rel} {sheet}!"
        if re.fullmatch(r"\d{4}", label) and all(c in (None, "") for c in cells[1:]):
            year = label
            continue
        if m := re.fullmatch(r"(\w+) data as published last month:", label):
            if m[1] not in MONTH_NAMES:
                fail(f"{where}A{number}: unknown month in {raw!r}")
            values = read_values(rows[index + 1][1], columns, f"{where}{number + 1}:")
            if values is None:
                fail(f"{where}{number + 1}: 'as published last month' row is empty")
            read.last_month_row = (m[1], values)
            break  # the notes follow
        if year is None:
            fail(f"{where}A{number}: {raw!r} before any year row")
        if re.fullmatch(r"Jan\. ?- ?Dec\.", label):
            period = year
        elif re.fullmatch(r"Jan\. ?-( ?[A-Z][a-z]+\.?)?", label):
            read.ytd_skipped += 1  # year to date: skipped deliberately (see the docstring)
            continue
        elif label in MONTH_NAMES:
            period = f"{year}-{MONTH_NAMES.index(label) + 1:02d}"
        else:
            fail(f"{where}A{number}: unexpected label {raw!r}")
        values = read_values(cells, columns, f"{where}{number}:")
        if values is None:
            if len(period) == 4 or period <= through:
                fail(f"{where}{number}: {raw!r} is empty but the file's data run to {through}")
            read.empty_skipped += 1
            continue
        if period in read.rows:
            fail(f"{where}A{number}: {period} appears twice")
        read.rows[period] = (number, text(raw), values)
        if len(period) == 7:
            previous_month = period
    if read.last_month_row is None:
        fail(f"{src.rel}: no 'as published last month' row")
    if previous_month != through:
        fail(f"{src.rel}: last month filled is {previous_month}, SOURCES.md says {through}")
    if not exh1:
        for period, (number, _, v) in read.rows.items():
            for col, bop, adj, census in (("E", "D", "E", "F"), ("H", "G", "H", "I")):
                net = millions(rows[number - 1][1][LETTERS.index(adj)], f"{src.rel} {col}")
                if net is None or abs(v[bop] - v[census] - net) > 1:
                    fail(f"{src.rel} row {number}: BOP - Census != net adjustments ({period})")
    return read


def check_balance(src: SourceFile, read: Read, columns: dict[str, tuple[str, str, str]]) -> int:
    """The largest |balance - (exports - imports)| in millions; stops above 2 (rounding)."""
    by_series = {spec: col for col, spec in columns.items()}
    worst = 0
    for period, (number, _, values) in read.rows.items():
        for coverage, basis, flow in columns.values():
            if flow != "B":
                continue
            b = values[by_series[(coverage, basis, "B")]]
            e = values[by_series[(coverage, basis, "E")]]
            i = values[by_series[(coverage, basis, "I")]]
            worst = max(worst, abs(b - (e - i)))
            if abs(b - (e - i)) > 2:
                fail(f"{src.rel} row {number} ({period}): balance {b} != {e} - {i}")
    return worst


def create_schema(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- One vintage of a family; `bit` names it in the `vals` bitmasks (1 << bit).
        CREATE TABLE vintages (
            family TEXT NOT NULL, name TEXT NOT NULL, published TEXT NOT NULL,
            agency TEXT NOT NULL, file TEXT NOT NULL, sheet TEXT NOT NULL,
            data_through TEXT NOT NULL, bit INTEGER NOT NULL,
            PRIMARY KEY (family, name), UNIQUE (family, bit)
        ) WITHOUT ROWID;
        -- The column of each series in a vintage's sheet.
        CREATE TABLE columns (
            family TEXT NOT NULL, vintage TEXT NOT NULL, coverage TEXT NOT NULL,
            basis TEXT NOT NULL, flow TEXT NOT NULL, col TEXT NOT NULL,
            PRIMARY KEY (family, vintage, coverage, basis, flow)
        ) WITHOUT ROWID;
        -- Where a vintage's sheet holds a period (YYYY or YYYY-MM), and its label as written.
        CREATE TABLE rows (
            family TEXT NOT NULL, vintage TEXT NOT NULL, period TEXT NOT NULL,
            row INTEGER NOT NULL, label TEXT NOT NULL,
            PRIMARY KEY (family, vintage, period)
        ) WITHOUT ROWID;
        -- Each distinct value (whole dollars) once, with the vintages holding it (bitmask).
        -- flow: B (balance as published), E, I. A period a vintage does not hold has no row.
        CREATE TABLE vals (
            family TEXT NOT NULL, coverage TEXT NOT NULL, basis TEXT NOT NULL,
            flow TEXT NOT NULL, period TEXT NOT NULL, vintages INTEGER NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (family, coverage, basis, flow, period, vintages)
        ) WITHOUT ROWID;
        """
    )


def build(shared: Path, out: Path) -> dict[str, object]:
    listed = {f"bea/{k}": v for k, v in listed_sums(shared / "bea").items()}
    listed |= {f"census/{k}": v for k, v in listed_sums(shared / "census").items()}
    sums: dict[str, str] = {}
    through = data_through(
        shared / "bea" / "SOURCES.md", r"^\| (trad-time-series-\d{4}\.xlsx) \| [^|]+ \| (\S+) \|"
    )
    through |= data_through(
        shared / "census" / "SOURCES.md", r"^\| (exh1?2?-\d{4}-\d\d\.xlsx) \| [^|]+ \| (\S+) \|"
    )
    files = discover(shared)
    reads: list[tuple[SourceFile, Read]] = []
    for src in files:
        sums[src.rel] = checked_sha256(src.path, src.rel, listed, "import_release")
        if src.path.name not in through:
            fail(f"SOURCES.md gives no 'data through' for {src.rel}")
        print(f"import_release: reading {src.rel}", file=sys.stderr)
        if src.kind == "bea-ts":
            read = read_bea(src, through[src.path.name])
            last = max(p for p in read.rows if len(p) == 7)
            if last != read.data_through:
                fail(f"{src.rel}: last month {last}, SOURCES.md says {read.data_through}")
        else:
            vintage = re.sub(r"^exh1?2?-", "", src.path.stem)
            read = read_exhibit(src, vintage, through[src.path.name])
        reads.append((src, read))
    # Vintages in publication order within each family; bits in that order.
    reads.sort(key=lambda sr: (sr[0].family, sr[1].published))
    by_name = {(s.family, r.vintage): (s, r) for s, r in reads}
    for src, read in reads:
        if read.last_month_row is None or src.kind == "bea-ts":
            continue
        month_name, values = read.last_month_row
        # The previous release is bundled when its data run to the month before ours.
        for (family, _), (other_src, other) in by_name.items():
            if family != src.family or other.published >= read.published:
                continue
            _, month = (int(p) for p in other.data_through.split("-"))
            if MONTH_NAMES[month - 1] != month_name or other.data_through >= read.data_through:
                continue
            if other_src.kind != src.kind:
                continue
            if other.rows.get(other.data_through, (0, "", {}))[2] != values:
                fail(
                    f"{src.rel}: {month_name} 'as published last month' differs from "
                    f"{other_src.rel}"
                )
            print(
                f"import_release: {src.rel}: 'as published last month' = {other_src.rel}",
                file=sys.stderr,
            )
    out.mkdir(parents=True, exist_ok=True)
    target = out / DB_NAME
    partial = target.with_suffix(".sqlite.partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    create_schema(db)
    values_by_key: dict[tuple[str, str, str, str, str], dict[int, int]] = {}
    bits: dict[str, int] = {}
    vintages: list[dict[str, object]] = []
    published_count = 0
    for src, read in reads:
        bit = bits.setdefault(src.family, 0)
        bits[src.family] = bit + 1
        columns = TABLE1_COLUMNS if src.kind != "exh12" else EXH12_COLUMNS
        worst = check_balance(src, read, columns)
        db.execute(
            "INSERT INTO vintages VALUES (?,?,?,?,?,?,?,?)",
            (
                src.family,
                read.vintage,
                read.published,
                src.agency,
                src.rel,
                read.sheet,
                read.data_through,
                bit,
            ),
        )
        for col, (coverage, basis, flow) in columns.items():
            db.execute(
                "INSERT INTO columns VALUES (?,?,?,?,?,?)",
                (src.family, read.vintage, coverage, basis, flow, col),
            )
        for period, (number, label, values) in read.rows.items():
            db.execute(
                "INSERT INTO rows VALUES (?,?,?,?,?)",
                (src.family, read.vintage, period, number, label),
            )
            for col, (coverage, basis, flow) in columns.items():
                versions = values_by_key.setdefault((src.family, coverage, basis, flow, period), {})
                dollars = values[col] * MILLION
                versions[dollars] = versions.get(dollars, 0) | (1 << bit)
                published_count += 1
        annual = sorted(p for p in read.rows if len(p) == 4)
        monthly = sorted(p for p in read.rows if len(p) == 7)
        vintages.append(
            {
                "family": src.family,
                "name": read.vintage,
                "published": read.published,
                "agency": src.agency,
                "file": src.rel,
                "sha256": sums[src.rel],
                "sheet": read.sheet,
                "data_through": read.data_through,
                "years": [annual[0], annual[-1]] if annual else None,
                "months": [monthly[0], monthly[-1]],
                "rows": len(read.rows),
                "values": len(read.rows) * len(columns),
                "year_to_date_rows_skipped": read.ytd_skipped,
                "unpublished_month_rows_skipped": read.empty_skipped,
                "as_published_last_month_skipped": (
                    read.last_month_row[0] if read.last_month_row else None
                ),
                "largest_balance_rounding_difference_millions": worst,
            }
        )
    stored = 0
    for (family, coverage, basis, flow, period), versions in sorted(values_by_key.items()):
        for value, mask in sorted(versions.items(), key=lambda kv: kv[1]):
            db.execute(
                "INSERT INTO vals VALUES (?,?,?,?,?,?,?)",
                (family, coverage, basis, flow, period, mask, value),
            )
            stored += 1
    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    finish_store(db, partial, target)
    manifest: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        **store_facts(target),
        "inputs": {s.rel: sums[s.rel] for s, _ in sorted(reads, key=lambda sr: sr[0].rel)},
        "families": {
            WORLD: "world; goods and services, goods (BOP basis), services; seasonally "
            "adjusted months and annual totals (BEA trad-time-series Table 1, FT-900 exhibit 1)",
            GOODS_NSA: "world; goods, not seasonally adjusted, BOP and Census basis; months "
            "and annual totals (FT-900 exhibit 12)",
        },
        "vintages": vintages,
        "store": {"values_published": published_count, "values_stored": stored},
        "notes": [
            "Values are whole U.S. dollars: the files' millions x 1,000,000.",
            "Each distinct value is stored once with the set of vintages holding it.",
            "Skipped deliberately: year-to-date rows, unpublished (empty) months, the "
            "'as published last month' row (checked against the previous release where "
            "bundled), exhibit 12's net adjustments (checked as BOP - Census).",
        ],
    }
    (out / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    for folder in ("bea", "census"):
        if not (args.shared / folder / "SOURCES.md").is_file():
            fail(f"no {folder}/SOURCES.md in {args.shared}")
    manifest = build(args.shared, args.out)
    print(f"import_release: wrote {args.out / DB_NAME} ({manifest['store']})")


if __name__ == "__main__":
    main()
