"""`record`: the period's value is the highest (or lowest) of a window ("a record", "the
highest since 2008", "the lowest in ten years", "a record $418.2 billion").

The window is every period of the claimed one's frequency from the start of the data the
source holds for the series up to and including the claimed period ("a record in 2022" is the
highest up to 2022, whatever came later). Where the data start differs by source and partner
(the Census country file's world from 1987, its partners from 1985; BEA's world from 1960,
its partners from 1999), so the spec does not name it: `terms` declares every period from
`EARLIEST` as a window term (`Term.window`), and the checker drops the window terms not held
before the first held one: they lie before the data's start. A period not held after the
first held one is a gap inside the window, and the claim is `unverifiable`. The claimed text
narrows the start: "since 2008" compares the periods after 2008, "in ten years" the claimed
period and the nine before it. Annual claims compare complete years only (a year-to-date
total is not held as a year), monthly claims compare months. The rubric
(`verdict.judge_record`) decides the verdict.
"""

from __future__ import annotations

from tradecheck.domain import Period, Range, When
from tradecheck.errors import Missing
from tradecheck.operations.base import AROUND, Computed, Context, Shape, Spec, Term
from tradecheck.quantity import ClaimedValue, Kind, Record
from tradecheck.verdict import Window, fmt

EARLIEST = 1960  # no bundled series starts before it (BEA's world, 1960)


def window_start(period: Period, record: Record) -> Period | None:
    """The first period the claimed text's window allows ("since 2008": the first after
    2008; "in ten years": nine before the claimed one), or None: from the data's start."""
    if record.since is not None:
        return Period(record.since + 1) if period.annual else Period(record.since + 1, 1)
    if record.years is not None:
        return period.shift(-(record.years * (1 if period.annual else 12) - 1))
    return None


class RecordSpec(Spec):
    name = "record"
    shape = Shape.ONE
    kinds = frozenset({Kind.RECORD})
    caveats = ("a record compares nominal dollars, not adjusted for inflation",)

    def terms(self, periods: list[When]) -> list[Term]:
        (period,) = periods
        assert isinstance(period, Period)
        first = Period(EARLIEST) if period.annual else Period(EARLIEST, 1)
        if period.quarter is not None:
            first = Period(EARLIEST, quarter=1)
        out = []
        while first < period:
            out.append(Term(first, window=True))
            first = first.shift(1)
        return [*out, Term(period)]

    def claim_problem(self, periods: list[When], claimed: ClaimedValue) -> str | None:
        if len(periods) != 1:
            return None  # the shape's problem
        (period,) = periods
        if isinstance(period, Range):
            return f"operation 'record' takes a year or a month, not a range ({period})"
        record = claimed.record
        if record is None:
            return None
        last = period.year - 1 if period.annual else period.year
        if record.since is not None and record.since >= last:
            return (
                f"claimed {claimed.text!r} for {period}: the periods after {record.since} up to "
                f"{period} are at most the claimed one, so there is no record to judge"
            )
        return None

    def compute(self, context: Context) -> Computed:
        claimed = context.claimed
        assert claimed is not None and claimed.record is not None
        record = claimed.record
        held = list(zip(context.terms, context.values, strict=True))
        period = held[-1][0].period
        assert isinstance(period, Period)
        start = window_start(period, record)
        if start is not None:
            data_start = held[0][0].period
            if start < data_start:
                raise Missing(
                    f"the window of {claimed.text!r} starts in {start}, but the data start in "
                    f"{data_start}"
                )
            held = [(t, v) for t, v in held if t.period >= start]
            where = f"{start}, as {claimed.text!r} says"
        else:
            where = f"{held[0][0].period}, where the data start"
        if len(held) < 2:
            raise Missing(
                f"the data hold no period before {period}: a window of one period has no record"
            )
        periods = tuple(str(t.period) for t, _ in held)
        values = tuple(v for _, v in held)
        value = values[-1]
        extreme = max(values) if record.extreme.value == "high" else min(values)
        at = periods[values.index(extreme)]
        formula = (
            f"{context.expression} = {fmt(value, 6)} {context.unit} ({period}); "
            f"{record.words} of {periods[0]} to {periods[-1]} ({len(values)} periods): "
            f"{fmt(extreme, 6)} ({at})"
        )
        return Computed(value, formula, Window(periods, values, context.unit, where))

    def chart(self, periods: list[When]) -> list[Period]:
        """The window from EARLIEST to a few periods after the claimed one (the checker leaves
        out the periods before the data start)."""
        (period,) = periods
        assert isinstance(period, Period)
        out = [t.period for t in self.terms(periods) if isinstance(t.period, Period)]
        last = period.shift(AROUND if period.annual else 2 * AROUND)
        while out[-1] < last:
            out.append(out[-1].shift(1))
        return out
