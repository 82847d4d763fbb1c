"""The `share` operation (claims/records-shares.yaml): shares of the world total computed
here from the country-file cells in fixtures/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from cells import ROOT, country_dollars
from tradecheck.claims import Verdict
from tradecheck.engine import prepare, verify_files
from tradecheck.fetch import plan

CLAIMS = ROOT / "claims" / "records-shares.yaml"


def share(code: str, year: int, column: str, of: str = "0015") -> Decimal:
    part = country_dollars("2026-04", code, year, column)
    whole = country_dollars("2026-04", of, year, column)
    return Decimal(part) / Decimal(whole) * 100


def test_shares_and_a_change_in_points() -> None:
    judged = {c.id: c for f in verify_files([CLAIMS]).files for c in f.claims}
    canada = judged["canada-share-of-exports-2024"]
    value = share("1220", 2024, "EYR")
    assert canada.computed is not None
    assert round(Decimal(str(canada.computed.value)), 9) == round(value, 9)
    assert canada.verdict is Verdict.ACCURATE
    assert canada.reason == f"{value:.2f}% rounds to 17% at the claim's precision (1)"
    assert [i.partner for i in canada.inputs] == ["1220", "0015"]

    sixth = judged["china-share-of-imports-2024"]
    assert sixth.verdict is Verdict.FALSE  # 'about a sixth' is read as about 16.7%
    assert sixth.reason.startswith(f"{share('5700', 2024, 'IYR'):.2f}% misses 16.7% by ")

    points = judged["china-share-of-imports-2017-2024-points"]
    change = share("5700", 2024, "IYR") - share("5700", 2017, "IYR")
    assert points.computed is not None and points.computed.unit == "percentage points"
    assert round(Decimal(str(points.computed.value)), 9) == round(change, 9)
    assert points.verdict is Verdict.ACCURATE
    assert points.reason == f"{change:.2f} points rounds to -8 points at the claim's precision (1)"


def test_a_percent_change_of_a_share_only_when_claimed_as_a_percent(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2026-01}\n"
        "claims:\n"
        "  - {id: one, quote: q, speaker: s, measure: {flow: imports, partner: China},\n"
        "     period: {from: 2017, to: 2024}, operation: share, claimed: fell by a third}\n"
    )
    claim = verify_files([path]).files[0].claims[0]
    start, end = share("5700", 2017, "IYR"), share("5700", 2024, "IYR")
    change = (end - start) / start * 100  # -37.8%: 'a third' is read as 33%
    assert claim.computed is not None
    assert round(Decimal(str(claim.computed.value)), 9) == round(change, 9)
    assert claim.verdict is Verdict.INACCURATE
    assert claim.formula is not None and claim.formula.startswith("percent change of the share = ")

    # Fetch planning asks for the world's imports too, from the operation's declaration.
    labels = [item.label for item in plan(prepare([path]), refetch_all=True)]
    assert labels == [
        "imports, 5700 China, all goods, 2017",
        "imports, 0015 World, Not Seasonally Adjusted, all goods, 2017",
        "imports, 5700 China, all goods, 2024",
        "imports, 0015 World, Not Seasonally Adjusted, all goods, 2024",
    ]


def test_a_share_of_another_whole() -> None:
    judged = {c.id: c for f in verify_files([CLAIMS]).files for c in f.claims}
    germany = judged["germany-share-of-eu-exports-2024"]
    value = share("4280", 2024, "EYR", of="0003")
    assert germany.computed is not None
    assert round(Decimal(str(germany.computed.value)), 9) == round(value, 9)
    assert abs(value - 20) / 20 <= Decimal("0.05") and round(value, 1) != 20
    assert germany.verdict is Verdict.ACCURATE_WITHIN_ROUNDING
    assert [(i.partner, i.series) for i in germany.inputs] == [
        ("4280", "exports, 4280 Germany, all goods"),
        ("0003", "exports, 0003 European Union, all goods"),
    ]
    assert "a share of the total of 0003 European Union, of the same flow and definition" in (
        germany.caveats
    )
    assert not any("world total" in c for c in germany.caveats)


def test_a_share_of_another_whole_is_planned_and_explained(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(
        "source: {title: t, publisher: p, date: 2026-01}\n"
        "claims:\n"
        "  - {id: one, quote: q, speaker: s,\n"
        "     measure: {flow: imports, partner: Germany, of: EU},\n"
        "     period: {from: 2017, to: 2024}, operation: share, claimed: fell 2 points}\n"
    )
    claim = verify_files([path]).files[0].claims[0]
    change = share("4280", 2024, "IYR", of="0003") - share("4280", 2017, "IYR", of="0003")
    assert claim.computed is not None
    assert round(Decimal(str(claim.computed.value)), 9) == round(change, 9)
    labels = [item.label for item in plan(prepare([path]), refetch_all=True)]
    assert labels == [
        "imports, 4280 Germany, all goods, 2017",
        "imports, 0003 European Union, all goods, 2017",
        "imports, 4280 Germany, all goods, 2024",
        "imports, 0003 European Union, all goods, 2024",
    ]
    from tradecheck.explain import explain

    explained = explain(prepare([path]), "one", None)
    assert explained.reading.of == "0003 European Union (grouping)"
    assert [i.partner for i in explained.report.inputs] == ["4280", "0003", "4280", "0003"]
