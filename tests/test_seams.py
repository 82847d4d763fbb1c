"""The three seams: operations are specs in one registry, data sources answer one protocol,
outputs are renderers with one signature. A throwaway operation defined here, in the test
only, is picked up by claims validation, fetch planning, verify and explain with no other
edit; that is the recipe ARCHITECTURE.md gives for a real one."""

from __future__ import annotations

import typing
from decimal import Decimal
from pathlib import Path

import pytest

from cells import country_dollars
from tradecheck import operations
from tradecheck.domain import Operation, Period
from tradecheck.engine import prepare, verify_files
from tradecheck.errors import ClaimsFileError
from tradecheck.explain import explain
from tradecheck.fetch import plan
from tradecheck.operations import Computed, Context, Shape, Spec, Term, Whose, spec_for
from tradecheck.outputs import OutputFormat, renderer
from tradecheck.outputs.explanation import render_text
from tradecheck.quantity import Kind
from tradecheck.report import Report
from tradecheck.series.bundle import Bundle
from tradecheck.series.bundled import BundleSource
from tradecheck.series.cache import Cache
from tradecheck.series.cached import CacheSource
from tradecheck.series.source import Source
from tradecheck.verdict import fmt


class ShareOfWorld(Spec):
    """A partner's share of the world total in one period, in percent: it needs a term the
    claim does not name (the world's value), as a real `share` operation will."""

    name = "share-of-world"
    shape = Shape.ONE
    kinds = frozenset({Kind.PERCENT})
    caveats = ("a share of the world total (throwaway test operation)",)

    def terms(self, periods: list[Period]) -> list[Term]:
        return [Term(periods[0]), Term(periods[0], Whose.WORLD)]

    def compute(self, context: Context) -> Computed:
        partner, world = context.values
        share = partner / world * 100
        return Computed(share, f"share = {fmt(partner, 6)} / {fmt(world, 6)} x 100 = {share:.4f}")

    def chart(self, periods: list[Period]) -> list[Period]:
        return [Period(periods[0].year - 1), periods[0]]


def test_every_operation_has_a_spec_that_names_it() -> None:
    for operation in Operation:
        spec = spec_for(operation)
        assert spec.name == operation.value
        assert spec.kinds and isinstance(spec.shape, Shape)
    assert set(operations.REGISTRY) == set(Operation)


def test_a_throwaway_operation_is_picked_up_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "share.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2018-01}\n"
        "claims:\n"
        "  - id: korea-share\n"
        "    quote: Korea took 2.9 percent of U.S. exports in 2016\n"
        "    speaker: s\n"
        "    measure: {flow: exports, partner: South Korea}\n"
        "    period: 2016\n"
        "    operation: level\n"
        "    claimed: 2.9 percent\n"
    )
    # `level` refuses a percent: the claims layer reads the kinds from the spec.
    with pytest.raises(ClaimsFileError, match="cannot be claimed for operation 'level'"):
        prepare([path])
    monkeypatch.setitem(operations.REGISTRY, Operation.LEVEL, ShareOfWorld())

    prepared = prepare([path])
    # Fetch planning asks for the world's exports too, though no claim names the world.
    labels = [item.label for item in plan(prepared, refetch_all=True)]
    assert labels == [
        "exports, 5800 Korea, South, all goods, 2016",
        "exports, 0015 World, Not Seasonally Adjusted, all goods, 2016",
    ]

    report = verify_files([path])
    claim = report.files[0].claims[0]
    korea = country_dollars("2026-04", "5800", 2016, "EYR")
    world = country_dollars("2026-04", "0015", 2016, "EYR")
    share = Decimal(korea) / Decimal(world) * 100  # 2.9117...
    assert claim.computed is not None
    assert claim.computed.value == pytest.approx(float(share), abs=1e-9)
    assert [i.value for i in claim.inputs] == [korea, world]
    assert claim.caveats[-1] == "a share of the world total (throwaway test operation)"
    assert claim.verdict.value == "accurate"  # 2.91% rounds to the claimed 2.9%

    explanation = explain(prepared, "korea-share", None)
    assert [p.period for p in explanation.series] == ["2015", "2016"]
    text = "\n".join(render_text(explanation))
    assert f"share = {fmt(Decimal(korea) / 10**9, 6)} / {fmt(Decimal(world) / 10**9, 6)}" in text


def test_the_data_sources_implement_the_protocol(tmp_path: Path) -> None:
    sources: list[Source] = [BundleSource(Bundle()), CacheSource(Cache(tmp_path))]
    for source in sources:
        for name in ("describe", "define", "get"):
            assert callable(getattr(source, name))
    assert sources[0].describe().attribution == (
        "U.S. Census Bureau, goods only, Census basis, nominal dollars, not seasonally adjusted"
    )


def test_every_output_format_has_a_renderer_with_the_one_signature() -> None:
    for output_format in OutputFormat:
        write = renderer(output_format)
        hints = typing.get_type_hints(write)
        assert hints["report"] is Report
        assert hints["out"] is typing.TextIO
        assert list(hints) == ["report", "out", "width", "return"]
