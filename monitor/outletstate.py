"""What the crawl found out about outlets, remembered in the store.

Feeds and sitemaps discovered for an outlet given by its homepage (so the next
crawl reads them without probing again), and the article URL shape learned
from its pages. `monitor outlets list` and the crawl report show both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from monitor.store import SqliteStore
from monitor.urlshape import learn_pattern

# Probing again once in a while: a site may add a feed or move its sitemap.
REDISCOVER_DAYS = 7
PROBED = "probed"  # the kind of the row that records when a site was last probed


@dataclass(frozen=True)
class Source:
    outlet: str
    edition: str
    kind: str  # feed | sitemap | probed
    url: str
    found_by: str
    found_at: str
    entries: int


def remember_sources(store: SqliteStore, sources: list[Source]) -> None:
    with store.transaction() as db:
        db.executemany(
            "INSERT INTO outlet_sources(outlet, edition, kind, url, found_by, found_at, entries) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(outlet, url) DO UPDATE SET entries=excluded.entries, "
            "found_at=excluded.found_at",  # last seen: a source found again is good for another while
            [(s.outlet, s.edition, s.kind, s.url, s.found_by, s.found_at, s.entries) for s in sources],
        )


def sources(store: SqliteStore, outlet: str | None = None) -> list[Source]:
    sql, args = "SELECT * FROM outlet_sources", ()
    if outlet is not None:
        sql, args = sql + " WHERE outlet=?", (outlet,)
    rows = store.db.execute(sql + " ORDER BY outlet, kind, url", args)
    return [Source(r["outlet"], r["edition"], r["kind"], r["url"], r["found_by"], r["found_at"], r["entries"])
            for r in rows]


def needs_discovery(found: list[Source], now: datetime | None = None) -> bool:
    """Probe the site again: nothing remembered, or remembered too long ago."""
    if not found:
        return True
    now = now or datetime.now(UTC)
    newest = max(datetime.fromisoformat(s.found_at) for s in found)
    return (now - newest).days >= REDISCOVER_DAYS


def learned_pattern(store: SqliteStore, outlet: str) -> str | None:
    row = store.db.execute("SELECT pattern FROM outlet_shapes WHERE outlet=?", (outlet,)).fetchone()
    return row["pattern"] if row else None


def learn_shape(store: SqliteStore, outlet: str) -> str | None:
    """Learn (again) the outlet's article URL shape from its stored articles and the
    pages of it found not to be articles; remember and return it."""
    articles = [r[0] for r in store.db.execute("SELECT url FROM articles WHERE source=?", (outlet,))]
    hosts = {a.split("/")[2] for a in articles if a.count("/") >= 2}
    others = [r[0] for r in store.db.execute("SELECT url FROM skipped_pages WHERE reason='not_article'")
              if r[0].count("/") >= 2 and r[0].split("/")[2] in hosts]
    pattern = learn_pattern(articles, others)
    if pattern is not None:
        with store.transaction() as db:
            db.execute(
                "INSERT INTO outlet_shapes(outlet, pattern, articles, learned_at) VALUES (?,?,?,?) "
                "ON CONFLICT(outlet) DO UPDATE SET pattern=excluded.pattern, articles=excluded.articles, "
                "learned_at=excluded.learned_at",
                (outlet, pattern, len(articles), datetime.now(UTC).isoformat()),
            )
    return pattern


FIELDS = ("title", "date", "text", "authors")
HEALTH_KEEP = 50  # crawls remembered per outlet


def fallback_shares(stats: dict) -> tuple[int, dict[str, float]]:
    """From a crawl's stats: articles extracted, and per field the share taken by the generic fallback."""
    articles = int(stats.get("monitor/extracted", 0))
    if not articles:
        return 0, {}
    return articles, {name: int(stats.get(f"monitor/field_source/{name}/fallback", 0)) / articles for name in FIELDS}


def record_health(store: SqliteStore, outlet: str, stats: dict) -> None:
    articles, shares = fallback_shares(stats)
    if not articles:
        return
    with store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO outlet_health(outlet, finished_at, articles, fallback) VALUES (?,?,?,?)",
                   (outlet, datetime.now(UTC).isoformat(), articles, json.dumps(shares)))
        db.execute("DELETE FROM outlet_health WHERE outlet=? AND finished_at NOT IN (SELECT finished_at FROM "
                   "outlet_health WHERE outlet=? ORDER BY finished_at DESC LIMIT ?)", (outlet, outlet, HEALTH_KEEP))


def fallback_jump(store: SqliteStore, outlet: str, threshold: float, history: int = 5) -> str | None:
    """A field whose fallback share reached `threshold` in the latest crawl while the crawls
    before stayed under it: the outlet's selectors or metadata stopped working."""
    rows = store.db.execute("SELECT fallback, articles FROM outlet_health WHERE outlet=? ORDER BY finished_at DESC "
                            "LIMIT ?", (outlet, history + 1)).fetchall()
    if len(rows) < 2:
        return None
    latest, before = json.loads(rows[0]["fallback"]), [json.loads(r["fallback"]) for r in rows[1:]]
    for name in FIELDS:
        now_share = latest.get(name, 0.0)
        earlier = max(b.get(name, 0.0) for b in before)
        if now_share >= threshold and earlier < threshold:
            return (f"поле «{name}» взято запасным способом у {round(now_share * 100)}% статей последнего обхода "
                    f"(раньше не более {round(earlier * 100)}%)")
    return None
