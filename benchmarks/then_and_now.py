"""Issue 21's speed target: 10,000 dated claims (then and now, windows) against the run before.

    python benchmarks/then_and_now.py [--before 6a8e75f] [--count 10000] [--runs 3]

The run before issue 21 is commit `--before` (its source and bundled data, taken with `git
archive` into a temporary directory), on the same generated claims without their `date:`
lines (it does not know them); the run after is this checkout on the claims with their dates
(`benchmarks/make_claims.py`: each claim dated one to four years after its period, so almost
every claim is also judged on the data of its day). `verify` (the table) and `verify --format
json` (with the window grids) are run in turns, before and after, `--runs` times each; every
figure is the median. Wall and CPU time (user + system, workers included) and peak RSS come
from the kernel's accounting of each process (os.wait4). Writes benchmarks/then-and-now.md;
the target (at most 1.5 times) is checked here, never in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
TARGET = 1.5


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one process, its output thrown away."""
    start = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        process = subprocess.Popen(command, stdout=devnull, stderr=devnull, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="6a8e75f", help="the commit before issue 21")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    WORK.mkdir(exist_ok=True)
    dated = WORK / f"dated-{args.count}.yaml"
    subprocess.run(
        [sys.executable, str(HERE / "make_claims.py"), str(args.count), str(dated)], check=True
    )
    undated = WORK / f"undated-{args.count}.yaml"
    undated.write_text(
        "".join(
            line for line in dated.read_text().splitlines(True) if not line.startswith("    date: ")
        )
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as before_dir:
        archive = subprocess.run(
            ["git", "archive", args.before, "src"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", before_dir], input=archive, check=True)
        runs = {
            ("before", "table"): ([], Path(before_dir) / "src", undated, []),
            ("after", "table"): ([], ROOT / "src", dated, []),
            ("before", "json"): ([], Path(before_dir) / "src", undated, ["--format", "json"]),
            ("after", "json"): ([], ROOT / "src", dated, ["--format", "json"]),
        }
        for round_ in range(args.runs + 1):  # the first round warms up (bytecode, disk cache)
            for (when, output), (figures, source, claims, options) in runs.items():
                command = [sys.executable, "-m", "tradecheck", "verify", *options, str(claims)]
                figure = _run(command, {**env, "PYTHONPATH": str(source)})
                if round_:
                    figures.append(figure)
                print(f"{when:6} {output:5} {figure[0]:6.2f} s", file=sys.stderr)

    def median(when: str, output: str, index: int) -> float:
        return statistics.median(f[index] for f in runs[(when, output)][0])

    lines = [
        "# Then and now: 10,000 dated claims against the run before issue 21",
        "",
        f"Measured {dt.date.today()} by `python benchmarks/then_and_now.py --count {args.count} "
        f"--runs {args.runs}` on {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; before: commit "
        f"{args.before} on the claims without `date:`; after: this checkout on the dated claims. "
        "Medians; CPU includes the workers.",
        "",
        "| output | before wall | after wall | ratio (target at most 1.5) | before CPU | after CPU "
        "| before peak RSS | after peak RSS |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for output in ("table", "json"):
        before, after = median("before", output, 0), median("after", output, 0)
        ratio = after / before
        lines.append(
            f"| {output} | {before:.2f} s | {after:.2f} s | {ratio:.2f} "
            f"{'met' if ratio <= TARGET else 'not met'} | {median('before', output, 1):.2f} s "
            f"| {median('after', output, 1):.2f} s | {median('before', output, 2):.0f} MiB "
            f"| {median('after', output, 2):.0f} MiB |"
        )
    text = "\n".join(lines) + "\n"
    (HERE / "then-and-now.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
