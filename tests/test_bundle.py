"""The committed bundle: rebuilt from ../shared it is identical; its sources match the fixtures."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from cells import FIXTURES, ROOT, SHARED, country_dollars, needs_shared
from tradecheck.series.bundle import Bundle, default_data_dir

TABLES = ["meta", "vintages", "partners", "partner_names", "country", "enduse", "enduse_codes"]


def rows(db_path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as db:
        return sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


@needs_shared
def test_rebuild_from_shared_matches_committed(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "import_census.py"),
            "--source",
            str(SHARED),
            "--out",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    committed = default_data_dir()
    for table in TABLES:
        assert rows(tmp_path / "census.sqlite", table) == rows(
            committed / "census.sqlite", table
        ), table
    fresh = json.loads((tmp_path / "manifest.json").read_text())
    kept = json.loads((committed / "manifest.json").read_text())
    fresh.pop("database_sha256")
    kept.pop("database_sha256")
    assert fresh == kept


def test_manifest_records_every_source_file() -> None:
    manifest = Bundle().manifest
    by_file = {f["file"]: f for f in manifest["files"]}
    fixture_files = json.loads(FIXTURES.read_text())["files"]
    for entry in fixture_files:
        # The fixtures were cut from the very files the bundle was built from.
        assert by_file[entry["file"]]["sha256"] == entry["sha256"]
    assert {f["dataset"] for f in manifest["files"]} == {
        "country",
        "enduse-exports",
        "enduse-imports",
        "schedule-c",
    }
    for f in manifest["files"]:
        assert set(f) >= {"file", "sha256", "vintage", "last_month", "units"}
    assert by_file["country/country-2018-10.xlsx"]["last_month"] == "2018-08"
    assert by_file["country/country-2026-04.xlsx"]["last_month"] == "2026-01"


def test_unpublished_months_stay_unpublished() -> None:
    # The 2018-10 file stores September-December 2018 as 0; the bundle holds them as
    # not published (NULL), and its 2018 YR (year-to-date) is not an annual total.
    for column in ("ESEP", "EOCT", "ENOV", "EDEC", "ISEP", "IDEC"):
        assert country_dollars("2018-10", "5800", 2018, column) == 0
    bundle = Bundle()
    for flow in ("E", "I"):
        row = bundle.country_rows("5800", flow, 2018)["2018-10"]
        assert row.months[8:] == (None, None, None, None)
        assert row.annual is None
        august = country_dollars("2018-10", "5800", 2018, f"{flow}AUG")
        assert row.months[7] == august


def test_codes_are_strings_and_traps_typed() -> None:
    partners = Bundle().partners
    assert partners["0003"].kind == "grouping"
    assert partners["0015"].kind == "world"
    for code in ("0004", "0005", "0006", "0021", "0022", "0007"):
        assert partners[code].kind == "not-a-partner", code
    assert partners["5800"].iso == "KR"
    assert partners["7660"].iso == "CD"


def test_no_balance_or_total_stored() -> None:
    with sqlite3.connect(default_data_dir() / "census.sqlite") as db:
        flows = {f for (f,) in db.execute("SELECT DISTINCT flow FROM country")}
        assert flows == {"E", "I"}
