"""The KORUS article's claims, recomputed from the bundle and checked against source cells."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cells import ROOT, billions, country_dollars, enduse_dollars
from tradecheck.claims import Verdict
from tradecheck.engine import verify_files
from tradecheck.report import ClaimReport

KORUS = ROOT / "claims" / "korus-2018.yaml"
NEWEST = "2026-04"
EXPORTS_CSV = "enduse-exports/enduse_exports-2023-07.csv"
IMPORTS_NEW = "enduse-imports/enduse_imports-2026-04.xlsx"


def claims(vintage: str | None = None) -> dict[str, ClaimReport]:
    report = verify_files([KORUS], vintage=vintage)
    return {c.id: c for f in report.files for c in f.claims}


def close(value: float | None, expected: Decimal, places: int = 6) -> None:
    assert value is not None
    assert round(Decimal(str(value)), places) == round(expected, places)


@pytest.fixture(scope="module")
def newest() -> dict[str, ClaimReport]:
    return claims()


def test_export_levels_accurate(newest: dict[str, ClaimReport]) -> None:
    for cid, year in (("exports-2016", 2016), ("exports-2011", 2011)):
        claim = newest[cid]
        expected = billions(country_dollars(NEWEST, "5800", year, "EYR"))
        assert claim.computed is not None
        close(claim.computed.value, expected)
        assert claim.verdict is Verdict.ACCURATE
        assert [i.value for i in claim.inputs] == [country_dollars(NEWEST, "5800", year, "EYR")]
        assert claim.inputs[0].vintage == NEWEST
    # $42.3 billion and $43.5 billion are the computed values rounded to 0.1.
    assert round(newest["exports-2016"].computed.value, 1) == 42.3  # type: ignore[union-attr]
    assert round(newest["exports-2011"].computed.value, 1) == 43.5  # type: ignore[union-attr]


def test_decline_within_rounding_newest(newest: dict[str, ClaimReport]) -> None:
    a = country_dollars(NEWEST, "5800", 2011, "EYR")
    b = country_dollars(NEWEST, "5800", 2016, "EYR")
    change = (Decimal(b) - a) / a * 100
    claim = newest["exports-decline"]
    close(claim.computed.value, change)  # type: ignore[union-attr]
    assert round(change, 2) == Decimal("-2.76")
    assert claim.verdict is Verdict.ACCURATE_WITHIN_ROUNDING
    assert claim.rule == "truncation"
    close(claim.difference.value, change + Decimal("2.7"))  # type: ignore[union-attr]
    assert claim.difference.unit == "percentage points"  # type: ignore[union-attr]


def test_decline_with_vintage_2018_10() -> None:
    a = country_dollars("2018-10", "5800", 2011, "EYR")
    b = country_dollars("2018-10", "5800", 2016, "EYR")
    change = (Decimal(b) - a) / a * 100
    claim = claims("2018-10")["exports-decline"]
    assert round(change, 2) == Decimal("-2.64")
    close(claim.computed.value, change)  # type: ignore[union-attr]
    assert claim.verdict is Verdict.ACCURATE_WITHIN_ROUNDING
    assert claim.rule == "within-one-unit"
    assert {i.vintage for i in claim.inputs} == {"2018-10"}
    # The revision between vintages is real: 2016 exports differ.
    assert country_dollars("2018-10", "5800", 2016, "EYR") != country_dollars(
        NEWEST, "5800", 2016, "EYR"
    )


def test_deficit_ballooned(newest: dict[str, ClaimReport]) -> None:
    d11 = country_dollars(NEWEST, "5800", 2011, "IYR") - country_dollars(
        NEWEST, "5800", 2011, "EYR"
    )
    d16 = country_dollars(NEWEST, "5800", 2016, "IYR") - country_dollars(
        NEWEST, "5800", 2016, "EYR"
    )
    assert round(billions(d11), 1) == Decimal("13.2")
    assert round(billions(d16), 1) == Decimal("27.6")
    claim = newest["deficit-ballooned"]
    close(claim.computed.value, (Decimal(d16) - d11) / d11 * 100)  # type: ignore[union-attr]
    assert claim.verdict is Verdict.ACCURATE
    assert claim.rule == "bound-holds"
    assert claim.reading is not None and "more than 50%" in claim.reading
    assert "13.199723" in (claim.formula or "") and "27.624591" in (claim.formula or "")


def test_auto_deficit_2016_inaccurate(newest: dict[str, ClaimReport]) -> None:
    exports = enduse_dollars(EXPORTS_CSV, "5800", "3", 2016)
    imports = enduse_dollars(IMPORTS_NEW, "5800", "3", 2016)
    deficit = billions(imports - exports)
    claim = newest["auto-deficit-2016"]
    close(claim.computed.value, deficit)  # type: ignore[union-attr]
    assert round(deficit, 1) == Decimal("22.6")
    close(claim.difference.value, deficit - 24)  # type: ignore[union-attr]
    assert round(deficit - 24, 2) == Decimal("-1.44")
    relative = (24 - deficit) / deficit * 100
    assert round(relative, 1) == Decimal("6.4")
    close(claim.relative_difference_percent, relative, 4)
    assert claim.verdict is Verdict.INACCURATE
    assert [i.value for i in claim.inputs] == [exports, imports]
    assert [(i.dataset, i.vintage) for i in claim.inputs] == [
        ("enduse-exports", "2023-07"),
        ("enduse-imports", "2026-04"),
    ]
    assert any("different vintages" in c for c in claim.caveats)


def test_auto_rise_unverifiable_names_series(newest: dict[str, ClaimReport]) -> None:
    claim = newest["auto-deficit-rise"]
    assert claim.verdict is Verdict.UNVERIFIABLE
    assert claim.reason == (
        "end-use 3 exports for 5800 Korea, South, 2011: bundled enduse-exports data starts in 2013"
    )


def test_not_checkable_and_caveats(newest: dict[str, ClaimReport]) -> None:
    assert newest["tpp-withdrawal"].verdict is Verdict.NOT_CHECKABLE
    for claim in newest.values():
        if claim.verdict is not Verdict.NOT_CHECKABLE:
            assert claim.caveats[:4] == [
                "goods only (not services)",
                "Census basis",
                "nominal U.S. dollars (not adjusted for inflation)",
                "not seasonally adjusted",
            ]


def test_korus_file_is_the_one_checked() -> None:
    assert Path(KORUS).is_file()
