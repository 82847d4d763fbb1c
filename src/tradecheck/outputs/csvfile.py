"""`verify --format csv`: one flat row per claim, for spreadsheets: what was measured, the
claimed and computed numbers, the difference, the verdict and the vintages used.

(Named csvfile so as not to shadow the standard library's csv.)
"""

from __future__ import annotations

import csv
from typing import TextIO

from tradecheck.report import ClaimReport, FileReport, Report

COLUMNS = (
    "file",
    "id",
    "partner",
    "partner_name",
    "flow",
    "definition",
    "periods",
    "operation",
    "claimed",
    "claimed_value",
    "claimed_unit",
    "computed_value",
    "computed_unit",
    "difference",
    "difference_unit",
    "verdict",
    "expected",
    "vintages",
    "then_verdict",  # on the data published by the claim's date, when they differ from today's
    "then_vintages",
    "then_published_after",  # of those, the vintages published after the claim's date
)


def write(report: Report, out: TextIO, width: int | None = None) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for file in report.files:
        for claim in file.claims:
            writer.writerow(row(file, claim))


def row(file: FileReport, claim: ClaimReport) -> list[str]:
    """A claim's cells, in COLUMNS' order; empty where the claim has no such value."""

    def number(value: float | None) -> str:
        return "" if value is None else repr(value)

    claimed, computed, difference = claim.claimed, claim.computed, claim.difference
    return [
        file.path,
        claim.id,
        claim.partner or "",
        claim.partner_name or "",
        claim.flow or "",
        claim.definition or "",
        " to ".join(claim.periods),
        claim.operation or "",
        claimed.text if claimed else "",
        number(claimed.value) if claimed else "",
        claimed.unit if claimed else "",
        number(computed.value) if computed else "",
        computed.unit if computed else "",
        number(difference.value) if difference else "",
        difference.unit if difference else "",
        claim.verdict.value,
        claim.expected.value if claim.expected else "",
        " ".join(claim.vintages),
        claim.then.verdict.value if claim.then else "",
        "; ".join(claim.then.vintages) if claim.then else "",
        "; ".join(claim.then.published_after) if claim.then else "",
    ]
