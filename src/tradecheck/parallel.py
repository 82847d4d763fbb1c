"""A large claims file checked on several processes, its reports given back in order.

The claims are cut into chunks; each chunk is checked in a worker forked from this process,
so that the loaded claims files, the bundled data and every cache are shared (copy on
write) instead of loaded again. The reports come back pickled, chunk by chunk, in the
claims' order: every renderer sees exactly what one process would give it.

Where processes cannot fork (not Linux or macOS), for a run of fewer than `LEAST` claims
(starting the workers would cost more than they save), on a single core, or when asked for
one process (`TRADECHECK_WORKERS=1`, read by the CLI), the claims are checked here, one after
another.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from tradecheck.errors import TradecheckError

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 100  # claims per task: small enough to balance the workers, large enough to be cheap
WATCH = 1.0  # seconds between checks that the workers are alive, while a chunk is awaited
LEAST = 1000  # claims in a file before it is worth more than one process
MOST = 4  # processes chosen by default (the work is CPU-bound; more cores, more memory)


class WorkerDied(TradecheckError):
    """A worker process stopped (killed, out of memory) before giving its results."""


# What the workers compute, set before they fork (a forked worker finds it in its copy of
# this module; nothing is pickled to send it).
_job: Callable[[Any], Any] | None = None


def processes(count: int, asked: int | None = None) -> int:
    """How many processes check `count` claims: `asked` when given (1: this one alone); else
    one per core, up to `MOST`, for `LEAST` claims or more; else 1."""
    if not hasattr(os, "fork"):
        return 1
    if asked is not None:
        return asked
    if count < LEAST:
        return 1
    return max(1, min(MOST, os.cpu_count() or 1))


def ordered_map(function: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[R]:
    """`function` of each item, in order: here, or with `workers` > 1 on that many forked
    processes, `CHUNK` items to a task, while this one gathers their results in order (and
    renders them). A worker's exception is raised here."""
    if workers <= 1 or len(items) <= CHUNK:
        yield from map(function, items)
        return
    # Imported here: a run of one process (most) does not pay for them at start-up.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _job
    _job = function
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    # A forked worker must not write what this process has buffered but not yet written.
    sys.stdout.flush()
    sys.stderr.flush()
    executor = ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_quiet,
    )
    finished = False
    started: list[Any] = []
    try:
        futures = [executor.submit(_chunk, chunk) for chunk in chunks]
        # The workers, as started by the first task (the executor forgets one it found dead).
        started = _workers(executor)
        for future in futures:
            yield from _result(future, started)
        finished = True
    finally:
        if not finished:
            # Stopped early (an error, a closed pipe, a signal, a dead worker): the workers
            # are stopped, not waited for (one may be blocked writing a result no one reads).
            _stop(started or _workers(executor))
        executor.shutdown(wait=finished, cancel_futures=True)
        _job = None


def _result(future: Any, started: list[Any]) -> list[Any]:
    """A chunk's results; WorkerDied when a worker stopped without giving them (killed, out
    of memory) rather than a wait for ever."""
    from concurrent.futures import TimeoutError as Pending
    from concurrent.futures.process import BrokenProcessPool

    while True:
        try:
            return list(future.result(timeout=WATCH))
        except Pending:
            gone = [p for p in started if not p.is_alive()]
            if gone:
                raise WorkerDied(_died(gone)) from None
        except BrokenProcessPool:
            raise WorkerDied(_died([])) from None


def _workers(executor: Any) -> list[Any]:
    """The executor's worker processes (its `_processes`, pid -> Process, since Python 3.2)."""
    return list((getattr(executor, "_processes", None) or {}).values())


def _died(gone: list[Any]) -> str:
    codes = ", ".join(f"exit {p.exitcode}" for p in gone)
    how = f" ({codes})" if codes else ""
    return (
        f"a worker process stopped before giving its claims' reports{how}; the output stops "
        "at the last claim checked (rerun, or with TRADECHECK_WORKERS=1 to check in one process)"
    )


def _stop(workers: list[Any]) -> None:
    """Every worker terminated, and waited for a moment."""
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(timeout=5)


def _chunk(items: Sequence[Any]) -> list[Any]:
    assert _job is not None, "set before the workers fork"
    return [_job(item) for item in items]


def _quiet() -> None:
    """A worker leaves Ctrl-C to the parent (which stops it), ends at the parent's SIGTERM
    and writes nothing: the parent's standard streams are the parent's."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's terminate stops it at once
    devnull = open(os.devnull, "w")  # noqa: SIM115 (the worker's until it exits)
    sys.stdout = sys.stderr = devnull
