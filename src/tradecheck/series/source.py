"""The data-source seam: a series key in, an observation with its provenance out.

Every source (the bundled store, the cache of Census API answers, later BEA and the FT-900
exhibits) implements `Source`: `define(key)` says what the series is (agency, coverage, basis,
pricing, adjustment, what the flow means), `get(key, rule)` returns the value of the vintage the
rule picks, or raises `Missing` with the reason. `Sources` asks each source in turn and keeps
the newest answer (tradecheck.series.vintages holds the vintage rules). Caveats and
attributions are derived from the definitions of the series actually used, never written out.

This package imports nothing from the claims layer: keys are made of domain types.
"""

from enum import StrEnum
from functools import cache
from typing import NamedTuple, Protocol

from tradecheck.domain import (
    Adjustment,
    Basis,
    Commodity,
    Coverage,
    FlowCode,
    Frequency,
    PartnerInfo,
    Period,
    Pricing,
    Scope,
    partner_name,
)
from tradecheck.errors import Missing

__all__ = ["Missing"]


class SeriesKey(NamedTuple):
    """One published value: a flow's series for a partner, commodity scope and period, on a
    definition (what it covers, its basis, its seasonal adjustment). A source that does not
    publish that definition answers Missing."""

    code: FlowCode
    partner: PartnerInfo
    commodity: Commodity
    period: Period
    coverage: Coverage = Coverage.GOODS
    basis: Basis = Basis.CENSUS
    adjustment: Adjustment = Adjustment.NOT_SEASONALLY_ADJUSTED

    @property
    def series(self) -> str:
        """e.g. "exports, 5800 Korea, South, all goods"; beyond the Census goods not adjusted,
        with the definition ("..., goods and services, BOP basis, seasonally adjusted")."""
        return f"{self.code.label}, {self.partner.code} {self.partner_name}, {self.defined}"

    @property
    def what(self) -> str:
        """The key as a missing value's message names it."""
        return (
            f"{self.defined} {self.code.label} for {self.partner.code} {self.partner_name}, "
            f"{self.period}"
        )

    @property
    def partner_name(self) -> str:
        """The partner as this definition's series names it (the world, not "World, Not
        Seasonally Adjusted", on BEA's definitions)."""
        return partner_name(self.partner, Scope(self.coverage, self.basis, self.adjustment))

    @property
    def defined(self) -> str:
        """The commodity scope, with the definition when it is not Census-basis goods not
        seasonally adjusted (a year's total is not adjusted: its adjustment is not named)."""
        adjusted = self.adjustment is Adjustment.SEASONALLY_ADJUSTED
        if self.coverage is Coverage.GOODS and self.basis is Basis.CENSUS:
            return f"{self.commodity}, {self.adjustment}" if adjusted else str(self.commodity)
        what = str(self.commodity) if self.coverage is Coverage.GOODS else self.coverage.caveat
        if self.coverage is Coverage.GOODS_AND_SERVICES:
            what = "goods and services"
        elif self.coverage is Coverage.SERVICES:
            what = "services"
        text = f"{what}, {self.basis}"
        return text if self.period.annual else f"{text}, {self.adjustment}"


class VintageRule(NamedTuple):
    """Which vintage answers: the newest holding the period, or (pinned) the newest not later
    than `pin` (YYYY-MM covers every fetch of that month), or (`as_of`, a day YYYY-MM-DD) the
    newest published on or before that day that holds it; with `after`, the earliest
    published after it that holds it (when none published by then does)."""

    pin: str | None = None
    as_of: str | None = None
    after: bool = False


# What a claim is judged on: a pin (`--vintage`, a claim's `vintage:`), a whole rule (`--as-of`,
# then and now), or None (the newest data).
Pin = str | VintageRule | None


def rule_of(pin: Pin) -> VintageRule:
    return pin if isinstance(pin, VintageRule) else VintageRule(pin)


class Definition(NamedTuple):
    """What a series is: who publishes it and on which definitions."""

    agency: str
    coverage: Coverage
    basis: Basis
    pricing: Pricing
    adjustment: Adjustment
    flow_meaning: str  # e.g. "exports are total exports (domestic and re-exports), f.a.s. value"
    classification: str | None = None  # how the commodity scope is drawn, when it matters

    @property
    def caveats(self) -> list[str]:
        """The definition's caveats, broadest first (see `caveats_of` for several)."""
        return [self.coverage.caveat, self.basis.value, self.pricing.caveat, self.adjustment]

    @property
    def attribution(self) -> str:
        """e.g. "U.S. Census Bureau, goods only, Census basis, nominal dollars, not seasonally
        adjusted"."""
        return (
            f"{self.agency}, {self.coverage.attribution}, {self.basis.value}, "
            f"{self.pricing.attribution}, {self.adjustment}"
        )

    @property
    def summary(self) -> str:
        """e.g. "U.S. Census Bureau, goods, nominal USD, not seasonally adjusted"."""
        return f"{self.agency}, {self.coverage.value}, {self.pricing.unit_note}, {self.adjustment}"


def caveats_of(definitions: list[Definition]) -> list[str]:
    """The caveats of the series a computation uses, once each: definitions, then what each
    flow means, then how commodity scopes are drawn."""
    return list(_caveats(tuple(definitions)))


@cache  # a handful of distinct combinations, asked for by every claim
def _caveats(definitions: tuple[Definition, ...]) -> tuple[str, ...]:
    out = [c for d in definitions for c in d.caveats]
    out += [d.flow_meaning for d in definitions]
    out += [d.classification for d in definitions if d.classification]
    return tuple(dict.fromkeys(out))


class Origin(StrEnum):
    BUNDLE = "bundle"  # the files bundled with tradecheck
    API = "census-api"  # an answer of the Census API, from the fetch cache


class Provenance(NamedTuple):
    """Where an observation comes from, precisely enough to find it again."""

    origin: Origin
    dataset: str
    vintage: str  # bundled: YYYY-MM of the file; API: the fetch date YYYY-MM-DD
    definition: Definition
    # When the vintage was published or taken: a bundled file's YYYY-MM (the month the copy
    # was taken; the sources record no release day), an API answer's fetch time.
    published: str
    data_through: str | None = None  # bundled: the last month the file covers
    file: str | None = None  # bundled: the file and column
    rows: tuple[int, ...] = ()  # bundled: the spreadsheet rows summed
    sheet: str | None = None  # bundled: the sheet, when the file has several
    cells: tuple[str, ...] = ()  # bundled: the cells read (e.g. "B42"), or row labels
    frequency: Frequency | None = None  # of the series the value belongs to
    detail: str = ""  # how the value was made from the rows, e.g. " (sum of 7 5-digit codes)"
    request: str | None = None  # API: the request, without the key
    fetched_at: str | None = None  # API: when it was answered (UTC)
    response_sha256: str | None = None  # API: hash of the answer's body


class Observation(NamedTuple):
    key: SeriesKey
    value: int  # whole units of `unit`
    provenance: Provenance
    unit: str = "USD"


class VintageInfo(NamedTuple):
    """One vintage of a dataset: its name (what --vintage takes), when it was published, the
    file it was read from and the last period it covers."""

    name: str
    published: str  # YYYY-MM-DD when known, else YYYY-MM
    file: str
    data_through: str


class DatasetInfo(NamedTuple):
    """What a dataset holds, for `tradecheck data`."""

    name: str  # e.g. "census-country", "bea-world"
    title: str  # e.g. "U.S. trade in goods by country"
    agency: str
    definitions: tuple[Definition, ...]  # one per coverage/basis/adjustment it publishes
    frequencies: tuple[Frequency, ...]
    partners: tuple[tuple[str, str], ...]  # (Census code, name); a world-only dataset: 0015
    first: str  # the first period covered, e.g. "1960" or "1992-01"
    last: str  # the last
    vintages: tuple[VintageInfo, ...]  # newest first


class Source(Protocol):
    def datasets(self) -> list[DatasetInfo]:
        """What the source holds, dataset by dataset."""
        ...

    def describe(self) -> Definition:
        """What the source's headline series is (for an attribution when no value was used)."""
        ...

    def define(self, key: SeriesKey) -> Definition | None:
        """What the series of `key` is, whether or not a value is held; None when the source
        does not publish that series at all."""
        ...

    def get(self, key: SeriesKey, rule: VintageRule) -> Observation:
        """The value the rule picks, or Missing with the reason ("" when the source has
        nothing to say about this key)."""
        ...


def publishes(source: Source, key: SeriesKey) -> bool:
    """Whether `source` publishes the series of `key` for its partner and frequency (a cheap
    check, no value read). A source may say so with its own `publishes(key)`, stricter than
    `define` (which answers for a definition, so that a missing value's reason is its own);
    otherwise it publishes what it defines."""
    check = getattr(source, "publishes", None)
    if check is not None:
        return bool(check(key))
    return source.define(key) is not None


def number(source: Source, key: SeriesKey, rule: VintageRule) -> int:
    """The value `source.get` gives, alone. A source may answer with its own `number(key,
    rule)`, which builds no provenance (the neighbouring windows read thousands)."""
    quick = getattr(source, "number", None)
    if quick is not None:
        return int(quick(key, rule))
    return source.get(key, rule).value
