"""Claims judged by the definition they record (claims/definitions.yaml and KORUS), and the
definition sweep beside each verdict; every expected number is computed here from the source
cells in fixtures/ (the Census country and end-use files, BEA's tables by partner, the
FT-900 exhibits), never through the import code."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from test_bea_geo import cell as bea_cell
from test_bea_geo import dollars as bea_dollars
from test_release import dollars as release_dollars
from test_release import layout, row_of
from typer.testing import CliRunner

from cells import ROOT, country_dollars, enduse_dollars
from tradecheck.claims import Verdict
from tradecheck.cli import app
from tradecheck.domain import Basis, Coverage
from tradecheck.engine import prepare, verify_files
from tradecheck.report import Alternative, ClaimReport

DEFINITIONS = ROOT / "claims" / "definitions.yaml"
KORUS = ROOT / "claims" / "korus-2018.yaml"
NEWEST = "2026-04"
EXH1 = "census/ft900/exh1-2026-03.xlsx"
EXH12 = "census/ft900/exh12-2026-03.xlsx"
EXPORTS_CSV = "enduse-exports/enduse_exports-2023-07.csv"
IMPORTS_NEW = "enduse-imports/enduse_imports-2026-04.xlsx"
BILLION = Decimal(10**9)
RUNNER = CliRunner()


def claims(path: object = DEFINITIONS) -> dict[str, ClaimReport]:
    report = verify_files([path])  # type: ignore[list-item]
    return {c.id: c for f in report.files for c in f.claims}


@pytest.fixture(scope="module")
def judged() -> dict[str, ClaimReport]:
    return claims()


def release(file: str, period: str, coverage: Coverage, basis: Basis, flow: str) -> int:
    """A release cell in whole dollars, found by its column's definition."""
    (column,) = [c for c, spec in layout(file).items() if spec == (coverage, basis, flow)]
    return release_dollars(row_of(file, period).cells[column])


def bea(table: int, partner: str, label: str) -> int:
    """A cell of BEA's tables by partner in whole dollars (1 exports, 2 imports, of goods and
    services; 4 and 5 of goods; 7 and 8 of services)."""
    return bea_dollars(bea_cell(table, partner, label)[1])


def census(code: str, year: int, column: str) -> int:
    return country_dollars(NEWEST, code, year, column)


def two(value: Decimal) -> str:
    """As the reasons print a value: two decimals, half up, with commas."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def alternative(claim: ClaimReport, definition: str) -> Alternative:
    (found,) = [a for a in claim.definitions if a.definition == definition]
    return found


def computed(claim: ClaimReport | Alternative) -> Decimal:
    assert claim.computed is not None
    return Decimal(str(claim.computed.value))


def same(value: Decimal, expected: Decimal) -> None:
    """Equal to the precision a report's float carries."""
    assert round(value, 9) == round(expected, 9)


# -- the file as a whole -------------------------------------------------------------------


def test_verify_exits_0_with_every_recorded_verdict(judged: dict[str, ClaimReport]) -> None:
    result = RUNNER.invoke(app, ["verify", str(DEFINITIONS)])
    assert result.exit_code == 0, result.stdout
    for claim in judged.values():
        if claim.expected is not None:
            assert claim.verdict is claim.expected, claim.id
    assert judged["thailand-exports-goods-and-services"].verdict is Verdict.UNVERIFIABLE
    assert "14 claims: 10 accurate, 1 inaccurate, 2 false, 1 unverifiable." in result.stdout


def test_the_file_says_its_claims_are_constructed() -> None:
    text = DEFINITIONS.read_text()
    assert text.startswith("# Constructed examples, not quotes from an article")
    assert "publisher: tradecheck (constructed examples, not an article)" in text


# -- goods and services for the world: the release ----------------------------------------


def test_the_2024_goods_and_services_deficit_is_the_newest_release(
    judged: dict[str, ClaimReport],
) -> None:
    exports = release(EXH1, "2024", Coverage.GOODS_AND_SERVICES, Basis.BOP, "E")
    imports = release(EXH1, "2024", Coverage.GOODS_AND_SERVICES, Basis.BOP, "I")
    deficit = Decimal(imports - exports) / BILLION
    claim = judged["gs-deficit-2024"]
    same(computed(claim), deficit)
    assert claim.verdict is Verdict.ACCURATE
    assert claim.reason == f"${two(deficit)} billion rounds to $903.5 billion at the claim's " + (
        "precision (0.1)"
    )
    assert [(i.dataset, i.vintage, i.file) for i in claim.inputs] == [
        ("bea-world", "2026-03", f"{EXH1}, column E"),
        ("bea-world", "2026-03", f"{EXH1}, column H"),
    ]
    assert claim.definition == "goods and services, BOP basis"
    first = judged["gs-deficit-2024-first-print"]
    assert first.verdict is Verdict.INACCURATE
    assert first.reason.startswith(f"${two(deficit)} billion misses $918 billion by ")
    # As first published (BEA's April 2025 file) it rounded to $918 billion: the vintages
    # issue judges it on the data of its day.
    april = "bea/trad-time-series-0225.xlsx"
    then = release(april, "2024", Coverage.GOODS_AND_SERVICES, Basis.BOP, "I") - release(
        april, "2024", Coverage.GOODS_AND_SERVICES, Basis.BOP, "E"
    )
    assert round(Decimal(then) / BILLION) == 918


def test_a_trillion_recorded_as_goods_and_services_is_false_and_holds_as_goods(
    judged: dict[str, ClaimReport],
) -> None:
    claim = judged["trillion-recorded-as-goods-and-services"]
    assert claim.verdict is Verdict.FALSE
    census_goods = Decimal(census("0015", 2024, "IYR") - census("0015", 2024, "EYR"))
    bop_goods = Decimal(
        release(EXH12, "2024", Coverage.GOODS, Basis.BOP, "I")
        - release(EXH12, "2024", Coverage.GOODS, Basis.BOP, "E")
    )
    on_census = alternative(claim, "goods, Census basis")
    on_bop = alternative(claim, "goods, BOP basis")
    same(computed(on_census), census_goods / 10**12)
    same(computed(on_bop), bop_goods / 10**12)
    assert on_census.verdict is Verdict.ACCURATE and on_bop.verdict is Verdict.ACCURATE
    assert on_census.differs == "services left out"
    assert on_census.inputs[0].dataset == "country"
    assert on_bop.inputs[0].dataset == "ft900-goods-nsa"
    services = alternative(claim, "services, BOP basis")
    assert services.verdict is Verdict.FALSE
    table = RUNNER.invoke(app, ["verify", str(DEFINITIONS)]).stdout
    row = next(x for x in table.splitlines() if x.startswith("trillion-recorded-as-goods"))
    assert row.split()[7:9] == ["false", "*"]  # the verdict, marked
    assert f"  holds as goods, Census basis (2024): ${two(census_goods / BILLION)} billion" in (
        table.splitlines()
    )
    assert f"  holds as goods, BOP basis (2024): ${two(bop_goods / BILLION)} billion" in (
        table.splitlines()
    )
    assert (
        "* holds under another definition than the one recorded (below; the verdict is the "
        "recorded definition's)"
    ) in table.splitlines()


def test_the_services_surplus_reads_the_services_columns(judged: dict[str, ClaimReport]) -> None:
    surplus = Decimal(
        release(EXH1, "2024", Coverage.SERVICES, Basis.BOP, "E")
        - release(EXH1, "2024", Coverage.SERVICES, Basis.BOP, "I")
    )
    same(computed(judged["services-surplus-2024"]), surplus / BILLION)


# -- sign-only claims ------------------------------------------------------------------------


def test_a_deficit_with_canada_is_false_on_goods_and_services_and_true_on_goods(
    judged: dict[str, ClaimReport],
) -> None:
    surplus = Decimal(bea(1, "Canada", "2017") - bea(2, "Canada", "2017")) / BILLION
    assert surplus > 0  # BEA: a surplus with Canada on goods and services
    gs = judged["canada-deficit-goods-and-services"]
    assert (gs.verdict, gs.rule) == (Verdict.FALSE, "sign")
    assert gs.reason == f"the balance is a surplus of ${two(surplus)} billion, not a deficit"
    assert gs.difference is None
    deficit = Decimal(census("1220", 2017, "IYR") - census("1220", 2017, "EYR")) / BILLION
    goods = judged["canada-deficit-goods"]
    assert (goods.verdict, goods.rule) == (Verdict.ACCURATE, "sign")
    assert goods.reason == f"the balance is a deficit of ${two(deficit)} billion, as claimed"
    same(computed(alternative(gs, "goods, Census basis")), deficit)
    assert alternative(gs, "goods, Census basis").verdict is Verdict.ACCURATE
    table = RUNNER.invoke(app, ["verify", str(DEFINITIONS)]).stdout.splitlines()
    assert f"  holds as goods, Census basis (2017): ${two(deficit)} billion" in table


def test_a_surplus_with_the_united_kingdom(judged: dict[str, ClaimReport]) -> None:
    surplus = Decimal(census("4120", 2024, "EYR") - census("4120", 2024, "IYR")) / BILLION
    claim = judged["uk-surplus"]
    assert claim.reason == f"the balance is a surplus of ${two(surplus)} billion, as claimed"


# -- partners: BEA's tables by partner --------------------------------------------------------


def test_korea_goods_and_services_next_to_goods(judged: dict[str, ClaimReport]) -> None:
    gs = Decimal(bea(2, "Korea, South", "2016") - bea(1, "Korea, South", "2016")) / BILLION
    goods = Decimal(census("5800", 2016, "IYR") - census("5800", 2016, "EYR")) / BILLION
    with_services = judged["korea-deficit-goods-and-services-2016"]
    same(computed(with_services), gs)
    assert with_services.inputs[0].dataset == "bea-geo"
    assert with_services.inputs[0].file == "trad-geo-time-series-0125.xlsx, column O (Korea, South)"
    same(computed(judged["korea-deficit-goods-2016"]), goods)
    same(
        computed(alternative(judged["korea-deficit-goods-2016"], "goods and services, BOP basis")),
        gs,
    )


def test_a_partner_bea_does_not_publish_is_unverifiable(judged: dict[str, ClaimReport]) -> None:
    claim = judged["thailand-exports-goods-and-services"]
    assert claim.verdict is Verdict.UNVERIFIABLE
    assert claim.reason == (
        "goods and services, BOP basis exports for 5490 Thailand, 2024: BEA's trade by partner "
        "does not publish this partner (its partners: 26 countries and areas with a Census "
        "code; All other countries has none)"
    )
    # Its goods on the Census basis are in the sweep.
    assert claim.definitions[0].definition == "goods, Census basis"


# -- months and quarters ----------------------------------------------------------------------


def test_january_2026_seasonally_adjusted_and_not(judged: dict[str, ClaimReport]) -> None:
    adjusted = Decimal(census("0004", 2026, "IJAN") - census("0004", 2026, "EJAN")) / BILLION
    raw = Decimal(census("0015", 2026, "IJAN") - census("0015", 2026, "EJAN")) / BILLION
    sa = judged["january-2026-goods-deficit-adjusted"]
    same(computed(sa), adjusted)
    assert two(adjusted) == "80.80"  # the issue's $80.8 billion
    assert {i.partner for i in sa.inputs} == {"0004"}
    assert sa.definition == "goods, Census basis, seasonally adjusted"
    assert "seasonally adjusted" in sa.caveats and "not seasonally adjusted" not in sa.caveats
    nsa = judged["january-2026-goods-deficit-unadjusted"]
    same(computed(nsa), raw)
    same(computed(alternative(nsa, "goods, Census basis, seasonally adjusted")), adjusted)
    assert alternative(nsa, "goods, Census basis, seasonally adjusted").differs == (
        "seasonally adjusted"
    )


def test_quarters_census_sums_months_bea_publishes_its_own(
    judged: dict[str, ClaimReport],
) -> None:
    months = sum(census("2010", 2024, c) for c in ("EJUL", "EAUG", "ESEP"))
    goods = judged["mexico-exports-goods-2024-q3"]
    same(computed(goods), Decimal(months) / BILLION)
    assert [i.period for i in goods.inputs] == ["2024-07", "2024-08", "2024-09"]
    gs = judged["mexico-exports-goods-and-services-2024-q3"]
    same(computed(gs), Decimal(bea(1, "Mexico", "2024 3 (R)")) / BILLION)
    assert gs.definition == "goods and services, BOP basis, seasonally adjusted"
    assert gs.inputs[0].period == "2024-Q3"


def test_a_world_quarter_on_bea_definitions_is_unverifiable(tmp_path: object) -> None:
    path = tmp_path / "q.yaml"  # type: ignore[operator]
    path.write_text(
        "source: {title: t, publisher: p, date: 2026-11}\nclaims:\n"
        "  - {id: q, quote: q, speaker: s, measure: {flow: exports, partner: world, scope: "
        "services}, period: 2024-Q3, operation: level, claimed: '$300 billion'}\n"
    )
    claim = claims(path)["q"]
    assert claim.verdict is Verdict.UNVERIFIABLE
    assert claim.reason == (
        "services exports for 0015 World (BOP basis, seasonally "
        "adjusted), 2024-Q3: the release's world series bundled are monthly and annual; BEA's "
        "quarters for the world are not bundled"
    )


# -- KORUS: verdicts unchanged, sweeps shown ----------------------------------------------


def test_korus_ballooned_deficit_sweeps_goods_and_services_with_korea() -> None:
    korus = claims(KORUS)
    claim = korus["deficit-ballooned"]
    assert claim.verdict is Verdict.ACCURATE
    start = Decimal(bea(2, "Korea, South", "2011") - bea(1, "Korea, South", "2011"))
    end = Decimal(bea(2, "Korea, South", "2016") - bea(1, "Korea, South", "2016"))
    gs = alternative(claim, "goods and services, BOP basis")
    same(computed(gs), (end - start) / start * 100)
    assert {i.period for i in gs.inputs} == {"2011", "2016"}
    assert gs.verdict is Verdict.ACCURATE


def test_korus_auto_deficit_sweeps_vehicles_and_passenger_cars() -> None:
    claim = claims(KORUS)["auto-deficit-2016"]
    assert claim.verdict is Verdict.INACCURATE

    def deficit(*codes: str) -> Decimal:
        imports = sum(enduse_dollars(IMPORTS_NEW, "5800", c, 2016) for c in codes)
        exports = sum(enduse_dollars(EXPORTS_CSV, "5800", c, 2016) for c in codes)
        return Decimal(imports - exports) / BILLION

    vehicles = alternative(claim, "vehicles only (end-use 30000 + 30100 + 30110 where present)")
    cars = alternative(claim, "passenger cars only (end-use 30000)")
    same(computed(vehicles), deficit("30000", "30100", "30110"))
    same(computed(cars), deficit("30000"))
    assert vehicles.commodity == "end-use 30000 + end-use 30100 + end-use 30110"
    # 30110 (bodies and chassis for trucks and buses) is an import code only.
    assert sorted({i.commodity for i in vehicles.inputs if i.flow == "exports"}) == [
        "end-use 30000",
        "end-use 30100",
    ]
    assert {a.definition for a in claim.definitions} == {vehicles.definition, cars.definition}


# -- explain, JSON, caveats, the footer, fetch -----------------------------------------------


def test_explain_shows_the_sweep_as_a_table() -> None:
    result = RUNNER.invoke(
        app, ["explain", "trillion-recorded-as-goods-and-services", str(DEFINITIONS)]
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    at = lines.index(
        "Other definitions (the verdict stays the one for goods and services, BOP basis)"
    )
    assert lines[at + 1].split() == ["definition", "computed", "verdict", "why", "it", "differs"]
    assert lines[at + 2].split()[:5] == ["goods,", "Census", "basis", "$1.20", "tn"]
    assert lines[at + 2].endswith("accurate  services left out")
    assert "  definition: goods and services, BOP basis" in lines


def test_json_carries_each_alternative_with_its_provenance() -> None:
    result = RUNNER.invoke(app, ["verify", str(DEFINITIONS), "--format", "json"])
    report = json.loads(result.stdout)
    claim = next(
        c for c in report["files"][0]["claims"] if c["id"] == "canada-deficit-goods-and-services"
    )
    assert claim["definition"] == "goods and services, BOP basis"
    on_census = next(a for a in claim["definitions"] if a["definition"] == "goods, Census basis")
    assert set(on_census) >= {
        "definition", "scope", "basis", "adjustment", "commodity", "differs", "verdict",
        "rule", "reason", "computed", "formula", "inputs",
    }  # fmt: skip
    assert (on_census["scope"], on_census["basis"], on_census["adjustment"]) == (
        "goods",
        "Census basis",
        None,
    )
    assert [i["file"] for i in on_census["inputs"]] == [
        "country-2026-04.xlsx, column EYR",
        "country-2026-04.xlsx, column IYR",
    ]


def test_caveats_and_footer_follow_the_data_used(judged: dict[str, ClaimReport]) -> None:
    gs = judged["gs-deficit-2024"]
    assert "goods and services" in gs.caveats and "BOP basis" in gs.caveats
    assert "goods only (not services)" not in gs.caveats and "Census basis" not in gs.caveats
    goods = judged["korea-deficit-goods-2016"]
    assert "goods only (not services)" in goods.caveats and "Census basis" in goods.caveats
    table = RUNNER.invoke(app, ["verify", str(DEFINITIONS)]).stdout.splitlines()
    assert table[-1] == "Datasets used: bea-geo 2025-03-06, bea-world 2026-03, country 2026-04."
    assert "U.S. Bureau of Economic Analysis, goods and services, BOP basis" in table[-2]
    korus = RUNNER.invoke(app, ["verify", str(KORUS)]).stdout.splitlines()
    assert korus[-2] == (
        "All figures: U.S. Census Bureau, goods only, Census basis, nominal dollars, not "
        "seasonally adjusted."
    )


def test_fetch_plans_only_what_the_census_api_publishes() -> None:
    from tradecheck.fetch import plan

    items = plan(prepare([DEFINITIONS]), refetch_all=True)
    names = [i.label for i in items]
    # Census-basis goods only (BEA's series are bundled); a quarter is requested as months.
    assert "exports, 2010 Mexico, all goods, 2024-07" in names
    assert not any("goods and services" in n or "services" in n for n in names)
    assert not any("Q3" in n for n in names)


def test_the_world_on_beas_definitions_is_the_world() -> None:
    """The country file names 0015 "World, Not Seasonally Adjusted": right for Census goods
    not adjusted, wrong for BEA's series, which say "World"."""
    gs = RUNNER.invoke(app, ["explain", "gs-deficit-2024", str(DEFINITIONS)]).stdout
    assert "  partner: 0015 World (world)" in gs.splitlines()
    assert "Series: deficit, 0015 World, goods and services, BOP basis (billion USD)" in gs
    goods = RUNNER.invoke(
        app, ["explain", "january-2026-goods-deficit-unadjusted", str(DEFINITIONS)]
    )
    assert "  partner: 0015 World, Not Seasonally Adjusted (world)" in goods.stdout.splitlines()


def test_series_quarterly_takes_quarters_as_bounds() -> None:
    result = RUNNER.invoke(
        app,
        ["series", "Mexico", "--quarterly", "--from", "2024-Q3", "--to", "2024-Q4", "-f", "json"],
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["period"] for r in rows] == ["2024-Q3", "2024-Q4"]
    assert rows[0]["value_usd"] == bea(4, "Mexico", "2024 3 (R)")  # goods, BOP basis
