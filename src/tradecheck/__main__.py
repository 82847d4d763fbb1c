"""The `tradecheck` command (and `python -m tradecheck`).

A run is a short batch that allocates many small acyclic objects (imported modules, pydantic
models, YAML nodes); Python's cyclic collector would rescan them again and again, which cost a
quarter of a `verify` run's start-up. The collector is switched off before the CLI is even
imported; commands that run long (`fetch`) switch it back on.
"""

import gc


def main() -> None:
    gc.disable()
    from tradecheck.cli import main as run

    run()


if __name__ == "__main__":
    main()
