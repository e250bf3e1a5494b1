"""Operational alerts for the admin: the system itself is going wrong.

Checks, each a figure from the store plus a threshold from `[alerts.ops]`
(as Spidermon declares its monitors):
- stale: an outlet that has articles but none crawled for `stale_hours`;
- layout: in an outlet's latest `window` articles, the share with (nearly)
  empty text or no date reaches `broken_share`, while the window before was
  healthy: a sudden change, typically a new page layout; or, in the latest
  crawl, a field (title, date, text, authors) taken by the generic fallback
  for `broken_share` of the articles while earlier crawls took it from the
  outlet's selectors or metadata;
- engine: the search engine failed `engine_failures` runs in a row;
- rules: a rules source (a file, a web rule) that does not read, whose rules are off.
A problem is reported when it appears and again every `repeat_hours` while
it lasts; it is forgotten once it clears (table ops_state).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from monitor import outletstate
from monitor.config import Config
from monitor.errors import ConfigError
from monitor.store.sqlite import SqliteStore


@dataclass(frozen=True)
class OpsThresholds:
    stale_hours: float = 24.0
    window: int = 10
    broken_share: float = 0.5
    engine_failures: int = 3
    repeat_hours: float = 24.0


def load_thresholds(config: Config) -> OpsThresholds:
    raw = config.raw.get("alerts", {}).get("ops", {})
    where = f"{config.source_file or 'monitor.toml'}: alerts.ops"
    known = {f.name: f for f in fields(OpsThresholds)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"{where}.{key}: unknown setting; known: {', '.join(known)}")
        default = getattr(OpsThresholds(), key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ConfigError(f"{where}.{key}: expected a positive number, got {value!r}")
        values[key] = type(default)(value)
    return OpsThresholds(**values)


def find_problems(store: SqliteStore, config: Config, limits: OpsThresholds, now: datetime,
                  engine_ok: bool | None) -> dict[str, str]:
    """Current problems as {state key: Russian description}."""
    problems: dict[str, str] = {}
    for source, last in store.db.execute("SELECT source, max(crawled_at) FROM articles GROUP BY source"):
        last_seen = datetime.fromisoformat(last)
        if now - last_seen > timedelta(hours=limits.stale_hours):
            hours = int((now - last_seen).total_seconds() // 3600)
            problems[f"stale:{source}"] = f"{source}: нет новых статей {hours} ч (с {last_seen:%d.%m.%Y %H:%M} UTC)"
        layout = _layout_problem(store, config, source, limits) or outletstate.fallback_jump(
            store, source, limits.broken_share)
        if layout:
            problems[f"layout:{source}"] = f"{source}: {layout}; возможно, изменилась вёрстка сайта"
    failures = _engine_failures(store, engine_ok)
    if failures >= limits.engine_failures:
        problems["engine"] = f"поисковый движок недоступен {failures} запусков подряд"
    return problems


def rule_problems(problems: Iterable[Any]) -> dict[str, str]:
    """Rule sources switched off by an error, as problems: {'rules:<source>': text}."""
    return {f"rules:{p.source}": f"правила оповещений из {p.source} отключены: {p.message}" for p in problems}


def _layout_problem(store: SqliteStore, config: Config, source: str, limits: OpsThresholds) -> str | None:
    rows = store.db.execute(
        "SELECT length(text) AS chars, published_at FROM articles WHERE source=? ORDER BY crawled_at DESC, rowid DESC LIMIT ?",
        (source, limits.window * 2),
    ).fetchall()
    if len(rows) < limits.window:
        return None
    recent, before = rows[: limits.window], rows[limits.window :]
    checks = {
        "пустой текст": lambda r: r["chars"] < config.crawl.min_text_chars,
        "нет даты публикации": lambda r: r["published_at"] is None,
    }
    for label, broken in checks.items():
        share = sum(map(broken, recent)) / len(recent)
        earlier = sum(map(broken, before)) / len(before) if before else 0.0
        if share >= limits.broken_share and earlier < limits.broken_share:
            return f"{label} у {round(share * 100)}% последних {len(recent)} статей"
    return None


def _engine_failures(store: SqliteStore, engine_ok: bool | None) -> int:
    """Count consecutive engine failures across runs; None = engine not used this run."""
    row = store.db.execute("SELECT failures FROM ops_state WHERE key='engine-count'").fetchone()
    failures = row["failures"] if row else 0
    if engine_ok is None:
        return failures
    failures = 0 if engine_ok else failures + 1
    store.db.execute(
        "INSERT INTO ops_state(key, failures) VALUES ('engine-count', ?) "
        "ON CONFLICT(key) DO UPDATE SET failures=excluded.failures", (failures,),
    )
    return failures


def due_notifications(store: SqliteStore, problems: dict[str, str], limits: OpsThresholds,
                      now: datetime) -> dict[str, str]:
    """The problems to email now: new ones, and lasting ones not repeated for repeat_hours."""
    rows = {r["key"]: r for r in store.db.execute("SELECT * FROM ops_state WHERE key != 'engine-count'")}
    due = {}
    for key, text in sorted(problems.items()):
        row = rows.get(key)
        notified = datetime.fromisoformat(row["notified_at"]) if row and row["notified_at"] else None
        if notified is None or now - notified >= timedelta(hours=limits.repeat_hours):
            due[key] = text
    return due


def record_notified(store: SqliteStore, problems: dict[str, str], notified: dict[str, str], now: datetime) -> None:
    """Called after the admin email is in the outbox: cleared problems are forgotten."""
    with store.transaction() as db:
        keys = [r[0] for r in db.execute("SELECT key FROM ops_state WHERE key != 'engine-count'")]
        for key in set(keys) - set(problems):
            db.execute("DELETE FROM ops_state WHERE key=?", (key,))
        for key in notified:
            db.execute(
                "INSERT INTO ops_state(key, active_since, notified_at) VALUES (?,?,?) "
                "ON CONFLICT(key) DO UPDATE SET notified_at=excluded.notified_at",
                (key, now.isoformat(), now.isoformat()),
            )
