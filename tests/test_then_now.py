"""Judged on the data of its day (issue 21): claim dates, publication days, `--as-of`, then
and now, `drift` and window sensitivity. Every expected number is computed here from the
verbatim cells in fixtures/ (country files, DataWeb's 2025-03 download, BEA's releases),
never through the import code."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from test_dataweb import cell as dataweb_cell
from test_release import dollars, row_of
from typer.testing import CliRunner

from cells import ROOT, billions, country_dollars
from tradecheck.claims import Verdict
from tradecheck.cli import app
from tradecheck.domain import FlowCode
from tradecheck.engine import AsOf, prepare, verify_files
from tradecheck.series.vintages import published_on

THEN_NOW = ROOT / "claims" / "then-and-now.yaml"
KORUS = ROOT / "claims" / "korus-2018.yaml"
RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})


def deficit(vintage: str, code: str, year: int) -> Decimal:
    return billions(
        country_dollars(vintage, code, year, "IYR") - country_dollars(vintage, code, year, "EYR")
    )


def dataweb_deficit(name: str, year: int) -> Decimal:
    imports = Decimal(dataweb_cell(FlowCode.IMPORTS, name, year)[1]) * 1_000_000
    exports = Decimal(dataweb_cell(FlowCode.EXPORTS, name, year)[1]) * 1_000_000
    return billions(imports - exports)


def change(vintage: str, code: str, start: int, end: int, column: str = "EYR") -> Decimal:
    a = Decimal(country_dollars(vintage, code, start, column))
    b = Decimal(country_dollars(vintage, code, end, column))
    return (b - a) / a * 100


def money(value: Decimal) -> str:
    return f"${value.quantize(Decimal('0.01')):,} billion"


@pytest.fixture(scope="module")
def judged() -> dict[str, dict[str, object]]:
    result = RUNNER.invoke(app, ["verify", str(THEN_NOW), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {c["id"]: c for c in json.loads(result.stdout)["files"][0]["claims"]}


def test_publication_days_come_from_vintage_names() -> None:
    assert published_on("2026-04") == "2026-04-30"  # a country file known by its month
    assert published_on("2024-02") == "2024-02-29"
    assert published_on("2025-03-06") == "2025-03-06"  # BEA's "Last updated" day
    assert published_on("2026-11-30T12:00:00Z") == "2026-11-30"


def test_china_2024_is_accurate_then_and_inaccurate_now(
    judged: dict[str, dict[str, object]],
) -> None:
    then, now = dataweb_deficit("China", 2024), deficit("2026-04", "5700", 2024)
    claim = judged["china-deficit-2024-first-print"]
    assert claim["verdict"] == "inaccurate" and claim["date"] == "2025-04"
    report = claim["then"]
    assert isinstance(report, dict)
    assert report["as_of"] == "2025-04-01" and report["differs"] is True
    assert report["verdict"] == "accurate"
    assert report["vintages"] == ["dataweb-country 2025-03"]
    assert report["summary"] == (
        f"accurate on the data published before the claim (dataweb-country 2025-03: "
        f"{money(then)}); inaccurate on today's (country 2026-04: {money(now)})"
    )
    table = RUNNER.invoke(app, ["verify", str(THEN_NOW)])
    assert table.exit_code == 0
    assert "inaccurate †" in table.stdout
    assert f"  then and now: {report['summary']}" in table.stdout


def test_as_of_claim_judges_on_the_data_of_its_day(tmp_path: Path) -> None:
    path = tmp_path / "china.yaml"
    text = THEN_NOW.read_text().replace("    expected: inaccurate\n", "")
    path.write_text(text)
    report = verify_files([path], AsOf(None))
    claims = {c.id: c for c in report.files[0].claims}
    china = claims["china-deficit-2024-first-print"]
    assert china.verdict is Verdict.ACCURATE
    assert [i.vintage for i in china.inputs] == ["2025-03", "2025-03"]
    assert china.computed is not None
    assert round(Decimal(str(china.computed.value)), 6) == round(dataweb_deficit("China", 2024), 6)
    assert china.as_of_note is None  # DataWeb's file was published by then
    assert report.as_of == "claim"
    result = RUNNER.invoke(app, ["verify", str(path), "--as-of", "claim"])
    assert result.exit_code == 0, result.output


def test_korus_as_of_claim_uses_2018_10_published_after_the_claim() -> None:
    report = verify_files([KORUS], AsOf(None))
    decline = next(c for c in report.files[0].claims if c.id == "exports-decline")
    assert {i.vintage for i in decline.inputs} == {"2018-10"}
    assert decline.as_of_note == (
        "no vintage published by 2018-01-01 holds every value; using country 2018-10, "
        "published after the claim"
    )
    assert decline.computed is not None
    assert round(Decimal(str(decline.computed.value)), 9) == round(
        change("2018-10", "5800", 2011, 2016), 9
    )


def test_a_vintage_published_later_in_the_claims_month_is_not_its_data(tmp_path: Path) -> None:
    """Dated 2019-12 (the first of the month), the claim's data are the 2018-10 file's: the
    2019-12 file counts as published on 2019-12-31."""
    path = tmp_path / "one.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: '2026-01'}\nclaims:\n"
        "  - {id: one, quote: q, speaker: s, date: '2019-12', measure: {flow: exports, "
        "partner: Korea}, period: 2016, operation: level, claimed: $42.3 billion}\n"
    )
    claim = verify_files([path], AsOf(None)).files[0].claims[0]
    assert {i.vintage for i in claim.inputs} == {"2018-10"}
    now = verify_files([path]).files[0].claims[0]
    assert now.date == "2019-12" and now.then is not None and now.then.as_of == "2019-12-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--as-of", "claim", "--vintage", "2018-10"],
            "tradecheck: error: --as-of and --vintage choose the data two ways: give one of them\n",
        ),
        (
            ["--as-of", "2018-13"],
            "tradecheck: error: --as-of '2018-13' is not a date that exists\n",
        ),
        (
            ["--as-of", "last week"],
            "tradecheck: error: --as-of 'last week' is not a date: write YYYY, YYYY-MM or "
            "YYYY-MM-DD (or 'claim')\n",
        ),
    ],
)
@pytest.mark.parametrize("command", ["verify", "drift"])
def test_bad_as_of_is_an_input_error(command: str, args: list[str], message: str) -> None:
    if command == "drift" and "--vintage" in args:
        args = ["--as-of", "2018-13"]
        message = "tradecheck: error: --as-of '2018-13' is not a date that exists\n"
    result = RUNNER.invoke(app, [command, str(KORUS), *args])
    assert result.exit_code == 2
    assert result.stderr == message


def drift_rows(path: Path, claim_id: str) -> list[dict[str, object]]:
    result = RUNNER.invoke(app, ["drift", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = next(c for c in json.loads(result.stdout)["claims"] if c["id"] == claim_id)
    return found["rows"]  # type: ignore[no-any-return]


def value_of(row: dict[str, object]) -> Decimal:
    computed = row["computed"]
    assert isinstance(computed, dict)
    return Decimal(str(computed["value"]))


def test_drift_finds_a_verdict_changing_between_country_files() -> None:
    rows = drift_rows(THEN_NOW, "china-deficit-2018-as-of-2019")
    assert [r["vintages"] for r in rows[:2]] == [["country 2019-12"], ["country 2020-10"]]
    assert round(value_of(rows[0]), 6) == round(deficit("2019-12", "5700", 2018), 6)
    assert round(value_of(rows[1]), 6) == round(deficit("2020-10", "5700", 2018), 6)
    assert [r["verdict"] for r in rows[:2]] == ["accurate", "inaccurate"]
    assert rows[1]["revised"] is True
    result = RUNNER.invoke(app, ["drift", str(THEN_NOW), "--strict"])
    assert result.exit_code == 1
    assert "china-deficit-2018-as-of-2019 '$419.5 billion': VERDICT CHANGES" in result.stdout


def test_drift_of_a_bea_month_revised_by_the_next_release() -> None:
    rows = drift_rows(THEN_NOW, "world-gs-deficit-feb-2025-first-print")
    first = -dollars(row_of("bea/trad-time-series-0225.xlsx", "2025-02").cells["B"])
    second = -dollars(row_of("bea/trad-time-series-0325.xlsx", "2025-02").cells["B"])
    assert [r["vintages"] for r in rows[:2]] == [["bea-world 2025-04-03"], ["bea-world 2025-05-06"]]
    assert value_of(rows[0]) == billions(first) and value_of(rows[1]) == billions(second)
    assert [r["verdict"] for r in rows[:2]] == ["accurate", "inaccurate"]


def test_korus_drift_shows_the_decline_in_every_country_file() -> None:
    rows = drift_rows(KORUS, "exports-decline")
    by = {r["vintages"][0]: r for r in rows}  # type: ignore[index]
    assert round(value_of(by["country 2018-10"]), 9) == round(
        change("2018-10", "5800", 2011, 2016), 9
    )
    for vintage in ("2019-12", "2020-10", "2022-03", "2023-03", "2024-10", "2026-04"):
        assert round(value_of(by[f"country {vintage}"]), 9) == round(
            change(vintage, "5800", 2011, 2016), 9
        )
    assert f"{change('2018-10', '5800', 2011, 2016):.2f}" == "-2.64"
    assert f"{change('2019-12', '5800', 2011, 2016):.2f}" == "-2.76"
    # DataWeb's rounding to $10,000 is not a revision of the country file's dollars.
    assert by["dataweb-country 2025-03"]["revised"] is False


def test_a_drift_that_does_not_change_exits_0_even_strict(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["drift", str(KORUS), "--strict", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    assert (
        header
        == "file,id,claimed,vintages,published,computed,unit,revision,verdict,verdict_changes"
    )


def test_window_grid_of_the_korus_decline() -> None:
    report = verify_files([KORUS])
    decline = next(c for c in report.files[0].claims if c.id == "exports-decline")
    windows = decline.windows
    assert windows is not None
    assert windows.starts == ["2009", "2010", "2011", "2012", "2013"]
    assert windows.ends == ["2014", "2015", "2016", "2017", "2018"]
    starts = {y: country_dollars("2026-04", "5800", y, "EYR") for y in range(2009, 2014)}
    assert max(starts, key=lambda y: starts[y]) == 2011
    assert windows.start_note == (
        "2011 is the highest exports year of 2009-2013: the chosen start maximises the decline"
    )
    cells = {(c.start, c.end): c for c in windows.cells}
    assert cells[("2011", "2016")].claimed and cells[("2011", "2016")].holds
    assert cells[("2012", "2016")].computed is not None
    assert windows.unit == "percent"
    assert round(Decimal(str(cells[("2012", "2016")].computed)), 9) == round(
        change("2026-04", "5800", 2012, 2016), 9
    )
    # The claim was made in January 2018: a window ending in 2018 ends after it.
    assert [c.end for c in windows.cells if c.after_claim] == ["2018"] * 5
    assert windows.holding == sum(c.holds for c in windows.cells if not c.claimed)


def test_window_of_the_ballooned_deficit_names_the_start_that_maximises_growth() -> None:
    report = verify_files([KORUS])
    claim = next(c for c in report.files[0].claims if c.id == "deficit-ballooned")
    assert claim.windows is not None
    sizes = {y: deficit("2026-04", "5800", y) for y in range(2009, 2014)}
    lowest = min(sizes, key=lambda y: sizes[y])
    assert claim.windows.start_note.endswith(
        f"the start that maximises the growth is {lowest}, the lowest deficit year"
    )


def test_explain_shows_then_and_now_and_the_grid() -> None:
    result = RUNNER.invoke(app, ["explain", "exports-decline", str(KORUS)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Then and now (the data published by 2018-01-01, the claim's date)" in out
    assert "Windows (the verdict stays the claimed window's)" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("2011"))
    assert f"[{change('2026-04', '5800', 2011, 2016):.2f}% +]" in line


def test_a_claims_date_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: '2026-01'}\nclaims:\n"
        "  - {id: one, quote: q, speaker: s, date: '2019-02-30', measure: {flow: exports, "
        "partner: Korea}, period: 2016, operation: level, claimed: $42.3 billion}\n"
    )
    result = RUNNER.invoke(app, ["lint", str(path)])
    assert result.exit_code == 2
    assert "'2019-02-30' is not a date that exists" in result.stderr


def test_prepared_claims_carry_the_as_of_rule() -> None:
    prepared = prepare([KORUS])
    (claim, _, pin), *_ = prepared.claims(AsOf("2020-01-01"))
    assert getattr(pin, "as_of", None) == "2020-01-01" and claim.id


def test_every_format_carries_then_and_now(
    judged: dict[str, dict[str, object]], tmp_path: Path
) -> None:
    import csv
    import io

    report = judged["china-deficit-2024-first-print"]["then"]
    assert isinstance(report, dict)
    summary = report["summary"]
    rows = RUNNER.invoke(app, ["verify", str(THEN_NOW), "--format", "csv"])
    row = next(
        r
        for r in csv.DictReader(io.StringIO(rows.stdout))
        if r["id"].startswith("china-deficit-2024")
    )
    assert (row["verdict"], row["then_verdict"]) == ("inaccurate", "accurate")
    assert row["then_vintages"] == "dataweb-country 2025-03"
    assert row["then_published_after"] == ""  # DataWeb's file was out before the claim
    korus = RUNNER.invoke(app, ["verify", str(KORUS), "--format", "csv"])
    decline = next(
        r for r in csv.DictReader(io.StringIO(korus.stdout)) if r["id"] == "exports-decline"
    )
    assert decline["then_published_after"] == "country 2018-10"  # the claim was made 2018-01
    reviews = RUNNER.invoke(
        app,
        [
            "verify",
            str(THEN_NOW),
            "--format",
            "claimreview",
            "--publisher",
            "Desk",
            "--date",
            "2026-12-01",
        ],
    )
    assert reviews.exit_code == 0, reviews.output
    explanations = [
        r["reviewRating"]["ratingExplanation"] for r in json.loads(reviews.stdout)["@graph"]
    ]
    assert any(e.endswith(f" ({summary})") for e in explanations)
    unreviewed = tmp_path / "unreviewed.yaml"  # no recorded verdicts: every claim is flagged
    unreviewed.write_text(THEN_NOW.read_text().replace("    expected: inaccurate\n", ""))
    github = RUNNER.invoke(app, ["verify", str(unreviewed), "--format", "github"])
    assert github.exit_code == 1
    assert f"(then and now: {summary})" in github.stdout


def test_the_stated_alternative_start_of_the_ballooned_deficit() -> None:
    report = verify_files([KORUS])
    claim = next(c for c in report.files[0].claims if c.id == "deficit-ballooned")
    assert claim.windows is not None and claim.windows.alternative is not None
    alternative = claim.windows.alternative
    growth = (deficit("2026-04", "5800", 2016) / deficit("2026-04", "5800", 2012) - 1) * 100
    assert round(Decimal(str(alternative.computed)), 9) == round(growth, 9)
    assert growth > 50  # "ballooned" read as more than 50%: it holds from 2012 too
    assert (alternative.start, alternative.verdict, alternative.holds) == (
        "2012",
        Verdict.ACCURATE,
        True,
    )
    assert alternative.summary == (
        f"from 2012 (the year the agreement took effect): +{growth:.2f}%, accurate"
    )
    assert claim.windows.summary.endswith("; " + alternative.summary)
    assert claim.verdict is Verdict.ACCURATE  # the claimed window's verdict, as before
    shown = RUNNER.invoke(app, ["explain", "deficit-ballooned", str(KORUS)])
    assert alternative.summary in shown.stdout


def test_an_alternative_start_not_in_the_data_says_so(tmp_path: Path) -> None:
    path = tmp_path / "early.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: '2018-01'}\nclaims:\n"
        "  - {id: early, quote: q, speaker: s, measure: {flow: exports, partner: Korea}, "
        "period: {from: 2011, to: 2016}, operation: percent-change, claimed: a decline of 2.7 "
        "percent, alternative_start: 1970}\n"
    )
    report = verify_files([path])
    windows = report.files[0].claims[0].windows
    assert windows is not None and windows.alternative is not None
    assert windows.alternative.verdict is None and windows.alternative.computed is None
    assert (
        windows.alternative.summary == "the stated alternative start, from 1970, is not in the data"
    )


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        (
            "period: 2016, operation: level, claimed: $42.3 billion, alternative_start: 2012",
            "alternative_start is another start for a change between two periods (operation "
            "change, percent-change or multiple, with period from/to)",
        ),
        (
            "period: {from: 2011, to: 2016}, operation: percent-change, claimed: a decline of "
            "2.7 percent, alternative_start: '2012-03'",
            "alternative_start 2012-03 is not a year, as the window's start (2011) is",
        ),
        (
            "period: {from: 2011, to: 2016}, operation: percent-change, claimed: a decline of "
            "2.7 percent, alternative_start: 2016",
            "alternative_start 2016 must come before the window's end (2016)",
        ),
        (
            "period: {from: 2011, to: 2016}, operation: percent-change, claimed: a decline of "
            "2.7 percent, alternative_start: {period: 2011, because: the same}",
            "alternative_start 2011 is the claimed start itself",
        ),
    ],
    ids=["not-a-change", "not-a-year", "after-the-end", "the-start-itself"],
)
def test_a_bad_alternative_start_is_an_input_error(
    tmp_path: Path, claim: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: '2018-01'}\nclaims:\n"
        "  - {id: bad, quote: q, speaker: s, measure: {flow: exports, partner: Korea}, "
        f"{claim}}}\n"
    )
    result = RUNNER.invoke(app, ["lint", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"tradecheck: error: {path}:3:5: claims[0]: {message}\n"


def test_the_schema_takes_both_forms_of_an_alternative_start() -> None:
    import jsonschema

    result = RUNNER.invoke(app, ["schema"])
    assert result.exit_code == 0
    validator = jsonschema.Draft202012Validator(json.loads(result.stdout))
    claim = {
        "id": "a",
        "quote": "q",
        "speaker": "s",
        "measure": {"flow": "exports", "partner": "Korea"},
        "period": {"from": 2011, "to": 2016},
        "operation": "percent-change",
        "claimed": "a decline of 2.7 percent",
    }

    def errors(alternative: object) -> int:
        file = {
            "source": {"title": "t", "publisher": "p", "date": "2018-01"},
            "claims": [{**claim, "alternative_start": alternative}],
        }
        return len(list(validator.iter_errors(file)))

    assert [errors(a) for a in (2012, "2012-03", {"period": 2012, "because": "x"})] == [0, 0, 0]
    assert all(errors(a) for a in ({"because": "x"}, "abc", {"period": 2012, "other": 1}))
