"""`drift`'s outputs: each claim's rows (one per set of vintages, oldest first) as a table for
people, JSON or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from tradecheck.check import shown_quantity
from tradecheck.drift import ClaimDrift
from tradecheck.textsafe import printable

CSV_COLUMNS = (
    "file",
    "id",
    "claimed",
    "vintages",
    "published",
    "computed",
    "unit",
    "revision",
    "verdict",
    "verdict_changes",
)


def write_table(claims: Iterable[ClaimDrift], out: TextIO) -> tuple[int, int]:
    """The rows of each claim; returns (claims shown, claims whose verdict changes)."""
    shown = changed = 0
    file = None
    for claim in claims:
        if claim.file != file:
            file = claim.file
            out.write(f"{'' if shown == 0 else chr(10)}{printable(file)}\n")
        shown += 1
        changed += claim.changes
        flag = "VERDICT CHANGES across vintages" if claim.changes else "verdict steady"
        claimed = f" {printable(repr(claim.claimed))}" if claim.claimed else ""
        out.write(f"\n{claim.id}{claimed}: {flag}\n")
        if not claim.rows:
            out.write("  no vintage holds every value it needs\n")
            continue
        cells = [
            (
                ", ".join(r.vintages),
                shown_quantity(r.computed) if r.computed is not None else "-",
                r.revision or ("" if not r.revised else "revised"),
                r.verdict.value,
            )
            for r in claim.rows
        ]
        header = ("vintages", "computed", "revision", "verdict")
        widths = [max(len(row[i]) for row in [header, *cells]) for i in range(3)]
        for row in [header, *cells]:
            out.write(
                f"  {row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}\n"
            )
    out.write(
        f"\n{shown} claim{'' if shown == 1 else 's'} across vintages: "
        f"{changed} change{'s' if changed == 1 else ''} verdict.\n"
    )
    return shown, changed


def write_json(claims: Iterable[ClaimDrift], out: TextIO) -> tuple[int, int]:
    found = list(claims)
    data = {
        "claims": [c.model_dump(mode="json") for c in found],
        "verdict_changes": sum(c.changes for c in found),
    }
    out.write(json.dumps(data, indent=2) + "\n")
    return len(found), sum(c.changes for c in found)


def write_csv(claims: Iterable[ClaimDrift], out: TextIO) -> tuple[int, int]:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    shown = changed = 0
    for claim in claims:
        shown += 1
        changed += claim.changes
        for r in claim.rows:
            writer.writerow(
                (
                    claim.file,
                    claim.id,
                    claim.claimed or "",
                    "; ".join(r.vintages),
                    r.published,
                    "" if r.computed is None else repr(r.computed.value),
                    "" if r.computed is None else r.computed.unit,
                    r.revision or "",
                    r.verdict.value,
                    "yes" if claim.changes else "no",
                )
            )
    return shown, changed
