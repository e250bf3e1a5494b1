"""Aggregates for the charts, over the embedded store, with the search filters.

The embedded store is always written (see docs/design.md), so the charts read
it even when hits come from a search engine. Filters mean what they mean in
monitor.search: mention filters (akim, region, role, main subject) select the
mentions counted; without them, `sentiment` is the article's tone.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from monitor.rating.cache import cached
from monitor.search import SearchQuery
from monitor.store import sqlite_search
from monitor.web.query import ALMATY

LABELS = ("negative", "neutral", "positive")


@dataclass
class Bucket:
    start: date
    label: str  # as shown under the bar, e.g. "12.03"
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    score_sum: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mean_score(self) -> float | None:
        return self.score_sum / self.total if self.total else None


@dataclass
class Ranked:
    key: str  # akim id, name, or outlet id
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _mention_scope(db: sqlite3.Connection, q: SearchQuery, *extra: str) -> tuple[str, list[Any]]:
    return sqlite_search.mention_scope(db, q, *extra)


def timeline(db: sqlite3.Connection, q: SearchQuery) -> list[Bucket]:
    """Mentions per period and sentiment; the period is a day, week or month by span."""
    return cached(db, "timeline", replace(q, limit=0, offset=0), lambda: _timeline(db, q))


def _timeline(db: sqlite3.Connection, q: SearchQuery) -> list[Bucket]:
    scope, args = _mention_scope(db, q, "m.published_utc IS NOT NULL")
    # One row per hour with the tones side by side (a year is 8.8k rows, not three times that);
    # a label outside LABELS counts as neutral, as everywhere.
    rows = db.execute(
        "SELECT substr(m.published_utc, 1, 13) AS hour, count(*), sum(m.sentiment_label = 'negative'), "
        f"sum(m.sentiment_label = 'positive'), sum(m.sentiment_score) {scope} GROUP BY 1",
        args,
    ).fetchall()
    # SQL groups by UTC hour; the fold into Almaty days happens here, with zoneinfo.
    days: dict[date, list[tuple[int, int, int, float]]] = defaultdict(list)
    for hour, count, negative, positive, score in rows:
        day = datetime.fromisoformat(hour + ":00+00:00").astimezone(ALMATY).date()
        days[day].append((count, negative, positive, score or 0.0))
    if not days:
        return []
    step = _period(min(days), max(days))
    buckets: dict[date, Bucket] = {}
    for day, entries in days.items():
        start = _period_start(day, step)
        bucket = buckets.setdefault(start, Bucket(start, _period_label(start, step)))
        for count, negative, positive, score in entries:
            bucket.counts["negative"] += negative
            bucket.counts["positive"] += positive
            bucket.counts["neutral"] += count - negative - positive
            bucket.score_sum += score
    return _fill_gaps(buckets, step)


def top_people(db: sqlite3.Connection, q: SearchQuery, limit: int = 10) -> list[Ranked]:
    return people_and_outlets(db, q, limit)[0]


def top_outlets(db: sqlite3.Connection, q: SearchQuery, limit: int = 10) -> list[Ranked]:
    """Matching mentions per outlet, split by the tone toward the person."""
    return people_and_outlets(db, q, limit)[1]


def people_and_outlets(db: sqlite3.Connection, q: SearchQuery, limit: int = 10) -> tuple[list[Ranked], list[Ranked]]:
    """top_people and top_outlets from one pass over the matching mentions (the search page shows
    both, and its facets fold the same rows)."""
    rows = sqlite_search.mention_groups(db, q)
    names: dict[str, str] = {}
    for key, name, _source, _label, _count in rows:
        names[key] = max(names.get(key, name), name)
    people = _rank([(key, names[key], label, count) for key, _name, _source, label, count in rows], limit)
    outlets = _rank([(source, source, label, count) for _key, _name, source, label, count in rows], limit)
    return people, outlets


def _rank(rows: list[sqlite3.Row], limit: int) -> list[Ranked]:
    ranked: dict[str, Ranked] = {}
    for key, name, label, count in rows:
        item = ranked.setdefault(key, Ranked(key, name))
        item.counts[label if label in LABELS else "neutral"] += count
    return sorted(ranked.values(), key=lambda r: (-r.total, r.name))[:limit]


def _period(first: date, last: date) -> str:
    span = (last - first).days
    return "day" if span <= 62 else "week" if span <= 400 else "month"


def _period_start(day: date, step: str) -> date:
    if step == "week":
        return day - timedelta(days=day.weekday())
    if step == "month":
        return day.replace(day=1)
    return day


def _period_label(start: date, step: str) -> str:
    return start.strftime("%m.%Y") if step == "month" else start.strftime("%d.%m")


def _next(start: date, step: str) -> date:
    if step == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7 if step == "week" else 1)


def _fill_gaps(buckets: dict[date, Bucket], step: str) -> list[Bucket]:
    """Empty periods as empty bars, so the time axis is not distorted."""
    out: list[Bucket] = []
    current, last = min(buckets), max(buckets)
    while current <= last:
        out.append(buckets.get(current) or Bucket(current, _period_label(current, step)))
        current = _next(current, step)
    return out
