"""Every test runs with its own empty Census API cache and config directory and no key, so a
developer's own cache or key never changes a result."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADECHECK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CENSUS_API_KEY", raising=False)
    monkeypatch.delenv("TRADECHECK_CENSUS_URL", raising=False)
    monkeypatch.delenv("TRADECHECK_CENSUS_TIMEOUT", raising=False)
