"""`--format github` (verify and lint): GitHub Actions workflow commands, so that a claim that
does not reproduce, or a problem of a claims file, shows on its line in a pull request.

A claim that does not reproduce is an error, an unverifiable one a warning (an error with
--strict); claims that reproduce print nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from tradecheck.domain import Verdict
from tradecheck.errors import Problem
from tradecheck.report import ClaimReport, Report


def command(kind: str, file: str, line: int | None, column: int | None, message: str) -> str:
    """One workflow command (`::error file=...,line=...,col=...::message`), escaped as the
    runner reads them: a message keeps to one line, a property holds no ',' or ':'."""
    where = [f"file={_property(file)}"]
    if line is not None:
        where.append(f"line={line}")
        if column is not None:
            where.append(f"col={column}")
    return f"::{kind} {','.join(where)}::{_data(message)}"


def write(report: Report, out: TextIO, width: int | None = None) -> None:
    for file in report.files:
        for index, claim in enumerate(file.claims):
            kind = _kind(claim, report.strict)
            if kind is not None:
                line, column = file.line_of(index)
                out.write(command(kind, file.path, line, column, _message(claim)) + "\n")


def write_problems(problems: Iterable[Problem], warnings: Iterable[Problem], out: TextIO) -> None:
    """A claims file's problems as errors and its warnings as warnings, at their lines."""
    for kind, found in (("error", problems), ("warning", warnings)):
        for p in found:
            text = f"{p.path}: {p.message}" if p.path else p.message
            out.write(command(kind, p.file, p.line, p.column, text) + "\n")


def _kind(claim: ClaimReport, strict: bool) -> str | None:
    if claim.verdict is Verdict.UNVERIFIABLE:
        return "error" if strict else "warning"
    return None if claim.reproduces else "error"


def _message(claim: ClaimReport) -> str:
    if claim.verdict is Verdict.UNVERIFIABLE:
        return f"{claim.id}: unverifiable: {claim.reason}"
    recorded = f"recorded {claim.expected.value}" if claim.expected else "no recorded verdict"
    claimed = claim.claimed.text if claim.claimed else "-"
    computed = f"{claim.computed.value:.6g} {claim.computed.unit}" if claim.computed else "-"
    then = f" (then and now: {claim.then.summary})" if claim.then and claim.then.differs else ""
    return (
        f"{claim.id}: {claim.verdict.value} ({recorded}): claimed {claimed}, computed "
        f"{computed}: {claim.reason}{then}"
    )


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
