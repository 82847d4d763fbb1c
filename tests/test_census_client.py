"""Request building and answer parsing of the Census API client, through httpx.MockTransport.

HS codes and monthly end-use values have no real rows in fixtures/, so the rows below that are
shaped like HS answers are SYNTHETIC (marked so); they test parsing only and appear nowhere else.
"""

from __future__ import annotations

import json
import traceback

import httpx
import pytest

from tradecheck.domain import Commodity, CommoditySystem, FlowCode, Period
from tradecheck.series.api import BadAnswer, NoCounterpart, build_request, parse_answer
from tradecheck.series.bundle import Bundle
from tradecheck.series.client import CensusClient, FetchError, KeyProblem, Unreachable

BUNDLE = Bundle()
KOREA = BUNDLE.partners["5800"]
KEY = "K" * 40


def sent(request: httpx.Request) -> list[tuple[str, str]]:
    return list(request.url.params.multi_items())


def client_answering(answer: httpx.Response, log: list[httpx.Request]) -> CensusClient:
    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request)
        return answer

    return CensusClient(KEY, url="http://census.test/x", transport=httpx.MockTransport(handler))


def test_hs_request_pins_the_level_and_keeps_codes_as_strings() -> None:
    request = build_request(
        FlowCode.IMPORTS, KOREA, Commodity(CommoditySystem.HS, "8703"), Period(2016, 3)
    )
    assert request.endpoint == "imports/hs"
    assert list(request.params) == [
        ("get", "CTY_CODE,CTY_NAME,I_COMMODITY,GEN_VAL_MO"),
        ("time", "2016-03"),
        ("CTY_CODE", "5800"),
        ("I_COMMODITY", "8703"),
        ("COMM_LVL", "HS4"),
    ]
    chapter = build_request(
        FlowCode.EXPORTS, KOREA, Commodity(CommoditySystem.HS, "02"), Period(2016)
    )
    assert ("E_COMMODITY", "02") in chapter.params and ("COMM_LVL", "HS2") in chapter.params
    assert ("time", "2016-12") in chapter.params and chapter.value_var == "ALL_VAL_YR"


def test_enduse_prefix_and_range_requests() -> None:
    request = build_request(
        FlowCode.EXPORTS,
        KOREA,
        Commodity(CommoditySystem.END_USE, "30"),
        Period(2014),
        Period(2016),
    )
    assert list(request.params) == [
        ("get", "CTY_CODE,CTY_NAME,E_ENDUSE,ALL_VAL_YR"),
        ("time", "from 2014-12 to 2016-12"),
        ("CTY_CODE", "5800"),
        ("E_ENDUSE", "30*"),
        ("COMM_LVL", "EU5"),
    ]
    exact = build_request(
        FlowCode.IMPORTS, KOREA, Commodity(CommoditySystem.END_USE, "30000"), Period(2016)
    )
    assert ("I_ENDUSE", "30000") in exact.params and ("COMM_LVL", "EU5") in exact.params


def test_partner_identity() -> None:
    world = build_request(
        FlowCode.EXPORTS, BUNDLE.partners["0015"], Commodity(CommoditySystem.ALL), Period(2016)
    )
    assert ("CTY_CODE", "-") in world.params
    eu = build_request(
        FlowCode.EXPORTS, BUNDLE.partners["0003"], Commodity(CommoditySystem.ALL), Period(2016)
    )
    assert ("CTY_CODE", "0003") in eu.params
    with pytest.raises(NoCounterpart, match=r"^no API counterpart for 0016 Asia$"):
        build_request(
            FlowCode.EXPORTS, BUNDLE.partners["0016"], Commodity(CommoditySystem.ALL), Period(2016)
        )
    with pytest.raises(NoCounterpart, match=r"^no API counterpart for 0008 NICS$"):
        build_request(
            FlowCode.EXPORTS, BUNDLE.partners["0008"], Commodity(CommoditySystem.ALL), Period(2016)
        )


def test_the_key_is_added_only_on_the_wire_and_values_are_repeated_keys() -> None:
    log: list[httpx.Request] = []
    body = json.dumps(
        [
            ["CTY_CODE", "CTY_NAME", "E_COMMODITY", "ALL_VAL_MO", "time", "CTY_CODE", "COMM_LVL"],
            # SYNTHETIC rows (HS-shaped; not Census figures)
            ["5800", "KOREA, SOUTH", "8703", "1000", "2016-01", "5800", "HS4"],
            ["5800", "KOREA, SOUTH", "8703", "2000", "2016-02", "5800", "HS4"],
        ]
    )
    client = client_answering(httpx.Response(200, content=body), log)
    request = build_request(
        FlowCode.EXPORTS,
        KOREA,
        Commodity(CommoditySystem.HS, "8703"),
        Period(2016, 1),
        Period(2016, 2),
    )
    answer = client.get(request)
    assert answer.values == {"2016-01": 1000, "2016-02": 2000}
    [wire] = log
    assert sent(wire)[-1] == ("key", KEY)
    assert sent(wire)[:-1] == list(request.params)
    assert KEY not in str(request)


def test_parse_never_adds_totals_or_other_levels() -> None:
    request = build_request(
        FlowCode.EXPORTS, KOREA, Commodity(CommoditySystem.END_USE, "30"), Period(2016)
    )
    header = ["CTY_CODE", "CTY_NAME", "E_ENDUSE", "ALL_VAL_YR", "time", "CTY_CODE", "E_ENDUSE"]
    # SYNTHETIC rows: a 1-digit row, two 5-digit rows under the prefix, one outside it.
    rows = [
        ["5800", "KOREA, SOUTH", "3", "500", "2016-12", "5800", "3"],
        ["5800", "KOREA, SOUTH", "30000", "10", "2016-12", "5800", "30000"],
        ["5800", "KOREA, SOUTH", "30100", "20", "2016-12", "5800", "30100"],
        ["5800", "KOREA, SOUTH", "31000", "40", "2016-12", "5800", "31000"],
    ]
    assert parse_answer(request, [header, *rows]) == {"2016-12": 30}
    with pytest.raises(BadAnswer, match=r"^row 2 of the answer does not match its header$"):
        parse_answer(request, [header, ["5800"]])
    with pytest.raises(BadAnswer, match=r"^the answer has no row for CTY_CODE 5800$"):
        parse_answer(request, [header, rows[0]])
    # A total row or another partner's row is not an answer to this request: refused, not
    # skipped, so a server mixing partners is noticed.
    total = ["-", "TOTAL FOR ALL COUNTRIES", "30000", "900", "2016-12", "-", "30000"]
    with pytest.raises(BadAnswer, match=r"^row 2 is for CTY_CODE -, not the 5800 requested$"):
        parse_answer(request, [header, total, *rows])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (  # a repeated row under a prefix request was summed: $16 billion became $32 billion
            [["5800", "K", "30000", "10", "2016-12", "5800", "30000"]] * 2,
            "the answer has two rows for 30000 2016-12",
        ),
        (
            [["5800", "K", "30000", "10", "2015-12", "5800", "30000"]],
            "row 2 is for time 2015-12, which was not requested",
        ),
        (
            [["5800", "K", "30000", "42262186687\u00b2", "2016-12", "5800", "30000"]],
            "row 2: ALL_VAL_YR is 42262186687\u00b2, not whole dollars (ASCII digits, at most 15)",
        ),
        (
            [["5800", "K", "30000", "9" * 400, "2016-12", "5800", "30000"]],
            f"row 2: ALL_VAL_YR is {'9' * 40}, not whole dollars (ASCII digits, at most 15)",
        ),
        (
            [["5800", "K", "30000", "\u0664\u0662", "2016-12", "5800", "30000"]],
            "row 2: ALL_VAL_YR is \u0664\u0662, not whole dollars (ASCII digits, at most 15)",
        ),
    ],
    ids=["repeated-row", "other-time", "superscript", "400-digits", "arabic-digits"],
)
def test_parse_refuses_rows_that_are_not_the_answer(rows: list[list[str]], message: str) -> None:
    request = build_request(
        FlowCode.EXPORTS, KOREA, Commodity(CommoditySystem.END_USE, "30"), Period(2016)
    )
    header = ["CTY_CODE", "CTY_NAME", "E_ENDUSE", "ALL_VAL_YR", "time", "CTY_CODE", "E_ENDUSE"]
    with pytest.raises(BadAnswer) as caught:
        parse_answer(request, [header, *rows])
    assert str(caught.value) == message
    with pytest.raises(BadAnswer, match=r"^the answer is not a table"):
        parse_answer(request, {"error": "x"})


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        (
            httpx.Response(
                302, headers={"Location": "https://api.census.gov/data/invalid_key.html"}
            ),
            KeyProblem,
            "missing or invalid Census API key (the API redirected to invalid_key)",
        ),
        (
            httpx.Response(400, text="error: unknown variable 'GEN_VAL_MO'"),
            FetchError,
            "the Census API refused the request (HTTP 400: error: unknown variable 'GEN_VAL_MO')",
        ),
        (
            httpx.Response(503, text="", headers={"Retry-After": "600"}),
            FetchError,
            "the Census API failed (HTTP 503); the API asks to retry after 600 s",
        ),
    ],
)
def test_error_answers(answer: httpx.Response, error: type[Exception], message: str) -> None:
    client = client_answering(answer, [])
    with pytest.raises(error) as caught:
        client.get(
            build_request(FlowCode.EXPORTS, KOREA, Commodity(CommoditySystem.ALL), Period(2016))
        )
    assert str(caught.value) == message


def test_no_exception_text_carries_the_key() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert KEY in str(request.url)  # the wire request has it...
        raise httpx.ReadTimeout("timed out", request=request)

    waits: list[float] = []
    client = CensusClient(
        KEY,
        url="http://census.test/x",
        timeout=1,
        transport=httpx.MockTransport(handler),
        sleep=waits.append,
    )
    with pytest.raises(FetchError) as caught:
        client.get(
            build_request(FlowCode.EXPORTS, KOREA, Commodity(CommoditySystem.ALL), Period(2016))
        )
    # ...but no text of the error, its causes or context does.
    text = "".join(traceback.format_exception(caught.value))
    assert KEY not in text and KEY not in repr(caught.value)
    assert str(caught.value) == (
        "the Census API did not answer within 1 s (gave up after 4 attempts)"
    )
    assert waits == [1.0, 2.0, 4.0]


def test_unreachable_only_when_no_attempt_connected() -> None:
    """Connection failures on every attempt: Unreachable (the run stops). A host that answered
    once (HTTP 500) and then refused connections: an ordinary failure of this request."""

    def client_with(outcomes: list[str]) -> CensusClient:
        def handler(request: httpx.Request) -> httpx.Response:
            if outcomes.pop(0) == "refused":
                raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
            return httpx.Response(500, text="")

        return CensusClient(
            KEY, url="http://census.test/x", transport=httpx.MockTransport(handler), sleep=[].append
        )

    request = build_request(FlowCode.EXPORTS, KOREA, Commodity(CommoditySystem.ALL), Period(2016))
    with pytest.raises(Unreachable) as caught:
        client_with(["refused"] * 4).get(request)
    assert str(caught.value) == (
        "cannot reach http://census.test/x ([Errno 111] Connection refused) "
        "(gave up after 4 attempts)"
    )
    with pytest.raises(FetchError) as caught:
        client_with(["500", "refused", "refused", "refused"]).get(request)
    assert type(caught.value) is FetchError
    assert (
        str(caught.value)
        == caught.value.args[0]
        == (
            "cannot reach http://census.test/x ([Errno 111] Connection refused) "
            "(gave up after 4 attempts)"
        )
    )
