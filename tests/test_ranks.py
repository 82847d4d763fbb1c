"""The `rank` operation (claims/ranks.yaml): every field of countries is ranked here from the
country-file cells in fixtures/ (every row of 2017 and 2022-2024 in the newest vintage),
never through the import code. A country is a code outside 00xx (the world, groupings,
regions and product groups are all 00xx codes in the country file)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cells import ROOT, billions, fixture_file
from tradecheck.claims import Verdict
from tradecheck.cli import app
from tradecheck.engine import prepare, verify_files
from tradecheck.fetch import plan
from tradecheck.quantity import ClaimedValueError, Kind, Rank, parse_claimed
from tradecheck.report import ClaimReport
from tradecheck.verdict import Ranking, Standing, judge_rank

CLAIMS = ROOT / "claims" / "ranks.yaml"
FILE = "country/country-2026-04.xlsx"
RUNNER = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})


def field(year: int, columns: tuple[str, ...]) -> list[tuple[str, str, Decimal]]:
    """(code, name, billions) of every country in `year`, the columns summed, largest first."""
    entry = fixture_file(FILE)
    by_name = {name: col for col, name in entry["header"].items()}
    out = []
    for row in entry["rows"]:
        cells = row["cells"]
        if cells[by_name["year"]] != str(year) or cells[by_name["CTY_CODE"]].startswith("00"):
            continue
        total = sum(Decimal(cells[by_name[c]]) * 1_000_000 for c in columns)
        out.append((cells[by_name["CTY_CODE"]], cells[by_name["CTYNAME"]], billions(total)))
    return sorted(out, key=lambda r: -r[2])


def place(year: int, columns: tuple[str, ...], code: str) -> int:
    ranked = field(year, columns)
    mine = next(v for c, _, v in ranked if c == code)
    return 1 + sum(1 for _, _, v in ranked if v > mine)


def money(value: Decimal) -> str:
    return f"${value.quantize(Decimal('0.01')):,} billion"


TOTAL = ("IYR", "EYR")


@pytest.fixture(scope="module")
def judged() -> dict[str, ClaimReport]:
    report = verify_files([CLAIMS])
    return {c.id: c for f in report.files for c in f.claims}


def test_verify_exits_0_with_every_recorded_verdict(judged: dict[str, ClaimReport]) -> None:
    result = RUNNER.invoke(app, ["verify", str(CLAIMS)])
    assert result.exit_code == 0, result.stdout
    assert "7 claims: 4 accurate, 3 false. recorded verdicts: 7 reproduce." in result.stdout
    for claim in judged.values():
        assert claim.verdict is claim.expected, claim.id
    assert CLAIMS.read_text().startswith("# Constructed examples, not quotes from an article")


def test_canada_is_the_largest_partner_by_total_trade_in_2022(
    judged: dict[str, ClaimReport],
) -> None:
    ranked = field(2022, TOTAL)
    (c1, n1, v1), (_, n2, v2) = ranked[0], ranked[1]
    assert (c1, n1, n2) == ("1220", "Canada", "Mexico")
    claim = judged["canada-largest-partner-2022"]
    assert claim.verdict is Verdict.ACCURATE and claim.rule == "rank-holds"
    assert claim.reason == (
        f"Canada is 1st of {len(ranked)} countries by exports + imports in 2022 "
        f"({money(v1)}), ahead of Mexico ({money(v2)})"
    )
    assert claim.computed is not None and claim.computed.value == 1.0
    assert claim.computed.unit == "place" and claim.difference is None
    assert "a rank compares countries only, not groupings or regions" in claim.caveats
    # The report lists the top ten, and its inputs are theirs (exports and imports each).
    assert claim.ranking is not None
    assert [(p.place, p.code) for p in claim.ranking] == [
        (i + 1, c) for i, (c, _, _) in enumerate(ranked[:10])
    ]
    assert len(claim.inputs) == 20
    assert {i.partner for i in claim.inputs} == {c for c, _, _ in ranked[:10]}


def test_canada_is_second_in_2024_after_mexico(judged: dict[str, ClaimReport]) -> None:
    ranked = field(2024, TOTAL)
    assert [r[1] for r in ranked[:2]] == ["Mexico", "Canada"]
    claim = judged["canada-largest-partner-2024"]
    assert claim.verdict is Verdict.FALSE and claim.rule == "wrong-rank"
    assert claim.reason == (
        f"Canada is 2nd of {len(ranked)} countries by exports + imports in 2024 "
        f"({money(ranked[1][2])}), after Mexico ({money(ranked[0][2])}); claimed 1st"
    )


def test_mexico_overtook_china_in_imports_in_2023(judged: dict[str, ClaimReport]) -> None:
    before, now = field(2022, ("IYR",)), field(2023, ("IYR",))
    assert [r[0] for r in before[:2]] == ["5700", "2010"]
    assert [r[0] for r in now[:2]] == ["2010", "5700"]
    claim = judged["mexico-overtook-china-imports-2023"]
    assert claim.verdict is Verdict.ACCURATE and claim.rule == "overtook"
    assert claim.reason == (
        f"in 2022 Mexico was 2nd ({money(before[1][2])}) and China 1st ({money(before[0][2])}); "
        f"in 2023 Mexico is 1st ({money(now[0][2])}) and China 2nd ({money(now[1][2])}), "
        f"of {len(now)} countries by imports"
    )
    # The previous year's values of the two partners are among its inputs.
    assert {(i.partner, i.period) for i in claim.inputs} >= {("2010", "2022"), ("5700", "2022")}


def test_overtook_is_false_when_already_ahead(judged: dict[str, ClaimReport]) -> None:
    claim = judged["mexico-overtook-china-imports-2024"]
    assert place(2023, ("IYR",), "2010") < place(2023, ("IYR",), "5700")
    assert claim.verdict is Verdict.FALSE and claim.rule == "did-not-overtake"
    assert claim.reason.endswith(": Mexico was already ahead in 2023")


def test_places_and_top_n(judged: dict[str, ClaimReport]) -> None:
    china = judged["china-third-largest-export-market-2024"]
    assert place(2024, ("EYR",), "5700") == 3
    assert china.verdict is Verdict.ACCURATE and china.computed is not None
    assert china.computed.value == 3.0
    germany = judged["germany-top-five-imports-2024"]
    assert germany.computed is not None
    assert germany.computed.value == place(2024, ("IYR",), "4280") <= 5
    assert germany.verdict is Verdict.ACCURATE
    korea = judged["korea-top-five-exports-2024"]
    korea_place = place(2024, ("EYR",), "5800")
    assert korea_place > 5 and korea.verdict is Verdict.FALSE
    assert korea.reason.endswith(f"and {korea_place - 4} more; claimed among the top 5")
    assert korea.ranking is not None
    assert [p.place for p in korea.ranking if p.claimed] == [korea_place]


def write(tmp_path: Path, claim: str) -> Path:
    path = tmp_path / "one.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2026-01}\nclaims:\n"
        f"  - {{id: one, quote: q, speaker: s, {claim}}}\n"
    )
    return path


def test_a_tie_shares_the_place() -> None:
    """No two countries tie in the bundled years, so the rubric is given a field where a
    third country has exactly Mexico's 2024 exports: both are 2nd, and the next is 4th."""
    ranked = field(2024, ("EYR",))
    (c1, n1, v1), (c2, n2, v2), (c3, n3, _) = ranked[:3]
    standings = (
        Standing(c1, n1, v1),
        Standing(c2, n2, v2),
        Standing(c3, n3, v2),  # China given Mexico's value
        *(Standing(c, n, v) for c, n, v in ranked[3:]),
    )
    ranking = Ranking("2024", standings, "2023", (), c3, None, "exports", "billion USD",
                      "countries", 0)  # fmt: skip
    assert ranking.place(c2) == ranking.place(c3) == 2
    assert ranking.place(ranked[3][0]) == 4
    judged = judge_rank(parse_claimed("second-largest"), ranking)
    assert judged.verdict is Verdict.ACCURATE and judged.rule.value == "rank-holds"
    assert judged.reason == (
        f"{n3} is 2nd (tied with {n2}) of {len(ranked)} countries by exports in 2024 "
        f"({money(v2)}), after {n1} ({money(v1)})"
    )
    assert judge_rank(parse_claimed("largest"), ranking).verdict is Verdict.FALSE


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        (
            "measure: {flow: exports, partner: EU}, period: 2024, operation: rank, "
            "claimed: largest",
            "claims[0].measure.partner: operation 'rank' places a country among countries; "
            "0003 European Union is a grouping of countries, not a country",
        ),
        (
            "measure: {flow: exports, partner: world}, period: 2024, operation: rank, "
            "claimed: largest",
            "0015 World, Not Seasonally Adjusted is the world total, not a country",
        ),
        (
            "measure: {flow: imports, partner: Mexico}, period: 2023, operation: rank, "
            "claimed: overtook Asia",
            "claims[0].claimed: overtook 0016 Asia: a rank compares countries, and it is a region",
        ),
        (
            "measure: {flow: imports, partner: Mexico}, period: 2023, operation: rank, "
            "claimed: overtook Mexico",
            "overtook 2010 Mexico, the claim's partner itself: name the partner it passed",
        ),
        (
            "measure: {flow: imports, partner: Mexico}, period: '2022..2023', "
            "operation: rank, claimed: largest",
            "operation 'rank' takes a year, a quarter or a month, not a range (2022..2023)",
        ),
        (
            "measure: {flow: imports, partner: Mexico}, period: 2023, operation: rank, "
            "claimed: 17%",
            "claimed",
        ),
        (
            "measure: {flow: imports, partner: Mexico}, period: 2023, operation: level, "
            "claimed: largest",
            "claimed",
        ),
    ],
)
def test_malformed_ranks_are_input_errors(tmp_path: Path, claim: str, message: str) -> None:
    path = write(tmp_path, claim)
    result = RUNNER.invoke(app, ["lint", str(path)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_parse_rank_forms() -> None:
    cases = {
        "largest": Rank(1),
        "our largest trading partner": Rank(1),
        "the top source of imports": Rank(1),
        "second-largest": Rank(2),
        "3rd largest": Rank(3),
        "third-largest export market": Rank(3),
        "among the top five": Rank(5, within=True),
        "one of the top 10": Rank(10, within=True),
        "overtook China": Rank(None, overtook="China"),
        "overtook the United Kingdom as the second-largest market": Rank(
            2, overtook="United Kingdom"
        ),
    }
    for text, rank in cases.items():
        value = parse_claimed(text)
        assert value.kind is Kind.RANK and value.rank == rank, text
    with pytest.raises(ClaimedValueError, match="cannot read 'the top one'"):
        parse_claimed("among the top one")


def test_fetch_plans_every_country_of_both_years(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "measure: {flow: exports, partner: Canada}, period: 2024, operation: rank, "
        "claimed: largest",
    )
    labels = [item.label for item in plan(prepare([path]), refetch_all=True)]
    countries = {c for c, _, _ in field(2024, ("EYR",))}
    assert len(labels) >= 2 * len(countries)  # 2023 and 2024, every country of the table
    assert "exports, 1220 Canada, all goods, 2023" in labels
    assert "exports, 2010 Mexico, all goods, 2024" in labels
    assert not any(" 0003 " in label or " 0015 " in label for label in labels)


def test_explain_shows_the_top_ten(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["explain", "canada-largest-partner-2024", str(CLAIMS)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("Top ten countries, 2024 (billion USD) (< marks the claim's partner)")
    ranked = field(2024, TOTAL)
    chart = lines[start + 1 : start + 11]
    assert [line.split("█")[0].strip() for line in chart] == [
        f"{i + 1}. {name}" for i, (_, name, _) in enumerate(ranked[:10])
    ]
    assert chart[1].endswith(f"{ranked[1][2]:,.2f}   <")
    assert "computed: exports + imports of" in result.stdout or "Computation" in result.stdout


def test_under_goods_and_services_the_field_is_beas_countries(
    judged: dict[str, ClaimReport],
) -> None:
    claim = judged["canada-largest-partner-2022"]
    gs = next(a for a in claim.definitions if a.definition == "goods and services, BOP basis")
    assert "countries BEA publishes by partner" in gs.reason
