"""The `sum`, `compare` and `streak` operations (claims/sums-streaks.yaml): every expected
number is computed here from the country-file cells in fixtures/ (every year from 1985 for
China, every country for 2017 and 2022-2024, and Mexico, Japan, Germany and the U.K. for
2013-2026, in the newest vintage), never through the import code."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cells import ROOT, billions, country_dollars
from tradecheck.claims import Verdict
from tradecheck.cli import app
from tradecheck.engine import prepare, verify_files
from tradecheck.fetch import plan
from tradecheck.quantity import ClaimedValueError, Comparison, Direction, Kind, parse_claimed
from tradecheck.report import ClaimReport
from tradecheck.verdict import Run, Sides, judge_compare, judge_streak

CLAIMS = ROOT / "claims" / "sums-streaks.yaml"
NEWEST = "2026-04"
RUNNER = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
CHINA, CANADA, MEXICO, JAPAN, UK, GERMANY = "5700", "1220", "2010", "5880", "4120", "4280"


@pytest.fixture(scope="module")
def judged() -> dict[str, ClaimReport]:
    report = verify_files([CLAIMS])
    return {c.id: c for f in report.files for c in f.claims}


def exports(code: str, year: int, month: int | None = None) -> Decimal:
    column = "EYR" if month is None else f"E{MONTHS[month - 1]}"
    return billions(country_dollars(NEWEST, code, year, column))


def deficit(code: str, year: int) -> Decimal:
    imports = country_dollars(NEWEST, code, year, "IYR")
    return billions(imports - country_dollars(NEWEST, code, year, "EYR"))


def money(value: Decimal, scale: str = "billion") -> str:
    return f"${abs(value).quantize(Decimal('0.01')):,} {scale}"


def signed(value: Decimal) -> str:
    return ("+" if value > 0 else "-") + money(value)


def write(tmp_path: Path, claim: str) -> Path:
    path = tmp_path / "one.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2026-01}\nclaims:\n"
        f"  - {{id: one, quote: q, speaker: s, {claim}}}\n"
    )
    return path


def one(tmp_path: Path, claim: str) -> ClaimReport:
    return verify_files([write(tmp_path, claim)]).files[0].claims[0]


def test_verify_exits_0_with_every_recorded_verdict(judged: dict[str, ClaimReport]) -> None:
    result = RUNNER.invoke(app, ["verify", str(CLAIMS)])
    assert result.exit_code == 0, result.stdout
    for claim in judged.values():
        assert claim.expected is not None, claim.id
        assert claim.verdict is claim.expected, claim.id
    assert CLAIMS.read_text().startswith("# Constructed examples, not quotes from an article")
    verdicts = {(c.operation, c.verdict) for c in judged.values()}
    for operation in ("compare", "streak"):  # each operation's every verdict
        assert {(operation, Verdict.ACCURATE), (operation, Verdict.FALSE)} <= verdicts


# --- sum ---


def test_the_china_deficit_summed_over_2001_to_2024(judged: dict[str, ClaimReport]) -> None:
    total = sum((deficit(CHINA, y) for y in range(2001, 2025)), Decimal(0)) / 1000
    claim = judged["china-deficit-2001-2024-sum"]
    assert claim.verdict is Verdict.ACCURATE and claim.rule == "bound-holds"
    assert claim.reason == f"{money(total, 'trillion')} is more than $6 trillion"
    assert claim.computed is not None and claim.computed.unit == "trillion USD"
    assert round(Decimal(str(claim.computed.value)), 6) == round(total, 6)
    assert claim.formula == (
        f"deficit = imports - exports (sum of 24 years) (2001..2024) = {total:.6f} trillion USD"
    )
    assert len(claim.inputs) == 2 * 24


def test_canada_and_mexico_summed(judged: dict[str, ClaimReport]) -> None:
    canada, mexico = exports(CANADA, 2023), exports(MEXICO, 2023)
    claim = judged["canada-mexico-exports-2023"]
    assert claim.verdict is Verdict.ACCURATE and claim.rule == "rounds-to-claim"
    assert claim.reason == (
        f"{money(canada + mexico)} rounds to $678 billion at the claim's precision (1)"
    )
    assert claim.formula == (
        f"sum of 2 partners, exports (2023) = Canada {canada:.6f} + Mexico {mexico:.6f} = "
        f"{canada + mexico:.6f} billion USD"
    )
    assert claim.partner_name == "Canada + Mexico"
    assert [i.partner for i in claim.inputs] == [CANADA, MEXICO]


def test_partners_and_a_range_summed(judged: dict[str, ClaimReport]) -> None:
    total = sum((exports(c, y) for c in (CANADA, MEXICO) for y in (2022, 2023, 2024)), Decimal(0))
    claim = judged["canada-mexico-exports-2022-2024"]
    assert claim.computed is not None
    assert round(Decimal(str(claim.computed.value)), 6) == round(total / 1000, 6)
    assert len(claim.inputs) == 6
    assert claim.verdict is Verdict.ACCURATE


def test_a_sum_is_judged_as_a_level(tmp_path: Path) -> None:
    total = exports(CANADA, 2023) + exports(MEXICO, 2023)
    claim = one(
        tmp_path,
        "measure: {flow: exports, partner: [Canada, Mexico]}, period: 2023, operation: sum, "
        "claimed: $800 billion",
    )
    assert claim.verdict is Verdict.INACCURATE and claim.rule == "within-20-percent"
    assert claim.difference is not None
    assert round(Decimal(str(claim.difference.value)), 6) == round(total - 800, 6)


def test_a_single_partner_is_kept_as_it_was(tmp_path: Path) -> None:
    claim = one(
        tmp_path,
        "measure: {flow: exports, partner: [Canada]}, period: '2022..2023', operation: sum, "
        "claimed: $700 billion",
    )
    assert claim.partner == CANADA and claim.partner_name == "Canada"
    assert claim.formula is not None and not claim.formula.startswith("sum of")


# --- compare ---


def test_canada_buys_more_than_china_japan_and_the_uk(judged: dict[str, ClaimReport]) -> None:
    canada = exports(CANADA, 2017)
    parts = [("China", exports(CHINA, 2017)), ("Japan", exports(JAPAN, 2017))]
    parts.append(("United Kingdom", exports(UK, 2017)))
    other = sum((v for _, v in parts), Decimal(0))
    gap = canada - other
    claim = judged["canada-buys-more-than-china-japan-uk-2017"]
    assert claim.verdict is Verdict.ACCURATE and claim.rule == "comparison-holds"
    listed = " + ".join(f"{n} {money(v)}" for n, v in parts)
    share = (gap / other * 100).quantize(Decimal("0.1"))
    assert claim.reason == (
        f"Canada, 2017 ({money(canada)}) against China, Japan and United Kingdom combined, "
        f"2017 ({money(other)}: {listed}), exports: {money(gap)} ({share}% of the other side) "
        "more, as 'more than' says"
    )
    assert claim.computed is not None
    assert round(Decimal(str(claim.computed.value)), 6) == round(gap, 6)
    assert claim.difference is None
    assert [i.partner for i in claim.inputs] == [CANADA, CHINA, JAPAN, UK]


def test_japan_does_not_buy_more_than_germany_and_the_uk(
    judged: dict[str, ClaimReport],
) -> None:
    japan, other = exports(JAPAN, 2017), exports(GERMANY, 2017) + exports(UK, 2017)
    claim = judged["japan-buys-more-than-germany-uk-2017"]
    assert claim.verdict is Verdict.FALSE and claim.rule == "comparison-fails"
    germany, uk = exports(GERMANY, 2017), exports(UK, 2017)
    share = ((other - japan) / other * 100).quantize(Decimal("0.1"))
    assert claim.reason == (
        f"Japan, 2017 ({money(japan)}) against Germany and United Kingdom combined, 2017 "
        f"({money(other)}: Germany {money(germany)} + United Kingdom {money(uk)}), exports: "
        f"{money(other - japan)} ({share}% of the other side) less, not 'more than'"
    )


def test_against_another_period(judged: dict[str, ClaimReport]) -> None:
    y2022, y2023, y2024 = (exports(CHINA, y) for y in (2022, 2023, 2024))
    less = judged["china-exports-2024-less-than-2022"]
    assert less.verdict is Verdict.ACCURATE
    assert less.formula == (
        f"gap = {y2024:.6f} (China, 2024) - {y2022:.6f} (2022) = {y2024 - y2022:.6f} "
        "billion USD, exports"
    )
    same = judged["china-exports-2023-same-as-2022"]
    band = y2022 * Decimal("0.05")
    assert abs(y2023 - y2022) <= band
    assert same.verdict is Verdict.ACCURATE and same.rule == "comparison-holds"
    assert same.reason == (
        f"China, 2023 ({money(y2023)}) against China, 2022 ({money(y2022)}), exports: "
        f"{money(y2022 - y2023)} ({((y2022 - y2023) / y2022 * 100).quantize(Decimal('0.1'))}% "
        f"of the other side) below it, within 5% of the other side, {money(band)}, as 'about "
        "the same as' says"
    )
    beyond = judged["china-exports-2024-same-as-2016"]
    assert beyond.verdict is Verdict.FALSE and beyond.rule == "comparison-fails"
    assert "beyond 5% of the other side" in beyond.reason
    assert beyond.periods == ["2024", "2016"]


def test_the_compare_rubric_on_equal_sides() -> None:
    sides = Sides("A, 2020", Decimal(5), "B, 2020", (("B", Decimal(5)),), "billion USD", "x")
    more = judge_compare(parse_claimed("more than"), sides)
    assert (more.verdict, more.rule.value) == (Verdict.FALSE, "comparison-fails")
    assert more.reason == (
        "A, 2020 ($5.00 billion) against B, 2020 ($5.00 billion), x: exactly equal, not 'more than'"
    )
    same = judge_compare(parse_claimed("about the same as"), sides)
    assert same.verdict is Verdict.ACCURATE
    less = judge_compare(parse_claimed("less than"), sides._replace(left_value=Decimal(4)))
    assert less.verdict is Verdict.ACCURATE


# --- streak ---


def china_changes(first: int, last: int) -> str:
    return ", ".join(
        f"{y} {signed(deficit(CHINA, y) - deficit(CHINA, y - 1))}" for y in range(first, last + 1)
    )


def test_second_straight_decline_in_2020(judged: dict[str, ClaimReport]) -> None:
    assert deficit(CHINA, 2018) > deficit(CHINA, 2019) > deficit(CHINA, 2020)
    assert deficit(CHINA, 2017) < deficit(CHINA, 2018)
    claim = judged["china-deficit-2020-second-straight-decline"]
    assert claim.verdict is Verdict.ACCURATE and claim.rule == "streak-holds"
    assert claim.reason == (
        f"changes: {china_changes(2018, 2020)}; up to 2020: 2 straight years of decline, as "
        "'fell for the second straight year' says"
    )
    assert claim.computed is not None and claim.computed.value == 2
    assert claim.computed.unit == "in a row" and claim.difference is None
    assert sorted({i.period for i in claim.inputs}) == ["2017", "2018", "2019", "2020"]
    assert "a streak compares nominal dollars, not adjusted for inflation" in claim.caveats


def test_no_third_straight_decline_in_2021(judged: dict[str, ClaimReport]) -> None:
    assert deficit(CHINA, 2021) > deficit(CHINA, 2020)
    claim = judged["china-deficit-2021-third-straight-decline"]
    assert claim.verdict is Verdict.FALSE and claim.rule == "not-a-streak"
    assert claim.reason == (
        f"changes: {china_changes(2018, 2021)}; up to 2021: a single year of rise; claimed "
        "'fell for the third straight year'"
    )


def test_first_decline_since(judged: dict[str, ClaimReport]) -> None:
    falls = [y for y in range(1986, 2019) if deficit(CHINA, y) < deficit(CHINA, y - 1)]
    assert falls[-1] == 2016 and 2009 in falls
    claim = judged["china-deficit-2019-first-decline-since-2016"]
    assert claim.verdict is Verdict.ACCURATE
    assert claim.reason == (
        f"changes: {china_changes(2016, 2019)}; up to 2019: a single year of decline; the "
        "decline before it was in 2016, as 'the first decline since 2016' says"
    )
    wrong = judged["china-deficit-2019-first-decline-since-2009"]
    assert wrong.verdict is Verdict.FALSE
    assert wrong.reason == (
        f"changes: {china_changes(2009, 2019)}; up to 2019: a single year of decline; the "
        "decline before it was in 2016; claimed 'the first decline since 2009'"
    )


def test_rose_every_year_since(judged: dict[str, ClaimReport], tmp_path: Path) -> None:
    assert all(deficit(CHINA, y) > deficit(CHINA, y - 1) for y in range(2010, 2016))
    claim = judged["china-deficit-2015-rose-every-year-since-2009"]
    assert claim.verdict is Verdict.ACCURATE
    assert claim.reason == (
        f"changes: {china_changes(2009, 2015)}; up to 2015: 6 straight years of rise, as "
        "'rose every year since 2009' says"
    )
    longer = one(
        tmp_path,
        "measure: {flow: balance, partner: China, stated_as: deficit}, period: 2015, "
        "operation: streak, claimed: rose for the fifth straight year",
    )
    assert longer.verdict is Verdict.FALSE
    assert longer.reason == (
        f"changes: {china_changes(2009, 2015)}; up to 2015: 6 straight years of rise, more "
        "than the 5 claimed; claimed 'rose for the fifth straight year'"
    )


def test_a_monthly_streak(judged: dict[str, ClaimReport]) -> None:
    december = exports(CANADA, 2023, 12)
    january, february, march = (exports(CANADA, 2024, m) for m in (1, 2, 3))
    assert december > january < february < march
    claim = judged["canada-exports-2024-03-second-monthly-increase"]
    assert claim.verdict is Verdict.ACCURATE
    assert claim.reason == (
        f"changes: 2024-01 {signed(january - december)}, 2024-02 {signed(february - january)}, "
        f"2024-03 {signed(march - february)}; up to 2024-03: 2 straight months of rise, as "
        "'the second consecutive monthly increase' says"
    )


def test_a_streak_reaching_before_the_data_is_unverifiable(tmp_path: Path) -> None:
    claim = one(
        tmp_path,
        "measure: {flow: exports, partner: China}, period: 1990, operation: streak, "
        "claimed: the first decline since 1980",
    )
    assert claim.verdict is Verdict.UNVERIFIABLE
    assert claim.reason == (
        "'the first decline since 1980' reaches back to 1980, but the data start in 1985"
    )


def test_the_streak_rubric_with_no_change() -> None:
    run = Run(
        ("2020", "2021", "2022"), (Decimal(1), Decimal(2), Decimal(2)), "billion USD", "years"
    )
    judged = judge_streak(parse_claimed("rose for the second straight year"), run)
    assert judged.verdict is Verdict.FALSE
    assert judged.reason == (
        "changes: 2021 +$1.00 billion, 2022 $0.00 billion; up to 2022: no change from the "
        "year before, so no streak; claimed 'rose for the second straight year'"
    )


@pytest.mark.parametrize(
    ("text", "direction", "length", "since", "every", "first"),
    [
        ("fell for the third straight year", Direction.DOWN, 3, None, False, False),
        ("rose for the second consecutive month", Direction.UP, 2, None, False, False),
        ("the second consecutive monthly increase", Direction.UP, 2, None, False, False),
        ("fell for three straight years", Direction.DOWN, 3, None, False, False),
        ("declined for the 4th year in a row", Direction.DOWN, 4, None, False, False),
        ("rose every year since 2016", Direction.UP, None, "2016", True, False),
        ("the first decline since 2009", Direction.DOWN, None, "2009", False, True),
    ],
)
def test_streak_phrases_read(
    text: str, direction: Direction, length: int | None, since: str | None, every: bool,
    first: bool,
) -> None:  # fmt: skip
    value = parse_claimed(text)
    assert value.kind is Kind.STREAK and value.streak is not None
    s = value.streak
    assert (s.direction, s.length, s.since, s.every, s.first) == (
        direction, length, since, every, first,
    )  # fmt: skip


def test_comparison_words_read() -> None:
    for comparison in Comparison:
        value = parse_claimed(comparison.value)
        assert value.kind is Kind.COMPARISON and value.comparison is comparison
    with pytest.raises(ClaimedValueError, match="cannot read 'rose for the second straight"):
        parse_claimed("rose for the second straight week")


# --- fetch and explain ---


def test_fetch_plans_the_other_partners_and_periods(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "measure: {flow: exports, partner: Canada, than: [China, Japan, United Kingdom]}, "
        "period: 2017, operation: compare, claimed: more than",
    )
    labels = [item.label for item in plan(prepare([path]), refetch_all=True)]
    assert labels == [
        f"exports, {code}, all goods, 2017"
        for code in ("1220 Canada", "5700 China", "5880 Japan", "4120 United Kingdom")
    ]
    path = write(
        tmp_path,
        "measure: {flow: exports, partner: China, than_period: 2016}, period: 2024, "
        "operation: compare, claimed: more than",
    )
    labels = [item.label for item in plan(prepare([path]), refetch_all=True)]
    assert labels == [
        "exports, 5700 China, all goods, 2024",
        "exports, 5700 China, all goods, 2016",
    ]
    path = write(
        tmp_path,
        "measure: {flow: exports, partner: [Canada, Mexico]}, period: '2022..2023', "
        "operation: sum, claimed: $1 trillion",
    )
    labels = [item.label for item in plan(prepare([path]), refetch_all=True)]
    assert labels == [
        f"exports, {code}, all goods, {year}"
        for code in ("1220 Canada", "2010 Mexico")
        for year in (2022, 2023)
    ]
    path = write(
        tmp_path,
        "measure: {flow: exports, partner: China}, period: 2018, operation: streak, "
        "claimed: rose for the second straight year",
    )
    labels = [item.label for item in plan(prepare([path]), refetch_all=True)]
    assert labels == [f"exports, 5700 China, all goods, {year}" for year in range(1985, 2019)]


@pytest.mark.parametrize(
    ("claim_id", "shown"),
    [
        ("canada-mexico-exports-2023", "sum of 2 partners, exports (2023) = Canada "),
        ("canada-buys-more-than-china-japan-uk-2017", "gap = "),
        ("china-deficit-2020-second-straight-decline", "change of deficit = imports - exports"),
    ],
)
def test_explain_shows_each_computation(claim_id: str, shown: str) -> None:
    result = RUNNER.invoke(app, ["explain", claim_id, str(CLAIMS)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    computation = lines[lines.index("Computation") + 1]
    assert computation.strip().startswith(shown)


def test_new_asks_for_the_other_side_of_a_comparison(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradecheck.cli import common

    path = tmp_path / "a.yaml"
    path.write_text("source: {title: T, publisher: P, date: 2018-01}\nclaims:\n")
    answers = [
        "Canada buys more than China, Japan and the U.K. combined",
        "Analyst",
        "Canada",
        "exports",
        "",  # commodity: all goods
        "",  # scope: goods
        "",  # basis: census
        "2017",
        "compare",
        "Canada, China",  # the partner itself: asked again
        "China, Japan, United Kingdom",
        "more than",
        "",  # expected: none yet
        "",  # note: none
        "canada-more",
        "y",  # write it
    ]
    monkeypatch.setattr(common, "_stdin_is_terminal", lambda: True)
    result = RUNNER.invoke(app, ["new", str(path)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "1220 Canada is the claim's partner itself: a comparison with itself has no gap" in (
        result.stdout + result.stderr
    )
    [claim] = verify_files([path]).files[0].claims
    assert claim.verdict is Verdict.ACCURATE and claim.rule == "comparison-holds"
    assert [i.partner for i in claim.inputs] == [CANADA, CHINA, JAPAN, UK]
