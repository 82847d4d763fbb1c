"""The vintage rules, in one place: which vintage of a dataset answers for a period.

- pinned (`VintageRule.pin`): the newest vintage not later than the pin; a pin of YYYY-MM
  covers every fetch made in that month;
- otherwise the newest vintage that holds the period (a vintage's last year is year-to-date,
  so it does not hold that year), among the vintages whose file has the partner
  (`with_partner`: OPEC is only in the first three country files);
- for stores that record which vintages hold each value (`choose_held`), the same two rules
  over those vintages;
- across sources, the newest answer wins (`newest`): a fetch made after a bundled file's
  release supersedes it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from tradecheck.domain import Period
from tradecheck.series.bundle import Vintage
from tradecheck.series.source import Missing, Observation, VintageRule


def choose_vintage(vintages: list[Vintage], rule: VintageRule, period: Period) -> Vintage:
    """The vintage of `vintages` (newest first) that answers for `period` under `rule`.

    Missing carries only the reason; callers put the series in front of it."""
    if not vintages:
        raise Missing("no bundled data for this series")
    pin = rule.pin
    if pin is not None:
        eligible = [v for v in vintages if v.name <= pin]
        if not eligible:
            names = ", ".join(v.name for v in vintages)
            raise Missing(f"no vintage on or before {pin} (bundled: {names})")
        chosen = eligible[0]
        if not holds(chosen, period):
            raise Missing(f"{_coverage(chosen, period)}")
        return chosen
    for vintage in vintages:
        if holds(vintage, period):
            return vintage
    newest = vintages[0]
    first = min(v.first_year for v in vintages)
    if period.year < first:
        raise Missing(f"bundled {newest.dataset} data starts in {first}")
    raise Missing(f"{_coverage(newest, period)}")


def with_partner(vintages: list[Vintage], having: frozenset[str]) -> list[Vintage]:
    """The vintages whose file has the partner (`having`: their names); all of them when none
    has (the reason then names the newest)."""
    return [v for v in vintages if v.name in having] or vintages


def holds(vintage: Vintage, period: Period) -> bool:
    if period.month is None:
        return vintage.holds_year(period.year)
    return vintage.holds_month(period.year, period.month)


def _coverage(vintage: Vintage, period: Period) -> str:
    if period.year < vintage.first_year:
        return f"vintage {vintage.name} starts in {vintage.first_year}"
    if period.year > vintage.last_year or (period.month and str(period) > vintage.last_month):
        return f"vintage {vintage.name} ends with {vintage.last_month}"
    return (
        f"vintage {vintage.name} holds {period.year} only through {vintage.last_month} "
        "(year-to-date), not the full year"
    )


def choose_held(names: Sequence[str], held: Collection[str], rule: VintageRule) -> str:
    """The vintage of `names` (newest first; YYYY-MM or YYYY-MM-DD) that answers under `rule`,
    given the vintages that hold the period (`held`): pinned, the newest allowed by the pin,
    which must hold it; otherwise the newest holding it. Missing carries only the reason."""
    if rule.pin is not None:
        eligible = [n for n in names if not_later(n, rule)]
        if not eligible:
            raise Missing(f"no vintage on or before {rule.pin} (bundled: {', '.join(names)})")
        if eligible[0] not in held:
            raise Missing(
                f"vintage {eligible[0]} (the newest on or before {rule.pin}) does not hold it"
            )
        return eligible[0]
    for name in names:
        if name in held:
            return name
    raise Missing(f"no bundled vintage holds it (bundled: {', '.join(names)})")


def not_later(name: str, rule: VintageRule) -> bool:
    """Whether vintage `name` (YYYY-MM or a fetch date YYYY-MM-DD) is allowed by the pin."""
    return rule.pin is None or name[: len(rule.pin)] <= rule.pin


def newest(answers: Iterable[Observation]) -> Observation | None:
    """The answer of the newest vintage; the earlier source wins a tie."""
    best: Observation | None = None
    for answer in answers:
        if best is None or answer.provenance.vintage > best.provenance.vintage:
            best = answer
    return best
