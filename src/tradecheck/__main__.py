"""The `tradecheck` command (and `python -m tradecheck`).

A run is a short batch that allocates many small acyclic objects (imported modules, pydantic
models, YAML nodes); Python's cyclic collector would rescan them again and again, which cost a
quarter of a `verify` run's start-up. The collector is switched off before the CLI is even
imported; commands that run long (`fetch`) switch it back on. SIGINT and SIGTERM end any
command with exit 2 and one line (click would say "Aborted!" with exit 1, a finding's code).
"""

import contextlib
import gc
import os
import signal
import sys

from tradecheck.errors import Interrupted


def _interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


def main() -> None:
    gc.disable()
    # Before anything else is imported: a signal during start-up is the same one line.
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        from tradecheck.cli import main as run

        run()
    except Interrupted as exc:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        print(
            f"tradecheck: error: interrupted ({exc.signal_name}); output written before it "
            "is incomplete",
            file=sys.stderr,
        )
        os._exit(2)  # nothing more may run, write, or flush half a report


if __name__ == "__main__":
    main()
