"""USITC DataWeb's annual goods-by-country files of 2025-03 as a data source.

The Census series (total exports f.a.s., general imports; Census basis, not seasonally
adjusted) as DataWeb served it on 2025-03-31: the only copy of 2024 as first published, before
the June 2025 revision. Annual, 1989-2024, rounded to $0.01 million. Not yet used to judge
claims (a claim dated early 2025 will be, with as-of vintages); `data` and `series` show it.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from tradecheck.domain import Commodity, CommoditySystem, FlowCode, Frequency
from tradecheck.series.bundle import default_data_dir
from tradecheck.series.census import census_goods, not_census_goods
from tradecheck.series.source import (
    DatasetInfo,
    Definition,
    Missing,
    Observation,
    Origin,
    Provenance,
    SeriesKey,
    VintageInfo,
    VintageRule,
)
from tradecheck.series.store import Store
from tradecheck.series.vintages import as_of_words, not_later

DATASET = "dataweb-country"
AGENCY = "U.S. Census Bureau, via USITC DataWeb"
FIRST_YEAR = 1989  # the first year column (C)


def column(year: int) -> str:
    """The spreadsheet column of a year: 1989 is C."""
    index = year - FIRST_YEAR + 2
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


class DatawebSource:
    # DataWeb's 2025-03 file is older than the newest country file for every year it holds:
    # asked only for the data of a day or a pin (`--as-of`, then and now, `drift`), where it
    # is 2024 as first published.
    first_prints = True

    def __init__(self, data_dir: Path | None = None) -> None:
        # Opened on first use: `series` builds every source but asks most for nothing.
        self._store = Store(
            (data_dir or default_data_dir()) / "dataweb.sqlite", "import_dataweb.py"
        )

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        return self._store.query(sql, params)

    @cached_property
    def _vintages(self) -> dict[str, tuple[str, str, str, str, str]]:
        """Flow -> (name, file, sheet, published, data through)."""
        rows = self._query("SELECT flow, name, file, sheet, published, data_through FROM vintages")
        return {str(r[0]): tuple(str(x) for x in r[1:]) for r in rows}  # type: ignore[misc]

    @cached_property
    def _rows(self) -> dict[tuple[str, str], tuple[int, str]]:
        """(flow, code) -> (spreadsheet row, DataWeb's name)."""
        rows = self._query("SELECT flow, code, row, name FROM names WHERE code IS NOT NULL")
        return {(str(f), str(c)): (int(str(r)), str(n)) for f, c, r, n in rows}

    def describe(self) -> Definition:
        return self._definition(FlowCode.EXPORTS)

    def _definition(self, code: FlowCode) -> Definition:
        return census_goods(code, Commodity(CommoditySystem.ALL))._replace(agency=AGENCY)

    def define(self, key: SeriesKey) -> Definition | None:
        if not_census_goods(key) or key.commodity.system is not CommoditySystem.ALL:
            return None
        return self._definition(key.code)

    @cached_property
    def _values(self) -> dict[tuple[str, str, int], int]:
        """(partner code, flow, year) -> value: the whole file, read on first use (it is
        small, and then and now asks for a value per claim)."""
        rows = self._query("SELECT code, flow, year, value FROM dataweb")
        return {(str(c), str(f), int(str(y))): int(str(v)) for c, f, y, v in rows}

    def answers(self, rule: VintageRule) -> bool:
        """Whether the rule allows DataWeb's vintage at all (as of a day before it was
        downloaded, it does not: it need not be asked for a value)."""
        return any(not_later(v[0], rule) for v in self._vintages.values())

    def get(self, key: SeriesKey, rule: VintageRule) -> Observation:
        if self.define(key) is None:
            raise Missing(f"{key.what}: DataWeb's files are all goods, Census basis, not adjusted")
        if key.period.month is not None:
            raise Missing(f"{key.what}: DataWeb's files are annual")
        name, file, sheet, published, through = self._vintages[key.code]
        if not not_later(name, rule):
            if rule.as_of is not None:
                raise Missing(f"{key.what}: DataWeb's vintage {name} is not {as_of_words(rule)}")
            raise Missing(f"{key.what}: DataWeb's vintage {name} is later than {rule.pin}")
        place = self._rows.get((key.code, key.partner.code))
        if place is None:
            raise Missing(f"{key.what}: no DataWeb country maps to {key.partner.code}")
        value = self._values.get((key.partner.code, key.code, key.period.year))
        if value is None:
            raise Missing(f"{key.what}: not in DataWeb's {name} files ({FIRST_YEAR}-{through})")
        row = place[0]
        cell = f"{column(key.period.year)}{row}"
        provenance = Provenance(
            origin=Origin.BUNDLE,
            dataset=DATASET,
            vintage=name,
            definition=self._definition(key.code),
            published=published,
            data_through=through,
            file=f"{file}, cell {cell}",
            rows=(row,),
            detail=" (rounded to $0.01 million)",
            sheet=sheet,
            cells=(cell,),
            frequency=Frequency.ANNUAL,
        )
        return Observation(key, value, provenance)

    def datasets(self) -> list[DatasetInfo]:
        names = {code: name for (_, code), (_, name) in self._rows.items()}
        name, _, _, published, through = self._vintages[FlowCode.EXPORTS]
        files = sorted(v[1] for v in self._vintages.values())
        return [
            DatasetInfo(
                name=DATASET,
                title="U.S. trade in goods by country, annual, as USITC DataWeb served it",
                agency=AGENCY,
                definitions=tuple(self._definition(f) for f in FlowCode),
                frequencies=(Frequency.ANNUAL,),
                partners=tuple(sorted(names.items())),
                first=str(FIRST_YEAR),
                last=through,
                vintages=(VintageInfo(name, published, " and ".join(files), through),),
            )
        ]
