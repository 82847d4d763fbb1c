"""The `tradecheck` command (and `python -m tradecheck`).

Importing the CLI allocates many small acyclic objects (modules, classes, typer's parameters);
Python's cyclic collector would rescan them again and again, so it is paused while the CLI is
imported and switched back on before any command runs. The verify pipeline pauses it again for
loading and checking claims (engine.paused_gc); nothing else runs with it off.

SIGINT and SIGTERM end any command with exit 2 and one line (click would say "Aborted!" with
exit 1, a finding's code). This is also the one boundary that catches every exception: an
error no command reported, or a bug, is exit 2 with one line (the traceback only with
TRADECHECK_DEBUG=1), never the exit 1 that means a claim does not reproduce.
"""

import contextlib
import gc
import os
import signal
import sys

from tradecheck.errors import Interrupted, TradecheckError


def _interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


def main() -> None:
    # Before anything else is imported: a signal during start-up is the same one line.
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        gc.disable()
        try:
            from tradecheck.cli import main as run
        finally:
            gc.enable()
        run()
    except TradecheckError as exc:  # one a command did not turn into its own message
        for line in str(exc).splitlines() or [type(exc).__name__]:
            print(f"tradecheck: error: {line}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # the one boundary that catches everything
        if os.environ.get("TRADECHECK_DEBUG") == "1":
            raise
        message = " ".join(str(exc).split())[:300]
        print(
            f"tradecheck: error: internal error: {type(exc).__name__}: {message} "
            "(rerun with TRADECHECK_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        sys.exit(2)
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
