"""DataWeb's 2025-03 files (2024 as first published): every name placed, every value as the
file has it. Expected values are the verbatim cells of fixtures/dataweb_cells.json, cut by
scripts/extract_dataweb_fixtures.py (standard library only), not by the importer."""

from __future__ import annotations

import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from cells import ROOT, SHARED, needs_shared, run_import
from tradecheck.domain import Commodity, CommoditySystem, FlowCode, Period
from tradecheck.errors import Missing
from tradecheck.series.bundle import Bundle, default_data_dir
from tradecheck.series.dataweb import DatawebSource, column
from tradecheck.series.dataweb_names import NO_COUNTERPART, code_for, normalized
from tradecheck.series.source import SeriesKey, VintageRule

FIXTURES = json.loads((ROOT / "fixtures" / "dataweb_cells.json").read_text())["files"]
BY_FLOW = {FlowCode.EXPORTS: FIXTURES[0], FlowCode.IMPORTS: FIXTURES[1]}
BUNDLE = Bundle()
SOURCE = DatawebSource()


def by_name() -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    for code, partner in BUNDLE.partners.items():
        for name in (partner.name, partner.schedule_c_name):
            if name:
                seen.setdefault(normalized(name), set()).add(code)
    return {n: next(iter(c)) for n, c in seen.items() if len(c) == 1}


def cell(flow: FlowCode, name: str, year: int) -> tuple[str, str]:
    """(reference, text) of a kept country's cell for a year."""
    for row in BY_FLOW[flow]["rows"]:
        if row["cells"].get(f"B{row['row']}") == name:
            ref = f"{column(year)}{row['row']}"
            return ref, row["cells"][ref]
    raise AssertionError(f"{name} not in the fixture rows")


def key(flow: FlowCode, code: str, year: int) -> SeriesKey:
    return SeriesKey(flow, BUNDLE.partners[code], Commodity(CommoditySystem.ALL), Period(year))


def test_every_name_maps_to_a_code_or_is_listed_without_one() -> None:
    table = by_name()
    unplaced = {}
    for flow, entry in BY_FLOW.items():
        names = [n["name"] for n in entry["names"]]
        codes = [code_for(n, table) for n in names]
        unplaced[flow] = sorted(n for n, c in zip(names, codes, strict=True) if c is None)
        assert set(unplaced[flow]) <= set(NO_COUNTERPART)  # none is left unexplained
        placed = [c for c in codes if c is not None]
        assert len(placed) == len(set(placed))  # no two names share a code
        assert set(placed) <= set(BUNDLE.partners)
    # 7 of the 250 export names and 3 of the 246 import names have no Census counterpart.
    assert {f: len(n) for f, n in unplaced.items()} == {FlowCode.EXPORTS: 7, FlowCode.IMPORTS: 3}
    assert unplaced[FlowCode.IMPORTS] == ["East Germany", "Israel prior to 1989", "South Yemen"]


@pytest.mark.parametrize("flow", list(FlowCode))
@pytest.mark.parametrize(
    ("name", "code"), [("China", "5700"), ("Canada", "1220"), ("South Korea", "5800")]
)
def test_values_are_the_cells_in_whole_dollars(flow: FlowCode, name: str, code: str) -> None:
    for year in (1989, 2016, 2024):
        ref, text = cell(flow, name, year)
        found = SOURCE.get(key(flow, code, year), VintageRule())
        assert found.value == int(Decimal(text) * 1_000_000)
        assert found.provenance.cells == (ref,)
        assert found.provenance.vintage == "2025-03"
        assert found.provenance.published == "2025-03-31"
        assert found.provenance.sheet == BY_FLOW[flow]["sheet"]


def test_china_2024_as_first_published() -> None:
    exports = SOURCE.get(key(FlowCode.EXPORTS, "5700", 2024), VintageRule()).value
    imports = SOURCE.get(key(FlowCode.IMPORTS, "5700", 2024), VintageRule()).value
    assert exports == int(Decimal(cell(FlowCode.EXPORTS, "China", 2024)[1]) * 10**6)
    assert imports == int(Decimal(cell(FlowCode.IMPORTS, "China", 2024)[1]) * 10**6)
    # The 2026-04 country file, after the June 2025 revision, has another 2024 balance.
    revised = BUNDLE.country_row("5700", "I", 2024, "2026-04")
    revised_e = BUNDLE.country_row("5700", "E", 2024, "2026-04")
    assert revised is not None and revised_e is not None
    assert revised.annual is not None and revised_e.annual is not None
    assert imports - exports != revised.annual - revised_e.annual


def test_what_the_files_do_not_hold_is_missing_with_the_reason() -> None:
    with pytest.raises(Missing, match="not in DataWeb's 2025-03 files"):
        SOURCE.get(key(FlowCode.EXPORTS, "5700", 2025), VintageRule())  # 0: not yet published
    with pytest.raises(Missing, match="later than 2024-12"):
        SOURCE.get(key(FlowCode.EXPORTS, "5700", 2016), VintageRule("2024-12"))
    with pytest.raises(Missing, match="no DataWeb country maps to 0003"):
        SOURCE.get(key(FlowCode.EXPORTS, "0003", 2016), VintageRule())
    monthly = key(FlowCode.EXPORTS, "5700", 2016)._replace(period=Period(2016, 3))
    with pytest.raises(Missing, match="annual"):
        SOURCE.get(monthly, VintageRule())


@needs_shared
def test_rebuild_from_shared_matches_committed(tmp_path: Path) -> None:
    shutil.copy(default_data_dir() / "census.sqlite", tmp_path / "census.sqlite")
    run_import("import_dataweb.py", "--source", str(SHARED), "--out", str(tmp_path))

    def tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
        db = sqlite3.connect(path)
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {n: sorted(db.execute(f"SELECT * FROM {n}").fetchall()) for n in names}
        db.close()
        return out

    assert tables(tmp_path / "dataweb.sqlite") == tables(default_data_dir() / "dataweb.sqlite")
    built = json.loads((tmp_path / "dataweb-manifest.json").read_text())
    committed = json.loads((default_data_dir() / "dataweb-manifest.json").read_text())
    assert {k: v for k, v in built.items() if k != "database_sha256"} == {
        k: v for k, v in committed.items() if k != "database_sha256"
    }


def test_series_shows_dataweb_when_its_vintage_is_asked_for() -> None:
    from typer.testing import CliRunner

    from tradecheck.cli import app

    args = ["series", "China", "--from", "2024", "--to", "2024", "-f", "json"]
    pinned = CliRunner().invoke(app, [*args, "--vintage", "2025-03"])
    assert pinned.exit_code == 0, pinned.stderr
    (row,) = json.loads(pinned.stdout)
    assert row["value_usd"] == int(Decimal(cell(FlowCode.EXPORTS, "China", 2024)[1]) * 10**6)
    assert row["source"] == "dataweb-country 2025-03"
    newest = CliRunner().invoke(app, args)  # the 2026-04 country file is newer
    assert json.loads(newest.stdout)[0]["source"] == "bundle 2026-04"
