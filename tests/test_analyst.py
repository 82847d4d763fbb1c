"""The analyst's commands: explain, lint, schema, new, countries, series, verify --format junit."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cells import ROOT, billions, country_dollars, enduse_dollars
from tradecheck.cli import app

KORUS = str(ROOT / "claims" / "korus-2018.yaml")
BAD = ROOT / "tests" / "bad_claims"
RUNNER = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})


def explain_json(claim_id: str) -> dict:  # type: ignore[type-arg]
    result = RUNNER.invoke(app, ["explain", claim_id, KORUS, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def explain_text(claim_id: str) -> list[str]:
    result = RUNNER.invoke(app, ["explain", claim_id, KORUS])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


EXPORTS_2016 = country_dollars("2026-04", "5800", 2016, "EYR")
EXPORTS_2011 = country_dollars("2026-04", "5800", 2011, "EYR")
IMPORTS_2016 = country_dollars("2026-04", "5800", 2016, "IYR")
IMPORTS_2011 = country_dollars("2026-04", "5800", 2011, "IYR")


def test_explain_level_claim() -> None:
    data = explain_json("exports-2016")
    assert data["file"] == KORUS and data["line"] == 13
    assert data["reading"]["partner"] == "5800" and data["reading"]["operation"] == "level"
    assert data["reading"]["claimed_number"] == "42.3"
    assert data["reading"]["precision"] == "0.1"
    [used] = data["report"]["inputs"]
    assert used["value"] == EXPORTS_2016
    assert used["file"] == "country-2026-04.xlsx, column EYR"
    assert data["report"]["rule"] == "rounds-to-claim"
    marked = [p for p in data["series"] if p["claimed_period"]]
    assert [(p["period"], p["value"]) for p in marked] == [("2016", float(billions(EXPORTS_2016)))]
    assert [p["period"] for p in data["series"]] == [str(y) for y in range(2013, 2020)]
    text = explain_text("exports-2016")
    assert text[0] == f"Claim exports-2016 ({KORUS}:13)"
    assert f"  exports, 5800 Korea, South, all goods, 2016: {EXPORTS_2016:,} USD" in text
    assert "  accurate (rule: rounds-to-claim)" in text
    assert "  $42.26 billion rounds to $42.3 billion at the claim's precision (0.1)" in text
    assert any(line.startswith("  2016 ") and line.endswith("42.26   <") for line in text)


def test_explain_percent_change_with_truncation() -> None:
    data = explain_json("exports-decline")
    values = [i["value"] for i in data["report"]["inputs"]]
    assert values == [EXPORTS_2011, EXPORTS_2016]
    change = (billions(EXPORTS_2016) - billions(EXPORTS_2011)) / billions(EXPORTS_2011) * 100
    assert round(data["report"]["computed"]["value"], 6) == round(float(change), 6)
    assert data["reading"]["direction"] == "down"
    assert data["report"]["rule"] == "truncation"
    text = explain_text("exports-decline")
    assert "  period: 2011 to 2016" in text
    assert (
        "  claimed: 'a decline of 2.7 percent' = -2.7 percent (precision 0.1, hedge none, "
        "bound none, direction down)"
    ) in text
    assert "  accurate-within-rounding (rule: truncation)" in text


def test_explain_vague_reading_and_deficit() -> None:
    data = explain_json("deficit-ballooned")
    assert data["reading"]["vague_reading"].startswith("'ballooned' read as 'more than 50%'")
    assert [i["value"] for i in data["report"]["inputs"]] == [
        EXPORTS_2011,
        IMPORTS_2011,
        EXPORTS_2016,
        IMPORTS_2016,
    ]
    deficit_2016 = billions(IMPORTS_2016 - EXPORTS_2016)
    point = next(p for p in data["series"] if p["period"] == "2016")
    assert point["value"] == float(deficit_2016) and point["claimed_period"]
    assert data["report"]["rule"] == "bound-holds"
    assert data["series_label"] == "deficit, 5800 Korea, South, all goods (billion USD)"


def test_explain_auto_deficit_mixed_vintages_and_unverifiable_rise() -> None:
    data = explain_json("auto-deficit-2016")
    exports, imports = data["report"]["inputs"]
    assert exports["value"] == enduse_dollars(
        "enduse-exports/enduse_exports-2023-07.csv", "5800", "3", 2016
    )
    assert imports["value"] == enduse_dollars(
        "enduse-imports/enduse_imports-2026-04.xlsx", "5800", "3", 2016
    )
    assert data["report"]["verdict"] == "inaccurate"
    assert "  inaccurate (rule: within-20-percent)" in explain_text("auto-deficit-2016")
    rise = explain_json("auto-deficit-rise")
    assert rise["report"]["verdict"] == "unverifiable"
    early = next(p for p in rise["series"] if p["period"] == "2011")
    assert early["value"] is None
    assert early["note"] == "bundled enduse-exports data starts in 2013"


def test_explain_not_checkable_and_other_korus_claims() -> None:
    for claim_id in (
        "talks-began-july",
        "third-session",
        "agreement-signed-2011",
        "tpp-withdrawal",
    ):
        data = explain_json(claim_id)
        assert data["report"]["verdict"] == "not-checkable"
        assert data["series"] == []
        assert "  not a trade statistic (not-checkable)" in explain_text(claim_id)
    data = explain_json("exports-2011")
    assert data["report"]["inputs"][0]["value"] == EXPORTS_2011


def test_explain_unknown_id_and_svg(tmp_path: Path) -> None:
    bad = RUNNER.invoke(app, ["explain", "exports-2061", KORUS])
    assert bad.exit_code == 2
    assert bad.stderr == (
        "tradecheck: error: no claim has id 'exports-2061'; did you mean exports-2016, "
        "exports-2011?\n"
    )
    svg = tmp_path / "chart.svg"
    result = RUNNER.invoke(app, ["explain", "exports-decline", KORUS, "--plot", str(svg)])
    assert result.exit_code == 0
    root = ET.fromstring(svg.read_text())
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    bars = [r for r in rects if r.find("{http://www.w3.org/2000/svg}title") is not None]
    titles = [b.find("{http://www.w3.org/2000/svg}title").text for b in bars]  # type: ignore[union-attr]
    assert len(titles) == 12  # 2008 to 2019; the legend's swatches have no title
    assert f"2016: {float(billions(EXPORTS_2016)):,.3f}" in titles
    png = RUNNER.invoke(app, ["explain", "exports-decline", KORUS, "--plot", "x.png"])
    assert png.exit_code == 2


def test_lint_lists_every_problem_of_every_file() -> None:
    result = RUNNER.invoke(
        app, ["lint", str(BAD / "several_problems.yaml"), str(BAD / "wrong_flow.yaml"), KORUS]
    )
    assert result.exit_code == 2
    # Four of several_problems (its duplicate id among them, found although its schema
    # fails), one of wrong_flow; the valid KORUS file says so on stdout.
    assert len(result.stderr.splitlines()) == 6
    assert result.stdout == f"{KORUS}: 10 claims, no problems\n"
    clean = RUNNER.invoke(app, ["lint", KORUS])
    assert clean.exit_code == 0
    assert clean.stdout == f"{KORUS}: 10 claims, no problems\n"


def yaml_as_editor_sees_it(path: Path) -> object:
    """YAML as an editor plugin validates it: dates stay text."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml.load(path.read_text(), Loader=Loader)


def test_schema_accepts_committed_files_and_rejects_structural_errors() -> None:
    result = RUNNER.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((ROOT / "claims").glob("*.yaml")):
        assert list(validator.iter_errors(yaml_as_editor_sees_it(path))) == [], path
    for name in ("unknown_field", "wrong_type", "missing_id", "wrong_flow", "bad_id"):
        errors = list(validator.iter_errors(yaml_as_editor_sees_it(BAD / f"{name}.yaml")))
        assert errors, name


def test_new_appends_validated_claim_keeping_comments(tmp_path: Path) -> None:
    path = tmp_path / "article.yaml"
    original = (
        "# Checked by A. Analyst\n"
        "source: {title: T, publisher: P, date: 2018-01}  # the print edition\n"
        "claims:\n"
        "  # the first claim\n"
        "  - id: a\n"
        "    quote: q\n"
        "    speaker: s\n"
        "    not_checkable: a date\n"
    )
    path.write_text(original)
    args = [
        "new", str(path), "--id", "exports-2016", "--quote", "exports were $42.3 billion",
        "--speaker", "USTR", "--partner", "South Korea", "--flow", "exports",
        "--period", "2016", "--operation", "level", "--claimed", "$42.3 billion",
    ]  # fmt: skip
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"added claim exports-2016 to {path}\n"
    text = path.read_text()
    assert text.startswith(original)
    verify = RUNNER.invoke(app, ["verify", str(path), "--format", "json"])
    claim = json.loads(verify.stdout)["files"][0]["claims"][1]
    assert claim["id"] == "exports-2016" and claim["verdict"] == "accurate"
    assert claim["inputs"][0]["value"] == EXPORTS_2016
    # A claim that does not validate leaves the file exactly as it was.
    bad = RUNNER.invoke(app, [*args[:3], "again", *args[4:9], "Koreaa", *args[10:]])
    assert bad.exit_code == 2
    assert bad.stderr.splitlines() == [
        f"tradecheck: error: {path}:23:16: claims[2].measure.partner: unknown partner 'Koreaa'; "
        "did you mean 5800 Korea, South?",
        f"tradecheck: error: {path}: nothing was written (the file is unchanged)",
    ]
    assert path.read_text() == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.yaml"]


HEADER = "source: {title: T, publisher: P, date: 2018-01}\nclaims:\n"
NEW_ARGS = ["--quote", "q", "--speaker", "s", "--partner", "KR", "--operation", "level"]


def test_new_writes_the_definition_options_only_when_given(tmp_path: Path) -> None:
    path = tmp_path / "article.yaml"
    path.write_text(HEADER)
    plain = [*NEW_ARGS, "--id", "plain", "--flow", "exports", "--period", "2016-03"]
    services = [*NEW_ARGS, "--id", "services", "--flow", "balance", "--period", "2024-Q3"]
    services += ["--claimed", "a deficit", "--scope", "services", "--adjustment", "nsa"]
    bop = [*NEW_ARGS, "--id", "bop", "--flow", "imports", "--period", "2024-07"]
    bop += ["--claimed", "$30 billion", "--scope", "goods", "--basis", "bop"]
    for args in ([*plain, "--claimed", "$4 billion"], services, bop):
        result = RUNNER.invoke(app, ["new", str(path), *args])
        assert (result.exit_code, result.stderr) == (0, ""), args
        assert result.stdout == f"added claim {args[9]} to {path}\n"
    assert path.read_text() == HEADER + (
        "  - id: plain\n    quote: q\n    speaker: s\n"
        "    measure:\n      flow: exports\n      partner: KR\n"
        "    period: 2016-03\n    operation: level\n    claimed: $4 billion\n"
        "  - id: services\n    quote: q\n    speaker: s\n"
        "    measure:\n      flow: balance\n      partner: KR\n      scope: services\n"
        "      adjustment: nsa\n"
        "    period: 2024-Q3\n    operation: level\n    claimed: a deficit\n"
        "  - id: bop\n    quote: q\n    speaker: s\n"
        "    measure:\n      flow: imports\n      partner: KR\n      scope: goods\n"
        "      basis: bop\n"
        "    period: 2024-07\n    operation: level\n    claimed: $30 billion\n"
    )
    assert RUNNER.invoke(app, ["lint", str(path)]).stdout == f"{path}: 3 claims, no problems\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--flow", "balance", "--period", "2024-Q3", "--claimed", "a deficit",
             "--scope", "services", "--basis", "census"],
            "7:7: claims[0].measure: basis: census applies to goods only; scope: services is "
            "on the BOP basis by definition (write basis: bop, or leave basis out)",
        ),
        (
            ["--flow", "exports", "--period", "2024", "--claimed", "$1 billion",
             "--adjustment", "sa"],
            "3:5: claims[0]: adjustment: sa applies to months and quarters only; 2024 is a "
            "year, whose total carries no seasonal adjustment (leave adjustment out)",
        ),
        (
            ["--flow", "exports", "--period", "2024-Q3", "--claimed", "a deficit"],
            "3:5: claims[0]: claimed 'a deficit' is the sign of a balance: use flow: balance",
        ),
    ],
    ids=["census-services", "adjusted-year", "sign-of-exports"],
)  # fmt: skip
def test_new_refuses_a_definition_the_model_refuses(
    tmp_path: Path, args: list[str], message: str
) -> None:
    path = tmp_path / "article.yaml"
    path.write_text(HEADER)
    result = RUNNER.invoke(app, ["new", str(path), *NEW_ARGS, "--id", "a", *args])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"tradecheck: error: {path}:{message}",
        f"tradecheck: error: {path}: nothing was written (the file is unchanged)",
    ]
    assert path.read_text() == HEADER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.yaml"]


def test_countries() -> None:
    for query in ("south korea", "KR", "Korea, Republic of", "5800"):
        result = RUNNER.invoke(app, ["countries", query])
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == "5800  Korea, South (KR)  1985-2026"
    eu = RUNNER.invoke(app, ["countries", "european union"])
    assert eu.stdout.splitlines()[0].startswith("0003  European Union  1997-2026  [grouping")
    none = RUNNER.invoke(app, ["countries", "Narnia"])
    assert none.exit_code == 2
    assert none.stderr == (
        "tradecheck: error: no Census partner matches 'Narnia'; try a shorter part of the name\n"
    )


def test_series_csv_json_and_errors() -> None:
    result = RUNNER.invoke(
        app, ["series", "KR", "--from", "2015", "--to", "2016", "--format", "csv"]
    )
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["period"], int(r["value_usd"])) for r in rows] == [
        ("2015", country_dollars("2026-04", "5800", 2015, "EYR")),
        ("2016", EXPORTS_2016),
    ]
    assert rows[0]["source"] == "bundle 2026-04"
    balance = RUNNER.invoke(
        app,
        ["series", "south korea", "--flow", "balance", "--from", "2016", "--to", "2016",
         "--format", "json"],
    )  # fmt: skip
    [row] = json.loads(balance.stdout)
    assert row["value_usd"] == EXPORTS_2016 - IMPORTS_2016
    monthly = RUNNER.invoke(
        app, ["series", "5800", "--monthly", "--from", "2016-01", "--to", "2016-03"]
    )
    assert monthly.exit_code == 0
    jan = country_dollars("2026-04", "5800", 2016, "EJAN")
    assert f"2016-01  {jan:>19,}  bundle 2026-04" in monthly.stdout
    unknown = RUNNER.invoke(app, ["series", "Koreaa"])
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "tradecheck: error: unknown partner 'Koreaa'; did you mean 5800 Korea, South?\n"
    )
    bad = RUNNER.invoke(app, ["series", "KR", "--from", "2016-01"])
    assert bad.stderr == (
        "tradecheck: error: --from '2016-01': give a year, or add --monthly for months\n"
    )


def test_verify_junit() -> None:
    result = RUNNER.invoke(app, ["verify", KORUS, "--format", "junit"])
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert root.get("tests") == "10" and root.get("failures") == "0"
    skipped = root.findall(".//testcase[skipped]")
    assert [c.get("name") for c in skipped] == ["auto-deficit-rise"]
    # A claim that does not reproduce is a failure with claimed vs computed.
    pinned = RUNNER.invoke(app, ["verify", KORUS, "--format", "junit", "--vintage", "2018-10"])
    cases = {c.get("name"): c for c in ET.fromstring(pinned.stdout).iter("testcase")}
    auto = cases["auto-deficit-2016"]
    assert auto.find("skipped") is not None  # no end-use data in 2018-10
    assert pinned.exit_code == 0


# -- property: no input gives a traceback; always a verdict or a clear error ------------------

PARTNERS = st.sampled_from(["South Korea", "KR", "5800", "China", "EU", "world", "Narnia", ""])
CLAIMED = st.one_of(
    st.text(max_size=30),
    st.from_regex(
        r"(about |nearly |more than )?\$?[0-9]{1,4}(\.[0-9]{1,3})? ?(billion|million|percent|%)?",
        fullmatch=True,
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    flow=st.sampled_from(["exports", "imports", "balance", "total", "exprts"]),
    partner=PARTNERS,
    period=st.one_of(
        st.integers(1800, 2200),
        st.from_regex(r"20[0-3][0-9]-[0-9]{1,2}", fullmatch=True),
        st.fixed_dictionaries({"from": st.integers(1990, 2027), "to": st.integers(1990, 2027)}),
    ),
    operation=st.sampled_from(["level", "change", "percent-change", "multiple", "growth"]),
    claimed=CLAIMED,
)
def test_random_claims_never_traceback(
    tmp_path: Path, flow: str, partner: str, period: object, operation: str, claimed: str
) -> None:
    document = {
        "source": {"title": "T", "publisher": "P", "date": "2018-01"},
        "claims": [
            {
                "id": "x",
                "quote": "q",
                "speaker": "s",
                "measure": {"flow": flow, "partner": partner},
                "period": period,
                "operation": operation,
                "claimed": claimed,
            }
        ],
    }
    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump(document))
    result = RUNNER.invoke(app, ["verify", str(path), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith("tradecheck: error: ") for line in lines)
    else:
        assert result.exit_code in (0, 1)
        [claim] = json.loads(result.stdout)["files"][0]["claims"]
        assert claim["verdict"] in {
            "accurate", "accurate-within-rounding", "inaccurate", "false", "unverifiable",
        }  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_random_claimed_strings_parse_or_say_why(text: str) -> None:
    from tradecheck.quantity import ClaimedValueError, parse_claimed

    try:
        value = parse_claimed(text)
    except ClaimedValueError as exc:
        assert str(exc)
    else:
        assert value.text


def test_new_asks_for_each_field_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradecheck.cli import common

    path = tmp_path / "a.yaml"
    path.write_text("source: {title: T, publisher: P, date: 2018-01}\nclaims:\n")
    answers = [
        "US exports to Korea were $43.5 billion in 2011",
        "USTR",
        "KR",
        "exports",
        "",  # commodity: all goods
        "",  # scope: goods
        "",  # basis: census
        "2011",
        "",  # operation: level
        "$43.5 billion",
        "",  # expected: none yet
        "",  # note: none
        "exports-2011",
        "y",  # write it
    ]
    monkeypatch.setattr(common, "_stdin_is_terminal", lambda: True)
    result = RUNNER.invoke(app, ["new", str(path)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"added claim exports-2011 to {path}\n")
    verify = RUNNER.invoke(app, ["verify", str(path), "--format", "json"])
    [claim] = json.loads(verify.stdout)["files"][0]["claims"]
    assert claim["verdict"] == "accurate"
    assert claim["inputs"][0]["value"] == EXPORTS_2011
    # Without a terminal and without options there is nothing to ask: exit 2, file unchanged.
    monkeypatch.setattr(common, "_stdin_is_terminal", lambda: False)
    before = path.read_text()
    none = RUNNER.invoke(app, ["new", str(path)])
    assert none.exit_code == 2
    assert none.stderr == (
        "tradecheck: error: no claim fields given; pass --quote, --partner, ... (see --help)\n"
    )
    assert path.read_text() == before


def ask_new(path: Path, answers: list[str]) -> tuple[int, list[str]]:
    """`new` on a (pretended) terminal with these answers: its exit code and the prompts it
    asked (each line of its output up to the first ': ' or '? ')."""
    result = RUNNER.invoke(app, ["new", str(path)], input="\n".join(answers) + "\n")
    assert result.stderr == ""
    return result.exit_code, result.stdout.splitlines()


def test_new_asks_the_definition_after_the_commodity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A month of goods: scope, basis and (after the period) seasonal adjustment are asked, a
    bad answer is asked again, and only what differs from the defaults is written."""
    from tradecheck.cli import common

    monkeypatch.setattr(common, "_stdin_is_terminal", lambda: True)
    path = tmp_path / "a.yaml"
    path.write_text(HEADER)
    answers = [
        "US exports to Korea were $4 billion in March 2016",
        "USTR",
        "KR",
        "exports",
        "end-use 3",
        "services",  # no commodity detail: asked again
        "goods",
        "",  # basis: census
        "2016-03",
        "SA",  # not a choice: asked again
        "sa",
        "",  # operation: level
        "$4 billion",
        "",  # expected: none
        "",  # note: none
        "ex",
        "y",
    ]
    code, lines = ask_new(path, answers)
    assert code == 0
    assert lines[5:13] == [
        "commodity (all goods, end-use 3, hs 8703) [all goods]: end-use 3",
        "scope (goods/services/goods-and-services) [goods]: services",
        "  scope services has no commodity detail (end-use 3 is goods only); try again",
        "scope (goods/services/goods-and-services) [goods]: goods",
        "basis (census/bop) [census]: ",
        "period (2016, 2016-03, 2016-Q3, 2016-H1, 2020-01..2020-08 summed, or 2011 to 2016): 2016-03",
        "seasonal adjustment (nsa/sa) [nsa]: SA",
        "  'SA' is not one of nsa, sa; try again",
    ]
    assert lines[13] == "seasonal adjustment (nsa/sa) [nsa]: sa"
    assert lines[-1] == f"added claim ex to {path}"
    assert (
        "    measure:\n      flow: exports\n      partner: KR\n      commodity: end-use 3\n"
        "      adjustment: sa\n    period: 2016-03\n"
    ) in path.read_text()


@pytest.mark.parametrize("scope", ["services", "goods-and-services"])
def test_new_asks_no_basis_beyond_goods_and_no_adjustment_for_a_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scope: str
) -> None:
    from tradecheck.cli import common

    monkeypatch.setattr(common, "_stdin_is_terminal", lambda: True)
    path = tmp_path / "a.yaml"
    path.write_text(HEADER)
    answers = ["exports to Korea were $30 billion in 2016", "USTR", "KR", "exports", ""]
    answers += [scope, "2016", "", "$30 billion", "", "", "ex", "y"]
    code, lines = ask_new(path, answers)
    assert code == 0
    assert lines[6:9] == [
        f"scope (goods/services/goods-and-services) [goods]: {scope}",
        "period (2016, 2016-03, 2016-Q3, 2016-H1, 2020-01..2020-08 summed, or 2011 to 2016): 2016",
        "operation (level/change/percent-change/multiple/record/rank/share/sum/compare/streak) [level]: ",
    ]
    assert lines[-1] == f"added claim ex to {path}"
    assert (
        f"    measure:\n      flow: exports\n      partner: KR\n      scope: {scope}\n"
        "    period: 2016\n"
    ) in path.read_text()


def test_series_vintages_groups_each_periods_values_by_vintage() -> None:
    """`series --vintages`: per period, each value with the vintages whose file has it, from
    the cells of all seven country files; a month a vintage had not reached is not published."""
    vintages = ["2018-10", "2019-12", "2020-10", "2022-03", "2023-03", "2024-10", "2026-04"]
    result = RUNNER.invoke(
        app, ["series", "5800", "--vintages", "--from", "2016", "--to", "2018", "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    got = [(r["period"], r["value_usd"], r["vintages"]) for r in json.loads(result.stdout)]
    expected = []
    for year in (2016, 2017, 2018):
        groups: dict[int, list[str]] = {}
        absent = []
        for v in vintages:
            if year >= int(v[:4]):  # every file's last year is year-to-date (none ends in December)
                absent.append(v)
            else:
                groups.setdefault(country_dollars(v, "5800", year, "EYR"), []).append(v)
        expected += [(str(year), value, held) for value, held in groups.items()]
        expected += [(str(year), None, absent)] if absent else []
    assert got == expected
    # 2016 was revised once (June 2019), 2017 twice: two and three distinct values.
    assert [p for p, _, _ in got].count("2016") == 2
    assert [p for p, v, _ in got if v is not None].count("2017") == 3
    monthly = RUNNER.invoke(
        app, ["series", "5800", "--vintages", "--monthly", "--from", "2018-09", "--to", "2018-09"]
    )
    assert monthly.exit_code == 0
    assert "not published: 2018-10\n" in monthly.stdout
    both = RUNNER.invoke(app, ["series", "5800", "--vintages", "--vintage", "2018-10"])
    assert (both.exit_code, both.stderr) == (
        2,
        "tradecheck: error: give --vintage or --vintages, not both\n",
    )
