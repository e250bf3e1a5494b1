"""SearchQuery over the SQLite store: FTS5 for keywords, SQL for filters."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC
from typing import Any

from monitor import textnorm
from monitor.search import SearchHit, SearchQuery, SearchResult

SNIPPET_CHARS = 220


def article_dict(row: sqlite3.Row) -> dict[str, Any]:
    d = {k: row[k] for k in row.keys() if k not in ("minhash",)}
    d["authors"] = json.loads(d["authors"])
    d["akim_ids"] = json.loads(d["akim_ids"])
    d["sentiment"] = {"label": d.pop("sentiment_label"), "score": d.pop("sentiment_score")}
    return d


def mention_dict(row: sqlite3.Row) -> dict[str, Any]:
    d = {k: row[k] for k in row.keys()}
    d["snippets"] = json.loads(d["snippets"])
    d["main_subject"] = bool(d["main_subject"])
    d["sentiment"] = {"label": d.pop("sentiment_label"), "score": d.pop("sentiment_score")}
    d["person"] = {k: d.pop(k) for k in ("akim_id", "name", "role", "position", "region", "level")}
    return d


def fts_expression(text: str) -> str | None:
    """An FTS5 MATCH expression: every word, under any of its keys."""
    groups = []
    for keys in textnorm.query_keys(text):
        alts = " OR ".join(f'"{k}"' for k in sorted(keys) if k)
        groups.append(f"({alts})")
    return " AND ".join(groups) or None


def _where(q: SearchQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    expr = fts_expression(q.text) if q.text.strip() else None
    if expr:
        where.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        args.append(expr)
    for column, value in (("a.source", q.source), ("a.language", q.language)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    if q.since:
        where.append("a.published_utc >= ?")
        args.append(q.since.astimezone(UTC).isoformat(timespec="seconds"))
    if q.until:
        where.append("a.published_utc < ?")
        args.append(q.until.astimezone(UTC).isoformat(timespec="seconds"))
    if q.mention_filters:
        sub, sub_args = _mention_where(q)
        where.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND {sub})")
        args.extend(sub_args)
    elif q.sentiment:
        where.append("a.sentiment_label = ?")
        args.append(q.sentiment)
    return where, args


def _mention_where(q: SearchQuery) -> tuple[str, list[Any]]:
    parts: list[str] = ["1=1"]
    args: list[Any] = []
    if q.akim:
        parts.append("(m.akim_id = ? OR ulower(m.name) LIKE ?)")
        args += [q.akim, f"%{q.akim.lower()}%"]
    if q.region:
        parts.append("ulower(m.region) = ?")
        args.append(q.region.lower())
    if q.role:
        parts.append("m.role = ?")
        args.append(q.role)
    if q.main_subject:
        parts.append("m.main_subject = 1")
    if q.sentiment:
        parts.append("m.sentiment_label = ?")
        args.append(q.sentiment)
    return " AND ".join(parts), args


def search(db: sqlite3.Connection, q: SearchQuery) -> SearchResult:
    where, args = _where(q)
    clause = " WHERE " + " AND ".join(where) if where else ""
    total = db.execute(f"SELECT count(*) FROM articles a{clause}", args).fetchone()[0]
    rows = db.execute(
        f"SELECT a.* FROM articles a{clause} ORDER BY a.published_utc DESC, a.id LIMIT ? OFFSET ?",
        [*args, q.limit, q.offset],
    ).fetchall()
    hits = [_hit(db, row, q) for row in rows]
    by_akim, by_sentiment = _facets(db, clause, args, q)
    return SearchResult(total=total, hits=hits, by_akim=by_akim, by_sentiment=by_sentiment)


def _facets(db: sqlite3.Connection, clause: str, args: list[Any], q: SearchQuery) -> tuple[dict, dict]:
    """Counts of matching mentions per akim and per sentiment."""
    mention_sql, mention_args = _mention_where(q) if q.mention_filters else ("1=1", [])
    base = (
        f"FROM mentions m WHERE m.article_id IN (SELECT a.id FROM articles a{clause}) AND {mention_sql}"
    )
    all_args = [*args, *mention_args]
    by_akim = {
        r[0]: r[1]
        for r in db.execute(
            f"SELECT coalesce(m.akim_id, m.name), count(*) AS n {base} GROUP BY 1 ORDER BY n DESC LIMIT 20",
            all_args,
        )
    }
    by_sentiment = {
        r[0]: r[1] for r in db.execute(f"SELECT m.sentiment_label, count(*) {base} GROUP BY 1", all_args)
    }
    return by_akim, by_sentiment


def _hit(db: sqlite3.Connection, row: sqlite3.Row, q: SearchQuery) -> SearchHit:
    mentions = [mention_dict(r) for r in db.execute("SELECT * FROM mentions WHERE article_id=?", (row["id"],))]
    root = row["duplicate_of"] or row["id"]
    reprints = [
        {"id": r["id"], "source": r["source"], "url": r["url"]}
        for r in db.execute(
            "SELECT id, source, url FROM articles WHERE (id=? OR duplicate_of=?) AND id != ?",
            (root, root, row["id"]),
        )
    ]
    return SearchHit(
        id=row["id"], url=row["url"], source=row["source"], title=row["title"],
        published_at=row["published_at"], language=row["language"],
        sentiment={"label": row["sentiment_label"], "score": row["sentiment_score"]},
        snippet=snippet(row["text"], q.text), duplicate_of=row["duplicate_of"],
        mentions=mentions, reprints=reprints,
    )


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """The passage around the first word matching the query, with «» marks."""
    keys = set().union(*textnorm.query_keys(query)) if query.strip() else set()
    for match in textnorm.TOKEN_RE.finditer(text):
        word = textnorm.normalize(match.group())
        if keys and {textnorm.stem(word, "ru"), textnorm.stem(word, "kk")} & keys:
            start = max(0, match.start() - width // 2)
            end = min(len(text), match.end() + width // 2)
            marked = text[start : match.start()] + "«" + match.group() + "»" + text[match.end() : end]
            return ("…" if start else "") + _squash(marked) + ("…" if end < len(text) else "")
    return _squash(text[:width]) + ("…" if len(text) > width else "")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
