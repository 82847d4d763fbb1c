"""The import floor: what any `tradecheck verify` must load before it does any work.

Imports typer, rich.console, rich.table, yaml and sqlite3, then defines and validates a
one-field pydantic model. benchmarks/run.py times this script as a fresh process.
"""

import sqlite3  # noqa: F401
import sys

import rich.console
import rich.table  # noqa: F401
import typer  # noqa: F401
import yaml  # noqa: F401
from pydantic import BaseModel


class Floor(BaseModel):
    value: int


Floor.model_validate({"value": 1})

if __name__ == "__main__" and "--modules" in sys.argv:
    print("\n".join(sorted(sys.modules)))
