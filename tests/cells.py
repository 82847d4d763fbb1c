"""Shared test helpers: real Census cells from fixtures/, and running the CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "census"
FIXTURES = ROOT / "fixtures" / "census_cells.json"

needs_shared = pytest.mark.skipif(
    not (SHARED / "SOURCES.md").is_file(),
    reason="../shared/data/census is not beside this checkout (a user's machine); "
    "the bundled data cannot be rebuilt from its sources here",
)


@cache
def _cells() -> dict[str, dict[str, object]]:
    data = json.loads(FIXTURES.read_text())
    return {f["file"]: f for f in data["files"]}


def fixture_file(file: str) -> dict[str, Any]:
    """A fixture file's entry: sha256, sheet, header {column: name}, rows, data_through."""
    return _cells()[file]


def source_row(file: str, **match: str) -> tuple[int, dict[str, str]]:
    """The one fixture row of `file` whose named columns (by header) have these values."""
    entry = _cells()[file]
    header: dict[str, str] = entry["header"]  # type: ignore[assignment]
    by_name = {name: col for col, name in header.items()}
    found = [
        (r["row"], r["cells"])
        for r in entry["rows"]  # type: ignore[attr-defined]
        if all(r["cells"].get(by_name[k]) == v for k, v in match.items())
    ]
    assert len(found) == 1, f"{file}: {len(found)} rows match {match}"
    return found[0]


def cell(file: str, column: str, **match: str) -> str:
    """Raw text of the cell under header `column` in the matching row."""
    entry = _cells()[file]
    header: dict[str, str] = entry["header"]  # type: ignore[assignment]
    col = {name: c for c, name in header.items()}[column]
    return source_row(file, **match)[1][col]


def country_dollars(vintage: str, code: str, year: int, column: str) -> int:
    """A country-file cell (millions, as stored) in whole dollars, computed here from its text."""
    raw = cell(f"country/country-{vintage}.xlsx", column, year=str(year), CTY_CODE=code)
    return int((Decimal(raw) * 1_000_000).to_integral_value())


def enduse_dollars(file: str, code: str, prefix: str, year: int) -> int:
    """Sum of a partner's end-use cells for codes starting with `prefix` in one year."""
    entry = _cells()[file]
    header: dict[str, str] = entry["header"]  # type: ignore[assignment]
    col = {name: c for c, name in header.items()}[f"value_{year % 100:02d}"]
    total = 0
    for r in entry["rows"]:  # type: ignore[attr-defined]
        cells = r["cells"]
        if cells["A"] == code and cells["C"].startswith(prefix):
            total += int(cells[col])
    return total


def billions(dollars: int | Decimal) -> Decimal:
    return Decimal(dollars) / Decimal(10**9)


def run_import(script: str, *args: str) -> None:
    """Run one of scripts/import_*.py as a user would (its output captured)."""
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), *args], check=True, capture_output=True
    )
