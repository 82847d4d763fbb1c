"""A claim's measure made from published series: a flow, a sum of flows, or a balance.

The values come from the data sources (tradecheck.series); each used value is kept as a
report input with its provenance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import NamedTuple, TypeVar

from tradecheck.claims import Measure
from tradecheck.domain import (
    Basis,
    Commodity,
    Coverage,
    Flow,
    FlowCode,
    PartnerInfo,
    Period,
    Range,
    Scope,
    StatedAs,
    When,
    flow_codes,
)
from tradecheck.errors import Missing
from tradecheck.quantity import ClaimedValue, Kind
from tradecheck.report import InputValue, construct
from tradecheck.series.source import (
    Definition,
    Observation,
    Pin,
    SeriesKey,
    Source,
    VintageRule,
    number,
    publishes,
    rule_of,
)

T = TypeVar("T")


class Inputs(NamedTuple):
    """What a claim's value in claim terms was computed from."""

    value: Decimal  # dollars, in claim terms (a deficit's size is positive)
    used: list[InputValue]
    expression: str  # how the inputs combine, e.g. "exports - imports"
    definitions: list[Definition]  # what the series used are (their provenance's)


class Values:
    """Series values from a data source, each looked up once (many claims share them), as
    report inputs with the definition of the series they come from. A value's report input
    is built only when a report lists it: the neighbouring windows need only the number."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._memo: dict[tuple[SeriesKey, VintageRule], Observation | str] = {}
        self._inputs: dict[tuple[SeriesKey, VintageRule], tuple[InputValue, Definition]] = {}
        self._numbers: dict[tuple[SeriesKey, VintageRule], int | str] = {}
        self._publishes: dict[tuple[object, ...], bool] = {}

    def get(self, key: SeriesKey, rule: VintageRule) -> tuple[InputValue, Definition]:
        """The value under `rule`; as of a day, when no vintage published by then holds it,
        the earliest published after it (its vintage says so: the checker notes it)."""
        found = self._inputs.get((key, rule))
        if found is None:
            observation = self.observe(key, rule)
            found = (input_value(observation), observation.provenance.definition)
            self._inputs[(key, rule)] = found
        return found

    def number(self, key: SeriesKey, rule: VintageRule) -> int:
        """The value alone, as `get` finds it (as of a day, falling back the same way), from
        the source's quick answer when no observation of it is remembered."""
        return _falling_back(self._number, key, rule)

    def _number(self, key: SeriesKey, rule: VintageRule) -> int:
        memo_key = (key, rule)
        found: Observation | int | str | None = self._memo.get(memo_key)
        if found is None:
            found = self._numbers.get(memo_key)
            if found is None:
                try:
                    found = number(self.source, key, rule)
                except Missing as exc:
                    found = str(exc)  # the reason, remembered too
                self._numbers[memo_key] = found
        if isinstance(found, str):
            raise Missing(found)
        return found if isinstance(found, int) else found.value

    def observe(self, key: SeriesKey, rule: VintageRule) -> Observation:
        return _falling_back(self._observe, key, rule)

    def _observe(self, key: SeriesKey, rule: VintageRule) -> Observation:
        memo_key = (key, rule)
        found = self._memo.get(memo_key)
        if found is None:
            try:
                found = self.source.get(key, rule)
            except Missing as exc:
                found = str(exc)  # the reason, remembered too
            self._memo[memo_key] = found
        if isinstance(found, str):
            raise Missing(found)
        return found

    def define(self, key: SeriesKey) -> Definition | None:
        return self.source.define(key)

    def publishes(self, key: SeriesKey) -> bool:
        """Whether any source publishes the key's series (for its partner and frequency),
        remembered per series and frequency: many claims share them."""
        memo_key = (key.code, key.partner.code, key.commodity, key.period.frequency, *key[4:])
        found = self._publishes.get(memo_key)
        if found is None:
            found = self._publishes[memo_key] = publishes(self.source, key)
        return found


def _falling_back(
    lookup: Callable[[SeriesKey, VintageRule], T], key: SeriesKey, rule: VintageRule
) -> T:
    """`lookup` under `rule`; as of a day, when no vintage published by then holds the value,
    under the earliest published after it."""
    try:
        return lookup(key, rule)
    except Missing:
        if rule.as_of is None or rule.after:
            raise
    return lookup(key, rule._replace(after=True))


def measure_value(
    values: Values,
    measure: Measure,
    partner: PartnerInfo,
    period: When,
    pin: Pin,
    scope: Scope | None = None,
    commodities: Sequence[Commodity] = (),
    lean: bool = False,
) -> Inputs:
    """A measure's value for one period, on the series of `scope` (default: the measure's
    own definition): a flow, their sum, or their balance (signed, or a deficit's size when
    `stated_as` is deficit). `commodities` replaces the measure's commodity by the sum of
    several (each flow summing the codes its files hold). `lean`: the value alone, with no
    report inputs or definitions (the neighbouring windows)."""
    rule = rule_of(pin)
    chosen = measure.scope_at(period) if scope is None else scope.at(period)
    parts = list(commodities) or [measure.commodity]
    defined: list[Definition] = []
    used: list[InputValue] = []

    summed = summed_periods(period, chosen)

    def get(code: FlowCode) -> int:
        total, found, reasons = 0, False, []
        for commodity in parts:
            where = (code, partner, commodity, period, summed, chosen, rule)
            try:
                if lean:
                    total += sum(_summed(values.number, *where))
                else:
                    for item, definition in _summed(values.get, *where):
                        used.append(item)
                        defined.append(definition)
                        total += item.value
            except Missing as exc:
                if len(parts) == 1:
                    raise
                reasons.append(str(exc))
                continue
            found = True
        if not found:
            raise Missing("; ".join(reasons))
        return total

    # A range's value is the sum of its periods: the formula says how many.
    over = f" (sum of {len(summed)} {_unit_of(summed[0])})" if isinstance(period, Range) else ""
    match measure.flow:
        case Flow.EXPORTS:
            return Inputs(Decimal(get(FlowCode.EXPORTS)), used, "exports" + over, defined)
        case Flow.IMPORTS:
            return Inputs(Decimal(get(FlowCode.IMPORTS)), used, "imports" + over, defined)
        case Flow.TOTAL:
            e, i = get(FlowCode.EXPORTS), get(FlowCode.IMPORTS)
            return Inputs(Decimal(e + i), used, "exports + imports" + over, defined)
        case Flow.BALANCE:
            e, i = get(FlowCode.EXPORTS), get(FlowCode.IMPORTS)
            balance = Decimal(e - i)
            if measure.stated_as is StatedAs.DEFICIT:
                return Inputs(-balance, used, "deficit = imports - exports" + over, defined)
            return Inputs(balance, used, "balance = exports - imports" + over, defined)


def _unit_of(period: Period) -> str:
    return {"annual": "years", "monthly": "months", "quarterly": "quarters"}[period.frequency]


def _summed(
    get: Callable[[SeriesKey, VintageRule], T],
    code: FlowCode,
    partner: PartnerInfo,
    commodity: Commodity,
    period: When,
    summed: list[Period],
    scope: Scope,
    rule: VintageRule,
) -> list[T]:
    """The values (as `get` gives them) a period's value is the sum of; for a range, Missing
    names every period not held (with the first one's reason)."""
    if len(summed) == 1:
        return [get(SeriesKey(code, partner, commodity, summed[0], *scope), rule)]
    found, missing, reason = [], [], ""
    for p in summed:
        try:
            found.append(get(SeriesKey(code, partner, commodity, p, *scope), rule))
        except Missing as exc:
            missing.append(str(p))
            reason = reason or str(exc).split(": ", 1)[-1]
    if missing:
        key = SeriesKey(code, partner, commodity, summed[0], *scope)
        shown = ", ".join(missing) if len(missing) <= 12 else f"{missing[0]} to {missing[-1]}"
        raise Missing(
            f"{key.what.rsplit(', ', 1)[0]}, {period}: {len(missing)} of the {len(summed)} "
            f"{_unit_of(summed[0])} summed are not held ({shown}): {reason}"
        )
    return found


def summed_periods(period: When, scope: Scope) -> list[Period]:
    """The published periods a period's value is the sum of: a range's periods; a Census-basis
    quarter's three months (the Census Bureau publishes months); anything else is published."""
    out = []
    for part in period.parts():
        if part.quarter is not None and scope.basis is Basis.CENSUS:
            out.extend(part.months())
        else:
            out.append(part)
    return out


def definitions(
    values: Values, measure: Measure, partner: PartnerInfo, period: When
) -> list[Definition]:
    """What the series a measure is made of are, where a source publishes them (for the
    caveats of a claim whose values are missing)."""
    scope = measure.scope_at(period)
    found = (
        values.define(SeriesKey(code, partner, measure.commodity, p, *scope))
        for code in flow_codes(measure.flow)
        for p in summed_periods(period, scope)[:1]
    )
    return [d for d in found if d is not None]


def working_unit(value: ClaimedValue | None) -> tuple[Decimal, str]:
    """(dollars per unit, unit name) a claim's numbers are computed in: the claim's own scale
    for an amount ("$42.3 billion"), billions for anything else (percents, multiples)."""
    if value is not None and value.record is not None and value.record.level is not None:
        value = value.record.level  # "a record $418.2 billion": computed in its scale
    if value is not None and value.kind is Kind.AMOUNT:
        return Decimal(value.scale), value.unit
    return Decimal(10**9), "billion USD"


def input_value(observation: Observation) -> InputValue:
    """One value a computation used, with where it came from, as the report shows it."""
    key, where = observation.key, observation.provenance
    return construct(
        InputValue,
        series=key.series,
        flow=key.code.label,
        partner=key.partner.code,
        partner_name=key.partner_name,
        # Services, or goods and services, have no commodity detail: their coverage instead.
        commodity=(str(key.commodity) if key.coverage is Coverage.GOODS else key.coverage.value)
        + where.detail,
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
