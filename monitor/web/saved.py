"""Saved searches and the alert rules made from them, in the embedded store.

A saved search keeps the search page's query string, so opening one is a
redirect to the very URL the user saw. A rule made from one uses the field
names of the alert rules file (monitor.alerts.rules): name, recipients,
akims, regions, roles, sentiment, main_subject, keywords, outlets, languages,
delivery immediate|digest (every daily|weekly, at HH:MM, day, timezone).
monitor.alerts reads the web_alert_rules table with the same parser.
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from monitor.errors import MonitorError
from monitor.web.query import ALMATY, CONTROLS, parse_filters


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str
    owner: str
    created_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save_search(db: sqlite3.Connection, name: str, query: str, owner: str = "") -> int:
    # Re-parse so only known, valid filters are stored, whatever the form sent.
    clean = parse_filters(dict(parse_qsl(query))).query_string
    cur = db.execute(
        "INSERT INTO saved_searches(name, query, owner, created_at) VALUES (?,?,?,?)",
        (" ".join(CONTROLS.sub(" ", name).split())[:200], clean, owner, _now()),
    )
    return int(cur.lastrowid)


def list_searches(db: sqlite3.Connection, owner: str = "") -> list[SavedSearch]:
    rows = db.execute(
        "SELECT id, name, query, owner, created_at FROM saved_searches WHERE owner=? ORDER BY name, id", (owner,)
    )
    return [SavedSearch(*row) for row in rows]


def get_search(db: sqlite3.Connection, search_id: int, owner: str = "") -> SavedSearch | None:
    row = db.execute(
        "SELECT id, name, query, owner, created_at FROM saved_searches WHERE id=? AND owner=?", (search_id, owner)
    ).fetchone()
    return SavedSearch(*row) if row else None


def delete_search(db: sqlite3.Connection, search_id: int, owner: str = "") -> None:
    db.execute("DELETE FROM saved_searches WHERE id=? AND owner=?", (search_id, owner))


def rule_from_search(saved: SavedSearch, name: str, recipients: list[str], delivery: str,
                     every: str = "daily", at: str = "08:00", day: str = "monday") -> dict[str, Any]:
    """An alert rule with the saved search's filters. Dates are dropped: a rule looks forward."""
    f = parse_filters(dict(parse_qsl(saved.query)))
    as_list = lambda value: [value] if value else []  # noqa: E731
    rule: dict[str, Any] = {
        "name": name, "recipients": recipients,
        "akims": as_list(f.akim), "regions": as_list(f.region), "roles": as_list(f.role),
        "sentiment": as_list(f.sentiment), "main_subject": f.main == "1",
        "keywords": as_list(f.q), "outlets": as_list(f.source), "languages": as_list(f.language),
        "delivery": delivery,
    }
    if delivery == "digest":
        rule.update(every=every, at=at, timezone=str(ALMATY))
        if every == "weekly":
            rule["day"] = day
    return rule


def check_rule(rule: dict[str, Any], config: Any = None) -> str | None:
    """The alerts module's own verdict on the rule as it will be read back from the
    rules file (its error text), None when valid. With the config, outlets, akim ids
    and regions are checked too."""
    from monitor.alerts.rules import check_known, parse_rule
    from monitor.web.rules_toml import rule_toml

    try:
        [as_read] = tomllib.loads(rule_toml(rule, table="rules"))["rules"]
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        return f"не записывается в TOML: {exc}"
    if as_read != rule:
        return "правило читается из TOML не так, как записано"
    try:
        parsed = parse_rule(as_read, "веб-интерфейс", f"rule {rule.get('name')!r}")
        if config is not None and parsed is not None:
            check_known([parsed], config)
    except MonitorError as exc:
        return str(exc)
    return None


def save_rule(db: sqlite3.Connection, rule: dict[str, Any], saved_id: int | None, owner: str = "") -> int:
    cur = db.execute(
        "INSERT INTO web_alert_rules(name, saved_search_id, rule, owner, created_at) VALUES (?,?,?,?,?)",
        (rule["name"], saved_id, json.dumps(rule, ensure_ascii=False), owner, _now()),
    )
    return int(cur.lastrowid)


def list_rules(db: sqlite3.Connection, owner: str | None = "") -> list[dict[str, Any]]:
    """One user's rules, or everyone's (owner None: what the rules file holds)."""
    if owner is None:
        rows = db.execute("SELECT rule FROM web_alert_rules ORDER BY name")
    else:
        rows = db.execute("SELECT rule FROM web_alert_rules WHERE owner=? ORDER BY name", (owner,))
    return [json.loads(r[0]) for r in rows]


def rule_exists(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM web_alert_rules WHERE name=?", (name,)).fetchone() is not None
