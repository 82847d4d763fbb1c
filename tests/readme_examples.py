"""Run the ```console examples of the README and docs/ and compare (or, with --update, rewrite) their output.

Each `$ tradecheck ...` line is run with the real CLI, in order, in a scratch directory holding
a copy of claims/ and tests/bad_claims/, with the fake Census server standing in for the API
(the README says so where it matters). `VAR=value` before the command sets an environment
variable for that command. A line `...` in an expected output ends the comparison there (for
long outputs such as the schema).

    python tests/readme_examples.py --update   # after changing a command's output
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = ROOT / "README.md"
# Every page whose ```console examples are run: the README and docs/.
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
ENV = {"COLUMNS": "110", "NO_COLOR": "1", "TERM": "dumb"}


@dataclass
class Example:
    command: str
    expected: str


def examples(text: str) -> list[Example]:
    found = []
    for block in BLOCK.finditer(text):
        current: Example | None = None
        for line in block[1].splitlines(keepends=True):
            if line.startswith("$ "):
                current = Example(line[2:].strip(), "")
                found.append(current)
            elif current is not None:
                current.expected += line
    return found


def matches(expected: str, actual: str) -> bool:
    if "\n...\n" in "\n" + expected:
        head = expected.split("...\n", 1)[0]
        return actual.startswith(head)
    return actual == expected


@contextmanager
def scratch() -> Iterator[Path]:
    """A scratch directory with claims/ and tests/bad_claims/, the fake API and no user dirs."""
    sys.path.insert(0, str(HERE))
    from fake_census import Server
    from tradecheck.series import client

    saved = dict(os.environ)
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp, Server() as fake:
        work = Path(tmp)
        shutil.copytree(ROOT / "claims", work / "claims")
        shutil.copytree(HERE / "bad_claims", work / "tests" / "bad_claims")
        os.environ.update(
            TRADECHECK_CACHE_DIR=".cache",  # relative to the scratch directory
            TRADECHECK_CONFIG_DIR=str(work / ".config"),
            TRADECHECK_CENSUS_URL=fake.url,
            CENSUS_API_KEY=fake.key,
        )
        backoff = client.BACKOFF
        os.chdir(work)
        try:
            yield work
        finally:
            os.chdir(cwd)
            client.BACKOFF = backoff
            os.environ.clear()
            os.environ.update(saved)


def run(example: Example) -> str:
    from typer.testing import CliRunner

    from tradecheck.cli import app

    words = shlex.split(example.command)
    env = dict(ENV)
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    assert words[0] == "tradecheck", example.command
    result = CliRunner(env=env).invoke(app, words[1:])
    # Trailing spaces (rich pads table rows) are dropped: editors strip them from the README.
    return "".join(line.rstrip() + "\n" for line in (result.stdout + result.stderr).splitlines())


def update() -> None:
    with scratch():
        for page in PAGES:
            _update(page)


def _update(page: Path) -> None:
    text = page.read_text()
    ordered = examples(text)
    outputs = [run(e) for e in ordered]
    out = []
    position = 0
    index = 0
    for block in BLOCK.finditer(text):
        out.append(text[position : block.start(1)])
        body = []
        for line in block[1].splitlines(keepends=True):
            if line.startswith("$ "):
                example, actual = ordered[index], outputs[index]
                index += 1
                body.append(line)
                if "\n...\n" in "\n" + example.expected:
                    head = example.expected.split("...\n", 1)[0]
                    keep = head.count("\n") or 12
                    body.append("".join(actual.splitlines(keepends=True)[:keep]) + "...\n")
                else:
                    body.append(actual)
        out.append("".join(body))
        position = block.end(1)
    out.append(text[position:])
    page.write_text("".join(out))


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/readme_examples.py --update")
    update()
