"""engine_search: a SearchQuery answered by Elasticsearch or OpenSearch.

One query for the page of articles and the facets, then one each for the
hits' mentions and reprints (the SQLite store gives the same extras).
"""

from __future__ import annotations

from typing import Any

from monitor.config import Config
from monitor.engines import query, results
from monitor.engines.client import EngineClient
from monitor.engines.connect import open_engine
from monitor.engines.settings import EngineConfig, require_engine
from monitor.search import SearchQuery, SearchResult

EXTRAS_LIMIT = 10_000


def engine_search(config: Config, q: SearchQuery) -> SearchResult:
    """What `monitor search --engine` calls."""
    cfg = require_engine(config)
    client = open_engine(cfg)
    try:
        return search(client, cfg, q)
    finally:
        client.close()


def search(client: EngineClient, cfg: EngineConfig, q: SearchQuery) -> SearchResult:
    response = client.search(cfg.alias("articles"), query.search_body(q))
    sources = [h["_source"] for h in response["hits"]["hits"]]
    mentions = _mentions_by_article(client, cfg, [s["id"] for s in sources])
    reprints = _reprints(client, cfg, sources)
    hits = [results.hit(s, q, mentions.get(s["id"], []), reprints.get(s["id"], [])) for s in sources]
    return results.result(response, hits)


def _mentions_by_article(client: EngineClient, cfg: EngineConfig, ids: list[str]) -> dict[str, list[dict]]:
    if not ids:
        return {}
    body = {"query": {"terms": {"article_id": ids}}, "size": EXTRAS_LIMIT,
            "sort": [{"count": "desc"}, {"id": "asc"}]}
    out: dict[str, list[dict[str, Any]]] = {}
    for h in client.search(cfg.alias("mentions"), body)["hits"]["hits"]:
        out.setdefault(h["_source"]["article_id"], []).append(results.mention_from_doc(h["_source"]))
    return out


def _reprints(client: EngineClient, cfg: EngineConfig, sources: list[dict[str, Any]]) -> dict[str, list[dict]]:
    """Other articles of each hit's reprint group (same root), as SQLite lists them."""
    roots = {s["id"]: s.get("duplicate_of") or s["id"] for s in sources}
    if not roots:
        return {}
    group_ids = sorted(set(roots.values()))
    body = {"query": {"bool": {"should": [{"terms": {"id": group_ids}}, {"terms": {"duplicate_of": group_ids}}],
                               "minimum_should_match": 1}},
            "size": EXTRAS_LIMIT, "_source": ["id", "source", "url", "duplicate_of"]}
    groups: dict[str, list[dict[str, str]]] = {}
    for h in client.search(cfg.alias("articles"), body)["hits"]["hits"]:
        doc = h["_source"]
        groups.setdefault(doc.get("duplicate_of") or doc["id"], []).append(
            {"id": doc["id"], "source": doc["source"], "url": doc["url"]})
    return {aid: [r for r in groups.get(root, []) if r["id"] != aid] for aid, root in roots.items()}
