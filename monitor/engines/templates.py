"""Index templates for `articles` and `mentions`, shared by every engine.

One source of truth for analysis and mappings. The analysis mirrors the SQLite
store's keyword search (monitor/textnorm.py) so both answer alike:
- `ru_text`: ё→е, lowercase, Russian stop words, Snowball Russian (the same
  algorithm textnorm uses), Snowball English for Latin-script words;
- `kk_text`: ё→е, lowercase, then textnorm's own Kazakh suffix stripper,
  rebuilt as three pattern_replace passes (no Kazakh stemmer ships with
  Elasticsearch or OpenSearch);
- `plain_text`: ё→е and lowercase only, to look up a word as written (a
  Russian stop word is required by SQLite's search, so it must stay findable).
Every facet (akim_id, name, role, region, level, source, language, sentiment
label) is a keyword field, so Kibana can split and filter on it; free text
carries a `.keyword` sub-field where a facet on it makes sense.
"""

from __future__ import annotations

from typing import Any

from monitor import textnorm

KINDS = ("articles", "mentions")


def kazakh_suffix_pattern() -> str:
    """textnorm.stem_kk as a Java regex: the shortest stem of at least
    _KK_MIN_STEM characters followed by a whole suffix (so the longest suffix)."""
    suffixes = "|".join(textnorm._KK_SUFFIXES)  # already longest first
    return f"^(.{{{textnorm._KK_MIN_STEM},}}?)(?:{suffixes})$"


def analysis() -> dict[str, Any]:
    kk_strip = {"type": "pattern_replace", "pattern": kazakh_suffix_pattern(), "replacement": "$1"}
    return {
        "char_filter": {"yo_to_e": {"type": "mapping", "mappings": ["ё=>е", "Ё=>Е"]}},
        "filter": {
            "ru_stop": {"type": "stop", "stopwords": "_russian_"},
            "ru_stem": {"type": "stemmer", "language": "russian"},
            "en_stem": {"type": "snowball", "language": "English"},
            # textnorm strips at most three suffixes, one per pass.
            "kk_strip_1": kk_strip, "kk_strip_2": kk_strip, "kk_strip_3": kk_strip,
        },
        "analyzer": {
            "ru_text": _analyzer(["lowercase", "ru_stop", "ru_stem", "en_stem"]),
            "kk_text": _analyzer(["lowercase", "kk_strip_1", "kk_strip_2", "kk_strip_3", "en_stem"]),
            "plain_text": _analyzer(["lowercase"]),
        },
        "normalizer": {"lower": {"type": "custom", "char_filter": ["yo_to_e"], "filter": ["lowercase"]}},
    }


def _analyzer(filters: list[str]) -> dict[str, Any]:
    return {"type": "custom", "char_filter": ["yo_to_e"], "tokenizer": "standard", "filter": filters}


KEYWORD = {"type": "keyword"}
LOWER_KEYWORD = {"type": "keyword", "fields": {"lower": {"type": "keyword", "normalizer": "lower"}}}
DATE = {"type": "date"}
SENTIMENT = {"properties": {"label": KEYWORD, "score": {"type": "float"}}}


def _text(keyword: bool = False) -> dict[str, Any]:
    """Russian-analysed text with a Kazakh sub-field (the query picks by
    language) and a plain one, where Russian stop words can still be found."""
    fields: dict[str, Any] = {
        "kk": {"type": "text", "analyzer": "kk_text"},
        "plain": {"type": "text", "analyzer": "plain_text"},
    }
    if keyword:
        fields["keyword"] = {"type": "keyword", "ignore_above": 512}
    return {"type": "text", "analyzer": "ru_text", "fields": fields}


PERSON = {
    "akim_id": KEYWORD,
    "akim_key": KEYWORD,  # akim_id, or the name for people not in the registry
    "name": {"type": "text", "analyzer": "plain_text", "fields": {
        "keyword": KEYWORD, "lower": {"type": "keyword", "normalizer": "lower"}}},
    "role": KEYWORD,
    "position": {"type": "text", "analyzer": "ru_text", "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}},
    "region": LOWER_KEYWORD,
    "level": KEYWORD,
}


def mentions_mappings() -> dict[str, Any]:
    return {
        "dynamic": "strict",  # a document the builder and template disagree on is refused, not guessed
        "properties": {
            "id": KEYWORD, "article_id": KEYWORD, "person": {"properties": PERSON},
            "count": {"type": "integer"}, "snippets": _text(), "main_subject": {"type": "boolean"},
            "sentiment": SENTIMENT, "title": _text(keyword=True), "url": KEYWORD, "source": KEYWORD,
            "published_at": DATE, "language": KEYWORD, "first_seen_at": DATE, "updated_at": DATE,
            "other_roles": {"properties": {k: PERSON[k] for k in ("role", "position", "region", "level")}},
        },
    }


def articles_mappings() -> dict[str, Any]:
    # Mentions are nested in their article too, so that "articles where the
    # akim of Almaty is criticised" is one query, as in SQLite's EXISTS.
    nested = {
        "type": "nested",
        "properties": {
            "id": KEYWORD, **{k: PERSON[k] for k in ("akim_id", "akim_key", "name", "role", "region", "level")},
            "main_subject": {"type": "boolean"}, "sentiment": SENTIMENT,
        },
    }
    return {
        "dynamic": "strict",
        "properties": {
            "id": KEYWORD, "url": KEYWORD, "fetched_url": {"type": "keyword", "index": False},
            "source": KEYWORD, "title": _text(keyword=True), "text": _text(), "published_at": DATE,
            "crawled_at": DATE, "language": KEYWORD, "authors": KEYWORD, "section": KEYWORD,
            "sentiment": SENTIMENT, "duplicate_of": KEYWORD, "akim_ids": KEYWORD,
            "updated_at": DATE, "mentions": nested,
        },
    }


def index_template(prefix: str, kind: str) -> dict[str, Any]:
    """The composable index template body for `<prefix>-<kind>-*` indices."""
    mappings = {"articles": articles_mappings, "mentions": mentions_mappings}[kind]()
    return {
        "index_patterns": [f"{prefix}-{kind}-*"],
        "priority": 200,
        "template": {
            "settings": {
                "number_of_shards": 1,
                # One replica on a cluster, none on a single node (stays green).
                "auto_expand_replicas": "0-1",
                # News arrive minutes apart; a 10 s refresh costs Kibana nothing
                # and lets bulk loads (backfills) index ~1.5x faster than 1 s.
                "refresh_interval": "10s",
                "analysis": analysis(),
            },
            "mappings": mappings,
        },
        "_meta": {"managed_by": "akim-monitor"},
    }
