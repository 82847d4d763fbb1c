"""Build src/tradecheck/data/dataweb.sqlite from USITC DataWeb's 2025-03 annual files.

    python scripts/import_dataweb.py [--source ../shared/data/census]

DataWeb serves the Census goods-by-country series; these two files (total exports f.a.s.,
general imports) were downloaded 2025-03-31 and are the only copy of 2024 as first published.
Values are millions of dollars rounded to $0.01 million, stored here as whole dollars. The 2025
column is 0 in every row (not yet published): it is not stored. The `Total: ` row (text with
thousands separators) is not stored either; tests add the rows up against it. Countries come
by name only: each is mapped to its Census code (tradecheck.series.dataweb_names) and a name
with no counterpart is kept, with a NULL code, so the store says what it could not place.

The files were written without dimensions or a default style: openpyxl must load them whole
(read-only mode sees one row) and warns "no default style" for each, a warning silenced here
and only here.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import openpyxl
from storekit import checked_sha256, finish_store, listed_sums, store_facts

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tradecheck.series.dataweb_names import code_for, normalized  # noqa: E402

FILES = {"E": "dataweb/dataweb-exports-2025-03.xlsx", "I": "dataweb/dataweb-imports-2025-03.xlsx"}
SHEETS = {"E": "FAS Value", "I": "General Customs Value"}
VINTAGE, PUBLISHED, DATA_THROUGH = "2025-03", "2025-03-31", "2024"
HEADER_ROW = 3
UNPUBLISHED_YEAR = 2025
SCHEMA_VERSION = 1


def partner_codes(census_db: Path) -> dict[str, str]:
    """Normalized partner-table name -> code, for names only one code has."""
    db = sqlite3.connect(f"file:{census_db}?mode=ro", uri=True)
    rows = db.execute("SELECT code, name, schedule_c_name FROM partners").fetchall()
    db.close()
    seen: dict[str, set[str]] = {}
    for code, *names in rows:
        for name in names:
            if name:
                seen.setdefault(normalized(name), set()).add(str(code))
    return {name: next(iter(codes)) for name, codes in seen.items() if len(codes) == 1}


def dollars(value: object) -> int:
    """A cell's millions (openpyxl gives a float whose repr is the stored text) in dollars."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    return int((Decimal(repr(value)) * 1_000_000).to_integral_value())


def read(path: Path, sheet: str) -> tuple[list[int], list[tuple[int, str, dict[int, int]]]]:
    """(years, [(row, country name, {year: dollars})])."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Workbook contains no default style", category=UserWarning
        )
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    rows = list(workbook[sheet].iter_rows(min_row=HEADER_ROW, values_only=True))
    header = rows[0]
    if header[:2] != ("Data Type", "Country"):
        sys.exit(f"import_dataweb: {path.name}: row {HEADER_ROW} is not the header")
    years = [int(str(h)) for h in header[2:]]
    out = []
    for offset, row in enumerate(rows[1:], start=HEADER_ROW + 1):
        if row[0] == "Total: " or not row[1]:
            continue
        values = {
            year: dollars(cell)
            for year, cell in zip(years, row[2:], strict=True)
            if year != UNPUBLISHED_YEAR
        }
        out.append((offset, str(row[1]), values))
    return years, out


def build(source: Path, out_dir: Path) -> None:
    listed = listed_sums(source)
    sums = {n: checked_sha256(source / n, n, listed, "import_dataweb") for n in FILES.values()}
    by_name = partner_codes(out_dir / "census.sqlite")
    db_path = out_dir / "dataweb.sqlite"
    partial = db_path.with_suffix(".sqlite.partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE vintages (name TEXT, flow TEXT, file TEXT, sheet TEXT, published TEXT,
            data_through TEXT, bit INTEGER, PRIMARY KEY (name, flow));
        CREATE TABLE names (flow TEXT, row INTEGER, name TEXT, code TEXT,
            PRIMARY KEY (flow, row));
        CREATE TABLE dataweb (code TEXT, flow TEXT, year INTEGER, value INTEGER,
            vintages INTEGER, PRIMARY KEY (code, flow, year, vintages)) WITHOUT ROWID;
        """
    )
    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    counts = {}
    unmapped: dict[str, list[str]] = {}
    for flow, rel in FILES.items():
        db.execute(
            "INSERT INTO vintages VALUES (?, ?, ?, ?, ?, ?, 0)",
            (VINTAGE, flow, Path(rel).name, SHEETS[flow], PUBLISHED, DATA_THROUGH),
        )
        _, rows = read(source / rel, SHEETS[flow])
        codes: dict[str, str] = {}
        for row, name, values in rows:
            code = code_for(name, by_name)
            db.execute("INSERT INTO names VALUES (?, ?, ?, ?)", (flow, row, name, code))
            if code is None:
                unmapped.setdefault(flow, []).append(name)
                continue
            if code in codes:
                sys.exit(f"import_dataweb: {name!r} and {codes[code]!r} both map to {code}")
            codes[code] = name
            db.executemany(
                "INSERT INTO dataweb VALUES (?, ?, ?, ?, 1)",
                [(code, flow, year, value) for year, value in values.items()],
            )
        counts[flow] = {"names": len(rows), "mapped": len(codes)}
    finish_store(db, partial, db_path)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        **store_facts(db_path),
        "files": [{"file": rel, "sha256": sums[rel]} for rel in FILES.values()],
        "vintage": {"name": VINTAGE, "published": PUBLISHED, "data_through": DATA_THROUGH},
        "counts": counts,
        "no_counterpart": {flow: sorted(names) for flow, names in unmapped.items()},
    }
    (out_dir / "dataweb-manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"import_dataweb: {db_path} ({db_path.stat().st_size} bytes), {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "census")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "tradecheck" / "data")
    args = parser.parse_args()
    build(args.source, args.out)


if __name__ == "__main__":
    main()
