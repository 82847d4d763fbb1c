"""The verify command: exit codes, JSON report fields, the table, and --help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cells import ROOT, billions, country_dollars
from tradecheck.cli import app

KORUS = str(ROOT / "claims" / "korus-2018.yaml")
RUNNER = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})


def test_korus_json_report() -> None:
    result = RUNNER.invoke(app, ["verify", KORUS, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["tool"] == "tradecheck"
    assert report["version"]
    assert len(report["data_manifest_sha256"]) == 64
    claims = {c["id"]: c for c in report["files"][0]["claims"]}
    c = claims["exports-2016"]
    assert c["verdict"] == "accurate"
    assert c["claimed"]["text"] == "$42.3 billion"
    assert c["claimed"]["value"] == 42.3
    assert c["claimed"]["unit"] == "billion USD"
    expected = billions(country_dollars("2026-04", "5800", 2016, "EYR"))
    assert c["computed"] == {"value": float(expected), "unit": "billion USD"}
    assert round(c["difference"]["value"], 9) == round(float(expected) - 42.3, 9)


def test_vintage_override_and_bad_vintage() -> None:
    result = RUNNER.invoke(app, ["verify", KORUS, "--vintage", "2018-10", "--format", "json"])
    claims = {c["id"]: c for c in json.loads(result.stdout)["files"][0]["claims"]}
    assert round(claims["exports-decline"]["computed"]["value"], 2) == -2.64
    assert claims["auto-deficit-2016"]["verdict"] == "unverifiable"
    # The auto deficit was expected `inaccurate`; with no data it is unverifiable, which
    # does not fail the run.
    assert result.exit_code == 0
    bad = RUNNER.invoke(app, ["verify", KORUS, "--vintage", "latest"])
    assert bad.exit_code == 2
    assert bad.stderr == (
        "tradecheck: error: --vintage 'latest' is not a vintage name (YYYY-MM, e.g. 2018-10, "
        "or a fetch date YYYY-MM-DD, in ASCII digits)\n"
    )


def test_strict_fails_on_unverifiable() -> None:
    result = RUNNER.invoke(app, ["verify", KORUS, "--strict", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["exit_code"] == 1


def test_claim_that_does_not_reproduce_exits_1(tmp_path: Path) -> None:
    data = yaml.safe_load(Path(KORUS).read_text())
    for claim in data["claims"]:
        if claim["id"] == "exports-2016":
            claim["claimed"] = "$45.3 billion"  # an edited claim stops reproducing
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(data))
    result = RUNNER.invoke(app, ["verify", str(path), "--format", "json"])
    assert result.exit_code == 1
    claims = {c["id"]: c for c in json.loads(result.stdout)["files"][0]["claims"]}
    assert claims["exports-2016"]["verdict"] == "inaccurate"
    assert claims["exports-2016"]["expected"] == "accurate"
    assert claims["exports-2016"]["reproduces"] is False


def test_missing_path_exit_2(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["verify", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert (
        result.stderr == f"tradecheck: error: {tmp_path / 'nope.yaml'}: no such file or directory\n"
    )


def test_broken_bundle_exit_2(tmp_path: Path, monkeypatch: object) -> None:
    import tradecheck.series.bundle as bundle

    monkeypatch.setattr(bundle, "default_data_dir", lambda: tmp_path)  # type: ignore[attr-defined]
    result = RUNNER.invoke(app, ["verify", KORUS])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"tradecheck: error: bundled data manifest {tmp_path / 'manifest.json'} cannot be read"
    )


def test_help_explains_every_option() -> None:
    top = RUNNER.invoke(app, ["--help"])
    assert top.exit_code == 0
    assert "Exit codes: 0 every claim reproduces" in top.stdout
    verify = RUNNER.invoke(app, ["verify", "--help"])
    text = " ".join(verify.stdout.split())
    for phrase in (
        "--format",
        "the whole report on stdout for machines",
        "--vintage",
        "newest vintage not later than it",
        "--strict",
        "unverifiable because data is missing",
        "Default: claims/.",
    ):
        assert phrase in text


def test_streamed_json_report_is_the_report_dumped(tmp_path: Path) -> None:
    """verify --format json writes claim by claim; the text equals the whole report dumped."""
    import io

    from tradecheck.engine import prepare, stream_report, verify_files
    from tradecheck.outputs import json

    other = tmp_path / "other.yaml"
    other.write_text(
        "source: {title: T, publisher: P, date: 2018-01}\n"
        "claims:\n"
        "  - {id: x, quote: q, speaker: s, measure: {flow: imports, partner: CN},\n"
        "     period: 2016, operation: level, claimed: $1 billion}\n"
    )
    paths = [Path(KORUS), other]
    out = io.StringIO()
    streamed = stream_report(prepare(paths), None, False)
    json.write(streamed, out)
    report = verify_files(paths)
    assert out.getvalue() == report.model_dump_json(indent=2) + "\n"
    assert streamed.completed().exit_code == report.exit_code == 1


def test_unquoted_code_with_leading_zero_is_a_census_code(tmp_path: Path) -> None:
    """YAML 1.1 would read `partner: 0003` as octal 3; tradecheck keeps it as the code."""
    path = tmp_path / "eu.yaml"
    path.write_text(
        "source: {title: T, publisher: P, date: 2018-01}\n"
        "claims:\n"
        "  - {id: eu, quote: q, speaker: s, measure: {flow: exports, partner: 0003},\n"
        "     period: 2016, operation: level, claimed: $270 billion}\n"
    )
    result = RUNNER.invoke(app, ["verify", str(path), "--format", "json"])
    [used] = json.loads(result.stdout)["files"][0]["claims"][0]["inputs"]
    assert used["partner"] == "0003"
    assert used["value"] == country_dollars("2026-04", "0003", 2016, "EYR")


def _table_lines(stdout: str) -> list[str]:
    """The verdict table of a one-file run: from its header line to the blank line after it."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("claim "))
    return lines[start : lines.index("", start)]


def test_table_fits_80_columns() -> None:
    """At 80 columns: nothing wider, ids whole, claimed text wrapped between words."""
    e11 = country_dollars("2026-04", "5800", 2011, "EYR")
    e16 = country_dollars("2026-04", "5800", 2016, "EYR")
    change = f"{(e16 - e11) / e11 * 100:+.2f}%"  # -2.76%, from the fixture cells
    result = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}).invoke(
        app, ["verify", KORUS]
    )
    assert result.exit_code == 0, result.stderr
    table = _table_lines(result.stdout)
    assert max(len(line) for line in table) == 80
    assert table[0] == "claim                  claimed    computed        diff  verdict"
    row = table.index(
        f"exports-decline        a          {change:>8}   -0.06 pts  accurate-within-rounding"
    )
    assert table[row + 1 : row + 4] == [
        "                       decline",
        "                       of 2.7",
        "                       percent",
    ]
    ids = [line.split()[0] for line in table[2:] if not line.startswith(" ")]
    assert ids == [c["id"] for c in yaml.safe_load(Path(KORUS).read_text())["claims"]]


def test_table_unwrapped_when_piped(monkeypatch: object) -> None:
    """Output that is not a terminal, with COLUMNS unset, gets the whole table unwrapped."""
    monkeypatch.delenv("COLUMNS", raising=False)  # type: ignore[attr-defined]
    result = CliRunner(env={"NO_COLOR": "1", "TERM": "dumb"}).invoke(app, ["verify", KORUS])
    assert result.exit_code == 0, result.stderr
    table = _table_lines(result.stdout)
    e11 = country_dollars("2026-04", "5800", 2011, "EYR")
    e16 = country_dollars("2026-04", "5800", 2016, "EYR")
    assert table[0].endswith("verdict                   data used")
    assert table[4].startswith(
        f"exports-decline        a decline of 2.7 percent  {(e16 - e11) / e11 * 100:+9.2f}%"
    )
    assert table[6].endswith("inaccurate                end-use X 2023-07")
    assert table[7].strip() == "end-use M 2026-04"
    assert len(table[1]) == len(table[6]) == 116


def test_table_takes_paths_and_text_literally(tmp_path: Path) -> None:
    """A file name or title with [brackets] is printed as written, not read as markup."""
    data = yaml.safe_load(Path(KORUS).read_text())
    data["source"]["title"] = "[bold]Talks[/bold] [red]"
    path = tmp_path / "[draft] korus.yaml"
    path.write_text(yaml.safe_dump(data))
    result = RUNNER.invoke(app, ["verify", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"{path}: [bold]Talks[/bold] [red] (Business Standard, 2018-01)"
    )


@pytest.mark.parametrize("output_format", ["table", "json", "junit"])
def test_a_reader_that_stops_early_is_exit_2(output_format: str) -> None:
    """`verify | head`: the report cannot all be written. Exit 2 with one line, not exit 1
    (which would say a claim does not reproduce) and no BrokenPipeError at exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tradecheck", "verify", KORUS, "--format", output_format],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the process has written anything
    with process.stderr:
        stderr = process.stderr.read()
    assert process.wait(timeout=60) == 2
    assert stderr == (
        "tradecheck: error: the output was closed before all of it was written (broken pipe)\n"
    )


def test_table_styles_on_a_colour_terminal() -> None:
    """Only the path is bold in the heading; each verdict has its colour; no markup leaks."""
    result = CliRunner(
        env={"COLUMNS": "120", "FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"}
    ).invoke(app, ["verify", KORUS])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"\x1b[1m{KORUS}\x1b[0m: KORUS trade talks: third session (headline not in the copy "
        "checked) (Business Standard, 2018-01)"
    )
    row = next(line for line in lines if "auto-deficit-2016" in line and "bn" in line)
    assert row.startswith("\x1b[1mauto-deficit-2016\x1b[0m")
    assert "\x1b[33minaccurate\x1b[0m" in row
    assert "[bold]" not in result.stdout


def test_progress_on_a_terminal_for_many_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As many claims as the progress threshold (lowered from 2,000 to 200 here, so that the
    four runs stay quick) with stderr on a terminal: a spinner while reading and a bar while
    checking, on stderr only; the report on stdout is the same as without them."""
    from tradecheck.cli import common

    assert common.PROGRESS_CLAIMS == 2_000  # the real threshold, as the README states it
    monkeypatch.setattr(common, "PROGRESS_CLAIMS", 200)

    data = yaml.safe_load(Path(KORUS).read_text())
    claim = next(c for c in data["claims"] if c["id"] == "exports-2016")
    data["claims"] = [  # copies, so that YAML writes no aliases
        {**json.loads(json.dumps(claim)), "id": f"exports-2016-{n}"}
        for n in range(common.PROGRESS_CLAIMS)
    ]
    path = tmp_path / "many.yaml"
    path.write_text(yaml.safe_dump(data))
    plain = RUNNER.invoke(app, ["verify", str(path), "--format", "json"])
    assert plain.exit_code == 0, plain.stderr
    assert plain.stderr == ""

    monkeypatch.setattr(common, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr(common, "PROGRESS_BYTES", 1000)
    terminal = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "xterm"})
    shown = terminal.invoke(app, ["verify", str(path), "--format", "json"])
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout == plain.stdout
    assert f"Reading claims (1 file, {path.stat().st_size / 1e6:,.0f} MB)" in shown.stderr
    assert "Checking 200 claims" in shown.stderr
    value = country_dollars("2026-04", "5800", 2016, "EYR")
    assert json.loads(shown.stdout)["files"][0]["claims"][-1]["inputs"][0]["value"] == value
    table = terminal.invoke(app, ["verify", str(path)])
    assert "Checking 200 claims" in table.stderr
    assert table.stdout == RUNNER.invoke(app, ["verify", str(path)]).stdout
