"""The domain's shared types: what both the claims layer and the data layer speak of.

Flows, periods, commodity scopes, partners, operations, verdicts and rubric rule names, and
how a series is defined (coverage, basis, pricing, adjustment). Nothing here reads a file or
knows a claims file's YAML; `tradecheck.series` (the data) and `tradecheck.claims` (the
records) both import from here and never from each other.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Flow(StrEnum):
    """What a claim measures, as a claims file spells it."""

    EXPORTS = "exports"
    IMPORTS = "imports"
    BALANCE = "balance"
    TOTAL = "total"


class FlowCode(StrEnum):
    """One of the two published series every flow is made of: exports 'E', imports 'I'."""

    EXPORTS = "E"
    IMPORTS = "I"

    @property
    def label(self) -> str:
        return "exports" if self is FlowCode.EXPORTS else "imports"


def flow_codes(flow: Flow) -> tuple[FlowCode, ...]:
    """The series a flow is computed from (a balance and a total need both)."""
    match flow:
        case Flow.EXPORTS:
            return (FlowCode.EXPORTS,)
        case Flow.IMPORTS:
            return (FlowCode.IMPORTS,)
        case Flow.BALANCE | Flow.TOTAL:
            return (FlowCode.EXPORTS, FlowCode.IMPORTS)


class StatedAs(StrEnum):
    """How a balance claim states its number: as a deficit's size, a surplus, or signed."""

    DEFICIT = "deficit"
    SURPLUS = "surplus"
    SIGNED = "signed"


class SpeakerKind(StrEnum):
    """Who made a claim: a person, or an organisation speaking as one (an agency, a paper)."""

    PERSON = "person"
    ORGANIZATION = "organization"


class Operation(StrEnum):
    """The operations a claims file may name; each has its spec in tradecheck.operations."""

    LEVEL = "level"
    CHANGE = "change"
    PERCENT_CHANGE = "percent-change"
    MULTIPLE = "multiple"
    RECORD = "record"
    RANK = "rank"
    SHARE = "share"
    SUM = "sum"
    COMPARE = "compare"
    STREAK = "streak"


class Verdict(StrEnum):
    ACCURATE = "accurate"
    ACCURATE_WITHIN_ROUNDING = "accurate-within-rounding"
    INACCURATE = "inaccurate"
    FALSE = "false"
    UNVERIFIABLE = "unverifiable"
    NOT_CHECKABLE = "not-checkable"


class PartnerKind(StrEnum):
    COUNTRY = "country"
    WORLD = "world"
    GROUPING = "grouping"
    REGION = "region"
    NOT_A_PARTNER = "not-a-partner"


class PartnerInfo(NamedTuple):
    code: str
    name: str
    kind: PartnerKind
    what: str | None
    iso: str | None
    schedule_c_name: str | None
    first_year: int | None
    last_year: int | None


class _InTime:
    """Ordered in time by `_order()`: periods and ranges of one frequency sort as they
    follow each other; across frequencies, by first month."""

    def _order(self) -> tuple[int, int, int]:
        raise NotImplementedError

    def __lt__(self, other: "_InTime") -> bool:
        return self._order() < other._order()

    def __le__(self, other: "_InTime") -> bool:
        return self._order() <= other._order()

    def __gt__(self, other: "_InTime") -> bool:
        return self._order() > other._order()

    def __ge__(self, other: "_InTime") -> bool:
        return self._order() >= other._order()


@dataclass(frozen=True)
class Period(_InTime):
    """A calendar year, one month of it, or one quarter of it ("2024-Q3")."""

    year: int
    month: int | None = None
    quarter: int | None = None

    def __str__(self) -> str:
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"

    @property
    def frequency(self) -> "Frequency":
        if self.quarter is not None:
            return Frequency.QUARTERLY
        return Frequency.ANNUAL if self.month is None else Frequency.MONTHLY

    @property
    def annual(self) -> bool:
        return self.month is None and self.quarter is None

    def months(self) -> list["Period"]:
        """The months a quarter or year is made of (a month: itself)."""
        if self.month is not None:
            return [self]
        if self.quarter is not None:
            first = 3 * self.quarter - 2
            return [Period(self.year, m) for m in range(first, first + 3)]
        return [Period(self.year, m) for m in range(1, 13)]

    def _order(self) -> tuple[int, int, int]:
        """Periods of one frequency sort in time; across frequencies, by first month (as
        `months()` gives them, without building them: periods are compared often)."""
        if self.month is not None:
            return (self.year, self.month, 1)
        if self.quarter is not None:
            return (self.year, 3 * self.quarter - 2, 3)
        return (self.year, 1, 12)

    def parts(self) -> list["Period"]:
        """The periods summed: a period is one."""
        return [self]

    def shift(self, steps: int) -> "Period":
        """The period `steps` periods of the same frequency later (earlier when negative)."""
        if self.month is not None:
            index = self.year * 12 + self.month - 1 + steps
            return Period(index // 12, index % 12 + 1)
        if self.quarter is not None:
            index = self.year * 4 + self.quarter - 1 + steps
            return Period(index // 4, quarter=index % 4 + 1)
        return Period(self.year + steps)

    @classmethod
    def parse(cls, value: object) -> "Period":
        if isinstance(value, Period):
            return value
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(
                f"a period is a year (2016), a month ('2016-03') or a quarter ('2016-Q3'), "
                f"not {value!r}"
            )
        text = str(value).strip()
        quarter = re.fullmatch(r"([0-9]{4})-[Qq]([0-9])", text)
        match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{1,2}))?", text)
        if match is None and quarter is None:
            raise ValueError(
                f"{text!r} is not a year (2016), a month ('2016-03') or a quarter ('2016-Q3')"
            )
        year = int((match or quarter)[1])  # type: ignore[index]
        if not 1900 <= year <= 2100:
            raise ValueError(f"year {year} is out of range (1900-2100)")
        if quarter is not None:
            if not 1 <= int(quarter[2]) <= 4:
                raise ValueError(f"quarter Q{quarter[2]} is not a quarter (Q1-Q4)")
            return cls(year, quarter=int(quarter[2]))
        assert match is not None
        if match[2] is None:
            return cls(year)
        month = int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} is not a month (1-12)")
        return cls(year, month)


@dataclass(frozen=True)
class Range(_InTime):
    """Consecutive periods of one frequency, summed: months ("2020-01..2020-08": year-to-date,
    trailing twelve months) or years ("2001..2024"); a half ("2019-H1") is a range of six
    months with its own name."""

    start: Period
    end: Period
    label: str | None = None  # "2019-H1"

    def __post_init__(self) -> None:
        if self.start.quarter is not None or self.end.quarter is not None:
            raise ValueError(
                "a range runs over months ('2020-01..2020-08') or years ('2001..2024'), "
                "not quarters"
            )
        if self.start.frequency is not self.end.frequency:
            raise ValueError(
                f"range {self.start}..{self.end} mixes a month and a year; write both ends as "
                "months ('2020-01..2020-08') or both as years ('2001..2024')"
            )
        if self.end == self.start:
            raise ValueError(
                f"range {self.start}..{self.end} has one period; write it as {self.start}"
            )
        if self.end < self.start:
            raise ValueError(
                f"range {self.start}..{self.end} runs backwards: its end must come after its start"
            )

    def __str__(self) -> str:
        return self.label or f"{self.start}..{self.end}"

    @property
    def frequency(self) -> "Frequency":
        return self.start.frequency

    @property
    def annual(self) -> bool:
        return self.start.annual

    def parts(self) -> list[Period]:
        """The periods summed, in order."""
        out = [self.start]
        while out[-1] < self.end:
            out.append(out[-1].shift(1))
        return out

    def _order(self) -> tuple[int, int, int]:
        return self.start._order()


# A claim's period: one period, or a range of them summed.
When = Period | Range


def parse_when(value: object) -> When:
    """A period ("2016", "2016-03", "2016-Q3"), a half ("2016-H1"), or a range of months or
    years ("2020-01..2020-08", "2001..2024")."""
    if isinstance(value, Period | Range):
        return value
    if isinstance(value, str):
        text = value.strip()
        half = re.fullmatch(r"([0-9]{4})-[Hh]([0-9])", text)
        if half is not None:
            if half[2] not in ("1", "2"):
                raise ValueError(f"half H{half[2]} is not a half (H1 or H2)")
            year, first = int(half[1]), 1 if half[2] == "1" else 7
            Period.parse(str(year))  # the year's range check
            return Range(Period(year, first), Period(year, first + 5), f"{year}-H{half[2]}")
        if ".." in text:
            start, _, end = text.partition("..")
            if not start.strip() or not end.strip():
                raise ValueError(f"range {text!r} needs both ends, e.g. '2020-01..2020-08'")
            return Range(Period.parse(start), Period.parse(end))
        if not re.fullmatch(r"[0-9]{4}(-([0-9]{1,2}|[Qq][0-9]))?", text):
            raise ValueError(
                f"{text!r} is not a period: a year (2016), a month ('2016-03'), a quarter "
                "('2016-Q3'), a half ('2016-H1') or a range summed ('2020-01..2020-08', "
                "'2001..2024')"
            )
    return Period.parse(value)


class CommoditySystem(StrEnum):
    ALL = "all"
    END_USE = "end-use"
    HS = "hs"


@dataclass(frozen=True)
class Commodity:
    """Commodity scope: all goods, an end-use category or 5-digit code, or an HS code."""

    system: CommoditySystem
    code: str = ""

    def __str__(self) -> str:
        return "all goods" if self.system is CommoditySystem.ALL else f"{self.system} {self.code}"

    @classmethod
    def parse(cls, value: object) -> "Commodity":
        if isinstance(value, Commodity):
            return value
        if not isinstance(value, str):
            raise ValueError("commodity is text: 'all goods', 'end-use 3', 'hs 8703'")
        text = " ".join(value.lower().split())
        if text in ("all", "all goods", "goods", "total"):
            return cls(CommoditySystem.ALL)
        match = re.fullmatch(r"(end-use|enduse|end use|hs)\s+(\d+)", text)
        if match is None:
            raise ValueError(
                f"{value!r} is not a commodity scope; use 'all goods', 'end-use 3', "
                "'end-use 30000' or 'hs 8703'"
            )
        system = CommoditySystem.HS if match[1] == "hs" else CommoditySystem.END_USE
        code = match[2]
        if system is CommoditySystem.END_USE and not 1 <= len(code) <= 5:
            raise ValueError(
                f"end-use code {code!r} must have 1 digit (a category) to 5 digits "
                "(2 to 4 digits sum the 5-digit codes under them)"
            )
        if system is CommoditySystem.HS and len(code) not in (2, 4, 6, 10):
            raise ValueError(f"HS code {code!r} must have 2, 4, 6 or 10 digits")
        return cls(system, code)


# -- how a series is defined: its caveats and attribution are derived from these ----------


class Coverage(StrEnum):
    """What a series counts: goods, services, or both (the balance of payments' total)."""

    GOODS = "goods"
    SERVICES = "services"
    GOODS_AND_SERVICES = "goods-and-services"

    @property
    def caveat(self) -> str:
        match self:
            case Coverage.GOODS:
                return "goods only (not services)"
            case Coverage.SERVICES:
                return "services only (not goods)"
            case Coverage.GOODS_AND_SERVICES:
                return "goods and services"

    @property
    def attribution(self) -> str:
        match self:
            case Coverage.GOODS:
                return "goods only"
            case Coverage.SERVICES:
                return "services only"
            case Coverage.GOODS_AND_SERVICES:
                return "goods and services"


class Basis(StrEnum):
    """How goods are valued and timed: as Census records them at the border, or adjusted to the
    balance of payments (BOP: ownership, coverage and timing adjustments)."""

    CENSUS = "Census basis"
    BOP = "BOP basis"


class Pricing(StrEnum):
    NOMINAL = "nominal"

    @property
    def caveat(self) -> str:
        return "nominal U.S. dollars (not adjusted for inflation)"

    @property
    def attribution(self) -> str:
        return "nominal dollars"

    @property
    def unit_note(self) -> str:
        return "nominal USD"


class Adjustment(StrEnum):
    NOT_SEASONALLY_ADJUSTED = "not seasonally adjusted"
    SEASONALLY_ADJUSTED = "seasonally adjusted"


class Frequency(StrEnum):
    ANNUAL = "annual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"


class Scope(NamedTuple):
    """Which definition of a series: what it covers, its basis, its seasonal adjustment."""

    coverage: Coverage = Coverage.GOODS
    basis: Basis = Basis.CENSUS
    adjustment: Adjustment = Adjustment.NOT_SEASONALLY_ADJUSTED

    def at(self, period: "Period | Range") -> "Scope":
        """The scope as a key for `period` asks for it: a calendar-year total carries no
        seasonal adjustment, and is keyed as not seasonally adjusted."""
        if period.annual and self.adjustment is not Adjustment.NOT_SEASONALLY_ADJUSTED:
            return self._replace(adjustment=Adjustment.NOT_SEASONALLY_ADJUSTED)
        return self

    def label(self, annual: bool) -> str:
        """e.g. "goods, Census basis" (a year), "goods and services, BOP basis, seasonally
        adjusted" (a month or quarter: annual totals carry no seasonal adjustment)."""
        text = f"{self.coverage.attribution.removesuffix(' only')}, {self.basis}"
        return text if annual else f"{text}, {self.adjustment}"


# What a claim means unless it says otherwise: Census-basis goods, not seasonally adjusted.
CENSUS_GOODS = Scope()


class BasisName(StrEnum):
    """A basis as options spell it."""

    CENSUS = "census"
    BOP = "bop"

    @property
    def basis(self) -> Basis:
        match self:
            case BasisName.CENSUS:
                return Basis.CENSUS
            case BasisName.BOP:
                return Basis.BOP


class AdjustmentName(StrEnum):
    """A seasonal adjustment as options spell it."""

    NSA = "nsa"
    SA = "sa"

    @property
    def adjustment(self) -> Adjustment:
        match self:
            case AdjustmentName.NSA:
                return Adjustment.NOT_SEASONALLY_ADJUSTED
            case AdjustmentName.SA:
                return Adjustment.SEASONALLY_ADJUSTED


def scope_for(
    coverage: Coverage,
    basis: BasisName | None,
    adjustment: AdjustmentName | None,
    period: "Period | Range",
) -> Scope:
    """The definition a claim's measure uses for `period`, with the defaults of the headline
    figures: goods on the Census basis, services and goods and services on the BOP basis (the
    only one they have); months and quarters not seasonally adjusted on the Census basis,
    seasonally adjusted on the BOP basis. A year is a calendar-year total: it carries no
    seasonal adjustment (and is keyed as not seasonally adjusted)."""
    if basis is None:
        basis = BasisName.CENSUS if coverage is Coverage.GOODS else BasisName.BOP
    if period.annual:
        chosen = Adjustment.NOT_SEASONALLY_ADJUSTED
    elif adjustment is not None:
        chosen = adjustment.adjustment
    elif basis is BasisName.CENSUS:
        chosen = Adjustment.NOT_SEASONALLY_ADJUSTED
    else:
        chosen = Adjustment.SEASONALLY_ADJUSTED
    return Scope(coverage, basis.basis, chosen)


def scopes_for(annual: bool) -> list[Scope]:
    """Every definition a measure can have for a period (`annual`: a year or years): goods on
    either basis, services and goods and services on the BOP basis; for months and quarters,
    adjusted or not."""
    adjustments = (
        [Adjustment.NOT_SEASONALLY_ADJUSTED]
        if annual
        else [Adjustment.NOT_SEASONALLY_ADJUSTED, Adjustment.SEASONALLY_ADJUSTED]
    )
    pairs = [
        (Coverage.GOODS, Basis.CENSUS),
        (Coverage.GOODS, Basis.BOP),
        (Coverage.SERVICES, Basis.BOP),
        (Coverage.GOODS_AND_SERVICES, Basis.BOP),
    ]
    return [Scope(c, b, a) for c, b in pairs for a in adjustments]


def partner_name(partner: PartnerInfo, scope: Scope) -> str:
    """A partner's name as a series on `scope` is named: the country file calls the world total
    "World, Not Seasonally Adjusted", which is right only for Census-basis goods not adjusted;
    on any other definition it is the world."""
    if partner.kind is PartnerKind.WORLD and scope != CENSUS_GOODS:
        return partner.name.split(",")[0]
    return partner.name
