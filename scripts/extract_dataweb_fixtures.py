"""Cut the test fixtures from DataWeb's 2025-03 files: verbatim cells, independent of the import.

    python scripts/extract_dataweb_fixtures.py [--source ../shared/data/census/dataweb]

Standard library only (the xlsx reader of extract_fixtures.py). Writes fixtures/dataweb_cells.json:
for each file, its sha256, sheet, the header row, every country name with its row, and every
cell of a few countries' rows and of the `Total: ` row, each with its cell reference.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from extract_fixtures import ROOT, xlsx_sheet

FILES = ("dataweb-exports-2025-03.xlsx", "dataweb-imports-2025-03.xlsx")
HEADER_ROW = 3
# Countries whose whole rows are kept: the large partners, and names the mapping must handle.
KEPT = {
    "China", "Canada", "Mexico", "Japan", "Germany", "South Korea", "Vietnam", "Israel",
    "Serbia prior to 2009", "Sudan prior to South Sudan split", "Total: ",
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "data" / "census" / "dataweb"
    parser.add_argument("--source", type=Path, default=default)
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "dataweb_cells.json")
    args = parser.parse_args()
    files = []
    for name in FILES:
        path: Path = args.source / name
        if not path.is_file():
            sys.exit(f"extract_dataweb_fixtures: {path} is missing")
        sheet, rows = xlsx_sheet(path, number=2)  # sheet 1 is "Query Parameters"
        header = dict(rows)[HEADER_ROW]
        names = [(n, c["B"]) for n, c in rows if n > HEADER_ROW and c.get("B")]
        total = [(n, c) for n, c in rows if c.get("A") == "Total: "]
        kept = [
            {"row": n, "cells": {f"{col}{n}": text for col, text in c.items()}}
            for n, c in rows
            if n > HEADER_ROW and (c.get("B") in KEPT or c.get("A") in KEPT)
        ]
        files.append(
            {
                "file": f"dataweb/{name}",
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "sheet": sheet,
                "header": {f"{col}{HEADER_ROW}": text for col, text in header.items()},
                "names": [{"row": n, "name": text} for n, text in names],
                "total_row": total[0][0] if total else None,
                "rows": kept,
            }
        )
        print(f"extract_dataweb_fixtures: {name}: {len(names)} names, {len(kept)} rows")
    out = {
        "about": (
            "Verbatim cells of USITC DataWeb's 2025-03 files in ../shared/data/census/dataweb "
            "(see SOURCES.md there), taken by scripts/extract_dataweb_fixtures.py; each cell "
            "keyed by its reference."
        ),
        "files": files,
    }
    args.out.write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
