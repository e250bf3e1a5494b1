"""The embedded default store: one SQLite file, WAL mode, FTS5 keyword index.

Every write of an article and its mentions is one transaction keyed by the
article id, so a crash mid-crawl leaves either the whole article or nothing,
and writing the same article again changes nothing but what changed.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor import textnorm
from monitor.errors import StoreError
from monitor.models import Article, CrawlContext, Mention, to_jsonable
from monitor.search import SearchQuery, SearchResult
from monitor.store import sqlite_search
from monitor.store.schema import MIGRATIONS


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _ulower(value: str | None) -> str | None:
    return value.lower() if value else value


def _utc(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


class SqliteStore:
    def __init__(self, path: str | Path, busy_timeout: float = 30):
        """busy_timeout: seconds a statement waits for another process's write lock."""
        self.path = Path(path)
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=busy_timeout)
            self.db.row_factory = sqlite3.Row
            # SQLite's own lower() folds ASCII only; names here are Cyrillic.
            self.db.create_function("ulower", 1, _ulower, deterministic=True)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    def close(self) -> None:
        try:
            self.db.execute("PRAGMA optimize")  # keeps the planner's statistics fresh, cheaply
        except sqlite3.Error:
            pass  # a read-only or busy store: statistics can wait for the next close
        self.db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self._begin()
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _begin(self, attempts: int = 4) -> None:
        """BEGIN IMMEDIATE, tried again when another writer (a crawl, the web, a second
        reprocess) holds the lock past the busy timeout: waiting beats dying mid-run."""
        for attempt in range(attempts):
            try:
                self.db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or attempt == attempts - 1:
                    raise
                time.sleep(0.1 * 2**attempt)

    def require_writable(self) -> None:
        """A StoreError now, rather than one per article in the middle of a crawl."""
        try:
            with self.transaction() as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                db.execute(f"PRAGMA user_version = {version}")  # a write that changes nothing
        except sqlite3.Error as exc:
            raise StoreError(f"the store at {self.path} cannot be written: {exc}") from exc

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as db:
                for statement in script.split(";\n"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # -- crawl-time reads -------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def has_article(self, article_id: str) -> bool:
        return bool(self.known_ids([article_id]))

    def was_seen(self, article_id: str, since: datetime | None = None) -> bool:
        """Stored as an article, or fetched before and skipped: as not an
        article, or as older than `since` (a deeper backfill fetches it again)."""
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE id=? UNION ALL SELECT 1 FROM skipped_pages WHERE id=? "
            "AND (reason != 'too_old' OR published_utc < ?) LIMIT 1",
            (article_id, article_id, _utc(since) or ""),
        ).fetchone()
        return row is not None

    def mark_skipped(self, article_id: str, url: str, reason: str, published: datetime | None = None) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO skipped_pages(id, url, reason, published_utc, skipped_at) "
                "VALUES (?,?,?,?,?)",
                (article_id, url, reason, _utc(published), _now()),
            )

    def get_fetch_state(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified FROM fetch_state WHERE url=?", (url,)).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def set_fetch_states(self, states: dict[str, tuple[str | None, str | None]]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO fetch_state(url, etag, last_modified, updated_at) VALUES (?,?,?,?) "
                "ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, "
                "last_modified=excluded.last_modified, updated_at=excluded.updated_at",
                [(url, etag, lm, _now()) for url, (etag, lm) in states.items()],
            )

    def signatures_after(self, rowid: int, since: datetime | None = None) -> list[sqlite3.Row]:
        """Reprint candidates stored after `rowid` (0: all), within the window.

        Rowids only grow, so a pipeline polls this to see what crawlers of
        other outlets in the same run stored meanwhile.
        """
        sql = ("SELECT rowid, id, published_utc, duplicate_of, minhash FROM articles "
               "WHERE rowid > ? AND minhash IS NOT NULL")
        args: list[Any] = [rowid]
        if since is not None:
            sql += " AND (published_utc IS NULL OR published_utc >= ?)"
            args.append(_utc(since))
        return self.db.execute(sql + " ORDER BY rowid", args).fetchall()

    # -- writes -------------------------------------------------------------

    def save_article(self, article: Article, minhash: bytes | None = None) -> None:
        """Insert or update one article with its mentions, atomically."""
        try:
            with self.transaction() as db:
                self._upsert_article(db, article, minhash)
                self._replace_mentions(db, article)
                if article.raw_html:
                    db.execute(
                        "INSERT OR REPLACE INTO raw_pages(article_id, fetched_url, fetched_at, html, context) "
                        "VALUES (?,?,?,?,?)",
                        (article.id, article.fetched_url or article.url, _iso(article.crawled_at),
                         zlib.compress(article.raw_html, 6), article.crawl.to_json() if article.crawl else None),
                    )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store article {article.url}: {exc}") from exc

    def _upsert_article(self, db: sqlite3.Connection, a: Article, minhash: bytes | None) -> None:
        row = (
            a.id, a.url, a.fetched_url, a.source, a.title, a.text, _iso(a.published_at),
            _utc(a.published_at), _iso(a.crawled_at), a.language, json.dumps(a.authors, ensure_ascii=False),
            a.section, a.sentiment.label, a.sentiment.score, a.duplicate_of,
            json.dumps(a.akim_ids), minhash, _now(),
        )
        db.execute(
            """INSERT INTO articles(id, url, fetched_url, source, title, text, published_at, published_utc,
                   crawled_at, language, authors, section, sentiment_label, sentiment_score, duplicate_of,
                   akim_ids, minhash, updated_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(id) DO UPDATE SET
                   title=excluded.title, text=excluded.text, published_at=excluded.published_at,
                   published_utc=excluded.published_utc, language=excluded.language,
                   authors=excluded.authors, section=excluded.section,
                   sentiment_label=excluded.sentiment_label, sentiment_score=excluded.sentiment_score,
                   duplicate_of=excluded.duplicate_of, akim_ids=excluded.akim_ids,
                   minhash=coalesce(excluded.minhash, articles.minhash),
                   updated_at=excluded.updated_at, synced_at=NULL""",
            row,
        )
        rowid = db.execute("SELECT rowid FROM articles WHERE id=?", (a.id,)).fetchone()[0]
        db.execute("DELETE FROM articles_fts WHERE rowid=?", (rowid,))
        db.execute(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?,?,?)",
            (rowid, textnorm.index_text(a.title, a.language), textnorm.index_text(a.text, a.language)),
        )

    def _replace_mentions(self, db: sqlite3.Connection, a: Article) -> None:
        keep = [m.id for m in a.mentions]
        marks = ",".join("?" * len(keep))
        db.execute(f"DELETE FROM mentions WHERE article_id=? AND id NOT IN ({marks})", (a.id, *keep))
        for m in a.mentions:
            db.execute(
                """INSERT INTO mentions(id, article_id, akim_id, name, role, position, region, level, count,
                       snippets, main_subject, sentiment_label, sentiment_score, title, url, source,
                       published_at, published_utc, language, first_seen_at, updated_at, root, other_roles)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET
                       akim_id=excluded.akim_id, name=excluded.name, role=excluded.role,
                       position=excluded.position, region=excluded.region, level=excluded.level,
                       count=excluded.count, snippets=excluded.snippets, main_subject=excluded.main_subject,
                       sentiment_label=excluded.sentiment_label, sentiment_score=excluded.sentiment_score,
                       title=excluded.title, url=excluded.url, published_at=excluded.published_at,
                       published_utc=excluded.published_utc, language=excluded.language,
                       updated_at=excluded.updated_at, root=excluded.root, other_roles=excluded.other_roles,
                       synced_at=NULL""",
                self._mention_row(a, m),
            )

    @staticmethod
    def _mention_row(a: Article, m: Mention) -> tuple[Any, ...]:
        p = m.person
        first_seen = _iso(m.first_seen_at) or _now()
        return (
            m.id, a.id, p.akim_id, p.name, p.role, p.position, p.region, p.level, m.count,
            json.dumps(m.snippets, ensure_ascii=False), int(m.main_subject), m.sentiment.label,
            m.sentiment.score, a.title, a.url, a.source, _iso(a.published_at), _utc(a.published_at),
            a.language, first_seen, _now(), a.duplicate_of or a.id,  # root: the story (schema migration 12)
            json.dumps(to_jsonable(m.other_roles), ensure_ascii=False),
        )

    def set_duplicate_of(self, ids: Iterable[str], root: str | None) -> None:
        """Point a reprint group at a new root (an earlier publication arrived)."""
        ids = list(ids)
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        with self.transaction() as db:
            db.execute(
                f"UPDATE articles SET duplicate_of=?, updated_at=?, synced_at=NULL WHERE id IN ({marks})",
                (root, _now(), *ids),
            )

    # -- reads for people and engines ---------------------------------------

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return sqlite_search.article_dict(row) if row else None

    def mentions_of(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM mentions WHERE article_id=? ORDER BY count DESC", (article_id,))
        return [sqlite_search.mention_dict(r) for r in rows]

    def article_ids(self, since: datetime | None = None, source: str | None = None) -> list[str]:
        """Ids of stored articles, oldest first, optionally from a date or one outlet."""
        sql, args = "SELECT id FROM articles WHERE 1=1", []
        if since is not None:
            sql += " AND published_utc >= ?"
            args.append(_utc(since))
        if source:
            sql += " AND source = ?"
            args.append(source)
        return [r[0] for r in self.db.execute(sql + " ORDER BY published_utc", args)]

    def raw_html(self, article_id: str) -> bytes | None:
        page = self.raw_page(article_id)
        return page[0] if page else None

    def raw_page(self, article_id: str) -> tuple[bytes, CrawlContext | None] | None:
        """The page's bytes as served and what the crawl knew besides (None: stored before it was kept)."""
        row = self.db.execute("SELECT html, context FROM raw_pages WHERE article_id=?", (article_id,)).fetchone()
        if row is None:
            return None
        return zlib.decompress(row[0]), CrawlContext.from_json(row[1]) if row[1] else None

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "reprints": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        }

    def unsynced(self, table: str, limit: int = 500, after: str | None = None) -> list[dict[str, Any]]:
        """Rows not yet shipped to the search engine (new or changed since).

        With `after`, rows with a greater id, in id order: a sync pages with it
        so that rows the engine keeps refusing do not hide the rows behind them.
        """
        convert = {"articles": sqlite_search.article_dict, "mentions": sqlite_search.mention_dict}[table]
        if after is None:
            rows = self.db.execute(f"SELECT * FROM {table} WHERE synced_at IS NULL LIMIT ?", (limit,))
        else:
            rows = self.db.execute(
                f"SELECT * FROM {table} WHERE synced_at IS NULL AND id > ? ORDER BY id LIMIT ?", (after, limit)
            )
        return [convert(r) for r in rows]

    def unsynced_count(self, table: str) -> int:
        if table not in ("articles", "mentions"):
            raise ValueError(table)
        return self.db.execute(f"SELECT count(*) FROM {table} WHERE synced_at IS NULL").fetchone()[0]

    def mark_synced(self, table: str, ids_with_stamp: Iterable[tuple[str, str]]) -> None:
        """Mark rows shipped, unless they changed after being read (updated_at differs)."""
        if table not in ("articles", "mentions"):
            raise ValueError(table)
        with self.transaction() as db:
            db.executemany(
                f"UPDATE {table} SET synced_at=? WHERE id=? AND updated_at=?",
                [(_now(), i, stamp) for i, stamp in ids_with_stamp],
            )

    def search(self, query: SearchQuery) -> SearchResult:
        return sqlite_search.search(self.db, query)
