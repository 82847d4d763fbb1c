"""tradecheck fetch end to end: the real CLI against the fake Census server (real HTTP on
127.0.0.1) serving the real rows of fixtures/, and the cache those answers land in."""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cells import ROOT, country_dollars, enduse_dollars
from fake_census import FakeCensus
from tradecheck.cli import app
from tradecheck.domain import Commodity, CommoditySystem, FlowCode, Period
from tradecheck.engine import verify_files
from tradecheck.series.api import build_request
from tradecheck.series.bundle import Bundle
from tradecheck.series.cache import Cache

KORUS = str(ROOT / "claims" / "korus-2018.yaml")
RUNNER = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
KOREA_2016 = "exports, 5800 Korea, South, all goods, 2016"


def cache_dir() -> Path:
    return Path(os.environ["TRADECHECK_CACHE_DIR"])


def snapshot() -> dict[str, bytes]:
    root = cache_dir()
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def entries() -> list[Path]:
    return sorted(cache_dir().rglob("*.json"))


def one_claim_file(tmp_path: Path, partner: str = "South Korea") -> str:
    path = tmp_path / "one.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2018-01}\n"
        "claims:\n"
        "  - id: exports-2016\n"
        "    quote: US exports to Korea were $42.3 billion in 2016\n"
        "    speaker: USTR\n"
        f"    measure: {{flow: exports, partner: {partner}}}\n"
        "    period: 2016\n"
        "    operation: level\n"
        "    claimed: $42.3 billion\n"
    )
    return str(path)


def assert_key_absent(key: str, *texts: str) -> None:
    for text in texts:
        assert key not in text
    for path in cache_dir().rglob("*") if cache_dir().exists() else []:
        if path.is_file():
            assert key.encode() not in path.read_bytes(), path


def test_fetch_all_then_verify_reproduces_the_bundle_to_the_dollar(census: FakeCensus) -> None:
    result = RUNNER.invoke(app, ["fetch", "--all", KORUS])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "tradecheck: fetch: 8 series: 6 fetched, 0 already cached, 0 in the bundle, "
        "2 no data (204), 0 failed"
    )
    # Requests as the reference describes: the key sent, codes as strings, COMM_LVL pinned,
    # annual values as the December year-to-date variable.
    assert all(dict(r.params)["key"] == census.key for r in census.requests)
    enduse = [r.params for r in census.requests if r.path.endswith("exports/enduse")]
    assert ("E_ENDUSE", "3") in enduse[0] and ("COMM_LVL", "EU1") in enduse[0]
    assert {dict(p)["time"] for p in enduse} == {"2011-12", "2016-12"}
    assert all(dict(p)["get"].endswith("ALL_VAL_YR") for p in enduse)

    fetched = RUNNER.invoke(app, ["verify", KORUS, "--format", "json"])
    assert fetched.exit_code == 0, fetched.stderr
    api = {c["id"]: c for c in json.loads(fetched.stdout)["files"][0]["claims"]}
    bundle = {c.id: c for c in verify_files([Path(KORUS)]).files[0].claims}
    for claim_id in ("exports-2016", "exports-2011", "exports-decline", "auto-deficit-2016"):
        claim = api[claim_id]
        assert claim["verdict"] == bundle[claim_id].verdict.value
        assert claim["computed"]["value"] == bundle[claim_id].computed.value  # type: ignore[union-attr]
        for used, bundled in zip(claim["inputs"], bundle[claim_id].inputs, strict=True):
            assert used["source"] == "census-api"
            assert used["vintage"] == used["fetched_at"][:10]
            assert used["request"].startswith("GET ")
            assert bundled.source == "bundle"
            assert used["value"] == bundled.value
    # The numbers themselves, from the real cells:
    inputs = api["auto-deficit-2016"]["inputs"]
    assert inputs[0]["value"] == enduse_dollars(
        "enduse-exports/enduse_exports-2023-07.csv", "5800", "3", 2016
    )
    assert inputs[1]["value"] == enduse_dollars(
        "enduse-imports/enduse_imports-2026-04.xlsx", "5800", "3", 2016
    )
    assert api["exports-2016"]["inputs"][0]["value"] == country_dollars(
        "2026-04", "5800", 2016, "EYR"
    )
    assert api["auto-deficit-2016"]["verdict"] == "inaccurate"
    rise = api["auto-deficit-rise"]
    assert rise["verdict"] == "unverifiable"
    assert rise["reason"].startswith(
        "end-use 3 exports for 5800 Korea, South, 2011: bundled enduse-exports data starts in "
        "2013; the Census API answered 204 (no data) for it when fetched at "
    )


def test_fetch_requests_only_what_neither_bundle_nor_cache_holds(census: FakeCensus) -> None:
    first = RUNNER.invoke(app, ["fetch", KORUS])
    assert first.exit_code == 0, first.stderr
    assert first.stderr.splitlines()[-1] == (
        "tradecheck: fetch: 8 series: 0 fetched, 0 already cached, 6 in the bundle, "
        "2 no data (204), 0 failed"
    )
    assert len(census.requests) == 2
    second = RUNNER.invoke(app, ["fetch", KORUS])
    assert second.exit_code == 0
    assert "2 already cached, 6 in the bundle" in second.stderr
    assert len(census.requests) == 2
    # --all asks again and adds entries; nothing is overwritten.
    before = snapshot()
    assert RUNNER.invoke(app, ["fetch", "--all", KORUS]).exit_code == 0
    after = snapshot()
    assert all(after[name] == data for name, data in before.items())
    assert len(entries()) == 2 + 8


def test_no_key_configured_stops_before_any_request(census: FakeCensus, monkeypatch) -> None:
    monkeypatch.delenv("CENSUS_API_KEY")
    result = RUNNER.invoke(app, ["fetch", "--all", KORUS])
    assert result.exit_code == 2
    assert result.stderr == (
        "tradecheck: error: missing or invalid Census API key: none is set (set CENSUS_API_KEY "
        "or run `tradecheck key set`; see docs/census-api.md)\n"
    )
    assert census.requests == []
    assert snapshot() == {}


FAILURES = [
    (
        ["missing_key"],
        "fetch stopped: missing or invalid Census API key (the API redirected to missing_key)",
    ),
    (
        ["invalid_key"],
        "fetch stopped: missing or invalid Census API key (the API redirected to invalid_key)",
    ),
    (
        ["html"],
        "fetch stopped: missing or invalid Census API key (the API answered with an HTML page, "
        "not data)",
    ),
    (
        ["unknown_variable"],
        f"{KOREA_2016}: the Census API refused the request (HTTP 400: error: unknown variable "
        "'ALL_VAL_YR')",
    ),
    (
        ["429"] * 4,
        f"{KOREA_2016}: the Census API is rate limiting (HTTP 429) (gave up after 4 attempts)",
    ),
    (
        ["500"] * 4,
        f"{KOREA_2016}: the Census API failed (HTTP 500: There was an error while running your "
        "query.  We've logged the error and we'll correct it ASAP.  Sorry for the "
        "inconvenience.) (gave up after 4 attempts)",
    ),
    (
        ["timeout"] * 4,
        f"{KOREA_2016}: the Census API did not answer within 0.2 s (gave up after 4 attempts)",
    ),
    (
        ["truncated"] * 4,
        f"{KOREA_2016}: the connection broke off before the whole answer arrived (gave up "
        "after 4 attempts)",
    ),
    (
        ["not_json"] * 4,
        f"{KOREA_2016}: the Census API sent a body that is not JSON (truncated?) (gave up after "
        "4 attempts)",
    ),
    (
        ["no_columns"],
        f"{KOREA_2016}: unusable answer: the answer lacks the column ALL_VAL_YR (header: "
        "CTY_CODE, CTY_NAME, time)",
    ),
]


@pytest.mark.parametrize(("faults", "message"), FAILURES, ids=[f[0][0] for f in FAILURES])
def test_each_failure_is_one_line_exit_2_and_leaves_the_cache_unchanged(
    census: FakeCensus,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    faults: list[str],
    message: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("TRADECHECK_CENSUS_TIMEOUT", "0.2")
    census.hang_seconds = 1.0
    claims = one_claim_file(tmp_path)
    # A cache that already holds an answer: it must come out of the failure unchanged.
    assert RUNNER.invoke(app, ["fetch", "--all", KORUS]).exit_code == 0
    before = snapshot()
    census.requests.clear()
    census.faults[:] = faults
    result = RUNNER.invoke(app, ["fetch", "--all", claims])
    assert result.exit_code == 2
    assert result.stderr == (
        f"tradecheck: error: {message}\n"
        "tradecheck: fetch: 1 series: 0 fetched, 0 already cached, 0 in the bundle, "
        "0 no data (204), 1 failed\n"
    )
    assert len(census.requests) == len(faults)
    assert snapshot() == before
    assert census.faults == []
    report = RUNNER.invoke(app, ["verify", claims, "--format", "json"])
    assert report.exit_code == 0
    assert "HTTP Request: GET" in caplog.text  # DEBUG logging was on while fetching
    assert_key_absent(census.key, result.stdout, result.stderr, caplog.text, report.stdout)


def test_a_key_problem_stops_the_run_at_once(census: FakeCensus) -> None:
    census.faults[:] = ["invalid_key"]
    result = RUNNER.invoke(app, ["fetch", "--all", KORUS])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "tradecheck: fetch: 8 series: 0 fetched, 0 already cached, 0 in the bundle, "
        "0 no data (204), 1 failed, 7 not tried"
    )
    assert len(census.requests) == 1
    assert snapshot() == {}


def test_other_failures_do_not_stop_the_run(census: FakeCensus) -> None:
    census.faults[:] = ["unknown_variable"]
    result = RUNNER.invoke(app, ["fetch", "--all", KORUS])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "tradecheck: fetch: 8 series: 5 fetched, 0 already cached, 0 in the bundle, "
        "2 no data (204), 1 failed"
    )
    assert len(entries()) == 7


def test_retries_honour_retry_after_then_succeed(
    census: FakeCensus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradecheck.series import client

    waits: list[float] = []
    monkeypatch.setattr(client, "pause", waits.append)
    census.faults[:] = ["429-retry-after", "500"]
    census.retry_after = "7"
    result = RUNNER.invoke(app, ["fetch", "--all", one_claim_file(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert len(census.requests) == 3
    assert waits == [7.0, 0.02]  # Retry-After, then the backoff (0.01 doubled)
    korea = Bundle().partners["5800"]
    request = build_request(FlowCode.EXPORTS, korea, Commodity(CommoditySystem.ALL), Period(2016))
    [entry] = Cache(cache_dir()).entries(request)
    assert entry.values == {"2016-12": country_dollars("2026-04", "5800", 2016, "EYR")}


def test_no_api_counterpart_is_a_failed_series(census: FakeCensus, tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["fetch", "--all", one_claim_file(tmp_path, partner="'0016'")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "tradecheck: error: exports, 0016 Asia, all goods, 2016: no API counterpart for 0016 Asia"
    )
    assert census.requests == []


def test_verify_without_fetch_opens_no_connection(
    census: FakeCensus, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert RUNNER.invoke(app, ["fetch", "--all", KORUS]).exit_code == 0
    seen = len(census.requests)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("verify opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = RUNNER.invoke(app, ["verify", KORUS, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)["files"][0]["claims"]
    assert claims[0]["inputs"][0]["source"] == "census-api"
    assert len(census.requests) == seen


def test_verify_fetch_fetches_then_verifies(census: FakeCensus) -> None:
    result = RUNNER.invoke(app, ["verify", "--fetch", KORUS, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "2 no data (204)" in result.stderr
    rise = json.loads(result.stdout)["files"][0]["claims"][5]
    assert rise["id"] == "auto-deficit-rise"
    assert "the Census API answered 204 (no data)" in rise["reason"]


def test_a_corrupt_entry_is_reported_once_ignored_and_refetched(census: FakeCensus) -> None:
    assert RUNNER.invoke(app, ["fetch", "--all", KORUS]).exit_code == 0
    request = next(r for r in census.requests if "time=2016-12" in r.raw_query)
    assert request.path.endswith("exports/hs")
    victim = next(
        p for p in entries() if "ALL_VAL_YR&time=2016-12" in p.read_text().replace("%2C", ",")
    )
    victim.write_text(victim.read_text().replace("4226", "9999", 1))
    result = RUNNER.invoke(app, ["verify", KORUS, "--format", "json"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "corrupt" in line]
    assert warnings == [
        f"tradecheck: warning: ignoring corrupt cache entry {victim} (its checksum does not "
        "match its content)"
    ]
    claims = {c["id"]: c for c in json.loads(result.stdout)["files"][0]["claims"]}
    used = claims["exports-2016"]["inputs"][0]
    assert used["source"] == "bundle"  # the corrupt answer is never used
    assert used["value"] == country_dollars("2026-04", "5800", 2016, "EYR")
    again = RUNNER.invoke(app, ["fetch", KORUS])
    assert again.exit_code == 0
    assert again.stderr.splitlines()[-1] == (
        "tradecheck: fetch: 8 series: 0 fetched, 2 already cached, 6 in the bundle, "
        "0 no data (204), 0 failed"
    )


KILLER = """
import os, signal, sys
from tradecheck.series import cache
calls = 0
real = cache._write_file
def dying_write(path, data):
    global calls
    calls += 1
    if calls == 3:  # two entries are committed; die halfway through writing the third
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    real(path, data)
cache._write_file = dying_write
from tradecheck.cli import app
sys.argv = ["tradecheck"] + sys.argv[1:]
app()
"""


def run_cli(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_fetch_killed_mid_write_leaves_only_whole_entries(census: FakeCensus) -> None:
    env = dict(os.environ)
    process = run_cli("-c", KILLER, "fetch", "--all", KORUS, env=env)
    process.communicate(timeout=60)
    assert process.returncode == -9
    committed = entries()
    assert len(committed) == 2
    leftovers = [p for p in cache_dir().rglob("*") if p.is_file() and p.suffix != ".json"]
    assert len(leftovers) == 1 and leftovers[0].name.endswith(".tmp")
    result = RUNNER.invoke(app, ["verify", KORUS, "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == ""  # no corrupt entry seen: the half-written one is not an entry
    for path in committed:
        document = json.loads(path.read_text())
        assert document["status"] == 200 and document["values"]
    rest = RUNNER.invoke(app, ["fetch", KORUS])
    assert rest.exit_code == 0


def test_two_concurrent_fetches_share_one_cache(census: FakeCensus) -> None:
    env = dict(os.environ)
    processes = [run_cli("-m", "tradecheck", "fetch", "--all", KORUS, env=env) for _ in range(2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    paths = entries()
    assert len(paths) == 16
    assert not [p for p in cache_dir().rglob("*.tmp")]
    problems: list[str] = []
    cache = Cache(cache_dir(), warn=problems.append)
    by_request: dict[str, int] = {}
    for path in paths:
        by_request[path.parent.name] = by_request.get(path.parent.name, 0) + 1
        assert cache.read_entry(path) is not None
    assert problems == []
    assert sorted(by_request.values()) == [2] * 8


def test_key_set_writes_a_private_file_and_never_echoes(tmp_path: Path) -> None:
    key = "a" * 20 + "0123456789" * 2
    result = RUNNER.invoke(app, ["key", "set"], input=key + "\n")
    assert result.exit_code == 0, result.stderr
    path = Path(os.environ["TRADECHECK_CONFIG_DIR"]) / "census-api-key"
    assert result.stdout.endswith(f"Census API key stored in {path} (readable by you only).\n")
    assert key not in result.stdout + result.stderr
    assert path.read_text() == key + "\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    status = RUNNER.invoke(app, ["key", "status"])
    assert status.stdout == f"a Census API key is set, from the key file {path}\n"
    assert RUNNER.invoke(app, ["key", "remove"]).stdout == f"removed {path}\n"
    missing = RUNNER.invoke(app, ["key", "status"])
    assert missing.exit_code == 2
    assert missing.stderr == (
        "tradecheck: error: no Census API key: set CENSUS_API_KEY or run `tradecheck key set` "
        f"({path})\n"
    )
    bad = RUNNER.invoke(app, ["key", "set"], input="not a key!\n")
    assert bad.exit_code == 2
    assert bad.stderr == (
        "tradecheck: error: a Census API key is letters and digits only (40 characters); "
        "nothing was written\n"
    )


def test_cache_info_and_clear(census: FakeCensus) -> None:
    assert RUNNER.invoke(app, ["fetch", KORUS]).exit_code == 0
    info = RUNNER.invoke(app, ["cache", "info"])
    assert info.stdout.startswith(f"{cache_dir()}: 2 cached answers, ")
    cleared = RUNNER.invoke(app, ["cache", "clear", "--yes"])
    assert cleared.stdout == f"deleted 2 cached answers from {cache_dir()}\n"
    assert entries() == []


def test_an_unreachable_host_stops_the_run_after_one_series(
    census: FakeCensus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing listens on the port: the first series is retried, the others are not tried."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setenv("TRADECHECK_CENSUS_URL", url)
    refused = f"[Errno {errno.ECONNREFUSED}] {os.strerror(errno.ECONNREFUSED)}"
    result = RUNNER.invoke(app, ["fetch", "--all", KORUS])
    assert result.exit_code == 2
    assert result.stderr == (
        f"tradecheck: error: fetch stopped: cannot reach {url} ({refused}) "
        "(gave up after 4 attempts)\n"
        "tradecheck: fetch: 8 series: 0 fetched, 0 already cached, 0 in the bundle, "
        "0 no data (204), 1 failed, 7 not tried\n"
    )
    assert census.requests == []
    assert snapshot() == {}


def test_a_file_system_without_hard_links_still_gets_whole_entries(
    census: FakeCensus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAT and some network shares refuse os.link; entries are then renamed into place."""

    def no_hard_links(src: object, dst: object) -> None:
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_hard_links)
    result = RUNNER.invoke(app, ["fetch", "--all", KORUS])
    assert result.exit_code == 0, result.stderr
    assert len(entries()) == 8
    assert not [p for p in cache_dir().rglob("*") if p.name.endswith(".tmp")]
    report = json.loads(RUNNER.invoke(app, ["verify", KORUS, "--format", "json"]).stdout)
    used = report["files"][0]["claims"][0]["inputs"][0]
    assert used["source"] == "census-api"
    assert used["value"] == country_dollars("2026-04", "5800", 2016, "EYR")
