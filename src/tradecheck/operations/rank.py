"""`rank`: the partner's place among countries by a flow in a period ("our largest trading
partner", "the third-largest", "among the top five"), and "overtook PARTNER" (behind it in the
previous period, ahead of it in this one).

The field is every country (never a grouping, a region or a product group: claims
validation refuses a rank of one). `terms` declares the claimed period and the one before it
as terms of `Whose.EVERY`, and the checker gives one term per country; a country with no
value for a period (a code that did not exist then, or a partner BEA does not publish) is left
out of that period's field and counted. Tied countries share a place (one more than the
number of countries above them). Under BEA's definitions the field is only the countries BEA
publishes by partner, and the reason says so. The rubric (`verdict.judge_rank`) decides the
verdict.
"""

from __future__ import annotations

from decimal import Decimal

from tradecheck.domain import Period, Range, When
from tradecheck.errors import Missing
from tradecheck.operations.base import Computed, Context, Shape, Spec, Term, Whose
from tradecheck.quantity import ClaimedValue, Kind, ordinal
from tradecheck.verdict import Ranking, Standing, fmt

SHOWN = 10  # the places a report lists (the top ten), with the partner and its rival


class RankSpec(Spec):
    name = "rank"
    shape = Shape.ONE
    kinds = frozenset({Kind.RANK})
    caveats = ("a rank compares countries only, not groupings or regions",)
    ranks_countries = True

    def terms(self, periods: list[When]) -> list[Term]:
        (period,) = periods
        assert isinstance(period, Period)
        return [Term(period.shift(-1), Whose.EVERY), Term(period, Whose.EVERY)]

    def claim_problem(self, periods: list[When], claimed: ClaimedValue) -> str | None:
        if len(periods) == 1 and isinstance(periods[0], Range):
            return (
                f"operation 'rank' takes a year, a quarter or a month, not a range ({periods[0]})"
            )
        return None

    def compute(self, context: Context) -> Computed:
        names = context.names or {}
        fields: dict[str, list[Standing]] = {}
        for term, value in zip(context.terms, context.values, strict=True):
            assert term.partner is not None
            standing = Standing(term.partner, names.get(term.partner, term.partner), value)
            fields.setdefault(str(term.period), []).append(standing)
        period = context.terms[-1].period
        previous = period.shift(-1) if isinstance(period, Period) else period
        now = sorted(fields.get(str(period), []), key=lambda s: (-s.value, s.name))
        before = sorted(fields.get(str(previous), []), key=lambda s: (-s.value, s.name))
        claimed = context.claimed
        rank = claimed.rank if claimed is not None else None
        mine = names.get(context.partner, context.partner)
        if not any(s.code == context.partner for s in now):
            raise Missing(f"{mine} has no {context.expression} in {period}")
        if rank is not None and rank.overtook is not None:
            rival = names.get(context.rival or "", rank.overtook)
            for who, field, when in (
                (context.rival, now, period),
                (context.partner, before, previous),
                (context.rival, before, previous),
            ):
                if not any(s.code == who for s in field):
                    name = rival if who == context.rival else mine
                    raise Missing(f"{name} has no {context.expression} in {when}")
        countries = len(names)
        ranking = Ranking(
            period=str(period),
            standings=tuple(now),
            previous_period=str(previous),
            previous=tuple(before),
            partner=context.partner,
            rival=context.rival,
            what=context.expression,
            unit=context.unit,
            among=context.among,
            absent=countries - len(now),
        )
        place = ranking.place(context.partner)
        assert place is not None
        top = ", ".join(f"{ranking.place(s.code)}. {s.name} {fmt(s.value, 3)}" for s in now[:3])
        formula = (
            f"{context.expression} of {len(now)} {context.among} in {period} ({context.unit}), "
            f"largest first: {top}, ...; {mine}: {ordinal(place)}"
        )
        if ranking.absent:
            formula += (
                f"; {ranking.absent} countries of the partner list have no value in {period} "
                "(codes not in use that year, or not published for this definition)"
            )
        return Computed(Decimal(place), formula, ranking=ranking)


def shown_inputs(ranking: Ranking) -> set[tuple[str, str]]:
    """The (period, code) of the values a report lists: the top ten of the claimed period and
    the claim's partner; for "overtook", also the partner and its rival in the period
    before."""
    shown = {(ranking.period, s.code) for s in ranking.standings[:SHOWN]}
    shown.add((ranking.period, ranking.partner))
    if ranking.rival is not None:
        for period in (ranking.period, ranking.previous_period):
            shown |= {(period, ranking.partner), (period, ranking.rival)}
    return shown
