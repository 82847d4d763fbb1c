"""Measure tradecheck against its floors and against a pandas workflow; write results.md.

    python benchmarks/run.py [--runs 9] [--sizes 1000,10000,100000]

Every figure is the median of `--runs` fresh processes after one warm-up run, all with this
interpreter. Wall time is measured around each process; CPU time and peak RSS come from the
kernel's accounting of that child (os.wait4), started by a minimal shim so that the child's
peak RSS does not include this process's. Generated claims files go to benchmarks/.work/.
Targets are checked here and written down, never asserted in tests (machines are noisy).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
PY = sys.executable
# The installed console script, as users run it (else the module).
_SCRIPT = Path(PY).parent / "tradecheck"
TRADECHECK = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "tradecheck"]
KORUS = "claims/korus-2018.yaml"
SHARED = ROOT.parent / "shared" / "data" / "census"
# The warm-up run is what leaves compiled bytecode (.pyc) behind, as the first run on any
# user's machine does (and as `pip install` of a wheel does at install time). An environment
# that sets PYTHONDONTWRITEBYTECODE would make every measured run compile tradecheck's source
# again, while the libraries it is compared with were compiled at install; children run
# without it.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Figure:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    rss_mb: float  # peak resident set, MiB


# A child's peak RSS (ru_maxrss) starts from its parent's size at fork, so each command is
# started by this small shim (python -S, about 9 MiB) rather than by this larger process.
SHIM = """
import os, sys, time
devnull = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=devnull)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def once(command: list[str]) -> Figure:
    result = subprocess.run(
        [PY, "-S", "-c", SHIM, *command],
        cwd=ROOT,
        env=CHILD_ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu, rss_kb, code = result.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
    return Figure(float(wall), float(cpu), int(rss_kb) / 1024)


def median(figures: list[Figure]) -> Figure:
    return Figure(
        statistics.median(f.wall for f in figures),
        statistics.median(f.cpu for f in figures),
        statistics.median(f.rss_mb for f in figures),
    )


def measure(command: list[str], runs: int, label: str) -> Figure:
    print(f"  {label} ...", end="", flush=True)
    once(command)  # warm-up: file cache, .pyc files
    result = median([once(command) for _ in range(runs)])
    print(f" {result.wall * 1000:.0f} ms, {result.rss_mb:.0f} MiB")
    return result


def measure_together(commands: dict[str, list[str]], runs: int) -> dict[str, Figure]:
    """Like `measure` for each command, but run in turns (a, b, c, a, b, c, ...).

    Start-up figures are compared as ratios; taking them in turns means a slow spell of the
    machine (other load, frequency changes) falls on every command alike, not on one block.
    """
    for command in commands.values():
        once(command)  # warm-up: file cache, .pyc files
    figures: dict[str, list[Figure]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            figures[label].append(once(command))
    results = {label: median(f) for label, f in figures.items()}
    for label, result in results.items():
        print(f"  {label}: {result.wall * 1000:.0f} ms, {result.rss_mb:.0f} MiB")
    return results


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {packages()}"
    )


def packages() -> str:
    """Versions of what start-up time depends on (typer 0.2x validates options with pydantic)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("typer", "rich", "pydantic", "pydantic-core", "PyYAML", "pandas"):
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{name} {version(name)}")
    return ", ".join(found)


def claims_file(count: int) -> Path:
    path = WORK / f"claims-{count}.yaml"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        from make_claims import make

        WORK.mkdir(exist_ok=True)
        path.write_text(make(count))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    runs = args.runs
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"tradecheck benchmarks, {runs} runs each after a warm-up")

    print("start-up (commands in turns)")
    start = measure_together(
        {
            "python -c pass": [PY, "-c", "pass"],
            "import floor (benchmarks/floor.py)": [PY, str(HERE / "floor.py")],
            f"tradecheck verify {KORUS}": [*TRADECHECK, "verify", KORUS],
            "tradecheck --help": [*TRADECHECK, "--help"],
        },
        runs,
    )
    python, floor, verify, helps = start.values()
    pandas: Figure | None = None
    try:
        import pandas

        have_pandas = (SHARED / "country").is_dir()
    except ImportError:
        have_pandas = False
    if have_pandas:
        pandas = measure([PY, str(HERE / "pandas_korus.py")], runs, "pandas workflow")

    print("scale")
    scale: list[tuple[int, Figure, Figure, Figure]] = []
    for count in sizes:
        path = claims_file(count)
        ours = measure(
            [*TRADECHECK, "verify", "--format", "json", str(path)], runs, f"verify {count:,}"
        )
        load = f"yaml.load(open({str(path)!r}), Loader=yaml.CSafeLoader)"
        parse = measure([PY, "-c", f"import yaml; {load}"], runs, f"parse floor {count:,}")
        # Not a target: the same load with the collector paused, as tradecheck runs, to show
        # how much of verify's time is its own work rather than YAML's.
        paused = measure(
            [PY, "-c", f"import gc, yaml; gc.disable(); {load}"],
            runs,
            f"parse, GC paused {count:,}",
        )
        scale.append((count, ours, parse, paused))

    write_results(runs, python, floor, verify, helps, pandas, scale)


def ok(condition: bool) -> str:
    return "met" if condition else "**not met**"


def write_results(
    runs: int,
    python: Figure,
    floor: Figure,
    verify: Figure,
    helps: Figure,
    pandas: Figure | None,
    scale: list[tuple[int, Figure, Figure, Figure]],
) -> None:
    ms = lambda f: f"{f.wall * 1000:.0f} ms"  # noqa: E731
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.date.today().isoformat()} by `python benchmarks/run.py --runs {runs}` on "
        f"{machine()}. Each figure is the median of {runs} fresh processes after one warm-up.",
        "",
        "## Start-up",
        "",
        "| command | wall | CPU | peak RSS | vs import floor | target | |",
        "|---|---|---|---|---|---|---|",
        f"| `python -c pass` | {ms(python)} | {python.cpu * 1000:.0f} ms | "
        f"{python.rss_mb:.0f} MiB | {python.wall / floor.wall:.2f} | | |",
        f"| import floor (`benchmarks/floor.py`) | {ms(floor)} | {floor.cpu * 1000:.0f} ms | "
        f"{floor.rss_mb:.0f} MiB | 1.00 | | |",
        f"| `tradecheck verify {KORUS}` | {ms(verify)} | {verify.cpu * 1000:.0f} ms | "
        f"{verify.rss_mb:.0f} MiB | {verify.wall / floor.wall:.2f} | at most 1.3 | "
        f"{ok(verify.wall <= 1.3 * floor.wall)} |",
        f"| `tradecheck --help` | {ms(helps)} | {helps.cpu * 1000:.0f} ms | "
        f"{helps.rss_mb:.0f} MiB | {helps.wall / floor.wall:.2f} | at most 0.8 | "
        f"{ok(helps.wall <= 0.8 * floor.wall)} |",
    ]
    if pandas is not None:
        lines += [
            f"| pandas workflow (`benchmarks/pandas_korus.py`) | {ms(pandas)} | "
            f"{pandas.cpu * 1000:.0f} ms | {pandas.rss_mb:.0f} MiB | "
            f"{pandas.wall / floor.wall:.2f} | | |",
            "",
            f"verify is {pandas.wall / verify.wall:.1f} times faster than the pandas workflow "
            f"(target: at least 5): {ok(pandas.wall >= 5 * verify.wall)}.",
        ]
    else:
        lines += ["", "pandas workflow not measured: pandas or ../shared is missing here."]
    lines += [
        "",
        "## Scale: `tradecheck verify --format json` on generated claims files",
        "",
        "Parse floor: only loading the same file with PyYAML's C loader "
        "(`yaml.load(..., Loader=yaml.CSafeLoader)`), as a fresh process.",
        "",
        "| claims | verify wall | CPU | peak RSS | claims/s | parse floor wall | peak RSS | "
        "time vs floor (target 1.5) | memory vs floor (target 2) | parse, GC paused |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for count, ours, parse, paused in scale:
        time_ratio = ours.wall / parse.wall
        memory_ratio = ours.rss_mb / parse.rss_mb
        judged = count >= 10_000
        lines.append(
            f"| {count:,} | {ours.wall:.2f} s | {ours.cpu:.2f} s | {ours.rss_mb:.0f} MiB | "
            f"{count / ours.wall:,.0f} | {parse.wall:.2f} s | {parse.rss_mb:.0f} MiB | "
            f"{time_ratio:.2f}{' ' + ok(time_ratio <= 1.5) if judged else ''} | "
            f"{memory_ratio:.2f}{' ' + ok(memory_ratio <= 2) if judged else ''} | "
            f"{paused.wall:.2f} s |"
        )
    if len(scale) >= 2:
        lines += ["", "Time per claim: the slope of wall time against claims between sizes.", ""]
        for (n0, a, *_), (n1, b, *_) in itertools.pairwise(scale):
            slope = (b.wall - a.wall) / (n1 - n0) * 1000
            lines.append(f"- {n0:,} to {n1:,} claims: {slope:.3f} ms per claim")
        lines += [
            "",
            "(Wall time divided by claims falls with size only because start-up, about 0.2 s, "
            "weighs less; the slopes are what stays flat.)",
        ]
    lines += [
        "",
        "Note: the parse floor runs with Python's cyclic garbage collector on, as a plain "
        "script would; tradecheck pauses it during a run (tradecheck/__main__.py, "
        "engine.paused_gc), which is why it can be faster than the floor at 100,000 claims. "
        "The YAML loading itself is the same C loader in both. The last column, not a "
        "target, is that load with the collector paused: the rest of verify's time is its "
        "own work (turning nodes into data, validation, look-ups, the report).",
    ]
    lines.append("")
    (HERE / "results.md").write_text("\n".join(lines))
    print(f"wrote {HERE / 'results.md'}")


if __name__ == "__main__":
    try:
        import tradecheck  # noqa: F401
    except ImportError:
        raise SystemExit("install tradecheck first: pip install -e '.[bench]'") from None
    main()
