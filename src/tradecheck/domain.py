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


class Operation(StrEnum):
    """The operations a claims file may name; each has its spec in tradecheck.operations."""

    LEVEL = "level"
    CHANGE = "change"
    PERCENT_CHANGE = "percent-change"
    MULTIPLE = "multiple"


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


@dataclass(frozen=True, order=True)
class Period:
    """A calendar year, or one month of it."""

    year: int
    month: int | None = None

    def __str__(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"

    @classmethod
    def parse(cls, value: object) -> "Period":
        if isinstance(value, Period):
            return value
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"a period is a year (2016) or a month ('2016-03'), not {value!r}")
        text = str(value).strip()
        match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{1,2}))?", text)
        if match is None:
            raise ValueError(f"{text!r} is not a year (2016) or a month ('2016-03')")
        year = int(match[1])
        if not 1900 <= year <= 2100:
            raise ValueError(f"year {year} is out of range (1900-2100)")
        if match[2] is None:
            return cls(year)
        month = int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} is not a month (1-12)")
        return cls(year, month)


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


# What every claim means today: Census-basis goods, not seasonally adjusted.
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
