"""Helpers for tests that crawl the local replicas or read ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import Config, load_config
from monitor.replica.server import RunningReplica

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Crawls in tests: no politeness delays against our own 127.0.0.1 servers.
FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "MONITOR_RETRY_BACKOFF_BASE": 0.05}


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip saying it is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared not present ({path}): this test needs the project's shared data")
    return path


def replica_config(tmp_path: Path, replica: RunningReplica, extra: str = "",
                   base_urls: dict[str, str] | None = None) -> Config:
    """A config file pointing every outlet at the running replica."""
    path = tmp_path / "monitor.toml"
    path.write_text(replica.config_toml(base_urls) + "\n" + extra, "utf-8")
    return load_config(path, tmp_path / "store.db")
