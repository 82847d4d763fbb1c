"""BEA's U.S. trade in goods and services by selected countries and areas, as a data source.

The store (src/tradecheck/data/bea-geo.sqlite, built by scripts/import_bea_geo.py) holds Tables
1-9 of trad-geo-time-series: exports, imports and balance of goods and services (1-3), of goods
on the balance-of-payments basis (4-6) and of services (7-9), for the partners of
`bea_partners.CENSUS_CODE`, annual from 1999 and quarterly.

Adjustment: every table's heading reads "[Millions of dollars, quarters seasonally
adjusted]": only the quarters are adjusted. The annual rows are calendar-year totals, not
seasonally adjusted (BEA's note: "quarters may not sum to annual totals"). So an annual key
asks for `Adjustment.NOT_SEASONALLY_ADJUSTED` (a key asking for seasonally adjusted annual
values is Missing), while a quarter's key asks for `Adjustment.SEASONALLY_ADJUSTED`
(`quarters()` lists them for `series --quarterly`). Every series is on the balance-of-payments
basis, goods included: keys ask for `Basis.BOP`.

Balances are published (Tables 3, 6, 9), and BEA rounds each of exports, imports and balance
to the million: `balance()` returns the published one; `get` answers exports and imports.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any, Final, Literal, NamedTuple

from tradecheck.domain import (
    Adjustment,
    Basis,
    CommoditySystem,
    Coverage,
    FlowCode,
    Frequency,
    PartnerInfo,
    Pricing,
)
from tradecheck.errors import DataError
from tradecheck.series.bea_partners import BEA_NAME, CENSUS_CODE, NO_COUNTERPART, display
from tradecheck.series.bundle import default_data_dir
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

AGENCY = "U.S. Bureau of Economic Analysis"
DATASET = "bea-geo"
TITLE = "U.S. trade in goods and services by selected countries and areas"
DB_NAME = "bea-geo.sqlite"
MANIFEST_NAME = "bea-geo-manifest.json"
Measure = FlowCode | Literal["balance"]
BALANCE: Final = "balance"
NEWEST = VintageRule()
WORLD_CODE = "0015"

# (coverage, measure) -> table number in the file.
TABLE: dict[tuple[Coverage, Measure], int] = {
    (Coverage.GOODS_AND_SERVICES, FlowCode.EXPORTS): 1,
    (Coverage.GOODS_AND_SERVICES, FlowCode.IMPORTS): 2,
    (Coverage.GOODS_AND_SERVICES, BALANCE): 3,
    (Coverage.GOODS, FlowCode.EXPORTS): 4,
    (Coverage.GOODS, FlowCode.IMPORTS): 5,
    (Coverage.GOODS, BALANCE): 6,
    (Coverage.SERVICES, FlowCode.EXPORTS): 7,
    (Coverage.SERVICES, FlowCode.IMPORTS): 8,
    (Coverage.SERVICES, BALANCE): 9,
}
WHAT = {
    Coverage.GOODS_AND_SERVICES: "goods and services",
    Coverage.GOODS: "goods",
    Coverage.SERVICES: "services",
}
MARKS = {
    "n.a.": "not available",
    "(*)": "transactions between zero and +/- $500,000",
}


def definition(coverage: Coverage, measure: Measure, adjustment: Adjustment) -> Definition:
    """e.g. flow_meaning "exports of goods and services, balance-of-payments basis"."""
    of = "of" if isinstance(measure, FlowCode) else "on"
    return Definition(
        agency=AGENCY,
        coverage=coverage,
        basis=Basis.BOP,
        pricing=Pricing.NOMINAL,
        adjustment=adjustment,
        flow_meaning=f"{label(measure)} {of} {WHAT[coverage]}, balance-of-payments basis",
    )


def label(measure: Measure) -> str:
    return measure.label if isinstance(measure, FlowCode) else measure


class Published(NamedTuple):
    """One published cell: a year's or a quarter's value (None: not published, `mark` says
    how the cell reads) with its provenance."""

    period: str  # "2016" or "2016-Q3"
    value: int | None  # whole dollars
    mark: str | None
    provenance: Provenance


class _Vintage(NamedTuple):
    name: str
    published: str
    file: str
    data_through: str
    bit: int


class BeaGeoSource:
    """Values of the one bundled vintage of BEA's trade by partner, with file, sheet and cell."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir or default_data_dir()
        # Opened on first use: `series` builds every source but asks most for nothing.
        self._store = Store(self.data_dir / DB_NAME, "import_bea_geo.py")

    @cached_property
    def manifest(self) -> dict[str, Any]:
        try:
            found: dict[str, Any] = json.loads((self.data_dir / MANIFEST_NAME).read_text())
        except (OSError, ValueError) as exc:
            raise DataError(
                f"BEA data manifest cannot be read ({exc}); reinstall tradecheck or run "
                "scripts/import_bea_geo.py"
            ) from exc
        return found

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        return self._store.query(sql, params)

    @cached_property
    def vintages(self) -> list[_Vintage]:
        """Newest first."""
        rows = self._query(
            "SELECT name, published, file, data_through, bit FROM vintages ORDER BY name DESC"
        )
        return [_Vintage(*r) for r in rows]

    @cached_property
    def partners(self) -> list[str]:
        """BEA's header names, in the file's order (of Table 1)."""
        rows = self._query(
            "SELECT partner FROM columns WHERE tbl=1 AND vintage=? ORDER BY length(col), col",
            (self.vintages[0].name,),
        )
        return [str(r[0]) for r in rows]

    @cached_property
    def _years(self) -> tuple[int, int]:
        rows = self._query(
            "SELECT min(period), max(period) FROM periods WHERE period NOT LIKE '%Q%'"
        )
        return int(rows[0][0]), int(rows[0][1])

    # -- the protocol ----------------------------------------------------------------------

    def datasets(self) -> list[DatasetInfo]:
        first, _ = self._years
        return [
            DatasetInfo(
                name=DATASET,
                title=TITLE,
                agency=AGENCY,
                # Annual totals (not adjusted) and seasonally adjusted quarters.
                definitions=tuple(
                    definition(c, m, a)
                    for a in (Adjustment.NOT_SEASONALLY_ADJUSTED, Adjustment.SEASONALLY_ADJUSTED)
                    for c in WHAT
                    for m in (FlowCode.EXPORTS, FlowCode.IMPORTS)
                ),
                frequencies=(Frequency.ANNUAL, Frequency.QUARTERLY),
                partners=tuple(
                    (CENSUS_CODE[name], display(name))
                    for name in self.partners
                    if name in CENSUS_CODE
                ),
                first=str(first),
                last=self.vintages[0].data_through,
                vintages=tuple(
                    VintageInfo(v.name, v.published, v.file, v.data_through) for v in self.vintages
                ),
            )
        ]

    def describe(self) -> Definition:
        return definition(
            Coverage.GOODS_AND_SERVICES, FlowCode.EXPORTS, Adjustment.NOT_SEASONALLY_ADJUSTED
        )

    def define(self, key: SeriesKey) -> Definition | None:
        if key.partner.code == WORLD_CODE:  # the world's series are the release's
            return None
        return None if self._not_published(key) else self._definition(key)

    def publishes(self, key: SeriesKey) -> bool:
        """Defined, for a partner BEA publishes, annually or quarterly."""
        return (
            self.define(key) is not None
            and key.partner.code in BEA_NAME
            and key.period.month is None
        )

    def get(self, key: SeriesKey, rule: VintageRule) -> Observation:
        why = self._not_published(key)
        if why:
            raise Missing(f"{key.what}: {why}")
        if key.partner.code == WORLD_CODE:
            raise Missing("")  # the world's series are the release's, which says why
        name = BEA_NAME.get(key.partner.code)
        if name is None:
            raise Missing(f"{key.what}: {self._unmapped(key.partner)}")
        if key.period.month is not None:
            raise Missing(
                f"{key.what}: BEA's trade by partner is annual and quarterly, not monthly"
            )
        vintage = self._vintage(rule)
        if vintage is None:
            raise Missing(f"{key.what}: {self._no_vintage(rule)}")
        table = TABLE[(key.coverage, key.code)]
        if key.period.quarter is not None:
            found = self._cell(vintage, table, name, f"{key.period.year}Q{key.period.quarter}")
            held = f"quarters through {vintage.data_through}, not {key.period}"
        else:
            found = self._cell(vintage, table, name, str(key.period.year))
            first, last = self._years
            held = f"{first}-{last}, not {key.period.year}"
        if found is None:
            raise Missing(f"{key.what}: BEA's vintage {vintage.name} holds {held}")
        if found.value is None:
            raise Missing(
                f"{key.what}: not published by BEA in vintage {vintage.name} ("
                f"{found.provenance.sheet}, cell {found.provenance.cells[0]} reads "
                f"'{found.mark}', {MARKS.get(found.mark or '', 'not a number')})"
            )
        return Observation(key, found.value, found.provenance)

    # -- beyond the protocol ---------------------------------------------------------------

    def balance(
        self, partner: PartnerInfo, coverage: Coverage, year: int, rule: VintageRule = NEWEST
    ) -> Published:
        """The published annual balance (Tables 3, 6, 9) of a mapped partner; Missing when the
        partner or year is not held (a `Published` with value None when the cell reads n.a.)."""
        return self._published(partner, coverage, BALANCE, str(year), rule)

    def quarters(
        self,
        code: Measure,
        partner: PartnerInfo,
        coverage: Coverage,
        first_year: int,
        last_year: int,
        rule: VintageRule = NEWEST,
    ) -> list[Published]:
        """The seasonally adjusted quarters of first_year..last_year held (exports, imports or
        the published balance), each with its provenance; a cell reading n.a. has value None."""
        return [
            self._published(partner, coverage, code, f"{year}Q{q}", rule)
            for year in range(first_year, last_year + 1)
            for q in range(1, 5)
            if self._holds_quarter(year, q, rule)
        ]

    # -- helpers ---------------------------------------------------------------------------

    def _holds_quarter(self, year: int, quarter: int, rule: VintageRule) -> bool:
        vintage = self._vintage(rule)
        if vintage is None:
            return False
        rows = self._query(
            "SELECT 1 FROM periods WHERE vintage=? AND tbl=1 AND period=?",
            (vintage.name, f"{year}Q{quarter}"),
        )
        return bool(rows)

    def _published(
        self,
        partner: PartnerInfo,
        coverage: Coverage,
        code: Measure,
        period: str,
        rule: VintageRule,
    ) -> Published:
        what = f"BEA {label(code)} of {WHAT[coverage]}, " + (
            f"{partner.code} {partner.name}, {period}"
        )
        name = BEA_NAME.get(partner.code)
        if name is None:
            raise Missing(f"{what}: {self._unmapped(partner)}")
        vintage = self._vintage(rule)
        if vintage is None:
            raise Missing(f"{what}: {self._no_vintage(rule)}")
        found = self._cell(vintage, TABLE[(coverage, code)], name, period)
        if found is None:
            raise Missing(f"{what}: not held in BEA's vintage {vintage.name}")
        return found

    def _vintage(self, rule: VintageRule) -> _Vintage | None:
        allowed = [v for v in self.vintages if not_later(v.name, rule)]
        if not allowed:
            return None
        return allowed[-1] if rule.after else allowed[0]

    def _no_vintage(self, rule: VintageRule) -> str:
        names = ", ".join(v.name for v in self.vintages)
        when = as_of_words(rule) if rule.as_of is not None else f"on or before {rule.pin}"
        return f"no BEA vintage {when} (bundled: {names})"

    @staticmethod
    def _unmapped(partner: PartnerInfo) -> str:
        return (
            "BEA's trade by partner does not publish this partner (its partners: "
            f"{len(BEA_NAME)} countries and areas with a Census code; "
            f"{', '.join(NO_COUNTERPART)} has none)"
        )

    @staticmethod
    def _not_published(key: SeriesKey) -> str | None:
        if key.commodity.system is not CommoditySystem.ALL:
            return "BEA's trade by partner has totals only (no commodity detail)"
        if key.basis is not Basis.BOP:
            return f"BEA's trade by partner is on the BOP basis, not the {key.basis}"
        if key.period.quarter is not None:
            if key.adjustment is not Adjustment.SEASONALLY_ADJUSTED:
                return "BEA publishes its quarters by partner seasonally adjusted only"
        elif key.adjustment is not Adjustment.NOT_SEASONALLY_ADJUSTED:
            return (
                "BEA's values by partner are annual totals (not seasonally adjusted) and "
                "seasonally adjusted quarters; it publishes no months"
            )
        return None

    @staticmethod
    def _definition(key: SeriesKey) -> Definition:
        return definition(key.coverage, key.code, key.adjustment)

    def _cell(self, vintage: _Vintage, table: int, name: str, period: str) -> Published | None:
        rows = self._query(
            "SELECT v.value, v.mark, c.col, p.row, p.label FROM vals v "
            "JOIN columns c ON c.vintage=? AND c.tbl=v.tbl AND c.partner=v.partner "
            "JOIN periods p ON p.vintage=? AND p.tbl=v.tbl AND p.period=v.period "
            "WHERE v.tbl=? AND v.partner=? AND v.period=? AND v.vintages & ? != 0",
            (vintage.name, vintage.name, table, name, period, 1 << vintage.bit),
        )
        if not rows:
            return None
        value, mark, col, row, label = rows[0]
        quarterly = "Q" in period
        coverage, measure = next(k for k, t in TABLE.items() if t == table)
        adjustment = (
            Adjustment.SEASONALLY_ADJUSTED if quarterly else Adjustment.NOT_SEASONALLY_ADJUSTED
        )
        provenance = Provenance(
            origin=Origin.BUNDLE,
            dataset=DATASET,
            vintage=vintage.name,
            definition=definition(coverage, measure, adjustment),
            published=vintage.published,
            data_through=vintage.data_through,
            file=f"{vintage.file}, column {col} ({display(name)})",
            rows=(int(row),),
            sheet=f"Table {table}",
            cells=(f"{col}{row}",),
            frequency=Frequency.QUARTERLY if quarterly else Frequency.ANNUAL,
            detail=f" (row '{str(label).strip()}')",
        )
        shown = f"{period[:4]}-{period[4:]}" if quarterly else period
        return Published(shown, None if value is None else int(value), mark, provenance)


__all__ = ["BALANCE", "BeaGeoSource", "Published", "definition"]
