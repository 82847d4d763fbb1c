"""`verify --format claimreview`: one JSON-LD document of schema.org ClaimReviews, one per
claim judged on data, for publishing verdicts where search engines and fact-check archives
read them. Unverifiable and not-checkable claims have no rating and are left out.
"""

from __future__ import annotations

import json
from typing import Any, TextIO, assert_never

from tradecheck.domain import SpeakerKind, Verdict
from tradecheck.errors import InputError
from tradecheck.report import ClaimReport, FileReport, InputValue, Publishing, Report

# schema.org's Rating runs from worstRating to bestRating: the better the verdict, the higher.
BEST, WORST = 5, 1
HEADLINE_CHARACTERS = 75


def rating(verdict: Verdict) -> tuple[int, str] | None:
    """A verdict's rating and its name in plain words; None for a verdict that rates nothing
    (no data, or no trade statistic can check the claim)."""
    match verdict:
        case Verdict.ACCURATE:
            return 5, "Accurate"
        case Verdict.ACCURATE_WITHIN_ROUNDING:
            return 4, "Accurate within rounding"
        case Verdict.INACCURATE:
            return 2, "Inaccurate"
        case Verdict.FALSE:
            return 1, "False"
        case Verdict.UNVERIFIABLE | Verdict.NOT_CHECKABLE:
            return None
        case _:
            assert_never(verdict)


def headline(text: str, limit: int = HEADLINE_CHARACTERS) -> str:
    """`text` in at most `limit` characters: whole, or cut at a word boundary with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]  # room for the ellipsis
    if text[limit - 1] != " " and " " in cut:  # mid-word: back to the word's start
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def left_out(report: Report) -> dict[str, int]:
    """How many claims of each verdict without a rating were left out."""
    return {
        v.value: report.summary.get(v.value, 0)
        for v in (Verdict.UNVERIFIABLE, Verdict.NOT_CHECKABLE)
    }


def write(report: Report, out: TextIO, width: int | None = None) -> None:
    publishing = report.publishing
    if publishing is None:
        raise InputError("--format claimreview needs a publishing date (--date)")
    reviews = [
        review(claim, file, publishing)
        for file in report.files
        for claim in file.claims
        if rating(claim.verdict) is not None
    ]
    document = {"@context": "https://schema.org", "@graph": reviews}
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def review(claim: ClaimReport, file: FileReport, publishing: Publishing) -> dict[str, Any]:
    """One claim's ClaimReview."""
    rated = rating(claim.verdict)
    assert rated is not None
    reviewer = publishing.publisher or file.reviewer
    if reviewer is None:
        raise InputError(
            f"{file.path}: no reviewer to name as the ClaimReview's author: give --publisher "
            "NAME or a reviewer: block (name, url) in the file"
        )
    author: dict[str, Any] = {"@type": "Organization", "name": reviewer}
    if publishing.publisher is None and file.reviewer_url:
        author["url"] = file.reviewer_url
    item: dict[str, Any] = {
        "@type": "Claim",
        "text": claim.quote,
        "author": {
            "@type": "Organization" if claim.speaker_kind is SpeakerKind.ORGANIZATION else "Person",
            "name": claim.speaker,
        },
        "datePublished": claim.date or file.date,
    }
    if file.url:
        item["appearance"] = {"@type": "CreativeWork", "url": file.url, "headline": file.title}
    value, name = rated
    out: dict[str, Any] = {
        "@type": "ClaimReview",
        "claimReviewed": headline(claim.quote),
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": name,
            # Why, and (when it differs) the verdict on the data of the claim's day.
            "ratingExplanation": claim.reason
            + (f" ({claim.then.summary})" if claim.then is not None and claim.then.differs else ""),
        },
        "author": author,
        "datePublished": publishing.date,
    }
    if publishing.url_template is not None:
        out["url"] = publishing.url_template.replace("{id}", claim.id)
    out["isBasedOn"] = datasets(claim)
    return out


def datasets(claim: ClaimReport) -> list[dict[str, Any]]:
    """The datasets the claim's inputs come from, once each: agency, name, vintage and the
    file or the API request (never with the key)."""
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    agencies = claim.agencies if len(claim.agencies) == len(claim.inputs) else []
    for index, used in enumerate(claim.inputs):
        where = _where(used)
        entry: dict[str, Any] = {"@type": "Dataset", "name": used.dataset}
        if agencies:
            entry["creator"] = {"@type": "Organization", "name": agencies[index]}
        entry["version"] = used.vintage
        entry["identifier"] = where
        found.setdefault((used.dataset, used.vintage, where), entry)
    return list(found.values())


def _where(used: InputValue) -> str:
    """The file a bundled value was read from (without its column), or the API request."""
    if used.request is not None:
        return used.request.removeprefix("GET ")
    return (used.file or "").split(", column ")[0]
