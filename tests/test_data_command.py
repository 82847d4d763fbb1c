"""`tradecheck data`: every dataset the bundle and the cache hold, with its vintages; the
expected files and data-through months come from fixtures/ (cut from the Census files), not
from the store the command reads."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cells import ROOT, fixture_file
from fake_census import FakeCensus
from tradecheck.cli import app

RUNNER = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
FIXTURE_FILES = json.loads((ROOT / "fixtures" / "census_cells.json").read_text())["files"]


def datasets(*args: str) -> list[dict[str, object]]:
    result = RUNNER.invoke(app, ["data", "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_every_bundled_file_is_a_listed_vintage_of_its_dataset() -> None:
    listed = {
        (str(d["name"]), str(v["file"])): v
        for d in datasets()
        for v in d["vintages"]  # type: ignore[attr-defined]
    }
    expected = {
        (f"census-{entry['file'].split('/')[0]}", entry["file"].split("/")[1])
        for entry in FIXTURE_FILES
    }
    dataweb = json.loads((ROOT / "fixtures" / "dataweb_cells.json").read_text())["files"]
    expected.add(("dataweb-country", " and ".join(e["file"].split("/")[1] for e in dataweb)))
    geo = json.loads((ROOT / "fixtures" / "bea_geo_cells.json").read_text())
    expected.add(("bea-geo", geo["file"]))
    release = json.loads((ROOT / "fixtures" / "release_cells.json").read_text())
    for entry in release["files"]:
        family = "ft900-goods-nsa" if "exh12" in entry["file"] else "bea-world"
        expected.add((family, entry["file"]))
    assert set(listed) == expected
    for entry in FIXTURE_FILES:
        if entry.get("data_through"):  # the country files say which month they run to
            dataset = f"census-{entry['file'].split('/')[0]}"
            vintage = listed[(dataset, entry["file"].split("/")[1])]
            assert vintage["data_through"] == fixture_file(entry["file"])["data_through"]


def test_text_lists_each_dataset_with_its_definition_and_vintages() -> None:
    result = RUNNER.invoke(app, ["data"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "census-country: U.S. trade in goods by country"
    assert "  definition: goods only, Census basis, not seasonally adjusted, nominal dollars" in (
        lines
    )
    newest = max(e["file"] for e in FIXTURE_FILES if e["file"].startswith("country/"))
    name = newest.removeprefix("country/country-").removesuffix(".xlsx")
    through = fixture_file(newest)["data_through"]
    assert f"    {name}  published {name}, data through {through}: {newest[8:]}" in lines


def test_partners_are_listed_with_their_codes_on_request() -> None:
    country = next(d for d in datasets("--partners") if d["name"] == "census-country")
    partners = {p["code"]: p["name"] for p in country["partners"]}  # type: ignore[attr-defined]
    assert partners["5800"] == "Korea, South"
    assert country["partner_count"] == len(partners)
    assert "partners" not in datasets()[0]


def test_a_fetch_adds_the_api_cache_as_a_dataset_named_by_fetch_date(census: FakeCensus) -> None:
    assert [d["name"] for d in datasets()] == [
        "census-country",
        "census-enduse-exports",
        "census-enduse-imports",
        "dataweb-country",
        "bea-world",
        "ft900-goods-nsa",
        "bea-geo",
    ]
    korus = str(ROOT / "claims" / "korus-2018.yaml")
    assert RUNNER.invoke(app, ["fetch", "--all", korus]).exit_code == 0
    api = datasets("--partners")[-1]
    assert api["name"] == "census-api"
    assert [p["code"] for p in api["partners"]] == ["5800"]  # type: ignore[attr-defined]
    (vintage,) = api["vintages"]  # type: ignore[misc]
    assert vintage["name"] == vintage["published"]
    assert len(vintage["name"]) == len("YYYY-MM-DD")
