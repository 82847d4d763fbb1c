"""The committed bundle: rebuilt from ../shared it is identical; its sources match the fixtures."""

from __future__ import annotations

import json
import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from cells import FIXTURES, SHARED, country_dollars, fixture_file, needs_shared, run_import
from tradecheck.series.bundle import Bundle, default_data_dir

TABLES = [
    "meta",
    "vintages",
    "partners",
    "partner_names",
    "country",
    "country_rows",
    "enduse",
    "enduse_rows",
    "enduse_codes",
]
COUNTRY_VINTAGES = ["2018-10", "2019-12", "2020-10", "2022-03", "2023-03", "2024-10", "2026-04"]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def rows(db_path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as db:
        return sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


@needs_shared
def test_rebuild_from_shared_matches_committed(tmp_path: Path) -> None:
    run_import("import_census.py", "--source", str(SHARED), "--out", str(tmp_path))
    committed = default_data_dir()
    for table in TABLES:
        assert rows(tmp_path / "census.sqlite", table) == rows(
            committed / "census.sqlite", table
        ), table
    fresh = json.loads((tmp_path / "manifest.json").read_text())
    kept = json.loads((committed / "manifest.json").read_text())
    if fresh["built_with_sqlite"] == kept["built_with_sqlite"]:
        # The same SQLite writes the same file: the committed store is this script's output.
        assert fresh["database_sha256"] == kept["database_sha256"]
    for manifest in (fresh, kept):
        manifest.pop("database_sha256")
        manifest.pop("built_with_sqlite")
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
    country = sorted(f["vintage"] for f in manifest["files"] if f["dataset"] == "country")
    assert country == COUNTRY_VINTAGES
    assert {f["file"] for f in fixture_files} == {
        f["file"] for f in manifest["files"] if f["dataset"] != "schedule-c"
    }


@pytest.mark.parametrize("vintage", COUNTRY_VINTAGES)
def test_store_returns_each_vintages_cells(vintage: str) -> None:
    """Every fixture cell of the vintage's file, read straight from the xlsx, against the store:
    a month after the file's last month is 0 there and "not published" (None) here, and the
    YR column of the file's last year (year-to-date) is not an annual total."""
    entry = fixture_file(f"country/country-{vintage}.xlsx")
    through_year, through_month = (int(p) for p in str(entry["data_through"]).split("-"))
    by_name = {name: col for col, name in entry["header"].items()}
    bundle = Bundle()
    compared = 0
    partners: set[str] = set()
    years: set[int] = set()
    for row in entry["rows"]:
        cells = row["cells"]
        code, year = cells[by_name["CTY_CODE"]], int(cells[by_name["year"]])
        for flow in ("E", "I"):
            stored = bundle.country_row(code, flow, year, vintage)
            assert stored is not None, (code, flow, year)
            assert stored.src_row == row["row"]
            for month, name in enumerate(MONTHS, start=1):
                raw = cells[by_name[flow + name]]
                dollars = int((Decimal(raw) * 1_000_000).to_integral_value())
                if (year, month) > (through_year, through_month):
                    assert dollars == 0
                    assert stored.months[month - 1] is None, (code, flow, year, month)
                else:
                    assert stored.months[month - 1] == dollars, (code, flow, year, month)
                compared += 1
            annual = int((Decimal(cells[by_name[flow + "YR"]]) * 1_000_000).to_integral_value())
            if year == through_year and through_month != 12:
                assert stored.annual is None
            else:
                assert stored.annual == annual
            compared += 1
        partners.add(code)
        years.add(year)
    assert compared >= 200
    assert len(partners) >= 8 and len(years) >= 10
    assert through_year in years  # the year-to-date rule is exercised in every vintage


@pytest.mark.parametrize(
    "file",
    [
        "enduse-exports/enduse_exports-2023-07.csv",
        "enduse-imports/enduse_imports-2024-11.xlsx",
        "enduse-imports/enduse_imports-2026-04.xlsx",
    ],
)
def test_store_returns_each_enduse_vintages_cells(file: str) -> None:
    entry = fixture_file(file)
    dataset, vintage = file.split("/")[0], re.sub(r".*-(\d{4}-\d\d)\.\w+$", r"\1", file)
    bundle = Bundle()
    [held] = [v for v in bundle.vintages[dataset] if v.file == file.split("/")[1]]
    assert held.name == vintage
    flow = "E" if dataset == "enduse-exports" else "I"
    by_name = {name: col for col, name in entry["header"].items()}
    years = [int("20" + n[-2:]) for n in by_name if n.startswith("value_")]
    compared = 0
    for row in entry["rows"]:
        cells = row["cells"]
        partner, code = cells[by_name["CTY_CODE"]], cells[by_name["END_USE"]]
        for year in years:
            found = [
                r for r in bundle.enduse_rows(partner, flow, code, year, held) if r.code == code
            ]
            assert [(r.value, r.src_row) for r in found] == [
                (int(cells[by_name[f"value_{year % 100:02d}"]]), row["row"])
            ]
            compared += 1
        outside = [r for r in bundle.enduse_rows(partner, flow, code, years[0] - 1, held)]
        assert [r for r in outside if r.code == code] == []
    assert compared >= 200


def test_each_value_stored_once() -> None:
    """No (partner, flow, year) holds the same row of values twice, and no vintage publishes
    two rows for it; the manifest's counts are what the store holds."""
    manifest = Bundle().manifest
    with sqlite3.connect(default_data_dir() / "census.sqlite") as db:
        groups = db.execute(
            "SELECT count(*), count(DISTINCT json_array(m1, m2, m3, m4, m5, m6, m7, m8, m9, "
            "m10, m11, m12, yr)), sum(vintages), group_concat(vintages) "
            "FROM country GROUP BY partner, flow, year"
        ).fetchall()
        stored = db.execute("SELECT count(*) FROM country").fetchone()[0]
        segments = db.execute("SELECT count(*) FROM enduse").fetchone()[0]
    for rows, distinct, total, masks in groups:
        assert rows == distinct
        bits = [int(m) for m in masks.split(",")]
        assert sum(bits) == total and bits_disjoint(bits), masks
    assert manifest["store"]["country_rows_stored"] == stored
    assert manifest["store"]["enduse_segments_stored"] == segments
    # Seven vintages publish 114,574 (vintage, partner, flow, year) rows: 25,944 distinct.
    assert manifest["store"]["country_rows_published"] > 4 * stored


def bits_disjoint(masks: list[int]) -> bool:
    seen = 0
    for mask in masks:
        if seen & mask:
            return False
        seen |= mask
    return True


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
