"""BEA's trade by selected countries and areas: the partner table, the store and the source.

Expected numbers and names come from fixtures/bea_geo_cells.json (cells cut from the real file
by scripts/extract_bea_geo_fixtures.py, independent of the importer), never typed here.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from cells import run_import
from tradecheck.domain import (
    Adjustment,
    Basis,
    Commodity,
    CommoditySystem,
    Coverage,
    FlowCode,
    Frequency,
    PartnerInfo,
    PartnerKind,
    Period,
)
from tradecheck.series.bea_geo import BALANCE, BeaGeoSource, Measure
from tradecheck.series.bea_partners import CENSUS_CODE, NO_COUNTERPART
from tradecheck.series.bundle import Bundle, default_data_dir
from tradecheck.series.bundled import BundleSource
from tradecheck.series.source import Missing, SeriesKey, VintageRule

ROOT = Path(__file__).resolve().parent.parent
SHARED_BEA = ROOT.parent / "shared" / "data" / "bea"
FIXTURE = ROOT / "fixtures" / "bea_geo_cells.json"

needs_shared_bea = pytest.mark.skipif(
    not (SHARED_BEA / "SOURCES.md").is_file(),
    reason="../shared/data/bea is not beside this checkout (a user's machine); "
    "the BEA store cannot be rebuilt from its source here",
)

# Table number -> (coverage, what it publishes), as the file's Readme lists the tables.
TABLES: dict[int, tuple[Coverage, Measure]] = {
    1: (Coverage.GOODS_AND_SERVICES, FlowCode.EXPORTS),
    2: (Coverage.GOODS_AND_SERVICES, FlowCode.IMPORTS),
    3: (Coverage.GOODS_AND_SERVICES, BALANCE),
    4: (Coverage.GOODS, FlowCode.EXPORTS),
    5: (Coverage.GOODS, FlowCode.IMPORTS),
    6: (Coverage.GOODS, BALANCE),
    7: (Coverage.SERVICES, FlowCode.EXPORTS),
    8: (Coverage.SERVICES, FlowCode.IMPORTS),
    9: (Coverage.SERVICES, BALANCE),
}
KOREA = "Korea, South"


@cache
def fixture() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text())
    return data


def sheet(number: int) -> dict[str, str]:
    cells: dict[str, str] = fixture()["sheets"][f"Table {number}"]
    return cells


def split(ref: str) -> tuple[str, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert match is not None
    return match[1], int(match[2])


def header(number: int) -> dict[str, str]:
    """Partner name -> column letter, from row 6 (without A6, 'Period')."""
    row = fixture()["header_row"]
    return {
        text: split(ref)[0]
        for ref, text in sheet(number).items()
        if split(ref)[1] == row and split(ref)[0] != "A"
    }


def rows(number: int) -> dict[str, int]:
    """Row label as printed (stripped) -> row number, for the rows the fixture kept."""
    row = fixture()["header_row"]
    return {
        text.strip(): split(ref)[1]
        for ref, text in sheet(number).items()
        if split(ref)[0] == "A" and split(ref)[1] > row
    }


def cell(number: int, partner: str, label: str) -> tuple[str, str]:
    """(cell reference, raw text) of a partner's cell in the row labelled `label`."""
    ref = f"{header(number)[partner]}{rows(number)[label]}"
    return ref, sheet(number)[ref]


def dollars(text: str) -> int:
    return int(Decimal(text) * 1_000_000)


def period_of(label: str) -> str:
    """'2024 3 (R)' -> '2024-Q3'; '2016' -> '2016'."""
    parts = label.split()
    return parts[0] if len(parts) == 1 else f"{parts[0]}-Q{parts[1]}"


def vintage_name() -> str:
    """The Readme's 'Last updated' day, as YYYY-MM-DD."""
    text = fixture()["sheets"]["Readme"]["A1"].removeprefix("Last updated ").strip()
    return datetime.strptime(text, "%B %d, %Y").date().isoformat()


@cache
def source() -> BeaGeoSource:
    return BeaGeoSource()


@cache
def bundle() -> Bundle:
    return Bundle()


def partner(name: str) -> PartnerInfo:
    return bundle().partners[CENSUS_CODE[name]]


def key(name: str, code: FlowCode, coverage: Coverage, year: int) -> SeriesKey:
    return SeriesKey(
        code, partner(name), Commodity(CommoditySystem.ALL), Period(year), coverage, Basis.BOP
    )


# -- the partner table --------------------------------------------------------------------


def test_every_header_name_is_mapped_or_has_no_counterpart() -> None:
    names = set()
    for number in TABLES:
        for name in header(number):
            assert (name in CENSUS_CODE) != (name in NO_COUNTERPART), (number, name)
            names.add(name)
    # And the tables list nothing the file does not name.
    assert names == set(CENSUS_CODE) | set(NO_COUNTERPART)


def test_every_mapped_code_is_a_census_partner_of_its_kind() -> None:
    partners = bundle().partners
    assert len(set(CENSUS_CODE.values())) == len(CENSUS_CODE)
    for name, code in CENSUS_CODE.items():
        assert code in partners, (name, code)
        info = partners[code]
        assert info.kind in (PartnerKind.COUNTRY, PartnerKind.GROUPING, PartnerKind.REGION)
        assert info.last_year is not None and info.last_year >= 2024, (name, code, info)


def test_fixture_is_of_the_bundled_file() -> None:
    manifest = source().manifest
    assert manifest["files"][0]["file"] == fixture()["file"]
    assert manifest["files"][0]["sha256"] == fixture()["sha256"]
    assert manifest["files"][0]["vintage"] == vintage_name()


# -- values through the source equal the file's cells --------------------------------------


def cases() -> list[tuple[int, str, str]]:
    out = []
    for number in TABLES:
        for name in fixture()["partners"]:
            for label in rows(number):
                out.append((number, name, label))
    return out


@pytest.mark.parametrize(("number", "name", "label"), cases())
def test_source_returns_the_files_cell(number: int, name: str, label: str) -> None:
    ref, text = cell(number, name, label)
    coverage, measure = TABLES[number]
    period = period_of(label)
    number_text = re.fullmatch(r"-?\d+", text) is not None
    if "Q" in period:
        year = int(period[:4])
        quarters = source().quarters(measure, partner(name), coverage, year, year)
        found = next(q for q in quarters if q.period == period)
        value, mark, provenance = found.value, found.mark, found.provenance
        assert provenance.frequency is Frequency.QUARTERLY
        assert provenance.definition.adjustment is Adjustment.SEASONALLY_ADJUSTED
    elif measure == BALANCE:
        found = source().balance(partner(name), coverage, int(period))
        value, mark, provenance = found.value, found.mark, found.provenance
    else:
        assert isinstance(measure, FlowCode)
        k = key(name, measure, coverage, int(period))
        if not number_text:
            with pytest.raises(Missing, match=re.escape(f"cell {ref} reads '{text}'")):
                source().get(k, VintageRule())
            return
        observation = source().get(k, VintageRule())
        value, mark, provenance = observation.value, None, observation.provenance
        assert provenance.frequency is Frequency.ANNUAL
        assert provenance.definition.adjustment is Adjustment.NOT_SEASONALLY_ADJUSTED
    assert (provenance.sheet, provenance.cells) == (f"Table {number}", (ref,))
    assert provenance.file is not None and provenance.file.startswith(fixture()["file"])
    assert (provenance.vintage, provenance.published) == (vintage_name(), vintage_name())
    assert provenance.dataset == "bea-geo"
    assert provenance.definition.agency == "U.S. Bureau of Economic Analysis"
    assert provenance.definition.coverage is coverage
    if number_text:
        assert (value, mark) == (dollars(text), None)
    else:
        assert (value, mark) == (None, text)


def test_korea_2016_balances_as_published() -> None:
    """Goods and services (Table 3), goods (Table 6), services (Table 9), as the file has them;
    exports - imports through the source equal each within 1 million (BEA rounds each)."""
    for number in (3, 6, 9):
        coverage, _ = TABLES[number]
        _, text = cell(number, KOREA, "2016")
        assert source().balance(partner(KOREA), coverage, 2016).value == dollars(text)
        exports = source().get(key(KOREA, FlowCode.EXPORTS, coverage, 2016), VintageRule())
        imports = source().get(key(KOREA, FlowCode.IMPORTS, coverage, 2016), VintageRule())
        assert abs(exports.value - imports.value - dollars(text)) <= 1_000_000, number
    # The goods and the services balance make the total, within BEA's rounding.
    total = sum(dollars(cell(n, KOREA, "2016")[1]) for n in (6, 9))
    assert abs(total - dollars(cell(3, KOREA, "2016")[1])) <= 1_000_000


def test_not_available_is_missing_and_names_it() -> None:
    ref, text = cell(1, "Ireland", "1999")
    assert text == "n.a."
    with pytest.raises(Missing) as raised:
        source().get(
            key("Ireland", FlowCode.EXPORTS, Coverage.GOODS_AND_SERVICES, 1999), VintageRule()
        )
    message = str(raised.value)
    assert "n.a." in message and "not available" in message and ref in message
    assert "Table 1" in message


def test_missing_reasons() -> None:
    k = key(KOREA, FlowCode.EXPORTS, Coverage.GOODS_AND_SERVICES, 2016)
    first = min(int(label) for label in rows(1) if label.isdigit())

    def reason(k: SeriesKey, rule: VintageRule | None = None) -> str:
        with pytest.raises(Missing) as raised:
            source().get(k, rule or VintageRule())
        return str(raised.value)

    # The world's series are the release's: BEA's tables by partner have nothing to say.
    assert reason(k._replace(partner=bundle().partners["0015"])) == ""
    assert "not monthly" in reason(k._replace(period=Period(2016, 3)))
    assert f"holds {first}-" in reason(k._replace(period=Period(first - 1)))
    assert "BOP basis" in reason(k._replace(basis=Basis.CENSUS))
    assert "not seasonally adjusted" in reason(
        k._replace(adjustment=Adjustment.SEASONALLY_ADJUSTED)
    )
    assert "commodity" in reason(k._replace(commodity=Commodity(CommoditySystem.END_USE, "3")))
    assert "no BEA vintage on or before" in reason(k, VintageRule(pin="2024-12"))
    assert source().get(k, VintageRule(pin=vintage_name()[:7])).value > 0


def test_define() -> None:
    k = key(KOREA, FlowCode.EXPORTS, Coverage.GOODS_AND_SERVICES, 2016)
    definition = source().define(k)
    assert definition is not None
    assert definition.flow_meaning == "exports of goods and services, balance-of-payments basis"
    assert definition.adjustment is Adjustment.NOT_SEASONALLY_ADJUSTED
    assert definition.basis is Basis.BOP
    goods = source().define(k._replace(code=FlowCode.IMPORTS, coverage=Coverage.GOODS))
    assert goods is not None and goods.flow_meaning == "imports of goods, balance-of-payments basis"
    assert source().define(k._replace(basis=Basis.CENSUS)) is None
    assert source().define(k._replace(adjustment=Adjustment.SEASONALLY_ADJUSTED)) is None


def test_datasets_lists_partners_and_vintage() -> None:
    (info,) = source().datasets()
    assert info.name == "bea-geo"
    assert info.agency == "U.S. Bureau of Economic Analysis"
    assert dict(info.partners) == {
        code: " ".join(name.replace("/\n", "/").split()) for name, code in CENSUS_CODE.items()
    }
    assert [v.name for v in info.vintages] == [vintage_name()]
    assert info.vintages[0].file == fixture()["file"]
    last = max(rows(1), key=lambda label: period_of(label))
    assert info.last == info.vintages[0].data_through == period_of(last)
    assert set(info.frequencies) == {Frequency.ANNUAL, Frequency.QUARTERLY}


def test_quarters_cover_the_years_asked() -> None:
    quarters = source().quarters(
        FlowCode.EXPORTS, partner(KOREA), Coverage.GOODS_AND_SERVICES, 2016, 2017
    )
    assert [q.period for q in quarters] == [f"{y}-Q{q}" for y in (2016, 2017) for q in (1, 2, 3, 4)]
    assert all(q.value is not None for q in quarters)


# -- the store ---------------------------------------------------------------------------


def test_each_value_stored_once_and_never_a_zero_for_not_available() -> None:
    db = sqlite3.connect(default_data_dir() / "bea-geo.sqlite")
    duplicates = db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM vals GROUP BY tbl, partner, period HAVING count(*) > 1)"
    ).fetchone()[0]
    assert duplicates == 0
    marked = db.execute("SELECT count(*) FROM vals WHERE mark IS NOT NULL").fetchone()[0]
    assert marked == db.execute("SELECT count(*) FROM vals WHERE value IS NULL").fetchone()[0]
    assert (
        db.execute(
            "SELECT count(*) FROM vals WHERE mark IS NOT NULL AND value IS NOT NULL"
        ).fetchone()[0]
        == 0
    )
    store = source().manifest["store"]
    assert store["values_stored"] == db.execute("SELECT count(*) FROM vals").fetchone()[0]
    assert sum(store["not_published"].values()) == marked
    db.close()


@needs_shared_bea
def test_rebuild_from_shared_matches_committed(tmp_path: Path) -> None:
    run_import("import_bea_geo.py", "--source", str(SHARED_BEA), "--out", str(tmp_path))
    committed = default_data_dir()
    fresh_db = sqlite3.connect(tmp_path / "bea-geo.sqlite")
    kept_db = sqlite3.connect(committed / "bea-geo.sqlite")
    assert list(fresh_db.iterdump()) == list(kept_db.iterdump())
    fresh = json.loads((tmp_path / "bea-geo-manifest.json").read_text())
    kept = json.loads((committed / "bea-geo-manifest.json").read_text())
    if fresh["built_with_sqlite"] == kept["built_with_sqlite"]:
        assert fresh["database_sha256"] == kept["database_sha256"]
    for manifest in (fresh, kept):
        manifest.pop("database_sha256")
        manifest.pop("built_with_sqlite")
    assert fresh == kept


@needs_shared_bea
def test_fixture_is_what_the_extraction_script_writes(tmp_path: Path) -> None:
    out = tmp_path / "cells.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "extract_bea_geo_fixtures.py"),
            "--source",
            str(SHARED_BEA),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_text() == FIXTURE.read_text()


def test_mapped_codes_are_the_same_partners_as_census_goods() -> None:
    """A check of the mapping, not of a figure: BEA's goods (BOP basis, Tables 4 and 5) and the
    Census country file's goods (Census basis) of each mapped code differ only by the BOP
    adjustments, at most a few percent; a wrong code would be off by far more."""
    census = BundleSource(bundle())
    for name in CENSUS_CODE:
        for year in (2016, 2024):
            for code in FlowCode:
                k = key(name, code, Coverage.GOODS, year)
                bea = source().get(k, VintageRule()).value
                goods = census.get(k._replace(basis=Basis.CENSUS), VintageRule()).value
                assert abs(bea / goods - 1) < 0.10, (name, year, code, bea, goods)


@pytest.mark.parametrize(
    ("coverage", "table"), [("goods-and-services", 3), ("goods", 6), ("services", 9)]
)
def test_series_lists_bea_balances_by_scope(coverage: str, table: int) -> None:
    """`series --scope` reads BEA's by-partner tables: the balance it computes from exports
    and imports is the published one within a million (each is rounded)."""
    from typer.testing import CliRunner

    from tradecheck.cli import app

    args = ["series", "South Korea", "--flow", "balance", "--scope", coverage, "--basis", "bop"]
    result = CliRunner().invoke(app, [*args, "--from", "2016", "--to", "2016", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)
    published = dollars(cell(table, KOREA, "2016")[1])
    assert abs(row["value_usd"] - published) <= 1_000_000
    assert row["source"] == f"bea-geo {vintage_name()}"


def test_series_lists_quarters_from_the_by_partner_tables() -> None:
    """`series --quarterly` lists BEA's seasonally adjusted quarters, cell for cell; n.a. is
    shown as not published, with the file's mark."""
    from typer.testing import CliRunner

    from tradecheck.cli import app

    args = ["series", "South Korea", "--quarterly", "--scope", "goods-and-services"]
    result = CliRunner().invoke(app, [*args, "--from", "2016", "--to", "2016", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    listed = {row["period"]: row["value_usd"] for row in json.loads(result.stdout)}
    assert list(listed) == ["2016-Q1", "2016-Q2", "2016-Q3", "2016-Q4"]
    (label,) = [label for label in rows(1) if period_of(label) == "2016-Q1"]
    assert listed["2016-Q1"] == dollars(cell(1, KOREA, label)[1])
    ireland = CliRunner().invoke(
        app, ["series", "Ireland", "--quarterly", "--scope", "services", "--from", "1999",
              "--to", "1999", "-f", "json"],
    )  # fmt: skip
    (label,) = [label for label in rows(7) if period_of(label) == "1999-Q1"]
    assert cell(7, "Ireland", label)[1] == "n.a."
    first = json.loads(ireland.stdout)[0]
    assert (first["value_usd"], first["note"]) == (None, "n.a. in the file")


def test_series_names_what_a_bea_series_covers_and_refuses_unadjusted_quarters() -> None:
    from typer.testing import CliRunner

    from tradecheck.cli import app

    runner = CliRunner()
    args = ["series", "South Korea", "--scope", "services", "--from", "2016", "--to", "2016"]
    listed = runner.invoke(app, [*args, "-f", "json"])
    assert json.loads(listed.stdout)[0]["commodity"] == "services"  # not "all goods"
    refused = runner.invoke(app, ["series", "Japan", "--quarterly", "--adjustment", "nsa"])
    assert refused.exit_code == 2
    assert refused.stderr == (
        "tradecheck: error: --quarterly: BEA publishes its quarters seasonally adjusted only\n"
    )
