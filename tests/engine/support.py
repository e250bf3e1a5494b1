"""Helpers shared by the engine tests."""

from __future__ import annotations

from monitor.engines import search
from monitor.engines.client import EngineClient
from monitor.engines.settings import EngineConfig
from monitor.search import SearchQuery, SearchResult


def refresh(client: EngineClient, cfg: EngineConfig) -> None:
    client.refresh(f"{cfg.index_prefix}-*")


def engine_counts(client: EngineClient, cfg: EngineConfig) -> dict[str, int]:
    refresh(client, cfg)
    return {kind: client.count(cfg.alias(kind)) for kind in ("articles", "mentions")}


def comparable(result: SearchResult) -> dict:
    """What must be equal between SQLite and the engine for one query."""
    return {
        "total": result.total,
        "ids": [h.id for h in result.hits],
        "by_akim": result.by_akim,
        "by_sentiment": result.by_sentiment,
        "mentions": [sorted(m["id"] for m in h.mentions) for h in result.hits],
        "reprints": [sorted(r["id"] for r in h.reprints) for h in result.hits],
        "snippets": [h.snippet for h in result.hits],
        "published": [h.published_at for h in result.hits],
    }


def both(store, client: EngineClient, cfg: EngineConfig, q: SearchQuery) -> tuple[dict, dict]:
    return comparable(store.search(q)), comparable(search.search(client, cfg, q))
