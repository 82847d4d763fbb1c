"""One exception tree for tradecheck.

Every error the CLI can meet derives from `TradecheckError`; its text is one line a user can
act on. Library errors (YAML, pydantic, sqlite) are translated at the edge with `raise ... from`.
"""

from __future__ import annotations

from typing import NamedTuple


class TradecheckError(Exception):
    """Base of every tradecheck error: the command could not do what was asked (exit 2)."""


class InputError(TradecheckError):
    """Something the user gave (an option, a claim id, a vintage name) is unusable."""


class DataError(TradecheckError):
    """The bundled data cannot be read: the installation is broken."""


class Missing(TradecheckError):
    """A needed series is not in the data used; the message names it and why. (Not a failure
    of the command: the claim is judged unverifiable.)"""


class NoDeficit(TradecheckError):
    """A claim about a deficit's growth, where one of its periods had no deficit. (The claim
    is judged false.)"""


class Problem(NamedTuple):
    """One problem in a claims file, located as precisely as the file allows."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class ClaimsFileError(InputError):
    """A claims file has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem], raw: object = None) -> None:
        self.problems = problems
        # The file's data and a position look-up (path -> line, column) when its YAML parsed
        # but its schema failed, so that
        # later stages (partners) can still report on it in the same run.
        self.raw = raw
        # Files of the run that had no problem (display, claim count), for `lint`, and the
        # warnings of every file, to be shown among the problems.
        self.valid: list[tuple[str, int]] = []
        self.warnings: list[Problem] = []
        super().__init__("\n".join(str(p) for p in problems))


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived. A BaseException other than KeyboardInterrupt, so that click
    does not turn it into "Aborted!" and exit 1: the entry point reports it, exit 2."""

    def __init__(self, signal_name: str) -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name
