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

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 100  # claims per task: small enough to balance the workers, large enough to be cheap
LEAST = 1000  # claims in a file before it is worth more than one process
MOST = 4  # processes chosen by default (the work is CPU-bound; more cores, more memory)

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
    try:
        for results in executor.map(_chunk, chunks):
            yield from results
    finally:
        # Done, or stopped early (an error, a closed pipe): no waiting for the chunks left.
        executor.shutdown(wait=True, cancel_futures=True)
        _job = None


def _chunk(items: Sequence[Any]) -> list[Any]:
    assert _job is not None, "set before the workers fork"
    return [_job(item) for item in items]


def _quiet() -> None:
    """A worker leaves Ctrl-C to the parent (which stops it) and writes nothing: the parent's
    standard streams are the parent's."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = open(os.devnull, "w")  # noqa: SIM115 (the worker's until it exits)
    sys.stdout = sys.stderr = devnull
