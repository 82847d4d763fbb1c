"""What every command shares: messages and exit 2, stdout that may close early, progress on a
terminal, the cache, and the option enums. (No `from __future__ import annotations`: the enums
and PathsArgument are read by typer; see cli/__init__.py.)"""

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec

import typer

from tradecheck.cli import settings
from tradecheck.domain import Flow

# The formats are the renderers' (tradecheck.outputs lists them and imports nothing else).
from tradecheck.outputs import LintFormat as LintFormat
from tradecheck.outputs import OutputFormat as OutputFormat
from tradecheck.outputs import SeriesFormat as SeriesFormat
from tradecheck.outputs import TextOrJson as TextOrJson

if TYPE_CHECKING:
    from tradecheck.engine import Choice
    from tradecheck.errors import ClaimsFileError
    from tradecheck.series.cache import Cache


P = ParamSpec("P")

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Claims files, or directories of claims files (*.yaml, *.yml). Default: claims/.",
        show_default=False,
    ),
]


# What a claim id may hold, as claims.Claim.id's pattern allows (tests/test_enums.py checks
# both, and the README's claims-file comment).
ID_CHARACTERS = "lower case, digits, . _ - (starting with a letter or digit)"


# The options' choices are the domain's enums themselves (domain.py imports no pydantic).
FlowChoice = Flow


def choices(values: type[StrEnum]) -> str:
    """An enum's values as a help text lists them: "level, change, percent-change or multiple"."""
    names = [str(v) for v in values]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def _file_problems(exc: "ClaimsFileError") -> typer.Exit:
    """Every problem and warning of a run's claims files, sorted by file and line; exit 2."""
    order = {p.file: i for i, p in reversed(list(enumerate([*exc.problems, *exc.warnings])))}
    lines = [(p, "error") for p in exc.problems] + [(p, "warning") for p in exc.warnings]
    lines.sort(key=lambda pw: (order[pw[0].file], pw[0].line or 0, pw[0].column or 0))
    for problem, kind in lines:
        print(f"tradecheck: {kind}: {problem}", file=sys.stderr)
    return typer.Exit(2)


def fail(message: str) -> typer.Exit:
    for line in message.splitlines():
        print(f"tradecheck: error: {line}", file=sys.stderr)
    return typer.Exit(2)


def warn(message: str) -> None:
    print(f"tradecheck: warning: {message}", file=sys.stderr)


def _to_stdout(command: Callable[P, None]) -> Callable[P, None]:
    """A command whose output may go to a reader that stops early (`verify | head`).

    Then the output could not all be written: exit 2 with one line, not click's exit 1 (which
    would read as "a claim does not reproduce") and not a BrokenPipeError at exit.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            try:
                command(*args, **kwargs)
            finally:
                sys.stdout.flush()
        except BrokenPipeError:
            # What is still buffered goes nowhere, so the interpreter's last flush cannot fail.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise fail("the output was closed before all of it was written (broken pipe)") from None

    return run


def _check_plot(plot: Path | None) -> None:
    """--plot names an SVG file (no PNG: that would need a plotting library)."""
    if plot is not None and plot.suffix.lower() != ".svg":
        raise fail(
            f"--plot {plot}: only .svg charts are written (tradecheck has no plotting "
            "library); convert to PNG with any SVG tool"
        )


_AS_OF_DATE = (
    "DATE is YYYY, YYYY-MM or YYYY-MM-DD (a month counts as its first day, a year as January "
    "1), or 'claim': each claim's own date."
)


def _as_of(help_text: str) -> object:
    return typer.Option(
        "--as-of", help=f"{help_text} {_AS_OF_DATE}", metavar="DATE|claim", show_default=False
    )


AsOfOption = Annotated[
    str | None,
    _as_of(
        "Judge on the data published by DATE: each number from the newest vintage of its "
        "dataset published by then; when none was, the earliest later one, and the report "
        "says so. The verdicts and the exit code are then those data's. Not with --vintage."
    ),
]
DriftAsOfOption = Annotated[
    str | None,
    _as_of("List only the vintages published by DATE (what the speaker could have seen)."),
]
ReportAsOfOption = Annotated[
    str | None,
    _as_of(
        "Judge on the data published by DATE: each number from the newest vintage of its "
        "dataset published by then; when none was, the earliest later one, and the page says "
        "so."
    ),
]


def data_choice(vintage: str | None, as_of: str | None) -> "Choice":
    """What a run judges on: --vintage, --as-of (never both), or None (the newest data)."""
    from tradecheck.engine import AsOf

    _check_vintage(vintage)
    if as_of is None:
        return vintage
    if vintage is not None:
        raise fail("--as-of and --vintage choose the data two ways: give one of them")
    if as_of == "claim":
        return AsOf(None)
    from tradecheck.claims import as_of_day
    from tradecheck.claims.model import date_problem

    problem = date_problem(as_of)
    if problem:
        raise fail(f"--as-of {problem}")
    return AsOf(as_of_day(as_of))


def _check_vintage(vintage: str | None) -> None:
    if vintage is None:
        return
    from tradecheck.claims import vintage_problem

    problem = vintage_problem(vintage)
    if problem:
        raise fail(f"--vintage {problem}")


# Runs with fewer claims, or less claims text, end in about a second: no progress shown.
PROGRESS_CLAIMS = 2_000
PROGRESS_BYTES = 1_000_000


def _stderr_is_terminal() -> bool:
    """Whether progress may be drawn on stderr (a function, so tests can say yes)."""
    return sys.stderr.isatty()


def _stdin_is_terminal() -> bool:
    """Whether `new` may ask for the fields (a function, so tests can answer the prompts)."""
    return sys.stdin.isatty()


@contextmanager
def _reading(files: list[Path]) -> Iterator[None]:
    """A spinner on the terminal while large claims files are read and validated."""
    try:
        size = sum(path.stat().st_size for path in files)
    except OSError:
        size = 0  # reading them reports the problem
    if size < PROGRESS_BYTES or not _stderr_is_terminal():
        yield
        return
    from tradecheck.progress import spinner

    what = f"{len(files):,} files" if len(files) != 1 else "1 file"
    with spinner(f"Reading claims ({what}, {size / 1e6:,.0f} MB)"):
        yield


@contextmanager
def _checking(total: int, streaming: bool) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on the terminal while many claims are checked; told the count done.

    Not while a report streams to the same terminal (the report itself shows progress).
    """
    if total < PROGRESS_CLAIMS or not _stderr_is_terminal() or (streaming and sys.stdout.isatty()):
        yield None
        return
    from tradecheck.progress import progress_bar

    with progress_bar(f"Checking {total:,} claims", total) as show:

        def advance(done: int) -> None:
            if done % 200 == 0 or done == total:
                show(done)

        yield advance


def _cache() -> "Cache":
    from tradecheck.series.cache import Cache

    return Cache(settings.cache_dir(), warn=warn)


def _cache_if_any() -> "Cache | None":
    """The cache when it holds anything; None otherwise, so that commands that only read it
    load none of the API code when nothing was ever fetched."""
    from tradecheck.paths import CACHE_SUBDIR

    if not (settings.cache_dir() / CACHE_SUBDIR).is_dir():
        return None
    return _cache()
