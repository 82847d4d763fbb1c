"""The `record` operation (claims/records-shares.yaml): every window's values are computed here
from the country-file cells in fixtures/ (every year from 1985 for China, the world and
Canada in the newest vintage), never through the import code."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cells import ROOT, billions, country_dollars
from tradecheck.claims import Verdict
from tradecheck.cli import app
from tradecheck.engine import verify_files
from tradecheck.quantity import ClaimedValueError, Extreme, Kind, parse_claimed
from tradecheck.report import ClaimReport

CLAIMS = ROOT / "claims" / "records-shares.yaml"
NEWEST = "2026-04"
RUNNER = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


@pytest.fixture(scope="module")
def judged() -> dict[str, ClaimReport]:
    report = verify_files([CLAIMS])
    return {c.id: c for f in report.files for c in f.claims}


def deficit(code: str, year: int) -> Decimal:
    imports = country_dollars(NEWEST, code, year, "IYR")
    exports = country_dollars(NEWEST, code, year, "EYR")
    return billions(imports - exports)


def money(value: Decimal) -> str:
    return f"${value.quantize(Decimal('0.01')):,} billion"


def test_verify_exits_0_with_every_recorded_verdict(judged: dict[str, ClaimReport]) -> None:
    result = RUNNER.invoke(app, ["verify", str(CLAIMS)])
    assert result.exit_code == 0, result.stdout
    for claim in judged.values():
        assert claim.expected is not None, claim.id
        assert claim.verdict is claim.expected, claim.id
    assert CLAIMS.read_text().startswith("# Constructed examples, not quotes from an article")


def test_china_2018_is_the_record_of_the_window_from_1985(
    judged: dict[str, ClaimReport],
) -> None:
    window = {year: deficit("5700", year) for year in range(1985, 2019)}
    assert max(window, key=lambda y: window[y]) == 2018
    second = sorted(window.values())[-2]
    claim = judged["china-deficit-2018-record"]
    assert claim.verdict is Verdict.ACCURATE and claim.rule == "record-holds"
    assert claim.reason == (
        f"2018 ({money(window[2018])}) is the highest of the 34 years 1985 to 2018 "
        f"(from 1985, where the data start); the next highest is {money(second)} (2017)"
    )
    assert claim.computed is not None
    assert round(Decimal(str(claim.computed.value)), 6) == round(window[2018], 6)
    assert claim.difference is None
    assert "a record compares nominal dollars, not adjusted for inflation" in claim.caveats
    assert len(claim.inputs) == 2 * 34  # exports and imports of every year of the window


def test_a_record_with_its_level_needs_both(judged: dict[str, ClaimReport]) -> None:
    value = deficit("5700", 2018)
    both = judged["china-deficit-2018-record-level"]
    assert both.verdict is Verdict.ACCURATE and both.rule == "rounds-to-claim"
    assert both.reason.endswith(
        f"; the level: {money(value)} rounds to $418.2 billion at the claim's precision (0.1)"
    )
    wrong = judged["china-deficit-2018-record-wrong-level"]
    assert wrong.verdict is Verdict.INACCURATE  # the record holds, the level does not
    assert "is the highest of the 34 years" in wrong.reason
    assert wrong.difference is not None
    assert round(Decimal(str(wrong.difference.value)), 6) == round(value - 450, 6)


def test_2022_is_not_the_record_of_china_2018_was_higher(judged: dict[str, ClaimReport]) -> None:
    value, top = deficit("5700", 2022), deficit("5700", 2018)
    claim = judged["china-deficit-2022-record"]
    assert claim.verdict is Verdict.FALSE and claim.rule == "not-a-record"
    assert claim.reason == (
        f"2022 ({money(value)}) is not the highest of the 38 years 1985 to 2022 (from 1985, "
        f"where the data start): the highest is {money(top)} (2018); 2022 is the 2nd highest, "
        "after 2018"
    )


def test_the_world_record_of_2022_holds_up_to_2022_though_2024_is_higher(
    judged: dict[str, ClaimReport],
) -> None:
    window = {year: deficit("0015", year) for year in range(1987, 2023)}
    assert max(window, key=lambda y: window[y]) == 2022
    assert deficit("0015", 2024) > window[2022]
    claim = judged["world-deficit-2022-record"]
    assert claim.verdict is Verdict.ACCURATE
    # The country file's world series starts in 1987: the window starts there.
    assert "the 36 years 1987 to 2022 (from 1987, where the data start)" in claim.reason


def test_since_narrows_the_window_to_the_years_after(judged: dict[str, ClaimReport]) -> None:
    window = {year: deficit("5700", year) for year in range(2011, 2025)}
    ranked = sorted(window, key=lambda y: window[y])
    assert ranked[0] == 2023 and ranked[2] == 2024
    assert judged["china-deficit-2023-lowest-since-2010"].verdict is Verdict.ACCURATE
    claim = judged["china-deficit-2024-lowest-since-2010"]
    assert claim.verdict is Verdict.FALSE
    assert claim.reason == (
        f"2024 ({money(window[2024])}) is not the lowest of the 14 years 2011 to 2024 (from "
        f"2011, as 'the lowest since 2010' says): the lowest is {money(window[2023])} (2023); "
        f"2024 is the 3rd lowest, after 2023, {ranked[1]}"
    )


def test_a_monthly_record_compares_months(judged: dict[str, ClaimReport]) -> None:
    months = {}
    for index in range(2010 * 12 + 4, 2020 * 12 + 4):  # 2010-05 .. 2020-04: ten years
        year, month = divmod(index, 12)
        column = f"E{MONTHS[month]}"
        months[f"{year}-{month + 1:02d}"] = billions(country_dollars(NEWEST, "1220", year, column))
    assert len(months) == 120
    lowest = min(months, key=lambda m: months[m])
    assert lowest == "2020-04"
    claim = judged["canada-exports-april-2020-lowest-in-ten-years"]
    assert claim.verdict is Verdict.ACCURATE
    assert "the 120 months 2010-05 to 2020-04" in claim.reason
    assert len(claim.inputs) == 120


def test_explain_charts_the_window_with_the_extreme_and_the_claimed_period() -> None:
    result = RUNNER.invoke(app, ["explain", "china-deficit-2022-record", str(CLAIMS)])
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert "  operation: record" in lines
    assert (
        "  claimed: 'a record' = the highest of every period from the start of the data, "
        "up to the claimed one"
    ) in lines
    chart = lines[lines.index(next(x for x in lines if x.startswith("Series: "))) + 1 :]
    assert chart[0].startswith("  1985 ")  # from the data's start, not from 1960
    assert next(x for x in chart if "(the highest up to 2022)" in x).startswith("  2018 ")
    assert next(x for x in chart if x.endswith("<")).startswith("  2022 ")
    assert "highest of 1985 to 2022 (38 periods)" in result.stdout


def _one(tmp_path: Path, partner: str, period: str, claimed: str) -> ClaimReport:
    path = tmp_path / "one.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2026-01}\n"
        "claims:\n"
        "  - id: one\n"
        "    quote: q\n"
        "    speaker: s\n"
        f"    measure: {{flow: balance, partner: {partner}, stated_as: deficit}}\n"
        f"    period: {period}\n"
        "    operation: record\n"
        f"    claimed: {claimed}\n"
    )
    return verify_files([path]).files[0].claims[0]


def test_an_incomplete_year_is_unverifiable(tmp_path: Path) -> None:
    claim = _one(tmp_path, "China", "2026", "a record")
    assert claim.verdict is Verdict.UNVERIFIABLE
    assert claim.reason == (
        "all goods exports for 5700 China, 2026: vintage 2026-04 holds 2026 only through "
        "2026-01 (year-to-date), not the full year"
    )


def test_a_window_of_the_first_year_of_data_is_unverifiable(tmp_path: Path) -> None:
    claim = _one(tmp_path, "China", "1985", "a record")
    assert claim.verdict is Verdict.UNVERIFIABLE
    assert claim.reason == (
        "the data hold no period before 1985: a window of one period has no record"
    )


def test_a_window_starting_before_the_data_is_unverifiable(tmp_path: Path) -> None:
    claim = _one(tmp_path, "China", "1990", "the highest since 1980")
    assert claim.verdict is Verdict.UNVERIFIABLE
    assert claim.reason == (
        "the window of 'the highest since 1980' starts in 1981, but the data start in 1985"
    )


@pytest.mark.parametrize(
    ("text", "extreme", "since", "years", "level"),
    [
        ("a record", Extreme.HIGH, None, None, None),
        ("record high", Extreme.HIGH, None, None, None),
        ("a record low", Extreme.LOW, None, None, None),
        ("the highest since 2008", Extreme.HIGH, 2008, None, None),
        ("the lowest in ten years", Extreme.LOW, None, 10, None),
        ("the largest deficit in history", Extreme.HIGH, None, None, None),
        ("a record $418.2 billion", Extreme.HIGH, None, None, "$418.2 billion"),
    ],
)
def test_record_phrases_read(
    text: str, extreme: Extreme, since: int | None, years: int | None, level: str | None
) -> None:
    value = parse_claimed(text)
    assert value.kind is Kind.RECORD and value.record is not None
    assert value.record.extreme is extreme
    assert (value.record.since, value.record.years) == (since, years)
    assert (value.record.level.text if value.record.level else None) == level


def test_a_record_level_must_be_dollars() -> None:
    with pytest.raises(ClaimedValueError, match="a record's level is an amount of dollars"):
        parse_claimed("a record 17%")


def test_fetch_plans_the_whole_window_from_the_operations_declaration(tmp_path: Path) -> None:
    from tradecheck.engine import prepare
    from tradecheck.fetch import plan

    path = tmp_path / "one.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2026-01}\n"
        "claims:\n"
        "  - {id: one, quote: q, speaker: s, measure: {flow: exports, partner: China},\n"
        "     period: 2018, operation: record, claimed: a record}\n"
    )
    items = plan(prepare([path]), refetch_all=True)
    # Every year of the declared window (from 1960, the earliest any source holds) that the
    # Census files could hold: from the first year of the bundled country files (1985; the
    # API starts later), to the claimed one.
    assert [item.label for item in items] == [
        f"exports, 5700 China, all goods, {year}" for year in range(1985, 2019)
    ]
    bundled = plan(prepare([path]), refetch_all=False)
    assert [i for i in bundled if i.status is None] == []  # the bundle holds 1985-2018
