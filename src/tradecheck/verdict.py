"""The rubric: a claimed value against the recomputed one gives a verdict, with its reason as data.

The constants below are the rubric's; the README states them. Values compared are in the
claim's own unit (billions, percent, times), signed as the claim reads (a decline is negative).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from tradecheck.claims import Verdict
from tradecheck.quantity import Bound, ClaimedValue, Direction, Hedge, Kind

# A hedged claim ("about", "nearly") may miss by this fraction of the claimed value.
HEDGE_TOLERANCE = Decimal("0.05")
# Beyond rounding, a miss of at most this fraction of the computed value is `inaccurate`;
# more is `false`.
INACCURATE_LIMIT = Decimal("0.20")


class Judgement(NamedTuple):
    verdict: Verdict
    rule: str  # a stable name of the rubric rule that decided
    reason: str
    difference: Decimal  # computed - claimed, in the claim's unit (points for percents)
    relative: Decimal | None  # |difference| / |computed|, when computed is not zero


def fmt(value: Decimal, decimals: int) -> str:
    quantized = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if quantized == 0:
        quantized = abs(quantized)  # never print "-0.0"
    return f"{quantized:,.{decimals}f}"


def shown_decimals(claimed: ClaimedValue) -> int:
    """Digits to show a computed value with: one more than the claim, at least two."""
    return max(2, claimed.decimals + 1)


def with_unit(claimed: ClaimedValue, value: Decimal, decimals: int) -> str:
    """A number written in the claim's unit: $42.26 billion, -2.76%, 2.09x."""
    text = fmt(value, decimals)
    if claimed.kind is Kind.AMOUNT:
        scale = claimed.unit.removesuffix("USD").strip()
        sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
        return f"{sign}${digits}" + (f" {scale}" if scale else "")
    if claimed.kind is Kind.PERCENT:
        return f"{text}%"
    if claimed.kind is Kind.POINTS:
        return f"{text} points"
    if claimed.kind is Kind.MULTIPLE:
        return f"{text}x"
    return text


def _wrong_direction(claimed: ClaimedValue, computed: Decimal) -> str | None:
    if claimed.kind is Kind.MULTIPLE:
        if claimed.direction is Direction.UP and computed <= 1:
            return f"the claim says it grew {claimed.text!r}; the ratio is {fmt(computed, 2)}"
        if claimed.direction is Direction.DOWN and computed >= 1:
            return f"the claim says it shrank; the ratio is {fmt(computed, 2)}"
        return None
    want = claimed.signed
    if want == 0:
        return None
    if (want > 0) != (computed > 0) or computed == 0:
        if claimed.direction is None and claimed.kind is Kind.AMOUNT:
            return f"the claim is a positive amount; the data give {fmt(computed, 2)}"
        said = "a rise" if want > 0 else "a fall"
        return f"the claim says {said}; the data give {fmt(computed, 2)}"
    return None


def judge(claimed: ClaimedValue, computed: Decimal) -> Judgement:
    """Apply the rubric to a claimed value and the computed value in the claim's unit."""
    want = claimed.signed
    difference = computed - want
    relative = abs(difference) / abs(computed) if computed != 0 else None
    unit = claimed.last_digit
    show = shown_decimals(claimed)
    sign = -1 if want < 0 else 1

    def c(value: Decimal, decimals: int = show) -> str:
        """A magnitude shown with the claim's sign and unit."""
        return with_unit(claimed, value * sign, decimals)

    c_text = c(abs(computed)) if claimed.kind is not Kind.MULTIPLE else c(computed)
    claim_text = c(abs(want), claimed.decimals)

    def result(verdict: Verdict, rule: str, reason: str) -> Judgement:
        return Judgement(verdict, rule, reason, difference, relative)

    wrong = _wrong_direction(claimed, computed)
    if wrong:
        return result(Verdict.FALSE, "wrong-direction", wrong)

    magnitude, target = abs(computed), abs(want)
    if claimed.kind is Kind.MULTIPLE:
        magnitude, target = computed, want
    if claimed.bound is not None:
        holds = {
            Bound.ABOVE: magnitude > target,
            Bound.AT_LEAST: magnitude >= target,
            Bound.BELOW: magnitude < target,
            Bound.AT_MOST: magnitude <= target,
        }[claimed.bound]
        words = {
            Bound.ABOVE: "more than",
            Bound.AT_LEAST: "at least",
            Bound.BELOW: "less than",
            Bound.AT_MOST: "at most",
        }[claimed.bound]
        if holds:
            return result(
                Verdict.ACCURATE,
                "bound-holds",
                f"{c(magnitude)} is {words} {claim_text}",
            )
        return _beyond_rounding(result, relative, f"{c(magnitude)} is not {words} {claim_text}")

    rounded = magnitude.quantize(unit, rounding=ROUND_HALF_UP)
    if rounded == target:
        return result(
            Verdict.ACCURATE,
            "rounds-to-claim",
            f"{c_text} rounds to {c(rounded, claimed.decimals)} at the claim's precision ({unit})",
        )
    if claimed.hedge is not None:
        tolerance = target * HEDGE_TOLERANCE
        below = target - magnitude
        word = "nearly" if claimed.hedge is Hedge.NEARLY else "about"
        inside = (
            0 <= below <= tolerance or (-unit <= below < 0)
            if claimed.hedge is Hedge.NEARLY
            else abs(below) <= tolerance
        )
        share = fmt(abs(below) / target * 100, 1) if target else "0"
        if inside:
            side = "below" if below >= 0 else "above"
            return result(
                Verdict.ACCURATE_WITHIN_ROUNDING,
                f"hedge-{word}",
                f"{c(magnitude)} is {share}% {side} {claim_text}, "
                f"within the {fmt(HEDGE_TOLERANCE * 100, 0)}% tolerance of {word!r}",
            )
    if abs(magnitude - target) <= unit:
        truncated = magnitude.quantize(unit, rounding=ROUND_DOWN)
        if truncated == target:
            return result(
                Verdict.ACCURATE_WITHIN_ROUNDING,
                "truncation",
                f"{c_text} rounds to {c(rounded, claimed.decimals)}, not {claim_text}; "
                f"the claim truncates it (within one unit, {unit}, of the last digit)",
            )
        return result(
            Verdict.ACCURATE_WITHIN_ROUNDING,
            "within-one-unit",
            f"{c_text} rounds to {c(rounded, claimed.decimals)}, within one unit ({unit}) "
            f"of the claimed {claim_text}",
        )
    return _beyond_rounding(
        result,
        relative,
        f"{c_text} misses {claim_text} by {fmt(abs(magnitude - target), show)}, "
        f"more than one unit ({unit}) of the last digit",
    )


def _beyond_rounding(
    result: Callable[[Verdict, str, str], Judgement], relative: Decimal | None, what: str
) -> Judgement:
    if relative is not None and relative <= INACCURATE_LIMIT:
        return result(
            Verdict.INACCURATE,
            "within-20-percent",
            f"{what}; the miss is {fmt(relative * 100, 1)}% of the computed value "
            f"(at most {fmt(INACCURATE_LIMIT * 100, 0)}%)",
        )
    share = "an undefined share" if relative is None else f"{fmt(relative * 100, 1)}%"
    return result(
        Verdict.FALSE,
        "beyond-20-percent",
        f"{what}; the miss is {share} of the computed value "
        f"(more than {fmt(INACCURATE_LIMIT * 100, 0)}%)",
    )
