"""Publishing verdicts (issue 22): `verify --format claimreview`, `--format csv`,
`--format github` (verify and lint) and `tradecheck accept`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cells import ROOT, billions, country_dollars
from tradecheck.cli import app
from tradecheck.domain import Verdict
from tradecheck.outputs.claimreview import BEST, WORST, headline, rating
from tradecheck.outputs.csvfile import COLUMNS
from tradecheck.outputs.github import command

KORUS = ROOT / "claims" / "korus-2018.yaml"
RUNNER = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
TYPES = {
    "Person",
    "Organization",
    "ClaimReview",
    "Claim",
    "Rating",
    "Dataset",
    "CreativeWork",
}


def json_report(path: Path | str, *args: str) -> dict[str, Any]:
    result = RUNNER.invoke(app, ["verify", str(path), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def claims_of(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for f in report["files"] for c in f["claims"]}


def reviews(path: Path | str, *args: str) -> tuple[list[dict[str, Any]], str, int]:
    result = RUNNER.invoke(app, ["verify", str(path), "--format", "claimreview", *args])
    if result.exit_code == 2:
        return [], result.stderr, 2
    document = json.loads(result.stdout)
    assert document["@context"] == "https://schema.org"
    assert set(document) == {"@context", "@graph"}
    return document["@graph"], result.stderr, result.exit_code


def check_review(review: dict[str, Any], claim: dict[str, Any], record: dict[str, Any]) -> None:
    """Every property of one ClaimReview, its type and value, against the JSON report's claim
    and the claims file's record of it."""
    assert review["@type"] == "ClaimReview"
    quote = record["quote"]
    short = review["claimReviewed"]
    assert isinstance(short, str) and len(short) <= 75
    if short != quote:
        assert short.endswith("…")
        kept = short.removesuffix("…")
        assert quote.startswith(kept) and quote[len(kept)] == " "
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["text"] == quote
    kind = "Organization" if record.get("speaker_kind") == "organization" else "Person"
    assert item["author"] == {"@type": kind, "name": record["speaker"]}
    rating_ = review["reviewRating"]
    assert rating_["@type"] == "Rating"
    assert rating_["bestRating"] == 5 and rating_["worstRating"] == 1
    assert isinstance(rating_["ratingValue"], int)
    assert WORST <= rating_["ratingValue"] <= BEST
    assert (rating_["ratingValue"], rating_["alternateName"]) == rating(Verdict(claim["verdict"]))
    assert review["author"]["@type"] == "Organization"
    based = review["isBasedOn"]
    expected = {
        (
            u["dataset"],
            u["vintage"],
            u["request"].removeprefix("GET ") if u["request"] else u["file"].split(",")[0],
        )
        for u in claim["inputs"]
    }
    assert {(d["name"], d["version"], d["identifier"]) for d in based} == expected
    assert len(based) == len(expected)
    for dataset in based:
        assert dataset["@type"] == "Dataset"
        assert dataset["creator"]["@type"] == "Organization"
        assert dataset["creator"]["name"]
        assert "key=" not in dataset["identifier"]
    for node in _nodes(review):
        assert node["@type"] in TYPES, node


def _nodes(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        found = [value] if "@type" in value else []
        return found + [n for v in value.values() for n in _nodes(v)]
    if isinstance(value, list):
        return [n for v in value for n in _nodes(v)]
    return []


def test_korus_claimreviews() -> None:
    graph, stderr, code = reviews(
        KORUS,
        "--publisher",
        "Example Desk",
        "--date",
        "2026-12-01",
        "--url-template",
        "https://example.org/checks/{id}",
    )
    assert code == 0
    assert stderr == (
        "tradecheck: claimreview: 5 claims reviewed; left out (no rating): 1 unverifiable, "
        "4 not-checkable\n"
    )
    report = json_report(KORUS)
    judged = [c for c in claims_of(report).values() if rating(Verdict(c["verdict"]))]
    assert len(graph) == len(judged) == 5
    records = {c["id"]: c for c in yaml.safe_load(KORUS.read_text())["claims"]}
    date = yaml.safe_load(KORUS.read_text())["source"]["date"]
    for review, claim in zip(graph, judged, strict=True):
        assert review["url"] == f"https://example.org/checks/{claim['id']}"
        check_review(review, claim, records[claim["id"]])
        assert review["author"] == {"@type": "Organization", "name": "Example Desk"}
        assert review["datePublished"] == "2026-12-01"
        assert review["itemReviewed"]["datePublished"] == date
        assert "appearance" not in review["itemReviewed"]  # the copy checked has no URL
        assert review["itemReviewed"]["author"]["@type"] == "Organization"
        assert {d["creator"]["name"] for d in review["isBasedOn"]} == {"U.S. Census Bureau"}
    by_id = {r["url"].rsplit("/", 1)[1]: r for r in graph}
    assert by_id["exports-2016"]["reviewRating"]["ratingValue"] == 5
    assert by_id["exports-decline"]["reviewRating"]["ratingValue"] == 4
    assert by_id["auto-deficit-2016"]["reviewRating"]["ratingValue"] == 2
    auto = {(d["name"], d["version"]) for d in by_id["auto-deficit-2016"]["isBasedOn"]}
    assert auto == {("enduse-exports", "2023-07"), ("enduse-imports", "2026-04")}
    assert [d["identifier"] for d in by_id["exports-2016"]["isBasedOn"]] == ["country-2026-04.xlsx"]


def test_the_scale_runs_from_false_up_to_accurate() -> None:
    """False is the worst rating and accurate the best: never the other way round."""
    rated = {v: rating(v) for v in Verdict}
    assert rated[Verdict.FALSE] == (WORST, "False")
    assert rated[Verdict.INACCURATE] == (2, "Inaccurate")
    assert rated[Verdict.ACCURATE_WITHIN_ROUNDING] == (4, "Accurate within rounding")
    assert rated[Verdict.ACCURATE] == (BEST, "Accurate")
    assert rated[Verdict.UNVERIFIABLE] is None and rated[Verdict.NOT_CHECKABLE] is None
    assert (WORST, BEST) == (1, 5)
    order = [Verdict.FALSE, Verdict.INACCURATE, Verdict.ACCURATE_WITHIN_ROUNDING, Verdict.ACCURATE]
    values = [rated[v][0] for v in order]  # type: ignore[index]
    assert values == sorted(values) and len(set(values)) == 4


LONG_QUOTE = (
    "The United States exported only $30 billion of goods to South Korea in 2016, a figure "
    "the minister repeated twice"
)


def _false_claim_file(tmp_path: Path) -> Path:
    """A file with a reviewer block, a URL, a person speaking and a claim that is false."""
    text = f"""source:
  title: Example article
  publisher: Example News
  url: https://news.example/korea
  date: "2018-02-03"
reviewer:
  name: Example Checks
  url: https://checks.example
claims:
  - id: exports-2016-low
    quote: "{LONG_QUOTE}"
    speaker: A. Minister
    measure: {{flow: exports, partner: South Korea}}
    period: 2016
    operation: level
    claimed: "$30 billion"
"""
    path = tmp_path / "false.yaml"
    path.write_text(text)
    return path


def test_a_false_claim_by_a_person_with_the_files_reviewer(tmp_path: Path) -> None:
    path = _false_claim_file(tmp_path)
    claim = claims_of(json_report(path))["exports-2016-low"]
    computed = billions(country_dollars("2026-04", "5800", 2016, "EYR"))
    assert claim["computed"]["value"] == float(computed)
    assert abs(float(computed) - 30) / float(computed) > 0.2  # off by more than 20%: false
    assert claim["verdict"] == "false"
    graph, stderr, code = reviews(path, "--date", "2026-12-01")
    assert code == 1  # a claim that does not hold, with no recorded verdict
    assert stderr == "tradecheck: claimreview: 1 claim reviewed\n"
    (review,) = graph
    record = yaml.safe_load(path.read_text())["claims"][0]
    check_review(review, claim, record)
    assert review["reviewRating"]["ratingValue"] == review["reviewRating"]["worstRating"] == 1
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "A. Minister"}
    assert review["itemReviewed"]["datePublished"] == "2018-02-03"
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://news.example/korea",
        "headline": "Example article",
    }
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://checks.example",
    }
    assert review["claimReviewed"] == (
        "The United States exported only $30 billion of goods to South Korea in…"
    )
    assert "url" not in review  # no --url-template
    # --publisher names the reviewer instead of the file's block (the article's publisher
    # is never the reviewer).
    graph, _, _ = reviews(path, "--publisher", "Other Desk", "--date", "2026-12-01")
    assert graph[0]["author"] == {"@type": "Organization", "name": "Other Desk"}


def test_the_review_date_defaults_to_today(tmp_path: Path) -> None:
    import datetime as dt

    graph, _, _ = reviews(_false_claim_file(tmp_path))
    assert graph[0]["datePublished"] == dt.date.today().isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "claimreview", "--date", "2026-12-01"],
            f"tradecheck: error: --format claimreview: no reviewer for {KORUS}: give "
            "--publisher NAME (the fact-checking organisation) or a reviewer: block in the "
            "file\n",
        ),
        (
            ["--format", "claimreview", "--publisher", "X", "--date", "2026-13-01"],
            "tradecheck: error: --date '2026-13-01' is not a date YYYY-MM-DD that exists\n",
        ),
        (
            ["--format", "claimreview", "--publisher", "X", "--date", "2026-12"],
            "tradecheck: error: --date '2026-12' is not a date YYYY-MM-DD that exists\n",
        ),
        (
            ["--format", "claimreview", "--publisher", "X", "--url-template", "https://x/"],
            "tradecheck: error: --url-template 'https://x/' has no {id} for the claim's id\n",
        ),
        (
            ["--publisher", "X", "--date", "2026-12-01"],
            "tradecheck: error: --publisher, --date: only with --format claimreview\n",
        ),
    ],
)
def test_claimreview_options_that_cannot_work(args: list[str], message: str) -> None:
    result = RUNNER.invoke(app, ["verify", str(KORUS), *args])
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_headline() -> None:
    assert headline("short quote") == "short quote"
    text = "word " * 30
    cut = headline(text)
    assert len(cut) <= 75 and cut.endswith("word…")
    assert headline("x" * 80) == "x" * 74 + "…"  # one word: cut inside it
    exact = "y" * 75
    assert headline(exact) == exact


def test_csv_one_row_per_claim() -> None:
    result = RUNNER.invoke(app, ["verify", str(KORUS), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (
        tuple(rows[0])
        == COLUMNS
        == (
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
            "then_verdict",
            "then_vintages",
            "then_published_after",
        )
    )
    report = claims_of(json_report(KORUS))
    assert [r["id"] for r in rows] == list(report)
    by_id = {r["id"]: r for r in rows}
    for row in rows:
        claim = report[row["id"]]
        assert row["file"] == str(KORUS)
        assert row["verdict"] == claim["verdict"]
        assert row["expected"] == (claim["expected"] or "")
    exports = by_id["exports-2016"]
    computed = billions(country_dollars("2026-04", "5800", 2016, "EYR"))
    assert float(exports["computed_value"]) == float(computed)
    assert float(exports["difference"]) == pytest.approx(float(computed) - 42.3, abs=1e-9)
    assert (exports["partner"], exports["partner_name"], exports["flow"]) == (
        "5800",
        "Korea, South",
        "exports",
    )
    assert exports["claimed"] == "$42.3 billion" and float(exports["claimed_value"]) == 42.3
    assert exports["claimed_unit"] == exports["computed_unit"] == "billion USD"
    assert exports["vintages"] == "2026-04" and exports["periods"] == "2016"
    decline = by_id["exports-decline"]
    assert decline["periods"] == "2011 to 2016"
    assert decline["operation"] == "percent-change"
    assert decline["difference_unit"] == "percentage points"
    assert by_id["auto-deficit-2016"]["vintages"] == " ".join(
        report["auto-deficit-2016"]["vintages"]
    )
    assert by_id["auto-deficit-2016"]["definition"] == "goods, Census basis, end-use 3"
    blank = by_id["third-session"]
    assert blank["verdict"] == "not-checkable"
    assert [blank[c] for c in COLUMNS[2:15]] == [""] * 13


def test_the_json_report_carries_the_measure() -> None:
    claims = claims_of(json_report(KORUS))
    decline = claims["exports-decline"]
    assert decline["partner"] == "5800"
    assert decline["partner_name"] == "Korea, South"
    assert decline["flow"] == "exports"
    assert decline["periods"] == ["2011", "2016"]
    assert decline["operation"] == "percent-change"
    assert decline["vintages"] == sorted({u["vintage"] for u in decline["inputs"]})
    assert decline["speaker_kind"] == "organization"
    assert decline["date"] == "2018-01"
    assert claims["third-session"]["partner"] is None
    assert claims["third-session"]["periods"] == []


def _edited_korus(tmp_path: Path) -> Path:
    """KORUS with exports-2016 claiming $45.3 billion: inaccurate, recorded accurate."""
    text = KORUS.read_text().replace('claimed: "$42.3 billion"', 'claimed: "$45.3 billion"')
    path = tmp_path / "edited, korus.yaml"
    path.write_text(text)
    return path


def _line(path: Path, claim_id: str) -> int:
    lines = path.read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == f"  - id: {claim_id}")


def test_github_annotations_on_the_claims_lines(tmp_path: Path) -> None:
    path = _edited_korus(tmp_path)
    claims = claims_of(json_report(path))
    edited, rise = claims["exports-2016"], claims["auto-deficit-rise"]
    assert edited["verdict"] == "inaccurate"
    name = str(path).replace(":", "%3A").replace(",", "%2C")
    computed = f"{edited['computed']['value']:.6g} {edited['computed']['unit']}"
    error = (
        f"::error file={name},line={_line(path, 'exports-2016')},col=5::exports-2016: "
        f"inaccurate (recorded accurate): claimed $45.3 billion, computed {computed}: "
        f"{edited['reason'].replace('%', '%25')}"  # a message's % is escaped
    )
    unverifiable = (
        f"file={name},line={_line(path, 'auto-deficit-rise')},col=5::auto-deficit-rise: "
        f"unverifiable: {rise['reason']}"
    )
    result = RUNNER.invoke(app, ["verify", str(path), "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [error, f"::warning {unverifiable}"]
    strict = RUNNER.invoke(app, ["verify", str(path), "--format", "github", "--strict"])
    assert strict.stdout.splitlines() == [error, f"::error {unverifiable}"]
    clean = RUNNER.invoke(app, ["verify", str(KORUS), "--format", "github"])
    assert clean.exit_code == 0
    line = _line(KORUS, "auto-deficit-rise")
    assert clean.stdout == (
        f"::warning file={KORUS},line={line},col=5::auto-deficit-rise: unverifiable: "
        f"{rise['reason']}\n"
    )


def test_github_command_escapes() -> None:
    assert command("error", "a,b:c.yaml", 3, 5, "50% off\r\nnext") == (
        "::error file=a%2Cb%3Ac.yaml,line=3,col=5::50%25 off%0D%0Anext"
    )
    assert command("warning", "f.yaml", None, None, "whole file") == (
        "::warning file=f.yaml::whole file"
    )


def test_lint_github() -> None:
    bad = "tests/bad_claims/three_stages.yaml"
    result = CliRunner(env={"COLUMNS": "120"}).invoke(
        app, ["lint", bad, "--format", "github"], catch_exceptions=False
    )
    assert result.exit_code == 2
    f = f"file={bad}"
    assert result.stdout.splitlines() == [
        f"::error {f},line=8,col=21::claims[0].measure.flow: 'export' is not one of "
        "'exports', 'imports', 'balance' or 'total'",
        f"::error {f},line=8,col=38::claims[0].measure.partner: unknown partner 'Koreaa'; "
        "did you mean 5800 Korea, South?",
        f"::error {f},line=12,col=9::claims[1].id: duplicate claim id 'a' (first used by "
        "claims[0])",
        f"::error {f},line=15,col=39::claims[1].measure.partner: unknown partner 'Germnay'; "
        "did you mean 4280 Germany?",
    ]
    assert result.stderr.count("tradecheck: error: ") == 4  # the messages, as without github
    verify = RUNNER.invoke(app, ["verify", bad, "--format", "github"])
    assert verify.exit_code == 2
    assert verify.stdout == result.stdout  # verify validates first, with the same commands
    clean = RUNNER.invoke(app, ["lint", str(KORUS), "--format", "github"])
    assert clean.exit_code == 0
    assert clean.stdout == f"{KORUS}: 10 claims, no problems\n"


def test_lint_github_warnings(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "source: {title: T, publisher: P, date: '2018-01'}\n"
        "claims:\n"
        "  - id: a\n"
        "    quote: the deficit was $27.6 billion\n"
        "    speaker: S\n"
        "    measure: {flow: balance, partner: South Korea}\n"
        "    period: 2016\n"
        "    operation: level\n"
        '    claimed: "$27.6 billion"\n'
    )
    result = RUNNER.invoke(app, ["lint", str(path), "--format", "github"])
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == 1
    assert result.stderr.count("tradecheck: warning: ") == 1
    message = result.stderr.removeprefix("tradecheck: warning: ").strip()
    where, _, text = message.partition(": ")
    line = where.rsplit(":", 2)[1]
    assert warnings[0].startswith(f"::warning file={path},line={line},")
    assert warnings[0].endswith(text.split(": ", 1)[-1])


# A claims file with comments, block- and flow-style claims, quoted and plain values, a
# folded scalar, a claim with no `expected` and one that is unverifiable.
BEFORE = """\
# Accept test: comments, both YAML styles.
source:
  title: "Accept test"   # a comment after a value
  publisher: Example
  date: "2018-01"

claims:
  # a block-style claim with a wrong verdict, quoted
  - id: exports-2016
    quote: "US exports to Korea were $42.3 billion in 2016"
    speaker: USTR
    measure: {flow: exports, partner: South Korea}
    period: 2016
    operation: level
    claimed: "$42.3 billion"
    expected: "inaccurate"   # keep this comment

  - {id: exports-2011, quote: "$43.5 billion in 2011", speaker: USTR, measure: {flow: exports, partner: KR}, period: 2011, operation: level, claimed: "$43.5 billion"}
  - {id: exports-low, quote: "$30 billion", speaker: USTR,
     measure: {flow: exports, partner: KR}, period: 2016, operation: level,
     claimed: "$30 billion", expected: accurate}
  - id: decline
    quote: a decline of 2.7 percent
    speaker: USTR
    measure:
      flow: exports
      partner: South Korea
    period: {from: 2011, to: 2016}
    operation: percent-change
    claimed: a decline of 2.7 percent
    note: >-
      a folded note
      over two lines

  - id: auto-rise
    quote: an increase of 77 percent since 2011
    speaker: USTR
    measure: {flow: balance, partner: South Korea, commodity: end-use 3, stated_as: deficit}
    period: {from: 2011, to: 2016}
    operation: percent-change
    claimed: an increase of 77 percent
    # no verdict: the data is missing
  - id: talks
    quote: talks began in July
    speaker: Business Standard
    not_checkable: a date
"""


def test_accept_changes_only_the_expected_lines(tmp_path: Path) -> None:
    path = tmp_path / "accept.yaml"
    path.write_text(BEFORE)
    before = claims_of(json_report(path))
    assert before["exports-low"]["verdict"] == "false"  # $30 billion for $42.26 billion
    assert before["decline"]["verdict"] == "accurate-within-rounding"
    assert before["auto-rise"]["verdict"] == "unverifiable"
    first = RUNNER.invoke(app, ["verify", str(path)])
    assert first.exit_code == 1
    result = RUNNER.invoke(app, ["accept", str(path)])
    assert result.exit_code == 0, result.stderr
    expected_text = BEFORE
    for old, new in (
        ('expected: "inaccurate"', 'expected: "accurate"'),  # replaced, its quotes kept
        ('"$43.5 billion"}', '"$43.5 billion", expected: accurate}'),  # added, flow style
        ('"$30 billion", expected: accurate}', '"$30 billion", expected: "false"}'),
        ("over two lines\n", "over two lines\n    expected: accurate-within-rounding\n"),
        ("not_checkable: a date\n", "not_checkable: a date\n    expected: not-checkable\n"),
    ):
        assert expected_text.count(old) == 1, old
        expected_text = expected_text.replace(old, new)
    assert path.read_bytes() == expected_text.encode()
    assert result.stdout == (
        f"{path}: exports-2016: expected accurate (was inaccurate)\n"
        f"{path}: exports-2011: expected accurate (was none recorded)\n"
        f"{path}: exports-low: expected false (was accurate)\n"
        f"{path}: decline: expected accurate-within-rounding (was none recorded)\n"
        f"{path}: talks: expected not-checkable (was none recorded)\n"
        "recorded 5 verdicts in 1 file\n"
    )
    assert result.stderr == (
        f"tradecheck: {path}: auto-rise: unverifiable, not recorded (its data is missing)\n"
    )
    assert RUNNER.invoke(app, ["verify", str(path)]).exit_code == 0
    again = RUNNER.invoke(app, ["accept", str(path)])
    assert again.exit_code == 0
    assert again.stdout == "nothing to record: every verdict is the recorded one\n"
    assert path.read_bytes() == expected_text.encode()


def test_accept_one_id_and_an_unknown_one(tmp_path: Path) -> None:
    path = tmp_path / "accept.yaml"
    path.write_text(BEFORE)
    result = RUNNER.invoke(app, ["accept", str(path), "--id", "exports-low"])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}: exports-low: expected false (was accurate)\nrecorded 1 verdict in 1 file\n"
    )
    assert path.read_text() == BEFORE.replace(
        'claimed: "$30 billion", expected: accurate}', 'claimed: "$30 billion", expected: "false"}'
    )
    unknown = RUNNER.invoke(app, ["accept", str(path), "--id", "nope"])
    assert unknown.exit_code == 2
    assert unknown.stderr == "tradecheck: error: no claim with id 'nope' in the files given\n"
    bad = RUNNER.invoke(app, ["accept", str(tmp_path / "missing.yaml")])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("tradecheck: error: ")
    assert len(bad.stderr.splitlines()) == 1
