"""The rubric: a claimed value against the recomputed one gives a verdict, with its reason as data.

The constants below are the rubric's; the README states them. Values compared are in the
claim's own unit (billions, percent, times), signed as the claim reads (a decline is negative).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple

from tradecheck.domain import Verdict
from tradecheck.errors import Missing, NoDeficit
from tradecheck.quantity import (
    Bound,
    ClaimedValue,
    Comparison,
    Direction,
    Hedge,
    Kind,
    ordinal,
)

# A hedged claim ("about", "nearly") may miss by this fraction of the claimed value.
HEDGE_TOLERANCE = Decimal("0.05")
# Beyond rounding, a miss of at most this fraction of the computed value is `inaccurate`;
# more is `false`.
INACCURATE_LIMIT = Decimal("0.20")
# The one-unit rules (truncation, within one unit of the last digit) hold only while the miss
# is at most this fraction of the computed value.
ROUNDING_LIMIT = Decimal("0.05")
# "just over X" holds from X to this fraction above it; "just under X" from this fraction
# below X to just below it.
NEAR_BOUND = Decimal("0.05")


def fmt(value: Decimal, decimals: int) -> str:
    quantized = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if quantized == 0:
        quantized = abs(quantized)  # never print "-0.0"
    return f"{quantized:,.{decimals}f}"


class Rule(StrEnum):
    """The stable names of the rubric's rules (a report's `rule`)."""

    NOT_CHECKABLE = "not-checkable"
    MISSING_SERIES = "missing-series"
    WRONG_DIRECTION = "wrong-direction"
    BOUND_HOLDS = "bound-holds"
    ROUNDS_TO_CLAIM = "rounds-to-claim"
    HEDGE_NEARLY = "hedge-nearly"
    HEDGE_ABOUT = "hedge-about"
    TRUNCATION = "truncation"
    WITHIN_ONE_UNIT = "within-one-unit"
    # Named by the inaccurate limit, so the name follows the constant.
    WITHIN_LIMIT = f"within-{fmt(INACCURATE_LIMIT * 100, 0)}-percent"
    BEYOND_LIMIT = f"beyond-{fmt(INACCURATE_LIMIT * 100, 0)}-percent"
    SIGN = "sign"  # "a deficit": only the balance's sign is claimed
    NEAR_BOUND = "near-bound"  # "just over", "just under"
    DIRECTION = "direction"  # "fell", "narrowed": only the change's direction is claimed
    RECORD_HOLDS = "record-holds"  # the claimed period is the extreme of its window
    NOT_A_RECORD = "not-a-record"
    RANK_HOLDS = "rank-holds"  # the partner's place among countries is the claimed one
    WRONG_RANK = "wrong-rank"
    OVERTOOK = "overtook"  # behind the rival in the previous period, ahead of it in this one
    DID_NOT_OVERTAKE = "did-not-overtake"
    COMPARISON_HOLDS = "comparison-holds"  # more than, less than, about the same as the other side
    COMPARISON_FAILS = "comparison-fails"
    STREAK_HOLDS = "streak-holds"  # the run of changes up to the period is the claimed one
    NOT_A_STREAK = "not-a-streak"


def uncomputed(problem: Missing | NoDeficit) -> tuple[Verdict, Rule]:
    """The verdict of a claim whose value could not be computed: unverifiable when data are
    missing; false when a deficit's growth is claimed over a span with a surplus in it."""
    if isinstance(problem, NoDeficit):
        return Verdict.FALSE, Rule.WRONG_DIRECTION
    return Verdict.UNVERIFIABLE, Rule.MISSING_SERIES


class Judgement(NamedTuple):
    verdict: Verdict
    rule: Rule  # the rubric rule that decided
    reason: str
    difference: Decimal  # computed - claimed, in the claim's unit (points for percents)
    relative: Decimal | None  # |difference| / |computed|, when computed is not zero


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


def separating(a: Decimal, b: Decimal, decimals: int, most: int = 12) -> int:
    """The fewest decimals, from `decimals`, at which `a` and `b` print differently (so that
    "$1.20 trillion is more than $1.2 trillion" shows the gap); `decimals` if they are equal."""
    d = decimals
    while d < most and a != b and fmt(a, d) == fmt(b, d):
        d += 1
    return d


def nonzero(value: Decimal, decimals: int) -> str:
    """`value` at `decimals`, or at more decimals where that would print a zero it is not."""
    return fmt(value, separating(value, Decimal(0), decimals))


def _falling(claimed: ClaimedValue) -> bool:
    """A fall written as a multiple ("halved", "fell to 0.4 times"): its bounds and "nearly"
    read in the direction of the fall. A plain ratio ("less than 0.6 times") reads literally."""
    return (
        claimed.kind is Kind.MULTIPLE
        and claimed.direction is Direction.DOWN
        and claimed.number is not None
        and claimed.number < 1
    )


_FLIPPED = {
    Bound.ABOVE: Bound.BELOW,
    Bound.AT_LEAST: Bound.AT_MOST,
    Bound.BELOW: Bound.ABOVE,
    Bound.AT_MOST: Bound.AT_LEAST,
    Bound.JUST_ABOVE: Bound.JUST_BELOW,
    Bound.JUST_BELOW: Bound.JUST_ABOVE,
}
_BOUND_WORDS = {
    Bound.ABOVE: "more than",
    Bound.AT_LEAST: "at least",
    Bound.BELOW: "less than",
    Bound.AT_MOST: "at most",
    Bound.JUST_ABOVE: "just over",
    Bound.JUST_BELOW: "just under",
}


# A reason worded only when asked for: the neighbouring windows need only the verdict.
Words = Callable[[], str]


def _wrong_direction(claimed: ClaimedValue, computed: Decimal) -> Words | None:
    def data(value: Decimal) -> str:
        return with_unit(claimed, value, separating(value, Decimal(0), 2))

    if claimed.kind is Kind.MULTIPLE:
        if claimed.direction is Direction.UP and computed <= 1:
            return lambda: f"the claim says it grew {claimed.text!r}; the ratio is {data(computed)}"
        if claimed.direction is Direction.DOWN and computed >= 1:
            return lambda: (
                f"the claim says it shrank {claimed.text!r}; the ratio is {data(computed)}"
            )
        return None
    # A stated direction holds whatever the bound: "a decline of more than 0%" is a decline.
    if claimed.direction is Direction.UP and computed <= 0:
        return lambda: f"the claim says a rise; the data give {data(computed)}"
    if claimed.direction is Direction.DOWN and computed >= 0:
        return lambda: f"the claim says a fall; the data give {data(computed)}"
    want = claimed.signed
    if want != 0 and claimed.direction is None and ((want > 0) != (computed > 0) or computed == 0):
        if claimed.kind is Kind.AMOUNT:
            return lambda: f"the claim is a positive amount; the data give {data(computed)}"
        said = "a rise" if want > 0 else "a fall"
        return lambda: f"the claim says {said}; the data give {data(computed)}"
    return None


def judge(
    claimed: ClaimedValue,
    computed: Decimal,
    window: Window | None = None,
    ranking: Ranking | None = None,
    evidence: Sides | Run | None = None,
    words: bool = True,
) -> Judgement:
    """Apply the rubric to a claimed value and the computed value in the claim's unit (and,
    for a claimed record, the window it is the extreme of; for a claimed rank, the field of
    countries it is placed in; for a comparison, its two sides; for a streak, its run); a
    reason ends with what the claim's words leave unmeasured or ambiguous. Without `words`,
    the same verdict and rule with an empty reason, for a number, percent or multiple (the
    neighbouring windows judge thousands: the wording is most of the rubric's time)."""
    if claimed.kind is Kind.RANK:
        assert ranking is not None, "a rank is judged against its field"
        return judge_rank(claimed, ranking)
    if claimed.kind is Kind.COMPARISON:
        assert isinstance(evidence, Sides), "a comparison is judged on its two sides"
        return judge_compare(claimed, evidence)
    if claimed.kind is Kind.STREAK:
        assert isinstance(evidence, Run), "a streak is judged on its run of changes"
        return judge_streak(claimed, evidence)
    judged = _judge(claimed, computed, window, words)
    if claimed.note is None or not words:
        return judged
    return judged._replace(reason=f"{judged.reason}; {claimed.note}")


def _judge(
    claimed: ClaimedValue, computed: Decimal, window: Window | None, words: bool
) -> Judgement:
    if claimed.kind is Kind.SIGN:
        return _sign(claimed, computed)
    if claimed.kind is Kind.DIRECTION:
        return _direction(claimed, computed)
    if claimed.kind is Kind.RECORD:
        assert window is not None, "a record is judged against its window"
        return judge_record(claimed, computed, window)
    want = claimed.signed
    difference = computed - want
    relative = abs(difference) / abs(computed) if computed != 0 else None
    unit = claimed.last_digit
    show = shown_decimals(claimed)
    sign = -1 if want < 0 else 1

    def c(value: Decimal, decimals: int = show) -> str:
        """A magnitude shown with the claim's sign and unit."""
        return with_unit(claimed, value * sign, decimals)

    def result(verdict: Verdict, rule: Rule, reason: Words) -> Judgement:
        return Judgement(verdict, rule, reason() if words else "", difference, relative)

    wrong = _wrong_direction(claimed, computed)
    if wrong:
        return result(Verdict.FALSE, Rule.WRONG_DIRECTION, wrong)

    magnitude, target = abs(computed), abs(want)
    if claimed.kind is Kind.MULTIPLE:
        magnitude, target = computed, want

    def c_text() -> str:
        """The computed value, shown with enough digits to tell it from the claim."""
        return c(magnitude, separating(magnitude, target, show))

    def claim_text() -> str:
        return c(target, claimed.decimals)

    falling = _falling(claimed)
    if claimed.bound in (Bound.JUST_ABOVE, Bound.JUST_BELOW):
        return _near_bound(claimed, result, relative, magnitude, target, c_text, falling, sign)
    if claimed.bound is not None:
        bound = _FLIPPED[claimed.bound] if falling else claimed.bound
        holds = {
            Bound.ABOVE: magnitude > target,
            Bound.AT_LEAST: magnitude >= target,
            Bound.BELOW: magnitude < target,
            Bound.AT_MOST: magnitude <= target,
        }[bound]
        said = _BOUND_WORDS[bound]
        as_said = f", as {claimed.text!r} says" if falling else ""
        if holds:
            return result(
                Verdict.ACCURATE,
                Rule.BOUND_HOLDS,
                lambda: f"{c_text()} is {said} {claim_text()}{as_said}",
            )
        return _beyond_rounding(
            result, relative, lambda: f"{c_text()} is not {said} {claim_text()}{as_said}"
        )

    # The one-unit rules hold only while the miss is a small share of the computed value: one
    # unit of "$2 trillion" is half of $2 trillion.
    small = relative is not None and relative <= ROUNDING_LIMIT
    rounded = magnitude.quantize(unit, rounding=ROUND_HALF_UP)

    def rounded_text() -> str:
        return c(rounded, claimed.decimals)

    if rounded == target:
        return result(
            Verdict.ACCURATE,
            Rule.ROUNDS_TO_CLAIM,
            lambda: f"{c_text()} rounds to {rounded_text()} at the claim's precision ({unit})",
        )
    hedge_note: Words = str  # no hedge: nothing to add (str() is "")
    if claimed.hedge is not None:
        judged = _hedge(claimed, magnitude, target, c_text, claim_text, falling, sign)
        if isinstance(judged, tuple):
            return result(*judged)
        hedge_note = judged
    if abs(magnitude - target) <= unit and small:
        truncated = magnitude.quantize(unit, rounding=ROUND_DOWN)
        if truncated == target:
            return result(
                Verdict.ACCURATE_WITHIN_ROUNDING,
                Rule.TRUNCATION,
                lambda: (
                    f"{c_text()} rounds to {rounded_text()}, not {claim_text()}; the claim "
                    f"truncates it (within one unit, {unit}, of the last digit){hedge_note()}"
                ),
            )
        return result(
            Verdict.ACCURATE_WITHIN_ROUNDING,
            Rule.WITHIN_ONE_UNIT,
            lambda: (
                f"{c_text()} rounds to {rounded_text()}, within one unit ({unit}) "
                f"of the claimed {claim_text()}{hedge_note()}"
            ),
        )
    gap = abs(magnitude - target)

    def what() -> str:
        if gap <= unit:
            text = (
                f"{c_text()} is within one unit ({unit}) of the claimed {claim_text()}{_TOO_COARSE}"
            )
        else:
            text = (
                f"{c_text()} misses {claim_text()} by {c(gap, separating(gap, Decimal(0), show))}, "
                f"more than one unit ({unit}) of the last digit"
            )
        return text + hedge_note()

    return _beyond_rounding(result, relative, what)


_TOO_COARSE = (
    f", but a miss within one unit counts as rounding only up to "
    f"{fmt(ROUNDING_LIMIT * 100, 0)}% of the computed value"
)


def _near_bound(
    claimed: ClaimedValue,
    result: Callable[[Verdict, Rule, Words], Judgement],
    relative: Decimal | None,
    magnitude: Decimal,
    target: Decimal,
    c_text: Words,
    falling: bool,
    sign: int,
) -> Judgement:
    """ "just over X": from X to 5% above it; "just under X": from 5% below X to below it (in
    the direction of the fall for a falling multiple, as other bounds)."""
    assert claimed.bound is not None
    bound = _FLIPPED[claimed.bound] if falling else claimed.bound
    word = claimed.bound_word or _BOUND_WORDS[claimed.bound]
    percent = fmt(NEAR_BOUND * 100, 0)

    def at(value: Decimal) -> str:
        return with_unit(claimed, value * sign, claimed.decimals + 1)

    if bound is Bound.JUST_ABOVE:
        edge = target * (1 + NEAR_BOUND)
        holds = target <= magnitude <= edge

        def band() -> str:
            return f"{at(target)} to {at(edge)}, at most {percent}% above it"
    else:
        edge = target * (1 - NEAR_BOUND)
        holds = edge <= magnitude < target

        def band() -> str:
            return f"{at(edge)} to below {at(target)}, at most {percent}% below it"

    if holds:
        return result(
            Verdict.ACCURATE,
            Rule.NEAR_BOUND,
            lambda: f"{c_text()} is within the band {word!r} allows ({band()})",
        )
    return _beyond_rounding(
        result, relative, lambda: f"{c_text()} is outside the band {word!r} allows ({band()})"
    )


def _direction(claimed: ClaimedValue, computed: Decimal) -> Judgement:
    """A direction word alone ("fell", "narrowed"): the claim holds when the change has its
    sign. `computed` is in the operation's unit (billions for a change, percent for a percent
    change), which the claim does not name, so the reason shows the number alone."""
    said = "a rise" if claimed.direction is Direction.UP else "a fall"
    value = fmt(computed, separating(computed, Decimal(0), 2))
    what = f"the change is {value}"
    if claimed.balance_word is not None:
        what = f"the change in the balance's size is {value}"
    holds = computed > 0 if claimed.direction is Direction.UP else computed < 0
    if holds:
        return Judgement(
            Verdict.ACCURATE,
            Rule.DIRECTION,
            f"{what}, {said}, as {claimed.text!r} says",
            computed,
            None,
        )
    return Judgement(
        Verdict.FALSE,
        Rule.WRONG_DIRECTION,
        f"{what}, not {said} as {claimed.text!r} says",
        computed,
        None,
    )


def _hedge(
    claimed: ClaimedValue,
    magnitude: Decimal,
    target: Decimal,
    c_text: Words,
    claim_text: Words,
    falling: bool,
    sign: int,
) -> tuple[Verdict, Rule, Words] | Words:
    """The hedge rule's verdict, or (when it does not hold) a note for the reason that follows:
    `about`-like words allow 5% of the claim either side, `nearly`-like words 5% short of it
    ("nearly halved": a ratio a little above one half)."""
    assert claimed.hedge is not None
    word = claimed.hedge_word or claimed.hedge.value
    tolerance = target * HEDGE_TOLERANCE
    below = target - magnitude  # > 0: the data fall short of the claim
    percent = fmt(HEDGE_TOLERANCE * 100, 0)

    def at(value: Decimal) -> str:
        return with_unit(claimed, value * sign, claimed.decimals + 1)

    # A decline is negative: "below" and "above" would read backwards, so say it in size.
    short_word, beyond_word = ("below", "above") if sign > 0 else ("short of", "beyond")

    if claimed.hedge is Hedge.NEARLY:
        short = -below if falling else below
        inside = 0 <= short <= tolerance
        edge = target + tolerance if falling else target - tolerance
        low, high = (target, edge) if falling else (edge, target)
        side_word = "above" if falling else short_word

        def band() -> str:
            return f"{at(low)} to {at(high)}, {percent}% {side_word} the claim"

        rule = Rule.HEDGE_NEARLY
    else:
        inside = abs(below) <= tolerance

        def band() -> str:
            return f"{at(target - tolerance)} to {at(target + tolerance)}, {percent}% either side"

        rule = Rule.HEDGE_ABOUT

    def position() -> str:
        share = f"{nonzero(abs(below) / target * 100, 1)}%" if target else "0%"
        side = short_word if below > 0 else beyond_word
        return f"{c_text()} is {share} {side} {claim_text()}"

    if inside:
        return (
            Verdict.ACCURATE_WITHIN_ROUNDING,
            rule,
            lambda: f"{position()}, within the band {word!r} allows ({band()})",
        )
    return lambda: f"; {word!r} allows {band()}, and {position()}"


def _share(relative: Decimal | None) -> str:
    return "an undefined share" if relative is None else f"{nonzero(relative * 100, 1)}%"


def _beyond_rounding(
    result: Callable[[Verdict, Rule, Words], Judgement], relative: Decimal | None, what: Words
) -> Judgement:
    if relative is not None and relative <= INACCURATE_LIMIT:
        return result(
            Verdict.INACCURATE,
            Rule.WITHIN_LIMIT,
            lambda: (
                f"{what()}; the miss is {_share(relative)} of the computed value "
                f"(at most {fmt(INACCURATE_LIMIT * 100, 0)}%)"
            ),
        )
    return result(
        Verdict.FALSE,
        Rule.BEYOND_LIMIT,
        lambda: (
            f"{what()}; the miss is {_share(relative)} of the computed value "
            f"(more than {fmt(INACCURATE_LIMIT * 100, 0)}%)"
        ),
    )


def _sign(claimed: ClaimedValue, computed: Decimal) -> Judgement:
    """A claimed sign ("a deficit", "a surplus"): `computed` is the balance in billions as the
    claim states it (a deficit's size, or the surplus), so the claim holds when it is positive."""
    stated = claimed.stated
    balance = -computed if stated == "deficit" else computed
    if balance < 0:
        actual = f"a deficit of ${nonzero(-balance, 2)} billion"
    elif balance > 0:
        actual = f"a surplus of ${nonzero(balance, 2)} billion"
    else:
        actual = "exactly balanced (zero)"
    if computed > 0:
        return Judgement(
            Verdict.ACCURATE, Rule.SIGN, f"the balance is {actual}, as claimed", Decimal(0), None
        )
    return Judgement(
        Verdict.FALSE, Rule.SIGN, f"the balance is {actual}, not a {stated}", Decimal(0), None
    )


# --- Records (issue 19): the claimed period against the window it claims to top. ---


class Window(NamedTuple):
    """A record's window: every period compared, oldest first, the claimed one last, with
    their values in the claim's working unit."""

    periods: tuple[str, ...]
    values: tuple[Decimal, ...]
    unit: str  # e.g. "billion USD"
    start: str  # where the window starts and why: "1985, where the data start"


def amount(value: Decimal, unit: str) -> str:
    scale = unit.removesuffix("USD").strip()
    text = fmt(value, 2)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    return f"{sign}${digits}" + (f" {scale}" if scale else "")


def judge_record(claimed: ClaimedValue, computed: Decimal, window: Window) -> Judgement:
    """A claimed record holds when no period of its window is more extreme than the claimed
    one (a tie holds: it equals the record). With a level ("a record $418.2 billion") the
    level is judged by the rubric too, and both must hold: the verdict is the level's when the
    record holds, `false` when it does not."""
    record = claimed.record
    assert record is not None and window.periods
    high = record.extreme.value == "high"
    words = record.words
    period, value = window.periods[-1], window.values[-1]
    assert value == computed
    beyond = [
        (p, v)
        for p, v in zip(window.periods, window.values, strict=True)
        if (v > value if high else v < value)
    ]
    beyond.sort(key=lambda pv: pv[1], reverse=high)
    what = "quarters" if "-Q" in period else "months" if "-" in period else "years"
    span = f"the {len(window.periods)} {what} {window.periods[0]} to {period} (from {window.start})"
    level = judge(record.level, computed) if record.level is not None else None
    level_note = f"; the level: {level.reason}" if level is not None else ""
    difference = level.difference if level is not None else Decimal(0)
    relative = level.relative if level is not None else None
    shown = amount(value, window.unit)
    if beyond:
        top_p, top_v = beyond[0]
        after = ", ".join(p for p, _ in beyond[:3]) + (", ..." if len(beyond) > 3 else "")
        reason = (
            f"{period} ({shown}) is not the {words} of {span}: the {words} is "
            f"{amount(top_v, window.unit)} ({top_p}); {period} is the "
            f"{ordinal(len(beyond) + 1)} {words}, after {after}{level_note}"
        )
        return Judgement(Verdict.FALSE, Rule.NOT_A_RECORD, reason, difference, relative)
    others = sorted(
        zip(window.values[:-1], window.periods[:-1], strict=True), key=lambda vp: vp[0],
        reverse=high,
    )  # fmt: skip
    tie = [p for v, p in others if v == value]
    if tie:
        runner = f"; it ties {', '.join(tie)}"
    else:
        runner = f"; the next {words} is {amount(others[0][0], window.unit)} ({others[0][1]})"
    reason = f"{period} ({shown}) is the {words} of {span}{runner}{level_note}"
    if level is not None:
        return Judgement(level.verdict, level.rule, reason, difference, relative)
    return Judgement(Verdict.ACCURATE, Rule.RECORD_HOLDS, reason, difference, relative)


class Standing(NamedTuple):
    """One country of a rank's field, with its value in the claim's working unit."""

    code: str
    name: str
    value: Decimal


class Ranking(NamedTuple):
    """A rank's field: every country with a value in the claimed period, largest first, and
    in the period before it (empty when the data hold none)."""

    period: str
    standings: tuple[Standing, ...]
    previous_period: str
    previous: tuple[Standing, ...]
    partner: str  # the claim's partner's code
    rival: str | None  # the code of the partner an "overtook" claim names
    what: str  # the measure ranked, e.g. "exports"
    unit: str
    among: str  # "countries", or "countries BEA publishes by partner (...)"
    absent: int  # countries of the partner list with no value in the period

    def place(self, code: str, previous: bool = False) -> int | None:
        """A country's place: one more than the number of countries strictly above it (tied
        countries share a place), or None when it has no value."""
        field = self.previous if previous else self.standings
        mine = next((s.value for s in field if s.code == code), None)
        if mine is None:
            return None
        return 1 + sum(1 for s in field if s.value > mine)

    def standing(self, code: str, previous: bool = False) -> Standing:
        field = self.previous if previous else self.standings
        return next(s for s in field if s.code == code)


def judge_rank(claimed: ClaimedValue, ranking: Ranking) -> Judgement:
    """A claimed place holds when the partner's place among the countries of the field is the
    claimed one (a tie shares the place); "overtook X" holds when the partner was behind X in
    the previous period and is ahead of it in the claimed one (and in the claimed place, when
    the text names one)."""
    rank = claimed.rank
    assert rank is not None
    place = ranking.place(ranking.partner)
    assert place is not None, "the checker gives a field holding the claim's partner"
    me = ranking.standing(ranking.partner)
    stated = f"{me.name} is {_placed(ranking, ranking.partner)}"
    difference = Decimal(place - rank.place) if rank.place is not None else Decimal(0)
    if rank.overtook is not None:
        assert ranking.rival is not None
        rival = ranking.standing(ranking.rival)
        before, rival_before = (
            ranking.place(ranking.partner, previous=True),
            ranking.place(ranking.rival, previous=True),
        )
        assert before is not None and rival_before is not None
        now = ranking.place(ranking.rival)
        assert now is not None
        passed = before > rival_before and place < now
        reason = (
            f"in {ranking.previous_period} {me.name} was {_placed(ranking, me.code, True)} and "
            f"{rival.name} {_placed(ranking, rival.code, True)}; in {ranking.period} "
            f"{me.name} is {_placed(ranking, me.code, short=True)} and {rival.name} "
            f"{_placed(ranking, rival.code)}, of {len(ranking.standings)} {ranking.among} by "
            f"{ranking.what}"
        )
        if not passed:
            why = (
                f"{me.name} was already ahead in {ranking.previous_period}"
                if before < rival_before
                else f"{me.name} is not ahead in {ranking.period}"
            )
            return Judgement(
                Verdict.FALSE, Rule.DID_NOT_OVERTAKE, f"{reason}: {why}", difference, None
            )
        if not rank.holds(place):
            return Judgement(
                Verdict.FALSE,
                Rule.WRONG_RANK,
                f"{reason}: it overtook {rival.name} but is not {rank.words}",
                difference,
                None,
            )
        return Judgement(Verdict.ACCURATE, Rule.OVERTOOK, reason, difference, None)
    reason = f"{stated}{_neighbours(ranking, me)}"
    if rank.holds(place):
        return Judgement(Verdict.ACCURATE, Rule.RANK_HOLDS, reason, difference, None)
    return Judgement(
        Verdict.FALSE, Rule.WRONG_RANK, f"{reason}; claimed {rank.words}", difference, None
    )


def _placed(ranking: Ranking, code: str, previous: bool = False, short: bool = False) -> str:
    """The claim's partner's place: "1st of 233 countries by exports in 2022 ($359.14
    billion)"; another's, one in the previous period or with `short`: "2nd ($452.00
    billion)"."""
    place = ranking.place(code, previous)
    assert place is not None
    standing = ranking.standing(code, previous)
    field = ranking.previous if previous else ranking.standings
    tied = [s.name for s in field if s.value == standing.value and s.code != code]
    shown = f"{ordinal(place)}{' (tied with ' + ', '.join(tied) + ')' if tied else ''}"
    money = amount(standing.value, ranking.unit)
    if previous or short or code != ranking.partner:
        return f"{shown} ({money})"
    return (
        f"{shown} of {len(field)} {ranking.among} by {ranking.what} in {ranking.period} ({money})"
    )


def _neighbours(ranking: Ranking, me: Standing) -> str:
    """Who is above the partner (up to three), or who comes next."""
    above = [s for s in ranking.standings if s.value > me.value]
    if above:
        shown = ", ".join(f"{s.name} ({amount(s.value, ranking.unit)})" for s in above[:3])
        more = f" and {len(above) - 3} more" if len(above) > 3 else ""
        return f", after {shown}{more}"
    below = [s for s in ranking.standings if s.value < me.value]
    if below:
        return f", ahead of {below[0].name} ({amount(below[0].value, ranking.unit)})"
    return ""


# --- Comparisons and streaks (issue 20). ---


class Sides(NamedTuple):
    """A comparison's two sides in the claim's working unit: the claim's value, and the other
    side (the `than` partners' values summed, or the `than_period` value), each part named."""

    left: str  # e.g. "1220 Canada, 2017"
    left_value: Decimal
    right: str  # e.g. "China, Japan and United Kingdom combined, 2017"
    parts: tuple[tuple[str, Decimal], ...]  # the other side's parts, one for a period
    unit: str
    what: str  # the measure, e.g. "exports"

    @property
    def right_value(self) -> Decimal:
        return sum((v for _, v in self.parts), Decimal(0))

    @property
    def gap(self) -> Decimal:
        return self.left_value - self.right_value


def _gap(sides: Sides) -> str:
    """The gap, and as a percent of the other side."""
    gap, right = sides.gap, sides.right_value
    share = f" ({nonzero(abs(gap) / abs(right) * 100, 1)}% of the other side)" if right else ""
    return f"{amount(abs(gap), sides.unit)}{share}"


def judge_compare(claimed: ClaimedValue, sides: Sides) -> Judgement:
    """`more than` holds when the claim's value exceeds the other side, `less than` when it
    falls short of it, `about the same as` when the gap is within the `about` tolerance (5% of
    the other side); otherwise `false`. The reason shows both sides and the gap."""
    comparison = claimed.comparison
    assert comparison is not None
    left, right, gap = sides.left_value, sides.right_value, sides.gap
    parts = ""
    if len(sides.parts) > 1:
        parts = ": " + " + ".join(f"{n} {amount(v, sides.unit)}" for n, v in sides.parts)
    shown = (
        f"{sides.left} ({amount(left, sides.unit)}) against {sides.right} "
        f"({amount(right, sides.unit)}{parts}), {sides.what}"
    )
    if comparison is Comparison.SAME:
        band = abs(right) * HEDGE_TOLERANCE
        holds = abs(gap) <= band
        within = f"{fmt(HEDGE_TOLERANCE * 100, 0)}% of the other side, {amount(band, sides.unit)}"
        side = "above" if gap > 0 else "below"
        where = f"{_gap(sides)} {side} it" if gap else "exactly equal"
        what = f"{shown}: {where}, {'within' if holds else 'beyond'} {within}"
    else:
        holds = gap > 0 if comparison is Comparison.MORE else gap < 0
        way = "more" if gap > 0 else "less"
        what = f"{shown}: {_gap(sides)} {way}" if gap else f"{shown}: exactly equal"
    if holds:
        return Judgement(
            Verdict.ACCURATE, Rule.COMPARISON_HOLDS, f"{what}, as {claimed.text!r} says", gap, None
        )
    return Judgement(
        Verdict.FALSE, Rule.COMPARISON_FAILS, f"{what}, not {claimed.text!r}", gap, None
    )


class Run(NamedTuple):
    """A streak's periods, oldest first and the claimed one last, with their values in the
    claim's working unit: each change is from the period before."""

    periods: tuple[str, ...]
    values: tuple[Decimal, ...]
    unit: str
    what: str  # "years", "months", "quarters"
    since: str | None = None  # the claimed text's "since" period, as the periods write it

    def changes(self) -> list[tuple[str, Decimal]]:
        return [
            (self.periods[i], self.values[i] - self.values[i - 1])
            for i in range(1, len(self.periods))
        ]

    def streak(self) -> tuple[int, Direction | None]:
        """The length and direction of the run of changes of one sign ending at the claimed
        period (0 and None when it did not change)."""
        changes = [c for _, c in self.changes()]
        if not changes or changes[-1] == 0:
            return 0, None
        way = Direction.UP if changes[-1] > 0 else Direction.DOWN
        n = 0
        for change in reversed(changes):
            if (change > 0) != (way is Direction.UP) or change == 0:
                break
            n += 1
        return n, way

    def shown(self, length: int | None) -> list[tuple[str, Decimal]]:
        """The changes a report lists: the actual streak (or the claimed length) and the
        change before it, and from the claimed text's "since" on."""
        n, _ = self.streak()
        changes = self.changes()
        start = len(changes) - max(n, length or 0) - 1
        at = [i for i, (p, _) in enumerate(changes) if p == self.since]
        if at:
            start = min(start, at[0])
        return changes[max(0, start) :]

    def last_before(self, way: Direction) -> str | None:
        """The latest period before the claimed one whose change went `way`, or None."""
        for period, change in reversed(self.changes()[:-1]):
            if change > 0 if way is Direction.UP else change < 0:
                return period
        return None


def _signed(value: Decimal, unit: str) -> str:
    text = amount(abs(value), unit)
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else text


def streak_words(n: int, way: Direction | None, what: str) -> str:
    """An actual streak in words: "2 straight years of decline", "1 year of rise"."""
    if way is None:
        return f"no change from the {what.removesuffix('s')} before, so no streak"
    noun = "decline" if way is Direction.DOWN else "rise"
    if n == 1:
        return f"a single {what.removesuffix('s')} of {noun}"
    return f"{n} straight {what} of {noun}"


def judge_streak(claimed: ClaimedValue, run: Run) -> Judgement:
    """A claimed streak holds when the changes up to and including the claimed period are
    the run it claims: "the third straight year" exactly three changes of its direction in a
    row (the fourth in a row is not the third); "every year since 2016" every change after
    2016 in its direction; "the first decline since 2009" a decline in the claimed period and,
    before it, none after 2009's. Otherwise `false`. The reason shows the run period by period
    and the actual streak's length."""
    streak = claimed.streak
    assert streak is not None and len(run.periods) >= 2
    n, way = run.streak()
    period = run.periods[-1]
    listed = ", ".join(f"{p} {_signed(c, run.unit)}" for p, c in run.shown(streak.length))
    actual = streak_words(n, way, run.what)
    reason = f"changes: {listed}; up to {period}: {actual}"
    said = streak.direction
    if streak.length is not None:
        holds = way is said and n == streak.length
        if not holds and way is said and n > streak.length:
            reason += f", more than the {streak.length} claimed"
    elif streak.every:
        assert run.since is not None
        after = [p for p, _ in run.changes() if p > run.since]
        holds = way is said and n >= len(after)
        if not holds:
            reason += f", not every one of the {len(after)} after {run.since}"
    else:
        previous = run.last_before(said)
        holds = way is said and previous == run.since
        before = (
            f"the {streak.noun} before it was in {previous}"
            if previous
            else (f"no {streak.noun} before it since {run.periods[1]}")
        )
        reason += f"; {before}" if way is said else ""
    rule = Rule.STREAK_HOLDS if holds else Rule.NOT_A_STREAK
    reason += f", as {claimed.text!r} says" if holds else f"; claimed {claimed.text!r}"
    verdict = Verdict.ACCURATE if holds else Verdict.FALSE
    return Judgement(verdict, rule, reason, Decimal(0), None)
