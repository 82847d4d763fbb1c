"""The release's world series (BEA Table 1, FT-900 exhibits 1 and 12) through ReleaseSource,
against verbatim cells of every file (fixtures/release_cells.json, cut by
scripts/extract_release_fixtures.py). No trade figure is typed here: every expected number is
read from a fixture cell, with its file, sheet and cell."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from cells import ROOT, country_dollars, run_import
from tradecheck.domain import (
    Adjustment,
    Basis,
    Commodity,
    CommoditySystem,
    Coverage,
    FlowCode,
    Frequency,
    PartnerInfo,
    PartnerKind,
    Period,
)
from tradecheck.series.bundle import default_data_dir
from tradecheck.series.release import ReleaseSource
from tradecheck.series.source import Missing, Observation, SeriesKey, VintageRule

FIXTURES = ROOT / "fixtures" / "release_cells.json"
SHARED = ROOT.parent / "shared" / "data"
MILLION = 1_000_000
needs_release_shared = pytest.mark.skipif(
    not (SHARED / "bea" / "SOURCES.md").is_file()
    or not (SHARED / "census" / "SOURCES.md").is_file(),
    reason="../shared/data (bea/ and census/) is not beside this checkout (a user's machine); "
    "the release store cannot be rebuilt from its sources here",
)

WORLD = PartnerInfo("0015", "World", PartnerKind.WORLD, None, None, None, None, None)
KOREA = PartnerInfo("5800", "Korea, South", PartnerKind.COUNTRY, None, None, None, None, None)
ALL = Commodity(CommoditySystem.ALL)
SA, NSA = Adjustment.SEASONALLY_ADJUSTED, Adjustment.NOT_SEASONALLY_ADJUSTED
GS, GOODS, SERVICES = Coverage.GOODS_AND_SERVICES, Coverage.GOODS, Coverage.SERVICES
EX, IM = FlowCode.EXPORTS, FlowCode.IMPORTS
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# The layout of the sheets, as their header rows state it (checked in test_headers): column ->
# (coverage, basis, flow); "B" is the published balance.
TABLE1 = {
    "B": (GS, Basis.BOP, "B"),
    "C": (GOODS, Basis.BOP, "B"),
    "D": (SERVICES, Basis.BOP, "B"),
    "E": (GS, Basis.BOP, "E"),
    "F": (GOODS, Basis.BOP, "E"),
    "G": (SERVICES, Basis.BOP, "E"),
    "H": (GS, Basis.BOP, "I"),
    "I": (GOODS, Basis.BOP, "I"),
    "J": (SERVICES, Basis.BOP, "I"),
}
EXH12 = {
    "B": (GOODS, Basis.BOP, "B"),
    "C": (GOODS, Basis.CENSUS, "B"),
    "D": (GOODS, Basis.BOP, "E"),
    "F": (GOODS, Basis.CENSUS, "E"),
    "G": (GOODS, Basis.BOP, "I"),
    "I": (GOODS, Basis.CENSUS, "I"),
}


class Row(NamedTuple):
    period: str  # YYYY or YYYY-MM
    number: int
    label: str
    cells: dict[str, str]  # column letter -> raw text


@cache
def _files() -> dict[str, dict[str, Any]]:
    data = json.loads(FIXTURES.read_text())
    return {f["file"]: f for f in data["files"]}


def sheet(file: str, name: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    sheets = _files()[file]["sheets"]
    found = [s for s in sheets if name is None or s["sheet"] == name]
    return found[-1]["sheet"], found[-1]["rows"]


def columns(row: dict[str, Any]) -> dict[str, str]:
    return {re.sub(r"\d", "", ref): text for ref, text in row["cells"].items()}


def vintage_of(file: str) -> str:
    """A BEA file's vintage is its Readme's "Last updated" day; an exhibit's its release
    month (the file name), as the issue names them."""
    if file.startswith("bea/"):
        _, rows = sheet(file, "Readme")
        text = columns(rows[0])["A"].removeprefix("Last updated ").strip()
        return datetime.strptime(text, "%B %d, %Y").date().isoformat()
    return re.sub(r"^exh1?2?-", "", Path(file).stem)


def layout(file: str) -> dict[str, tuple[Coverage, Basis, str]]:
    return EXH12 if "/exh12-" in file else TABLE1


def adjustment(file: str) -> Adjustment:
    return NSA if "/exh12-" in file else SA


def data_rows(file: str) -> Iterator[Row]:
    """The annual and monthly rows of a fixture file, by period; year-to-date rows and what
    follows "as published last month" are not periods."""
    if file.startswith("bea/"):
        _, rows = sheet(file, "Table 1")
        for row in rows:
            cells = columns(row)
            label = " ".join(cells.get("A", "").replace("(R)", "").split())
            if re.fullmatch(r"\d{4}", label):
                yield Row(label, row["row"], cells["A"], cells)
            elif m := re.fullmatch(r"(\d{4}) (\w{3})", label):
                month = [n[:3] for n in MONTHS].index(m[2]) + 1
                yield Row(f"{m[1]}-{month:02d}", row["row"], cells["A"], cells)
        return
    _, rows = sheet(file)
    year = None
    for row in rows:
        cells = columns(row)
        label = " ".join(cells.get("A", "").replace("(R)", "").split())
        if re.fullmatch(r"\d{4}", label):
            year = label
        elif "as published last month" in label:
            return
        elif year and re.fullmatch(r"Jan\. ?- ?Dec\.", label):
            yield Row(year, row["row"], cells["A"], cells)
        elif year and label in MONTHS:
            yield Row(f"{year}-{MONTHS.index(label) + 1:02d}", row["row"], cells["A"], cells)


def row_of(file: str, period: str) -> Row:
    (found,) = [r for r in data_rows(file) if r.period == period]
    return found


def dollars(text: str) -> int:
    return int(text) * MILLION


def key(
    code: FlowCode,
    period: str,
    coverage: Coverage = GS,
    basis: Basis = Basis.BOP,
    adjusted: Adjustment = SA,
    partner: PartnerInfo = WORLD,
) -> SeriesKey:
    return SeriesKey(code, partner, ALL, Period.parse(period), coverage, basis, adjusted)


@pytest.fixture(scope="module")
def source() -> ReleaseSource:
    return ReleaseSource()


def get(source: ReleaseSource, k: SeriesKey, pin: str | None = None) -> Observation:
    return source.get(k, VintageRule(pin))


FILES = sorted(json.loads(FIXTURES.read_text())["files"], key=lambda f: f["file"])
FILE_NAMES = [f["file"] for f in FILES]


def test_fixture_covers_every_release_file() -> None:
    manifest = json.loads((default_data_dir() / "release-manifest.json").read_text())
    assert manifest["inputs"] == {f["file"]: f["sha256"] for f in FILES}
    assert len([f for f in FILE_NAMES if "/exh1-" in f]) == 5
    assert len([f for f in FILE_NAMES if "/exh12-" in f]) == 2
    assert len([f for f in FILE_NAMES if f.startswith("bea/")]) == 2


@pytest.mark.parametrize("file", FILE_NAMES)
def test_headers_are_the_layout_the_tests_assume(file: str) -> None:
    """The column layout above is the one the header rows state."""
    if file.startswith("bea/"):
        _, rows = sheet(file, "Table 1")
        header = columns(next(r for r in rows if r["row"] == 8))
        assert [header[c].strip() for c in "BCDEFGHIJ"] == ["Total", "Goods 1", "Services"] * 3
        return
    _, rows = sheet(file)
    header = columns(next(r for r in rows if r["row"] == 6))
    if "/exh12-" in file:
        bop, census = "Total Balance of Payments Basis", "Total Census Basis"
        assert [header[c] for c in "BCDFGI"] == [bop, census, bop, census, bop, census]
    else:
        assert [header[c] for c in "BCDEFGHIJ"] == ["Total", "Goods (1)", "Services"] * 3


@pytest.mark.parametrize("file", FILE_NAMES)
def test_every_fixture_cell_through_the_source(source: ReleaseSource, file: str) -> None:
    """Each published export and import cell of the file is what the source gives for that
    vintage (pinned), with the file, sheet, cell and row label; the published balance is
    exports - imports within rounding (2 million)."""
    vintage = vintage_of(file)
    sheet_name = sheet(file, "Table 1" if file.startswith("bea/") else None)[0]
    spec = layout(file)
    by_series = {s: c for c, s in spec.items()}
    checked = 0
    for row in data_rows(file):
        for col, (coverage, basis, flow) in spec.items():
            text = row.cells.get(col, "")
            if flow == "B":
                continue
            k = key(FlowCode(flow), row.period, coverage, basis, adjustment(file))
            if text == "":
                with pytest.raises(Missing, match="does not hold it"):
                    get(source, k, vintage)
                continue
            obs = get(source, k, vintage)
            assert obs.value == dollars(text), (file, row.period, col)
            p = obs.provenance
            assert (p.vintage, p.sheet, p.cells, p.rows) == (
                vintage,
                sheet_name,
                (f"{col}{row.number}",),
                (row.number,),
            )
            assert p.file == f"{file}, column {col}"
            assert row.label in p.detail
            freq = Frequency.ANNUAL if len(row.period) == 4 else Frequency.MONTHLY
            assert p.frequency is freq
            checked += 1
        for coverage, basis, flow in spec.values():
            if flow != "B" or row.cells.get(by_series[(coverage, basis, "B")], "") == "":
                continue
            published = dollars(row.cells[by_series[(coverage, basis, "B")]])
            e = get(source, key(EX, row.period, coverage, basis, adjustment(file)), vintage)
            i = get(source, key(IM, row.period, coverage, basis, adjustment(file)), vintage)
            assert abs(e.value - i.value - published) <= 2 * MILLION
            k = key(EX, row.period, coverage, basis, adjustment(file))
            assert source.balance(k, VintageRule(vintage)).value == published
    assert checked >= 20


def test_agency_by_file(source: ReleaseSource) -> None:
    bea = get(source, key(EX, "2024"), vintage_of("bea/trad-time-series-0225.xlsx"))
    ft900 = get(source, key(EX, "2024"), "2026-03")
    assert bea.provenance.definition.agency == "U.S. Bureau of Economic Analysis"
    assert ft900.provenance.definition.agency == (
        "U.S. Census Bureau and U.S. Bureau of Economic Analysis"
    )
    assert bea.provenance.published == vintage_of("bea/trad-time-series-0225.xlsx")
    assert ft900.provenance.published == "2026-03"
    assert ft900.unit == "USD"


@pytest.mark.parametrize(
    "file", ["bea/trad-time-series-0225.xlsx", "bea/trad-time-series-0325.xlsx"]
)
def test_bea_2024_goods_and_services_balance(source: ReleaseSource, file: str) -> None:
    """The 2024 world goods-and-services balance of each 2025 BEA file: exports - imports
    from the source equals the file's balance cell (Table 1, B of the 2024 row), and both
    files publish the same balance."""
    vintage = vintage_of(file)
    balance = dollars(row_of(file, "2024").cells["B"])
    e, i = get(source, key(EX, "2024"), vintage), get(source, key(IM, "2024"), vintage)
    assert e.value - i.value == balance
    assert source.balance(key(EX, "2024"), VintageRule(vintage)).value == balance
    other = {f for f in FILE_NAMES if f.startswith("bea/")} - {file}
    assert {dollars(row_of(f, "2024").cells["B"]) for f in other} == {balance}


def test_newest_2024_balance_is_exh1_2026_03_after_the_annual_revision(
    source: ReleaseSource,
) -> None:
    """The newest vintage's published 2024 balance is exh1-2026-03's (after the June 2025
    annual revision); exports - imports is within rounding of it (the file rounds all three:
    here they differ by 1 million)."""
    revised = row_of("census/ft900/exh1-2026-03.xlsx", "2024")
    balance = source.balance(key(EX, "2024"), VintageRule())
    assert balance.value == dollars(revised.cells["B"])
    p = balance.provenance
    assert (p.vintage, p.cells) == ("2026-03", (f"B{revised.number}",))
    assert p.definition.flow_meaning.startswith("balance (exports minus imports, as published)")
    e, i = get(source, key(EX, "2024")), get(source, key(IM, "2024"))
    assert (e.provenance.vintage, i.provenance.vintage) == ("2026-03", "2026-03")
    assert (e.value, i.value) == (dollars(revised.cells["E"]), dollars(revised.cells["H"]))
    assert abs(e.value - i.value - balance.value) <= MILLION
    first = dollars(row_of("bea/trad-time-series-0225.xlsx", "2024").cells["B"])
    assert balance.value != first  # the June 2025 annual revision
    # Pinned to the day of BEA's April file, the first print answers.
    e0 = get(source, key(EX, "2024"), "2025-04")
    i0 = get(source, key(IM, "2024"), "2025-04")
    assert e0.provenance.vintage == vintage_of("bea/trad-time-series-0225.xlsx")
    assert e0.value - i0.value == first


def test_exh12_census_basis_equals_the_country_file(source: ReleaseSource) -> None:
    """exh12-2026-03's 2024 Census-basis exports = the country file's 0015 EYR for 2024,
    rounded to millions; BOP basis = Census basis + net adjustments (cells of the file)."""
    row = row_of("census/ft900/exh12-2026-03.xlsx", "2024")
    obs = get(source, key(EX, "2024", GOODS, Basis.CENSUS, NSA))
    assert obs.provenance.vintage == "2026-03"
    assert obs.value == dollars(row.cells["F"])
    country = country_dollars("2026-04", "0015", 2024, "EYR")
    assert obs.value == round(country / MILLION) * MILLION
    bop = get(source, key(EX, "2024", GOODS, Basis.BOP, NSA))
    assert bop.value - obs.value == dollars(row.cells["E"])


def test_exh1_annual_label_variants(source: ReleaseSource) -> None:
    """`Jan. - Dec.`, `Jan.- Dec.` and `Jan. - Dec. (R)` are all the annual total."""
    labels = {}
    for file in FILE_NAMES:
        if "/exh1-" not in file:
            continue
        for row in data_rows(file):
            if len(row.period) == 4:
                labels[row.label] = (file, row)
    assert {"Jan. - Dec.", "Jan.- Dec.", "Jan. - Dec. (R)"} <= set(labels)
    for file, row in labels.values():
        obs = get(source, key(IM, row.period), vintage_of(file))
        assert obs.value == dollars(row.cells["H"])
        assert obs.provenance.detail == f' (row "{row.label}")'


def test_year_to_date_rows_are_not_annual_totals(source: ReleaseSource) -> None:
    """A year a release holds only in part has a year-to-date row (`Jan. - Mar.`, `Jan. -`,
    `Jan. - (R)`) and no annual total: the source has no annual value for it."""
    ytd_labels = set()
    for file in FILE_NAMES:
        if file.startswith("bea/"):
            continue
        _, rows = sheet(file)
        annual = {r.period for r in data_rows(file) if len(r.period) == 4}
        years = {columns(r)["A"] for r in rows if re.fullmatch(r"\d{4}", columns(r).get("A", ""))}
        for r in rows:
            text = columns(r).get("A", "")
            if re.fullmatch(r"Jan\. ?-( ?[A-Z][a-z]+\.?)?( \(R\))? *", text) and "Dec" not in text:
                ytd_labels.add(text)
        for year in years - annual:
            k = key(EX, year, *((GOODS, Basis.CENSUS, NSA) if "/exh12-" in file else ()))
            with pytest.raises(Missing):
                get(source, k, vintage_of(file))
    assert {"Jan. - Mar.", "Jan. - Aug.", "Jan. -", "Jan. - (R)"} <= ytd_labels


def test_as_published_last_month_is_the_previous_bundled_release(source: ReleaseSource) -> None:
    """exh1-2026-03's "December data as published last month" row (skipped by the import) is
    exh1-2026-02's December: pinned to 2026-02, the source gives it; 2026-03 gives the revision."""
    _, rows = sheet("census/ft900/exh1-2026-03.xlsx")
    index = next(
        n for n, r in enumerate(rows) if "as published last month" in columns(r).get("A", "")
    )
    assert columns(rows[index])["A"].startswith("December")
    last_month = columns(rows[index + 1])
    december = row_of("census/ft900/exh1-2026-02.xlsx", "2025-12")
    assert {c: last_month[c] for c in TABLE1} == {c: december.cells[c] for c in TABLE1}
    assert get(source, key(EX, "2025-12"), "2026-02").value == dollars(last_month["E"])
    revised = row_of("census/ft900/exh1-2026-03.xlsx", "2025-12")
    assert get(source, key(EX, "2025-12")).value == dollars(revised.cells["E"])


def test_missing_partner_period_and_definition(source: ReleaseSource) -> None:
    with pytest.raises(Missing, match=r"world \(0015\) only"):
        get(source, key(EX, "2024", partner=KOREA))
    with pytest.raises(Missing, match="no bundled vintage holds it"):
        get(source, key(EX, "1959"))
    with pytest.raises(Missing, match="no bundled vintage holds it"):
        get(source, key(EX, "1991-06"))  # BEA's monthly block starts in 1992
    with pytest.raises(Missing, match="does not hold it"):
        get(source, key(EX, "2024"), "2021-10")
    with pytest.raises(Missing, match="no vintage on or before"):
        get(source, key(EX, "2020"), "2019")
    with pytest.raises(Missing, match="seasonally adjusted only"):
        get(source, key(EX, "2024-01", SERVICES, Basis.BOP, NSA))
    with pytest.raises(Missing, match="quarters for the world are not bundled"):
        get(source, key(EX, "2024-Q3", SERVICES, Basis.BOP, SA))
    with pytest.raises(Missing, match="BOP basis only"):
        get(source, key(EX, "2024", GS, Basis.CENSUS, SA))
    with pytest.raises(Missing, match="Census basis not seasonally adjusted only"):
        get(source, key(EX, "2024", GOODS, Basis.CENSUS, SA))
    with pytest.raises(Missing, match="no commodity detail"):
        source.get(
            key(EX, "2024")._replace(commodity=Commodity(CommoditySystem.END_USE, "3")),
            VintageRule(),
        )


def test_define(source: ReleaseSource) -> None:
    d = source.define(key(EX, "2024"))
    assert d is not None
    assert d.flow_meaning == "exports of goods and services, balance-of-payments basis"
    assert (d.coverage, d.basis, d.adjustment) == (GS, Basis.BOP, SA)
    census = source.define(key(IM, "2024", GOODS, Basis.CENSUS, NSA))
    assert census is not None and "customs value" in census.flow_meaning
    assert source.define(key(EX, "2024-01", SERVICES, Basis.BOP, NSA)) is None
    assert source.define(key(EX, "2024", GS, Basis.CENSUS, SA)) is None
    assert source.define(key(EX, "2024", partner=KOREA)) is None
    assert source.describe().coverage is GS


def test_datasets_list_both_families_with_their_vintages(source: ReleaseSource) -> None:
    by_name = {d.name: d for d in source.datasets()}
    assert set(by_name) == {"bea-world", "ft900-goods-nsa"}
    world = [vintage_of(f) for f in FILE_NAMES if "/exh12-" not in f]
    nsa = [vintage_of(f) for f in FILE_NAMES if "/exh12-" in f]
    assert [v.name for v in by_name["bea-world"].vintages] == sorted(world, reverse=True)
    assert [v.name for v in by_name["ft900-goods-nsa"].vintages] == sorted(nsa, reverse=True)
    assert by_name["bea-world"].partners == (("0015", "World"),)
    specs = {(d.coverage, d.basis, d.adjustment) for d in by_name["bea-world"].definitions}
    assert specs == {(GS, Basis.BOP, SA), (GOODS, Basis.BOP, SA), (SERVICES, Basis.BOP, SA)}
    files = {v.file for d in by_name.values() for v in d.vintages}
    assert files == set(FILE_NAMES)


def test_bundled_data_stays_small() -> None:
    """The wheel's data stays under 15 MB."""
    data = default_data_dir()
    assert sum(p.stat().st_size for p in data.iterdir() if p.is_file()) < 15 * 2**20


@needs_release_shared
def test_rebuild_from_shared_matches_committed(tmp_path: Path) -> None:
    run_import("import_release.py", "--shared", str(SHARED), "--out", str(tmp_path))
    committed = default_data_dir()
    for name in ("release.sqlite", "release-manifest.json"):
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


@needs_release_shared
def test_import_stops_on_a_file_that_does_not_match_its_sha256sums(tmp_path: Path) -> None:
    """A file whose bytes are not the ones SHA256SUMS lists stops the import (exit 1) with a
    message naming it, and no store is written."""
    shared = tmp_path / "shared"
    for folder in ("bea", "census", "census/ft900"):  # census/: SHA256SUMS, SOURCES.md
        (shared / folder).mkdir(parents=True)
        for path in (SHARED / folder).iterdir():
            if path.is_file():
                (shared / folder / path.name).write_bytes(path.read_bytes())
    sums = shared / "census" / "SHA256SUMS"
    lines = sums.read_text().splitlines()
    target = next(n for n, line in enumerate(lines) if line.endswith("ft900/exh1-2021-07.xlsx"))
    digest, name = lines[target].split(maxsplit=1)
    lines[target] = f"{'0' * len(digest)}  {name}"
    sums.write_text("\n".join(lines) + "\n")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "import_release.py"),
            "--shared",
            str(shared),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "census/ft900/exh1-2021-07.xlsx: sha256" in done.stderr
    assert "does not match SHA256SUMS" in done.stderr
    assert not (tmp_path / "out" / "release.sqlite").exists()


def test_a_missing_store_is_a_data_error_naming_the_fix(tmp_path: Path) -> None:
    from tradecheck.errors import DataError

    with pytest.raises(DataError, match=r"release\.sqlite is missing; reinstall tradecheck"):
        ReleaseSource(tmp_path).get(key(EX, "2024"), VintageRule())


def test_series_lists_the_world_goods_and_services_balance_of_the_newest_release() -> None:
    """`series World --scope goods-and-services --adjustment sa` reads the release store: 2024
    from exh1-2026-03 (exports - imports, within a million of the published balance), and with
    --vintage 2025-04 from BEA's April 2025 file."""
    from typer.testing import CliRunner

    from tradecheck.cli import app

    args = ["series", "World", "--flow", "balance", "--scope", "goods-and-services"]
    args += ["--adjustment", "sa", "--from", "2024", "--to", "2024", "-f", "json"]
    newest = CliRunner().invoke(app, args)
    assert newest.exit_code == 0, newest.stderr
    (row,) = json.loads(newest.stdout)
    revised = row_of("census/ft900/exh1-2026-03.xlsx", "2024")
    assert abs(row["value_usd"] - dollars(revised.cells["B"])) <= MILLION
    assert row["source"] == "bea-world 2026-03"
    first = CliRunner().invoke(app, [*args, "--vintage", "2025-04"])
    (row,) = json.loads(first.stdout)
    assert row["value_usd"] == dollars(row_of("bea/trad-time-series-0225.xlsx", "2024").cells["B"])
