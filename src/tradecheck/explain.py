"""`tradecheck explain`: one claim's whole computation, as data and in plain words.

The explanation is built from the same `ClaimReport` that `verify` prints, plus how the claim
was read and the series around the claimed period (for the chart), so it cannot disagree with
the verdict table.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from tradecheck.check import claimed_value
from tradecheck.claims import Claim, LoadedFile, Span
from tradecheck.domain import partner_name
from tradecheck.engine import Choice, Prepared
from tradecheck.errors import InputError
from tradecheck.report import ClaimReport, SeriesPoint
from tradecheck.series.bundle import PartnerInfo


class ReadingReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    flow: str | None
    partner: str | None
    partner_name: str | None
    partner_kind: str | None
    of: str | None  # a share's whole other than the world (measure.of), resolved
    commodity: str | None
    stated_as: str | None
    period: str | None
    operation: str | None
    claimed_kind: str | None
    claimed_number: str | None
    claimed_unit: str | None
    precision: str | None
    hedge: str | None
    bound: str | None
    direction: str | None
    vague_reading: str | None


class Explanation(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    line: int | None
    reading: ReadingReport
    report: ClaimReport
    series_label: str | None
    series: list[SeriesPoint]


def find_claim(prepared: Prepared, claim_id: str) -> tuple[LoadedFile, int, PartnerInfo | None]:
    """(file, position in it, partner) of the claim with this id, or InputError."""
    found = [
        (item, position, resolved.get(claim_id))
        for item, resolved in prepared.files
        for position, claim in enumerate(item.content.claims)
        if claim.id == claim_id
    ]
    if not found:
        ids = [c.id for item, _ in prepared.files for c in item.content.claims]
        import difflib

        close = difflib.get_close_matches(claim_id, ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InputError(f"no claim has id {claim_id!r}{hint}")
    if len(found) > 1:
        files = ", ".join(item.display for item, _, _ in found)
        raise InputError(f"claim id {claim_id!r} is in several files ({files}); give one file")
    return found[0]


def explain(prepared: Prepared, claim_id: str, vintage: Choice) -> Explanation:
    item, position, partner = find_claim(prepared, claim_id)
    claim = item.content.claims[position]
    report = prepared.judged(claim, item, partner, vintage, series=True)
    line, _ = item.where(("claims", position, "id"))
    return Explanation(
        file=item.display,
        line=line,
        reading=_reading(claim, partner, report.reading, prepared.engine.checker.whole(claim)),
        report=report,
        series_label=report.series_label,
        series=report.series,
    )


def _text(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _reading(
    claim: Claim, partner: PartnerInfo | None, vague: str | None, whole: PartnerInfo | None
) -> ReadingReport:
    """How the claim was read; `vague` is the report's account of a vague word's reading."""
    measure = claim.measure
    value = claimed_value(claim)
    period = claim.period
    period_text = f"{period.start} to {period.end}" if isinstance(period, Span) else _text(period)
    return ReadingReport(
        flow=_text(measure.flow) if measure else None,
        partner=partner.code if partner else None,
        partner_name=_partner_name(claim, partner),
        partner_kind=partner.kind if partner else None,
        of=f"{whole.code} {whole.name} ({whole.kind})" if whole else None,
        commodity=str(measure.commodity) if measure else None,
        stated_as=_text(measure.stated_as) if measure else None,
        period=period_text,
        operation=_text(claim.operation),
        claimed_kind=_text(value.kind) if value else None,
        claimed_number=str(value.signed) if value and value.number is not None else None,
        claimed_unit=value.unit if value else None,
        precision=str(value.last_digit) if value and value.number is not None else None,
        hedge=_text(value.hedge) if value else None,
        bound=_text(value.bound) if value else None,
        direction=_text(value.direction) if value else None,
        vague_reading=vague,
    )


def _partner_name(claim: Claim, partner: PartnerInfo | None) -> str | None:
    """The partner as the claim's definition names it ("World" on BEA's definitions)."""
    if partner is None:
        return None
    if claim.measure is None or not claim.periods:
        return partner.name
    return partner_name(partner, claim.measure.scope_at(claim.periods[0]).at(claim.periods[0]))
