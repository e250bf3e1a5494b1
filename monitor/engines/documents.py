"""Store rows (SqliteStore.unsynced dicts) as engine documents.

Fields are picked one by one rather than copied: the templates are strict, so
a column the store grows later does not break indexing, and a document that
does not fit the template is refused by the engine with a clear reason.
"""

from __future__ import annotations

from typing import Any

ARTICLE_FIELDS = (
    "id", "url", "fetched_url", "source", "title", "text", "published_at", "crawled_at",
    "language", "authors", "section", "sentiment", "duplicate_of", "akim_ids", "updated_at",
)
MENTION_FIELDS = (
    "id", "article_id", "count", "snippets", "main_subject", "sentiment", "title", "url",
    "source", "published_at", "language", "first_seen_at", "updated_at", "other_roles",
)
PERSON_FIELDS = ("akim_id", "name", "role", "position", "region", "level")


def akim_key(person: dict[str, Any]) -> str:
    """What by_akim counts by: the registry id, or the name (as SQLite's coalesce)."""
    return person.get("akim_id") or person.get("name") or ""


def person_doc(person: dict[str, Any]) -> dict[str, Any]:
    doc = {k: person.get(k) for k in PERSON_FIELDS}
    doc["akim_key"] = akim_key(person)
    return doc


def mention_doc(row: dict[str, Any]) -> dict[str, Any]:
    doc = {k: row.get(k) for k in MENTION_FIELDS}
    doc["person"] = person_doc(row["person"])
    return doc


def nested_mention(row: dict[str, Any]) -> dict[str, Any]:
    """The part of a mention an article document carries for filtering."""
    person = person_doc(row["person"])
    del person["position"]
    return {"id": row["id"], **person, "main_subject": row["main_subject"], "sentiment": row["sentiment"]}


def article_doc(row: dict[str, Any], mentions: list[dict[str, Any]]) -> dict[str, Any]:
    doc = {k: row.get(k) for k in ARTICLE_FIELDS}
    doc["mentions"] = [nested_mention(m) for m in mentions]
    return doc
