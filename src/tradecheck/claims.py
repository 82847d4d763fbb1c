"""Claim records: the pydantic models of a claims file, and loading one with precise errors.

A claims file is YAML, one per article: its source and its claims. Loading reports every
problem at once, each with file, line, column and field path, in tradecheck's own words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, NoReturn, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from tradecheck.domain import (
    Commodity,
    CommoditySystem,
    Flow,
    Operation,
    Period,
    StatedAs,
    Verdict,
)
from tradecheck.errors import ClaimsFileError, Problem
from tradecheck.operations import Spec, spec_for
from tradecheck.paths import not_regular
from tradecheck.quantity import ClaimedValue, ClaimedValueError, Kind, parse_claimed, stated_in

__all__ = [
    "EXPECTABLE",
    "Claim",
    "ClaimsFile",
    "Commodity",
    "CommoditySystem",
    "Flow",
    "LoadedFile",
    "Measure",
    "Operation",
    "Period",
    "Reading",
    "Source",
    "Span",
    "StatedAs",
    "Verdict",
    "Where",
    "load_claims_file",
]

# Files larger than this are refused before parsing (large archives of claims still fit).
MAX_FILE_BYTES = 64 * 1024 * 1024
# Aliases and anchors have no use in a claims file; refusing them stops "billion laughs".
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


_INT_TAG = "tag:yaml.org,2002:int"
_LEADING_ZERO = re.compile(r"0[0-9_]+")


# The verdicts a claims file may record as `expected`: 'unverifiable' says data is missing.
EXPECTABLE = tuple(v for v in Verdict if v is not Verdict.UNVERIFIABLE)


# JSON Schema of the fields whose text is parsed by tradecheck (for `tradecheck schema`).
_ONE_PERIOD: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 1900, "maximum": 2100},
        {"type": "string", "pattern": r"^\d{4}(-\d{1,2})?$"},
    ],
}
PERIOD_SCHEMA: dict[str, Any] = {
    "description": "A year (2016), a month ('2016-03'), or {from: 2011, to: 2016}.",
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
    """A from/to pair of periods of the same kind (two years or two months)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: Annotated[Period, BeforeValidator(Period.parse)] = Field(alias="from")
    end: Annotated[Period, BeforeValidator(Period.parse)] = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if (self.start.month is None) != (self.end.month is None):
            raise ValueError("'from' and 'to' must both be years or both be months")
        if self.end <= self.start:
            raise ValueError(f"'to' ({self.end}) must come after 'from' ({self.start})")
        return self


def _period_or_span(value: object) -> Period | Span | None:
    if value is None or isinstance(value, Period | Span):
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
    return Period.parse(value)


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


class Source(BaseModel):
    """Where the claims were published."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    url: str | None = None  # leave out only when the copy checked has none
    date: Annotated[str, BeforeValidator(_date_text), Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class Measure(BaseModel):
    """What a claim measures."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    flow: Flow
    partner: str | int
    commodity: Annotated[
        Commodity, BeforeValidator(Commodity.parse), WithJsonSchema(COMMODITY_SCHEMA)
    ] = Field(default="all goods", validate_default=True)
    stated_as: StatedAs = StatedAs.SIGNED

    @field_validator("partner", mode="after")
    @classmethod
    def _partner_text(cls, value: str | int) -> str:
        return str(value).strip()

    @model_validator(mode="after")
    def _stated_as_needs_balance(self) -> Self:
        if self.stated_as is not StatedAs.SIGNED and self.flow is not Flow.BALANCE:
            raise ValueError(f"stated_as: {self.stated_as} applies only to flow: balance")
        return self


class Reading(BaseModel):
    """How a vague word ("ballooned") was made measurable, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    means: Annotated[
        ClaimedValue, BeforeValidator(lambda v: _parse_value(v)), WithJsonSchema(CLAIMED_SCHEMA)
    ]
    because: str = Field(min_length=1)


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
    measure: Measure | None = None
    period: Annotated[
        Period | Span | None,
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
    expected: Annotated[
        Verdict | None,
        WithJsonSchema({"anyOf": [{"enum": [v.value for v in EXPECTABLE]}, {"type": "null"}]}),
    ] = None
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
    def periods(self) -> list[Period]:
        """The periods the claim is about: its one period, or the ends of its span."""
        if isinstance(self.period, Span):
            return [self.period.start, self.period.end]
        return [self.period] if isinstance(self.period, Period) else []

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
        assert self.claimed is not None and self.operation is not None
        spec = spec_for(self.operation)
        shape = spec.shape_problem(isinstance(self.period, Period))
        if shape:
            yield shape
        value = self.claimed
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
        elif self.reading is not None:
            yield "reading: is only for a vague claimed word such as 'ballooned'"
        yield from _kind_fits(spec, value)


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
    vintage: VintageName | None = None
    claims: list[Claim] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    display: str
    content: ClaimsFile
    text: str  # the file's text, to find positions again when a message needs one

    @cached_property
    def positions(self) -> dict[tuple[str | int, ...], tuple[int, int]]:
        """Line and column of every value. Computed only when a message needs a position: a
        valid file is loaded without them (they cost more memory than the claims)."""
        return _yaml_to_python(self.display, self.text, with_positions=True)[1].at

    def where(self, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (None, None))


# -- YAML with positions -------------------------------------------------------------------


class _Positions:
    def __init__(self) -> None:
        self.at: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.keys: dict[tuple[str | int, ...], tuple[int, int]] = {}


# How deep a claims file's YAML may nest (it needs 4: claims, a claim, measure, a field).
MAX_DEPTH = 20


def _yaml_to_python(
    display: str, text: str, with_positions: bool = False
) -> tuple[Any, _Positions]:
    """The YAML as plain data, refusing aliases, non-standard tags, duplicate and non-text
    keys; with `with_positions`, also the line and column of every key and value."""
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_cls(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            what = "a tab character; YAML indents with spaces"
        raise ClaimsFileError(
            [Problem(display, line, column, "", f"invalid YAML: {what}")]
        ) from exc
    except yaml.YAMLError as exc:
        raise ClaimsFileError([Problem(display, None, None, "", f"invalid YAML: {exc}")]) from exc
    if root is None:
        raise ClaimsFileError([Problem(display, None, None, "", "the file is empty")])
    positions = _Positions()
    # An alias is a second reference to an already composed node. Without a '*' in the text
    # there can be none, and the (large) set of seen nodes is not needed.
    seen: set[int] | None = set() if "*" in text else None
    constructor = yaml.SafeLoader("")

    def refuse(node: yaml.Node, path: tuple[str | int, ...] | None, message: str) -> NoReturn:
        """Stop at `node` (a problem of the whole file when `path` is None)."""
        line, col = _mark(node)
        raise ClaimsFileError([Problem(display, line, col, _dotted(path or ()), message)])

    def convert(node: yaml.Node, path: tuple[str | int, ...]) -> Any:
        if len(path) > MAX_DEPTH:
            refuse(node, None, f"nested more than {MAX_DEPTH} levels deep (a claims file needs 4)")
        if seen is not None:
            if id(node) in seen:
                refuse(node, path, "YAML aliases (*name) are not allowed")
            seen.add(id(node))
        if with_positions:
            positions.at[path] = _mark(node)
        if node.tag not in _ALLOWED_TAGS:
            refuse(node, path, f"YAML tag {node.tag!r} is not allowed")
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    refuse(key_node, path, "a key must be text")
                key = str(key_node.value)
                if key in result:
                    refuse(key_node, (*path, key), f"duplicate key {key!r}")
                if with_positions:
                    positions.keys[(*path, key)] = _mark(key_node)
                result[key] = convert(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == _INT_TAG and _LEADING_ZERO.fullmatch(str(node.value)):
            # YAML 1.1 reads `partner: 0003` as octal 3; in a claims file a number with a
            # leading zero is a Census code, so it stays the text that was written.
            return str(node.value)
        if node.tag == _INT_TAG and not re.fullmatch(r"-?[0-9]+", str(node.value)):
            # YAML 1.1 also reads 33:36, 0x7E0, 0b11111100000, 2_016 and +2016 as 2016.
            refuse(
                node,
                path,
                f"{node.value!r} is a YAML 1.1 way of writing a number; write plain digits "
                "(2016) or quote it",
            )
        try:
            return constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            refuse(node, path, f"cannot read value: {exc}")

    return convert(root, ()), positions


def _mark(node: Any) -> tuple[int, int]:
    """A YAML node's line and column, counted from 1."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _pydantic_message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "missing required field"
    if kind == "enum":
        if error["loc"][-1] == "expected":
            allowed = ", ".join(repr(v.value) for v in EXPECTABLE)
            if isinstance(error["input"], bool):
                word = str(error["input"]).lower()
                return (
                    f"{word} is read by YAML as a yes/no value; write the verdict in quotes "
                    f'(expected: "{word}"), one of {allowed}'
                )
            return f"{error['input']!r} is not one of {allowed}"
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error['input']!r} is not one of {expected}"
    if kind == "string_pattern_mismatch" and error["loc"][-1] == "id":
        return (
            "an id is lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    if kind == "string_pattern_mismatch" and error["loc"][-1] == "date":
        return f"{error['input']!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    plain = {
        "string_type": "must be text",
        "int_type": "must be a whole number",
        "list_type": "must be a list",
        "dict_type": "must be a mapping of fields",
        "model_type": "must be a mapping of fields",
        "too_short": "must not be empty",
        "string_too_short": "must not be empty",
    }
    if kind in plain:
        return plain[kind]
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


# The model whose fields are at each key path of a claims file (list indexes left out), for
# "did you mean" hints on unknown keys. tests/test_bad_claims.py checks that it names every
# model nested in ClaimsFile.
MODELS_AT: dict[tuple[str, ...], type[BaseModel]] = {
    (): ClaimsFile,
    ("source",): Source,
    ("claims",): Claim,
    ("claims", "measure"): Measure,
    ("claims", "reading"): Reading,
}


def _field_hint(loc: tuple[str | int, ...]) -> str:
    """Close matches for an unknown field name at `loc`."""
    import difflib

    model = MODELS_AT.get(tuple(str(p) for p in loc[:-1] if not isinstance(p, int)))
    if model is None:
        return ""
    names = [f.alias or n for n, f in model.model_fields.items()]
    close = difflib.get_close_matches(str(loc[-1]), names, n=2)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


# A claims file's position look-up: key path -> (line, column), None where unknown.
Where = Callable[[tuple[str | int, ...]], tuple[int | None, int | None]]


def _duplicate_ids(
    display: str,
    ids: list[str | None],
    where: Where,
) -> list[Problem]:
    """A problem for each claim whose id an earlier claim of the file already has (`ids` in
    file order, None where a claim has none)."""
    first: dict[str, int] = {}
    out = []
    for index, claim_id in enumerate(ids):
        if claim_id is None:
            continue
        if claim_id in first:
            line, col = where(("claims", index, "id"))
            out.append(
                Problem(
                    display,
                    line,
                    col,
                    f"claims[{index}].id",
                    f"duplicate claim id {claim_id!r} (first used by claims[{first[claim_id]}])",
                )
            )
        first.setdefault(claim_id, index)
    return out


def _raw_ids(data: dict[str, Any]) -> list[str | None]:
    """The claim ids of a file whose schema failed, from its raw data."""
    claims = data.get("claims")
    return [
        c["id"] if isinstance(c, dict) and isinstance(c.get("id"), str) else None
        for c in (claims if isinstance(claims, list) else [])
    ]


def raw_partners(data: object) -> list[tuple[int, str]]:
    """(claim index, partner text) of a file's raw data, whatever else is wrong with it."""
    claims = data.get("claims") if isinstance(data, dict) else None
    out = []
    for index, claim in enumerate(claims if isinstance(claims, list) else []):
        measure = claim.get("measure") if isinstance(claim, dict) else None
        partner = measure.get("partner") if isinstance(measure, dict) else None
        if isinstance(partner, str | int) and not isinstance(partner, bool):
            out.append((index, str(partner).strip()))
    return out


def load_claims_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read and validate one claims file, or raise ClaimsFileError listing every problem."""
    display = display or str(path)
    try:
        kind = not_regular(path)
        if kind is not None:
            raise ClaimsFileError(
                [Problem(display, None, None, "", f"is {kind}, not a regular file; not read")]
            )
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ClaimsFileError(
                [
                    Problem(
                        display,
                        None,
                        None,
                        "",
                        f"file is {size} bytes, over the {MAX_FILE_BYTES} byte limit",
                    )
                ]
            )
        with path.open("rb") as handle:  # bounded by what is read, not by what stat says
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ClaimsFileError(
                [Problem(display, None, None, "", f"file is over the {MAX_FILE_BYTES} byte limit")]
            )
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ClaimsFileError([Problem(display, None, None, "", f"cannot read: {reason}")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise ClaimsFileError(
            [Problem(display, bad_line, None, "", f"not UTF-8 text (byte {exc.start})")]
        ) from exc
    data, _ = _yaml_to_python(display, text)
    if not isinstance(data, dict):
        raise ClaimsFileError(
            [Problem(display, 1, 1, "", "a claims file is a mapping with 'source' and 'claims'")]
        )
    try:
        content = ClaimsFile.model_validate(data)
    except ValidationError as exc:
        positions = _yaml_to_python(display, text, with_positions=True)[1]
        problems = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
            message = _pydantic_message(error)
            line: int | None
            col: int | None
            if error["type"] == "extra_forbidden":
                line, col = positions.keys.get(loc, (None, None))
                message += _field_hint(loc)
            else:
                probe = loc
                while probe and probe not in positions.at:
                    probe = probe[:-1]
                line, col = positions.at.get(probe, (None, None))
            problems.append(Problem(display, line, col, _dotted(loc), message))

        def where(path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
            return positions.at.get(path, (None, None))

        problems += _duplicate_ids(display, _raw_ids(data), where)
        raise ClaimsFileError(problems, raw=(data, where)) from exc
    loaded = LoadedFile(path, display, content, text)
    duplicates = _duplicate_ids(display, [c.id for c in content.claims], loaded.where)
    if duplicates:
        raise ClaimsFileError(duplicates)
    return loaded
