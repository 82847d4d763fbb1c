"""`report`: the claims checked as one self-contained HTML page (outputs/html.py).

(No `from __future__ import annotations`: typer reads this command's annotations.)
"""

import datetime
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TextIO

import typer

from tradecheck.cli import settings
from tradecheck.cli.common import (
    PathsArgument,
    ReportAsOfOption,
    _cache_if_any,
    _checking,
    _file_problems,
    _reading,
    data_choice,
    fail,
    warn,
)


def report(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The HTML file to write (replaced if it exists).",
            show_default=False,
        ),
    ],
    paths: PathsArgument = None,
    date: Annotated[
        str | None,
        typer.Option(
            help="The date printed on the page, YYYY-MM-DD (to regenerate a page exactly). "
            "Default: today.",
            show_default=False,
        ),
    ] = None,
    as_of: ReportAsOfOption = None,
) -> None:
    """Write the check of the claims as one self-contained HTML page.

    The page holds the verdict summary and table, and per claim its quote, speaker,
    verdict, reason, computation, a chart of its series with the claim's periods marked,
    the definition sweep and where every number comes from (file and row, or API request).
    It loads nothing from anywhere: the CSS and the SVG charts are inline, there are no
    scripts and no web fonts; it reads on a phone and prints. Exit 0 when the page is
    written (whatever the verdicts), 2 when it is not. Each claim also shows its judgement
    on the data of its day (then and now) and a change's neighbouring windows; with
    --as-of, every number is from the data published by then (as in verify).
    """
    from tradecheck.claims.files import expand_paths
    from tradecheck.engine import paused_gc, prepare, verify_prepared
    from tradecheck.errors import ClaimsFileError
    from tradecheck.outputs.html import write

    printed_on = _date(date)
    choice = data_choice(None, as_of)
    workers = settings.workers()
    files = expand_paths(paths or [Path("claims")])
    with _reading(files), paused_gc():
        try:
            prepared = prepare(files, cache=_cache_if_any(), workers=workers)
        except ClaimsFileError as exc:
            raise _file_problems(exc) from None
    for message in prepared.warnings:
        warn(message)
    with paused_gc(), _checking(prepared.count, streaming=False) as progress:
        checked = verify_prepared(prepared, choice, False, progress, series=True)
    _write_atomically(output, lambda out: write(checked, out, printed_on))
    print(f"report written to {output}", file=sys.stderr)
    raise typer.Exit(0)


def _date(text: str | None) -> datetime.date:
    if text is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise fail(f"--date {text!r}: give a date as YYYY-MM-DD") from None


def _write_atomically(path: Path, fill: Callable[[TextIO], None]) -> None:
    """Write through a temporary file beside `path`, renamed over it when complete: a failure
    leaves no half-written page (and any earlier page as it was)."""
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise fail(f"cannot write {path} ({exc.strerror or exc})") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as out:
            fill(out)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise fail(f"cannot write {path} ({exc.strerror or exc})") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
