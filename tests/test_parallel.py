"""A large claims file checked on several processes gives, byte for byte, what one process
gives: the same JSON, the same table, the same exit code."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tradecheck import parallel
from tradecheck.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
COUNT = 260  # three chunks of parallel.CHUNK (100): two workers, one of them given two


@pytest.fixture(scope="module")
def claims_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Claims drawn from the bundled rows by the benchmark's generator (fixed seed)."""
    path = tmp_path_factory.mktemp("parallel") / "claims.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_claims.py"), str(COUNT), str(path)],
        check=True,
    )
    return path


def _verify(path: Path, workers: str, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRADECHECK_WORKERS": workers}
    return subprocess.run(
        [sys.executable, "-m", "tradecheck", "verify", *options, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize("options", [("--format", "json"), ()], ids=["json", "table"])
def test_two_processes_give_what_one_gives(claims_file: Path, options: tuple[str, ...]) -> None:
    one = _verify(claims_file, "1", *options)
    two = _verify(claims_file, "2", *options)
    assert one.stderr == two.stderr == ""
    assert two.stdout == one.stdout
    assert two.returncode == one.returncode == 1  # some generated claims are moved off
    if options:
        report = json.loads(two.stdout)
        claims = report["files"][0]["claims"]
        assert [c["id"] for c in claims] == [f"c{n}" for n in range(1, COUNT + 1)]
        # The changes carry their windows from the workers too.
        assert any(c["windows"] for c in claims)


def test_a_bad_number_of_processes_is_one_line_and_exit_2(claims_file: Path) -> None:
    done = _verify(claims_file, "two")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "tradecheck: error: TRADECHECK_WORKERS='two': give a whole number of processes, 1 or "
        "more (1 checks every claim in this process; unset, one per core for 1,000 claims or "
        "more)\n"
    )


def test_how_many_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    assert parallel.processes(parallel.LEAST - 1) == 1
    assert parallel.processes(parallel.LEAST) == 2
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 16)
    assert parallel.processes(10_000) == parallel.MOST == 4
    assert parallel.processes(5, asked=3) == 3
    assert parallel.processes(10_000, asked=1) == 1


def _square_or_fail(n: int) -> int:
    if n == 150:
        raise InputError("item 150 is refused")
    return n * n


def test_ordered_map_keeps_order_and_raises_a_workers_error() -> None:
    items = list(range(140))
    assert list(parallel.ordered_map(_square_or_fail, items, 2)) == [n * n for n in items]
    with pytest.raises(InputError, match="item 150 is refused"):
        list(parallel.ordered_map(_square_or_fail, list(range(300)), 2))


PARENT = os.getpid()


def _killed_at_150(n: int) -> int:
    if n == 150 and os.getpid() != PARENT:  # in a worker: as the kernel's OOM killer would
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def test_a_worker_killed_stops_the_run_with_one_error_and_no_worker_left() -> None:
    started = time.monotonic()
    with pytest.raises(parallel.WorkerDied) as raised:
        list(parallel.ordered_map(_killed_at_150, list(range(400)), 2))
    assert time.monotonic() - started < 30  # not a wait for ever
    assert str(raised.value).startswith("a worker process stopped before giving its claims' ")
    assert "TRADECHECK_WORKERS=1" in str(raised.value)
    # The workers are terminated; the executor may start a replacement for the dead one,
    # which ends at its shutdown: within moments, no process is left.
    deadline = time.monotonic() + 15
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert multiprocessing.active_children() == []
