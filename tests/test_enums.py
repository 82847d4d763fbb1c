"""Every enum member is handled: verdict styles, output formats, claimed-value kinds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tradecheck.claims import Verdict
from tradecheck.cli import OutputFormat
from tradecheck.outputs.table import STYLES, verdict_style
from tradecheck.quantity import Kind, parse_claimed
from tradecheck.report import exit_code, reproduces


def test_every_verdict_has_a_style() -> None:
    assert set(STYLES) == set(Verdict)
    for verdict in Verdict:
        assert verdict_style(verdict) == STYLES[verdict]


def test_verdict_names_are_stable() -> None:
    assert [v.value for v in Verdict] == [
        "accurate",
        "accurate-within-rounding",
        "inaccurate",
        "false",
        "unverifiable",
        "not-checkable",
    ]
    assert [f.value for f in OutputFormat] == [
        "table",
        "json",
        "junit",
        "claimreview",
        "csv",
        "github",
    ]


def test_reproduces_for_every_verdict() -> None:
    held = {v for v in Verdict if reproduces(v, None)}
    assert held == {Verdict.ACCURATE, Verdict.ACCURATE_WITHIN_ROUNDING, Verdict.NOT_CHECKABLE}
    for verdict in Verdict:
        assert reproduces(verdict, verdict) is (verdict is not Verdict.UNVERIFIABLE)
    assert exit_code([], strict=True) == 0


def test_claimed_value_readings() -> None:
    cases = {
        "$42.3 billion": (Kind.AMOUNT, Decimal("42.3"), 10**9, 1, None, None, None),
        "2.7 percent": (Kind.PERCENT, Decimal("2.7"), 1, 1, None, None, None),
        "77%": (Kind.PERCENT, Decimal("77"), 1, 0, None, None, None),
        "a decline of 2.7 percent": (Kind.PERCENT, Decimal("2.7"), 1, 1, "down", None, None),
        "more than doubled": (Kind.MULTIPLE, Decimal("2"), 1, 1, "up", "above", None),
        "nearly $800 billion": (Kind.AMOUNT, Decimal("800"), 10**9, 0, None, None, "nearly"),
        "topped $500 billion": (Kind.AMOUNT, Decimal("500"), 10**9, 0, None, "above", None),
        "$1,234 million": (Kind.AMOUNT, Decimal("1234"), 10**6, 0, None, None, None),
        "1.5 percentage points": (Kind.POINTS, Decimal("1.5"), 1, 1, None, None, None),
        "ballooned": (Kind.VAGUE, None, 1, 0, "up", None, None),
    }
    for text, (kind, number, scale, decimals, direction, bound, hedge) in cases.items():
        v = parse_claimed(text)
        got = (
            v.kind,
            v.number,
            v.scale,
            v.decimals,
            v.direction and v.direction.value,
            v.bound and v.bound.value,
            v.hedge and v.hedge.value,
        )
        assert got == (kind, number, scale, decimals, direction, bound, hedge), text


def test_help_schema_and_readme_agree_with_the_enums() -> None:
    """The lists users read (help, JSON Schema, README) are the ones the code accepts."""
    import json
    import re

    from typer.testing import CliRunner

    from cells import ROOT
    from tradecheck.claims import EXPECTABLE, Claim
    from tradecheck.cli import ID_CHARACTERS, app

    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    expected = schema["$defs"]["Claim"]["properties"]["expected"]
    assert expected["anyOf"][0]["enum"] == [v.value for v in EXPECTABLE]
    assert "unverifiable" not in expected["anyOf"][0]["enum"]
    readme = (ROOT / "README.md").read_text()
    assert f"# {ID_CHARACTERS}" in readme
    pattern = next(m.pattern for m in Claim.model_fields["id"].metadata if hasattr(m, "pattern"))
    assert pattern == r"^[a-z0-9][a-z0-9._-]*$"  # what ID_CHARACTERS says in words
    new_help = " ".join(runner.invoke(app, ["new", "--help"]).stdout.split())
    assert ID_CHARACTERS in new_help
    synopsis = re.search(r"^tradecheck new FILE .*$", readme, re.M)
    assert synopsis is not None
    required = [
        "--quote",
        "--speaker",
        "--partner",
        "--flow",
        "--period",
        "--operation",
        "--claimed",
    ]
    assert [w for w in synopsis[0].split() if w.startswith("--")] == required
    verify_help = " ".join(runner.invoke(app, ["verify", "--help"]).stdout.split())
    assert "(*.yaml, *.yml)" in verify_help


def test_every_exception_class_derives_from_the_one_base() -> None:
    """Interrupted alone stands outside: a signal, not an error (click must not catch it)."""
    import importlib
    import inspect
    import pkgutil

    import tradecheck
    from tradecheck.errors import Interrupted, TradecheckError

    found = []
    for module in pkgutil.walk_packages(tradecheck.__path__, "tradecheck."):
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__.startswith("tradecheck"):
                found.append(cls)
    assert len(set(found)) >= 15
    for cls in set(found):
        assert cls is Interrupted or issubclass(cls, TradecheckError), cls


def test_no_catch_all_outside_the_boundary() -> None:
    """`except Exception`, `except BaseException` and bare `except:` only in the entry point,
    and in the one relay that hands a request thread's exception to its caller."""
    import re

    from cells import ROOT

    allowed = {
        "__main__.py": 1,  # the boundary
        "series/client.py": 1,  # _within_timeout's worker: re-raised in the caller's thread
    }
    for path in sorted((ROOT / "src" / "tradecheck").rglob("*.py")):
        name = path.relative_to(ROOT / "src" / "tradecheck").as_posix()
        text = path.read_text()
        count = len(re.findall(r"except\s*(?:\(?\s*(?:Base)?Exception\b|:)", text))
        assert count == allowed.get(name, 0), name


def test_the_json_report_has_a_version() -> None:
    import json

    from typer.testing import CliRunner

    from cells import ROOT
    from tradecheck.cli import app
    from tradecheck.report import REPORT_VERSION

    assert REPORT_VERSION == 5
    out = CliRunner().invoke(
        app, ["verify", str(ROOT / "claims" / "korus-2018.yaml"), "-f", "json"]
    )
    report = json.loads(out.stdout)
    assert next(iter(report)) == "report_version"
    assert report["report_version"] == REPORT_VERSION


def test_an_unexpected_exception_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from cells import ROOT
    from tradecheck import __main__, engine

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(engine, "prepare", broken)
    monkeypatch.setattr(sys, "argv", ["tradecheck", "lint", str(ROOT / "claims")])
    monkeypatch.delenv("TRADECHECK_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stopped:
        __main__.main()
    assert stopped.value.code == 2
    assert capsys.readouterr().err == (
        "tradecheck: error: internal error: RuntimeError: a bug over two lines (rerun with "
        "TRADECHECK_DEBUG=1 for the traceback)\n"
    )
    monkeypatch.setenv("TRADECHECK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        __main__.main()
