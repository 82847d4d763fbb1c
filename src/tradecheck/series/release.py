"""The monthly release's world series as a data source (store: scripts/import_release.py).

Two families of vintages, each one series published by the joint Census-BEA release
"U.S. International Trade in Goods and Services" (the FT-900):

- `bea-world`: world exports and imports of goods and services, of goods (BOP basis) and of
  services, seasonally adjusted months and annual totals. Vintages: BEA's trad-time-series
  files (named by their "Last updated" day) and FT-900 exhibit 1 (named by release month).
- `ft900-goods-nsa`: world goods, not seasonally adjusted, on the BOP and the Census basis
  (FT-900 exhibit 12).

Only the world (0015), all goods or services (no commodity detail), exports and imports; a
balance is exports minus imports, as elsewhere. Not wired into the engine yet.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from tradecheck.domain import (
    Adjustment,
    Basis,
    CommoditySystem,
    Coverage,
    FlowCode,
    Frequency,
    Pricing,
)
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
from tradecheck.series.vintages import choose_held

WORLD = "bea-world"
GOODS_NSA = "ft900-goods-nsa"
WORLD_CODE = "0015"
BEA = "U.S. Bureau of Economic Analysis"
FT900 = "U.S. Census Bureau and U.S. Bureau of Economic Analysis"
TITLES = {
    WORLD: "U.S. international trade in goods and services, world, seasonally adjusted "
    "(BEA trad-time-series Table 1 and FT-900 exhibit 1)",
    GOODS_NSA: "U.S. trade in goods, world, not seasonally adjusted, BOP and Census basis "
    "(FT-900 exhibit 12)",
}
BASIS_CODE = {Basis.BOP: "bop", Basis.CENSUS: "census"}
# What each family publishes: (coverage, basis, adjustment).
PUBLISHED = {
    WORLD: {
        (Coverage.GOODS_AND_SERVICES, Basis.BOP, Adjustment.SEASONALLY_ADJUSTED),
        (Coverage.GOODS, Basis.BOP, Adjustment.SEASONALLY_ADJUSTED),
        (Coverage.SERVICES, Basis.BOP, Adjustment.SEASONALLY_ADJUSTED),
    },
    GOODS_NSA: {
        (Coverage.GOODS, Basis.BOP, Adjustment.NOT_SEASONALLY_ADJUSTED),
        (Coverage.GOODS, Basis.CENSUS, Adjustment.NOT_SEASONALLY_ADJUSTED),
    },
}
WHAT = {
    Coverage.GOODS_AND_SERVICES: "goods and services",
    Coverage.GOODS: "goods",
    Coverage.SERVICES: "services",
}
CENSUS_MEANING = {
    FlowCode.EXPORTS: "total exports (domestic and re-exports), f.a.s. value",
    FlowCode.IMPORTS: "general imports, customs value",
}


class PublishedBalance(NamedTuple):
    """A balance cell as published, with its provenance (whole dollars)."""

    value: int
    provenance: Provenance
    unit: str = "USD"


class ReleaseVintage(NamedTuple):
    family: str
    name: str
    published: str
    agency: str
    file: str
    sheet: str
    data_through: str
    bit: int


def family_of(key: SeriesKey) -> str | None:
    """The family publishing the key's definition, or None."""
    return next(iter(families_of(key)), None)


def families_of(key: SeriesKey) -> list[str]:
    """The families publishing the key's definition, the first preferred. A year is a
    calendar-year total, asked for as not seasonally adjusted (claims) or, from the files
    publishing adjusted months, as adjusted: BEA's Table 1 and exhibit 1 hold the annual totals
    of goods and services, goods and services; exhibit 12 those of goods (the same values)."""
    spec = (key.coverage, key.basis, key.adjustment)
    found = [f for f, specs in PUBLISHED.items() if spec in specs]
    adjusted = (key.coverage, key.basis, Adjustment.SEASONALLY_ADJUSTED)
    if (
        key.period.annual
        and key.adjustment is Adjustment.NOT_SEASONALLY_ADJUSTED
        and adjusted in PUBLISHED[WORLD]
    ):
        found.append(WORLD)
    return found


def not_published(key: SeriesKey) -> str:
    """Why no family publishes the key's definition."""
    if key.basis is Basis.CENSUS and key.coverage is not Coverage.GOODS:
        return f"the release publishes {WHAT[key.coverage]} on the BOP basis only"
    if key.adjustment is Adjustment.NOT_SEASONALLY_ADJUSTED:
        return (
            f"the release publishes {WHAT[key.coverage]} seasonally adjusted only "
            "(not seasonally adjusted: goods, exhibit 12)"
        )
    return (
        "the release publishes goods on the Census basis not seasonally adjusted only (exhibit 12)"
    )


def definition(
    code: FlowCode | None,
    coverage: Coverage,
    basis: Basis,
    adjustment: Adjustment,
    agency: str = FT900,
) -> Definition:
    """The definition of a published series, exports or imports (`code`) or the balance
    (None); the agency: of the file read, the release's joint agencies when no file is named."""
    basis_text = "Census basis" if basis is Basis.CENSUS else "balance-of-payments basis"
    label = "balance (exports minus imports, as published)" if code is None else code.label
    meaning = f"{label} of {WHAT[coverage]}, {basis_text}"
    if code is not None and basis is Basis.CENSUS:
        meaning += f" ({CENSUS_MEANING[code]})"
    return Definition(
        agency=agency,
        coverage=coverage,
        basis=basis,
        pricing=Pricing.NOMINAL,
        adjustment=adjustment,
        flow_meaning=meaning,
    )


def _what(key: SeriesKey) -> str:
    """The key as a missing value's message names it, with its definition (key.what names
    goods only)."""
    return (
        f"{WHAT[key.coverage]} {key.code.label} for {key.partner.code} {key.partner_name} "
        f"({key.basis}, {key.adjustment}), {key.period}"
    )


class ReleaseSource:
    """Values as the vintage the rule picks publishes them, with file, sheet, cell and row
    label. The store is read on first use."""

    def __init__(self, data_dir: Path | None = None, census_basis: bool = True) -> None:
        """`census_basis=False` leaves out exhibit 12's Census-basis goods (the claims read
        those from the Census files, which are not rounded to millions)."""
        self.census_basis = census_basis
        self.data_dir = data_dir or default_data_dir()
        self.db_path = self.data_dir / "release.sqlite"
        self._store = Store(self.db_path, "import_release.py")

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        return self._store.query(sql, params)

    @cached_property
    def vintages(self) -> dict[str, list[ReleaseVintage]]:
        """Family -> its vintages, newest (latest published) first."""
        out: dict[str, list[ReleaseVintage]] = {}
        rows = self._query(
            "SELECT family, name, published, agency, file, sheet, data_through, bit "
            "FROM vintages ORDER BY family, published DESC"
        )
        for row in rows:
            vintage = ReleaseVintage(*row)
            out.setdefault(vintage.family, []).append(vintage)
        return out

    def datasets(self) -> list[DatasetInfo]:
        out = []
        for family in (WORLD, GOODS_NSA):
            vintages = self.vintages.get(family, [])
            periods = [
                str(p)
                for (p,) in self._query(
                    "SELECT DISTINCT period FROM vals WHERE family=?", (family,)
                )
            ]
            definitions = tuple(
                definition(code, c, b, a)
                for c, b, a in sorted(PUBLISHED[family])
                for code in FlowCode
            )
            out.append(
                DatasetInfo(
                    name=family,
                    title=TITLES[family],
                    agency=FT900 if family == GOODS_NSA else f"{BEA}; {FT900}",
                    definitions=definitions,
                    frequencies=(Frequency.ANNUAL, Frequency.MONTHLY),
                    partners=((WORLD_CODE, "World"),),
                    first=min(periods, default=""),
                    last=max((p for p in periods if len(p) == 7), default=""),
                    vintages=tuple(
                        VintageInfo(v.name, v.published, v.file, v.data_through) for v in vintages
                    ),
                )
            )
        return out

    def describe(self) -> Definition:
        return definition(
            FlowCode.EXPORTS,
            Coverage.GOODS_AND_SERVICES,
            Basis.BOP,
            Adjustment.SEASONALLY_ADJUSTED,
        )

    def define(self, key: SeriesKey) -> Definition | None:
        if key.partner.code != WORLD_CODE or key.commodity.system is not CommoditySystem.ALL:
            return None
        if family_of(key) is None or (key.basis is Basis.CENSUS and not self.census_basis):
            return None
        return definition(key.code, key.coverage, key.basis, key.adjustment)

    def publishes(self, key: SeriesKey) -> bool:
        """Defined, for months and years (the world's quarters are not bundled)."""
        return self.define(key) is not None and key.period.quarter is None

    def get(self, key: SeriesKey, rule: VintageRule) -> Observation:
        value, provenance = self._lookup(key, key.code.value, rule)
        return Observation(key, value, provenance)

    def balance(self, key: SeriesKey, rule: VintageRule) -> PublishedBalance:
        """The balance as the chosen vintage publishes it (its own cell; `key.code` is not
        used). It may differ from exports - imports by rounding: the files round each of the
        three to millions (exh1-2026-03's 2024 goods and services: by 1 million)."""
        value, provenance = self._lookup(key, "B", rule)
        return PublishedBalance(value, provenance)

    def _lookup(self, key: SeriesKey, flow: str, rule: VintageRule) -> tuple[int, Provenance]:
        if key.partner.code != WORLD_CODE:
            raise Missing(
                f"{_what(key)}: the release's series are for the world ({WORLD_CODE}) only"
            )
        if key.commodity.system is not CommoditySystem.ALL:
            raise Missing(f"{_what(key)}: the release's world series have no commodity detail")
        if key.period.quarter is not None:
            raise Missing(
                f"{_what(key)}: the release's world series bundled are monthly and annual; "
                "BEA's quarters for the world are not bundled"
            )
        families = families_of(key)
        if not families:
            raise Missing(f"{_what(key)}: {not_published(key)}")
        first: Missing | None = None
        for family in families:  # the first whose vintages answer under the rule
            try:
                return self._family_lookup(family, key, flow, rule)
            except Missing as exc:
                first = first or exc
        assert first is not None
        raise first

    def _family_lookup(
        self, family: str, key: SeriesKey, flow: str, rule: VintageRule
    ) -> tuple[int, Provenance]:
        period = str(key.period)
        versions = self._query(
            "SELECT vintages, value FROM vals "
            "WHERE family=? AND coverage=? AND basis=? AND flow=? AND period=?",
            (family, key.coverage.value, BASIS_CODE[key.basis], flow, period),
        )
        vintages = self.vintages.get(family, [])
        by_name = {v.name: v for v in vintages}
        held: dict[str, int] = {}
        for mask, value in versions:
            for v in vintages:
                if int(mask) >> v.bit & 1:
                    held[v.name] = int(value)
        try:
            name = choose_held([v.name for v in vintages], held, rule)
        except Missing as exc:
            raise Missing(f"{_what(key)}: {exc}") from None
        vintage = by_name[name]
        ((row, label),) = self._query(
            "SELECT row, label FROM rows WHERE family=? AND vintage=? AND period=?",
            (family, name, period),
        )
        ((column,),) = self._query(
            "SELECT col FROM columns "
            "WHERE family=? AND vintage=? AND coverage=? AND basis=? AND flow=?",
            (family, name, key.coverage.value, BASIS_CODE[key.basis], flow),
        )
        provenance = Provenance(
            origin=Origin.BUNDLE,
            dataset=family,
            vintage=name,
            definition=definition(
                None if flow == "B" else key.code,
                key.coverage,
                key.basis,
                key.adjustment,
                vintage.agency,
            ),
            published=vintage.published,
            data_through=vintage.data_through,
            file=f"{vintage.file}, column {column}",
            rows=(int(row),),
            sheet=vintage.sheet,
            cells=(f"{column}{row}",),
            frequency=key.period.frequency,
            detail=f' (row "{label}")',
        )
        return held[name], provenance
