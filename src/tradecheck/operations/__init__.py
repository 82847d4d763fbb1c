"""The operations a claim can make, each a spec of its own (see base.py); `spec_for` is the one
registry. Adding an operation: a module here, a member of `domain.Operation`, and its arm in
`_builtin` (the `assert_never` makes mypy name a member without one)."""

from __future__ import annotations

from typing import assert_never

from tradecheck.domain import Operation
from tradecheck.operations.base import Computed, Context, Shape, SpanSpec, Spec, Term, Whose
from tradecheck.operations.change import Change
from tradecheck.operations.compare import CompareSpec
from tradecheck.operations.level import Level
from tradecheck.operations.multiple import Multiple
from tradecheck.operations.percent_change import PercentChange
from tradecheck.operations.rank import RankSpec
from tradecheck.operations.record import RecordSpec
from tradecheck.operations.share import Share
from tradecheck.operations.streak import StreakSpec
from tradecheck.operations.sum import SumSpec

__all__ = [
    "REGISTRY",
    "Computed",
    "Context",
    "Shape",
    "SpanSpec",
    "Spec",
    "Term",
    "Whose",
    "spec_for",
]


def _builtin(operation: Operation) -> Spec:
    match operation:
        case Operation.LEVEL:
            return Level()
        case Operation.CHANGE:
            return Change()
        case Operation.PERCENT_CHANGE:
            return PercentChange()
        case Operation.MULTIPLE:
            return Multiple()
        case Operation.RECORD:
            return RecordSpec()
        case Operation.SHARE:
            return Share()
        case Operation.RANK:
            return RankSpec()
        case Operation.SUM:
            return SumSpec()
        case Operation.COMPARE:
            return CompareSpec()
        case Operation.STREAK:
            return StreakSpec()
        case _:
            assert_never(operation)


REGISTRY: dict[Operation, Spec] = {operation: _builtin(operation) for operation in Operation}


def spec_for(operation: Operation) -> Spec:
    """The spec of an operation (a claims file's `operation:`)."""
    return REGISTRY[operation]
