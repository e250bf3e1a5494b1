"""Which stored mentions a rule wants: new ones, matching its filters.

"New" means first seen after the rule's baseline and not yet given to this
recipient (no alert_items row), published within the rule's max_age. The
filters mirror monitor.search semantics: akims match an akim id or part of
the name; fields combine with AND, values within a field with OR.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.alerts.rules import AlertRule, RuleFilters
from monitor.store.sqlite_search import fts_expression, mention_dict


def new_mentions(db: sqlite3.Connection, rule: AlertRule, recipient: str,
                 baseline: datetime, now: datetime) -> list[dict[str, Any]]:
    """Candidate mentions for one rule and recipient, as mention dicts (with `root`, the story)."""
    # first_seen_at strings may carry different offsets; compare loosely in SQL, exactly below.
    rows = db.execute(
        """SELECT m.* FROM mentions m
           WHERE m.first_seen_at >= ? AND NOT EXISTS (
               SELECT 1 FROM alert_items i WHERE i.rule = ? AND i.recipient = ? AND i.mention_id = m.id)""",
        ((baseline - timedelta(days=1)).isoformat(), rule.name, recipient),
    ).fetchall()
    mentions = [mention_dict(r) for r in rows if _parse(r["first_seen_at"]) >= baseline]
    wanted = keyword_articles(db, rule.filters.keywords, {m["article_id"] for m in mentions})
    return [m for m in mentions if matches(rule.filters, m, wanted) and _recent(m, rule, now)]


def matches(f: RuleFilters, m: dict[str, Any], keyword_hits: set[str] | None = None) -> bool:
    """Does one mention (a mention dict) pass the rule's filters?"""
    person = m["person"]
    checks = (
        not f.akims or any(_akim_matches(a, person) for a in f.akims),
        not f.regions or (person["region"] or "").lower() in {r.lower() for r in f.regions},
        not f.roles or person["role"] in f.roles,
        not f.sentiment or m["sentiment"]["label"] in f.sentiment,
        not f.outlets or m["source"] in f.outlets,
        not f.languages or m["language"] in f.languages,
        not f.main_subject or m["main_subject"],
        not f.keywords or (keyword_hits is not None and m["article_id"] in keyword_hits),
    )
    return all(checks)


def keyword_articles(db: sqlite3.Connection, keywords: tuple[str, ...], article_ids: set[str]) -> set[str]:
    """Ids among `article_ids` whose title or text has any keyword (all words of it, any inflection)."""
    expressions = [e for e in (fts_expression(k) for k in keywords) if e]
    if not expressions or not article_ids:
        return set()
    ids = sorted(article_ids)
    found: set[str] = set()
    match = " OR ".join(f"({e})" for e in expressions)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.execute(
            f"""SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})
                AND rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)""",
            (*chunk, match),
        )
        found.update(r[0] for r in rows)
    return found


def person_key(m: dict[str, Any]) -> str:
    """Same rule as monitor.models.Person.key: what makes two mentions the same person."""
    p = m["person"]
    return p["akim_id"] or f"{p['name'].lower()}|{p['role']}|{p['region'] or ''}"


def _akim_matches(wanted: str, person: dict[str, Any]) -> bool:
    return wanted == person["akim_id"] or wanted.lower() in (person["name"] or "").lower()


def _recent(m: dict[str, Any], rule: AlertRule, now: datetime) -> bool:
    published = m.get("published_utc") or m.get("published_at")
    return published is None or _parse(published) >= now - rule.max_age


def _parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:  # the store writes aware values; be lenient with hand-made rows
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
