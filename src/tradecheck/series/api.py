"""Census International Trade API requests and answers, without any I/O.

`build_request` turns what a claim needs (flow, partner, commodity scope, period) into the
request the API documents (see ../shared/reference/census-trade-api.md):
repeated keys for several values, codes kept as strings, the commodity level (`COMM_LVL`)
pinned whenever a commodity is broken out, annual values as the December year-to-date
variable. `parse_answer` reads the JSON answer back into whole-dollar values per month.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from tradecheck.domain import Commodity, CommoditySystem, FlowCode, PartnerKind, Period
from tradecheck.errors import TradecheckError
from tradecheck.series.bundle import COUNTRY_WORLD, PartnerInfo
from tradecheck.textsafe import printable

DEFAULT_BASE_URL = "https://api.census.gov/data/timeseries/intltrade"
API_WORLD = "-"
# Groupings whose codes the bundle's country file and the API share (reference section 7).
SHARED_GROUPINGS = frozenset({"0001", "0003", "0014", "0017"})


class NoCounterpart(TradecheckError):
    """The partner exists in the bundle but the API has no series for it."""


class BadAnswer(TradecheckError):
    """The API answered 200, but not with the table that was asked for."""


@dataclass(frozen=True)
class ApiRequest:
    """One GET of the API, without the key (which is added only when sending)."""

    endpoint: str  # e.g. "exports/hs"
    params: tuple[tuple[str, str], ...]
    value_var: str  # ALL_VAL_YR, GEN_VAL_MO, ...
    country: str  # the API's CTY_CODE ("-" is the world)
    code_var: str | None = None  # E_COMMODITY, I_ENDUSE, ...
    code: str | None = None
    prefix: bool = False  # code ends in * (sum of the rows under it)
    level: str | None = None  # COMM_LVL pinned

    @property
    def query(self) -> str:
        return urlencode(self.params)

    def __str__(self) -> str:
        return f"GET {self.endpoint}?{self.query}"

    @property
    def request_id(self) -> str:
        """A stable name of this request: sha256 of its endpoint and parameters."""
        text = json.dumps([self.endpoint, list(self.params)], separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def times(self) -> set[str]:
        """The `time` values (YYYY-MM) the request asks for: one, or each month of a range."""
        time = dict(self.params)["time"]
        if not time.startswith("from "):
            return {time}
        _, first, _, last = time.split()
        (y1, m1), (y2, m2) = (tuple(int(p) for p in t.split("-")) for t in (first, last))
        months = range(y1 * 12 + m1 - 1, y2 * 12 + m2)  # the API answers every month between
        return {f"{i // 12}-{i % 12 + 1:02d}" for i in months}

    def to_json(self) -> dict[str, object]:
        return {"endpoint": self.endpoint, "params": [list(p) for p in self.params]}


def api_country(partner: PartnerInfo) -> str:
    """The API's CTY_CODE for a bundle partner, or NoCounterpart."""
    if partner.code == COUNTRY_WORLD:
        return API_WORLD
    if partner.kind is PartnerKind.COUNTRY or partner.code in SHARED_GROUPINGS:
        return partner.code
    raise NoCounterpart(f"no API counterpart for {partner.code} {partner.name}")


def time_value(period: Period) -> str:
    """Annual values are the December year-to-date value: time=YYYY-12."""
    return f"{period.year}-{12 if period.month is None else period.month:02d}"


def build_request(
    flow: FlowCode,
    partner: PartnerInfo,
    commodity: Commodity,
    start: Period,
    end: Period | None = None,
) -> ApiRequest:
    """The request for one period, or for every month from `start` to `end` (a range)."""
    if end is not None and (start.month is None) != (end.month is None):
        raise ValueError("a range is of two years or of two months")
    country = api_country(partner)
    exports = flow is FlowCode.EXPORTS
    direction = flow.label
    annual = start.month is None
    value_var = ("ALL_VAL_" if exports else "GEN_VAL_") + ("YR" if annual else "MO")
    time = time_value(start) if end is None else f"from {time_value(start)} to {time_value(end)}"
    code_var = code = level = None
    prefix = False
    match commodity.system:
        case CommoditySystem.ALL:
            dataset = "hs"  # no commodity predicate: the total over all commodities
        case CommoditySystem.HS:
            dataset = "hs"
            code_var = "E_COMMODITY" if exports else "I_COMMODITY"
            code = commodity.code
            level = f"HS{len(code)}"
        case CommoditySystem.END_USE:
            dataset = "enduse"
            code_var = "E_ENDUSE" if exports else "I_ENDUSE"
            code = commodity.code
            if len(code) == 1:
                level = "EU1"
            else:
                level = "EU5"
                prefix = len(code) < 5
    get = ["CTY_CODE", "CTY_NAME"] + ([code_var] if code_var else []) + [value_var]
    params: list[tuple[str, str]] = [("get", ",".join(get)), ("time", time)]
    params.append(("CTY_CODE", country))
    if code_var and code:
        params.append((code_var, code + ("*" if prefix else "")))
        params.append(("COMM_LVL", level or ""))
    return ApiRequest(
        endpoint=f"{direction}/{dataset}",
        params=tuple(params),
        value_var=value_var,
        country=country,
        code_var=code_var,
        code=code,
        prefix=prefix,
        level=level,
    )


# A value is whole dollars in ASCII digits; 15 digits is $999 trillion, far above any U.S.
# trade flow (the world's annual imports are about $3 trillion, 13 digits).
MAX_DIGITS = 15
_DOLLARS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


def parse_answer(request: ApiRequest, body: object) -> dict[str, int]:
    """Month (YYYY-MM) -> whole dollars, from a 200 answer's JSON, or BadAnswer.

    The header names the columns (a variable used both in `get` and as a predicate appears
    twice; the first is used). Rows are filtered to the requested country, code and level, so a
    total or grouping row is never added in; a prefix request sums the rows under it.
    """
    if not isinstance(body, list) or not body or not all(isinstance(r, list) for r in body):
        raise BadAnswer("the answer is not a table (a JSON list of rows)")
    header = body[0]
    if not all(isinstance(h, str) for h in header):
        raise BadAnswer("the answer's first row is not a header of column names")
    wanted = ["CTY_CODE", request.value_var, "time"]
    if request.code_var:
        wanted.append(request.code_var)
    missing = [name for name in wanted if name not in header]
    if missing:
        raise BadAnswer(
            f"the answer lacks the column {', '.join(missing)} "
            f"(header: {printable(', '.join(header))[:200]})"
        )
    col = {name: header.index(name) for name in wanted}
    level_col = header.index("COMM_LVL") if "COMM_LVL" in header else None
    times = request.times()
    out: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(body[1:], start=2):
        if len(row) != len(header) or not all(isinstance(c, str) for c in row):
            raise BadAnswer(f"row {number} of the answer does not match its header")
        if row[col["CTY_CODE"]] != request.country:
            raise BadAnswer(
                f"row {number} is for CTY_CODE {printable(row[col['CTY_CODE']])}, "
                f"not the {request.country} requested"
            )
        time = row[col["time"]]
        if time not in times:
            raise BadAnswer(f"row {number} is for time {printable(time)}, which was not requested")
        if request.code_var and request.code is not None:
            code = row[col[request.code_var]]
            if request.prefix:
                if not code.startswith(request.code) or len(code) != 5:
                    continue
            elif code != request.code:
                continue
            if level_col is not None and request.level and row[level_col] != request.level:
                continue
        text = row[col[request.value_var]]
        if not _DOLLARS.fullmatch(text):
            raise BadAnswer(
                f"row {number}: {request.value_var} is {printable(text[:40])}, not whole dollars "
                f"(ASCII digits, at most {MAX_DIGITS})"
            )
        code = row[col[request.code_var]] if request.code_var else ""
        if (code, time) in seen:
            raise BadAnswer(f"the answer has two rows for {printable(code or 'the total')} {time}")
        seen.add((code, time))
        out[time] = out.get(time, 0) + int(text)
    if not out:
        raise BadAnswer(f"the answer has no row for CTY_CODE {request.country}")
    return out
