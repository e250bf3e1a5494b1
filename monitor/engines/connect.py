"""Choose the client adapter by the configured engine kind."""

from __future__ import annotations

from collections.abc import Callable

from monitor.engines import es, opensearch
from monitor.engines.client import EngineClient
from monitor.engines.settings import EngineConfig

ADAPTERS: dict[str, Callable[[EngineConfig], EngineClient]] = {
    "elasticsearch": es.connect,
    "opensearch": opensearch.connect,
}


def open_engine(cfg: EngineConfig) -> EngineClient:
    return ADAPTERS[cfg.kind](cfg)
