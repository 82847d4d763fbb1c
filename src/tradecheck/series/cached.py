"""Census API answers in the fetch cache as a data source; each fetch is a vintage named by its
date. Reads the cache only: fetching is `tradecheck fetch`'s."""

from __future__ import annotations

from tradecheck.domain import Commodity, CommoditySystem, FlowCode, Frequency
from tradecheck.series.api import NoCounterpart, build_request, time_value
from tradecheck.series.cache import Cache, Entry
from tradecheck.series.census import AGENCY, census_goods, not_census_goods
from tradecheck.series.source import (
    DatasetInfo,
    Definition,
    Missing,
    Observation,
    Origin,
    Provenance,
    SeriesKey,
    VintageInfo,
    VintageRule,
)
from tradecheck.series.vintages import not_later


class CacheSource:
    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def datasets(self) -> list[DatasetInfo]:
        """The cache as one dataset: a vintage per fetch date, the partners asked about."""
        entries = self.cache.all_entries()
        if not entries:
            return []
        dates = sorted({e.vintage for e in entries}, reverse=True)
        months = sorted({m for e in entries for m in e.values})
        codes = sorted({code for e in entries for code in _countries(e.request)})
        return [
            DatasetInfo(
                name="census-api",
                title="Census International Trade API answers (fetched into the cache)",
                agency=AGENCY,
                definitions=tuple(
                    census_goods(f, Commodity(CommoditySystem.ALL)) for f in FlowCode
                ),
                frequencies=(Frequency.ANNUAL, Frequency.MONTHLY),
                partners=tuple((c, c) for c in codes),
                first=months[0] if months else "",
                last=months[-1] if months else "",
                vintages=tuple(VintageInfo(d, d, str(self.cache.base), d) for d in dates),
            )
        ]

    def describe(self) -> Definition:
        return census_goods(FlowCode.EXPORTS, Commodity(CommoditySystem.ALL))

    def define(self, key: SeriesKey) -> Definition | None:
        return None if not_census_goods(key) else census_goods(key.code, key.commodity)

    def entries(self, key: SeriesKey) -> list[Entry]:
        """Cached API answers for this key, newest first."""
        try:
            request = build_request(key.code, key.partner, key.commodity, key.period)
        except NoCounterpart:
            return []
        return self.cache.entries(request)

    def get(self, key: SeriesKey, rule: VintageRule) -> Observation:
        if not_census_goods(key):
            raise Missing("")  # the API's series are the files' (the bundle says why)
        entries = [e for e in self.entries(key) if not_later(e.vintage, rule)]
        if rule.after:
            entries.reverse()  # the earliest fetch after the day
        month = time_value(key.period)
        for entry in entries:
            if month in entry.values:
                provenance = Provenance(
                    origin=Origin.API,
                    dataset=f"census-api {entry.endpoint}",
                    vintage=entry.vintage,
                    definition=census_goods(key.code, key.commodity),
                    published=entry.fetched_at,
                    request=entry.request,
                    fetched_at=entry.fetched_at,
                    response_sha256=entry.response_sha256,
                )
                return Observation(key, entry.values[month], provenance)
        no_data = [e for e in entries if e.status == 204]
        if no_data:
            raise Missing(
                f"the Census API answered 204 (no data) for it when fetched at "
                f"{no_data[0].fetched_at}"
            )
        raise Missing("")


def _countries(request: str) -> list[str]:
    """The CTY_CODE values of a stored request ("GET exports/hs?...&CTY_CODE=5800...")."""
    from urllib.parse import parse_qsl

    query = request.split("?", 1)[1] if "?" in request else ""
    return [v for k, v in parse_qsl(query) if k == "CTY_CODE"]
