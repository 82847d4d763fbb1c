"""The vintage rules, in one place: which vintage of a dataset answers for a period.

- pinned (`VintageRule.pin`): the newest vintage not later than the pin; a pin of YYYY-MM
  covers every fetch made in that month;
- otherwise the newest vintage that holds the period (a vintage's last year is year-to-date,
  so it does not hold that year), among the vintages whose file has the partner
  (`with_partner`: OPEC is only in the first three country files);
- for stores that record which vintages hold each value (`choose_held`), the same two rules
  over those vintages;
- as of a day (`VintageRule.as_of`): the newest vintage published on or before it that
  holds the period; with `after`, the earliest published after it (the checker asks so when
  none published by then holds it). A vintage's publication day comes from its name
  (`published_on`): a day as is (BEA's "Last updated", a fetch), a month (a country file, an
  FT-900 release, DataWeb's download) its last day;
- across sources, the newest answer wins (`newest`): a fetch made after a bundled file's
  release supersedes it; with `after`, the earliest.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Sequence
from functools import cache

from tradecheck.domain import Period
from tradecheck.series.bundle import Vintage
from tradecheck.series.source import Missing, Observation, VintageRule


def choose_vintage(vintages: list[Vintage], rule: VintageRule, period: Period) -> Vintage:
    """The vintage of `vintages` (newest first) that answers for `period` under `rule`.

    Missing carries only the reason; callers put the series in front of it."""
    if not vintages:
        raise Missing("no bundled data for this series")
    if rule.as_of is not None:
        by_name = {v.name: v for v in vintages}
        for name in ordered(list(by_name), rule):
            if holds(by_name[name], period):
                return by_name[name]
        raise Missing(f"no bundled vintage {as_of_words(rule)} holds it")
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
    if rule.as_of is not None:
        for name in ordered(names, rule):
            if name in held:
                return name
        raise Missing(f"no bundled vintage {as_of_words(rule)} holds it")
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
    """Whether vintage `name` (YYYY-MM or a fetch date YYYY-MM-DD) is allowed by the pin, or
    by `as_of` (published by then; with `after`, published after it)."""
    if rule.pin is not None and name[: len(rule.pin)] > rule.pin:
        return False
    if rule.as_of is not None:
        later = published_on(name) > rule.as_of
        return later if rule.after else not later
    return True


def ordered(names: Sequence[str], rule: VintageRule) -> list[str]:
    """The vintages (`names` newest first) the rule allows, in the order it prefers them:
    newest first, or with `after` the earliest first."""
    allowed = [n for n in names if not_later(n, rule)]
    return allowed[::-1] if rule.after else allowed


@cache  # a few dozen names, asked for by every value and window
def published_on(name: str) -> str:
    """The day a vintage was published, from its name: a day (BEA's "Last updated", a fetch
    date) as is; a month (a country file, an FT-900 release, DataWeb's download), its last
    day."""
    if len(name) >= 10:
        return name[:10]
    year, month = int(name[:4]), int(name[5:7])
    return f"{name[:7]}-{calendar.monthrange(year, month)[1]:02d}"


def as_of_words(rule: VintageRule) -> str:
    """ "published by 2018-01-01", or "published after 2018-01-01"."""
    return f"published {'after' if rule.after else 'by'} {rule.as_of}"


def newest(answers: Iterable[Observation], earliest: bool = False) -> Observation | None:
    """The answer of the newest vintage (with `earliest`, of the earliest); the earlier source
    wins a tie."""
    best: Observation | None = None
    for answer in answers:
        day = published_on(answer.provenance.vintage)
        if best is None:
            best = answer
            continue
        best_day = published_on(best.provenance.vintage)
        if (day < best_day) if earliest else (day > best_day):
            best = answer
    return best
