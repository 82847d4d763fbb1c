"""Ranges, year-to-date, trailing twelve months and halves (claims/periods.yaml): every
expected number is summed here from the country-file cells in fixtures/, never through the
import code."""

from __future__ import annotations

from decimal import Decimal

import pytest
from typer.testing import CliRunner

from cells import ROOT, country_dollars
from tradecheck.claims import Verdict
from tradecheck.cli import app
from tradecheck.domain import Period, Range, parse_when
from tradecheck.engine import verify_files
from tradecheck.report import ClaimReport

PERIODS = ROOT / "claims" / "periods.yaml"
NEWEST = "2026-04"
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
BILLION = Decimal(10**9)
RUNNER = CliRunner()


@pytest.fixture(scope="module")
def judged() -> dict[str, ClaimReport]:
    report = verify_files([PERIODS])
    return {c.id: c for f in report.files for c in f.claims}


def months(code: str, flow: str, first: str, last: str) -> int:
    """The sum of a partner's monthly cells from `first` to `last` (YYYY-MM), inclusive."""
    total = 0
    for period in Range(Period.parse(first), Period.parse(last)).parts():
        assert period.month is not None
        total += country_dollars(NEWEST, code, period.year, f"{flow}{MONTHS[period.month - 1]}")
    return total


def computed(claim: ClaimReport) -> Decimal:
    assert claim.computed is not None
    return Decimal(str(claim.computed.value))


def same(value: Decimal, expected: Decimal) -> None:
    assert round(value, 9) == round(expected, 9)


def test_verify_exits_0_with_every_recorded_verdict(judged: dict[str, ClaimReport]) -> None:
    result = RUNNER.invoke(app, ["verify", str(PERIODS)])
    assert result.exit_code == 0, result.stdout
    for claim in judged.values():
        if claim.expected is not None:
            assert claim.verdict is claim.expected, claim.id
    assert PERIODS.read_text().startswith("# Constructed examples, not quotes from an article")


def test_year_to_date_against_the_same_months_a_year_earlier(
    judged: dict[str, ClaimReport],
) -> None:
    before = Decimal(months("5800", "E", "2019-01", "2019-08"))
    after = Decimal(months("5800", "E", "2020-01", "2020-08"))
    claim = judged["korea-exports-year-to-date-2020"]
    same(computed(claim), (after - before) / before * 100)
    assert claim.verdict is Verdict.ACCURATE
    assert [i.period for i in claim.inputs][:8] == [f"2019-{m:02d}" for m in range(1, 9)]
    assert len(claim.inputs) == 16
    assert claim.formula is not None and "exports (sum of 8 months)" in claim.formula
    assert "(2020-01..2020-08) and " in claim.formula


def test_trailing_twelve_months(judged: dict[str, ClaimReport]) -> None:
    total = Decimal(months("5700", "I", "2014-10", "2015-09")) / BILLION
    claim = judged["china-imports-twelve-months-to-september-2015"]
    same(computed(claim), total)
    assert (
        claim.formula == f"imports (sum of 12 months) = {total:.6f} billion USD (2014-10..2015-09)"
    )


def test_a_first_half_is_its_six_months(judged: dict[str, ClaimReport]) -> None:
    claim = judged["canada-exports-first-half-2019"]
    same(computed(claim), Decimal(months("1220", "E", "2019-01", "2019-06")) / BILLION)
    assert [i.period for i in claim.inputs] == [f"2019-{m:02d}" for m in range(1, 7)]


def test_a_range_of_years_is_summed(judged: dict[str, ClaimReport]) -> None:
    deficit = sum(
        country_dollars(NEWEST, "5700", y, "IYR") - country_dollars(NEWEST, "5700", y, "EYR")
        for y in range(2015, 2025)
    )
    claim = judged["china-deficit-2015-2024"]
    same(computed(claim), Decimal(deficit) / 10**12)
    assert claim.reason == f"${Decimal(deficit) / 10**12:.2f} trillion is more than $3 trillion"


def test_a_range_into_months_not_published_is_unverifiable_naming_them(
    judged: dict[str, ClaimReport],
) -> None:
    claim = judged["korea-exports-june-2025-to-march-2026"]
    assert claim.verdict is Verdict.UNVERIFIABLE
    assert claim.reason == (
        "all goods exports for 5800 Korea, South, 2025-06..2026-03: 2 of the 10 months summed "
        "are not held (2026-02, 2026-03): vintage 2026-04 ends with 2026-01"
    )


def test_explain_lists_the_months_and_marks_the_range() -> None:
    result = RUNNER.invoke(app, ["explain", "canada-exports-first-half-2019", str(PERIODS)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for m in range(1, 7):
        cell = country_dollars(NEWEST, "1220", 2019, f"E{MONTHS[m - 1]}")
        assert f"  exports, 1220 Canada, all goods, 2019-{m:02d}: {cell:,} USD" in lines
    marked = [x.split()[0] for x in lines if x.startswith("  2019-") and x.endswith("<")]
    assert marked == [f"2019-{m:02d}" for m in range(1, 7)]
    total = Decimal(months("1220", "E", "2019-01", "2019-06")) / BILLION
    assert f"  exports (sum of 6 months) = {total:.6f} billion USD (2019-H1)" in lines


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2020-01..2020-03", ["2020-01", "2020-02", "2020-03"]),
        ("2001..2003", ["2001", "2002", "2003"]),
        ("2019-H2", ["2019-07", "2019-08", "2019-09", "2019-10", "2019-11", "2019-12"]),
        ("2019-11..2020-02", ["2019-11", "2019-12", "2020-01", "2020-02"]),
    ],
)
def test_ranges_and_halves_read(text: str, parts: list[str]) -> None:
    when = parse_when(text)
    assert isinstance(when, Range)
    assert [str(p) for p in when.parts()] == parts
    assert str(when) == text


def _phrase_claims() -> list[dict[str, object]]:
    import yaml

    data = yaml.safe_load(PERIODS.read_text())
    return [c for c in data["claims"] if str(c["id"]).startswith("phrase-")]


@pytest.mark.parametrize("record", _phrase_claims(), ids=lambda c: str(c["id"]))
def test_every_phrase_claim_recomputed_from_the_cells(
    record: dict[str, object], judged: dict[str, ClaimReport]
) -> None:
    """Each phrase claim's computed value, summed here from the country-file cells."""
    claim = judged[str(record["id"])]
    measure = record["measure"]
    assert isinstance(measure, dict)
    if claim.computed is None:  # the balance changed sign: judged false with no value
        assert claim.verdict is Verdict.FALSE and "changed sign" in claim.reason
        return
    code = claim.inputs[0].partner
    deficit = measure.get("stated_as") == "deficit"

    def value(year: int) -> Decimal:
        e, i = (country_dollars(NEWEST, code, year, f"{f}YR") for f in "EI")
        match measure["flow"]:
            case "exports":
                return Decimal(e)
            case "imports":
                return Decimal(i)
            case _:
                return Decimal(i - e) if deficit else Decimal(e - i)

    period = record["period"]
    unit = claim.computed.unit
    scale = Decimal(10**9) if unit.endswith("USD") else Decimal(1)
    if isinstance(period, dict):
        a, b = value(int(period["from"])), value(int(period["to"]))
        if str(record["claimed"]) in ("narrowed", "widened"):
            a, b = abs(a), abs(b)
        expected = {
            "change": (b - a) / scale,
            "percent-change": (b - a) / abs(a) * 100,
            "multiple": b / a,
        }[str(record["operation"])]
    else:
        expected = value(int(str(period))) / scale
    same(computed(claim), expected)
    assert claim.verdict is Verdict(str(record["expected"]))
