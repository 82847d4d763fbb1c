"""`series`' outputs: a listing of a series over periods as a table with a chart, CSV or
JSON, `write(listing, format, out)` over the one Listing object."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from tradecheck.charts import Point, svg_chart, text_chart
from tradecheck.outputs import SeriesFormat
from tradecheck.seriesview import Listing


def write(listing: Listing, fmt: SeriesFormat, out: TextIO) -> None:
    """The listing as a table with a chart (people), CSV or JSON."""
    rows = listing.rows
    if fmt is SeriesFormat.JSON:
        out.write(json.dumps(rows, indent=2) + "\n")
        return
    if fmt is SeriesFormat.CSV:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            held = row.get("vintages")
            writer.writerow(row | ({"vintages": " ".join(held)} if isinstance(held, list) else {}))
        return
    first = rows[0]
    out.write(
        f"{first['flow']}, {first['partner']} {first['partner_name']}, {first['commodity']} "
        f"({listing.defined_as})\n\n"
    )
    if "vintages" in first:
        _write_versions(rows, out)
        return
    out.write(f"{'period':<8} {'value (USD)':>19}  source\n")
    for row in rows:
        value = row["value_usd"]
        shown = f"{value:,}" if isinstance(value, int) else "-"
        source = row["source"] or f"not available: {row['note']}"
        out.write(f"{row['period']!s:<8} {shown:>19}  {source}\n")
    out.write("\nbillion USD\n")
    for line in text_chart(_points(listing), unit=""):
        out.write(line.rstrip() + "\n")


def _points(listing: Listing) -> list[Point]:
    """The listing's values in billions, one point a period."""
    return [
        Point(str(r["period"]), r["value_usd"] / 1e9 if isinstance(r["value_usd"], int) else None)
        for r in listing.rows
    ]


def svg(listing: Listing) -> str:
    """The listing as an SVG bar chart (`series --plot`; not of --vintages' listing, which
    has several values a period)."""
    first = listing.rows[0]
    assert "vintages" not in first
    title = f"{first['flow']}, {first['partner']} {first['partner_name']}, {first['commodity']}"
    return svg_chart(_points(listing), title, "billion USD", listing.defined_as)


def _write_versions(rows: list[dict[str, object]], out: TextIO) -> None:
    """Each period's values, one line per value with the vintages that published it."""
    out.write(f"{'period':<8} {'value (USD)':>19}  vintages\n")
    previous = None
    for row in rows:
        period = str(row["period"])
        value = row["value_usd"]
        held = row["vintages"]
        assert isinstance(held, list)
        shown = f"{value:,}" if isinstance(value, int) else "-"
        absent = "not published: " if "-" in period else "no full-year value: "
        names = ", ".join(held) if isinstance(value, int) else absent + ", ".join(held)
        out.write(f"{period if period != previous else '':<8} {shown:>19}  {names}\n")
        previous = period
