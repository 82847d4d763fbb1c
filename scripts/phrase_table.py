"""Write the README's table of accepted claimed-value words (between the phrases markers) from
the word tables in tradecheck.quantity: `python scripts/phrase_table.py`."""

from __future__ import annotations

from pathlib import Path

from tradecheck.quantity import accepted_forms

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- phrases:start -->", "<!-- phrases:end -->"


def replaced(text: str) -> str:
    """`text` with its block between the markers made the generated table."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{accepted_forms()}{END}{tail}"


if __name__ == "__main__":
    README.write_text(replaced(README.read_text()))
