"""Copy the real source cells the tests need into fixtures/census_cells.json, verbatim.

Deliberately independent of scripts/import_census.py and of tradecheck: it reads the .xlsx
files as zip archives of XML with the standard library (no openpyxl) and the CSV with the
csv module, and records each cell's file, sheet, row, column and raw text exactly as stored.
Tests do their arithmetic from these cells, so their evidence never passes through the
import code they check.

Usage: python scripts/extract_fixtures.py [--source DIR]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

# The partners and years the tests use. Korea (5800) is the article's partner; the others
# cover a grouping (0003 EU), the world (0015), names that need the alias table (4120 UK as
# "Britain"), and large partners in every direction of trade.
COUNTRY_CODES = {
    "5800",
    "0001",
    "0003",
    "0015",
    "5700",
    "1220",
    "2010",
    "4280",
    "4120",
    "5880",
    "0004",
}
COUNTRY_YEARS = {
    "1990",
    "1995",
    "2000",
    "2005",
    "2008",
    "2009",
    "2010",
    "2011",
    "2012",
    "2013",
    "2014",
    "2015",
    "2016",
    "2017",
    "2018",
    "2019",
    "2020",
    "2021",
    "2022",
    "2023",
    "2024",
    "2025",
    "2026",
}
# A record's window runs from the start of the data: for the newest vintage, these partners
# (China, the world, Canada) keep every year the file holds, from 1985.
WINDOW_FILE = "country/country-2026-04.xlsx"
WINDOW_CODES = {"5700", "0015", "1220"}
WINDOW_YEARS = {str(year) for year in range(1985, 2027)}
# A rank compares every partner of a year: in the newest vintage, every row of these years
# (the countries, the groupings and regions a rank must leave out, and the world).
RANK_FILE = WINDOW_FILE
RANK_YEARS = {"2017", "2022", "2023", "2024"}
ENDUSE_CODES = {"5800", "1220"}
# The folders scripts/import_census.py reads; the others (ft900/, dataweb/) are not bundled yet.
FOLDERS = ("country", "enduse-exports", "enduse-imports")


def column_letters(ref: str) -> str:
    return re.sub(r"\d", "", ref)


def xlsx_sheet(path: Path, number: int = 1) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """(sheet name, [(row number, {column letter: raw text})]) of the `number`-th worksheet
    (its part is xl/worksheets/sheet<number>.xml, as every writer of these files names it)."""
    with zipfile.ZipFile(path) as archive:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            for item in root.findall("m:si", NS):
                shared.append("".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t")))
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        sheet = workbook.findall("m:sheets/m:sheet", NS)[number - 1]
        name = sheet.get("name", "")
        rows: list[tuple[int, dict[str, str]]] = []
        with archive.open(f"xl/worksheets/sheet{number}.xml") as handle:
            for _event, element in ElementTree.iterparse(handle):
                if element.tag != f"{{{NS['m']}}}row":
                    continue
                cells: dict[str, str] = {}
                for cell in element.findall("m:c", NS):
                    ref = cell.get("r", "")
                    kind = cell.get("t")
                    value = cell.find("m:v", NS)
                    if kind == "s" and value is not None and value.text is not None:
                        cells[column_letters(ref)] = shared[int(value.text)]
                    elif kind == "inlineStr":
                        cells[column_letters(ref)] = "".join(
                            t.text or "" for t in cell.iter(f"{{{NS['m']}}}t")
                        )
                    elif value is not None and value.text is not None:
                        cells[column_letters(ref)] = value.text
                rows.append((int(element.get("r", "0")), cells))
                element.clear()
        return name, rows


def letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "census")
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "census_cells.json")
    args = parser.parse_args()
    source: Path = args.source
    if not (source / "SOURCES.md").is_file():
        sys.exit(f"extract_fixtures: no SOURCES.md in {source}")
    sources_md = (source / "SOURCES.md").read_text(encoding="utf-8")
    files = []
    paths = [p for folder in FOLDERS for p in (source / folder).iterdir()]
    for path in sorted(paths):
        if path.suffix not in (".xlsx", ".csv"):
            continue
        rel = path.relative_to(source).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if path.suffix == ".xlsx":
            sheet, rows = xlsx_sheet(path)
        else:
            sheet = ""
            with path.open(newline="", encoding="utf-8") as handle:
                rows = [
                    (n, {letter(i): v for i, v in enumerate(r)})
                    for n, r in enumerate(csv.reader(handle), start=1)
                ]
        header = rows[0][1]
        is_country = rel.startswith("country/")
        kept = []
        for number, cells in rows[1:]:
            if is_country:
                wanted = cells.get("B") in COUNTRY_CODES and cells.get("A") in COUNTRY_YEARS
                if rel == WINDOW_FILE and cells.get("B") in WINDOW_CODES:
                    wanted = cells.get("A") in WINDOW_YEARS
                if rel == RANK_FILE and cells.get("A") in RANK_YEARS:
                    wanted = True
            else:
                wanted = cells.get("A") in ENDUSE_CODES
            if wanted:
                kept.append({"row": number, "cells": cells})
        entry: dict[str, object] = {"file": rel, "sha256": digest, "sheet": sheet}
        if is_country:
            # "data through" as the country table of SOURCES.md states it for this file.
            match = re.search(
                rf"^\| {re.escape(path.name)} \| \S+ \| (\d{{4}}-\d\d) \|", sources_md, re.M
            )
            if match is None:
                sys.exit(f"extract_fixtures: SOURCES.md gives no 'data through' for {rel}")
            entry["data_through"] = match.group(1)
        files.append(entry | {"header": header, "rows": kept})
        print(f"extract_fixtures: {rel}: {len(kept)} rows", file=sys.stderr)
    out = {
        "about": (
            "Verbatim cells of U.S. Census Bureau files in ../shared/data/census (see "
            "SOURCES.md there), taken by scripts/extract_fixtures.py. Each row keeps its "
            "spreadsheet row number; each cell its column letter and raw stored text."
        ),
        "files": files,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=0, sort_keys=False) + "\n")


if __name__ == "__main__":
    main()
