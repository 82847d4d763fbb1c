"""cli/settings.py: the environment variables, read by the CLI and passed to the core."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tradecheck.cli import settings
from tradecheck.paths import user_cache_dir


@pytest.mark.parametrize(
    ("platform", "local", "xdg", "expected"),
    [
        ("linux", None, None, "home/.cache/tradecheck"),
        ("linux", "local", "xdg", "xdg/tradecheck"),
        ("darwin", "local", "xdg", "home/Library/Caches/tradecheck"),
        ("win32", None, "xdg", "home/AppData/Local/tradecheck/Cache"),
        ("win32", "local", "xdg", "local/tradecheck/Cache"),
    ],
)
def test_the_user_cache_dir_of_each_platform(
    monkeypatch: pytest.MonkeyPatch,
    platform: str,
    local: str | None,
    xdg: str | None,
    expected: str,
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    found = user_cache_dir(
        Path("home"),
        local_app_data=Path(local) if local else None,
        xdg_cache_home=Path(xdg) if xdg else None,
    )
    assert found == Path(expected)


def test_the_cache_dir_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TRADECHECK_CACHE_DIR", str(tmp_path / "override"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert settings.cache_dir() == tmp_path / "override"
    monkeypatch.setenv("TRADECHECK_CACHE_DIR", "")  # empty is unset
    assert settings.cache_dir() == tmp_path / "xdg" / "tradecheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert settings.cache_dir() == tmp_path / ".cache" / "tradecheck"


def test_the_config_dir_and_the_key_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer

    from tradecheck.keys import find_key

    monkeypatch.setenv("TRADECHECK_CONFIG_DIR", str(tmp_path / "config"))
    assert settings.key_file() == tmp_path / "config" / "census-api-key"
    monkeypatch.setenv("TRADECHECK_CONFIG_DIR", "")  # empty is unset
    assert settings.config_dir() == Path(typer.get_app_dir("tradecheck"))
    assert settings.census_key() is None
    assert find_key(settings.census_key(), tmp_path / "no-such-file") is None
    monkeypatch.setenv("CENSUS_API_KEY", " abc123 ")
    assert find_key(settings.census_key(), tmp_path / "no-such-file") == (
        "abc123",
        "the CENSUS_API_KEY environment variable",
    )


def test_the_census_url_and_timeout_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unset, the client's defaults; set, passed on as given (bad values: test_user_traps.py)."""
    from tradecheck.series.api import DEFAULT_BASE_URL
    from tradecheck.series.client import DEFAULT_TIMEOUT

    assert (settings.census_url(), settings.census_timeout()) == (DEFAULT_BASE_URL, DEFAULT_TIMEOUT)
    monkeypatch.setenv("TRADECHECK_CENSUS_URL", " http://127.0.0.1:8080/x ")
    monkeypatch.setenv("TRADECHECK_CENSUS_TIMEOUT", " 2.5 ")
    assert (settings.census_url(), settings.census_timeout()) == ("http://127.0.0.1:8080/x", 2.5)
