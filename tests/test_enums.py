"""Every enum member is handled: verdict styles, output formats, claimed-value kinds."""

from __future__ import annotations

from decimal import Decimal

from tradecheck.claims import Verdict
from tradecheck.cli import OutputFormat
from tradecheck.quantity import Kind, parse_claimed
from tradecheck.render import STYLES, verdict_style
from tradecheck.report import exit_code, reproduces


def test_every_verdict_has_a_style() -> None:
    assert set(STYLES) == set(Verdict)
    for verdict in Verdict:
        assert verdict_style(verdict) == STYLES[verdict]


def test_verdict_names_are_stable() -> None:
    assert [v.value for v in Verdict] == [
        "accurate",
        "accurate-within-rounding",
        "inaccurate",
        "false",
        "unverifiable",
        "not-checkable",
    ]
    assert [f.value for f in OutputFormat] == ["table", "json", "junit"]


def test_reproduces_for_every_verdict() -> None:
    held = {v for v in Verdict if reproduces(v, None)}
    assert held == {Verdict.ACCURATE, Verdict.ACCURATE_WITHIN_ROUNDING, Verdict.NOT_CHECKABLE}
    for verdict in Verdict:
        assert reproduces(verdict, verdict) is (verdict is not Verdict.UNVERIFIABLE)
    assert exit_code([], strict=True) == 0


def test_claimed_value_readings() -> None:
    cases = {
        "$42.3 billion": (Kind.AMOUNT, Decimal("42.3"), 10**9, 1, None, None, None),
        "2.7 percent": (Kind.PERCENT, Decimal("2.7"), 1, 1, None, None, None),
        "77%": (Kind.PERCENT, Decimal("77"), 1, 0, None, None, None),
        "a decline of 2.7 percent": (Kind.PERCENT, Decimal("2.7"), 1, 1, "down", None, None),
        "more than doubled": (Kind.MULTIPLE, Decimal("2"), 1, 1, "up", "above", None),
        "nearly $800 billion": (Kind.AMOUNT, Decimal("800"), 10**9, 0, None, None, "nearly"),
        "topped $500 billion": (Kind.AMOUNT, Decimal("500"), 10**9, 0, None, "above", None),
        "$1,234 million": (Kind.AMOUNT, Decimal("1234"), 10**6, 0, None, None, None),
        "1.5 percentage points": (Kind.POINTS, Decimal("1.5"), 1, 1, None, None, None),
        "ballooned": (Kind.VAGUE, None, 1, 0, "up", None, None),
    }
    for text, (kind, number, scale, decimals, direction, bound, hedge) in cases.items():
        v = parse_claimed(text)
        got = (
            v.kind,
            v.number,
            v.scale,
            v.decimals,
            v.direction and v.direction.value,
            v.bound and v.bound.value,
            v.hedge and v.hedge.value,
        )
        assert got == (kind, number, scale, decimals, direction, bound, hedge), text
