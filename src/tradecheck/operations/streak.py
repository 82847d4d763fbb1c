"""`streak`: consecutive changes up to and including the claimed period, each from the period
before ("fell for the third straight year", "rose every year since 2016", "the first decline
since 2009", "the second consecutive monthly increase").

The look-back is a record's window (`record.EARLIEST`): `terms` declares every period of the
claimed one's frequency from 1960 as a window term, the checker leaves out those before the
start of the data, and a gap inside the window makes the claim unverifiable. Where the run
(or the decline before a "first decline since") reaches back to the data's start, what came
before is unknown, and the claim is unverifiable too. The rubric (`verdict.judge_streak`)
decides the verdict.
"""

from __future__ import annotations

from decimal import Decimal

from tradecheck.domain import Period, Range, When, parse_when
from tradecheck.errors import Missing
from tradecheck.operations.base import AROUND, Computed, Context, Shape, Spec, Term
from tradecheck.operations.record import RecordSpec
from tradecheck.quantity import ClaimedValue, Kind
from tradecheck.verdict import Run, fmt, streak_words

LOOK = 10  # periods `explain` charts before the claimed one

_FREQUENCY = {"year": "years", "month": "months", "quarter": "quarters"}


def _what(period: Period) -> str:
    return "quarters" if period.quarter is not None else "years" if period.annual else "months"


def since_period(text: str, period: Period) -> Period | str:
    """A streak's "since" as a period of the claimed one's frequency, or the problem."""
    try:
        since = parse_when(text)
    except ValueError:
        since = None
    if not isinstance(since, Period) or since.frequency is not period.frequency:
        example = {"years": "2009", "months": "2009-03", "quarters": "2009-Q1"}[_what(period)]
        return (
            f"'since {text}' must name a period of the claim's frequency ({_what(period)}, "
            f"e.g. 'since {example}')"
        )
    return since


class StreakSpec(Spec):
    name = "streak"
    shape = Shape.ONE
    kinds = frozenset({Kind.STREAK})
    caveats = ("a streak compares nominal dollars, not adjusted for inflation",)

    def terms(self, periods: list[When]) -> list[Term]:
        return RecordSpec().terms(periods)

    def claim_problem(self, periods: list[When], claimed: ClaimedValue) -> str | None:
        if len(periods) != 1:
            return None
        (period,) = periods
        if isinstance(period, Range):
            return f"operation 'streak' takes a year, a quarter or a month, not a range ({period})"
        streak = claimed.streak
        if streak is None:
            return None
        what = _what(period)
        if streak.frequency is not None and _FREQUENCY[streak.frequency] != what:
            return (
                f"claimed {claimed.text!r} is a streak of {_FREQUENCY[streak.frequency]}, but "
                f"period {period} is not one of them"
            )
        if streak.since is None:
            return None
        since = since_period(streak.since, period)
        if isinstance(since, str):
            return f"claimed {claimed.text!r}: {since}"
        if since >= period:
            return f"claimed {claimed.text!r} for {period}: {since} must come before {period}"
        if streak.every and since.shift(1) == period:
            return (
                f"claimed {claimed.text!r} for {period}: the {what} after {since} up to {period} "
                "are one period, a single change and no streak (claim it as a direction with "
                "operation 'change')"
            )
        return None

    def compute(self, context: Context) -> Computed:
        claimed = context.claimed
        assert claimed is not None and claimed.streak is not None
        streak = claimed.streak
        periods = [t.period for t in context.terms]
        period = periods[-1]
        assert isinstance(period, Period)
        if len(periods) < 2:
            raise Missing(f"the data hold no period before {period}: a streak needs changes")
        since = since_period(streak.since, period) if streak.since is not None else None
        run = Run(
            tuple(str(p) for p in periods),
            tuple(context.values),
            context.unit,
            _what(period),
            str(since) if isinstance(since, Period) else None,
        )
        n, way = run.streak()
        start = periods[0]
        reaches = n == len(periods) - 1  # the run starts with the data's first change
        if streak.length is not None and reaches and way is streak.direction and n <= streak.length:
            raise Missing(
                f"the run of changes reaches the start of the data ({start}): whether it "
                f"began before {periods[1]} is unknown"
            )
        if isinstance(since, Period) and since < start:
            raise Missing(
                f"{claimed.text!r} reaches back to {since}, but the data start in {start}"
            )
        if streak.first and way is streak.direction and run.last_before(streak.direction) is None:
            raise Missing(
                f"no {streak.noun} before {period} since the data start ({start}): whether the "
                f"one before came in {since} is unknown"
            )
        listed = run.shown(streak.length)
        index = run.periods.index(listed[0][0])
        shown = frozenset(run.periods[index - 1 :])  # each change and the period before it
        tail = ", ".join(f"{p} {fmt(c, 2)}" for p, c in listed)
        formula = (
            f"change of {context.expression} from the period before ({context.unit}): {tail}; "
            f"streak ending {period}: {streak_words(n, way, run.what)}"
        )
        return Computed(Decimal(n), formula, evidence=run, shown=shown)

    def chart(self, periods: list[When]) -> list[Period]:
        (period,) = periods
        assert isinstance(period, Period)
        out = [period.shift(-LOOK if period.annual else -2 * LOOK)]
        while out[-1] < period.shift(AROUND if period.annual else 2 * AROUND):
            out.append(out[-1].shift(1))
        return out
