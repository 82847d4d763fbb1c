"""`verify --format json`: the report object dumped, written claim by claim.

Byte for byte what `Report.model_dump_json(indent=2)` gives, without holding the whole text
in memory; a report whose claims are computed as they are read (`engine.stream_report`)
never holds every claim's report either.
"""

from __future__ import annotations

from typing import TextIO

from tradecheck.report import Report, claim_json

_EMPTY = '"claims": []'


def write(report: Report, out: TextIO, width: int | None = None) -> None:
    shells = [f.model_copy(update={"claims": []}) for f in report.files]

    def dumped(of: Report) -> list[str]:
        """The report's text around each file's (emptied) list of claims."""
        return of.model_copy(update={"files": shells}).model_dump_json(indent=2).split(_EMPTY)

    parts = dumped(report)  # what comes before the summary does not depend on the claims
    for index, file in enumerate(report.files):
        out.write(parts[index] + '"claims": [')
        for number, claim in enumerate(file.claims):
            out.write(("\n" if number == 0 else ",\n") + claim_json(claim))
        out.write("\n      ]")
    out.write(dumped(report.completed())[-1] + "\n")  # summary and exit code, now known
