"""Every test runs with its own empty Census API cache and config directory and no key, so a
developer's own cache or key never changes a result."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fake_census import FakeCensus, Server


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADECHECK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CENSUS_API_KEY", raising=False)
    monkeypatch.delenv("TRADECHECK_CENSUS_URL", raising=False)
    monkeypatch.delenv("TRADECHECK_CENSUS_TIMEOUT", raising=False)


@pytest.fixture
def census(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCensus]:
    """The fake Census API on a free port of 127.0.0.1, with its key in CENSUS_API_KEY and
    retries that back off for milliseconds instead of seconds."""
    from tradecheck.series import client

    monkeypatch.setattr(client, "BACKOFF", 0.01)
    with Server() as fake:
        monkeypatch.setenv("TRADECHECK_CENSUS_URL", fake.url)
        monkeypatch.setenv("CENSUS_API_KEY", fake.key)
        yield fake
