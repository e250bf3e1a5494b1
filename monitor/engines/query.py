"""SearchQuery → engine query body, with the SQLite store's semantics
(monitor/store/sqlite_search.py; filter rules in monitor/search.py):

- every query word must match the title or the text, under its Russian key,
  its Kazakh key or as written, in the analysis of the document's language
  (Kazakh documents are looked up in the `.kk` sub-fields);
- source, language and dates filter articles; dates compare instants (UTC);
- akim, region, role and main_subject select articles having such a mention
  (a nested query, as SQLite's EXISTS), and then `sentiment` is the tone
  toward that person; otherwise it is the article's tone;
- by_akim / by_sentiment count the matching mentions of matching articles.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from monitor import textnorm
from monitor.search import SearchQuery

FACET_AKIMS = 20  # as many as SQLite's LIMIT 20
ANALYZERS = ("ru_text", "kk_text", "plain_text")


def word_clause(word: str) -> dict[str, Any]:
    """One query word, matched in the fields that suit the document's language.

    SQLite looks the word up under its Russian key, its Kazakh key and as
    written, among the document's stems: so do we, with the three search
    analyzers. The `.plain` fields add the word as written among the words as
    written, which only matters for Russian stop words (absent from the
    stemmed field, yet required by SQLite)."""
    not_kk = {"bool": {"must_not": [{"term": {"language": "kk"}}]}}
    return {"bool": {"should": [
        _language_branch(word, ("title", "text"), ("title.plain", "text.plain"), not_kk),
        _language_branch(word, ("title.kk", "text.kk"), (), {"term": {"language": "kk"}}),
    ], "minimum_should_match": 1}}


def _language_branch(word: str, fields: tuple[str, ...], plain: tuple[str, ...],
                     language: dict[str, Any]) -> dict[str, Any]:
    matches = [_phrase(field, word, analyzer) for field in fields for analyzer in ANALYZERS]
    # As textnorm.query_keys: a nominative surname is also looked up under its
    # other cases' Russian key (Snowball stems them apart).
    matches += [_phrase(field, v, "ru_text") for field in fields for v in textnorm.query_variants(word)[1:]]
    matches += [_phrase(field, word, "plain_text") for field in plain]
    return {"bool": {"filter": [language], "should": matches, "minimum_should_match": 1}}


def _phrase(field: str, word: str, analyzer: str) -> dict[str, Any]:
    # match_phrase: a hyphenated word is one FTS5 phrase in SQLite too.
    return {"match_phrase": {field: {"query": word, "analyzer": analyzer}}}


def mention_filter(q: SearchQuery) -> dict[str, Any]:
    """The filter on one nested mention (field names relative to the article)."""
    parts: list[dict[str, Any]] = []
    if q.akim:
        parts.append({"bool": {"should": [
            {"term": {"mentions.akim_id": q.akim}},
            {"wildcard": {"mentions.name.lower": {"value": f"*{_escape_wildcard(q.akim.lower())}*"}}},
        ], "minimum_should_match": 1}})
    if q.region:
        parts.append({"term": {"mentions.region.lower": q.region.lower()}})
    if q.role:
        parts.append({"term": {"mentions.role": q.role}})
    if q.main_subject:
        parts.append({"term": {"mentions.main_subject": True}})
    if q.sentiment:
        parts.append({"term": {"mentions.sentiment.label": q.sentiment}})
    return {"bool": {"filter": parts}}


def _escape_wildcard(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def article_filters(q: SearchQuery) -> list[dict[str, Any]]:
    words = textnorm.tokens(q.text)
    filters: list[dict[str, Any]] = [word_clause(w) for w in words]
    if q.text.strip() and not words:
        filters.append({"match_none": {}})  # punctuation only: no word to find, as in SQLite
    for field, value in (("source", q.source), ("language", q.language)):
        if value:
            filters.append({"term": {field: value}})
    if q.since or q.until:
        bounds = {"gte": _utc(q.since)} if q.since else {}
        if q.until:
            bounds["lt"] = _utc(q.until)
        filters.append({"range": {"published_at": bounds}})
    if q.mention_filters:
        filters.append({"nested": {"path": "mentions", "query": mention_filter(q)}})
    elif q.sentiment:
        filters.append({"term": {"sentiment.label": q.sentiment}})
    return filters


def facet_aggs(q: SearchQuery) -> dict[str, Any]:
    matching = mention_filter(q) if q.mention_filters else {"match_all": {}}
    return {"mentions": {"nested": {"path": "mentions"}, "aggs": {"matching": {
        "filter": matching,
        "aggs": {
            "by_akim": {"terms": {"field": "mentions.akim_key", "size": FACET_AKIMS}},
            "by_sentiment": {"terms": {"field": "mentions.sentiment.label", "size": 10}},
        },
    }}}}


def search_body(q: SearchQuery) -> dict[str, Any]:
    return {
        "query": {"bool": {"filter": article_filters(q)}},
        "sort": [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": {"order": "asc"}}],
        "from": q.offset,
        "size": q.limit,
        "track_total_hits": True,
        "aggs": facet_aggs(q),
    }
