"""The CLI layer's edge: only src/tradecheck/cli/ and __main__.py read the environment or
import typer; the core gets plain values (a directory, the key, a URL, a timeout) instead.

Checked on each module's syntax tree, so a docstring or comment that names os.environ is no
finding and a read written any way Python allows (os.environ, os.getenv, `from os import
environ`, `import os as o; o.environ`) is one.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from cells import ROOT

SRC = ROOT / "src" / "tradecheck"
ENVIRONMENT = {"environ", "environb", "getenv", "getenvb"}
# Modules outside the CLI allowed to read the environment, with how many reads (none now).
NOT_YET_MOVED: dict[str, int] = {}


def environment_reads(tree: ast.AST) -> list[int]:
    """The lines where the module touches the process environment."""
    lines = []
    for node in ast.walk(tree):
        if (
            (isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT)
            or (isinstance(node, ast.Name) and node.id in ENVIRONMENT)
            or (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and any(alias.name in ENVIRONMENT for alias in node.names)
            )
        ):
            lines.append(node.lineno)
    return sorted(lines)


def _is_typer(name: str | None) -> bool:
    return name is not None and (name == "typer" or name.startswith("typer."))


def typer_imports(tree: ast.AST) -> list[int]:
    """The lines where the module imports typer (statement, importlib or __import__)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(_is_typer(a.name) for a in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if _is_typer(node.module):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and _is_typer(first.value)
            ):
                lines.append(node.lineno)
    return sorted(lines)


def core_modules() -> dict[str, ast.Module]:
    """Every module outside the CLI layer, by path under src/tradecheck/."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name.startswith("cli/") or name == "__main__.py":
            continue
        found[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return found


def test_the_checks_find_every_spelling_and_no_mention() -> None:
    reads = """
import os
import os as o
from os import environ, getenv as g
a = os.environ["A"]
b = os.environ.get("B")
c = os.getenv("C")
d = o.environ
e = environ
f = getenv("F")
"""
    assert environment_reads(ast.parse(reads)) == [4, 5, 6, 7, 8, 9, 10]
    imports = """
import typer
import typer.core
from typer import Exit
from typer.testing import CliRunner
import importlib
importlib.import_module("typer")
__import__("typer.core")
"""
    assert typer_imports(ast.parse(imports)) == [2, 3, 4, 5, 7, 8]
    mentions = '''
"""Reads os.environ["TRADECHECK_CACHE_DIR"]; imports typer."""
# os.getenv("X"); import typer
import typing
from os import path
NAME = "os.environ"
'''
    assert environment_reads(ast.parse(mentions)) == []
    assert typer_imports(ast.parse(mentions)) == []


def test_only_the_cli_reads_the_environment() -> None:
    modules = core_modules()
    # The modules that read it before the CLI did are among those checked.
    assert {"paths.py", "keys.py", "series/client.py", "engine.py"} <= set(modules)
    found = {name: len(environment_reads(tree)) for name, tree in modules.items()}
    assert {name: n for name, n in found.items() if n} == NOT_YET_MOVED


def test_only_the_cli_imports_typer() -> None:
    found = {name: typer_imports(tree) for name, tree in core_modules().items()}
    assert {name: lines for name, lines in found.items() if lines} == {}


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["verify", "--help"]])
def test_help_loads_the_cli_only(args: list[str]) -> None:
    """`tradecheck --help` imports no core module and no pydantic, yaml or httpx (start-up
    time): the commands import what they use inside their bodies. (A command's own --help
    does load pydantic: typer 0.2x builds its parameters with pydantic adapters.)"""
    script = (
        "import sys\n"
        f"sys.argv = ['tradecheck', *{args!r}]\n"
        "from tradecheck.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded = set(run.stderr.split())
    assert "tradecheck.cli" in loaded
    assert not loaded & {"yaml", "httpx"}
    if len(args) == 1:
        assert "pydantic" not in loaded
    ours = {m for m in loaded if m.startswith("tradecheck")}
    # tradecheck.outputs is the list of formats and tradecheck.domain the shared enums (the
    # options' choices); neither imports anything heavy.
    allowed = {"tradecheck", "tradecheck.__main__", "tradecheck.errors"}
    allowed |= {"tradecheck.outputs", "tradecheck.domain"}
    assert {m for m in ours if m not in allowed and not m.startswith("tradecheck.cli")} == set()


def test_the_cli_package_is_where_the_checks_say() -> None:
    assert (SRC / "cli" / "__init__.py").is_file()
    assert not (SRC / "cli.py").exists()
    assert Path(SRC / "__main__.py").is_file()
