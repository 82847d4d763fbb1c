"""Judge one claim: its operation's spec says which values it needs and how they combine, the
data sources give the values, the rubric (tradecheck.verdict) gives the verdict, and the result
is the claim's report, with everything a renderer shows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from functools import cache
from typing import Any

from tradecheck.claims import Claim
from tradecheck.domain import (
    Basis,
    Commodity,
    CommoditySystem,
    Coverage,
    FlowCode,
    PartnerInfo,
    Period,
    Scope,
    StatedAs,
    Verdict,
    When,
    flow_codes,
    partner_name,
)
from tradecheck.errors import Missing, NoDeficit
from tradecheck.measure import (
    Inputs,
    Values,
    definitions,
    measure_value,
    summed_periods,
    working_unit,
)
from tradecheck.operations import Context, SpanSpec, Spec, Term, Whose, spec_for
from tradecheck.operations.rank import SHOWN, shown_inputs
from tradecheck.quantity import ClaimedValue, Kind, ordinal
from tradecheck.report import (
    Alternative,
    AlternativeWindow,
    ClaimedReport,
    ClaimReport,
    InputValue,
    Placed,
    Quantity,
    SeriesPoint,
    ThenReport,
    WindowCell,
    WindowReport,
    construct,
    holds,
    reproduces,
)
from tradecheck.series.source import (
    Definition,
    Pin,
    SeriesKey,
    Source,
    VintageRule,
    caveats_of,
)
from tradecheck.series.vintages import published_on
from tradecheck.sweep import Variant, variants
from tradecheck.verdict import (
    Ranking,
    Rule,
    Run,
    Sides,
    Window,
    amount,
    fmt,
    judge,
    uncomputed,
)


def claimed_value(claim: Claim) -> ClaimedValue | None:
    """The value a claim is judged by: its reading for a vague word, else what it claims."""
    return claim.reading.means if claim.reading is not None else claim.claimed


class Checker:
    """Checks claims against `source`; `world` is the world total's partner (for terms of
    the world, such as a share's denominator); `resolve` gives the partner a claim's
    `measure.of` names (for terms of `Whose.OF`; claims validation has resolved it once)."""

    def __init__(
        self,
        source: Source,
        world: PartnerInfo | None,
        resolve: Callable[[str], PartnerInfo] | None = None,
        countries: Callable[[], list[PartnerInfo]] | None = None,
    ) -> None:
        self.values = Values(source)
        self.world = world
        self.resolve = resolve
        self.countries = countries  # every country (a rank's field, terms of `Whose.EVERY`)

    def expand(
        self, terms: list[Term], partner: PartnerInfo, claim: Claim
    ) -> list[tuple[Term, PartnerInfo]]:
        """Each term with the partner whose series it reads; a term of every country
        (`Whose.EVERY`) as one term per country, its code in `Term.partner`."""
        out = []
        measure = claim.measure
        assert measure is not None
        for term in terms:
            if term.whose is Whose.EVERY:
                assert self.countries is not None, "a checker of ranks knows the countries"
                out += [(term._replace(partner=c.code), c) for c in self.countries()]
            elif term.whose is Whose.THAN or (term.whose is Whose.PARTNER and measure.listed):
                # The other side of a comparison, or a sum's partners: one term each.
                names = measure.than_partners if term.whose is Whose.THAN else measure.partners
                assert self.resolve is not None, "a checker of lists of partners resolves them"
                found = [self.resolve(name) for name in names]
                out += [(term._replace(partner=p.code), p) for p in found]
            else:
                out.append((term, self.partner_of(term, partner, claim)))
        return out

    def rival(self, value: ClaimedValue) -> PartnerInfo | None:
        """The partner an "overtook" claim names (claims validation has resolved it once)."""
        if value.rank is None or value.rank.overtook is None:
            return None
        assert self.resolve is not None
        return self.resolve(value.rank.overtook)

    def partner_of(self, term: Term, partner: PartnerInfo, claim: Claim) -> PartnerInfo:
        """Whose series a term reads: the claim's partner's, the world's, or the whole its
        `measure.of` names (the world's when it names none)."""
        match term.whose:
            case Whose.PARTNER:
                return partner
            case Whose.OF if claim.measure is not None and claim.measure.of is not None:
                assert self.resolve is not None, "a checker of shares of a whole resolves them"
                return self.resolve(str(claim.measure.of))
            case Whose.WORLD | Whose.OF:
                if self.world is None:
                    raise Missing("the data used have no world total")
                return self.world
            case Whose.EVERY:  # unexpanded (see `expand`): the claim's partner, one of them
                return partner
            case Whose.THAN:  # unexpanded (see `expand`): the first partner of the other side
                assert self.resolve is not None and claim.measure is not None
                return self.resolve(claim.measure.than_partners[0])

    def whole(self, claim: Claim) -> PartnerInfo | None:
        """The whole a claim's `measure.of` names, or None."""
        if claim.measure is None or claim.measure.of is None:
            return None
        assert self.resolve is not None
        return self.resolve(str(claim.measure.of))

    def partners_name(self, claim: Claim, partner: PartnerInfo) -> str:
        """The claim's partner as its definition names it ("World" on BEA's definitions); a
        sum's partners joined ("Canada + Mexico")."""
        assert claim.measure is not None
        at = claim.measure.scope_at(claim.periods[0]).at(claim.periods[0])
        if not claim.measure.listed:
            return partner_name(partner, at)
        assert self.resolve is not None
        return " + ".join(partner_name(self.resolve(p), at) for p in claim.measure.partners)

    def keys(self, claim: Claim, partner: PartnerInfo) -> list[SeriesKey]:
        """Every series value the claim's operation needs, in the order it uses them (what
        `fetch` requests)."""
        assert claim.measure is not None and claim.operation is not None
        measure = claim.measure
        keys = []
        for term, whose in self.expand(
            spec_for(claim.operation).terms(claim.periods), partner, claim
        ):
            scope = measure.scope_at(term.period)
            for period in summed_periods(term.period, scope):
                for code in flow_codes(measure.flow):
                    keys.append(SeriesKey(code, whose, measure.commodity, period, *scope))
        return keys

    def check(
        self, claim: Claim, partner: PartnerInfo | None, pin: Pin, series: bool = False
    ) -> ClaimReport:
        """The claim's report; with `series`, also the series charted around it."""
        if claim.not_checkable is not None:
            return construct(
                ClaimReport,
                id=claim.id,
                quote=claim.quote,
                speaker=claim.speaker,
                speaker_kind=claim.speaker_kind,
                verdict=Verdict.NOT_CHECKABLE,
                expected=claim.expected,
                reproduces=reproduces(Verdict.NOT_CHECKABLE, claim.expected),
                rule=Rule.NOT_CHECKABLE.value,
                reason=claim.not_checkable,
            )
        assert claim.claimed is not None and claim.operation is not None
        assert partner is not None and claim.measure is not None
        value = claimed_value(claim)  # validation gives a vague word a reading, and only it
        assert value is not None
        spec = spec_for(claim.operation)
        reading = None
        if claim.reading is not None:
            reading = f"{claim.claimed.text!r} read as {value.text!r}: {claim.reading.because}"
        base: dict[str, Any] = {
            "id": claim.id,
            "quote": claim.quote,
            "speaker": claim.speaker,
            "speaker_kind": claim.speaker_kind,
            "partner": partner.code,
            "partner_name": self.partners_name(claim, partner),
            "flow": claim.measure.flow.value,
            "periods": [str(p) for p in claim.periods],
            "operation": claim.operation.value,
            "expected": claim.expected,
            "reading": reading,
            "claimed": _claimed_report(value),
        }
        if series:
            base["series_label"], base["series"] = self.chart(claim, spec, partner, pin)
        recorded = claim.measure.scope_at(claim.periods[0])
        base["definition"] = _label(recorded, claim)
        base["definitions"] = self.sweep(claim, spec, value, partner, pin, recorded)
        try:
            computed, used, formula, defined, window, ranking, evidence = self.compute(
                claim, spec, value, partner, pin
            )
        except (Missing, NoDeficit) as exc:
            verdict, rule = uncomputed(exc)
            # No value used: what the series are as their source defines them.
            defined = definitions(self.values, claim.measure, partner, claim.periods[0])
            return construct(
                ClaimReport,
                **base,
                caveats=caveats_of(defined) + list(spec.caveats_for(_of_name(self.whole(claim)))),
                attribution=_attribution(defined),
                verdict=verdict,
                reproduces=reproduces(verdict, claim.expected),
                rule=rule.value,
                reason=str(exc),
            )
        caveats = caveats_of(defined) + list(spec.caveats_for(_of_name(self.whole(claim))))
        if len({u.vintage for u in used}) > 1:
            caveats.append(f"inputs come from different vintages ({_vintages(used)})")
        judgement = judge(value, computed, window, ranking, evidence)
        relative = (
            float(round(judgement.relative * 100, 4)) if judgement.relative is not None else None
        )
        unit = "percentage points" if value.kind is Kind.PERCENT else result_unit(value, spec)
        # No number claimed (a sign, a direction, a record without a level): no difference.
        sign = value.kind in (
            Kind.SIGN,
            Kind.DIRECTION,
            Kind.RANK,
            Kind.COMPARISON,
            Kind.STREAK,
        ) or (value.record is not None and value.record.level is None)
        return construct(
            ClaimReport,
            **base,
            verdict=judgement.verdict,
            reproduces=reproduces(judgement.verdict, claim.expected),
            rule=judgement.rule.value,
            reason=judgement.reason,
            computed=construct(Quantity, value=float(computed), unit=result_unit(value, spec)),
            difference=None
            if sign
            else construct(Quantity, value=float(judgement.difference), unit=unit),
            relative_difference_percent=relative,
            formula=formula,
            inputs=used,
            caveats=caveats,
            vintages=list(dict.fromkeys(u.vintage for u in used)),
            attribution=_attribution(defined),
            ranking=_ranking(ranking),
            record_from=_record_from(value, window),
            agencies=[d.agency for d in defined],
        )

    def then(
        self,
        claim: Claim,
        partner: PartnerInfo | None,
        now: ClaimReport,
        day: str,
        rule: VintageRule | None = None,
    ) -> ThenReport | None:
        """The claim judged on the data published by `day` (its date), when some value the
        newest data gave was published after it; None when the data are the same."""
        if claim.not_checkable is not None or partner is None or claim.operation is None:
            return None
        if now.inputs and all(published_on(u.vintage) <= day for u in now.inputs):
            return None  # every value used was published by then
        value = claimed_value(claim)
        assert value is not None
        spec = spec_for(claim.operation)
        rule = rule or VintageRule(as_of=day)  # (the engine's, keyed by publication day)
        try:
            computed, used, _, _, window, ranking, evidence = self.compute(
                claim, spec, value, partner, rule
            )
        except (Missing, NoDeficit) as exc:
            verdict, rule_name = uncomputed(exc)
            if verdict is now.verdict and now.computed is None:
                return None  # missing both then and now
            return construct(
                ThenReport,
                as_of=day,
                verdict=verdict,
                rule=rule_name.value,
                reason=str(exc),
                differs=verdict is not now.verdict,
                summary=_then_summary(now, verdict, None, [], day),
                vintages=[],
                published_after=[],
            )
        if [(u.dataset, u.vintage) for u in used] == [(u.dataset, u.vintage) for u in now.inputs]:
            return None
        quantity: Quantity | None
        if (
            window is None
            and ranking is None
            and evidence is None
            and now.computed is not None
            and [u.value for u in used] == [u.value for u in now.inputs]
        ):
            # The same numbers in other vintages (not revised): today's judgement, as judge
            # would give it again.
            verdict, rule_text, reason, quantity = now.verdict, now.rule, now.reason, now.computed
        else:
            judgement = judge(value, computed, window, ranking, evidence)
            verdict, rule_text, reason = judgement.verdict, judgement.rule.value, judgement.reason
            quantity = construct(Quantity, value=float(computed), unit=result_unit(value, spec))
        return construct(
            ThenReport,
            as_of=day,
            verdict=verdict,
            rule=rule_text,
            reason=reason,
            computed=quantity,
            vintages=list(dict.fromkeys(f"{u.dataset} {u.vintage}" for u in used)),
            published_after=published_after(used, day),
            differs=verdict is not now.verdict,
            summary=_then_summary(now, verdict, quantity, used, day),
        )

    def windows(
        self, claim: Claim, partner: PartnerInfo | None, pin: Pin, day: str
    ) -> WindowReport | None:
        """A change's window sensitivity: the claim recomputed with its start and end each
        shifted by up to `SHIFT` periods (years, months or quarters), judged by the rubric;
        windows ending after `day` (the claim's date) are marked. None for a claim that is
        not a change of two single periods."""
        if claim.operation is None or partner is None or claim.not_checkable is not None:
            return None
        spec = spec_for(claim.operation)
        periods = claim.periods
        if not isinstance(spec, SpanSpec) or len(periods) != 2:
            return None
        start, end = periods
        if not isinstance(start, Period) or not isinstance(end, Period):
            return None
        value = claimed_value(claim)
        assert value is not None and claim.measure is not None
        shifts = range(-SHIFT, SHIFT + 1)
        starts, ends = [start.shift(d) for d in shifts], [end.shift(d) for d in shifts]
        # Each period's value read once, the number alone; each window computed from two of
        # them as `compute` would, and judged without wording a reason no cell shows.
        found: dict[Period, Decimal] = {}
        for p in dict.fromkeys(starts + ends):
            try:
                found[p] = measure_value(
                    self.values, claim.measure, partner, p, pin, lean=True
                ).value
            except Missing:
                continue  # a period the data do not hold: no cell
        scale, _ = working_unit(value)
        deficit = claim.measure.stated_as is StatedAs.DEFICIT
        sizes = value.balance_word is not None and not deficit
        unit = result_unit(value, spec)
        # The periods as plain values: (name, value, place in time), and for an end whether
        # it is after the claim's date; the cells compare and index only these.
        rows = [(str(a), found[a], _place(a)) for a in starts if a in found]
        columns = [(str(b), found[b], _place(b), _ends_after(b, day)) for b in ends if b in found]
        claimed = (str(start), str(end))
        computed: list[tuple[str, str, bool, Decimal | NoDeficit]] = []
        with localcontext() as ctx:
            ctx.prec = 40  # as compute's
            for a_name, a_value, a_place in rows:
                for b_name, b_value, b_place, b_after in columns:
                    if a_place >= b_place:
                        continue
                    try:
                        result: Decimal | NoDeficit = spec.between(
                            a_value, b_value, scale, sizes, deficit
                        )
                    except Missing:
                        continue  # undefined (a zero start): no cell
                    except NoDeficit as exc:
                        result = exc
                    computed.append((a_name, b_name, b_after, result))
        cells: list[WindowCell] = []
        for a_name, b_name, b_after, result in computed:  # judged outside compute's context
            if isinstance(result, NoDeficit):
                verdict, number = uncomputed(result)[0], None
            else:
                verdict, number = judge(value, result, words=False).verdict, float(result)
            cells.append(
                construct(
                    WindowCell,
                    start=a_name,
                    end=b_name,
                    computed=number,
                    verdict=verdict,
                    holds=holds(verdict),
                    claimed=(a_name, b_name) == claimed,
                    after_claim=b_after,
                )
            )
        if not any(c.claimed for c in cells):
            return None
        others = [c for c in cells if not c.claimed]
        holding = sum(c.holds for c in others)
        note = _start_note(claim, start, {p: found[p] for p in starts if p in found}, value)
        known = [c for c in others if not c.after_claim]
        summary = (
            f"the claim holds for {holding} of the {len(others)} neighbouring windows "
            f"(start and end each shifted up to {SHIFT} {_unit_word(start)}"
            + (
                f"; {len(others) - len(known)} end after the claim's date"
                if len(known) < len(others)
                else ""
            )
            + f"); {note}"
        )
        alternative = None
        if claim.alternative_start is not None and end in found:

            def change_from(first: Decimal) -> Decimal:
                return spec.between(first, found[end], scale, sizes, deficit)

            alternative = self._alternative(claim, partner, pin, change_from, value, unit)
            summary += f"; {alternative.summary}"
        return construct(
            WindowReport,
            starts=[str(p) for p in starts],
            ends=[str(p) for p in ends],
            unit=unit,
            cells=cells,
            holding=holding,
            neighbours=len(others),
            start_note=note,
            alternative=alternative,
            summary=summary,
        )

    def _alternative(
        self,
        claim: Claim,
        partner: PartnerInfo,
        pin: Pin,
        change_from: Callable[[Decimal], Decimal],
        value: ClaimedValue,
        unit: str,
    ) -> AlternativeWindow:
        """The change from the stated alternative start to the claimed end (`change_from` its
        value, as the neighbouring windows compute theirs), judged as they are."""
        assert claim.alternative_start is not None and claim.measure is not None
        stated = claim.alternative_start
        start = str(stated.period)
        said = f"from {start}" + (f" ({stated.because})" if stated.because else "")

        def window(
            computed: Decimal | None, verdict: Verdict | None, summary: str
        ) -> AlternativeWindow:
            return construct(
                AlternativeWindow,
                start=start,
                because=stated.because,
                computed=None if computed is None else float(computed),
                verdict=verdict,
                holds=holds(verdict),
                summary=summary,
            )

        try:
            first = measure_value(
                self.values, claim.measure, partner, stated.period, pin, lean=True
            ).value
            with localcontext() as ctx:
                ctx.prec = 40  # as compute's
                computed = change_from(first)
        except Missing:
            return window(None, None, f"the stated alternative start, {said}, is not in the data")
        except NoDeficit as exc:
            verdict = uncomputed(exc)[0]
            return window(None, verdict, f"{said}: no deficit at one end, {verdict.value}")
        verdict = judge(value, computed, words=False).verdict
        shown = shown_quantity(construct(Quantity, value=float(computed), unit=unit))
        return window(computed, verdict, f"{said}: {shown}, {verdict.value}")

    def compute(
        self,
        claim: Claim,
        spec: Spec,
        value: ClaimedValue,
        partner: PartnerInfo,
        pin: Pin,
        variant: Variant | None = None,
        periods: list[When] | None = None,
        memo: dict[tuple[str, When], Inputs | Missing] | None = None,
    ) -> tuple[
        Decimal,
        list[InputValue],
        str,
        list[Definition],
        Window | None,
        Ranking | None,
        Sides | Run | None,
    ]:
        """The claim's value in its working unit, the inputs used, the formula, the
        definitions of the series used, a record's window and a rank's field; under its
        recorded definition, or `variant`'s. A window term (`Term.window`) not held before
        the first held one lies before the data's start and is left out; not held after it,
        it is Missing. A term of every country not held leaves that country out of the
        field. `memo` keeps each partner's and period's inputs across calls for the same
        claim, pin and definition (the neighbouring windows)."""
        assert claim.measure is not None
        scale, unit = working_unit(value)
        with localcontext() as ctx:
            ctx.prec = 40
            terms: list[Term] = []
            found: list[Inputs] = []
            claimed_periods = periods or claim.periods
            expanded = self.expand(spec.terms(claimed_periods), partner, claim)
            named = {partner.code: partner.name} | {
                t.partner: p.name for t, p in expanded if t.partner is not None
            }
            for t, whose in expanded:
                try:
                    remembered = memo.get((whose.code, t.period)) if memo is not None else None
                    if isinstance(remembered, Missing):
                        raise remembered
                    if remembered is None:
                        try:
                            remembered = measure_value(
                                self.values,
                                claim.measure,
                                whose,
                                t.period,
                                pin,
                                variant.scope if variant else None,
                                variant.commodities if variant else (),
                            )
                        except Missing as exc:
                            if memo is not None:
                                memo[(whose.code, t.period)] = exc
                            raise
                        if memo is not None:
                            memo[(whose.code, t.period)] = remembered
                    inputs = remembered
                except Missing:
                    if t.window and not found:
                        continue  # before the data's start: outside the window
                    own = t.partner == partner.code and t.period == claimed_periods[-1]
                    if t.whose is Whose.EVERY and not own:
                        continue  # a country with no value: not in the period's field
                    # (the claim's partner with none in its period: the reason says why)
                    raise
                terms.append(t)
                found.append(inputs)
            if not found:
                raise Missing("no country has a value for the claimed periods")
            values, expression = [f.value for f in found], found[0].expression
            if value.balance_word is not None and claim.measure.stated_as is not StatedAs.DEFICIT:
                # "narrowed", "widened": the size of a signed balance, which must keep its sign.
                if min(values) < 0 < max(values):
                    scale_name = unit.removesuffix("USD").strip()
                    ends = [
                        f"{'a deficit' if v < 0 else 'a surplus'} of ${fmt(abs(v) / scale, 2)}"
                        + (f" {scale_name}" if scale_name else "")
                        + f" ({t.period})"
                        for v, t in zip(values, terms, strict=True)
                    ]
                    raise NoDeficit(
                        f"the balance changed sign, from {ends[0]} to {ends[-1]}: "
                        "it neither narrowed nor widened"
                    )
                values = [abs(v) for v in values]
                name, _, made_of = expression.partition(" = ")
                expression = f"|{name}| = |{made_of}|, the balance's size"
            context = Context(
                values=[v / scale for v in values],
                terms=terms,
                expression=expression,
                unit=unit,
                deficit=claim.measure.stated_as is StatedAs.DEFICIT,
                claimed=value,
                whole=_whole_name(self.whole(claim)),
                **{"partner": partner.code, "names": named}
                | self._field(terms, partner, value, variant.scope if variant else None, claim),
            )
            result = spec.compute(context)
        # The inputs of the window the claimed text narrowed, or of the periods shown.
        inside = set(result.window.periods) if result.window is not None else result.shown
        if inside is not None:
            found = [f for t, f in zip(terms, found, strict=True) if str(t.period) in inside]
        if result.ranking is not None:  # the inputs of the countries a report lists
            listed = shown_inputs(result.ranking)
            found = [
                f for t, f in zip(terms, found, strict=True) if (str(t.period), t.partner) in listed
            ]
        used = [u for f in found for u in f.used]
        defined = [d for f in found for d in f.definitions]
        return (
            result.value,
            used,
            result.formula,
            defined,
            result.window,
            result.ranking,
            result.evidence,
        )

    def _field(
        self,
        terms: list[Term],
        partner: PartnerInfo,
        value: ClaimedValue,
        scope: Scope | None,
        claim: Claim,
    ) -> dict[str, Any]:
        """A rank's context: the claim's partner, its rival, every country's name and what
        the field covers (under BEA's definitions, only the countries BEA publishes)."""
        if not any(t.whose is Whose.EVERY for t in terms):
            return {}
        assert self.countries is not None and claim.measure is not None
        rival = self.rival(value)
        recorded = scope if scope is not None else claim.measure.scope_at(claim.periods[0])
        among = "countries"
        if recorded.basis is Basis.BOP:
            among = "countries BEA publishes by partner (its table covers only some countries)"
        return {
            "partner": partner.code,
            "rival": rival.code if rival is not None else None,
            "names": {c.code: c.name for c in self.countries()},
            "among": among,
        }

    def sweep(
        self,
        claim: Claim,
        spec: Spec,
        value: ClaimedValue,
        partner: PartnerInfo,
        pin: Pin,
        recorded: Scope,
    ) -> list[Alternative]:
        """The claim judged under every other definition the data hold for its partner and
        periods (those whose values are missing are left out)."""
        assert claim.measure is not None
        out = []
        term = spec.terms(claim.periods)[0]
        whose = self.partner_of(term, partner, claim)
        code = flow_codes(claim.measure.flow)[0]
        span = claim.measure.than_period is None  # else the second period is compare's other
        for variant in variants(recorded, claim.measure.commodity, claim.periods[0]):
            scope = variant.scope.at(term.period)
            first = summed_periods(term.period, scope)[0]
            if not any(
                self.values.publishes(SeriesKey(code, whose, commodity, first, *scope))
                for commodity in variant.commodities or (claim.measure.commodity,)
            ):
                continue  # no source publishes it for this partner and frequency
            found: dict[str, Any] = {}
            try:
                computed, used, formula, _, window, ranking, evidence = self.compute(
                    claim, spec, value, partner, pin, variant
                )
            except Missing:
                continue
            except NoDeficit as exc:
                verdict, rule = uncomputed(exc)
                found.update(verdict=verdict, rule=rule.value, reason=str(exc))
            else:
                judgement = judge(value, computed, window, ranking, evidence)
                found.update(
                    verdict=judgement.verdict,
                    rule=judgement.rule.value,
                    reason=judgement.reason,
                    computed=construct(
                        Quantity, value=float(computed), unit=result_unit(value, spec)
                    ),
                    formula=formula,
                    inputs=used,
                )
            scope = variant.scope
            out.append(
                construct(
                    Alternative,
                    definition=variant.label,
                    period=" to ".join(str(p) for p in claim.periods[: 2 if span else 1]),
                    scope=scope.coverage.value,
                    basis=scope.basis.value,
                    adjustment=None if claim.periods[0].annual else scope.adjustment.value,
                    commodity=_commodity(variant, claim.measure.commodity),
                    differs=variant.differs,
                    **{"computed": None, "formula": None, "inputs": [], **found},
                )
            )
        return out

    def chart(
        self, claim: Claim, spec: Spec, partner: PartnerInfo, pin: Pin
    ) -> tuple[str, list[SeriesPoint]]:
        """The measure, in the claim's terms, for the periods the operation charts."""
        measure = claim.measure
        assert measure is not None
        claimed = claim.periods
        scale, unit = working_unit(claimed_value(claim))
        points: list[SeriesPoint] = []
        marked = {p for c in claimed for p in c.parts()}  # a range marks each of its periods
        windowed = any(t.window for t in spec.terms(claimed))
        for period in spec.chart(claimed):
            try:
                found = measure_value(self.values, measure, partner, period, pin)
                number: float | None = float(found.value / scale)
                note = None
            except Missing as exc:
                number, note = None, str(exc).split(": ", 1)[-1]
                if windowed and not points:
                    continue  # a record's window: the periods before the data's start
            points.append(
                SeriesPoint(
                    period=str(period),
                    value=number,
                    unit=unit,
                    claimed_period=period in marked,
                    note=note,
                )
            )
        if windowed:
            points = _mark_extreme(points, claimed_value(claim), claimed[0])
        what = measure.stated_as if measure.stated_as is StatedAs.DEFICIT else measure.flow
        scope = measure.scope_at(claimed[0])
        first = summed_periods(claimed[0], scope)[0]
        defined = SeriesKey(FlowCode.EXPORTS, partner, measure.commodity, first)
        label = f"{what}, {partner.code} {partner_name(partner, scope.at(first))}, "
        label += f"{defined._replace(**scope._asdict()).defined} ({unit})"
        return label, points


def _record_from(value: ClaimedValue, window: Window | None) -> str | None:
    """A record's window analysis: the earliest start from which the claimed period is still
    the record ("1985, where the data start", or the period after the last more extreme one)."""
    if window is None or value.record is None:
        return None
    high = value.record.extreme.value == "high"
    mine = window.values[-1]
    for index in range(len(window.values) - 2, -1, -1):
        other = window.values[index]
        if (other > mine) if high else (other < mine):
            if index == len(window.values) - 2:
                return (
                    f"not a record from any start: {window.periods[index]}, the period before, "
                    f"was {'higher' if high else 'lower'}"
                )
            return (
                f"a record only from {window.periods[index + 1]} on: {window.periods[index]} "
                f"was {'higher' if high else 'lower'}"
            )
    return f"a record from every start, back to {window.periods[0]} (the window's start)"


def _place(period: Period) -> tuple[int, int, int]:
    """Where a period is in time, as a plain value that compares as the periods do."""
    return period._order()


def _start_note(
    claim: Claim, start: Period, found: dict[Period, Decimal], value: ClaimedValue
) -> str:
    """Where the chosen start's value (of `found`, the neighbouring starts' values) sits
    among its neighbours: "2011 is the highest of 2009-2013: the chosen start maximises the
    decline"."""
    assert claim.measure is not None
    if start not in found or len(found) < 2:
        return "the neighbouring starts are not all in the data"
    span = f"{min(found)}-{max(found)}"
    falling = value.direction is not None and value.direction.value == "down"
    measured = "deficit" if claim.measure.stated_as is StatedAs.DEFICIT else claim.measure.flow
    what = f"{measured} {_unit_word(start)[:-1]}"
    # The start that makes the change largest: the highest for a decline, the lowest
    # for a growth.
    pick = max if falling else min
    best = pick(found, key=lambda p: found[p])
    effect = "the decline" if falling else "the growth"
    extreme = "highest" if falling else "lowest"
    if found[best] == found[start]:
        return f"{start} is the {extreme} {what} of {span}: the chosen start maximises {effect}"
    other = "lowest" if falling else "highest"
    place = (
        f"{start} is the {other} of {span}, the start that minimises {effect}"
        if found[start] == (min if falling else max)(found.values())
        else f"{start} is neither the highest nor the lowest of {span}"
    )
    return f"{place}; the start that maximises {effect} is {best}, the {extreme} {what}"


SHIFT = 2  # periods a window's start and end are each shifted, either way


def _unit_word(period: Period) -> str:
    if period.annual:
        return "years"
    return "quarters" if period.quarter is not None else "months"


def _ends_after(period: Period, day: str) -> bool:
    """Whether a period ends after `day` (its last month's end is later)."""
    last = period.months()[-1] if not period.annual else Period(period.year, 12)
    return f"{published_on(f'{last.year:04d}-{last.month:02d}')}" > day


def published_after(used: list[InputValue], day: str) -> list[str]:
    """The datasets and vintages of `used` published after `day`, once each, in order."""
    return list(
        dict.fromkeys(f"{u.dataset} {u.vintage}" for u in used if published_on(u.vintage) > day)
    )


def _then_summary(
    now: ClaimReport,
    verdict: Verdict,
    computed: Quantity | None,
    used: list[InputValue],
    day: str,
) -> str:
    """ "accurate on the data published before the claim (dataweb-country 2025-03: $295.40
    billion); inaccurate on today's (country 2026-04: $295.52 billion)"."""
    after = bool(published_after(used, day))
    then_data = (
        "the earliest data published after the claim (none before it holds the figures)"
        if after
        else "the data published before the claim"
    )
    if after:
        return (
            f"{verdict.value} on {then_data}, {_shown(used, computed)}; "
            f"{now.verdict.value} on today's ({_shown(now.inputs, now.computed)})"
        )
    return (
        f"{verdict.value} on {then_data} ({_shown(used, computed)}); "
        f"{now.verdict.value} on today's ({_shown(now.inputs, now.computed)})"
    )


def _shown(used: list[InputValue], computed: Quantity | None) -> str:
    """The vintages of `used` and the value computed from them: "country 2026-04: $295.52
    billion"."""
    names = ", ".join(dict.fromkeys(f"{u.dataset} {u.vintage}" for u in used)) or "no data"
    if computed is None:
        return f"{names}: not computable"
    return f"{names}: {shown_quantity(computed)}"


def shown_quantity(q: Quantity) -> str:
    """A computed value as a sentence writes it: "$295.52 billion", "-2.76%", "2.09x", "1st"."""
    unit = q.unit
    if unit.endswith("USD"):
        return amount(Decimal(str(q.value)), unit)
    if unit == "percent":
        return f"{q.value:+.2f}%"
    if unit == "percentage points":
        return f"{q.value:+.2f} points"
    if unit == "times":
        return f"{q.value:.2f}x"
    if unit == "place":
        return ordinal(int(q.value))
    return f"{q.value:,.2f} {unit}"


def _of_name(whole: PartnerInfo | None) -> str | None:
    return None if whole is None else f"{whole.code} {whole.name}"


def _whole_name(whole: PartnerInfo | None) -> str:
    return "the world" if whole is None else f"{whole.code} {whole.name}"


def _attribution(defined: list[Definition]) -> list[str]:
    return list(_attributions(tuple(defined)))


@cache  # a handful of distinct combinations, asked for by every claim
def _attributions(defined: tuple[Definition, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(d.attribution for d in defined))


def _claimed_report(value: ClaimedValue) -> ClaimedReport:
    return construct(
        ClaimedReport,
        text=value.text,
        value=float(value.signed) if value.number is not None else None,
        unit=value.unit,
        precision=float(value.last_digit) if value.number is not None else None,
        direction=value.direction.value if value.direction else None,
        bound=value.bound.value if value.bound else None,
        hedge=value.hedge.value if value.hedge else None,
    )


def _label(scope: Scope, claim: Claim) -> str:
    """The recorded definition as the report names it, e.g. "goods, Census basis"."""
    assert claim.measure is not None
    label = scope.label(claim.periods[0].annual)
    commodity = claim.measure.commodity
    return label if commodity.system is CommoditySystem.ALL else f"{label}, {commodity}"


def _commodity(variant: Variant, recorded: Commodity) -> str:
    """What a variant counts: its end-use codes, the recorded commodity, or (services, goods
    and services) its coverage, which has no commodity detail."""
    if variant.commodities:
        return " + ".join(str(c) for c in variant.commodities)
    if variant.scope.coverage is not Coverage.GOODS:
        return variant.scope.coverage.value
    return str(recorded)


def result_unit(value: ClaimedValue, spec: Spec) -> str:
    """The unit a computed value is reported in: the claim's; for a claim with no number (a
    sign, a direction, a record), the operation's: percent for a percent change, else
    billions."""
    if value.kind is Kind.DIRECTION and Kind.PERCENT in spec.kinds:
        return "percent"
    if value.kind is Kind.RANK:
        return "place"
    if value.kind is Kind.STREAK:
        return "in a row"
    if value.kind in (Kind.SIGN, Kind.DIRECTION, Kind.RECORD, Kind.COMPARISON):
        return working_unit(value)[1]
    return value.unit


def _mark_extreme(
    points: list[SeriesPoint], value: ClaimedValue | None, claimed: object
) -> list[SeriesPoint]:
    """A record's chart: the window's extreme (up to the claimed period) noted as such."""
    record = value.record if value is not None else None
    if record is None:
        return points
    upto = []
    for point in points:
        upto.append(point)
        if point.period == str(claimed):
            break
    held = [p for p in upto if p.value is not None]
    if not held:
        return points
    pick = max if record.extreme.value == "high" else min
    extreme = pick(held, key=lambda p: p.value or 0.0)
    note = f"the {record.words} up to {claimed}"
    return [p.model_copy(update={"note": note}) if p is extreme else p for p in points]


def _ranking(ranking: Ranking | None) -> list[Placed] | None:
    """A rank's top ten of the claimed period, with the claim's partner and its rival when
    they are not in it."""
    if ranking is None:
        return None
    shown = list(ranking.standings[:SHOWN])
    for code in (ranking.partner, ranking.rival):
        if code is not None and all(s.code != code for s in shown):
            shown.append(ranking.standing(code))
    out = []
    for s in shown:
        place = ranking.place(s.code)
        assert place is not None
        out.append(
            construct(
                Placed,
                place=place,
                code=s.code,
                name=s.name,
                value=float(s.value),
                unit=ranking.unit,
                claimed=s.code == ranking.partner,
                rival=s.code == ranking.rival,
            )
        )
    return out


def _vintages(used: list[InputValue]) -> str:
    """Which inputs come from which vintage: each one for a few ("exports 2016: 2023-07,
    imports 2016: 2026-04"), else each vintage with its first and last period and count."""
    if len(used) <= 6:
        return ", ".join(f"{u.flow} {u.period}: {u.vintage}" for u in used)
    by: dict[str, list[str]] = {}
    for u in used:
        by.setdefault(u.vintage, []).append(u.period)
    return "; ".join(
        f"{vintage}: {len(periods)} values, {min(periods)} to {max(periods)}"
        for vintage, periods in sorted(by.items())
    )
