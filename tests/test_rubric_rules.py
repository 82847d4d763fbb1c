"""Rubric rules that testing as a user found broken, each test named after the rule it keeps.

Every expected number is computed here from the verbatim Census cells in fixtures/.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from cells import billions, country_dollars
from test_engine import level, run
from tradecheck.claims import Verdict
from tradecheck.outputs.table import quantity


def deficit(vintage: str, code: str, year: int) -> Decimal:
    return Decimal(
        country_dollars(vintage, code, year, "IYR") - country_dollars(vintage, code, year, "EYR")
    )


def q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def korea_deficit_span(claimed: str, operation: str) -> dict[str, object]:
    return {
        "measure": {"flow": "balance", "partner": "Korea", "stated_as": "deficit"},
        "period": {"from": 2011, "to": 2016},
        "operation": operation,
        "claimed": claimed,
    }


def china_deficit_2018_2025(claimed: str) -> dict[str, object]:
    return {
        "measure": {"flow": "balance", "partner": "China", "stated_as": "deficit"},
        "period": {"from": 2018, "to": 2025},
        "operation": "multiple",
        "claimed": claimed,
    }


# 1 -------------------------------------------------------------------------------------------


def test_wrong_direction_holds_whatever_the_bound(tmp_path: Path) -> None:
    """A deficit claimed to have shrunk "by more than 0%" (or $0) when it widened is false."""
    d11, d16 = deficit("2026-04", "5800", 2011), deficit("2026-04", "5800", 2016)
    rise = (d16 - d11) / d11 * 100
    change = billions(d16 - d11)
    pct, amount, pct_up = run(
        tmp_path,
        korea_deficit_span("a decline of more than 0%", "percent-change"),
        korea_deficit_span("a decline of more than $0 billion", "change"),
        korea_deficit_span("an increase of more than 0%", "percent-change"),
    )
    assert rise > 100 and change > 0  # the deficit widened
    assert (pct.verdict, pct.rule) == (Verdict.FALSE, "wrong-direction")
    assert pct.reason == f"the claim says a fall; the data give {q(rise, '0.01')}%"
    assert (amount.verdict, amount.rule) == (Verdict.FALSE, "wrong-direction")
    assert amount.reason == f"the claim says a fall; the data give ${q(change, '0.01')} billion"
    assert (pct_up.verdict, pct_up.rule) == (Verdict.ACCURATE, "bound-holds")


# 2 -------------------------------------------------------------------------------------------


def test_bounds_on_a_fall_read_in_the_direction_of_the_fall(tmp_path: Path) -> None:
    """ "More than halved" means the end/start ratio is below 0.5."""
    d18, d25 = deficit("2026-04", "5700", 2018), deficit("2026-04", "5700", 2025)
    ratio = d25 / d18
    assert ratio < Decimal("0.5")

    more, less, at_least = run(
        tmp_path,
        china_deficit_2018_2025("more than halved"),
        china_deficit_2018_2025("less than halved"),
        china_deficit_2018_2025("at least halved"),
    )
    shown = q(ratio, "0.01")
    assert (more.verdict, more.rule) == (Verdict.ACCURATE, "bound-holds")
    assert more.reason == f"{shown}x is less than 0.5x, as 'more than halved' says"
    assert (at_least.verdict, at_least.rule) == (Verdict.ACCURATE, "bound-holds")
    assert less.verdict is Verdict.INACCURATE  # the miss is within 20% of the ratio
    assert less.reason.startswith(f"{shown}x is not more than 0.5x, as 'less than halved' says")


# 3 -------------------------------------------------------------------------------------------


def test_newest_vintage_holding_the_partners_period(tmp_path: Path) -> None:
    """OPEC (0001) is only in the 2018-10, 2019-12 and 2020-10 files: a 2015 claim uses the
    newest of those, not 2026-04 (which has no OPEC row)."""
    exports = billions(country_dollars("2020-10", "0001", 2015, "EYR"))
    [claim] = run(tmp_path, level("exports", "0001", 2015, f"${q(exports, '0.1')} billion"))
    assert claim.inputs[0].vintage == "2020-10"
    assert claim.inputs[0].value == country_dollars("2020-10", "0001", 2015, "EYR")
    assert claim.verdict is Verdict.ACCURATE
    [pinned] = run(
        tmp_path, level("exports", "0001", 2015, f"${q(exports, '0.1')} billion"), vintage="2026-04"
    )
    assert pinned.inputs[0].vintage == "2020-10"  # newest not later than 2026-04 holding OPEC


# 4 -------------------------------------------------------------------------------------------


def test_nearly_accepts_only_values_short_of_the_claim(tmp_path: Path) -> None:
    """Korea's goods deficit 2011-2016 grew 2.09x: it more than doubled, so "nearly doubled" is
    not the hedge's (it truncates to 2.0 all the same)."""
    ratio = deficit("2026-04", "5800", 2016) / deficit("2026-04", "5800", 2011)
    assert Decimal(2) < ratio < Decimal("2.1")
    [claim] = run(tmp_path, korea_deficit_span("nearly doubled", "multiple"))
    assert claim.rule == "truncation"
    above = q((ratio - 2) / 2 * 100, "0.1")
    assert claim.reason == (
        f"{q(ratio, '0.01')}x rounds to 2.1x, not 2.0x; the claim truncates it (within one "
        f"unit, 0.1, of the last digit); "
        f"'nearly' allows 1.90x to 2.00x, 5% below the claim, and {q(ratio, '0.01')}x is "
        f"{above}% above 2.0x"
    )


def test_hedge_reasons_quote_the_word_used_and_its_band(tmp_path: Path) -> None:
    """ "roughly" is named as "roughly"; "nearly tripled" at 2.78x names its hedge when missing."""
    x = billions(country_dollars("2026-04", "5800", 2016, "EYR"))
    roughly = q(x * Decimal("1.04"), "0.1")  # 4% above the data: inside the 5% band
    e05, e24 = (country_dollars("2026-04", "2010", y, "EYR") for y in (2005, 2024))
    ratio = Decimal(e24) / e05
    r, tripled = run(
        tmp_path,
        level("exports", "Korea", 2016, f"roughly ${roughly} billion"),
        {
            "measure": {"flow": "exports", "partner": "Mexico"},
            "period": {"from": 2005, "to": 2024},
            "operation": "multiple",
            "claimed": "nearly tripled",
        },
    )
    share = q((roughly - x) / roughly * 100, "0.1")
    assert (r.verdict, r.rule) == (Verdict.ACCURATE_WITHIN_ROUNDING, "hedge-about")
    assert r.reason == (
        f"${q(x, '0.01')} billion is {share}% below ${roughly} billion, within the band "
        f"'roughly' allows (${q(roughly * Decimal('0.95'), '0.01')} billion to "
        f"${q(roughly * Decimal('1.05'), '0.01')} billion, 5% either side)"
    )
    short = q((3 - ratio) / 3 * 100, "0.1")
    assert (tripled.verdict, tripled.rule) == (Verdict.INACCURATE, "within-20-percent")
    assert tripled.reason.startswith(
        f"{q(ratio, '0.01')}x misses 3.0x by {q(3 - ratio, '0.01')}x, more than one unit (0.1) "
        f"of the last digit; 'nearly' allows 2.85x to 3.00x, 5% below the claim, and "
        f"{q(ratio, '0.01')}x is {short}% below 3.0x; the miss is "
    )


# 5 -------------------------------------------------------------------------------------------


def test_one_unit_of_a_coarse_figure_is_capped_at_5_percent(tmp_path: Path) -> None:
    """ "$2 trillion" for a $1.20 trillion deficit is not within rounding, nor "$1 trillion" for
    $0.296 trillion; KORUS's "2.7 percent" for -2.76% (2.2% off) still is."""
    world = billions(deficit("2026-04", "0015", 2024)) / 1000
    china = billions(deficit("2026-04", "5700", 2024)) / 1000
    e11, e16 = (country_dollars("2026-04", "5800", y, "EYR") for y in (2011, 2016))
    fall = (Decimal(e16) - e11) / e11 * 100
    two, two_thousand, one, korus = run(
        tmp_path,
        level("balance", "World", 2024, "$2 trillion", stated_as="deficit"),
        level("balance", "World", 2024, "$2,000 billion", stated_as="deficit"),
        level("balance", "China", 2024, "$1 trillion", stated_as="deficit"),
        {
            "measure": {"flow": "exports", "partner": "Korea"},
            "period": {"from": 2011, "to": 2016},
            "operation": "percent-change",
            "claimed": "a decline of 2.7 percent",
        },
    )
    assert (two.verdict, two.rule) == (Verdict.FALSE, "beyond-20-percent")
    assert two.verdict is two_thousand.verdict
    miss = q((2 - world) / world * 100, "0.1")
    assert two.reason == (
        f"${q(world, '0.01')} trillion is within one unit (1) of the claimed $2 trillion, but "
        f"a miss within one unit counts as rounding only up to 5% of the computed value; "
        f"the miss is {miss}% of the computed value (more than 20%)"
    )
    assert (one.verdict, one.rule) == (Verdict.FALSE, "beyond-20-percent")
    assert one.reason.startswith(f"${q(china, '0.01')} trillion is within one unit (1)")
    assert abs(fall + Decimal("2.7")) / abs(fall) < Decimal("0.05")
    assert (korus.verdict, korus.rule) == (Verdict.ACCURATE_WITHIN_ROUNDING, "truncation")


# 6 -------------------------------------------------------------------------------------------


def test_numbers_are_shown_at_a_precision_that_tells_them_apart(tmp_path: Path) -> None:
    """ "$1.20 trillion is more than $1.2 trillion" hides $4.7 billion: show $1.205 trillion;
    a difference is never a signed zero; a share of 0.039% is not "0.0%"."""
    world = billions(deficit("2026-04", "0015", 2024)) / 1000
    x = billions(country_dollars("2026-04", "5800", 2016, "EYR"))
    more, close = run(
        tmp_path,
        level("balance", "World", 2024, "more than $1.2 trillion", stated_as="deficit"),
        level("exports", "Korea", 2016, f"${q(x, '0.01') + Decimal('0.02')} billion"),
    )
    assert more.reason == f"${q(world, '0.001')} trillion is more than $1.2 trillion"
    assert quantity(more.difference, 2) == f"${q(world - Decimal('1.2'), '0.001')} tn"
    miss = Decimal(str(close.relative_difference_percent))
    assert Decimal("0.005") < miss < Decimal("0.05")
    assert f"the miss is {q(miss, '0.01')}% of the computed value" in close.reason
    tiny = more.difference.model_copy(update={"value": -0.0000004})
    assert quantity(tiny, 2) == "-$0.0000004 tn"
    zero = more.difference.model_copy(update={"value": -0.0})
    assert quantity(zero, 2) == "$0 tn (exactly)"


def test_a_plain_ratio_below_one_reads_literally(tmp_path: Path) -> None:
    """Only a fall word ("halved") reads in the direction of the fall; "less than 0.6 times"
    is a ratio below 0.6 (China's deficit 2018-2025: 0.48x)."""
    ratio = deficit("2026-04", "5700", 2025) / deficit("2026-04", "5700", 2018)

    less, more = run(
        tmp_path,
        china_deficit_2018_2025("less than 0.6 times"),
        china_deficit_2018_2025("more than 0.4 times"),
    )
    assert (less.verdict, less.reason) == (
        Verdict.ACCURATE,
        f"{q(ratio, '0.01')}x is less than 0.6x",
    )
    assert (more.verdict, more.reason) == (
        Verdict.ACCURATE,
        f"{q(ratio, '0.01')}x is more than 0.4x",
    )


def test_a_hedged_decline_is_described_in_size(tmp_path: Path) -> None:
    """ "a decline of nearly 2.7%" for -2.76%: the band and the position both signed, in words
    that do not read backwards for a negative number."""
    e11, e16 = (country_dollars("2026-04", "5800", y, "EYR") for y in (2011, 2016))
    fall = (Decimal(e16) - e11) / e11 * 100
    [claim] = run(
        tmp_path,
        {
            "measure": {"flow": "exports", "partner": "Korea"},
            "period": {"from": 2011, "to": 2016},
            "operation": "percent-change",
            "claimed": "a decline of nearly 2.7 percent",
        },
    )
    beyond = q((abs(fall) - Decimal("2.7")) / Decimal("2.7") * 100, "0.1")
    assert (
        f"'nearly' allows -2.57% to -2.70%, 5% short of the claim, and {q(fall, '0.01')}% is "
        f"{beyond}% beyond -2.7%"
    ) in claim.reason
