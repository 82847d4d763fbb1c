"""Copy the BEA geo cells the tests need into fixtures/bea_geo_cells.json, verbatim.

Deliberately independent of scripts/import_bea_geo.py and of tradecheck: it reads the .xlsx
file as a zip archive of XML with the standard library (no openpyxl) and records each cell's
sheet, reference and raw stored text. tests/test_bea_geo.py does its arithmetic from these
cells, so its evidence never passes through the import code it checks.

Kept, in each of Tables 1-9: the whole header row 6 (every partner name), column A of the
kept rows, and the cells of the kept partners in the kept rows (annual 1999, 2000, 2011, 2016,
2017, 2024; quarters 1999 1, 2014 1, 2016 1, 2024 3 (R), 2024 4). Also A1 of the Readme
("Last updated").

Usage: python scripts/extract_bea_geo_fixtures.py [--source DIR] [--out FILE]
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
FILE = "trad-geo-time-series-0125.xlsx"
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
HEADER_ROW = 6
# Korea (the partner), the largest partners, an area, and partners whose cells read
# n.a. (Ireland, early years) or (*) (Israel, Table 9, 2014 Q1).
PARTNERS = (
    "Korea, South",
    "Canada",
    "China",
    "Mexico",
    "European Union",
    "Ireland",
    "Israel",
)
ROW_LABELS = (
    *("1999", "2000", "2011", "2016", "2017", "2024"),
    *("1999 1", "2014 1", "2016 1", "2024 3 (R)", "2024 4"),
)


def split_ref(ref: str) -> tuple[str, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert match is not None, ref
    return match[1], int(match[2])


def read_sheets(path: Path) -> dict[str, dict[str, str]]:
    """Sheet name -> {cell reference: raw text} of every cell with a value."""
    with zipfile.ZipFile(path) as archive:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            for item in root.findall("m:si", NS):
                shared.append("".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t")))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", NS)}
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        out: dict[str, dict[str, str]] = {}
        for sheet in workbook.findall("m:sheets/m:sheet", NS):
            target = targets[sheet.get(f"{{{NS['r']}}}id")].lstrip("/")
            member = target if target.startswith("xl/") else f"xl/{target}"
            cells: dict[str, str] = {}
            root = ElementTree.fromstring(archive.read(member))
            for cell in root.iter(f"{{{NS['m']}}}c"):
                ref, kind = cell.get("r", ""), cell.get("t")
                value = cell.find("m:v", NS)
                if kind == "s" and value is not None and value.text is not None:
                    cells[ref] = shared[int(value.text)]
                elif kind == "inlineStr":
                    cells[ref] = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
                elif value is not None and value.text is not None:
                    cells[ref] = value.text
            out[sheet.get("name", "")] = cells
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "bea")
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "bea_geo_cells.json")
    args = parser.parse_args()
    path: Path = args.source / FILE
    if not path.is_file():
        sys.exit(f"extract_bea_geo_fixtures: no {path}")
    sheets = read_sheets(path)
    kept: dict[str, dict[str, str]] = {"Readme": {"A1": sheets["Readme"]["A1"]}}
    for number in range(1, 10):
        name = f"Table {number}"
        cells = sheets[name]
        header = {c: t for ref, t in cells.items() for c, r in [split_ref(ref)] if r == HEADER_ROW}
        columns = [c for c, t in header.items() if t in PARTNERS]
        if len(columns) != len(PARTNERS):
            sys.exit(f"extract_bea_geo_fixtures: {name}: not every partner in row {HEADER_ROW}")
        rows = [
            split_ref(ref)[1]
            for ref, text in cells.items()
            if ref.startswith("A") and ref[1:].isdigit() and text.strip() in ROW_LABELS
        ]
        if len(rows) != len(ROW_LABELS):
            sys.exit(f"extract_bea_geo_fixtures: {name}: found rows {rows} for {ROW_LABELS}")
        out = {"A1": cells["A1"], "A3": cells["A3"]}
        out |= {f"{c}{HEADER_ROW}": t for c, t in header.items()}
        for row in sorted(rows):
            out[f"A{row}"] = cells[f"A{row}"]
            for column in columns:
                out[f"{column}{row}"] = cells[f"{column}{row}"]
        kept[name] = out
    data = {
        "about": (
            "Verbatim cells of BEA's trad-geo-time-series-0125.xlsx in ../shared/data/bea (see "
            "SOURCES.md there), taken by scripts/extract_bea_geo_fixtures.py: sheet, cell "
            "reference and raw stored text."
        ),
        "file": FILE,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "header_row": HEADER_ROW,
        "partners": list(PARTNERS),
        "sheets": kept,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"extract_bea_geo_fixtures: {sum(len(c) for c in kept.values())} cells", file=sys.stderr)


if __name__ == "__main__":
    main()
