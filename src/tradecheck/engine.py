"""Recompute claims from the series and judge them: no I/O beyond data look-ups, no printing.

`verify_files` loads and validates claims files, resolves partners, picks each input's vintage,
recomputes every claim and returns one `Report`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO, cast

from tradecheck import __version__
from tradecheck.claims import (
    Claim,
    Commodity,
    Flow,
    LoadedFile,
    Measure,
    Operation,
    Period,
    Span,
    StatedAs,
    Verdict,
    Where,
    load_claims_file,
    raw_partners,
)
from tradecheck.errors import ClaimsFileError, InputError, Problem, TradecheckError
from tradecheck.partners import PartnerError, PartnerResolver
from tradecheck.quantity import ClaimedValue, Kind, stated_in
from tradecheck.report import (
    BASE_CAVEATS,
    ClaimedReport,
    ClaimReport,
    DataSource,
    FileReport,
    InputValue,
    Quantity,
    Report,
    exit_code,
    reproduces,
    review_counts,
    review_of,
    summarize,
)
from tradecheck.series.bundle import (
    COUNTRY,
    COUNTRY_WORLD,
    ENDUSE_WORLD,
    Bundle,
    PartnerInfo,
    Vintage,
    dataset_for,
)
from tradecheck.verdict import fmt, judge

if TYPE_CHECKING:  # the API modules load only when there is a cache to read
    from tradecheck.series.cache import Cache, Entry

FLOW_NAMES = {"E": "exports", "I": "imports"}


class Missing(TradecheckError):
    """A needed series is not in the data used; the message names it and why."""


class NoDeficit(TradecheckError):
    """A claim about a deficit's growth, where one of its years had no deficit."""


class Inputs(NamedTuple):
    """What a claim's value in claim terms was computed from."""

    value: Decimal  # dollars, in claim terms (a deficit's size is positive)
    used: list[InputValue]
    expression: str  # how the inputs combine, e.g. "exports - imports"


def choose_vintage(vintages: list[Vintage], pin: str | None, period: Period) -> Vintage:
    """The newest vintage holding `period`, or the pinned one (newest not later than the pin).

    Missing carries only the reason; callers put the series in front of it."""
    if not vintages:
        raise Missing("no bundled data for this series")
    if pin is not None:
        eligible = [v for v in vintages if v.name <= pin]
        if not eligible:
            names = ", ".join(v.name for v in vintages)
            raise Missing(f"no vintage on or before {pin} (bundled: {names})")
        chosen = eligible[0]
        if not _holds(chosen, period):
            raise Missing(f"{_coverage(chosen, period)}")
        return chosen
    for vintage in vintages:
        if _holds(vintage, period):
            return vintage
    newest = vintages[0]
    first = min(v.first_year for v in vintages)
    if period.year < first:
        raise Missing(f"bundled {newest.dataset} data starts in {first}")
    raise Missing(f"{_coverage(newest, period)}")


def _holds(vintage: Vintage, period: Period) -> bool:
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


def _not_later(name: str, pin: str) -> bool:
    """Whether vintage `name` (YYYY-MM or a fetch date YYYY-MM-DD) is not later than `pin`.

    A pin of YYYY-MM covers every fetch made in that month."""
    return name[: len(pin)] <= pin


class Engine:
    def __init__(self, bundle: Bundle, cache: Cache | None = None) -> None:
        self.bundle = bundle
        self.cache = cache
        self.resolver = PartnerResolver(bundle)
        self._vintage_memo: dict[tuple[str, str | None, Period, str], Vintage | str] = {}

    # -- series look-ups -------------------------------------------------------------------

    def series_value(
        self, partner: PartnerInfo, flow: str, commodity: Commodity, period: Period, pin: str | None
    ) -> InputValue:
        """The value from the newest vintage holding it, bundled or fetched (not later than
        `pin` when one is given)."""
        try:
            bundled: InputValue | None = self.bundle_value(partner, flow, commodity, period, pin)
            reason = ""
        except Missing as exc:
            bundled, reason = None, str(exc)
        if self.cache is None:
            if bundled is None:
                raise Missing(reason)
            return bundled
        from tradecheck.series.api import time_value

        entries = self.api_entries(partner, flow, commodity, period)
        if pin is not None:
            entries = [e for e in entries if _not_later(e.vintage, pin)]
        month = time_value(period)
        holding = [e for e in entries if month in e.values]
        if holding and (bundled is None or holding[0].vintage > bundled.vintage):
            return _fetched(partner, flow, commodity, period, holding[0], month)
        if bundled is not None:
            return bundled
        no_data = [e for e in entries if e.status == 204]
        if no_data:
            reason += (
                f"; the Census API answered 204 (no data) for it when fetched at "
                f"{no_data[0].fetched_at}"
            )
        raise Missing(reason)

    def _choose(
        self, dataset: str, pin: str | None, period: Period, what: str, partner: str = ""
    ) -> Vintage:
        """`choose_vintage` among the vintages whose file has `partner` (all, if not given;
        OPEC is only in the first three country files), remembered per (dataset, pin, period,
        partner): many claims share them."""
        key = (dataset, pin, period, partner)
        found = self._vintage_memo.get(key)
        if found is None:
            vintages = self.bundle.vintages.get(dataset, [])
            if partner:
                having = self.bundle.partner_vintages(partner)
                vintages = [v for v in vintages if v.name in having] or vintages
            try:
                found = choose_vintage(vintages, pin, period)
            except Missing as exc:
                found = str(exc)  # the reason, remembered too
            self._vintage_memo[key] = found
        if isinstance(found, str):
            raise Missing(f"{what}: {found}")
        return found

    def api_entries(
        self, partner: PartnerInfo, flow: str, commodity: Commodity, period: Period
    ) -> list[Entry]:
        """Cached API answers for this series and period, newest first."""
        if self.cache is None:
            return []
        from tradecheck.series.api import NoCounterpart, build_request

        try:
            request = build_request(flow, partner, commodity, period)
        except NoCounterpart:
            return []
        return self.cache.entries(request)

    def bundle_value(
        self, partner: PartnerInfo, flow: str, commodity: Commodity, period: Period, pin: str | None
    ) -> InputValue:
        scope = str(commodity)
        what = f"{scope} {FLOW_NAMES[flow]} for {partner.code} {partner.name}, {period}"
        if commodity.system == "hs":
            raise Missing(f"{what}: HS-level series are not in the bundled data")
        if commodity.system == "end-use":
            return self._enduse_value(partner, flow, commodity.code, period, pin, what, scope)
        vintage = self._choose(COUNTRY, pin, period, what, partner.code)
        row = self.bundle.country_row(partner.code, flow, period.year, vintage.name)
        if row is None:
            raise Missing(f"{what}: vintage {vintage.name} has no row for this partner and year")
        value = row.annual if period.month is None else row.months[period.month - 1]
        if value is None:
            raise Missing(f"{what}: not published in vintage {vintage.name}")
        column = flow + ("YR" if period.month is None else _MONTHS[period.month - 1])
        return _bundled(partner, flow, scope, period, value, vintage, column, [row.src_row])

    def _enduse_value(
        self,
        partner: PartnerInfo,
        flow: str,
        code: str,
        period: Period,
        pin: str | None,
        what: str,
        scope: str,
    ) -> InputValue:
        dataset = dataset_for("end-use", flow)
        if period.month is not None:
            raise Missing(f"{what}: bundled end-use data is annual only")
        vintage = self._choose(dataset, pin, period, what)
        code_in_file = ENDUSE_WORLD if partner.code == COUNTRY_WORLD else partner.code
        rows = self.bundle.enduse_rows(code_in_file, flow, code, period.year, vintage)
        if not rows:
            raise Missing(
                f"{what}: vintage {vintage.name} of {dataset} has no rows for this partner "
                "(end-use files list single countries and the world only)"
            )
        return _bundled(
            partner,
            flow,
            scope,
            period,
            sum(r.value for r in rows),
            vintage,
            f"value_{period.year % 100:02d}",
            [r.src_row for r in rows],
            detail=f" (sum of {len(rows)} 5-digit codes)" if len(rows) > 1 else "",
        )

    def claim_terms(
        self, claim: Claim, partner: PartnerInfo, period: Period, pin: str | None
    ) -> Inputs:
        """The measured value for one period, in the terms the claim states it."""
        assert claim.measure is not None
        return self.terms(claim.measure, partner, period, pin)

    def terms(
        self, measure: Measure, partner: PartnerInfo, period: Period, pin: str | None
    ) -> Inputs:
        """A measure's value for one period: a flow, their sum, or their balance (signed, or
        a deficit's size when `stated_as` is deficit)."""

        def get(flow: str) -> InputValue:
            return self.series_value(partner, flow, measure.commodity, period, pin)

        if measure.flow is Flow.EXPORTS:
            e = get("E")
            return Inputs(Decimal(e.value), [e], "exports")
        if measure.flow is Flow.IMPORTS:
            i = get("I")
            return Inputs(Decimal(i.value), [i], "imports")
        e, i = get("E"), get("I")
        if measure.flow is Flow.TOTAL:
            return Inputs(Decimal(e.value + i.value), [e, i], "exports + imports")
        balance = Decimal(e.value - i.value)
        if measure.stated_as is StatedAs.DEFICIT:
            return Inputs(-balance, [e, i], "deficit = imports - exports")
        return Inputs(balance, [e, i], "balance = exports - imports")

    # -- claims ----------------------------------------------------------------------------

    def check(self, claim: Claim, partner: PartnerInfo | None, pin: str | None) -> ClaimReport:
        if claim.not_checkable is not None:
            return ClaimReport.model_construct(
                id=claim.id,
                quote=claim.quote,
                speaker=claim.speaker,
                verdict=Verdict.NOT_CHECKABLE,
                expected=claim.expected,
                reproduces=reproduces(Verdict.NOT_CHECKABLE, claim.expected),
                rule="not-checkable",
                reason=claim.not_checkable,
            )
        assert claim.claimed is not None and claim.operation is not None
        assert partner is not None and claim.period is not None
        value = claimed_value(claim)  # validation gives a vague word a reading, and only it
        assert value is not None
        reading = None
        if claim.reading is not None:
            reading = f"{claim.claimed.text!r} read as {value.text!r}: {claim.reading.because}"
        caveats = list(BASE_CAVEATS) + self._caveats(claim)
        base: dict[str, Any] = {
            "id": claim.id,
            "quote": claim.quote,
            "speaker": claim.speaker,
            "expected": claim.expected,
            "reading": reading,
            "claimed": _claimed_report(value),
            "caveats": caveats,
        }
        try:
            computed, used, formula = self._compute(claim, value, partner, pin)
        except Missing as exc:
            return ClaimReport.model_construct(
                **base,
                verdict=Verdict.UNVERIFIABLE,
                reproduces=False,
                rule="missing-series",
                reason=str(exc),
            )
        except NoDeficit as exc:
            return ClaimReport.model_construct(
                **base,
                verdict=Verdict.FALSE,
                reproduces=reproduces(Verdict.FALSE, claim.expected),
                rule="wrong-direction",
                reason=str(exc),
            )
        if len({u.vintage for u in used}) > 1:
            vintages = ", ".join(f"{u.flow} {u.period}: {u.vintage}" for u in used)
            caveats.append(f"inputs come from different vintages ({vintages})")
        judgement = judge(value, computed)
        relative = (
            float(round(judgement.relative * 100, 4)) if judgement.relative is not None else None
        )
        unit = "percentage points" if value.kind is Kind.PERCENT else value.unit
        return ClaimReport.model_construct(
            **base,
            verdict=judgement.verdict,
            reproduces=reproduces(judgement.verdict, claim.expected),
            rule=judgement.rule,
            reason=judgement.reason,
            computed=Quantity.model_construct(value=float(computed), unit=value.unit),
            difference=Quantity.model_construct(value=float(judgement.difference), unit=unit),
            relative_difference_percent=relative,
            formula=formula,
            inputs=used,
        )

    def _compute(
        self, claim: Claim, value: ClaimedValue, partner: PartnerInfo, pin: str | None
    ) -> tuple[Decimal, list[InputValue], str]:
        scale, unit = working_unit(value)
        with localcontext() as ctx:
            ctx.prec = 40
            if isinstance(claim.period, Period):
                x = self.claim_terms(claim, partner, claim.period, pin)
                result = x.value / scale
                formula = f"{x.expression} = {fmt(result, 6)} {unit} ({claim.period})"
                return result, x.used, formula
            assert isinstance(claim.period, Span)
            a = self.claim_terms(claim, partner, claim.period.start, pin)
            b = self.claim_terms(claim, partner, claim.period.end, pin)
            used = a.used + b.used
            start, end = claim.period.start, claim.period.end
            va, vb = a.value / scale, b.value / scale
            shown = f"{fmt(vb, 6)} ({end}) and {fmt(va, 6)} ({start}) {unit}, {a.expression}"
            if (
                claim.measure
                and claim.measure.stated_as is StatedAs.DEFICIT
                and (va <= 0 or vb <= 0)
            ):
                # A "deficit" that was a surplus in one year has no growth as a deficit.
                period = start if va <= 0 else end
                raise NoDeficit(f"there was no deficit in {period}: {shown}")
            if claim.operation is Operation.CHANGE:
                result = vb - va
                return (
                    result,
                    used,
                    f"change = {fmt(vb, 6)} - {fmt(va, 6)} = {fmt(result, 6)} {unit}; {shown}",
                )
            if va == 0:
                raise Missing(f"{claim.period.start} value is zero; a percent change is undefined")
            if claim.operation is Operation.PERCENT_CHANGE:
                result = (vb - va) / abs(va) * 100
                return (
                    result,
                    used,
                    f"percent change = ({fmt(vb, 6)} - {fmt(va, 6)}) / {fmt(abs(va), 6)} x 100 "
                    f"= {fmt(result, 4)} percent; {shown}",
                )
            result = vb / va
            return (
                result,
                used,
                f"multiple = {fmt(vb, 6)} / {fmt(va, 6)} = {fmt(result, 4)}; {shown}",
            )

    def _caveats(self, claim: Claim) -> list[str]:
        assert claim.measure is not None
        out = []
        flow = claim.measure.flow
        if flow in (Flow.EXPORTS, Flow.BALANCE, Flow.TOTAL):
            out.append("exports are total exports (domestic and re-exports), f.a.s. value")
        if flow in (Flow.IMPORTS, Flow.BALANCE, Flow.TOTAL):
            out.append("imports are general imports, customs value")
        if claim.measure.commodity.system == "end-use":
            out.append(
                "end-use categories (BEA) differ from HS chapters: end-use 3 includes engines "
                "and tires and excludes motorcycles and tractors, unlike HS 87"
            )
        if claim.claimed is not None and claim.operation is Operation.PERCENT_CHANGE:
            out.append("the difference of a percent claim is in percentage points")
        return out


def working_unit(value: ClaimedValue | None) -> tuple[Decimal, str]:
    """(dollars per unit, unit name) a claim's numbers are computed in: the claim's own scale
    for an amount ("$42.3 billion"), billions for anything else (percents, multiples)."""
    if value is not None and value.kind is Kind.AMOUNT:
        return Decimal(value.scale), value.unit
    return Decimal(10**9), "billion USD"


def claimed_value(claim: Claim) -> ClaimedValue | None:
    """The value a claim is judged by: its reading for a vague word, else what it claims."""
    return claim.reading.means if claim.reading is not None else claim.claimed


_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _input(
    partner: PartnerInfo,
    flow: str,
    scope: str,
    period: Period,
    value: int,
    detail: str = "",
    **source: Any,
) -> InputValue:
    """One value a computation used; `detail` adds to its commodity (how it was summed) and
    `source` says where it came from (bundle or API)."""
    return InputValue.model_construct(
        series=f"{FLOW_NAMES[flow]}, {partner.code} {partner.name}, {scope}",
        flow=FLOW_NAMES[flow],
        partner=partner.code,
        partner_name=partner.name,
        commodity=scope + detail,
        period=str(period),
        value=value,
        units="USD",
        **source,
    )


def _bundled(
    partner: PartnerInfo,
    flow: str,
    scope: str,
    period: Period,
    value: int,
    vintage: Vintage,
    column: str,
    rows: list[int],
    detail: str = "",
) -> InputValue:
    """A bundled value, with its file, column and spreadsheet rows."""
    return _input(
        partner,
        flow,
        scope,
        period,
        value,
        detail,
        source=DataSource.BUNDLE,
        dataset=vintage.dataset,
        vintage=vintage.name,
        file=f"{vintage.file}, column {column}",
        rows=rows,
    )


def _fetched(
    partner: PartnerInfo, flow: str, commodity: Commodity, period: Period, entry: Entry, month: str
) -> InputValue:
    """A value answered by the Census API, with the request (no key) and its fetch time."""
    return _input(
        partner,
        flow,
        str(commodity),
        period,
        entry.values[month],
        source=DataSource.API,
        dataset=f"census-api {entry.endpoint}",
        vintage=entry.vintage,
        request=entry.request,
        fetched_at=entry.fetched_at,
        response_sha256=entry.response_sha256,
    )


def _claimed_report(value: ClaimedValue) -> ClaimedReport:
    return ClaimedReport.model_construct(
        text=value.text,
        value=float(value.signed) if value.number is not None else None,
        unit=value.unit,
        precision=float(value.last_digit) if value.number is not None else None,
        direction=value.direction.value if value.direction else None,
        bound=value.bound.value if value.bound else None,
        hedge=value.hedge.value if value.hedge else None,
    )


def resolve_partners(engine: Engine, loaded: LoadedFile) -> dict[str, PartnerInfo]:
    """Claim id -> partner, or ClaimsFileError listing every partner that cannot be resolved."""
    out: dict[str, PartnerInfo] = {}
    problems: list[Problem] = []
    for index, claim in enumerate(loaded.content.claims):
        if claim.measure is None:
            continue
        found = _partner(engine, loaded.display, index, str(claim.measure.partner), loaded.where)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            out[claim.id] = found
    if problems:
        raise ClaimsFileError(problems)
    return out


def _raw_partner_problems(engine: Engine, display: str, raw: object) -> list[Problem]:
    """Unknown partners of a file whose schema failed, from its raw data and positions."""
    data, where = cast("tuple[object, Where]", raw)
    found = (_partner(engine, display, index, text, where) for index, text in raw_partners(data))
    return [f for f in found if isinstance(f, Problem)]


def _partner(
    engine: Engine,
    display: str,
    index: int,
    text: str,
    where: Where,
) -> PartnerInfo | Problem:
    """Claim `index`'s partner, or the problem (at its position) of one that does not resolve."""
    try:
        return engine.resolver.resolve(text)
    except PartnerError as exc:
        line, col = where(("claims", index, "measure", "partner"))
        return Problem(display, line, col, f"claims[{index}].measure.partner", str(exc))


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, and the *.yaml/*.yml files of any directory, in name order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
            )
            if not found:
                raise InputError(f"{path}: no claims files (*.yaml, *.yml) in this directory")
            out.extend(found)
        elif path.exists():
            out.append(path)
        elif path.is_symlink():
            raise InputError(f"{path}: a symbolic link that leads nowhere (a loop, or no target)")
        else:
            raise InputError(f"{path}: no such file or directory")
    return out


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for one batch of work.

    Loading and checking a large claims file allocates millions of small acyclic objects
    (YAML nodes, dicts, models); each allocation burst makes the collector rescan the whole
    growing heap, which cost more than half the run time at 10,000 claims. Nothing here
    creates reference cycles that need prompt collection, and the collector resumes after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Prepared:
    """Claims files loaded and validated, with every claim's partner resolved."""

    engine: Engine
    files: list[tuple[LoadedFile, dict[str, PartnerInfo]]]
    warnings: list[str] = field(default_factory=list)  # records likely to mislead; not errors

    def claims(self, vintage: str | None) -> list[tuple[Claim, PartnerInfo | None, str | None]]:
        """Every claim with its partner and the vintage pin that applies to it."""
        return [
            (claim, resolved.get(claim.id), pin_for(claim, item, vintage))
            for item, resolved in self.files
            for claim in item.content.claims
        ]

    @property
    def count(self) -> int:
        """How many claims the files hold."""
        return sum(len(item.content.claims) for item, _ in self.files)

    def check_file(self, index: int, vintage: str | None) -> Iterator[ClaimReport]:
        """The reports of one file's claims, computed one at a time."""
        item, resolved = self.files[index]
        for claim in item.content.claims:
            yield self.engine.check(claim, resolved.get(claim.id), pin_for(claim, item, vintage))


def pin_for(claim: Claim, item: LoadedFile, vintage: str | None) -> str | None:
    """The vintage a claim is pinned to: --vintage, else the claim's own, else its file's."""
    return vintage or claim.vintage or item.content.vintage


@paused_gc()
def prepare(
    paths: list[Path],
    bundle: Bundle | None = None,
    cache: Cache | None = None,
    display: dict[Path, str] | None = None,
) -> Prepared:
    """Load every claims file and resolve every partner; all problems are reported together.
    `display` names files in messages by another path (a temporary copy by the original's)."""
    engine = Engine(bundle or Bundle(), cache)
    loaded: list[LoadedFile] = []
    partners: list[dict[str, PartnerInfo]] = []
    problems: list[Problem] = []
    valid: list[tuple[str, int]] = []
    warnings: list[Problem] = []
    # Every stage of every file in one pass: a file whose schema fails still has its
    # partners resolved from its raw data, so one run reports all of its problems.
    for path in expand_paths(paths):
        name = (display or {}).get(path)
        try:
            item = load_claims_file(path, name)
        except ClaimsFileError as exc:
            problems.extend(exc.problems)
            if exc.raw is not None:
                problems.extend(_raw_partner_problems(engine, name or str(path), exc.raw))
                warnings.extend(raw_record_warnings(name or str(path), exc.raw))
            continue
        warnings.extend(record_warnings(item))
        try:
            partners.append(resolve_partners(engine, item))
        except ClaimsFileError as exc:
            problems.extend(exc.problems)
            continue
        loaded.append(item)
        valid.append((item.display, len(item.content.claims)))
    if problems:
        order = {p: i for i, p in enumerate(dict.fromkeys(pr.file for pr in problems))}
        problems.sort(key=lambda p: (order[p.file], p.line or 0, p.column or 0))
        error = ClaimsFileError(problems)
        error.valid = valid
        error.warnings = warnings
        raise error
    return Prepared(engine, list(zip(loaded, partners, strict=True)), [str(w) for w in warnings])


_STATED_WORD = re.compile(r"\b(deficit|surplus)(?:es|s)?\b", re.IGNORECASE)


def record_warnings(item: LoadedFile) -> Iterator[Problem]:
    """Records that validate but likely mislead: a balance whose quote says "deficit" or
    "surplus" while the record does not, so the balance is compared signed."""
    for index, claim in enumerate(item.content.claims):
        measure = claim.measure
        if measure is None:
            continue
        warning = _stated_warning(
            item.display,
            index,
            claim.quote,
            measure.flow.value,
            "stated_as" in measure.model_fields_set,
            item.where,
        )
        if warning is not None:
            yield warning


def raw_record_warnings(display: str, raw: object) -> Iterator[Problem]:
    """The same warnings for a file whose schema failed, from its raw data and positions."""
    data, where = cast("tuple[object, Where]", raw)
    claims = data.get("claims") if isinstance(data, dict) else None
    for index, claim in enumerate(claims if isinstance(claims, list) else []):
        measure = claim.get("measure") if isinstance(claim, dict) else None
        if not isinstance(measure, dict) or not isinstance(claim.get("quote"), str):
            continue
        claimed = claim.get("claimed")
        stated = "stated_as" in measure or (isinstance(claimed, str) and stated_in(claimed))

        warning = _stated_warning(
            display, index, claim["quote"], measure.get("flow"), bool(stated), where
        )
        if warning is not None:
            yield warning


def _stated_warning(
    display: str,
    index: int,
    quote: str,
    flow: object,
    stated: bool,
    where: Where,
) -> Problem | None:
    if flow != Flow.BALANCE.value or stated:
        return None
    found = _STATED_WORD.search(quote)
    if found is None:
        return None
    line, column = where(("claims", index))
    return Problem(
        display,
        line,
        column,
        f"claims[{index}]",
        f"the quote says {found[1].lower()!r} but the record has no stated_as, so the balance "
        "is compared signed (a deficit is negative); add stated_as: deficit to measure, or "
        "write the claimed value as 'a deficit of ...'",
    )


def file_report(item: LoadedFile, claims: list[ClaimReport]) -> FileReport:
    source = item.content.source
    return FileReport.model_construct(
        path=item.display,
        title=source.title,
        publisher=source.publisher,
        url=source.url,
        date=source.date,
        claims=claims,
    )


def make_report(
    prepared: Prepared,
    files: list[FileReport],
    summary: dict[str, int],
    review: dict[str, int],
    code: int,
    vintage: str | None,
    strict: bool,
) -> Report:
    return Report.model_construct(
        version=__version__,
        data_manifest_sha256=prepared.engine.bundle.manifest_sha256,
        vintage_override=vintage,
        strict=strict,
        files=files,
        summary=summary,
        review=review,
        exit_code=code,
    )


@paused_gc()
def write_json_report(
    prepared: Prepared,
    out: TextIO,
    vintage: str | None = None,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the JSON report claim by claim, byte for byte what `Report.model_dump_json(indent=2)`
    gives, without holding every claim's report or the whole text in memory. Returns the exit
    code. `progress` is told the number of claims checked so far after each one."""
    shells = [file_report(item, []) for item, _ in prepared.files]
    summary = summarize([])
    review = review_counts([])
    code = 0

    def dumped() -> str:
        return make_report(
            prepared, shells, summary, review, code, vintage, strict
        ).model_dump_json(indent=2)

    parts = dumped().split('"claims": []')  # the text around each file's list of claims
    done = 0
    for index in range(len(prepared.files)):
        out.write(parts[index] + '"claims": [')
        for number, report in enumerate(prepared.check_file(index, vintage)):
            text = _indent(report.model_dump_json(indent=2), 8)
            out.write(("\n" if number == 0 else ",\n") + text)
            summary[report.verdict.value] += 1
            review[review_of(report)] += 1
            code = max(code, exit_code([report], strict))
            done += 1
            if progress is not None:
                progress(done)
        out.write("\n      ]")
    out.write(dumped().split('"claims": []')[-1] + "\n")  # summary and exit code, now known
    return code


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return pad + text.replace("\n", "\n" + pad)


@paused_gc()
def verify_files(
    paths: list[Path],
    vintage: str | None = None,
    strict: bool = False,
    bundle: Bundle | None = None,
    cache: Cache | None = None,
) -> Report:
    """Validate and recompute every claim of the claims files in `paths`, from the bundle and
    from the API answers in `cache` (when given)."""
    return verify_prepared(prepare(paths, bundle, cache), vintage, strict)


@paused_gc()
def verify_prepared(
    prepared: Prepared,
    vintage: str | None,
    strict: bool,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Recompute every claim of already loaded claims files into one report. `progress` is
    told the number of claims checked so far after each one."""
    files: list[FileReport] = []
    everything: list[ClaimReport] = []
    for index, (item, _) in enumerate(prepared.files):
        reports = []
        for report in prepared.check_file(index, vintage):
            reports.append(report)
            if progress is not None:
                progress(len(everything) + len(reports))
        files.append(file_report(item, reports))
        everything.extend(reports)
    return make_report(
        prepared,
        files,
        summarize(everything),
        review_counts(everything),
        exit_code(everything, strict),
        vintage,
        strict,
    )
