"""The output formats of a verify report: one module per format, each with the same
`write(report, out, width)` over the one report object (tradecheck.report.Report).

Adding a format: a module here with `write`, a member of `OutputFormat`, and its arm in
`renderer` (the `assert_never` makes mypy name a member without one). Nothing is imported
until a format is asked for: `--help` loads none of them.

`tradecheck report`'s page (`html.py`) renders the same report, built with each claim's
series, as one HTML file; it is written by that command only (it needs the series and the
date printed on it), so it is not one of verify's formats.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, TextIO, assert_never

if TYPE_CHECKING:
    from tradecheck.report import Report

Renderer = Callable[["Report", TextIO, "int | None"], None]


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JUNIT = "junit"
    CLAIMREVIEW = "claimreview"
    CSV = "csv"
    GITHUB = "github"

    @property
    def streams(self) -> bool:
        """Whether the format is written as claims are checked (the report is never whole)."""
        return self is OutputFormat.JSON


class LintFormat(StrEnum):
    """`lint`'s formats: messages (text), or GitHub Actions workflow commands too (github)."""

    TEXT = "text"
    GITHUB = "github"


class TextOrJson(StrEnum):
    """`explain`'s formats (outputs/explanation.py)."""

    TEXT = "text"
    JSON = "json"


class SeriesFormat(StrEnum):
    """`series`' formats (outputs/series.py)."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def renderer(output_format: OutputFormat) -> Renderer:
    match output_format:
        case OutputFormat.TABLE:
            from tradecheck.outputs import table

            return table.write
        case OutputFormat.JSON:
            from tradecheck.outputs import json

            return json.write
        case OutputFormat.JUNIT:
            from tradecheck.outputs import junit

            return junit.write
        case OutputFormat.CLAIMREVIEW:
            from tradecheck.outputs import claimreview

            return claimreview.write
        case OutputFormat.CSV:
            from tradecheck.outputs import csvfile

            return csvfile.write
        case OutputFormat.GITHUB:
            from tradecheck.outputs import github

            return github.write
        case _:
            assert_never(output_format)
