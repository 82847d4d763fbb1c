"""Recomputation for many partners, flows, periods and vintages, and every rubric branch.

Expected numbers are computed here from the verbatim source cells in fixtures/; claimed
values are written from those numbers so each rubric branch is reached on real data.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from cells import billions, country_dollars, enduse_dollars
from tradecheck.claims import Verdict
from tradecheck.engine import verify_files
from tradecheck.report import ClaimReport

SOURCE = {"title": "test", "publisher": "tests", "url": "https://example.org", "date": "2020-01-01"}


def run(tmp_path: Path, *claims: dict[str, Any], vintage: str | None = None) -> list[ClaimReport]:
    path = tmp_path / "claims.yaml"
    body = []
    for n, claim in enumerate(claims):
        body.append({"id": f"c{n}", "quote": "q", "speaker": "s", **claim})
    path.write_text(yaml.safe_dump({"source": SOURCE, "claims": body}, sort_keys=False))
    report = verify_files([path], vintage=vintage)
    return report.files[0].claims


def level(flow: str, partner: str, period: Any, claimed: str, **measure: Any) -> dict[str, Any]:
    return {
        "measure": {"flow": flow, "partner": partner, **measure},
        "period": period,
        "operation": "level",
        "claimed": claimed,
    }


def value_of(claim: ClaimReport) -> Decimal:
    assert claim.computed is not None, claim.reason
    return Decimal(str(claim.computed.value))


def money(b: Decimal, places: int = 1) -> str:
    return f"${round(b, places)} billion"


# -- partners, flows, periods -----------------------------------------------------------------


def test_eu_imports_2019(tmp_path: Path) -> None:
    expected = billions(country_dollars("2026-04", "0003", 2019, "IYR"))
    [claim] = run(tmp_path, level("imports", "European Union", 2019, money(expected)))
    assert round(value_of(claim), 6) == round(expected, 6)
    assert claim.verdict is Verdict.ACCURATE
    assert claim.inputs[0].partner == "0003"


def test_china_balance_2018_is_signed(tmp_path: Path) -> None:
    e = country_dollars("2026-04", "5700", 2018, "EYR")
    i = country_dollars("2026-04", "5700", 2018, "IYR")
    balance = billions(e - i)
    assert balance < 0
    [signed, deficit] = run(
        tmp_path,
        level("balance", "China", 2018, f"-${round(-balance, 1)} billion"),
        level("balance", "CN", 2018, money(-balance), stated_as="deficit"),
    )
    assert round(value_of(signed), 6) == round(balance, 6)
    assert round(value_of(deficit), 6) == round(-balance, 6)
    assert signed.verdict is Verdict.ACCURATE
    assert deficit.verdict is Verdict.ACCURATE


def test_canada_total_trade_2022(tmp_path: Path) -> None:
    total = billions(
        country_dollars("2026-04", "1220", 2022, "EYR")
        + country_dollars("2026-04", "1220", 2022, "IYR")
    )
    [claim] = run(tmp_path, level("total", "Canada", 2022, money(total, 0)))
    assert round(value_of(claim), 6) == round(total, 6)
    assert claim.verdict is Verdict.ACCURATE


def test_mexico_month_march_2016(tmp_path: Path) -> None:
    march = billions(country_dollars("2026-04", "2010", 2016, "EMAR"))
    [claim] = run(tmp_path, level("exports", "2010", "2016-03", money(march, 2)))
    assert round(value_of(claim), 6) == round(march, 6)
    assert claim.inputs[0].period == "2016-03"
    assert claim.verdict is Verdict.ACCURATE


def test_britain_alias_percent_change(tmp_path: Path) -> None:
    a = country_dollars("2026-04", "4120", 2016, "EYR")
    b = country_dollars("2026-04", "4120", 2017, "EYR")
    change = (Decimal(b) - a) / a * 100
    word = "an increase of" if change > 0 else "a decline of"
    [claim] = run(
        tmp_path,
        {
            "measure": {"flow": "exports", "partner": "Britain"},
            "period": {"from": 2016, "to": 2017},
            "operation": "percent-change",
            "claimed": f"{word} {abs(round(change, 1))} percent",
        },
    )
    assert claim.inputs[0].partner == "4120"
    assert round(value_of(claim), 6) == round(change, 6)
    assert claim.verdict is Verdict.ACCURATE


def test_japan_and_germany_and_world(tmp_path: Path) -> None:
    japan = billions(country_dollars("2026-04", "5880", 2025, "IYR"))
    germany = billions(country_dollars("2026-04", "4280", 2015, "EYR"))
    world = billions(country_dollars("2026-04", "0015", 2025, "EYR"))
    claims = run(
        tmp_path,
        level("imports", "Japan", 2025, money(japan)),
        level("exports", "DE", 2015, money(germany)),
        level("exports", "world", 2025, money(world, 0)),
    )
    assert [round(value_of(c), 6) for c in claims] == [round(x, 6) for x in (japan, germany, world)]
    assert all(c.verdict is Verdict.ACCURATE for c in claims)


def test_partial_year_not_held_and_unpublished_month(tmp_path: Path) -> None:
    # The 2018-10 file covers 2018 only through August: its EYR is year-to-date and
    # September to December are stored as 0, meaning "not published".
    assert country_dollars("2018-10", "5800", 2018, "ESEP") == 0
    august = billions(country_dollars("2018-10", "5800", 2018, "EAUG"))
    year, september, aug = run(
        tmp_path,
        level("exports", "Korea", 2018, "$50 billion"),
        level("exports", "Korea", "2018-09", "$5 billion"),
        level("exports", "Korea", "2018-08", money(august, 2)),
        vintage="2018-10",
    )
    assert year.verdict is Verdict.UNVERIFIABLE
    assert year.reason == (
        "all goods exports for 5800 Korea, South, 2018: vintage 2018-10 holds 2018 only "
        "through 2018-08 (year-to-date), not the full year"
    )
    assert september.verdict is Verdict.UNVERIFIABLE
    assert september.reason.endswith("vintage 2018-10 ends with 2018-08")
    assert round(value_of(aug), 6) == round(august, 6)


def test_newest_vintage_holding_the_period(tmp_path: Path) -> None:
    # 2026 is partial in every vintage; 2018 is taken from the newest file (2026-04).
    partial, full = run(
        tmp_path,
        level("exports", "Korea", 2026, "$5 billion"),
        level("exports", "Korea", 2018, "$56 billion"),
    )
    assert partial.verdict is Verdict.UNVERIFIABLE
    assert "holds 2026 only through 2026-01" in partial.reason
    assert full.inputs[0].vintage == "2026-04"
    assert round(value_of(full), 6) == round(
        billions(country_dollars("2026-04", "5800", 2018, "EYR")), 6
    )


def test_pinned_vintage_in_file_and_override(tmp_path: Path) -> None:
    claim = level("exports", "Korea", 2016, "$42.3 billion")
    [pinned] = run(tmp_path, {**claim, "vintage": "2018-10"})
    assert pinned.inputs[0].vintage == "2018-10"
    assert round(value_of(pinned), 6) == round(
        billions(country_dollars("2018-10", "5800", 2016, "EYR")), 6
    )
    [override] = run(tmp_path, {**claim, "vintage": "2018-10"}, vintage="2023-03")
    assert override.inputs[0].vintage == "2023-03"


@pytest.mark.parametrize(
    ("asked", "used"),
    [
        ("2018-10", "2018-10"),
        ("2019-06", "2018-10"),
        ("2019-12", "2019-12"),
        ("2021-06", "2020-10"),
        ("2022-03", "2022-03"),
        ("2025-01", "2024-10"),
        ("2026-11", "2026-04"),
    ],
)
def test_override_uses_newest_vintage_not_later(tmp_path: Path, asked: str, used: str) -> None:
    # Korea's 2017 exports were revised in June 2019 and again in June 2020: three values.
    expected = billions(country_dollars(used, "5800", 2017, "EYR"))
    [claim] = run(tmp_path, level("exports", "Korea", 2017, money(expected, 2)), vintage=asked)
    assert claim.inputs[0].vintage == used
    assert value_of(claim) == expected
    assert claim.verdict is Verdict.ACCURATE


def test_enduse_cross_check_korea_2016() -> None:
    # Census's own check: Korea's end-use exports for 2016 sum to the country file's EYR.
    total = enduse_dollars("enduse-exports/enduse_exports-2023-07.csv", "5800", "", 2016)
    # Seven country vintages since the 2019-12 file joined the four: 2016 was revised in
    # June 2019, so every vintage from 2019-12 on agrees with the end-use file.
    for vintage in ("2019-12", "2020-10", "2022-03", "2023-03", "2024-10", "2026-04"):
        assert total == country_dollars(vintage, "5800", 2016, "EYR")
    assert total != country_dollars("2018-10", "5800", 2016, "EYR")


def test_enduse_imports_use_newest_vintage_holding_the_year(tmp_path: Path) -> None:
    older = enduse_dollars("enduse-imports/enduse_imports-2024-11.xlsx", "1220", "3", 2015)
    newer = enduse_dollars("enduse-imports/enduse_imports-2026-04.xlsx", "1220", "3", 2016)
    a, b = run(
        tmp_path,
        level("imports", "Canada", 2015, money(billions(older)), commodity="end-use 3"),
        level("imports", "Canada", 2016, money(billions(newer)), commodity="end-use 3"),
    )
    assert (a.inputs[0].vintage, a.inputs[0].value) == ("2024-11", older)
    assert (b.inputs[0].vintage, b.inputs[0].value) == ("2026-04", newer)


# -- every rubric branch, on Korea's 2016 exports ------------------------------------------


@pytest.fixture()
def korea16() -> Decimal:
    return billions(country_dollars("2026-04", "5800", 2016, "EYR"))


def test_rubric_branches(tmp_path: Path, korea16: Decimal) -> None:
    x = korea16  # 42.26...
    r = round(x, 2)
    # Within one unit (0.01) of the last digit, but neither its rounding nor its truncation.
    one_unit = r + Decimal("0.01") if x > r else r - Decimal("0.01")
    cases = {
        "accurate": (money(x), Verdict.ACCURATE, "rounds-to-claim"),
        "one-unit": (f"${one_unit} billion", Verdict.ACCURATE_WITHIN_ROUNDING, "within-one-unit"),
        "nearly": (f"nearly ${round(x * Decimal('1.04'))} billion", None, None),
        "about": (f"about ${round(x * Decimal('0.96'))} billion", None, None),
        "inaccurate": (money(x * Decimal("1.1")), Verdict.INACCURATE, "within-20-percent"),
        "false": (money(x * Decimal("1.3")), Verdict.FALSE, "beyond-20-percent"),
        "bound": (f"more than ${int(x) - 2} billion", Verdict.ACCURATE, "bound-holds"),
        "bound-fails": (f"topped ${int(x) + 2} billion", Verdict.INACCURATE, "within-20-percent"),
    }
    results = run(tmp_path, *(level("exports", "Korea", 2016, c[0]) for c in cases.values()))
    by_name = dict(zip(cases, results, strict=True))
    for name, (_text, verdict, rule) in cases.items():
        if verdict is not None:
            assert (by_name[name].verdict, by_name[name].rule) == (verdict, rule), name
    # Hedges: the claimed whole number is within 5% of the computed value.
    assert (by_name["nearly"].verdict, by_name["nearly"].rule) in {
        (Verdict.ACCURATE, "rounds-to-claim"),
        (Verdict.ACCURATE_WITHIN_ROUNDING, "hedge-nearly"),
    }
    assert by_name["about"].verdict in {Verdict.ACCURATE, Verdict.ACCURATE_WITHIN_ROUNDING}


def test_rubric_truncation_and_hedge_exact(tmp_path: Path) -> None:
    # Korea's 2011-2016 change truncated to one decimal; 2016 exports claimed as "nearly"
    # a figure 3% above them (within the 5% hedge tolerance, beyond rounding).
    a = country_dollars("2026-04", "5800", 2011, "EYR")
    b = country_dollars("2026-04", "5800", 2016, "EYR")
    change = (Decimal(b) - a) / a * 100
    trunc = abs(change).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    x = billions(b)
    nearly = (x / Decimal("0.97")).quantize(Decimal("0.1"))
    t, n, wrong = run(
        tmp_path,
        {
            "measure": {"flow": "exports", "partner": "Korea"},
            "period": {"from": 2011, "to": 2016},
            "operation": "percent-change",
            "claimed": f"fell {trunc}%",
        },
        level("exports", "Korea", 2016, f"nearly ${nearly} billion"),
        {
            "measure": {"flow": "exports", "partner": "Korea"},
            "period": {"from": 2011, "to": 2016},
            "operation": "percent-change",
            "claimed": f"rose {trunc}%",
        },
    )
    assert (t.verdict, t.rule) == (Verdict.ACCURATE_WITHIN_ROUNDING, "truncation")
    assert (n.verdict, n.rule) == (Verdict.ACCURATE_WITHIN_ROUNDING, "hedge-nearly")
    share = ((nearly - x) / nearly * 100).quantize(Decimal("0.1"))
    low = (nearly * Decimal("0.95")).quantize(Decimal("0.01"))
    assert n.reason == (
        f"${x.quantize(Decimal('0.01'))} billion is {share}% below ${nearly} billion, within the "
        f"band 'nearly' allows (${low} billion to ${nearly}0 billion, 5% below the claim)"
    )
    assert (wrong.verdict, wrong.rule) == (Verdict.FALSE, "wrong-direction")


def test_multiple_doubled_deficit(tmp_path: Path) -> None:
    d11 = country_dollars("2026-04", "5800", 2011, "IYR") - country_dollars(
        "2026-04", "5800", 2011, "EYR"
    )
    d16 = country_dollars("2026-04", "5800", 2016, "IYR") - country_dollars(
        "2026-04", "5800", 2016, "EYR"
    )
    ratio = Decimal(d16) / d11
    [claim] = run(
        tmp_path,
        {
            "measure": {"flow": "balance", "partner": "Korea", "stated_as": "deficit"},
            "period": {"from": 2011, "to": 2016},
            "operation": "multiple",
            "claimed": "more than doubled",
        },
    )
    assert round(value_of(claim), 6) == round(ratio, 6)
    assert ratio > 2
    assert claim.verdict is Verdict.ACCURATE


def test_surplus_claimed_as_deficit_is_false(tmp_path: Path) -> None:
    # Claim the opposite of what the cells show (a surplus for a deficit or the reverse).
    e = country_dollars("2026-04", "2010", 2016, "EYR")
    i = country_dollars("2026-04", "2010", 2016, "IYR")
    stated = "surplus" if e < i else "deficit"  # the wrong one
    [claim] = run(
        tmp_path,
        level("balance", "Mexico", 2016, money(abs(billions(e - i))), stated_as=stated),
    )
    assert claim.verdict is Verdict.FALSE
    assert claim.rule == "wrong-direction"
