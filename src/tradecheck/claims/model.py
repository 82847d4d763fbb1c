"""The pydantic models of a claims file: its source and its claims, and what each field means.

Each claim is checked for consistency as it is validated: its period's shape and its claimed
value's kind must fit its operation (the operation's spec says which), a stated deficit needs a
balance, a vague word needs a reading.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from tradecheck.claims.messages import EXPECTABLE, _pydantic_message
from tradecheck.domain import (
    AdjustmentName,
    BasisName,
    Commodity,
    CommoditySystem,
    Coverage,
    Flow,
    Operation,
    Period,
    Range,
    Scope,
    SpeakerKind,
    StatedAs,
    Verdict,
    When,
    parse_when,
    scope_for,
)
from tradecheck.operations import Shape, Spec, spec_for
from tradecheck.quantity import ClaimedValue, ClaimedValueError, Kind, parse_claimed, stated_in

# JSON Schema of the fields whose text is parsed by tradecheck (for `tradecheck schema`).
_ONE_PERIOD: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 1900, "maximum": 2100},
        {
            "type": "string",
            "pattern": r"^\d{4}(-(\d{1,2}|[Qq][1-4]|[Hh][12]))?(\.\.\d{4}(-\d{1,2})?)?$",
        },
    ],
}
PERIOD_SCHEMA: dict[str, Any] = {
    "description": "A year (2016), a month ('2016-03'), a quarter ('2016-Q3'), a half "
    "('2016-H1'), a range summed ('2020-01..2020-08', '2001..2024'), or {from: 2011, to: 2016} "
    "(each end a period or a range).",
    "anyOf": [
        _ONE_PERIOD,
        {
            "type": "object",
            "properties": {"from": _ONE_PERIOD, "to": _ONE_PERIOD},
            "required": ["from", "to"],
            "additionalProperties": False,
        },
        {"type": "null"},
    ],
}
CLAIMED_SCHEMA: dict[str, Any] = {
    "description": "The value as the article wrote it: '$42.3 billion', '2.7 percent', "
    "'nearly $800 billion', 'more than doubled'.",
    "type": ["string", "number"],
}
COMMODITY_SCHEMA: dict[str, Any] = {
    "description": "'all goods', 'end-use 3', 'end-use 30000' or 'hs 8703'.",
    "type": "string",
    "pattern": r"^\s*([Aa]ll( [Gg]oods)?|[Gg]oods|[Tt]otal|([Ee]nd[- ]?[Uu]se|[Hh][Ss])\s+\d+)\s*$",
}


class Span(BaseModel):
    """A from/to pair of periods of the same kind (two years, two months or two quarters)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: Annotated[When, BeforeValidator(parse_when)] = Field(alias="from")
    end: Annotated[When, BeforeValidator(parse_when)] = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if isinstance(self.start, Range) != isinstance(self.end, Range):
            raise ValueError(
                "'from' and 'to' must both be ranges (year-to-date against the same months "
                "a year earlier) or both be single periods"
            )
        if self.start.frequency is not self.end.frequency:
            raise ValueError(
                "'from' and 'to' must both be years, both be months or both be quarters"
            )
        if self.end <= self.start:
            raise ValueError(f"'to' ({self.end}) must come after 'from' ({self.start})")
        return self


def _when_or_none(value: object) -> When | None:
    return None if value is None else parse_when(value)


def _period_or_span(value: object) -> When | Span | None:
    if value is None or isinstance(value, Period | Range | Span):
        return value
    if isinstance(value, dict):
        try:
            return Span.model_validate(value)
        except ValidationError as exc:
            messages = []
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"])
                message = _pydantic_message(error)
                messages.append(f"{where}: {message}" if where else message)
            raise ValueError("; ".join(messages)) from None
    return parse_when(value)


def date_problem(text: str) -> str | None:
    """Why `text` is not a date YYYY, YYYY-MM or YYYY-MM-DD that exists, or None."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (or 'claim')"
    try:
        _date_text(text)
    except ValueError as exc:
        return str(exc)
    return None


def _date_text(value: object) -> object:
    """A publication date: a full date, or only its year and month when that is all known;
    each part a real one (no month 13, no 30 February)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        parts = [int(p) for p in value.split("-")]
        try:
            dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))[:2])
        except ValueError:
            raise ValueError(f"{value!r} is not a date that exists") from None
        if parts[0] < 1900:
            raise ValueError(f"{value!r} is not a date that exists")
    return value


# A day, or only its year and month (or year) when that is all known.
DateText = Annotated[str, BeforeValidator(_date_text), Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class Source(BaseModel):
    """Where the claims were published."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    url: str | None = None  # leave out only when the copy checked has none
    date: DateText


class Reviewer(BaseModel):
    """Who reviews the claims (the fact-checking organisation a ClaimReview names as its
    author), when the file says; not the article's publisher."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    url: str | None = None


class Measure(BaseModel):
    """What a claim measures."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    flow: Flow
    # One partner; a list of them only for operation `sum` (their values summed).
    partner: str | int | list[str | int]
    commodity: Annotated[
        Commodity, BeforeValidator(Commodity.parse), WithJsonSchema(COMMODITY_SCHEMA)
    ] = Field(default="all goods", validate_default=True)
    stated_as: StatedAs = StatedAs.SIGNED
    # The definition: what is counted, on which basis, seasonally adjusted or not (months and
    # quarters only). Left out: goods, Census basis, as the headline figures are.
    scope: Coverage = Coverage.GOODS
    basis: BasisName | None = None
    adjustment: AdjustmentName | None = None
    # The whole of a share other than the world (operation: share only): a partner or a
    # grouping, resolved as `partner` is.
    of: str | int | None = None
    # The other side of a comparison (operation: compare only): partners, their values
    # summed, or another period of the claim's partner.
    than: str | int | list[str | int] | None = None
    than_period: Annotated[
        When | None,
        BeforeValidator(lambda v: _when_or_none(v)),
        WithJsonSchema({"anyOf": [_ONE_PERIOD, {"type": "null"}]}),
    ] = None

    @field_validator("partner", "of", "than", mode="after")
    @classmethod
    def _partner_text(cls, value: str | int | list[str | int] | None) -> str | list[str] | None:
        if isinstance(value, list):
            if not value:
                raise ValueError("a list of partners names at least one")
            return [str(v).strip() for v in value]
        return None if value is None else str(value).strip()

    @property
    def partners(self) -> list[str]:
        """The partner, or a sum's partners, as written."""
        return (
            [str(p) for p in self.partner]
            if isinstance(self.partner, list)
            else [str(self.partner)]
        )

    @property
    def listed(self) -> bool:
        """Several partners (a sum's): the checker gives a term of each."""
        return len(self.partners) > 1

    @property
    def than_partners(self) -> list[str]:
        """The partners `than` names, as written (none: no `than`)."""
        if self.than is None:
            return []
        return [str(p) for p in self.than] if isinstance(self.than, list) else [str(self.than)]

    @model_validator(mode="after")
    def _stated_as_needs_balance(self) -> Self:
        if self.stated_as is not StatedAs.SIGNED and self.flow is not Flow.BALANCE:
            raise ValueError(f"stated_as: {self.stated_as} applies only to flow: balance")
        return self

    @model_validator(mode="after")
    def _definition_fits(self) -> Self:
        if self.scope is not Coverage.GOODS and self.basis is BasisName.CENSUS:
            raise ValueError(
                f"basis: census applies to goods only; scope: {self.scope} is on the BOP "
                "basis by definition (write basis: bop, or leave basis out)"
            )
        if self.scope is not Coverage.GOODS and self.commodity.system is not CommoditySystem.ALL:
            raise ValueError(
                f"commodity: {self.commodity} applies to goods only; scope: {self.scope} has "
                "no commodity detail"
            )
        return self

    def scope_at(self, period: When) -> Scope:
        """The definition of the series the measure uses for `period`."""
        return scope_for(self.scope, self.basis, self.adjustment, period)


class Reading(BaseModel):
    """How a vague word ("ballooned") was made measurable, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    means: Annotated[
        ClaimedValue, BeforeValidator(lambda v: _parse_value(v)), WithJsonSchema(CLAIMED_SCHEMA)
    ]
    because: str = Field(min_length=1)


class AlternativeStart(BaseModel):
    """Another start for a change's window, stated by the analyst (the year a deal took
    effect, the start a rival claim used): the change recomputed from it is shown beside
    the neighbouring windows. It never changes the verdict."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    period: Annotated[When, BeforeValidator(lambda v: parse_when(v)), WithJsonSchema(_ONE_PERIOD)]
    because: str | None = Field(default=None, min_length=1)  # why this start, as reports say

    @model_validator(mode="before")
    @classmethod
    def _period_alone(cls, data: Any) -> Any:
        """`alternative_start: 2012` is `alternative_start: {period: 2012}`."""
        return data if isinstance(data, dict) else {"period": data}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Either form: a period alone, or {period, because}."""
        mapping = handler.resolve_ref_schema(handler(core))
        return {"anyOf": [_ONE_PERIOD, mapping]}


def _parse_value(value: object) -> ClaimedValue:
    if isinstance(value, ClaimedValue):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("a claimed value is text as the article wrote it, e.g. '$42.3 billion'")
    try:
        return parse_claimed(str(value))
    except ClaimedValueError as exc:
        raise ValueError(str(exc)) from exc


def _vintage_name(value: object) -> object:
    """A vintage name: YYYY-MM (a bundled file) or YYYY-MM-DD (a fetch date), ASCII digits,
    a real month and day."""
    if isinstance(value, str) and not vintage_problem(value):
        return value
    raise ValueError(vintage_problem(str(value)) or f"{value!r} is not a vintage name")


def vintage_problem(text: str) -> str | None:
    """Why `text` is not a vintage name, or None when it is one."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", text):
        return (
            f"{text!r} is not a vintage name (YYYY-MM, e.g. 2018-10, or a fetch date "
            "YYYY-MM-DD, in ASCII digits)"
        )
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    except ValueError:
        return f"{text!r} is not a vintage name: no such month or day"
    return None


VintageName = Annotated[
    str,
    BeforeValidator(_vintage_name),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"}),
]


class Claim(BaseModel):
    """One claim of an article, as recorded by an analyst."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)
    quote: str = Field(min_length=1)
    speaker: str = Field(min_length=1)
    # Whether the speaker is a person (the default) or an organisation (an agency, a paper).
    speaker_kind: SpeakerKind = SpeakerKind.PERSON
    measure: Measure | None = None
    period: Annotated[
        When | Span | None,
        PlainValidator(_period_or_span),
        WithJsonSchema(PERIOD_SCHEMA),
    ] = None
    operation: Operation | None = None
    claimed: Annotated[
        ClaimedValue | None,
        BeforeValidator(_parse_value),
        WithJsonSchema({"anyOf": [CLAIMED_SCHEMA, {"type": "null"}]}),
    ] = None
    reading: Reading | None = None
    not_checkable: str | None = Field(default=None, min_length=1)
    vintage: VintageName | None = None
    # When the statement was made (YYYY, YYYY-MM or YYYY-MM-DD); left out: the file's
    # `source.date`. The data of its day are those published by then (see `as_of_day`).
    date: DateText | None = None
    expected: Annotated[
        Verdict | None,
        WithJsonSchema({"anyOf": [{"enum": [v.value for v in EXPECTABLE]}, {"type": "null"}]}),
    ] = None
    # A change's window recomputed from another start (a period, or {period, because}).
    alternative_start: AlternativeStart | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _stated_in_claimed(cls, data: Any) -> Any:
        """`claimed: "a deficit of $27.6 billion"` on a balance sets stated_as: deficit."""
        if not isinstance(data, dict):
            return data
        measure, claimed = data.get("measure"), data.get("claimed")
        if not (isinstance(measure, dict) and isinstance(claimed, str)):
            return data
        if measure.get("flow") != "balance" or "stated_as" in measure:
            return data
        stated = stated_in(claimed)
        if stated is None:
            return data
        return {**data, "measure": {**measure, "stated_as": stated}}

    @property
    def periods(self) -> list[When]:
        """The periods the claim is about: its one period (or range), or the ends of its
        span."""
        if isinstance(self.period, Span):
            return [self.period.start, self.period.end]
        if not isinstance(self.period, Period | Range):
            return []
        if self.measure is not None and self.measure.than_period is not None:
            return [self.period, self.measure.than_period]  # a comparison with another period
        return [self.period]

    @field_validator("expected", mode="after")
    @classmethod
    def _not_unverifiable(cls, value: Verdict | None) -> Verdict | None:
        if value is Verdict.UNVERIFIABLE:
            raise ValueError(
                "'unverifiable' is not a finding (it means data is missing); "
                "leave 'expected' out until the data exists"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = list(self._shape_problems())
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _shape_problems(self) -> Iterator[str]:
        computable = (self.measure, self.period, self.operation, self.claimed)
        if self.not_checkable is not None:
            if any(f is not None for f in computable):
                yield "a not_checkable claim has no measure, period, operation or claimed value"
            if self.expected not in (None, Verdict.NOT_CHECKABLE):
                yield "a not_checkable claim can only be expected to be 'not-checkable'"
            return
        missing = [
            name
            for name, f in zip(
                ("measure", "period", "operation", "claimed"), computable, strict=True
            )
            if f is None
        ]
        if missing:
            yield (
                f"missing {', '.join(missing)} (or give not_checkable: <reason> for a claim "
                "no trade statistic can check)"
            )
            return
        if self.expected is Verdict.NOT_CHECKABLE:
            yield "only a not_checkable claim can be expected to be 'not-checkable'"
        if self.measure is not None and self.measure.adjustment is not None:
            annual = [p for p in self.periods if p.annual]
            if annual:
                yield (
                    f"adjustment: {self.measure.adjustment} applies to months and quarters "
                    f"only; {annual[0]} is a year, whose total carries no seasonal adjustment "
                    "(leave adjustment out)"
                )
        assert self.claimed is not None and self.operation is not None
        spec = spec_for(self.operation)
        if self.measure is not None and self.measure.of is not None and not spec.takes_whole:
            yield (
                f"measure.of ({self.measure.of!r}) names the whole of a share; operation "
                f"'{spec.name}' has no whole (use operation: share, or leave of out)"
            )
        shape = spec.shape_problem(isinstance(self.period, Period | Range))
        if shape:
            yield shape
        if self.measure is not None:
            yield from spec.measure_problems(
                self.periods[:1] if self.measure.than_period is not None else self.periods,
                len(self.measure.partner) if isinstance(self.measure.partner, list) else 0,
                len(self.measure.than_partners),
                self.measure.than_period,
            )
        value = self.claimed
        if (
            value.kind is Kind.SIGN
            and self.measure is not None
            and self.measure.flow is not Flow.BALANCE
        ):
            yield f"claimed {value.text!r} is the sign of a balance: use flow: balance"
            return
        if value.balance_word and self.measure and self.measure.flow is not Flow.BALANCE:
            yield f"claimed {value.text!r} is said of a balance: use flow: balance"
        if value.stated is not None and self.measure is not None:
            if self.measure.flow is not Flow.BALANCE:
                yield f"claimed {value.text!r} is a {value.stated}: use flow: balance"
            elif self.measure.stated_as.value != value.stated:
                yield (
                    f"claimed {value.text!r} says {value.stated}, but measure.stated_as is "
                    f"{self.measure.stated_as}"
                )
        if value.kind is Kind.VAGUE:
            if self.reading is None:
                yield (
                    f"claimed {value.text!r} is not a number; add reading: with means: "
                    "(e.g. 'more than 50%') and because: (why that threshold)"
                )
                return
            value = self.reading.means
        elif self.reading is not None and value.note is None:  # a note: a reading may settle it
            yield "reading: is only for a vague claimed word such as 'ballooned'"
        yield from _kind_fits(spec, value)
        problem = spec.claim_problem(self.periods, value)
        if problem:
            yield problem
        if self.alternative_start is not None:
            yield from self._alternative_problems(spec)

    def _alternative_problems(self, spec: Spec) -> Iterator[str]:
        assert self.alternative_start is not None
        other = self.alternative_start.period
        ends = self.periods
        if spec.shape is not Shape.SPAN or not isinstance(self.period, Span):
            yield (
                "alternative_start is another start for a change between two periods "
                "(operation change, percent-change or multiple, with period from/to)"
            )
            return
        start, end = ends
        if not (isinstance(start, Period) and isinstance(end, Period)):
            yield "alternative_start needs a window from one period to another, not of ranges"
            return
        if not isinstance(other, Period) or other.frequency is not start.frequency:
            unit = {"annual": "year", "quarterly": "quarter", "monthly": "month"}
            yield (
                f"alternative_start {other} is not a {unit[start.frequency.value]}, as the "
                f"window's start ({start}) is"
            )
            return
        if other == start:
            yield f"alternative_start {other} is the claimed start itself"
        elif other >= end:
            yield f"alternative_start {other} must come before the window's end ({end})"


def _kind_fits(spec: Spec, value: ClaimedValue) -> Iterator[str]:
    fits = spec.kinds
    if value.kind in fits:
        return
    if value.kind is Kind.POINTS:
        yield (
            f"{value.text!r} is in percentage points, which measure a change in a share "
            f"or rate; for a change in a dollar series use a percent"
        )
    else:
        yield f"a {value.kind} ({value.text!r}) cannot be claimed for operation '{spec.name}'"


class ClaimsFile(BaseModel):
    """A claims file: one article's source and its claims."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Source
    reviewer: Reviewer | None = None
    vintage: VintageName | None = None
    claims: list[Claim] = Field(min_length=1)


def claim_date(claim: Claim, file: ClaimsFile) -> str:
    """When a claim was made (YYYY, YYYY-MM or YYYY-MM-DD): its own `date`, else its file's
    `source.date`."""
    return claim.date or file.source.date


def as_of_day(date: str) -> str:
    """The day the data of a date are those published by: a date known only to the month is
    its first day, one known only to the year January 1 (the earliest it could have been
    said), so a vintage published later in the same month is not available to it."""
    return date + "-01" * ((10 - len(date)) // 3)
