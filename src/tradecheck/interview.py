"""`tradecheck new` on a terminal: ask for a claim field by field, each answer checked as typed.

The questions follow the claims format: every field of Claim and Measure is asked here or
named in NOT_ASKED with the reason (a test walks the models). Input and output go through the
two callables given, so the CLI brings the terminal and tests bring a script.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tradecheck.claims import (
    EXPECTABLE,
    Commodity,
    Flow,
    Operation,
    Period,
    StatedAs,
)
from tradecheck.claims.model import Span, _date_text, _kind_fits
from tradecheck.domain import AdjustmentName, BasisName, Coverage, PartnerInfo, parse_when
from tradecheck.errors import TradecheckError
from tradecheck.operations import spec_for
from tradecheck.partners import PartnerError, PartnerResolver
from tradecheck.quantity import ClaimedValue, ClaimedValueError, Hedge, Kind, parse_claimed

# ask(label, default) -> the answer typed (default when Enter is pressed); say(text) prints.
Ask = Callable[[str, str | None], str]
Say = Callable[[str], None]

ASKED = {
    "claim": [
        *("id", "quote", "speaker", "measure", "period", "operation", "claimed", "reading"),
        *("expected", "note"),
    ],
    "measure": [
        *("flow", "partner", "commodity", "scope", "basis", "stated_as", "adjustment", "of"),
        *("than", "than_period"),
    ],
    "source": ["title", "publisher", "date", "url"],
}
NOT_ASKED = {
    "not_checkable": "a claim no statistic can check is written by hand or with --not-checkable "
    "in a later version; the prompts are for claims tradecheck computes",
    "vintage": "a pin to a vintage is an expert's choice for re-judging an old claim; "
    "write it in the file",
    "date": "a claim is dated by its file's source.date unless it was said on another day; "
    "write `date:` in the file then",
    "speaker_kind": "a speaker is a person unless the file says `speaker_kind: organization` "
    "(only ClaimReview's author reads it); write it in the file",
    "alternative_start": "another start for a change's window is an analyst's second look "
    "after the verdict (explain shows the windows); write `alternative_start:` in the file",
}
SKIP = ""  # the answer that leaves an optional field out


class Invalid(TradecheckError, ValueError):
    """An answer that is not valid; its text says why and what would be."""


def _other_partner(
    resolver: PartnerResolver, answer: str, own: PartnerInfo, why_not_itself: str
) -> PartnerInfo:
    """The partner an answer names, other than the claim's own (`why_not_itself` says why
    that one is refused); Invalid otherwise."""
    try:
        info = resolver.resolve(answer)
    except PartnerError as exc:
        raise Invalid(str(exc)) from None
    if info.code == own.code:
        raise Invalid(f"{info.code} {info.name} is the claim's partner itself: {why_not_itself}")
    return info


def _ask_until(
    ask: Ask, say: Say, label: str, check: Callable[[str], Any], default: str | None = None
) -> Any:
    """Ask until `check` accepts the answer; say why each refused answer was refused."""
    while True:
        answer = ask(label, default).strip()
        try:
            return check(answer)
        except (Invalid, ValueError) as exc:
            say(f"  {exc}; try again")


def _required(answer: str) -> str:
    if not answer:
        raise Invalid("this field is required")
    return answer


def _choice(choices: list[str], optional: bool = False) -> Callable[[str], str | None]:
    def check(answer: str) -> str | None:
        if optional and answer == SKIP:
            return None
        if answer not in choices:
            raise Invalid(f"{answer!r} is not one of {', '.join(choices)}")
        return answer

    return check


def _date(answer: str) -> str:
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", answer):
        raise Invalid(f"{answer!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    _date_text(answer)  # ValueError for a date that does not exist
    return answer


PERIOD_PROMPT = "period (2016, 2016-03, 2016-Q3, 2016-H1, 2020-01..2020-08 summed, or 2011 to 2016)"


def _period(answer: str) -> object:
    """A period as the claims file writes it: 2016, "2016-03", "2016-Q3", "2016-H1", a range
    summed ("2020-01..2020-08", "2001..2024"), or {from, to} from "2011 to 2016" (each end a
    period or a range)."""

    def one(text: str) -> object:
        try:
            when = parse_when(text.strip())
        except ValueError as exc:
            raise Invalid(str(exc)) from None
        return when.year if isinstance(when, Period) and when.annual else str(when)

    if " to " in answer:
        a, b = (one(part) for part in answer.split(" to ", 1))
        try:
            Span.model_validate({"from": a, "to": b})
        except ValidationError as exc:
            why = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise Invalid(f"{answer!r}: {why}") from None
        return {"from": a, "to": b}
    return one(answer)


def _annual(period: object) -> bool:
    """Whether a `_period` answer is a year, a range of years or a span of them (no seasonal
    adjustment)."""
    first = period["from"] if isinstance(period, dict) else period
    return parse_when(first).annual


def describe(value: ClaimedValue) -> str:
    """How a claimed value will be judged: "$42.3 billion: 42.3 billion USD, precision 0.1"."""
    if value.kind is Kind.VAGUE:
        return f"{value.text}: a vague word ({value.direction}); it needs a stated reading"
    if value.kind is Kind.SIGN:
        return f"{value.text}: the sign of the balance only (a {value.stated}), no number"
    if value.number is None:  # a direction, a record, a rank, a comparison, a streak
        return f"{value.text}: a {value.kind} claim, judged by its own rubric rule, no number"
    parts = [f"{value.signed} {value.unit}", f"precision {value.last_digit}"]
    if value.bound:
        parts.append(f"bound {value.bound_word!r}")
    if value.hedge:
        side = "short of it" if value.hedge is Hedge.NEARLY else "either side"
        parts.append(f"hedge {value.hedge_word!r} (5% {side})")
    if value.stated:
        parts.append(f"stated as a {value.stated}")
    return f"{value.text}: " + ", ".join(parts)


def _claimed(operation: str, flow: str | None = None) -> Callable[[str], ClaimedValue]:
    def check(answer: str) -> ClaimedValue:
        try:
            value = parse_claimed(_required(answer))
        except ClaimedValueError as exc:
            raise Invalid(str(exc)) from None
        if value.kind is Kind.SIGN and flow is not None and flow != Flow.BALANCE.value:
            raise Invalid(f"{value.text!r} is the sign of a balance; flow is {flow}")
        if value.kind is not Kind.VAGUE:
            problems = list(_kind_fits(spec_for(Operation(operation)), value))
            if problems:
                raise Invalid(problems[0])
        return value

    return check


def slug(text: str, most: int = 40) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > most:
            break
        out = f"{out}-{word}" if out else word
    return out or "claim"


def _stated_default(quote: str) -> str:
    found = re.search(r"\b(deficit|surplus)", quote, re.IGNORECASE)
    return found[1].lower() if found else StatedAs.SIGNED.value


def interview(
    path: Path, ask: Ask, say: Say, resolver: PartnerResolver, taken: set[str]
) -> tuple[dict[str, Any], dict[str, str] | None]:
    """The claim's fields, and the new file's source when `path` does not exist yet."""
    source: dict[str, str] | None = None
    if not path.exists():
        say(f"{path} is a new claims file: first, the article it checks.")
        source = {
            "title": _ask_until(ask, say, "article title", _required),
            "publisher": _ask_until(ask, say, "publisher", _required),
            "date": _ask_until(
                ask, say, "date of the article (YYYY, YYYY-MM or YYYY-MM-DD)", _date
            ),
        }
        url = ask("URL (Enter if the copy checked has none)", SKIP).strip()
        if url:
            source["url"] = url
    quote = _ask_until(ask, say, "quote (verbatim)", _required)
    speaker = _ask_until(ask, say, "speaker", _required)

    def partner_check(answer: str) -> str:
        try:
            info = resolver.resolve(_required(answer))
        except PartnerError as exc:
            raise Invalid(str(exc)) from None
        say(f"  partner {info.code} {info.name}")
        return answer

    partner = _ask_until(ask, say, "partner (name, ISO code or Census code)", partner_check)
    flows = [f.value for f in Flow]
    flow = _ask_until(ask, say, f"flow ({'/'.join(flows)})", _choice(flows))
    measure: dict[str, Any] = {"flow": flow, "partner": partner}

    def commodity_check(answer: str) -> str | None:
        Commodity.parse(answer)
        return None if answer == "all goods" else answer

    commodity = _ask_until(
        ask, say, "commodity (all goods, end-use 3, hs 8703)", commodity_check, "all goods"
    )
    if commodity:
        measure["commodity"] = commodity

    # The definition. Each is written only when it is not the default, so a claim of the
    # headline figures reads as before.
    scopes = [c.value for c in Coverage]

    def scope_check(answer: str) -> str:
        scope = str(_choice(scopes)(answer))
        if commodity and scope != Coverage.GOODS.value:
            raise Invalid(f"scope {scope} has no commodity detail ({commodity} is goods only)")
        return scope

    scope = _ask_until(ask, say, f"scope ({'/'.join(scopes)})", scope_check, Coverage.GOODS.value)
    if scope != Coverage.GOODS.value:
        measure["scope"] = scope
    basis = BasisName.BOP.value  # services, goods and services: the BOP basis by definition
    if scope == Coverage.GOODS.value:
        bases = [b.value for b in BasisName]
        basis = _ask_until(
            ask, say, f"basis ({'/'.join(bases)})", _choice(bases), BasisName.CENSUS.value
        )
        if basis != BasisName.CENSUS.value:
            measure["basis"] = basis
    if flow == Flow.BALANCE.value:
        stated = [s.value for s in StatedAs]
        measure["stated_as"] = _ask_until(
            ask, say, f"stated as ({'/'.join(stated)})", _choice(stated), _stated_default(quote)
        )
    period = _ask_until(
        ask,
        say,
        "period (2016, 2016-03, 2016-Q3, 2016-H1, 2020-01..2020-08 summed, or 2011 to 2016)",
        _period,
    )
    if not _annual(period):
        adjustments = [a.value for a in AdjustmentName]
        usual = AdjustmentName.NSA if basis == BasisName.CENSUS.value else AdjustmentName.SA
        adjustment = _ask_until(
            ask,
            say,
            f"seasonal adjustment ({'/'.join(adjustments)})",
            _choice(adjustments),
            usual.value,
        )
        if adjustment != usual.value:
            measure["adjustment"] = adjustment
    operations = [o.value for o in Operation]
    operation = _ask_until(
        ask,
        say,
        f"operation ({'/'.join(operations)})",
        _choice(operations),
        Operation.LEVEL.value if not isinstance(period, dict) else Operation.PERCENT_CHANGE.value,
    )
    if operation == Operation.SHARE.value:
        own = resolver.resolve(partner)

        def whole_check(answer: str) -> str | None:
            if answer.strip() == SKIP:
                return None
            info = _other_partner(resolver, answer, own, "a share of itself is always 100%")
            say(f"  a share of {info.code} {info.name}")
            return answer.strip()

        whole = _ask_until(
            ask, say, "share of (a partner or grouping; Enter: the world)", whole_check, SKIP
        )
        if whole:
            measure["of"] = whole
    if operation == Operation.COMPARE.value:
        mine = resolver.resolve(partner)

        def other_check(answer: str) -> dict[str, Any]:
            text = answer.strip()
            try:
                return {"than_period": str(parse_when(text))}
            except ValueError:
                pass
            names = [n.strip() for n in text.split(",") if n.strip()]
            if not names:
                raise Invalid("name the partners (China, Japan) or a period (2016)")
            for name in names:
                _other_partner(resolver, name, mine, "a comparison with itself has no gap")
            return {"than": names if len(names) > 1 else names[0]}

        measure.update(
            _ask_until(
                ask, say, "compared with (partners, comma-separated, or a period)", other_check
            )
        )
    claimed_label = "claimed value, as written"
    if flow == Flow.BALANCE.value and operation == Operation.LEVEL.value:
        claimed_label += " (or only the sign: a deficit, a surplus)"
    value = _ask_until(ask, say, claimed_label, _claimed(operation, flow))
    say(f"  read as {describe(value)}")
    fields: dict[str, Any] = {
        "quote": quote,
        "speaker": speaker,
        "measure": measure,
        "period": period,
        "operation": operation,
        "claimed": value.text,
    }
    if value.kind is Kind.VAGUE:
        say("  a vague word is judged against a reading you state, e.g. 'more than 50%'")
        means = _ask_until(ask, say, "reading: it means", _claimed(operation))
        because = _ask_until(ask, say, "reading: because", _required)
        fields["reading"] = {"means": means.text, "because": because}
    expectable = [v.value for v in EXPECTABLE]
    fields["expected"] = _ask_until(
        ask, say, "expected verdict, if reviewed (Enter: none)", _choice(expectable, True), SKIP
    )
    fields["note"] = ask("note for other analysts (Enter: none)", SKIP).strip() or None

    def id_check(answer: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", answer) or len(answer) > 80:
            raise Invalid(f"{answer!r}: an id is lower case, digits, . _ - (at most 80)")
        if answer in taken:
            raise Invalid(f"{answer!r} is already a claim id in {path}")
        return answer

    default_id = slug(quote)
    n = 2
    while default_id in taken:
        default_id, n = f"{slug(quote)}-{n}", n + 1
    fields = {"id": _ask_until(ask, say, "id", id_check, default_id), **fields}
    return fields, source
