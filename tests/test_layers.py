"""The module graph: no cycles, and each layer imports only from the layers below it.

Read from the source with `ast` (every import, at module level or inside a function, except
those under `if TYPE_CHECKING:`), so a lazy import cannot hide a dependency.
"""

from __future__ import annotations

import ast
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from fake_census import FakeCensus

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "tradecheck"

# What each layer may import from tradecheck, besides itself. The data layer knows nothing
# of claims files; the claims layer nothing of judging or showing.
BASE = {"tradecheck", "tradecheck.domain", "tradecheck.errors", "tradecheck.paths"}
ALLOWED = {
    "tradecheck.series": BASE | {"tradecheck.textsafe"},
    "tradecheck.claims": BASE
    | {"tradecheck.quantity", "tradecheck.operations", "tradecheck.partners", "tradecheck.series"},
    "tradecheck.operations": BASE | {"tradecheck.quantity", "tradecheck.verdict"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports(path: Path) -> set[str]:
    """The tradecheck modules `path` imports (a name imported from a package that is a
    module of it counts as that module)."""
    tree = ast.parse(path.read_text())
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _type_checking(node)
               for n in ast.walk(node)}  # fmt: skip
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tradecheck"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tradecheck"):
            assert node.module is not None
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {m for m in found if m in MODULES}


GRAPH = {name: imports(path) - {name} for name, path in MODULES.items()}


def _in(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def test_the_module_graph_has_no_cycles() -> None:
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for dep in sorted(GRAPH[name]):
            if state.get(dep) == 1:
                cycle = [*path[path.index(dep) :], dep] if dep in path else [name, dep]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep, [*path, dep])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])


def test_each_layer_imports_only_from_below() -> None:
    wrong = [
        f"{name} imports {dep}"
        for layer, allowed in ALLOWED.items()
        for name, deps in GRAPH.items()
        if _in(name, layer)
        for dep in deps
        if not _in(dep, layer) and dep not in allowed and not any(_in(dep, a) for a in allowed)
    ]
    assert wrong == []


def test_the_data_layer_imports_nothing_of_the_claims_layer() -> None:
    data = {n: deps for n, deps in GRAPH.items() if _in(n, "tradecheck.series")}
    assert len(data) >= 8  # bundle, bundled, cache, cached, census, source, sources, ...
    assert {d for deps in data.values() for d in deps if _in(d, "tradecheck.claims")} == set()


def test_the_garbage_collector_is_paused_for_the_verify_pipeline_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, census: FakeCensus
) -> None:
    """The real entry point, in this process: the collector is on while `verify --fetch`
    talks to the (fake) API and while `lint` runs, off while verify checks claims, and on
    again after."""
    import gc

    from tradecheck import __main__, check, engine
    from tradecheck.series import client

    seen: dict[str, list[bool]] = {"fetching": [], "checking": [], "loading": []}
    get, check_claim, prepare = client.CensusClient.get, check.Checker.check, engine.prepare

    def spy(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            seen[name].append(gc.isenabled())
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(client.CensusClient, "get", spy("fetching", get))
    monkeypatch.setattr(check.Checker, "check", spy("checking", check_claim))
    monkeypatch.setattr(engine, "prepare", spy("loading", prepare))
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        korus = str(Path(__file__).resolve().parent.parent / "claims" / "korus-2018.yaml")
        monkeypatch.setattr(sys, "argv", ["tradecheck", "verify", "--fetch", "-f", "json", korus])
        with pytest.raises(SystemExit):
            __main__.main()
        assert seen["fetching"] and set(seen["fetching"]) == {True}
        assert seen["checking"] and set(seen["checking"]) == {False}
        assert gc.isenabled()
        seen["loading"].clear()
        monkeypatch.setattr(sys, "argv", ["tradecheck", "lint", korus])
        with pytest.raises(SystemExit):
            __main__.main()
        assert seen["loading"] == [True]
    finally:
        for signum, handler in handlers.items():  # main() installed its own
            signal.signal(signum, handler)
