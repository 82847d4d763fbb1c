"""`new` with options says what `lint` would warn about the claim it wrote."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tradecheck.cli import app


def test_new_warns_about_a_deficit_quote_on_a_signed_balance(tmp_path: Path) -> None:
    path = tmp_path / "n.yaml"
    args = ["new", str(path), "--title", "t", "--publisher", "p", "--date", "2026-11"]
    args += ["--quote", "The trade deficit was $918 billion in 2024", "--speaker", "s"]
    args += ["--partner", "world", "--flow", "balance", "--period", "2024"]
    args += ["--operation", "level", "--claimed", "$918 billion", "--scope", "goods-and-services"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert result.stdout == f"added claim balance-world-2024 to {path}\n"
    assert result.stderr == (
        f"tradecheck: warning: {path}:6:5: claims[0]: the quote says 'deficit' but the record "
        "has no stated_as, so the balance is compared signed (a deficit is negative); add "
        "stated_as: deficit to measure, or write the claimed value as 'a deficit of ...'\n"
    )
    lint = CliRunner().invoke(app, ["lint", str(path)])
    assert lint.stderr == result.stderr  # the same warning lint gives
