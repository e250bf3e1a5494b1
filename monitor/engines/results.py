"""Engine responses → SearchResult, shaped like the SQLite store's answers."""

from __future__ import annotations

from typing import Any

from monitor.search import SearchHit, SearchQuery, SearchResult
from monitor.store.sqlite_search import snippet


def facets(response: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    matching = response.get("aggregations", {}).get("mentions", {}).get("matching", {})
    by_akim = {b["key"]: b["doc_count"] for b in matching.get("by_akim", {}).get("buckets", [])}
    by_sentiment = {b["key"]: b["doc_count"] for b in matching.get("by_sentiment", {}).get("buckets", [])}
    return by_akim, by_sentiment


def total(response: dict[str, Any]) -> int:
    value = response["hits"]["total"]
    return int(value["value"] if isinstance(value, dict) else value)


def mention_from_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """An engine mention document in the store's mention_dict shape."""
    out = dict(doc)
    out["person"] = {k: v for k, v in doc["person"].items() if k != "akim_key"}
    return out


def hit(source: dict[str, Any], q: SearchQuery, mentions: list[dict[str, Any]],
        reprints: list[dict[str, str]]) -> SearchHit:
    return SearchHit(
        id=source["id"], url=source["url"], source=source["source"], title=source["title"],
        published_at=source.get("published_at"), language=source["language"],
        sentiment=source["sentiment"], snippet=snippet(source.get("text") or "", q.text),
        duplicate_of=source.get("duplicate_of"), mentions=mentions, reprints=reprints,
    )


def result(response: dict[str, Any], hits: list[SearchHit]) -> SearchResult:
    by_akim, by_sentiment = facets(response)
    return SearchResult(total=total(response), hits=hits, by_akim=by_akim, by_sentiment=by_sentiment)
