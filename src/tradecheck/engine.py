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
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from tradecheck import __version__
from tradecheck.check import Checker
from tradecheck.claims import (
    Claim,
    Flow,
    LoadedFile,
    Measure,
    Period,
    Where,
    load_claims_file,
    raw_partners,
)
from tradecheck.errors import ClaimsFileError, InputError, Problem
from tradecheck.measure import Inputs, measure_value
from tradecheck.partners import PartnerError, PartnerResolver
from tradecheck.quantity import stated_in
from tradecheck.report import (
    ClaimReport,
    FileReport,
    Report,
    exit_code,
    review_counts,
    review_of,
    summarize,
)
from tradecheck.series.bundle import COUNTRY_WORLD, Bundle, PartnerInfo
from tradecheck.series.bundled import BundleSource
from tradecheck.series.source import Source
from tradecheck.series.sources import Sources

if TYPE_CHECKING:
    from tradecheck.series.cache import Cache

FLOW_NAMES = {"E": "exports", "I": "imports"}


class Engine:
    def __init__(self, bundle: Bundle, cache: Cache | None = None) -> None:
        self.bundle = bundle
        self.cache = cache
        self.resolver = PartnerResolver(bundle)
        self.bundled = BundleSource(bundle)
        sources: list[Source] = [self.bundled]
        if cache is not None:  # the API modules load only when there is a cache to read
            from tradecheck.series.cached import CacheSource

            sources.append(CacheSource(cache))
        self.sources = Sources(sources)
        self.checker = Checker(self.sources, bundle.partners.get(COUNTRY_WORLD))

    def terms(
        self, measure: Measure, partner: PartnerInfo, period: Period, pin: str | None
    ) -> Inputs:
        """A measure's value for one period, from the data sources."""
        return measure_value(self.sources, measure, partner, period, pin)

    def check(
        self, claim: Claim, partner: PartnerInfo | None, pin: str | None, series: bool = False
    ) -> ClaimReport:
        return self.checker.check(claim, partner, pin, series)


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
    used = dict.fromkeys(a for f in files for c in f.claims for a in c.attribution)
    return Report.model_construct(
        attribution=list(used) or [prepared.engine.sources.describe().attribution],
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
