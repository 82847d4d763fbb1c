"""Partner names users type (issue 11): the world under every name the bundle knows it by,
and the current or everyday names of countries Schedule C spells another way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from cells import billions, country_dollars
from tradecheck.cli import app
from tradecheck.partners import PartnerError, PartnerResolver
from tradecheck.series.bundle import Bundle

RUNNER = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
SOURCE = {"title": "test", "publisher": "tests", "url": "https://example.org", "date": "2020-01-01"}

WORLD = (
    "0015  World, Not Seasonally Adjusted  1987-2026  "
    "[world: the world total, not seasonally adjusted]"
)
WORLD_SA = (
    "0004  World, Seasonally Adjusted  1989-2026  "
    "[not-a-partner: the seasonally adjusted world total (not the partner total 0015)]"
)
WORLD_EXPORTS_2016 = country_dollars("2026-04", "0015", 2016, "EYR")


def no_crash(result: Result) -> None:
    """The command ended by its own exit, not an exception, and printed no traceback."""
    exception = result.exception
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


# -- the world -------------------------------------------------------------------------------


def test_countries_world_lists_0015_first() -> None:
    result = RUNNER.invoke(app, ["countries", "world"])
    no_crash(result)
    assert result.exit_code == 0
    # 0004 contains "world" too; it is listed (marked not-a-partner) after the alias's 0015.
    assert result.stdout == f"{WORLD}\n{WORLD_SA}\n"
    assert result.stderr == ""


@pytest.mark.parametrize("query", ["World Total", "world total", "WORLD TOTAL", "0015"])
def test_countries_world_total(query: str) -> None:
    result = RUNNER.invoke(app, ["countries", query])
    no_crash(result)
    assert result.exit_code == 0
    assert result.stdout == f"{WORLD}\n"


def test_countries_total_finds_the_world_total() -> None:
    # `countries` searches names: "Total" is part of the end-use files' "World Total".
    result = RUNNER.invoke(app, ["countries", "Total"])
    no_crash(result)
    assert result.exit_code == 0
    assert result.stdout == f"{WORLD}\n"


@pytest.mark.parametrize(
    "text", ["world", "the world", "all countries", "World Total", "world total", "0015"]
)
def test_world_names_resolve_to_0015(text: str) -> None:
    assert PartnerResolver(Bundle()).resolve(text).code == "0015"


def test_total_alone_is_not_a_partner_name() -> None:
    with pytest.raises(PartnerError) as caught:
        PartnerResolver(Bundle()).resolve("Total")
    assert str(caught.value) == (
        "unknown partner 'Total'; did you mean 0015 World, Not Seasonally Adjusted?"
    )


def test_series_world_total() -> None:
    args = ["--from", "2015", "--to", "2016", "--format", "csv"]
    result = RUNNER.invoke(app, ["series", "world total", *args])
    no_crash(result)
    assert result.exit_code == 0
    by_code = RUNNER.invoke(app, ["series", "0015", *args])
    assert by_code.exit_code == 0
    assert result.stdout == by_code.stdout
    assert result.stdout.splitlines()[2] == (
        f'0015,"World, Not Seasonally Adjusted",exports,all goods,2016,{WORLD_EXPORTS_2016},'
        "bundle 2026-04,"
    )
    table = RUNNER.invoke(app, ["series", "World Total", "--from", "2016", "--to", "2016"])
    no_crash(table)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0] == (
        "exports, 0015 World, Not Seasonally Adjusted, all goods (U.S. Census Bureau, goods, "
        "nominal USD, not seasonally adjusted)"
    )


def test_series_total_is_a_clear_error() -> None:
    result = RUNNER.invoke(app, ["series", "Total"])
    no_crash(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "tradecheck: error: unknown partner 'Total'; "
        "did you mean 0015 World, Not Seasonally Adjusted?\n"
    )


def write_claims(tmp_path: Path, *partners: str) -> Path:
    claimed = f"${billions(WORLD_EXPORTS_2016) / 1000:.2f} trillion"
    body = [
        {
            "id": f"c{n}",
            "quote": "q",
            "speaker": "s",
            "measure": {"flow": "exports", "partner": partner},
            "period": 2016,
            "operation": "level",
            "claimed": claimed,
        }
        for n, partner in enumerate(partners)
    ]
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"source": SOURCE, "claims": body}, sort_keys=False))
    return path


def test_lint_claims_on_world_total(tmp_path: Path) -> None:
    path = write_claims(tmp_path, "World Total", "world", "Türkiye")
    result = RUNNER.invoke(app, ["lint", str(path)])
    no_crash(result)
    assert result.exit_code == 0
    assert result.stdout == f"{path}: 3 claims, no problems\n"


def test_verify_claims_on_world_total(tmp_path: Path) -> None:
    path = write_claims(tmp_path, "World Total", "world")
    result = RUNNER.invoke(app, ["verify", str(path), "--format", "json"])
    no_crash(result)
    assert result.exit_code == 0
    claims = json.loads(result.stdout)["files"][0]["claims"]
    assert [c["verdict"] for c in claims] == ["accurate", "accurate"]
    assert [c["inputs"][0]["partner"] for c in claims] == ["0015", "0015"]
    assert [c["inputs"][0]["value"] for c in claims] == [WORLD_EXPORTS_2016] * 2
    table = RUNNER.invoke(app, ["verify", str(path)])
    no_crash(table)
    assert table.exit_code == 0


# -- countries Schedule C spells another way -------------------------------------------------

ALIASES = {
    "Türkiye": "4890  Turkey (TR)  1985-2026",
    "Turkiye": "4890  Turkey (TR)  1985-2026",
    "Czechia": "4351  Czech Republic (CZ)  1993-2026",
    "Holland": "4210  Netherlands (NL)  1985-2026",
    "Ivory Coast": "7480  Cote d'Ivoire (CI)  1985-2026",
    "Côte d'Ivoire": "7480  Cote d'Ivoire (CI)  1985-2026",
    "Cote d'Ivoire": "7480  Cote d'Ivoire (CI)  1985-2026",
}


@pytest.mark.parametrize("name", sorted(ALIASES))
def test_countries_alias(name: str) -> None:
    result = RUNNER.invoke(app, ["countries", name])
    no_crash(result)
    assert result.exit_code == 0
    assert result.stdout == f"{ALIASES[name]}\n"


def test_countries_finds_part_of_an_alias() -> None:
    result = RUNNER.invoke(app, ["countries", "ivory"])
    no_crash(result)
    assert result.exit_code == 0
    assert result.stdout == "7480  Cote d'Ivoire (CI)  1985-2026\n"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Türkiye", "4890"),
        ("TÜRKIYE", "4890"),
        ("Turkiye", "4890"),
        ("Turkey", "4890"),
        ("Czechia", "4351"),
        ("Czech Republic", "4351"),
        ("Holland", "4210"),
        ("Netherlands", "4210"),
        ("Ivory Coast", "7480"),
        ("Côte d'Ivoire", "7480"),
        ("Cote d'Ivoire", "7480"),
        ("Co\u0302te d\u2019Ivoire", "7480"),  # decomposed accent, curly apostrophe
    ],
)
def test_alias_resolves(name: str, code: str) -> None:
    assert PartnerResolver(Bundle()).resolve(name).code == code


def test_series_by_alias() -> None:
    args = ["--from", "2016", "--to", "2016", "--format", "csv"]
    for name, code in [("Türkiye", "4890"), ("Czechia", "4351"), ("Holland", "4210")]:
        by_name = RUNNER.invoke(app, ["series", name, *args])
        no_crash(by_name)
        assert by_name.exit_code == 0
        assert by_name.stdout == RUNNER.invoke(app, ["series", code, *args]).stdout
