"""The bundled Census store: an indexed SQLite file built by scripts/import_census.py.

Look-ups read only the rows they need; nothing is parsed on start-up beyond the manifest.
Values are whole dollars; NULL means "not published in that vintage", never zero.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from tradecheck.domain import CommoditySystem, FlowCode, PartnerInfo, PartnerKind
from tradecheck.errors import DataError

__all__ = ["Bundle", "PartnerInfo", "Vintage"]

COUNTRY = "country"
ENDUSE_EXPORTS = "enduse-exports"
ENDUSE_IMPORTS = "enduse-imports"
# The country file's world total is 0015; the end-use files call the world 0000.
ENDUSE_WORLD = "0000"
COUNTRY_WORLD = "0015"


def dataset_for(system: CommoditySystem, flow: FlowCode) -> str | None:
    """The bundled dataset that holds a commodity system's series for a flow (None: none)."""
    match system:
        case CommoditySystem.ALL:
            return COUNTRY
        case CommoditySystem.END_USE:
            return ENDUSE_EXPORTS if flow is FlowCode.EXPORTS else ENDUSE_IMPORTS
        case CommoditySystem.HS:
            return None


class Vintage(NamedTuple):
    dataset: str
    name: str
    file: str
    first_year: int
    last_year: int
    last_month: str  # YYYY-MM, the last month the file covers

    def holds_year(self, year: int) -> bool:
        """Whether this vintage has the full calendar year (the last year may be partial)."""
        last_year, last_month = (int(p) for p in self.last_month.split("-"))
        return self.first_year <= year < last_year or (year == last_year and last_month == 12)

    def holds_month(self, year: int, month: int) -> bool:
        return self.first_year <= year and f"{year}-{month:02d}" <= self.last_month


class CountryRow(NamedTuple):
    vintage: str
    months: tuple[int | None, ...]
    annual: int | None
    src_row: int


class EnduseRow(NamedTuple):
    vintage: str
    code: str
    value: int
    src_row: int


def default_data_dir() -> Path:
    """The data installed with the package (a plain directory: the wheel is not zip-imported)."""
    return Path(__file__).resolve().parent.parent / "data"


class Bundle:
    """Read-only access to the bundled store."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir or default_data_dir()
        manifest_path = self.data_dir / "manifest.json"
        db_path = self.data_dir / "census.sqlite"
        try:
            manifest_bytes = manifest_path.read_bytes()
            self.manifest = json.loads(manifest_bytes)
        except (OSError, ValueError) as exc:
            raise DataError(
                f"bundled data manifest {manifest_path} cannot be read ({exc}); "
                "reinstall tradecheck or run scripts/import_census.py"
            ) from exc
        self.manifest_sha256 = hashlib.sha256(manifest_bytes).hexdigest()
        self._partner_raw: dict[
            str, tuple[dict[str, list[tuple[int, int, int]]], dict[tuple[str, int], list[Any]]]
        ] = {}
        if not db_path.is_file():
            raise DataError(
                f"bundled data {db_path} is missing; reinstall tradecheck "
                "or run scripts/import_census.py"
            )
        try:
            self._db = sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True)
            self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.Error as exc:
            raise DataError(f"bundled data {db_path} cannot be read: {exc}") from exc

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise DataError(f"bundled data cannot be read: {exc}") from exc

    @cached_property
    def vintages(self) -> dict[str, list[Vintage]]:
        """Dataset -> its vintages, newest first."""
        out: dict[str, list[Vintage]] = {}
        rows = self._query(
            "SELECT dataset, name, file, first_year, last_year, last_month FROM vintages "
            "ORDER BY dataset, name DESC"
        )
        for row in rows:
            vintage = Vintage(*row)
            out.setdefault(vintage.dataset, []).append(vintage)
        return out

    @cached_property
    def _bits(self) -> dict[tuple[str, str], int]:
        """(dataset, vintage) -> its bit in the stores' `vintages` bitmasks."""
        rows = self._query("SELECT dataset, name, bit FROM vintages")
        return {(str(d), str(n)): 1 << int(b) for d, n, b in rows}

    @cached_property
    def partners(self) -> dict[str, PartnerInfo]:
        rows = self._query("SELECT * FROM partners")
        return {str(r[0]): PartnerInfo(r[0], r[1], PartnerKind(r[2]), *r[3:]) for r in rows}

    @cached_property
    def partner_names(self) -> list[tuple[str, str, str]]:
        rows = self._query("SELECT code, name, source FROM partner_names")
        return [(str(a), str(b), str(c)) for a, b, c in rows]

    @cached_property
    def _partner_vintages(self) -> dict[str, frozenset[str]]:
        rows = self._query("SELECT DISTINCT partner, vintage FROM country_rows")
        out: dict[str, set[str]] = {}
        for partner, vintage in rows:
            out.setdefault(str(partner), set()).add(str(vintage))
        return {p: frozenset(v) for p, v in out.items()}

    def dataset_partners(self, dataset: str) -> list[str]:
        """The partner codes a dataset has rows for, in any vintage."""
        if dataset == COUNTRY:
            return sorted(self._partner_vintages)
        flow = {ENDUSE_EXPORTS: FlowCode.EXPORTS, ENDUSE_IMPORTS: FlowCode.IMPORTS}[dataset]
        rows = self._query("SELECT DISTINCT partner FROM enduse_rows WHERE flow=?", (flow,))
        return sorted(str(r[0]) for r in rows)

    def partner_vintages(self, partner: str) -> frozenset[str]:
        """The country vintages whose file has rows for `partner`."""
        return self._partner_vintages.get(partner, frozenset())

    def country_rows(self, partner: str, flow: str, year: int) -> dict[str, CountryRow]:
        """Vintage -> the country-file row for (partner, flow 'E'/'I', year)."""
        out: dict[str, CountryRow] = {}
        for vintage in self.vintages.get(COUNTRY, []):
            row = self.country_row(partner, flow, year, vintage.name)
            if row is not None:
                out[vintage.name] = row
        return out

    def country_row(self, partner: str, flow: str, year: int, vintage: str) -> CountryRow | None:
        """One vintage's row for (partner, flow, year). Every vintage's rows of the partner are
        read in two queries on first use, so many claims about one partner, in any vintage
        (then and now reads several), cost a look-up each."""
        bit = self._bits.get((COUNTRY, vintage))
        if bit is None:
            return None
        spans, rows = self._partner_index(partner)
        for row in rows.get((flow, year), ()):
            if row[15] & bit:  # the version of the row this vintage published
                for first_year, last_year, first_row in spans.get(vintage, ()):
                    if first_year <= year <= last_year:
                        src_row = first_row + year - first_year
                        return CountryRow(vintage, tuple(row[2:14]), row[14], src_row)
                raise DataError(f"bundled data has no spreadsheet row for {partner} {year}")
        return None

    def _partner_index(
        self, partner: str
    ) -> tuple[dict[str, list[tuple[int, int, int]]], dict[tuple[str, int], list[Any]]]:
        """(vintage -> its spans of spreadsheet rows, (flow, year) -> the row's versions)."""
        found = self._partner_raw.get(partner)
        if found is None:
            spans: dict[str, list[tuple[int, int, int]]] = {}
            for name, first_year, last_year, first_row in self._query(
                "SELECT vintage, first_year, last_year, first_row FROM country_rows "
                "WHERE partner=?",
                (partner,),
            ):
                spans.setdefault(str(name), []).append(
                    (int(first_year), int(last_year), int(first_row))
                )
            rows: dict[tuple[str, int], list[Any]] = {}
            for row in self._query(
                "SELECT flow, year, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, yr, "
                "vintages FROM country WHERE partner=?",
                (partner,),
            ):
                rows.setdefault((str(row[0]), int(row[1])), []).append(row)
            found = self._partner_raw[partner] = (spans, rows)
        return found

    def enduse_rows(
        self, partner: str, flow: str, code_prefix: str, year: int, vintage: Vintage
    ) -> list[EnduseRow]:
        """The 5-digit rows under `code_prefix` for one year of one end-use vintage."""
        bit = self._bits.get((vintage.dataset, vintage.name))
        if bit is None:
            return []
        src_rows: dict[str, int] = {}
        for first_row, codes in self._query(
            "SELECT first_row, codes FROM enduse_rows WHERE partner=? AND flow=? AND vintage=?",
            (partner, flow, vintage.name),
        ):
            for offset, code in enumerate(str(codes).split(",")):
                src_rows[code] = int(first_row) + offset
        rows = self._query(
            "SELECT code, first_year, vals FROM enduse WHERE partner=? AND flow=? "
            "AND code >= ? AND code < ? AND vintages & ? != 0 ORDER BY code",
            (partner, flow, code_prefix, code_prefix + "\uffff", bit),
        )
        out: list[EnduseRow] = []
        for code, first_year, vals in rows:
            values = str(vals).split(",")
            index = year - int(first_year)
            if 0 <= index < len(values):
                out.append(EnduseRow(vintage.name, str(code), int(values[index]), src_rows[code]))
        return out
