"""The report of a verify run: one object that every output format renders.

The models are built lazily (`defer_build`): check.py and engine.py fill them with
`construct` (pydantic's `model_construct`, faster) from values they computed themselves, and
their schema is only needed when the report is dumped as JSON.

`--format json` is this object dumped; the table is drawn from it too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from tradecheck.domain import SpeakerKind, Verdict
from tradecheck.series.source import Origin

M = TypeVar("M", bound=BaseModel)


class _Required:
    def __repr__(self) -> str:
        return "<required>"


_REQUIRED = _Required()
_TEMPLATES: dict[type[BaseModel], tuple[dict[str, Any], frozenset[str]]] = {}


def construct(cls: type[M], **values: Any) -> M:
    """`cls.model_construct(**values)` for a model without aliases, private attributes or
    post-init (the report's records): the same instance, built in a fraction of the time (a
    verify of 10,000 claims builds hundreds of thousands, mostly window cells and inputs).
    Fields not given take their defaults, in the fields' order (JSON follows it); a default
    is shared, not copied, as the records are frozen."""
    found = _TEMPLATES.get(cls)
    if found is None:
        assert not cls.__private_attributes__ and not cls.__pydantic_post_init__, cls
        fields = cls.__pydantic_fields__
        found = _TEMPLATES[cls] = (
            {n: _REQUIRED if f.is_required() else f.get_default() for n, f in fields.items()},
            frozenset(n for n, f in fields.items() if f.is_required()),
        )
    template, required = found
    data = template.copy()
    data.update(values)  # a given field keeps its place in the fields' order
    if len(data) != len(template) or not values.keys() >= required:
        unknown = sorted(set(values) - set(template))
        missing = [name for name, value in data.items() if value is _REQUIRED]
        raise TypeError(f"{cls.__name__}: unknown fields {unknown}, missing fields {missing}")
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", data)
    object.__setattr__(model, "__pydantic_fields_set__", set(values))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def holds(verdict: Verdict | None) -> bool:
    """Whether the claim holds on a computation judged so: accurate, or within rounding."""
    return verdict in (Verdict.ACCURATE, Verdict.ACCURATE_WITHIN_ROUNDING)


# Where an input came from: the bundle or the Census API (the data layer's name for it).
DataSource = Origin


class InputValue(BaseModel):
    """One series value a computation used, with where it came from."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    series: str
    flow: str
    partner: str
    partner_name: str
    commodity: str
    period: str
    value: int
    units: str
    source: DataSource
    dataset: str
    vintage: str  # bundled: YYYY-MM of the file; API: the fetch date YYYY-MM-DD
    file: str | None = None  # bundled: the file and column
    rows: list[int] = []  # bundled: the spreadsheet rows summed
    request: str | None = None  # API: the request, without the key
    fetched_at: str | None = None  # API: when it was answered (UTC)
    response_sha256: str | None = None  # API: hash of the answer's body


class Quantity(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    value: float
    unit: str


class ClaimedReport(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    text: str
    value: float | None
    unit: str
    precision: float | None
    direction: str | None
    bound: str | None
    hedge: str | None


class SeriesPoint(BaseModel):
    """One period of the series charted around a claim."""

    model_config = ConfigDict(frozen=True)

    period: str
    value: float | None  # in the claim's unit (billion USD for a claim not stated in dollars)
    unit: str
    claimed_period: bool
    note: str | None = None


class Placed(BaseModel):
    """One country of a rank's field as a report lists it (the top ten, the claim's partner
    and its rival)."""

    model_config = ConfigDict(frozen=True)

    place: int
    code: str
    name: str
    value: float  # in the claim's working unit
    unit: str
    claimed: bool  # the claim's partner
    rival: bool = False  # the partner an "overtook" claim names


class Alternative(BaseModel):
    """The claim judged under another definition than the recorded one (the definition
    sweep): it never changes the claim's verdict."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    definition: str  # e.g. "goods, Census basis" or "end-use 30000 (passenger cars)"
    period: str  # the claim's period, or its span's ends ("2011 to 2016")
    scope: str  # goods, services, goods-and-services
    basis: str  # Census basis, BOP basis
    adjustment: str | None  # None for a year (a calendar-year total)
    commodity: str
    differs: str  # why its value differs from the recorded definition's
    verdict: Verdict
    rule: str
    reason: str
    computed: Quantity | None = None
    formula: str | None = None
    inputs: list[InputValue] = []

    @property
    def holds(self) -> bool:
        return holds(self.verdict)


class ThenReport(BaseModel):
    """The claim judged on the data of its day (the vintages published by then), beside the
    verdict on the newest data: it never changes the verdict unless `--as-of` asks for it."""

    model_config = ConfigDict(frozen=True)

    as_of: str  # the day: the claim's date (a month's first day, a year's January 1)
    verdict: Verdict
    rule: str
    reason: str
    computed: Quantity | None = None
    vintages: list[str] = []  # the datasets and vintages used, e.g. "dataweb-country 2025-03"
    # Vintages published after the day, used because none published by then holds a value.
    published_after: list[str] = []
    differs: bool  # the verdict differs from the newest data's
    summary: str  # "accurate on the data published before the claim (...); inaccurate on ..."


class WindowCell(BaseModel):
    """The claim on one neighbouring window: its start and end shifted."""

    model_config = ConfigDict(frozen=True)

    start: str
    end: str
    computed: float | None  # in the grid's unit; None: not computable (no deficit)
    verdict: Verdict
    holds: bool  # accurate or accurate-within-rounding
    claimed: bool  # the claimed window itself
    after_claim: bool  # ends after the claim's date: the speaker could not have known it


class AlternativeWindow(BaseModel):
    """The claim's change recomputed from the start its record states (`alternative_start`),
    to the claimed end."""

    model_config = ConfigDict(frozen=True)

    start: str
    because: str | None  # why this start, as the claims file says
    computed: float | None  # in the grid's unit; None: not in the data, or no deficit
    verdict: Verdict | None  # None: the data do not hold the start
    holds: bool
    summary: str  # "from 2012 (the year the agreement took effect): +34.52%, false"


class WindowReport(BaseModel):
    """Window sensitivity: the claim recomputed with its start and end shifted by up to two
    periods each way; it never changes the verdict."""

    model_config = ConfigDict(frozen=True)

    starts: list[str]
    ends: list[str]
    unit: str  # the cells' computed values' (the claim's result unit)
    cells: list[WindowCell]  # row by row: each start, every end
    holding: int  # neighbouring windows (the claimed one left out) the claim holds for
    neighbours: int
    start_note: str  # where the chosen start's value sits among its neighbours
    alternative: AlternativeWindow | None = None  # the stated alternative start's window
    summary: str


class ClaimReport(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    quote: str
    speaker: str
    speaker_kind: SpeakerKind = SpeakerKind.PERSON
    date: str | None = None  # when the claim was made (claims.claim_date)
    # What was measured (None for a claim no trade statistic can check): the partner's code
    # and name, the flow, the periods (one, or a span's ends) and the operation.
    partner: str | None = None
    partner_name: str | None = None
    flow: str | None = None
    periods: list[str] = []
    operation: str | None = None
    verdict: Verdict
    expected: Verdict | None
    reproduces: bool
    rule: str
    reason: str
    reading: str | None = None
    claimed: ClaimedReport | None = None
    computed: Quantity | None = None
    difference: Quantity | None = None
    relative_difference_percent: float | None = None
    formula: str | None = None
    inputs: list[InputValue] = []
    caveats: list[str] = []
    # The recorded definition (e.g. "goods, Census basis"), and the claim judged under every
    # other one the data hold for its partner and periods.
    definition: str | None = None
    definitions: list[Alternative] = []
    vintages: list[str] = []  # the vintages of the inputs, once each, in the order used
    # A rank's field as the report lists it (the top ten, the partner and its rival).
    ranking: list[Placed] | None = None
    # The claim judged on the data of its day, when they differ from the data used.
    then: ThenReport | None = None
    # What `--as-of` chose when no vintage published by the day held a value.
    as_of_note: str | None = None
    # A change's neighbouring windows; a record's earliest start from which it still holds.
    windows: WindowReport | None = None
    record_from: str | None = None
    # Carried for renderers, not in the JSON report (its layout is REPORT_VERSION's): who
    # published the figures used, and (when asked for) the series around the claim.
    attribution: list[str] = Field(default=[], exclude=True)
    agencies: list[str] = Field(default=[], exclude=True)  # who published each input, in order
    series_label: str | None = Field(default=None, exclude=True)
    series: list[SeriesPoint] = Field(default=[], exclude=True)


# The lists a claim's report carries for its readers, not for the run's summary and exit code.
_HEAVY = frozenset(
    {"inputs", "definitions", "ranking", "then", "windows", "caveats", "series", "attribution"}
)


class RenderedClaim(ClaimReport):
    """A claim's report as a worker (tradecheck.parallel) sends it for the JSON report: its
    JSON text, which the report writes as is, and its fields but the long lists, which the
    summary, the review counts and the exit code do not read."""

    _json: str = PrivateAttr(default="")


def claim_json(claim: ClaimReport) -> str:
    """A claim's JSON as the report writes it, indented under its file's list of claims."""
    if isinstance(claim, RenderedClaim):
        return claim._json
    return "        " + claim.model_dump_json(indent=2).replace("\n", "\n        ")


def rendered(claim: ClaimReport) -> RenderedClaim:
    """The claim's JSON written once, here, with its report slimmed for the trip back."""
    slim = RenderedClaim.model_construct(
        **{k: v for k, v in claim.__dict__.items() if k not in _HEAVY}
    )
    slim._json = claim_json(claim)
    return slim


class FileReport(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    path: str
    title: str
    publisher: str
    url: str | None
    date: str
    reviewer: str | None = None  # the file's `reviewer:` (the fact-checking organisation)
    reviewer_url: str | None = None
    claims: list[ClaimReport]
    # Where each claim is in the file (claims index -> line, column), for renderers that
    # point at it (--format github); looked up only when asked (claims.LoadedFile.where).
    _where: Callable[[tuple[str | int, ...]], tuple[int | None, int | None]] | None = PrivateAttr(
        default=None
    )

    def line_of(self, index: int) -> tuple[int | None, int | None]:
        """The line and column of the file's claim `index` (None, None when unknown)."""
        return self._where(("claims", index)) if self._where is not None else (None, None)


# The JSON report's layout. Raised whenever a field is added or changed (2: `review`, and
# this field; 3: each claim's `definition` and `definitions`; 4: each claim's `speaker_kind`,
# `date`, measure (`partner`, `partner_name`, `flow`, `periods`, `operation`) and `vintages`,
# each file's `reviewer` and `reviewer_url`, a rank's `ranking`, then and now's `then` and
# `as_of_note`, `windows` and a record's `record_from`); tests/test_enums.py pins it.
REPORT_VERSION = 5


class Publishing(BaseModel):
    """How a run's verdicts are published as ClaimReviews (`--publisher`, `--date`,
    `--url-template`): not in the JSON report."""

    model_config = ConfigDict(frozen=True)

    publisher: str | None = None  # the reviewing organisation; else each file's `reviewer`
    date: str  # when the reviews are published, YYYY-MM-DD
    url_template: str | None = None  # a review's URL, with {id} for the claim's id


class Report(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    report_version: int = REPORT_VERSION
    tool: str = "tradecheck"
    version: str
    data_manifest_sha256: str
    vintage_override: str | None
    as_of: str | None = None  # `--as-of`: a day YYYY-MM-DD, or "claim" (each claim's date)
    strict: bool
    files: list[FileReport]
    summary: dict[str, int]
    # How the verdicts stand against the recorded ones (REVIEW_KEYS); `summary` counts verdicts.
    review: dict[str, int]
    exit_code: int
    # Who published the figures used (or, when none was, the data checked against); for
    # renderers, not in the JSON report.
    attribution: list[str] = Field(default=[], exclude=True)
    publishing: Publishing | None = Field(default=None, exclude=True)
    # Set when the claims are computed as they are read (engine.stream_report): what the
    # summary, review and exit code are once they all have been.
    _tally: Tally | None = PrivateAttr(default=None)

    def completed(self) -> Report:
        """The report with its summary, review and exit code final (for a streamed report,
        call after every claim has been read)."""
        if self._tally is None:
            return self
        tally = self._tally
        return self.model_copy(
            update={"summary": tally.summary, "review": tally.review, "exit_code": tally.code}
        )


class Tally:
    """The summary, review counts and exit code of claims as they are checked."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.summary = summarize([])
        self.review = review_counts([])
        self.code = 0

    def add(self, claim: ClaimReport) -> None:
        self.summary[claim.verdict.value] += 1
        self.review[review_of(claim)] += 1
        self.code = max(self.code, exit_code([claim], self.strict))


def reproduces(verdict: Verdict, expected: Verdict | None) -> bool:
    """Whether a claim reproduces: its verdict is the expected one, or holds when none is."""
    if verdict is Verdict.UNVERIFIABLE:
        return False
    if expected is not None:
        return verdict is expected
    return verdict in (Verdict.ACCURATE, Verdict.ACCURATE_WITHIN_ROUNDING, Verdict.NOT_CHECKABLE)


def exit_code(claims: list[ClaimReport], strict: bool) -> int:
    """0 when every checked claim reproduces; 1 when any does not. Unverifiable fails only
    with --strict (like a skipped test)."""
    for claim in claims:
        if claim.verdict is Verdict.UNVERIFIABLE:
            if strict:
                return 1
        elif not claim.reproduces:
            return 1
    return 0


def summarize(claims: list[ClaimReport]) -> dict[str, int]:
    return {v.value: sum(1 for c in claims if c.verdict is v) for v in Verdict}


REVIEW_KEYS = (
    "reproduces",  # a verdict was recorded (`expected`) and the run gives it again
    "changed",  # a verdict was recorded and the run gives another
    "not_reviewed_holds",  # nothing recorded; accurate, within rounding or not checkable
    "not_reviewed_does_not_hold",  # nothing recorded; inaccurate or false
    "unverifiable",
)
HOLDS = (Verdict.ACCURATE, Verdict.ACCURATE_WITHIN_ROUNDING, Verdict.NOT_CHECKABLE)


def review_of(claim: ClaimReport) -> str:
    """Where a claim stands against its recorded verdict: one of REVIEW_KEYS."""
    if claim.verdict is Verdict.UNVERIFIABLE:
        return "unverifiable"
    if claim.expected is not None:
        return "reproduces" if claim.verdict is claim.expected else "changed"
    return "not_reviewed_holds" if claim.verdict in HOLDS else "not_reviewed_does_not_hold"


def review_counts(claims: list[ClaimReport]) -> dict[str, int]:
    counts = dict.fromkeys(REVIEW_KEYS, 0)
    for claim in claims:
        counts[review_of(claim)] += 1
    return counts


def review_sentence(claims: list[ClaimReport]) -> str:
    """One line on the recorded verdicts: what reproduces, what changed, what was never
    reviewed and whether it holds, what could not be checked (naming the claims that matter)."""

    def ids(selected: list[ClaimReport]) -> str:
        names = [c.id for c in selected[:3]] + (["..."] if len(selected) > 3 else [])
        return f" ({', '.join(names)})"

    by: dict[str, list[ClaimReport]] = {k: [] for k in REVIEW_KEYS}
    for claim in claims:
        by[review_of(claim)].append(claim)
    unverifiable = by["unverifiable"]
    checked = [c for c in claims if c.verdict not in (Verdict.UNVERIFIABLE, Verdict.NOT_CHECKABLE)]
    if claims and not checked:
        rest = len(claims) - len(unverifiable)
        parts = [f"{len(unverifiable)} unverifiable"] if unverifiable else []
        parts += [f"{rest} not checkable by trade statistics"] if rest else []
        return "no claim could be checked: " + ", ".join(parts)
    parts = []
    recorded = []
    if by["reproduces"]:
        recorded.append(f"{len(by['reproduces'])} reproduce")
    if by["changed"]:
        recorded.append(f"{len(by['changed'])} changed{ids(by['changed'])}")
    if recorded:
        parts.append("recorded verdicts: " + ", ".join(recorded))
    fresh = []
    if by["not_reviewed_holds"]:
        n = len(by["not_reviewed_holds"])
        fresh.append(f"{n} {'holds' if n == 1 else 'hold'}")
    for verdict in (Verdict.INACCURATE, Verdict.FALSE):
        these = [c for c in by["not_reviewed_does_not_hold"] if c.verdict is verdict]
        if these:
            fresh.append(f"{len(these)} {verdict.value}{ids(these)}")
    if fresh:
        parts.append("not reviewed: " + ", ".join(fresh))
    if unverifiable:
        parts.append(f"{len(unverifiable)} unverifiable{ids(unverifiable)}")
    return "; ".join(parts) or "no claims"
