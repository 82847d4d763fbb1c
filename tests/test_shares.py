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


def share(code: str, year: int, column: str) -> Decimal:
    part = country_dollars("2026-04", code, year, column)
    whole = country_dollars("2026-04", "0015", year, column)
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
