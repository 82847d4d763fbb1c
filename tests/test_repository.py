"""Ground rules of the repository: the README's commands and CI stay in step."""

from __future__ import annotations

import re

from cells import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert "tradecheck verify" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert readme_commands()[1] in ci


def test_wheel_data_is_small() -> None:
    size = sum(p.stat().st_size for p in (ROOT / "src" / "tradecheck" / "data").iterdir())
    assert size < 15 * 1024 * 1024


def test_readme_states_the_data_size_and_vintages() -> None:
    """The README's size of the bundled store is the size on disk (to 0.1 MB), and its count
    of vintages is the manifest's."""
    import json

    data = ROOT / "src" / "tradecheck" / "data"
    megabytes = (data / "census.sqlite").stat().st_size / 1_000_000
    vintages = len(
        [
            f
            for f in json.loads((data / "manifest.json").read_text())["files"]
            if f["dataset"] != "schedule-c"
        ]
    )
    words = {7: "seven", 10: "ten", 13: "thirteen"}
    stated = f"`src/tradecheck/data/census.sqlite`, {megabytes:.1f} MB for {words.get(vintages, vintages)} vintages"
    assert stated in " ".join((ROOT / "README.md").read_text().split())
    total = sum(p.stat().st_size for p in data.iterdir() if p.is_file()) / 1_000_000
    assert f"All bundled data together is {total:.1f} MB." in " ".join(
        (ROOT / "README.md").read_text().split()
    )
    assert total < 15  # the wheel's data stays under 15 MB


def test_every_command_and_format_is_in_the_readme() -> None:
    """The commands the CLI registers (not a list typed here) each have a synopsis line and
    an exit-code row; verify's formats are in its synopsis."""
    import typer

    from tradecheck.cli import OutputFormat, app

    text = (ROOT / "README.md").read_text()
    synopsis = text.split("## Use", 1)[1].split("```", 2)[1]
    exit_rows = text.split("Per command:", 1)[1].split("\n\n", 2)[1]
    group = typer.main.get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert len(names) >= 10
    for name in names:
        assert re.search(rf"^tradecheck {name}\b", synopsis, re.M), name
        assert re.search(rf"^\| `{name}\b", exit_rows, re.M), name
    verify_line = next(
        line for line in synopsis.splitlines() if line.startswith("tradecheck verify")
    )
    assert "|".join(f.value for f in OutputFormat) in verify_line
