"""The bundled Census store as a data source: country and end-use files, every vintage."""

from __future__ import annotations

from tradecheck.domain import (
    Adjustment,
    Basis,
    Commodity,
    CommoditySystem,
    Coverage,
    FlowCode,
    Frequency,
    Period,
)
from tradecheck.series.bundle import (
    COUNTRY,
    COUNTRY_WORLD,
    ENDUSE_EXPORTS,
    ENDUSE_IMPORTS,
    ENDUSE_WORLD,
    Bundle,
    CountryRow,
    Vintage,
    dataset_for,
)
from tradecheck.series.census import AGENCY, census_goods, not_census_goods
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
from tradecheck.series.vintages import choose_vintage, with_partner

TITLES = {
    COUNTRY: "U.S. trade in goods by country",
    ENDUSE_EXPORTS: "U.S. exports of goods by end-use category and country",
    ENDUSE_IMPORTS: "U.S. imports of goods by end-use category and country",
}
# The end-use files call the world 0000; the partner table knows it as 0015.
SAME_CODE = {ENDUSE_WORLD: COUNTRY_WORLD}
# The country file's seasonally adjusted world total (not a partner).
WORLD_ADJUSTED = "0004"
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


class BundleSource:
    """Values as the bundled vintage the rule picks publishes them, with file, column and
    spreadsheet rows."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self._memo: dict[tuple[str, VintageRule, Period, str], Vintage | str] = {}

    def datasets(self) -> list[DatasetInfo]:
        out = []
        for dataset, vintages in sorted(self.bundle.vintages.items()):
            codes = self.bundle.dataset_partners(dataset)
            names = self.bundle.partners
            frequencies: tuple[Frequency, ...]
            if dataset == COUNTRY:
                flows, frequencies = tuple(FlowCode), (Frequency.ANNUAL, Frequency.MONTHLY)
                commodity = Commodity(CommoditySystem.ALL)
            else:
                flow = FlowCode.EXPORTS if dataset == ENDUSE_EXPORTS else FlowCode.IMPORTS
                flows, frequencies = (flow,), (Frequency.ANNUAL,)
                commodity = Commodity(CommoditySystem.END_USE, "0")
            out.append(
                DatasetInfo(
                    name=f"census-{dataset}",
                    title=TITLES[dataset],
                    agency=AGENCY,
                    definitions=tuple(census_goods(f, commodity) for f in flows),
                    frequencies=frequencies,
                    partners=tuple(
                        (SAME_CODE.get(c, c), names[SAME_CODE.get(c, c)].name)
                        for c in codes
                        if SAME_CODE.get(c, c) in names
                    ),
                    first=str(min(v.first_year for v in vintages)),
                    last=max(v.last_month for v in vintages),
                    vintages=tuple(
                        VintageInfo(v.name, v.name, v.file, v.last_month) for v in vintages
                    ),
                )
            )
        return out

    def describe(self) -> Definition:
        return census_goods(FlowCode.EXPORTS, Commodity(CommoditySystem.ALL))

    def define(self, key: SeriesKey) -> Definition | None:
        if _adjusted(key):
            return census_goods(key.code, key.commodity, Adjustment.SEASONALLY_ADJUSTED)
        return None if not_census_goods(key) else census_goods(key.code, key.commodity)

    def publishes(self, key: SeriesKey) -> bool:
        """Defined; seasonally adjusted only for the world's months, end-use annual only."""
        if self.define(key) is None:
            return False
        if _adjusted(key):
            return (
                key.partner.code == COUNTRY_WORLD
                and key.commodity.system is CommoditySystem.ALL
                and key.period.month is not None
            )
        return key.commodity.system is not CommoditySystem.END_USE or key.period.month is None

    def get(self, key: SeriesKey, rule: VintageRule) -> Observation:
        if _adjusted(key):
            return self._adjusted(key, rule)
        other = not_census_goods(key)
        if other:
            raise Missing(f"{key.what}: {other}")
        match key.commodity.system:
            case CommoditySystem.HS:
                raise Missing(f"{key.what}: HS-level series are not in the bundled data")
            case CommoditySystem.END_USE:
                return self._enduse(key, rule)
            case CommoditySystem.ALL:
                return self._country(key, rule)

    def vintage(
        self, dataset: str, rule: VintageRule, key: SeriesKey, partner: str = ""
    ) -> Vintage:
        """`choose_vintage` among the vintages whose file has `partner` (all, if not given;
        OPEC is only in the first three country files), remembered per (dataset, pin, period,
        partner): many claims share them."""
        period = key.period
        memo_key = (dataset, rule, period, partner)
        found = self._memo.get(memo_key)
        if found is None:
            vintages = self.bundle.vintages.get(dataset, [])
            if partner:
                vintages = with_partner(vintages, self.bundle.partner_vintages(partner))
            try:
                found = choose_vintage(vintages, rule, period)
            except Missing as exc:
                found = str(exc)  # the reason, remembered too
            self._memo[memo_key] = found
        if isinstance(found, str):
            raise Missing(f"{key.what}: {found}")
        return found

    def _adjusted(self, key: SeriesKey, rule: VintageRule) -> Observation:
        """A seasonally adjusted Census-basis month: the country file publishes the world's
        only, as code 0004, beside the unadjusted world total 0015."""
        if key.partner.code != COUNTRY_WORLD or key.commodity.system is not CommoditySystem.ALL:
            raise Missing(
                f"{key.what} (seasonally adjusted): the Census Bureau publishes seasonally "
                f"adjusted goods for the world total only (code {WORLD_ADJUSTED}), not by "
                "partner or commodity"
            )
        if key.period.month is None:
            raise Missing(f"{key.what} (seasonally adjusted): the country file adjusts months only")
        adjusted = self.bundle.partners[WORLD_ADJUSTED]
        observation = self._country(key._replace(partner=adjusted), rule)
        return observation._replace(
            provenance=observation.provenance._replace(
                definition=census_goods(key.code, key.commodity, Adjustment.SEASONALLY_ADJUSTED)
            )
        )

    def number(self, key: SeriesKey, rule: VintageRule) -> int:
        """The value `get` gives, alone (a country-file value without its provenance)."""
        plain = key.commodity.system is CommoditySystem.ALL and not _adjusted(key)
        if plain and not not_census_goods(key):
            return self._country_value(key, rule)[0]
        return self.get(key, rule).value

    def _country(self, key: SeriesKey, rule: VintageRule) -> Observation:
        value, vintage, row = self._country_value(key, rule)
        period = key.period
        column = key.code + ("YR" if period.month is None else MONTHS[period.month - 1])
        return self._observation(key, value, vintage, column, (row.src_row,))

    def _country_value(self, key: SeriesKey, rule: VintageRule) -> tuple[int, Vintage, CountryRow]:
        partner, period = key.partner, key.period
        vintage = self.vintage(COUNTRY, rule, key, partner.code)
        row = self.bundle.country_row(partner.code, key.code, period.year, vintage.name)
        if row is None:
            raise Missing(
                f"{key.what}: vintage {vintage.name} has no row for this partner and year"
            )
        value = row.annual if period.month is None else row.months[period.month - 1]
        if value is None:
            raise Missing(f"{key.what}: not published in vintage {vintage.name}")
        return value, vintage, row

    def _enduse(self, key: SeriesKey, rule: VintageRule) -> Observation:
        partner, period = key.partner, key.period
        dataset = dataset_for(key.commodity.system, key.code)
        assert dataset is not None  # an end-use key
        if period.month is not None:
            raise Missing(f"{key.what}: bundled end-use data is annual only")
        vintage = self.vintage(dataset, rule, key)
        code_in_file = ENDUSE_WORLD if partner.code == COUNTRY_WORLD else partner.code
        rows = self.bundle.enduse_rows(
            code_in_file, key.code, key.commodity.code, period.year, vintage
        )
        if not rows:
            raise Missing(
                f"{key.what}: vintage {vintage.name} of {dataset} has no rows for this partner "
                "(end-use files list single countries and the world only)"
            )
        return self._observation(
            key,
            sum(r.value for r in rows),
            vintage,
            f"value_{period.year % 100:02d}",
            tuple(r.src_row for r in rows),
            detail=f" (sum of {len(rows)} 5-digit codes)" if len(rows) > 1 else "",
        )

    def _observation(
        self,
        key: SeriesKey,
        value: int,
        vintage: Vintage,
        column: str,
        rows: tuple[int, ...],
        detail: str = "",
    ) -> Observation:
        provenance = Provenance(
            origin=Origin.BUNDLE,
            dataset=vintage.dataset,
            vintage=vintage.name,
            definition=census_goods(key.code, key.commodity),
            published=vintage.name,
            data_through=vintage.last_month,
            file=f"{vintage.file}, column {column}",
            rows=rows,
            detail=detail,
        )
        return Observation(key, value, provenance)


def _adjusted(key: SeriesKey) -> bool:
    """A key for seasonally adjusted Census-basis goods."""
    return (
        key.coverage is Coverage.GOODS
        and key.basis is Basis.CENSUS
        and key.adjustment is Adjustment.SEASONALLY_ADJUSTED
    )
