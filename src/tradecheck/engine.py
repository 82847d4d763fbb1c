"""The verify pipeline: claims files in, one report out.

`Engine` joins the data sources (the bundle, and the API cache when there is one) to the
checker; `prepare` loads and validates every claims file and resolves every partner, all
problems at once; `verify_prepared` checks every claim into a `Report`, `stream_report` into
one whose claims are checked as a renderer reads them. Nothing here prints.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from tradecheck import __version__
from tradecheck.check import Checker, published_after
from tradecheck.claims import (
    Claim,
    LoadedFile,
    Measure,
    Period,
    as_of_day,
    claim_date,
    load_claims_file,
)
from tradecheck.claims.files import (
    expand_paths,
    raw_partner_problems,
    raw_record_warnings,
    record_warnings,
    resolve_partners,
)
from tradecheck.domain import PartnerKind
from tradecheck.errors import ClaimsFileError, Problem
from tradecheck.measure import Inputs, measure_value
from tradecheck.parallel import ordered_map, processes
from tradecheck.partners import PartnerResolver
from tradecheck.report import (
    ClaimReport,
    FileReport,
    Report,
    Tally,
    exit_code,
    rendered,
    review_counts,
    summarize,
)
from tradecheck.series.bundle import COUNTRY_WORLD, Bundle, PartnerInfo
from tradecheck.series.bundled import BundleSource
from tradecheck.series.source import Pin, Source, VintageRule
from tradecheck.series.sources import Sources
from tradecheck.series.vintages import published_on

if TYPE_CHECKING:
    from tradecheck.series.cache import Cache


class Engine:
    def __init__(self, bundle: Bundle, cache: Cache | None = None) -> None:
        self.bundle = bundle
        self.cache = cache
        self.resolver = PartnerResolver(bundle)
        self.bundled = BundleSource(bundle)
        # What answers without the network; `fetch` requests only what these do not hold.
        self.offline = Sources([self.bundled])
        sources: list[Source] = [self.bundled]
        if cache is not None:  # the API modules load only when there is a cache to read
            from tradecheck.series.cached import CacheSource

            sources.append(CacheSource(cache))
        # BEA's goods and services (the world from the release, partners from BEA's tables
        # by partner); the Census-basis goods come from the Census files above only.
        from tradecheck.series.bea_geo import BeaGeoSource
        from tradecheck.series.dataweb import DatawebSource
        from tradecheck.series.release import ReleaseSource

        self.release = ReleaseSource(bundle.data_dir, census_basis=False)
        self.bea_geo = BeaGeoSource(bundle.data_dir)
        # DataWeb's first prints answer only for the data of a day or a pin (see its class).
        self.dataweb = DatawebSource(bundle.data_dir)
        sources += [self.release, self.bea_geo, self.dataweb]
        self.sources = Sources(sources)
        self.checker = Checker(
            self.sources,
            bundle.partners.get(COUNTRY_WORLD),
            self.resolver.resolve,
            lambda: self.countries,
        )

    @cached_property
    def vintage_days(self) -> list[str]:
        """The publication day of every vintage of every source, oldest first."""
        return sorted(
            {published_on(v.name) for d in self.catalog().datasets() for v in d.vintages if v.name}
        )

    def as_of(self, day: str) -> VintageRule:
        """The rule for the data published by `day`, keyed by the last publication day on or
        before it: two days between the same publications choose the same vintages, so the
        values looked up for one serve the other. Before the first publication, every value
        comes from the earliest vintage published after the day (as `Values.get` would fall
        back to, after asking in vain for one published by then)."""
        found = bisect.bisect_right(self.vintage_days, day)
        if not found:
            return VintageRule(as_of="0000-01-01", after=True)
        return VintageRule(as_of=self.vintage_days[found - 1])

    @cached_property
    def countries(self) -> list[PartnerInfo]:
        """Every country of the partner table (a rank's field): not the world, a grouping, a
        region or a product group, nor the United States itself (code 1000)."""
        return [
            p
            for p in self.bundle.partners.values()
            if p.kind is PartnerKind.COUNTRY and p.code != "1000"
        ]

    def catalog(self) -> Sources:
        """Every data source, the claims' and those no claim uses yet (DataWeb's first prints,
        exhibit 12's Census-basis goods), for `data` and `series` to show what each holds."""
        from tradecheck.series.release import ReleaseSource

        sources: list[Source] = [
            *self.offline.sources,
            self.dataweb,
            ReleaseSource(self.bundle.data_dir),
            self.bea_geo,
        ]
        cached = [
            s
            for s in self.sources.sources[1:]
            if s not in (self.release, self.bea_geo, self.dataweb)
        ]
        return Sources(sources + cached)

    def terms(self, measure: Measure, partner: PartnerInfo, period: Period, pin: Pin) -> Inputs:
        """A measure's value for one period, from the data sources."""
        return measure_value(self.checker.values, measure, partner, period, pin)

    def check(
        self, claim: Claim, partner: PartnerInfo | None, pin: Pin, series: bool = False
    ) -> ClaimReport:
        return self.checker.check(claim, partner, pin, series)


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
    warned: list[Problem] = field(default_factory=list)  # the same, located (--format github)
    # Processes to check a file's claims on (tradecheck.parallel): 1, this one alone; None,
    # one per core for a large file.
    workers: int | None = 1

    def claims(self, vintage: Choice) -> list[tuple[Claim, PartnerInfo | None, Pin]]:
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

    def check_file(
        self,
        index: int,
        vintage: Choice,
        series: bool = False,
        windows: bool = True,
        as_json: bool = False,
    ) -> Iterator[ClaimReport]:
        """The reports of one file's claims, computed one at a time (with `series`, each with
        the series charted around it, as the HTML report draws)."""
        item, resolved = self.files[index]
        claims = item.content.claims

        workers = processes(len(claims), self.workers)

        def one(number: int) -> ClaimReport:
            claim = claims[number]
            report = self.judged(claim, item, resolved.get(claim.id), vintage, series, windows)
            # On workers, the JSON report's text is written where the claim is checked.
            return rendered(report) if as_json and workers > 1 else report

        yield from ordered_map(one, range(len(claims)), workers)

    def judged(
        self,
        claim: Claim,
        item: LoadedFile,
        partner: PartnerInfo | None,
        vintage: Choice,
        series: bool = False,
        windows: bool = True,
    ) -> ClaimReport:
        """One claim's report with its date; on the newest data also its judgement on the
        data of its day (then and now); with --as-of, what was published after the day; and
        for a change, its neighbouring windows (with `windows`: the renderers that show them)."""
        pin = pin_for(claim, item, vintage)
        asked = pin.as_of if isinstance(pin, VintageRule) else None
        if asked is not None:
            pin = self.engine.as_of(asked)
        report = self.engine.check(claim, partner, pin, series)
        date = claim_date(claim, item.content)
        update: dict[str, object] = {"date": date}
        day = as_of_day(date)
        if pin is None:  # the newest data: also the data of the claim's day
            rule = self.engine.as_of(day)
            update["then"] = self.engine.checker.then(claim, partner, report, day, rule)
        elif asked is not None:
            by_claim = isinstance(vintage, AsOf) and vintage.day is None
            update["as_of_note"] = as_of_note(report, asked, by_claim)
        if windows:
            update["windows"] = self.engine.checker.windows(claim, partner, pin, day)
        return report.model_copy(update=update)


@dataclass(frozen=True)
class AsOf:
    """`--as-of`: the data published by a day, or (`day` None) by each claim's own date."""

    day: str | None


# What a run judges on: None (the newest data, and then and now), a vintage pin (`--vintage`),
# or the data of a day (`--as-of`).
Choice = str | AsOf | None


def pin_for(claim: Claim, item: LoadedFile, vintage: Choice) -> Pin:
    """The vintage a claim is pinned to: --vintage, else the claim's own, else its file's; or
    with --as-of, the data published by the day (`claim`: by the claim's date)."""
    if isinstance(vintage, AsOf):
        day = vintage.day or as_of_day(claim_date(claim, item.content))
        return VintageRule(as_of=day)
    return vintage or claim.vintage or item.content.vintage


def as_of_note(report: ClaimReport, day: str, claim_day: bool = True) -> str | None:
    """What `--as-of` used that was published after the day (the claim's, or the one given),
    or None."""
    after = published_after(report.inputs, day)
    if not after:
        return None
    after_what = "the claim" if claim_day else day
    return (
        f"no vintage published by {day} holds every value; using {', '.join(after)}, "
        f"published after {after_what}"
    )


def prepare(
    paths: list[Path],
    bundle: Bundle | None = None,
    cache: Cache | None = None,
    display: dict[Path, str] | None = None,
    workers: int | None = 1,
) -> Prepared:
    """Load every claims file and resolve every partner; all problems are reported together.
    `display` names files in messages by another path (a temporary copy by the original's).
    `workers`: the processes to check a file's claims on (None: one per core for a large
    file; see tradecheck.parallel)."""
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
                problems.extend(raw_partner_problems(engine.resolver, name or str(path), exc.raw))
                warnings.extend(raw_record_warnings(name or str(path), exc.raw))
            continue
        warnings.extend(record_warnings(item))
        try:
            partners.append(resolve_partners(engine.resolver, item))
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
    return Prepared(
        engine,
        list(zip(loaded, partners, strict=True)),
        [str(w) for w in warnings],
        warnings,
        workers,
    )


def file_report(item: LoadedFile, claims: list[ClaimReport]) -> FileReport:
    source, reviewer = item.content.source, item.content.reviewer
    report = FileReport.model_construct(
        path=item.display,
        title=source.title,
        publisher=source.publisher,
        url=source.url,
        date=source.date,
        reviewer=reviewer.name if reviewer else None,
        reviewer_url=reviewer.url if reviewer else None,
        claims=claims,
    )
    report._where = item.where  # positions are read only if a renderer asks for a line
    return report


def make_report(
    prepared: Prepared,
    files: list[FileReport],
    claims: list[ClaimReport],
    vintage: Choice,
    strict: bool,
) -> Report:
    """The report of a run whose claims (`claims`, every file's) are all checked."""
    used = dict.fromkeys(a for c in claims for a in c.attribution)
    return Report.model_construct(
        attribution=list(used) or [prepared.engine.sources.describe().attribution],
        version=__version__,
        data_manifest_sha256=prepared.engine.bundle.manifest_sha256,
        vintage_override=vintage if isinstance(vintage, str) else None,
        as_of=(vintage.day or "claim") if isinstance(vintage, AsOf) else None,
        strict=strict,
        files=files,
        summary=summarize(claims),
        review=review_counts(claims),
        exit_code=exit_code(claims, strict),
    )


def verify_files(
    paths: list[Path],
    vintage: Choice = None,
    strict: bool = False,
    bundle: Bundle | None = None,
    cache: Cache | None = None,
) -> Report:
    """Validate and recompute every claim of the claims files in `paths`, from the bundle and
    from the API answers in `cache` (when given)."""
    with paused_gc():
        return verify_prepared(prepare(paths, bundle, cache), vintage, strict)


def verify_prepared(
    prepared: Prepared,
    vintage: Choice,
    strict: bool,
    progress: Callable[[int], None] | None = None,
    series: bool = False,
    windows: bool = True,
) -> Report:
    """Recompute every claim of already loaded claims files into one report. `progress` is
    told the number of claims checked so far after each one; with `series`, each claim's
    report carries the series around it (for charts); without `windows`, no change carries
    its neighbouring windows (for renderers that do not show them)."""
    files: list[FileReport] = []
    everything: list[ClaimReport] = []
    for index, (item, _) in enumerate(prepared.files):
        reports = []
        for report in prepared.check_file(index, vintage, series, windows):
            reports.append(report)
            if progress is not None:
                progress(len(everything) + len(reports))
        files.append(file_report(item, reports))
        everything.extend(reports)
    return make_report(prepared, files, everything, vintage, strict)


def stream_report(
    prepared: Prepared,
    vintage: Choice,
    strict: bool,
    progress: Callable[[int], None] | None = None,
    windows: bool = True,
    as_json: bool = False,
) -> Report:
    """The report with each file's claims checked as they are read, once and in order, so
    that a renderer that streams (JSON) never holds every claim's report. Its summary, review
    and exit code are final in `report.completed()` once every claim has been read. With
    `as_json` (the renderer is the JSON report's), a claim checked on a worker comes with its
    JSON text (report.RenderedClaim)."""
    tally = Tally(strict)

    def checked(index: int) -> Iterator[ClaimReport]:
        for report in prepared.check_file(index, vintage, windows=windows, as_json=as_json):
            tally.add(report)
            if progress is not None:
                progress(sum(tally.summary.values()))
            yield report

    files = [
        file_report(item, cast("list[ClaimReport]", checked(index)))
        for index, (item, _) in enumerate(prepared.files)
    ]
    report = make_report(prepared, files, [], vintage, strict)
    report._tally = tally
    return report
