"""The rating's figures from Elasticsearch/OpenSearch aggregations, with SQLite's definitions.

Two aggregations per period and grouping:
- over the mentions index: mentions, negative, positive, main subject,
  outlets (a terms count: exact) and, for people, the name, registry id,
  region and position, each the greatest value as SQLite's max();
- over the articles index, whose documents carry duplicate_of and their
  mentions nested: stories, the distinct roots (duplicate_of, else the id)
  of the articles with a matching mention. That count is a cardinality
  aggregation: exact in practice below its precision threshold (40,000
  stories per person or region), approximate (HyperLogLog++) above it.

Filters match as in compute.mention_conditions: regions in any case, akims
by registry id or part of the name, levels, roles, outlets, languages.
"""

from __future__ import annotations

from typing import Any

from monitor.config import Config
from monitor.engines.client import EngineClient
from monitor.engines.connect import open_engine
from monitor.engines.query import _escape_wildcard
from monitor.engines.settings import EngineConfig, require_engine
from monitor.rating.compute import GROUPINGS, Figures, Group, GroupBy, Rating, RatingFilters, assemble
from monitor.rating.period import Period

MAX_GROUPS = 10_000  # people or regions in one period; far more than the registry holds
PRECISION = 40_000  # the largest precision_threshold both engines accept
ROOT_SCRIPT = "doc['duplicate_of'].size() > 0 ? doc['duplicate_of'].value : doc['id'].value"
_KEYS = {"akim": "akim_key", "region": "region"}


def engine_rating(config: Config, period: Period, filters: RatingFilters = RatingFilters()) -> Rating:
    """What `monitor report --engine` calls."""
    cfg = require_engine(config)
    client = open_engine(cfg)
    try:
        return rating(client, cfg, period, filters)
    finally:
        client.close()


def rating(client: EngineClient, cfg: EngineConfig, period: Period, filters: RatingFilters = RatingFilters()) -> Rating:
    return assemble(lambda p, f: {by: engine_groups(client, cfg, p, f, by) for by in GROUPINGS}, period, filters)


def engine_groups(client: EngineClient, cfg: EngineConfig, period: Period, filters: RatingFilters,
                  by: GroupBy) -> dict[str, Group]:
    groups = _mention_figures(client, cfg, period, filters, by)
    for key, stories in _stories(client, cfg, period, filters, by).items():
        if key in groups:
            groups[key].figures.stories = stories
    return groups


def _person_filters(filters: RatingFilters, prefix: str) -> list[dict[str, Any]]:
    """Conditions on the person fields (`person.` in mention documents, `mentions.` nested in articles)."""
    out: list[dict[str, Any]] = []
    if filters.regions:
        out.append({"terms": {f"{prefix}region.lower": [r.lower() for r in filters.regions]}})
    if filters.akims:
        out.append({"bool": {"minimum_should_match": 1, "should": [
            clause for akim in filters.akims for clause in (
                {"term": {f"{prefix}akim_id": akim}},
                {"wildcard": {f"{prefix}name.lower": {"value": f"*{_escape_wildcard(akim.lower())}*"}}},
            )]}})
    for name, values in (("level", filters.levels), ("role", filters.roles)):
        if values:
            out.append({"terms": {f"{prefix}{name}": list(values)}})
    return out


def _document_filters(period: Period, filters: RatingFilters) -> list[dict[str, Any]]:
    since, until = period.bounds_utc()
    out: list[dict[str, Any]] = [{"range": {"published_at": {
        "gte": since.isoformat(timespec="seconds"), "lt": until.isoformat(timespec="seconds")}}}]
    for name, values in (("source", filters.outlets), ("language", filters.languages)):
        if values:
            out.append({"terms": {name: list(values)}})
    return out


def _greatest(field: str) -> dict[str, Any]:
    return {"terms": {"field": field, "size": 1, "order": {"_key": "desc"}}}


def _mention_figures(client: EngineClient, cfg: EngineConfig, period: Period, filters: RatingFilters,
                     by: GroupBy) -> dict[str, Group]:
    figures = {
        "negative": {"filter": {"term": {"sentiment.label": "negative"}}},
        "positive": {"filter": {"term": {"sentiment.label": "positive"}}},
        "main": {"filter": {"term": {"main_subject": True}}},
        "outlets": {"terms": {"field": "source", "size": 1000}},
    }
    if by == "akim":  # a region's or the total's row names no person (as compute.sqlite_groups)
        figures |= {"name": _greatest("person.name.keyword"), "akim_id": _greatest("person.akim_id"),
                    "region": _greatest("person.region"), "position": _greatest("person.position.keyword")}
    aggs = figures if by == "total" else {"groups": {
        "terms": {"field": f"person.{_KEYS[by]}", "size": MAX_GROUPS, "missing": ""}, "aggs": figures}}
    body = {"size": 0, "track_total_hits": True, "aggs": aggs, "query": {"bool": {
        "filter": _document_filters(period, filters) + _person_filters(filters, "person.")}}}
    response = client.search(cfg.alias("mentions"), body)
    if by == "total":
        count = response["hits"]["total"]["value"]
        buckets = [{"key": "", "doc_count": count, **response["aggregations"]}] if count else []
    else:
        buckets = response["aggregations"]["groups"]["buckets"]
    out = {}
    for b in buckets:
        top = lambda name: b[name]["buckets"][0]["key"] if name in b and b[name]["buckets"] else None  # noqa: E731
        out[str(b["key"])] = Group(
            Figures(mentions=b["doc_count"], negative=b["negative"]["doc_count"], positive=b["positive"]["doc_count"],
                    main=b["main"]["doc_count"], outlets=len(b["outlets"]["buckets"])),
            name=top("name") or "", akim_id=top("akim_id"), region=top("region"), position=top("position") or "")
    return out


def _stories(client: EngineClient, cfg: EngineConfig, period: Period, filters: RatingFilters,
             by: GroupBy) -> dict[str, int]:
    matching = {"bool": {"filter": _person_filters(filters, "mentions.")}}
    stories = {"back": {"reverse_nested": {}, "aggs": {"roots": {"cardinality": {
        "script": {"source": ROOT_SCRIPT, "lang": "painless"}, "precision_threshold": PRECISION}}}}}
    inner = stories if by == "total" else {"groups": {
        "terms": {"field": f"mentions.{_KEYS[by]}", "size": MAX_GROUPS, "missing": ""}, "aggs": stories}}
    body = {"size": 0, "query": {"bool": {"filter": [
        *_document_filters(period, filters), {"nested": {"path": "mentions", "query": matching}}]}},
        "aggs": {"mentions": {"nested": {"path": "mentions"}, "aggs": {"matching": {"filter": matching,
                                                                                   "aggs": inner}}}}}
    matched = client.search(cfg.alias("articles"), body)["aggregations"]["mentions"]["matching"]
    if by == "total":
        return {"": matched["back"]["roots"]["value"]}
    return {str(b["key"]): b["back"]["roots"]["value"] for b in matched["groups"]["buckets"]}
