"""`tradecheck fetch`: get from the Census API the series that claims need, into the cache.

`plan` lists every series the claims use and marks which the bundle or the cache already
answers; `run` asks the API for the rest (or for all of them with `--all`), one request per
series and period, and stores each answer as a new cache entry. A missing or rejected key stops
the run at once; any other failure is reported and the run goes on, keeping what succeeded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from tradecheck.claims import Claim, Period
from tradecheck.domain import FlowCode
from tradecheck.engine import Choice, Prepared
from tradecheck.series.api import ApiRequest, NoCounterpart, build_request
from tradecheck.series.bundle import COUNTRY, PartnerInfo
from tradecheck.series.cache import Cache
from tradecheck.series.census import not_census_goods
from tradecheck.series.source import Missing, Pin, SeriesKey, rule_of

if TYPE_CHECKING:
    from tradecheck.series.client import CensusClient


class Status(StrEnum):
    BUNDLED = "bundled"  # the bundle answers it; not requested
    CACHED = "cached"  # an earlier API answer is in the cache; not requested
    FETCHED = "fetched"
    NO_DATA = "no data"  # the API answered 204
    FAILED = "failed"
    SKIPPED = "skipped"  # not requested: the key was refused before its turn


@dataclass
class Item:
    """One series and period that some claim uses."""

    label: str  # e.g. "exports, 5800 Korea, South, all goods, 2016"
    flow: FlowCode
    partner: PartnerInfo
    claim: Claim
    period: Period
    pin: Pin
    request: ApiRequest | None = None
    status: Status | None = None
    message: str = ""


@dataclass
class Outcome:
    items: list[Item] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped early (key problem)

    def count(self, status: Status) -> int:
        return sum(1 for item in self.items if item.status is status)

    @property
    def exit_code(self) -> int:
        return 2 if self.stopped or self.count(Status.FAILED) else 0

    def summary(self) -> str:
        parts = [
            f"{self.count(Status.FETCHED)} fetched",
            f"{self.count(Status.CACHED)} already cached",
            f"{self.count(Status.BUNDLED)} in the bundle",
            f"{self.count(Status.NO_DATA)} no data (204)",
            f"{self.count(Status.FAILED)} failed",
        ]
        skipped = self.count(Status.SKIPPED)
        if skipped:
            parts.append(f"{skipped} not tried")
        return f"{len(self.items)} series: " + ", ".join(parts)


def plan(prepared: Prepared, refetch_all: bool, vintage: Choice = None) -> list[Item]:
    """Every distinct series-period the claims use, each marked bundled/cached unless it must
    be requested (`status` None)."""
    engine = prepared.engine
    first = (
        min(v.first_year for v in engine.bundle.vintages.get(COUNTRY, []))
        if (engine.bundle.vintages.get(COUNTRY))
        else 0
    )
    seen: set[SeriesKey] = set()
    items: list[Item] = []
    for claim, partner, pin in prepared.claims(vintage):
        if claim.measure is None or claim.not_checkable is not None or partner is None:
            continue
        # The claim's operation says which values it needs (a share also needs the world's).
        try:
            needed = engine.checker.keys(claim, partner)
        except Missing:  # a term of a partner the data do not have (no world total)
            continue
        for series in needed:
            if series in seen or not_census_goods(series):
                continue  # BEA's series are bundled; the API publishes Census goods only
            if series.period.year < first:
                continue  # a record's window before any Census data (the API starts later)
            seen.add(series)
            item = Item(
                f"{series.series}, {series.period}",
                series.code,
                series.partner,
                claim,
                series.period,
                pin,
            )
            items.append(item)
            try:
                item.request = build_request(
                    series.code, series.partner, series.commodity, series.period
                )
            except NoCounterpart as exc:
                item.status, item.message = Status.FAILED, str(exc)
                continue
            if refetch_all:
                continue
            try:
                engine.offline.get(series, rule_of(pin))
                item.status = Status.BUNDLED
                continue
            except Missing:
                pass
            if engine.cache is not None and engine.cache.entries(item.request):
                item.status = Status.CACHED
    return items


def run(
    items: list[Item],
    cache: Cache,
    client_factory: Callable[[], CensusClient],
    progress: Callable[[Iterator[Item], int], Iterator[Item]] | None = None,
) -> Outcome:
    """Request every item without a status; store each answer in `cache`."""
    from tradecheck.series.client import FetchError, KeyProblem, Unreachable

    outcome = Outcome(items)
    todo = [item for item in items if item.status is None]
    if not todo:
        return outcome
    with client_factory() as client:
        iterator: Iterator[Item] = iter(todo)
        if progress is not None:
            iterator = progress(iterator, len(todo))
        for item in iterator:
            assert item.request is not None
            if outcome.stopped:
                item.status = Status.SKIPPED
                continue
            try:
                answer = client.get(item.request)
            except (KeyProblem, Unreachable) as exc:
                # Every other request would fail the same way (after the same retries).
                outcome.stopped = client.redact(str(exc))
                item.status, item.message = Status.FAILED, outcome.stopped
                continue
            except FetchError as exc:
                item.status, item.message = Status.FAILED, client.redact(str(exc))
                continue
            cache.add(item.request, answer.status, answer.body, answer.values)
            item.status = Status.FETCHED if answer.status == 200 else Status.NO_DATA
    return outcome
