"""A claim's measure made from published series: a flow, a sum of flows, or a balance.

The values come from the data sources (tradecheck.series); each used value is kept as a
report input with its provenance.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from tradecheck.claims import Measure
from tradecheck.domain import Flow, FlowCode, PartnerInfo, Period, StatedAs, flow_codes
from tradecheck.quantity import ClaimedValue, Kind
from tradecheck.report import InputValue
from tradecheck.series.source import Definition, Observation, SeriesKey, Source, VintageRule


class Inputs(NamedTuple):
    """What a claim's value in claim terms was computed from."""

    value: Decimal  # dollars, in claim terms (a deficit's size is positive)
    used: list[InputValue]
    expression: str  # how the inputs combine, e.g. "exports - imports"


def measure_value(
    source: Source, measure: Measure, partner: PartnerInfo, period: Period, pin: str | None
) -> Inputs:
    """A measure's value for one period: a flow, their sum, or their balance (signed, or a
    deficit's size when `stated_as` is deficit)."""
    rule = VintageRule(pin)

    def get(code: FlowCode) -> InputValue:
        key = SeriesKey(code, partner, measure.commodity, period)
        return input_value(source.get(key, rule))

    match measure.flow:
        case Flow.EXPORTS:
            e = get(FlowCode.EXPORTS)
            return Inputs(Decimal(e.value), [e], "exports")
        case Flow.IMPORTS:
            i = get(FlowCode.IMPORTS)
            return Inputs(Decimal(i.value), [i], "imports")
        case Flow.TOTAL:
            e, i = get(FlowCode.EXPORTS), get(FlowCode.IMPORTS)
            return Inputs(Decimal(e.value + i.value), [e, i], "exports + imports")
        case Flow.BALANCE:
            e, i = get(FlowCode.EXPORTS), get(FlowCode.IMPORTS)
            balance = Decimal(e.value - i.value)
            if measure.stated_as is StatedAs.DEFICIT:
                return Inputs(-balance, [e, i], "deficit = imports - exports")
            return Inputs(balance, [e, i], "balance = exports - imports")


def definitions(
    source: Source, measure: Measure, partner: PartnerInfo, period: Period
) -> list[Definition]:
    """What the series a measure is made of are (for its caveats and attribution)."""
    return [
        source.define(SeriesKey(code, partner, measure.commodity, period))
        for code in flow_codes(measure.flow)
    ]


def working_unit(value: ClaimedValue | None) -> tuple[Decimal, str]:
    """(dollars per unit, unit name) a claim's numbers are computed in: the claim's own scale
    for an amount ("$42.3 billion"), billions for anything else (percents, multiples)."""
    if value is not None and value.kind is Kind.AMOUNT:
        return Decimal(value.scale), value.unit
    return Decimal(10**9), "billion USD"


def input_value(observation: Observation) -> InputValue:
    """One value a computation used, with where it came from, as the report shows it."""
    key, where = observation.key, observation.provenance
    return InputValue.model_construct(
        series=key.series,
        flow=key.code.label,
        partner=key.partner.code,
        partner_name=key.partner.name,
        commodity=str(key.commodity) + where.detail,
        period=str(key.period),
        value=observation.value,
        units=observation.unit,
        source=where.origin,
        dataset=where.dataset,
        vintage=where.vintage,
        file=where.file,
        rows=list(where.rows),
        request=where.request,
        fetched_at=where.fetched_at,
        response_sha256=where.response_sha256,
    )
