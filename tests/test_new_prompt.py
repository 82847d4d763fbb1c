"""`tradecheck new` on a real pseudo-terminal (pexpect): the header first, answers checked as
typed and asked again, the claim shown and judged before it is written, Ctrl-D writes nothing."""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path

import pexpect
import pytest

from cells import ROOT, billions, country_dollars
from tradecheck.claims import Claim, ClaimsFile, Measure, Source
from tradecheck.interview import ASKED, NOT_ASKED

OPERATION = (
    "operation (level/change/percent-change/multiple/record/rank/share/sum/compare/streak) [level]"
)

KORUS = ROOT / "claims" / "korus-2018.yaml"


def spawn(path: Path) -> pexpect.spawn:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "tradecheck", "new", str(path)],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    return child


def answer(child: pexpect.spawn, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.sendline(text)


def test_a_new_file_is_written_through_the_prompts_and_verifies(tmp_path: Path) -> None:
    """Korea's 2011 exports, typed as the fixtures' value rounded to $0.1 billion, with three
    wrong answers on the way (a misspelled partner, a flow, a value with no unit)."""
    exports = country_dollars("2026-04", "5800", 2011, "EYR")
    claimed = f"${billions(exports).quantize(Decimal('0.1'))} billion"
    path = tmp_path / "article.yaml"
    child = spawn(path)
    child.expect_exact(f"{path} is a new claims file: first, the article it checks.")
    answer(child, "article title", "KORUS talks")
    answer(child, "publisher", "Business Standard")
    answer(child, "date of the article", "2018-01")
    answer(child, "URL", "")
    answer(child, "quote (verbatim)", f"US exports to Korea were {claimed} in 2011")
    answer(child, "speaker", "USTR")
    answer(child, "partner (name, ISO code or Census code)", "Koreaa")
    child.expect_exact("unknown partner 'Koreaa'; did you mean 5800 Korea, South?; try again")
    answer(child, "partner (name, ISO code or Census code)", "South Korea")
    child.expect_exact("partner 5800 Korea, South")
    answer(child, "flow (exports/imports/balance/total)", "export")
    child.expect_exact("'export' is not one of exports, imports, balance, total; try again")
    answer(child, "flow (exports/imports/balance/total)", "exports")
    answer(child, "commodity (all goods, end-use 3, hs 8703) [all goods]", "")
    answer(child, "scope (goods/services/goods-and-services) [goods]", "")
    answer(child, "basis (census/bop) [census]", "")
    answer(
        child,
        "period (2016, 2016-03, 2016-Q3, 2016-H1, 2020-01..2020-08 summed, or 2011 to 2016)",
        "2011",
    )
    answer(child, OPERATION, "")
    answer(child, "claimed value, as written", claimed.removeprefix("$"))
    child.expect_exact("has no unit; write '$' for dollars or '%' for a percent; try again")
    answer(child, "claimed value, as written", claimed)
    child.expect_exact(f"read as {claimed}: {claimed[1:-8]} billion USD, precision 0.1")
    answer(child, "expected verdict, if reviewed (Enter: none)", "")
    answer(child, "note for other analysts (Enter: none)", "")
    answer(child, "id [us-exports-to-korea-were-43-5-billion-in]", "exports-2011")
    value = billions(exports)
    child.expect_exact("verdict: accurate (computed ")
    child.expect_exact(f"{value:.6g} billion USD)")
    answer(child, "Write it to", "y")
    child.expect_exact(f"added claim exports-2011 to {path}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = path.read_text()
    assert text.startswith("source:\n  title: KORUS talks\n  publisher: Business Standard\n")
    assert "- id: exports-2011\n" in text
    verify = pexpect.run(
        f"{sys.executable} -m tradecheck verify {path} --format json",
        encoding="utf-8",
        withexitstatus=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    output, status = verify
    assert status == 0
    assert f'"value": {exports}' in output
    assert '"verdict": "accurate"' in output


def test_a_services_quarter_asks_no_basis_and_a_balance_may_claim_only_its_sign(
    tmp_path: Path,
) -> None:
    """Korea's 2024-Q3 services balance claimed as "a surplus": no basis question (services
    are BOP), the seasonal adjustment asked with the BOP default, and only scope written."""
    path = tmp_path / "korus.yaml"
    path.write_bytes(KORUS.read_bytes())
    child = spawn(path)
    answer(child, "quote (verbatim)", "we have a services surplus with Korea")
    answer(child, "speaker", "USTR")
    answer(child, "partner (name, ISO code or Census code)", "KR")
    answer(child, "flow (exports/imports/balance/total)", "balance")
    answer(child, "commodity (all goods, end-use 3, hs 8703) [all goods]", "")
    answer(child, "scope (goods/services/goods-and-services) [goods]", "service")
    child.expect_exact("'service' is not one of goods, services, goods-and-services; try again")
    answer(child, "scope (goods/services/goods-and-services) [goods]", "services")
    answer(child, "stated as (deficit/surplus/signed) [surplus]", "")
    assert "basis" not in child.before
    answer(
        child,
        "period (2016, 2016-03, 2016-Q3, 2016-H1, 2020-01..2020-08 summed, or 2011 to 2016)",
        "2024-Q3",
    )
    answer(child, "seasonal adjustment (nsa/sa) [sa]", "")
    answer(child, OPERATION, "")
    answer(child, "claimed value, as written (or only the sign: a deficit, a surplus)", "a surplus")
    child.expect_exact("read as a surplus: the sign of the balance only (a surplus), no number")
    answer(child, "expected verdict, if reviewed (Enter: none)", "")
    answer(child, "note for other analysts (Enter: none)", "")
    answer(child, "id [we-have-a-services-surplus-with-korea]", "services-2024-q3")
    child.expect_exact("verdict: accurate (computed ")
    answer(child, "Write it to", "y")
    child.expect_exact(f"added claim services-2024-q3 to {path}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert path.read_text() == KORUS.read_text() + (
        "  - id: services-2024-q3\n"
        "    quote: we have a services surplus with Korea\n"
        "    speaker: USTR\n"
        "    measure:\n"
        "      flow: balance\n"
        "      partner: KR\n"
        "      scope: services\n"
        "      stated_as: surplus\n"
        "    period: 2024-Q3\n"
        "    operation: level\n"
        "    claimed: a surplus\n"
    )


@pytest.mark.parametrize("key", ["\x04", "\x03"], ids=["ctrl-d", "ctrl-c"])
def test_stopping_mid_way_leaves_the_file_byte_identical(tmp_path: Path, key: str) -> None:
    path = tmp_path / "korus.yaml"
    path.write_bytes(KORUS.read_bytes())
    child = spawn(path)
    answer(child, "quote (verbatim)", "a quote")
    answer(child, "speaker", "USTR")
    child.expect_exact("partner (name, ISO code or Census code)")
    child.send(key)
    child.expect_exact(
        f"tradecheck: error: stopped before the claim was written; {path} is unchanged"
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert path.read_bytes() == KORUS.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["korus.yaml"]


def test_every_field_of_the_claims_format_is_asked_or_says_why_not() -> None:
    """A field a later issue adds to the models fails here until the prompts ask for it."""
    assert set(Claim.model_fields) == set(ASKED["claim"]) | set(NOT_ASKED)
    assert not set(ASKED["claim"]) & set(NOT_ASKED)
    assert set(Measure.model_fields) == set(ASKED["measure"])
    assert set(Source.model_fields) == set(ASKED["source"])
    # `reviewer:` names who publishes the reviews (ClaimReview), not a field of the article.
    assert set(ClaimsFile.model_fields) == {"source", "reviewer", "vintage", "claims"}


def test_a_share_asks_its_whole_and_refuses_the_partner_itself(tmp_path: Path) -> None:
    """A share of the EU's exports: the whole asked after the operation, the partner itself
    refused, the share judged from the fixtures' cells."""
    part = country_dollars("2026-04", "4280", 2024, "EYR")
    whole = country_dollars("2026-04", "0003", 2024, "EYR")
    share = Decimal(part) / Decimal(whole) * 100
    path = tmp_path / "korus.yaml"
    path.write_bytes(KORUS.read_bytes())
    child = spawn(path)
    answer(child, "quote (verbatim)", "Germany took 20% of U.S. exports to the EU")
    answer(child, "speaker", "USTR")
    answer(child, "partner (name, ISO code or Census code)", "Germany")
    answer(child, "flow (exports/imports/balance/total)", "exports")
    answer(child, "commodity (all goods, end-use 3, hs 8703) [all goods]", "")
    answer(child, "scope (goods/services/goods-and-services) [goods]", "")
    answer(child, "basis (census/bop) [census]", "")
    answer(
        child,
        "period (2016, 2016-03, 2016-Q3, 2016-H1, 2020-01..2020-08 summed, or 2011 to 2016)",
        "2024",
    )
    answer(child, OPERATION, "share")
    answer(child, "share of (a partner or grouping; Enter: the world)", "4280")
    child.expect_exact(
        "4280 Germany is the claim's partner itself: a share of itself is always 100%; try again"
    )
    answer(child, "share of (a partner or grouping; Enter: the world)", "EU")
    child.expect_exact("a share of 0003 European Union")
    answer(child, "claimed value, as written", f"{round(share)}%")
    answer(child, "expected verdict, if reviewed (Enter: none)", "")
    answer(child, "note for other analysts (Enter: none)", "")
    answer(child, "id [", "germany-eu-share")
    child.expect_exact("verdict: accurate")
    answer(child, "Write it to", "y")
    child.expect_exact(f"added claim germany-eu-share to {path}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "      of: EU\n" in path.read_text()
