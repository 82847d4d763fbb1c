"""Charts people read: no empty slots after the last published period, the claim's periods
labelled with their values, round ticks, a legend for negative values; `series --plot`."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from typer.testing import CliRunner

from cells import billions, country_dollars
from tradecheck.charts import Point, svg_chart, text_chart, ticks
from tradecheck.cli import app

RUNNER = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
SVG = "{http://www.w3.org/2000/svg}"


def test_ticks_are_round() -> None:
    assert ticks(0, 56.5) == [0, 20, 40, 60]
    assert ticks(-27.62, 0) == [-30, -20, -10, 0]
    assert ticks(-5, 3) == [-6, -4, -2, 0, 2, 4]
    assert ticks(0, 0.7) == [0, 0.2, 0.4, 0.6, 0.8]
    assert ticks(0, 1234) == [0, 500, 1000, 1500]
    assert ticks(0, 0) == [0, 1]


def test_periods_after_the_last_published_are_left_out() -> None:
    points = [Point("2024", 3.0), Point("2025", None), Point("2026", 4.0, marked=True)]
    points += [Point("2027", None), Point("2028", None)]
    lines = text_chart(points, width=4, unit="")
    assert [line.rstrip() for line in lines] == [
        "2024 ███  3.00",
        "2025      (no data)",  # a gap inside the series stays
        "2026 ████ 4.00   <",
    ]
    # A claimed period not published yet keeps its slot (and the ones before it).
    claimed = text_chart([Point("2025", 1.0), Point("2026", None), Point("2027", None, True)], 4)
    assert [line.rstrip() for line in claimed] == [
        "2025 ████ 1.00 bn",
        "2026      (no data)",
        "2027      (no data)  <",
    ]


def test_negative_values_have_a_legend() -> None:
    lines = text_chart([Point("2015", -28.29), Point("2016", -27.62, marked=True)], width=4)
    assert lines[-1] == "     ▒ negative, █ positive"
    assert text_chart([Point("2015", 1.0)], width=4) == ["2015 ████ 1.00 bn"]


def test_svg_labels_the_claimed_periods_with_round_ticks() -> None:
    points = [Point("2024", 10.0), Point("2025", -27.62, marked=True), Point("2026", None)]
    root = ET.fromstring(svg_chart(points, "balance", "billion USD", "Census"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "-27.62" in texts  # the claimed period's value on its bar
    assert "10.00" not in texts  # the others' only in their tooltip
    assert [t for t in texts if t in ("-30", "-20", "-10", "0", "10")] == [
        "-30",
        "-20",
        "-10",
        "0",
        "10",
    ]
    assert "2026" not in texts  # not published: no empty slot
    assert "bars below the 0 line: negative values" in texts
    assert "* the periods the claim is about" in texts


def test_series_plot_writes_an_svg(tmp_path: Path) -> None:
    svg = tmp_path / "korea.svg"
    args = ["series", "Korea", "--from", "2014", "--to", "2016", "--plot", str(svg)]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"chart written to {svg}\n"
    root = ET.fromstring(svg.read_text())
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    titles = [b.find(f"{SVG}title").text for b in bars]  # type: ignore[union-attr]
    expected = float(billions(country_dollars("2026-04", "5800", 2016, "EYR")))
    assert titles[-1] == f"2016: {expected:,.3f}"
    assert len(titles) == 3
    png = RUNNER.invoke(app, ["series", "Korea", "--plot", str(tmp_path / "k.png")])
    assert png.exit_code == 2
    assert png.stderr.startswith(f"tradecheck: error: --plot {tmp_path / 'k.png'}: only .svg")
    both = RUNNER.invoke(app, ["series", "Korea", "--vintages", "--plot", str(svg)])
    assert both.exit_code == 2
    assert (
        both.stderr == "tradecheck: error: --plot charts one value a period: not with --vintages\n"
    )
