"""Crashes and traps found by using tradecheck as a new user would: each is one clear line and
exit 2 (or a normal answer), never a traceback. Named after the rule each keeps."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cells import ROOT
from fake_census import FakeCensus
from tradecheck.cli import app, common

KORUS = str(ROOT / "claims" / "korus-2018.yaml")
RUNNER = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})


# 10 ------------------------------------------------------------------------------------------


def test_verify_fetch_with_an_unwritable_cache_is_one_line(
    census: FakeCensus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv("TRADECHECK_CACHE_DIR", str(blocker / "cache"))
    for command in (["verify", "--fetch", KORUS], ["fetch", KORUS]):
        result = RUNNER.invoke(app, command)
        assert result.exit_code == 2, (command, result.stderr)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("tradecheck: error: cannot write the cache ("), command
        assert "Not a directory" in last


# 11 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "nan", "-1", "0", "inf", "1e12", "99999999999999999999"])
def test_a_bad_timeout_setting_names_the_variable(
    census: FakeCensus, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("TRADECHECK_CENSUS_TIMEOUT", value)
    for command in (["fetch", "--all", KORUS], ["verify", "--fetch", KORUS]):
        result = RUNNER.invoke(app, command)
        assert (result.exit_code, result.stderr) == (
            2,
            f"tradecheck: error: TRADECHECK_CENSUS_TIMEOUT={value!r} is not a number of "
            "seconds (give a number greater than 0, e.g. 30, and at most 3600; unset, 60)\n",
        ), command
    assert census.requests == []


def test_a_bad_url_setting_names_the_variable(
    census: FakeCensus, monkeypatch: pytest.MonkeyPatch
) -> None:
    for value in ("http://[::1", "ftp://example.org", "api.census.gov"):
        monkeypatch.setenv("TRADECHECK_CENSUS_URL", value)
        result = RUNNER.invoke(app, ["fetch", "--all", KORUS])
        assert (result.exit_code, result.stderr) == (
            2,
            f"tradecheck: error: TRADECHECK_CENSUS_URL={value!r} is not an http or https URL "
            "(unset it for https://api.census.gov/data/timeseries/intltrade)\n",
        ), value


# 12 ------------------------------------------------------------------------------------------


def test_new_asks_again_after_an_invalid_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "_stdin_is_terminal", lambda: True)
    path = tmp_path / "claims.yaml"
    path.write_text(Path(KORUS).read_text())
    answers = [
        "US exports to Korea were $42.3 billion",
        "USTR",
        "South Korea",
        "export",  # not a flow: asked again
        "exports",
        "",  # commodity: all goods
        "",  # scope: goods
        "",  # basis: census
        "2016",
        "",  # operation: level
        "$42.3 billion",
        "",  # expected: none
        "",  # note: none
        "exports-2016-korea",
        "",  # write it: yes
    ]
    result = RUNNER.invoke(app, ["new", str(path)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "'export' is not one of exports, imports, balance, total" in result.stdout
    added = path.read_text().split("\n  - id: exports-2016-korea\n", 1)[1]
    assert "flow: exports" in added and "partner: South Korea" in added


def test_new_stopped_at_a_prompt_writes_nothing_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "_stdin_is_terminal", lambda: True)
    path = tmp_path / "claims.yaml"
    text = Path(KORUS).read_text()
    path.write_text(text)
    result = RUNNER.invoke(app, ["new", str(path)], input="a quote\nUSTR\n")  # then end of input
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"tradecheck: error: stopped before the claim was written; {path} is unchanged\n"
    )
    assert path.read_text() == text


# 13 ------------------------------------------------------------------------------------------


def test_cache_clear_refuses_without_a_terminal_and_never_asks_for_nothing(
    census: FakeCensus,
) -> None:
    empty = RUNNER.invoke(app, ["cache", "clear"], input="x\n")
    assert (empty.exit_code, empty.stdout) == (0, "the cache is empty; nothing to delete\n")
    assert RUNNER.invoke(app, ["fetch", KORUS]).exit_code == 0
    refused = RUNNER.invoke(app, ["cache", "clear"], input="x\n")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "tradecheck: error: not deleting 2 cached answers without confirmation (no terminal "
        "to ask on); pass --yes\n",
    )


def test_key_set_reads_a_piped_key_without_a_prompt(tmp_path: Path) -> None:
    key = "b" * 20 + "0123456789" * 2
    env = {**os.environ, "TRADECHECK_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run(
        [sys.executable, "-m", "tradecheck", "key", "set"],
        input=key + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    path = tmp_path / "config" / "census-api-key"
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"Census API key stored in {path} (readable by you only).\n"
    assert path.read_text() == key + "\n"
    nothing = subprocess.run(
        [sys.executable, "-m", "tradecheck", "key", "set"],
        input="",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (nothing.returncode, nothing.stderr) == (
        2,
        "tradecheck: error: no key was entered; nothing was written\n",
    )


# 8 -------------------------------------------------------------------------------------------


def review_file(tmp_path: Path) -> str:
    """Two reviewed claims (one reproduces, one changed), two not reviewed (one holds, one is
    inaccurate: Korea's 2016 exports claimed 10% high), one unverifiable."""
    from cells import billions, country_dollars

    x = billions(country_dollars("2026-04", "5800", 2016, "EYR"))
    high = (x * Decimal("1.1")).quantize(Decimal("0.1"))

    def claim(n: int, claimed: str, **extra: object) -> str:
        lines = [
            f"  - id: c{n}",
            "    quote: q",
            "    speaker: s",
            "    measure: {flow: exports, partner: Korea}",
            f"    period: {extra.pop('period', 2016)}",
            "    operation: level",
            f'    claimed: "{claimed}"',
        ]
        lines += [f"    {k}: {v}" for k, v in extra.items()]
        return "\n".join(lines)

    path = tmp_path / "review.yaml"
    body = [
        claim(1, f"${x.quantize(Decimal('0.1'))} billion", expected="accurate"),
        claim(2, f"${x.quantize(Decimal('0.1'))} billion", expected='"false"'),
        claim(3, f"${x.quantize(Decimal('0.1'))} billion"),
        claim(4, f"${high} billion"),
        claim(5, "$5 billion", period="2026"),
    ]
    path.write_text("source: {title: t, publisher: p, date: 2018-01}\nclaims:\n" + "\n".join(body))
    return str(path)


def summary_line(stdout: str) -> str:
    """The table's summary line ("5 claims: ..."), above who published the figures."""
    (line,) = [x for x in stdout.splitlines() if re.match(r"\d+ claims?: ", x)]
    return line


def test_summaries_separate_reviewed_from_not_reviewed(tmp_path: Path) -> None:
    path = review_file(tmp_path)
    table = RUNNER.invoke(app, ["verify", path])
    assert table.exit_code == 1
    assert summary_line(table.stdout) == (
        "5 claims: 3 accurate, 1 inaccurate, 1 unverifiable. recorded verdicts: 1 reproduce, "
        "1 changed (c2); not reviewed: 1 holds, 1 inaccurate (c4); 1 unverifiable (c5)."
    )
    report = json.loads(RUNNER.invoke(app, ["verify", path, "--format", "json"]).stdout)
    assert report["summary"] == {
        "accurate": 3,
        "accurate-within-rounding": 0,
        "inaccurate": 1,
        "false": 0,
        "unverifiable": 1,
        "not-checkable": 0,
    }
    assert report["review"] == {
        "reproduces": 1,
        "changed": 1,
        "not_reviewed_holds": 1,
        "not_reviewed_does_not_hold": 1,
        "unverifiable": 1,
    }
    junit = RUNNER.invoke(app, ["verify", path, "--format", "junit"]).stdout
    assert 'message="inaccurate (no recorded verdict): claimed' in junit
    assert 'message="accurate (recorded false): claimed' in junit
    assert "expected accurate" not in junit


def test_a_run_in_which_no_claim_could_be_checked_says_so() -> None:
    result = RUNNER.invoke(app, ["verify", KORUS, "--vintage", "2017-05"])
    assert result.exit_code == 0
    assert summary_line(result.stdout) == (
        "10 claims: 6 unverifiable, 4 not-checkable. no claim could be checked: 6 unverifiable, "
        "4 not checkable by trade statistics."
    )


# 7 -------------------------------------------------------------------------------------------


def deficit_file(tmp_path: Path, *claims: tuple[str, str, str]) -> str:
    """Korea's 2016 goods balance claims: (id, quote, claimed), no stated_as."""
    lines = ["source: {title: t, publisher: p, date: 2018-01}", "claims:"]
    for claim_id, quote, claimed in claims:
        lines += [
            f"  - id: {claim_id}",
            f"    quote: {quote}",
            "    speaker: s",
            "    measure: {flow: balance, partner: Korea}",
            "    period: 2016",
            "    operation: level",
            f'    claimed: "{claimed}"',
        ]
    path = tmp_path / "deficit.yaml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def test_deficit_and_surplus_are_read_from_the_claimed_text(tmp_path: Path) -> None:
    from cells import billions, country_dollars

    size = billions(
        country_dollars("2026-04", "5800", 2016, "IYR")
        - country_dollars("2026-04", "5800", 2016, "EYR")
    )
    claimed = f"${size.quantize(Decimal('0.1'))} billion"
    path = deficit_file(
        tmp_path,
        ("deficit", "the deficit with Korea", f"a deficit of {claimed}"),
        ("surplus", "a surplus with Korea", f"a surplus of {claimed}"),
    )
    result = RUNNER.invoke(app, ["verify", path, "--format", "json"])
    deficit, surplus = json.loads(result.stdout)["files"][0]["claims"]
    assert (deficit["verdict"], deficit["rule"]) == ("accurate", "rounds-to-claim")
    assert Decimal(str(deficit["computed"]["value"])).quantize(Decimal("0.0001")) == size.quantize(
        Decimal("0.0001")
    )
    assert (surplus["verdict"], surplus["rule"]) == ("false", "wrong-direction")
    assert result.stderr == ""


def test_a_deficit_quote_without_stated_as_is_warned_about(tmp_path: Path) -> None:
    path = deficit_file(
        tmp_path, ("signed", "the US deficit with Korea was $27.6 billion", "$27.6 billion")
    )
    warning = (
        f"tradecheck: warning: {path}:3:5: claims[0]: the quote says 'deficit' but the record "
        "has no stated_as, so the balance is compared signed (a deficit is negative); add "
        "stated_as: deficit to measure, or write the claimed value as 'a deficit of ...'\n"
    )
    lint = RUNNER.invoke(app, ["lint", path])
    assert (lint.exit_code, lint.stderr) == (0, warning)
    verify = RUNNER.invoke(app, ["verify", path])
    assert (verify.exit_code, verify.stderr) == (1, warning)


def test_a_file_of_only_not_checkable_claims_says_nothing_was_checked(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2018-01}\nclaims:\n  - id: a\n    quote: q\n"
        "    speaker: s\n    not_checkable: a date of a diplomatic event\n"
    )
    result = RUNNER.invoke(app, ["verify", str(path)])
    assert summary_line(result.stdout) == (
        "1 claim: 1 not-checkable. no claim could be checked: 1 not checkable by trade statistics."
    )


@pytest.mark.parametrize("date", ["2018-13", "2018-02-30", "2018-00", "0000"])
def test_a_source_date_that_does_not_exist_is_refused(tmp_path: Path, date: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        f"source: {{title: t, publisher: p, date: '{date}'}}\nclaims:\n  - id: a\n"
        "    quote: q\n    speaker: s\n    not_checkable: r\n"
    )
    result = RUNNER.invoke(app, ["lint", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"tradecheck: error: {path}:1:40: source.date: {date!r} is not a date that exists\n",
    )


def test_special_files_are_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    for target, kind in ((fifo, "a FIFO"), (Path("/dev/zero"), "a device")):
        for command in ("lint", "verify"):
            result = RUNNER.invoke(app, [command, str(target)])
            assert (result.exit_code, result.stderr) == (
                2,
                f"tradecheck: error: {target}: is {kind}, not a regular file; not read\n",
            ), (command, target)


def test_new_on_a_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes((ROOT / "tests" / "bad_claims" / "latin.yaml").read_bytes())
    before = path.read_bytes()
    result = RUNNER.invoke(
        app,
        ["new", str(path), "--quote", "q", "--speaker", "s", "--partner", "KR", "--flow",
         "exports", "--period", "2016", "--operation", "level", "--claimed", "$42.3 billion"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tradecheck: error: {path}: not UTF-8 text (byte ")
    assert path.read_bytes() == before


def test_warnings_come_among_the_problems_of_an_invalid_file(tmp_path: Path) -> None:
    """One pass: a deficit quote without stated_as (a warning) in a file whose other claim has
    a bad flow (an error): both, sorted by line, exit 2."""
    path = tmp_path / "mixed.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2018-01}\n"
        "claims:\n"
        "  - id: signed\n"
        "    quote: the US deficit with Korea was $27.6 billion\n"
        "    speaker: s\n"
        "    measure: {flow: balance, partner: Korea}\n"
        "    period: 2016\n"
        "    operation: level\n"
        '    claimed: "$27.6 billion"\n'
        "  - id: bad\n"
        "    quote: q\n"
        "    speaker: s\n"
        "    measure: {flow: export, partner: Korea}\n"
        "    period: 2016\n"
        "    operation: level\n"
        '    claimed: "$42.3 billion"\n'
    )
    for command in ("lint", "verify"):
        result = RUNNER.invoke(app, [command, str(path)])
        assert (result.exit_code, result.stderr.splitlines()) == (
            2,
            [
                f"tradecheck: warning: {path}:3:5: claims[0]: the quote says 'deficit' but the "
                "record has no stated_as, so the balance is compared signed (a deficit is "
                "negative); add stated_as: deficit to measure, or write the claimed value as "
                "'a deficit of ...'",
                f"tradecheck: error: {path}:13:21: claims[1].measure.flow: 'export' is not one "
                "of 'exports', 'imports', 'balance' or 'total'",
            ],
        ), command


def test_new_appends_to_a_file_started_with_an_empty_claims_list(tmp_path: Path) -> None:
    path = tmp_path / "start.yaml"
    path.write_text("source: {title: t, publisher: p, date: 2018-01}\nclaims: []\n")
    result = RUNNER.invoke(
        app,
        ["new", str(path), "--id", "exports-2016", "--quote", "q", "--speaker", "s", "--partner",
         "KR", "--flow", "exports", "--period", "2016", "--operation", "level", "--claimed",
         "$42.3 billion"],
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, f"added claim exports-2016 to {path}\n")
    assert path.read_text().startswith(
        "source: {title: t, publisher: p, date: 2018-01}\nclaims:\n  - id: exports-2016\n"
    )
    assert RUNNER.invoke(app, ["lint", str(path)]).stdout == f"{path}: 1 claim, no problems\n"
