"""Fixtures shared by the test suite: the local outlet replicas and ../shared."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from monitor.config import Config
from monitor.dates import LOCAL_TZ
from monitor.replica.server import RunningReplica, serve
from monitor.replica.site import Site, build_site

from replica_support import replica_config


@pytest.fixture
def now() -> datetime:
    return datetime.now(LOCAL_TZ)


@pytest.fixture
def site(now: datetime) -> Site:
    return build_site(now)


@pytest.fixture
def replica(site: Site) -> Iterator[RunningReplica]:
    with serve(site) as running:
        yield running


@pytest.fixture
def config(tmp_path: Path, replica: RunningReplica) -> Config:
    return replica_config(tmp_path, replica)
