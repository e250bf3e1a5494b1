"""From candidate mentions to the content of one email: entries grouped by akim.

A reprint group (articles sharing a root, see articles.duplicate_of) shows
once per person, with the other outlets listed. A reprint of a story this
recipient already got is not shown again: it is recorded as covered by the
earlier message instead.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from monitor.alerts.highlight import Segments, pick_snippet
from monitor.alerts.matching import person_key
from monitor.alerts.rules import AlertRule
from monitor.config import Config

ROLE_RU = {"akim": "аким", "deputy_akim": "заместитель акима", "former_akim": "бывший аким"}
SENTIMENT_RU = {"negative": "негативная", "neutral": "нейтральная", "positive": "позитивная"}


@dataclass
class Entry:
    title: str
    url: str
    outlet: str
    published: str  # local, for reading
    sort_key: str  # UTC ISO, for ordering
    role: str
    position: str
    sentiment: str  # negative | neutral | positive
    snippet: Segments
    language: str
    also: list[dict[str, str]] = field(default_factory=list)  # other outlets of the reprint group
    other_roles: list[str] = field(default_factory=list)  # "бывший аким ЗКО": other offices the article gives
    mention_ids: list[str] = field(default_factory=list)

    @property
    def role_ru(self) -> str:
        return ROLE_RU.get(self.role, self.role)

    @property
    def sentiment_ru(self) -> str:
        return SENTIMENT_RU.get(self.sentiment, self.sentiment)


@dataclass
class AkimGroup:
    name: str
    position: str
    entries: list[Entry]

    @property
    def negatives(self) -> int:
        return sum(e.sentiment == "negative" for e in self.entries)


@dataclass
class Batch:
    rule: AlertRule
    groups: list[AkimGroup]
    covered: dict[str, str] = field(default_factory=dict)  # mention id -> earlier message id

    @property
    def total(self) -> int:
        return sum(len(g.entries) for g in self.groups)

    @property
    def mention_ids(self) -> list[str]:
        return [i for g in self.groups for e in g.entries for i in e.mention_ids]


def build_batch(db: sqlite3.Connection, config: Config, rule: AlertRule, recipient: str,
                mentions: list[dict[str, Any]], zone: str) -> Batch:
    by_story: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        by_story[(m["root"], person_key(m))].append(m)
    batch = Batch(rule=rule, groups=[])
    by_person: dict[str, list[Entry]] = defaultdict(list)
    people: dict[str, dict[str, Any]] = {}
    for (root, key), story in by_story.items():
        earlier = _earlier_message(db, rule.name, recipient, root, key)
        if earlier:
            batch.covered.update({m["id"]: earlier for m in story})
            continue
        by_person[key].append(_entry(db, config, rule, story, zone))
        people[key] = story[0]["person"]
    for key, entries in by_person.items():
        entries.sort(key=lambda e: e.sort_key, reverse=True)
        batch.groups.append(AkimGroup(people[key]["name"], people[key]["position"] or "", entries))
    batch.groups.sort(key=lambda g: g.entries[0].sort_key, reverse=True)
    return batch


def _entry(db: sqlite3.Connection, config: Config, rule: AlertRule,
           story: list[dict[str, Any]], zone: str) -> Entry:
    story.sort(key=lambda m: (m["published_utc"] or "9999", m["id"]))
    shown = story[0]
    person = shown["person"]
    return Entry(
        title=shown["title"], url=shown["url"], outlet=_outlet_name(config, shown["source"]),
        published=_local(shown["published_at"], zone), sort_key=shown["published_utc"] or shown["first_seen_at"],
        role=person["role"], position=person["position"] or "", sentiment=shown["sentiment"]["label"],
        snippet=pick_snippet(shown["snippets"], person["name"], rule.filters.keywords, shown["title"]),
        language=shown["language"], also=_other_outlets(db, config, shown["root"], shown["article_id"]),
        mention_ids=[m["id"] for m in story],
        other_roles=[o.get("position") or ROLE_RU.get(o["role"], o["role"]) for o in shown.get("other_roles", [])],
    )


def _earlier_message(db: sqlite3.Connection, rule: str, recipient: str, root: str, key: str) -> str | None:
    """The message that already carried this story (same root, same person) to this recipient."""
    rows = db.execute(
        """SELECT i.message_id, m.* FROM alert_items i JOIN mentions m ON m.id = i.mention_id
           WHERE i.rule = ? AND i.recipient = ? AND m.root = ?""",
        (rule, recipient, root),
    ).fetchall()
    for row in rows:
        p = {"akim_id": row["akim_id"], "name": row["name"], "role": row["role"], "region": row["region"]}
        if person_key({"person": p}) == key:
            return row["message_id"]
    return None


def _other_outlets(db: sqlite3.Connection, config: Config, root: str, shown: str) -> list[dict[str, str]]:
    rows = db.execute(
        "SELECT source, url FROM articles WHERE (id = ? OR duplicate_of = ?) AND id != ? ORDER BY published_utc",
        (root, root, shown),
    )
    return [{"outlet": _outlet_name(config, r["source"]), "url": r["url"]} for r in rows]


def _outlet_name(config: Config, source: str) -> str:
    outlet = config.outlets.get(source)
    return outlet.name if outlet else source


def _local(value: str | None, zone: str) -> str:
    if not value:
        return "дата неизвестна"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(zone))
    return moment.strftime("%d.%m.%Y %H:%M")
