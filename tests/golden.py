"""Golden outputs: what the CLI prints for every valid claims file in the repository.

Recorded before a restructuring of the core and compared after it (tests/test_golden.py), so
a refactor that changes one byte of any verdict table, JSON or JUnit report, explanation or
series listing fails. Two runs of every command:

- `bundled`: the bundled data only (no cache);
- `fetched`: after `tradecheck fetch --all` against the fake Census server (real HTTP on
  127.0.0.1, tests/fake_census.py), with the clock fixed at FIXED_NOW, so `fetched_at` and the
  fetch-date vintage are the same on every run.

The valid claims files are claims/*.yaml and tests/golden/claims/*.yaml (claims that take
every path of the engine). Outputs go to tests/golden/out/<run>/<name>; `index.json` there
holds each command and its exit code.

    python tests/golden.py --update   # record (only when an output is meant to change)
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "golden" / "out"
CLAIMS_DIRS = [ROOT / "claims", HERE / "golden" / "claims"]
FIXED_NOW = "2026-11-30T12:00:00Z"
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
RUNS = ("bundled", "fetched")
# Claims files the fetched run fetches without --all, as a user would (for what the bundle
# lacks): a rank's field of every country, and records' and streaks' look-backs to 1985, are
# hundreds to thousands of requests each (about three minutes of a run).
PLAIN_FETCH = {"ranks.yaml", "records-shares.yaml", "sums-streaks.yaml"}

# `series` listings: (name, arguments), each run in both runs.
SERIES = [
    ("series-korea-balance", 'series "South Korea" --flow balance --from 2010 --to 2016'),
    ("series-korea-vintages", "series KR --vintages --from 2014 --to 2016"),
    ("series-canada-autos", 'series Canada --flow imports --commodity "end-use 3" -f csv'),
    ("series-china-months", "series China --monthly --from 2023-01 --to 2023-06 -f json"),
    ("series-world-total", "series World --flow total --from 2017 --to 2019"),
]


def claims_files() -> list[Path]:
    return sorted(p for d in CLAIMS_DIRS for p in d.glob("*.yaml"))


def commands() -> list[tuple[str, str]]:
    """(output name, CLI arguments) of every recorded command, in the order run."""
    out: list[tuple[str, str]] = []
    for path in claims_files():
        rel = shlex.quote(str(path.relative_to(ROOT)))
        stem = path.stem
        out.append((f"{stem}.lint.txt", f"lint {rel}"))
        out.append((f"{stem}.verify.txt", f"verify {rel}"))
        out.append((f"{stem}.verify.json", f"verify --format json {rel}"))
        out.append((f"{stem}.verify.junit.xml", f"verify --format junit {rel}"))
        for claim_id in _ids(path):
            out.append((f"{stem}.explain.{claim_id}.txt", f"explain {claim_id} {rel}"))
            out.append(
                (f"{stem}.explain.{claim_id}.json", f"explain {claim_id} --format json {rel}")
            )
    out.extend((f"{name}.txt", args) for name, args in SERIES)
    return out


def _ids(path: Path) -> list[str]:
    import yaml

    return [c["id"] for c in yaml.safe_load(path.read_text())["claims"]]


@contextmanager
def environment(run: str) -> Iterator[None]:
    """The run's environment: an empty cache (filled by a fetch for `fetched`), no user dirs,
    the fake API, the clock fixed, the working directory at the repository root."""
    sys.path.insert(0, str(HERE))
    from fake_census import Server
    from tradecheck.series import cache, client

    saved_env = dict(os.environ)
    saved = (client.BACKOFF, cache.utc_now)
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp, Server() as fake:
        os.environ.update(
            TRADECHECK_CACHE_DIR=str(Path(tmp) / "cache"),
            TRADECHECK_CONFIG_DIR=str(Path(tmp) / "config"),
            TRADECHECK_CENSUS_URL=fake.url,
            CENSUS_API_KEY=fake.key,
        )
        client.BACKOFF = 0.01
        cache.utc_now = lambda: FIXED_NOW  # type: ignore[assignment]
        os.chdir(ROOT)
        try:
            if run == "fetched":
                for path in claims_files():
                    every = "" if path.name in PLAIN_FETCH else "--all "
                    code, _, err = invoke(f"fetch {every}{shlex.quote(str(path))}")
                    assert code == 0, err
            yield
        finally:
            os.chdir(cwd)
            client.BACKOFF, cache.utc_now = saved  # type: ignore[assignment]
            os.environ.clear()
            os.environ.update(saved_env)


def invoke(args: str) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from tradecheck.cli import app

    result = CliRunner(env=ENV).invoke(app, shlex.split(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def outputs(run: str) -> tuple[dict[str, str], dict[str, dict[str, object]]]:
    """Each command's stdout, and the index (command and exit code) of one run."""
    texts: dict[str, str] = {}
    index: dict[str, dict[str, object]] = {}
    with environment(run):
        for name, args in commands():
            code, stdout, _ = invoke(args)
            texts[name] = stdout
            index[name] = {"command": f"tradecheck {args}", "exit_code": code}
    return texts, index


def index_text(index: dict[str, dict[str, object]]) -> str:
    return json.dumps(index, indent=2, sort_keys=True) + "\n"


def update() -> None:
    for run in RUNS:
        texts, index = outputs(run)
        folder = OUT / run
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        for name, text in texts.items():
            (folder / name).write_text(text)
        (folder / "index.json").write_text(index_text(index))
        print(f"{folder.relative_to(ROOT)}: {len(texts)} outputs")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/golden.py --update")
    update()
