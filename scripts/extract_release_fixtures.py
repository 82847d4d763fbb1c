"""Copy real cells of the release files into fixtures/release_cells.json, verbatim.

The files: BEA's trad-time-series-0225.xlsx and -0325.xlsx (../shared/data/bea) and the FT-900
exhibits exh1-*.xlsx and exh12-*.xlsx (../shared/data/census/ft900). Like extract_fixtures.py,
deliberately independent of scripts/import_release.py and of tradecheck: the .xlsx files are
read as zip archives of XML with the standard library only, and each cell is recorded with its
file, sheet, cell reference (e.g. "B74") and raw stored text. The tests read their expected
numbers from these cells, never from the import code they check.

Kept: every row of each exhibit's sheet (about 55 rows: every label variant, the empty months,
the "as published last month" row); of BEA's files, Readme!A1 ("Last updated ...") and Table 1's
header rows 7-8, the `Annual`/`Monthly` block labels, the annual rows of 1960, 1992, 2016,
2020, 2023 and 2024, and the monthly rows of 1992 January and of every month of 2016, 2024
and 2025.

Usage: python scripts/extract_release_fixtures.py [--shared DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"m": MAIN}
BEA_YEARS = {"1960", "1992", "2016", "2020", "2023", "2024"}
BEA_MONTH_YEARS = {"2016", "2024", "2025"}


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    return [
        "".join(t.text or "" for t in si.iter(f"{{{MAIN}}}t")) for si in root.findall("m:si", NS)
    ]


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part, through the workbook's relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in workbook.findall("m:sheets/m:sheet", NS):
        part = target[sheet.get(f"{{{REL}}}id")].lstrip("/")
        out[sheet.get("name", "")] = part if part.startswith("xl/") else f"xl/{part}"
    return out


def read_rows(archive: zipfile.ZipFile, part: str, shared: list[str]) -> list[dict[str, object]]:
    """[{"row": n, "cells": {reference: raw text}}] of a worksheet, empty cells left out
    (a cell stored as the empty string is kept: it is how the exhibits leave a month blank)."""
    rows: list[dict[str, object]] = []
    root = ElementTree.fromstring(archive.read(part))
    for row in root.iter(f"{{{MAIN}}}row"):
        cells: dict[str, str] = {}
        for cell in row.findall("m:c", NS):
            ref, kind, value = cell.get("r", ""), cell.get("t"), cell.find("m:v", NS)
            if kind == "s" and value is not None and value.text is not None:
                cells[ref] = shared[int(value.text)]
            elif kind == "inlineStr":
                cells[ref] = "".join(t.text or "" for t in cell.iter(f"{{{MAIN}}}t"))
            elif value is not None:
                cells[ref] = value.text or ""
        if cells:
            rows.append({"row": int(row.get("r", "0")), "cells": cells})
    return rows


def label(row: dict[str, object]) -> str:
    cells: dict[str, str] = row["cells"]  # type: ignore[assignment]
    return cells.get(f"A{row['row']}", "").strip()


def bea_wanted(row: dict[str, object]) -> bool:
    number: int = row["row"]  # type: ignore[assignment]
    text = label(row)
    if number in (7, 8) or text in ("Annual", "Monthly"):
        return True
    if text in BEA_YEARS:
        return True
    match = re.match(r"(\d{4}) (\w{3})", text)
    return bool(match) and (match[1] in BEA_MONTH_YEARS or text.startswith("1992 Jan"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "release_cells.json")
    args = parser.parse_args()
    shared: Path = args.shared
    paths = sorted((shared / "bea").glob("trad-time-series-*.xlsx"))
    paths += sorted((shared / "census" / "ft900").glob("exh1*-*.xlsx"))
    if not paths:
        sys.exit(f"extract_release_fixtures: no release files under {shared}")
    files = []
    for path in paths:
        rel = path.relative_to(shared).as_posix()
        entry: dict[str, object] = {
            "file": rel,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        sheets = []
        with zipfile.ZipFile(path) as archive:
            strings = shared_strings(archive)
            parts = sheet_paths(archive)
            if rel.startswith("bea/"):
                readme = read_rows(archive, parts["Readme"], strings)
                sheets.append({"sheet": "Readme", "rows": readme[:1]})
                table = read_rows(archive, parts["Table 1"], strings)
                sheets.append({"sheet": "Table 1", "rows": [r for r in table if bea_wanted(r)]})
            else:
                ((name, part),) = parts.items()
                sheets.append({"sheet": name, "rows": read_rows(archive, part, strings)})
        entry["sheets"] = sheets
        files.append(entry)
        count = sum(len(s["rows"]) for s in sheets)  # type: ignore[arg-type]
        print(f"extract_release_fixtures: {rel}: {count} rows", file=sys.stderr)
    out = {
        "about": (
            "Verbatim cells of BEA and FT-900 files in ../shared/data (see bea/SOURCES.md and "
            "census/SOURCES.md there), taken by scripts/extract_release_fixtures.py. Each row "
            "keeps its spreadsheet row number; each cell its reference and raw stored text."
        ),
        "files": files,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=0) + "\n")


if __name__ == "__main__":
    main()
