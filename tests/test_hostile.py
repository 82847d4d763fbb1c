"""A hostile or broken Census API on 127.0.0.1 (the tests' fake server, with faults made from
its real answers): every bad answer is one line and exit 2, the cache is byte for byte as it
was, and a later verify uses the bundle's exact number, never the bad one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cells import ROOT, enduse_dollars
from fake_census import FakeCensus
from test_fetch import snapshot
from tradecheck.cli import app

RUNNER = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
SERIES = "imports, 5800 Korea, South, end-use 30, 2016"
IMPORTS_30 = enduse_dollars("enduse-imports/enduse_imports-2026-04.xlsx", "5800", "30", 2016)


def prefix_claim(tmp_path: Path) -> str:
    """Korea's 2016 imports of end-use 30 (a prefix request: the API's rows are summed)."""
    path = tmp_path / "prefix.yaml"
    claimed = f"${IMPORTS_30 / 10**9:.1f} billion"
    path.write_text(
        "source: {title: t, publisher: p, date: 2018-01}\n"
        "claims:\n"
        "  - id: autos-30\n"
        "    quote: q\n"
        "    speaker: s\n"
        "    measure: {flow: imports, partner: Korea, commodity: end-use 30}\n"
        "    period: 2016\n"
        "    operation: level\n"
        f'    claimed: "{claimed}"\n'
    )
    return str(path)


HOSTILE = [
    ("repeat_row", "unusable answer: the answer has two rows for 30230 2016-12"),
    ("other_time", "unusable answer: row 2 is for time 2015-12, which was not requested"),
    ("other_partner", "unusable answer: row 2 is for CTY_CODE 5700, not the 5800 requested"),
    (
        "superscript",
        "unusable answer: row 2: GEN_VAL_YR is {v}\u00b2, not whole dollars (ASCII digits, at "
        "most 15)",
    ),
    (
        "huge_value",
        "unusable answer: row 2: GEN_VAL_YR is " + "9" * 40 + ", not whole dollars (ASCII "
        "digits, at most 15)",
    ),
    ("deep_json", "unusable answer: JSON nested too deep to be a table"),
    ("big_body", "the answer is {size} bytes, more than 16,777,216"),
    ("gzip_bomb", "the answer is more than 16,777,216 bytes (decompressed)"),
    (
        "lt_json",
        "unusable answer: markup (<error>not data</error>...) under Content-Type "
        "application/json, not JSON data",
    ),
    (
        "escape_400",
        "the Census API refused the request (HTTP 400: \\x1b]8;;http://x\\x07click\\x1b]8;;\\x07 "
        "\\x1b[2J)",
    ),
]


@pytest.mark.parametrize(("fault", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_answer_is_refused_and_never_used(
    census: FakeCensus, tmp_path: Path, fault: str, message: str
) -> None:
    claims = prefix_claim(tmp_path)
    first = census.answer(
        "/data/timeseries/intltrade/imports/enduse",
        [
            ("get", "CTY_CODE,CTY_NAME,I_ENDUSE,GEN_VAL_YR"),
            ("time", "2016-12"),
            ("CTY_CODE", "5800"),
            ("I_ENDUSE", "30*"),
            ("COMM_LVL", "EU5"),
            ("key", census.key),
        ],
    )
    rows = json.loads(first[2])
    value = rows[1][rows[0].index("GEN_VAL_YR")]
    size = f"{len(first[2]) + 17 * 1024 * 1024:,}"
    before = snapshot()
    census.faults[:] = [fault]
    result = RUNNER.invoke(app, ["fetch", "--all", claims])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"tradecheck: error: {SERIES}: {message.format(v=value, size=size)}"
    )
    assert snapshot() == before  # nothing cached
    report = json.loads(RUNNER.invoke(app, ["verify", claims, "--format", "json"]).stdout)
    [claim] = report["files"][0]["claims"]
    assert [i["source"] for i in claim["inputs"]] == ["bundle"]
    assert claim["inputs"][0]["value"] == IMPORTS_30
    assert claim["verdict"] == "accurate"


def test_the_prefix_answer_sums_to_the_bundle_when_it_is_sound(
    census: FakeCensus, tmp_path: Path
) -> None:
    claims = prefix_claim(tmp_path)
    assert RUNNER.invoke(app, ["fetch", "--all", claims]).exit_code == 0
    report = json.loads(RUNNER.invoke(app, ["verify", claims, "--format", "json"]).stdout)
    [claim] = report["files"][0]["claims"]
    assert claim["inputs"][0]["source"] == "census-api"
    assert claim["inputs"][0]["value"] == IMPORTS_30


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"values": {"2016-12": int("9" * 400)}}, "a value is not whole dollars below 10**15"),
        ({"fetched_at": "9999-01-01T00:00:00Z"}, "it is dated 9999-01-01T00:00:00Z, after now"),
    ],
    ids=["400-digit-value", "dated-9999"],
)
def test_a_tampered_cache_entry_is_a_warning_and_the_bundle_answers(
    census: FakeCensus, tmp_path: Path, change: dict[str, object], why: str
) -> None:
    """An entry rewritten with a valid checksum (a checksum is no authentication)."""
    from test_fetch import entries
    from tradecheck.series.cache import _checksum

    claims = prefix_claim(tmp_path)
    assert RUNNER.invoke(app, ["fetch", "--all", claims]).exit_code == 0
    [entry] = entries()
    document = json.loads(entry.read_text())
    document.update(change)
    document["sha256"] = _checksum(document)
    entry.write_text(json.dumps(document))
    result = RUNNER.invoke(app, ["verify", claims, "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == f"tradecheck: warning: ignoring corrupt cache entry {entry} ({why})\n"
    [claim] = json.loads(result.stdout)["files"][0]["claims"]
    assert claim["inputs"][0]["source"] == "bundle"
    assert claim["inputs"][0]["value"] == IMPORTS_30


@pytest.mark.parametrize(
    "claimed",
    ["$999999999999999999999999999 billion", "$42.33333333333333333333333333 billion"],
)
def test_claimed_values_beyond_any_trade_figure_are_refused_by_lint(
    tmp_path: Path, claimed: str
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2018-01}\nclaims:\n  - id: a\n    quote: q\n"
        "    speaker: s\n    measure: {flow: exports, partner: Korea}\n    period: 2016\n"
        f'    operation: level\n    claimed: "{claimed}"\n'
    )
    for command in ("lint", "verify", "explain"):
        args = [command, "a", str(path)] if command == "explain" else [command, str(path)]
        result = RUNNER.invoke(app, args)
        assert (result.exit_code, result.stderr) == (
            2,
            f"tradecheck: error: {path}:9:14: claims[0].claimed: {claimed!r} has more digits "
            "than a trade figure is written with (at most 15 before the decimal point and 6 "
            "after it)\n",
        ), command


def test_yaml_nested_deeper_than_a_claims_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("claims:" + " [" * 500 + " ]" * 500 + "\n")
    result = RUNNER.invoke(app, ["lint", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"tradecheck: error: {path}:1:49: nested more than 20 levels deep (a claims file needs 4)\n",
    )


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_mid_report_is_exit_2_with_one_line(tmp_path: Path, signum: int) -> None:
    """Interrupted while a 10,000-claim JSON report streams (at three points): exit 2, one line
    saying the output is incomplete, never exit 1 or a traceback."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_claims import make

    claims = tmp_path / "many.yaml"
    claims.write_text(make(10000))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    interrupted = 0
    # Not earlier: a signal before the interpreter runs any of tradecheck cannot be handled.
    for delay in (0.5, 0.9, 1.3):
        child = subprocess.Popen(
            [sys.executable, "-m", "tradecheck", "verify", str(claims), "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        time.sleep(delay)
        child.send_signal(signum)
        _, err = child.communicate(timeout=60)
        if child.returncode == 0:
            continue  # finished before the signal: nothing to check at this delay
        name = signal.Signals(signum).name
        assert child.returncode == 2, err
        assert err.decode().strip() == (
            f"tradecheck: error: interrupted ({name}); output written before it is incomplete"
        )
        interrupted += 1
    assert interrupted >= 2  # the first delays are well within a 10,000-claim run


def test_terminal_escapes_in_claims_text_are_shown_escaped(tmp_path: Path) -> None:
    """A quote, title and not_checkable reason carrying an OSC 8 hyperlink, a BEL and a screen
    clear: no human output passes them raw; JUnit and JSON stay well-formed."""
    from xml.etree import ElementTree

    evil = "\x1b]8;;http://x\x07click\x1b]8;;\x07\x1b[2J"
    path = tmp_path / "evil.yaml"
    path.write_text(
        json.dumps(
            {
                "source": {"title": f"T{evil}", "publisher": "P", "date": "2018-01"},
                "claims": [
                    {"id": "a", "quote": f"q{evil}", "speaker": "s", "not_checkable": f"r{evil}"}
                ],
            }
        )
    )
    shown = "\\x1b]8;;http://x\\x07click\\x1b]8;;\\x07\\x1b[2J"
    table = RUNNER.invoke(app, ["verify", str(path)]).stdout
    explain = RUNNER.invoke(app, ["explain", "a", str(path)]).stdout
    for text in (table, explain):
        assert "\x1b" not in text and "\x07" not in text
        assert f"q{shown}" in text
    assert f"T{shown}" in table and f"r{shown}" in table
    junit = RUNNER.invoke(app, ["verify", str(path), "--format", "junit"]).stdout
    ElementTree.fromstring(junit.split("\n", 1)[1])  # parses
    assert f"q{shown}" in junit
    report = json.loads(RUNNER.invoke(app, ["verify", str(path), "--format", "json"]).stdout)
    assert report["files"][0]["claims"][0]["quote"] == f"q{evil}"  # JSON keeps the data exact


@pytest.mark.parametrize(
    ("vintage", "why"),
    [
        (
            "\u0662\u0660\u0661\u0668-\u0661\u0660",
            "(YYYY-MM, e.g. 2018-10, or a fetch date YYYY-MM-DD, in ASCII digits)",
        ),
        (
            "\uff12\uff10\uff11\uff18-\uff11\uff10",
            "(YYYY-MM, e.g. 2018-10, or a fetch date YYYY-MM-DD, in ASCII digits)",
        ),
        ("2018-99", ": no such month or day"),
        ("2026-02-30", ": no such month or day"),
    ],
    ids=["arabic-indic", "fullwidth", "month-99", "february-30"],
)
def test_a_vintage_is_ascii_digits_and_a_real_month(vintage: str, why: str) -> None:
    result = RUNNER.invoke(
        app, ["verify", str(ROOT / "claims" / "korus-2018.yaml"), "--vintage", vintage]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        f"tradecheck: error: --vintage {vintage!r} is not a vintage name {why}\n".replace(
            "name :", "name:"
        ),
    )


@pytest.mark.parametrize("written", ["33:36", "0x7E0", "0b11111100000", "2_016", "+2016"])
def test_yaml_1_1_number_forms_are_refused(tmp_path: Path, written: str) -> None:
    path = tmp_path / "y.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2018-01}\nclaims:\n  - id: a\n    quote: q\n"
        "    speaker: s\n    measure: {flow: exports, partner: Korea}\n"
        f"    period: {written}\n    operation: level\n    claimed: $42.3 billion\n"
    )
    result = RUNNER.invoke(app, ["lint", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"tradecheck: error: {path}:7:13: claims[0].period: {written!r} is a YAML 1.1 way of "
        "writing a number; write plain digits (2016) or quote it\n",
    )


def test_non_ascii_digits_in_periods_and_claimed_values_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2018-01}\nclaims:\n  - id: a\n    quote: q\n"
        "    speaker: s\n    measure: {flow: exports, partner: Korea}\n"
        "    period: '\u0662\u0660\u0661\u0666'\n    operation: level\n"
        "    claimed: $\u0664\u0662.3 billion\n"
    )
    result = RUNNER.invoke(app, ["lint", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"tradecheck: error: {path}:7:13: claims[0].period: '\u0662\u0660\u0661\u0666' is not a "
        "period: a year (2016), a month ('2016-03'), a quarter ('2016-Q3'), a half ('2016-H1') "
        "or a range summed ('2020-01..2020-08', '2001..2024')",
        f"tradecheck: error: {path}:9:14: claims[0].claimed: cannot read "
        "'$\u0664\u0662.3 billion' as a value; accepted forms: '$42.3 billion', '2.7%', "
        "'0.5 points', 'doubled', 'three times', 'by a third', 'fell', after words such as "
        "'more than', 'nearly', 'a decline of' (the README lists every word)",
    ]


def test_a_key_that_is_not_letters_and_digits_is_refused_before_use(
    census: FakeCensus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CENSUS_API_KEY", "rt+KEY/with=signs")
    result = RUNNER.invoke(app, ["fetch", "--all", str(ROOT / "claims" / "korus-2018.yaml")])
    assert (result.exit_code, result.stderr) == (
        2,
        "tradecheck: error: CENSUS_API_KEY is not a Census API key (letters and digits only)\n",
    )
    assert census.requests == []


def test_a_symlink_loop_says_what_it_is(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    result = RUNNER.invoke(app, ["lint", str(loop)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"tradecheck: error: {loop}: a symbolic link that leads nowhere (a loop, or no target)\n",
    )


def test_junk_in_the_cache_is_summed_up_and_never_blocks(
    census: FakeCensus, tmp_path: Path
) -> None:
    """A FIFO named like an entry (reading it would block forever), JSON nested 100,000 deep
    and eight more junk files: five are named, the rest summed up in one line; verify uses
    the sound entry and the bundle."""
    from test_fetch import entries

    claims = prefix_claim(tmp_path)
    assert RUNNER.invoke(app, ["fetch", "--all", claims]).exit_code == 0
    [entry] = entries()
    folder = entry.parent
    os.mkfifo(folder / "0-fifo.json")
    (folder / "1-deep.json").write_text("[" * 100_000 + "]" * 100_000)
    for n in range(8):
        (folder / f"2-junk{n}.json").write_text("{}")
    result = RUNNER.invoke(app, ["verify", claims, "--format", "json"])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 6
    assert lines[0] == (
        f"tradecheck: warning: ignoring corrupt cache entry {folder / '0-fifo.json'} "
        f"({folder / '0-fifo.json'} is not a regular file)"
    )
    assert lines[-1] == (
        "tradecheck: warning: ignoring more corrupt cache entries without naming each; "
        "`tradecheck cache clear` removes them"
    )
    [claim] = json.loads(result.stdout)["files"][0]["claims"]
    assert claim["inputs"][0]["source"] == "census-api"
    assert claim["inputs"][0]["value"] == IMPORTS_30


def test_a_stored_answer_that_does_not_match_its_hash_is_ignored(
    census: FakeCensus, tmp_path: Path
) -> None:
    import base64

    from test_fetch import entries
    from tradecheck.series.cache import _checksum

    claims = prefix_claim(tmp_path)
    assert RUNNER.invoke(app, ["fetch", "--all", claims]).exit_code == 0
    [entry] = entries()
    document = json.loads(entry.read_text())
    body = base64.b64decode(document["response_base64"])
    assert json.loads(body)[0][:2] == ["CTY_CODE", "CTY_NAME"]  # the answer itself is kept
    document["response_base64"] = base64.b64encode(body + b" ").decode()
    document["sha256"] = _checksum(document)
    entry.write_text(json.dumps(document))
    result = RUNNER.invoke(app, ["verify", claims, "--format", "json"])
    assert result.stderr == (
        f"tradecheck: warning: ignoring corrupt cache entry {entry} (its stored answer does not "
        "match its response_sha256)\n"
    )
    [claim] = json.loads(result.stdout)["files"][0]["claims"]
    assert claim["inputs"][0]["source"] == "bundle"


def test_a_key_file_others_can_read_is_warned_about(
    census: FakeCensus, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = census.key
    monkeypatch.delenv("CENSUS_API_KEY")
    assert RUNNER.invoke(app, ["key", "set"], input=key + "\n").exit_code == 0
    path = Path(os.environ["TRADECHECK_CONFIG_DIR"]) / "census-api-key"
    path.chmod(0o644)
    result = RUNNER.invoke(app, ["fetch", "--all", str(ROOT / "claims" / "korus-2018.yaml")])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"tradecheck: warning: the Census API key file {path} can be read by others (mode 644); "
        f"`chmod 600 {path}`"
    )


def test_a_server_dripping_its_headers_is_bounded_by_the_timeout(
    census: FakeCensus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each attempt ends at the timeout (0.5 s) although bytes keep arriving every 0.2 s."""
    monkeypatch.setenv("TRADECHECK_CENSUS_TIMEOUT", "0.5")
    claims = prefix_claim(tmp_path)
    census.faults[:] = ["drip_headers"] * 4
    started = time.monotonic()
    result = RUNNER.invoke(app, ["fetch", "--all", claims])
    took = time.monotonic() - started
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"tradecheck: error: {SERIES}: the Census API did not answer within 0.5 s (gave up "
        "after 4 attempts)"
    )
    assert took < 5  # four attempts of 0.5 s and back-off; one drip alone lasts 6 s
    assert snapshot() == {}


def test_an_unreadable_claims_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mode-000 file. The tests run as root, who can read it anyway, so the operating system's
    refusal is raised where the file is opened, as it is for any other user."""
    path = tmp_path / "locked.yaml"
    path.write_text("source: {title: t, publisher: p, date: 2018-01}\nclaims: []\n")
    path.chmod(0)
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refusing_open)
    for command in ("lint", "verify"):
        result = RUNNER.invoke(app, [command, str(path)])
        assert (result.exit_code, result.stderr) == (
            2,
            f"tradecheck: error: {path}: cannot read: Permission denied\n",
        ), command
