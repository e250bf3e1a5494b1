"""The store side of adaptive polling: poll_schedule and poll_requests (migration 11).

Plain functions over a SqliteStore; the worker decides, this module remembers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor.store import SqliteStore

RATE_WINDOW_HOURS = 6  # the outlet's publishing rate is measured over this many hours


@dataclass(frozen=True)
class SourceState:
    outlet: str
    url: str
    kind: str
    interval_s: float
    next_due: datetime
    last_poll: datetime | None
    last_new: datetime | None
    last_status: int | None
    backoff: int
    polls: int


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def hour_bucket(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H")


def register(store: SqliteStore, outlet: str, sources: Iterable[tuple[str, str, float]], now: datetime) -> None:
    """Sources (url, kind, base interval) the worker polls, due now when first seen. A new
    source counts as having just given something new, so idleness starts from here."""
    with store.transaction() as db:
        db.executemany(
            "INSERT INTO poll_schedule (outlet, url, kind, interval_s, next_due_utc, last_new_utc) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (outlet, url) DO NOTHING",
            [(outlet, url, kind, interval, _iso(now), _iso(now)) for url, kind, interval in sources])


def due(store: SqliteStore, outlet: str, now: datetime) -> list[SourceState]:
    rows = store.db.execute(
        "SELECT * FROM poll_schedule WHERE outlet = ? AND next_due_utc <= ? ORDER BY next_due_utc",
        (outlet, _iso(now))).fetchall()
    return [_state(r) for r in rows]


def sources(store: SqliteStore, outlets: Iterable[str] | None = None) -> list[SourceState]:
    rows = store.db.execute("SELECT * FROM poll_schedule ORDER BY outlet, kind, url").fetchall()
    wanted = set(outlets) if outlets is not None else None
    return [_state(r) for r in rows if wanted is None or r["outlet"] in wanted]


def get(store: SqliteStore, outlet: str, url: str) -> SourceState | None:
    row = store.db.execute("SELECT * FROM poll_schedule WHERE outlet = ? AND url = ?", (outlet, url)).fetchone()
    return _state(row) if row else None


def record_poll(store: SqliteStore, outlet: str, url: str, *, now: datetime, status: int, new_articles: int,
                backoff: int, interval: float) -> None:
    """The outcome of one poll and the interval chosen from it."""
    with store.transaction() as db:
        db.execute(
            "UPDATE poll_schedule SET interval_s = ?, next_due_utc = ?, last_poll_utc = ?, last_status = ?, "
            "backoff = ?, polls = polls + 1, last_new_utc = CASE WHEN ? > 0 THEN ? ELSE last_new_utc END "
            "WHERE outlet = ? AND url = ?",
            (interval, _iso(now + timedelta(seconds=interval)), _iso(now), status, backoff, new_articles, _iso(now),
             outlet, url))


def count_request(store: SqliteStore, outlet: str, kind: str, now: datetime, n: int = 1) -> None:
    """kind: 'poll' (feed, sitemap, listing) or 'article'."""
    with store.transaction() as db:
        db.execute("INSERT INTO poll_requests (outlet, hour, kind, count) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (outlet, hour, kind) DO UPDATE SET count = count + excluded.count",
                   (outlet, hour_bucket(now), kind, n))
        # An hour bucket is kept for a week: enough to report on, small forever.
        db.execute("DELETE FROM poll_requests WHERE hour < ?", (hour_bucket(now - timedelta(days=7)),))


def requests_last_hour(store: SqliteStore, now: datetime) -> dict[str, dict[str, int]]:
    """Per outlet and kind: requests in this hour bucket and the one before, scaled to
    one hour (the previous bucket weighted by how much of it lies within the last 60 minutes)."""
    share = 1 - (now.minute * 60 + now.second) / 3600
    out: dict[str, dict[str, float]] = {}
    for bucket, weight in ((hour_bucket(now), 1.0), (hour_bucket(now - timedelta(hours=1)), share)):
        for row in store.db.execute("SELECT outlet, kind, count FROM poll_requests WHERE hour = ?", (bucket,)):
            kinds = out.setdefault(row["outlet"], {})
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["count"] * weight
    return {o: {k: round(v) for k, v in kinds.items()} for o, kinds in out.items()}


def publish_rate(store: SqliteStore, outlet: str, now: datetime) -> float:
    """Articles of the outlet published per hour over the last RATE_WINDOW_HOURS."""
    start = now - timedelta(hours=RATE_WINDOW_HOURS)
    row = store.db.execute(
        "SELECT COUNT(*) FROM articles WHERE source = ? AND published_utc >= ? AND published_utc <= ?",
        (outlet, _iso(start), _iso(now))).fetchone()
    return row[0] / RATE_WINDOW_HOURS


def _state(row) -> SourceState:
    return SourceState(row["outlet"], row["url"], row["kind"], row["interval_s"], _dt(row["next_due_utc"]),
                       _dt(row["last_poll_utc"]), _dt(row["last_new_utc"]), row["last_status"], row["backoff"],
                       row["polls"])
