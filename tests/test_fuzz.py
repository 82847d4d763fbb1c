"""Fuzzing claimed values, periods and vintages through validation, arithmetic and every
renderer: each input is either refused with a ClaimsFileError or judged, and every output
(table, explain, JSON, JUnit) is produced without an exception and is well-formed.

CI runs TRADECHECK_FUZZ_EXAMPLES examples (default 500, a few seconds); the longer run is
    TRADECHECK_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from xml.etree import ElementTree

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradecheck.claims import Verdict
from tradecheck.engine import Engine, prepare, verify_prepared
from tradecheck.errors import ClaimsFileError
from tradecheck.explain import explain
from tradecheck.outputs.explanation import render_text
from tradecheck.outputs.junit import junit_xml
from tradecheck.outputs.table import write as render_report
from tradecheck.series.bundle import Bundle

EXAMPLES = int(os.environ.get("TRADECHECK_FUZZ_EXAMPLES", "500"))
BUNDLE = Bundle()
WORDS = ["", "more than ", "at least ", "less than ", "about ", "nearly ", "roughly "]
WORDS += ["a decline of ", "an increase of ", "a deficit of ", "a surplus of ", "fell ", "rose "]
UNITS = ["", " billion", " million", " trillion", "%", " percent", " points", " times", "x"]


@st.composite
def claimed_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.text(max_size=30))  # anything at all
    whole = draw(st.integers(min_value=0, max_value=10**20))
    decimals = draw(st.integers(min_value=0, max_value=10))
    fraction = draw(st.integers(min_value=0, max_value=10**decimals - 1)) if decimals else None
    number = f"{whole}" + (f".{fraction:0{decimals}d}" if fraction is not None else "")
    dollar = draw(st.sampled_from(["", "$", "-$", "US$"]))
    return draw(st.sampled_from(WORDS)) + dollar + number + draw(st.sampled_from(UNITS))


periods = st.one_of(
    st.integers(min_value=1800, max_value=2200),
    st.from_regex(r"\A(19|20)[0-9]{2}-[0-9]{1,2}\Z"),
    st.builds(
        lambda a, b: {"from": a, "to": b},
        st.integers(min_value=1980, max_value=2030),
        st.integers(min_value=1980, max_value=2030),
    ),
    st.text(max_size=12),
)
vintages = st.one_of(st.none(), st.from_regex(r"\A[0-9]{4}-[0-9]{2}\Z"), st.text(max_size=10))
flows = st.sampled_from(["exports", "imports", "balance", "total"])
operations = st.sampled_from(["level", "change", "percent-change", "multiple"])
partners = st.sampled_from(["Korea", "0015", "China", "0001", "Canada", "EU"])
commodities = st.sampled_from(["all goods", "end-use 3", "end-use 30", "end-use 30000"])


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    claimed=claimed_texts(),
    period=periods,
    vintage=vintages,
    flow=flows,
    operation=operations,
    partner=partners,
    commodity=commodities,
)
def test_any_claim_is_refused_or_judged_and_every_output_renders(
    tmp_path_factory: object,
    claimed: str,
    period: object,
    vintage: str | None,
    flow: str,
    operation: str,
    partner: str,
    commodity: str,
) -> None:
    folder = Path(tmp_path_factory.mktemp("fuzz"))  # type: ignore[attr-defined]
    claim: dict[str, object] = {
        "id": "c",
        "quote": "q",
        "speaker": "s",
        "measure": {"flow": flow, "partner": partner, "commodity": commodity},
        "period": period,
        "operation": operation,
        "claimed": claimed,
    }
    if vintage is not None:
        claim["vintage"] = vintage
    path = folder / "f.yaml"
    source = {"title": "t", "publisher": "p", "date": "2018-01"}
    path.write_text(yaml.safe_dump({"source": source, "claims": [claim]}, allow_unicode=True))
    try:
        prepared = prepare([path], bundle=BUNDLE)
    except ClaimsFileError as exc:
        assert exc.problems and all(str(p).startswith(str(path)) for p in exc.problems)
        return
    report = verify_prepared(prepared, None, False)
    [judged] = report.files[0].claims
    assert judged.verdict in set(Verdict)
    table = io.StringIO()
    render_report(report, table, width=100)
    assert "\x1b" not in table.getvalue()
    json.loads(report.model_dump_json())
    ElementTree.fromstring(junit_xml(report).split("\n", 1)[1])
    render_text(explain(prepared, "c", None))
    assert isinstance(prepared.engine, Engine)
