"""The CLI prints, byte for byte, the golden outputs recorded by tests/golden.py.

They were recorded before the core was restructured into operations, data sources and
renderers; any change to a verdict table, a JSON or JUnit report, an explanation or a series
listing shows here. Regenerate only for an intended change: python tests/golden.py --update
"""

from __future__ import annotations

import difflib

import pytest

from golden import OUT, RUNS, index_text, outputs


@pytest.mark.parametrize("run", RUNS)
def test_outputs_are_byte_identical_to_the_recorded_ones(run: str) -> None:
    texts, index = outputs(run)
    folder = OUT / run
    recorded = {p.name for p in folder.iterdir()} - {"index.json"}
    assert recorded == set(texts), "recorded and produced outputs differ in name"
    assert (folder / "index.json").read_text() == index_text(index)
    for name, text in texts.items():
        expected = (folder / name).read_text()
        if text != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"recorded/{run}/{name}",
                    f"now/{run}/{name}",
                )
            )
            pytest.fail(f"{run}/{name} differs from its recorded output:\n{diff[:4000]}")
