"""Every ```console example in the README and docs/ is run and its output compared, so docs cannot drift.

Regenerate after an intended change: python tests/readme_examples.py --update
"""

from __future__ import annotations

import pytest

from readme_examples import PAGES, examples, matches, run, scratch

EXAMPLES = [e for page in PAGES for e in examples(page.read_text())]


def test_the_readme_has_an_example_of_every_command() -> None:
    commands = {e.command.split("tradecheck ", 1)[1].split()[0] for e in EXAMPLES}
    assert commands >= {
        "verify", "fetch", "explain", "lint", "schema", "new", "countries", "series", "key",
        "cache", "data",
    }  # fmt: skip


def test_readme_examples_match_their_output() -> None:
    with scratch():
        for example in EXAMPLES:
            actual = run(example)
            if not matches(example.expected, actual):
                pytest.fail(
                    f"README example `{example.command}` prints:\n{actual}\n"
                    f"but the README shows:\n{example.expected}\n"
                    "(regenerate with: python tests/readme_examples.py --update)"
                )
