"""SearchQuery over the SQLite store: FTS5 for keywords, SQL for filters."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from datetime import UTC
from typing import Any

from monitor import textnorm
from monitor.rating.cache import cached
from monitor.search import SearchHit, SearchQuery, SearchResult

SNIPPET_CHARS = 220
FACET_SIZE = 20


def article_dict(row: sqlite3.Row) -> dict[str, Any]:
    d = {k: row[k] for k in row.keys() if k not in ("minhash",)}
    d["authors"] = json.loads(d["authors"])
    d["akim_ids"] = json.loads(d["akim_ids"])
    d["sentiment"] = {"label": d.pop("sentiment_label"), "score": d.pop("sentiment_score")}
    return d


def mention_dict(row: sqlite3.Row) -> dict[str, Any]:
    d = {k: row[k] for k in row.keys()}
    d["snippets"] = json.loads(d["snippets"])
    d["other_roles"] = json.loads(d.get("other_roles") or "[]")
    d["main_subject"] = bool(d["main_subject"])
    d["sentiment"] = {"label": d.pop("sentiment_label"), "score": d.pop("sentiment_score")}
    d["person"] = {k: d.pop(k) for k in ("akim_id", "name", "role", "position", "region", "level")}
    return d


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts_expression(text: str) -> str | None:
    """An FTS5 MATCH expression: every word, under any of its keys."""
    groups = []
    for keys in textnorm.query_keys(text):
        alts = " OR ".join(f'"{k}"' for k in sorted(keys) if k)
        groups.append(f"({alts})")
    return " AND ".join(groups) or None


def _where(db: sqlite3.Connection, q: SearchQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    expr = fts_expression(q.text) if q.text.strip() else None
    if expr:
        where.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        args.append(expr)
    elif q.text.strip():
        where.append("0")  # a query of punctuation only has no word to find: nothing matches
    for column, value in (("a.source", q.source), ("a.language", q.language)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    period, period_args = period_where(q, "a.published_utc")
    where += period
    args += period_args
    if q.mention_filters:
        # Uncorrelated: SQLite builds the set of article ids once, not a probe per article.
        sub, sub_args = mention_where(db, q)
        table = "mentions m"
        if _by_period(q):  # mentions carry their article's dates: bound the set by the period too
            bounds, bound_args = period_where(q, "m.published_utc")
            sub, sub_args, table = " AND ".join([*bounds, sub]), [*bound_args, *sub_args], \
                "mentions m INDEXED BY mentions_figures"
        where.append(f"a.id IN (SELECT m.article_id FROM {table} WHERE {sub})")
        args.extend(sub_args)
    elif q.sentiment:
        where.append("a.sentiment_label = ?")
        args.append(q.sentiment)
    return where, args


def period_where(q: SearchQuery, column: str) -> tuple[list[str], list[str]]:
    """Conditions on a UTC ISO column for q's [since, until) period."""
    where, args = [], []
    for op, bound in ((">=", q.since), ("<", q.until)):
        if bound:
            where.append(f"{column} {op} ?")
            args.append(bound.astimezone(UTC).isoformat(timespec="seconds"))
    return where, args


def mention_where(db: sqlite3.Connection, q: SearchQuery) -> tuple[str, list[Any]]:
    parts: list[str] = ["1=1"]
    args: list[Any] = []
    if q.akim:
        if db.execute("SELECT 1 FROM mentions WHERE akim_id = ? LIMIT 1", (q.akim,)).fetchone():
            parts.append("m.akim_id = ?")  # a registry id: indexed
            args.append(q.akim)
        else:
            parts.append("ulower(m.name) LIKE ? ESCAPE '\\'")
            args.append(f"%{like_escape(q.akim.lower())}%")  # '%' and '_' are letters here, not wildcards
    if q.region:
        # Registry regions are ASCII ids; places of people outside it are Cyrillic names.
        parts.append("m.region = ?" if q.region.isascii() else "ulower(m.region) = ?")
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
    where, args = _where(db, q)
    clause = " WHERE " + " AND ".join(where) if where else ""
    # One evaluation of the filters gives the page's ids and the total (a window count), read from
    # the covering index articles_lookup; only the page's rows are then read whole: sorting a.* of
    # every match would read every matching article's text.
    page = db.execute(
        f"SELECT a.id, count(*) OVER () FROM articles a{clause} ORDER BY a.published_utc DESC, a.id LIMIT ? OFFSET ?",
        [*args, q.limit, q.offset],
    ).fetchall()
    if page:
        total = page[0][1]
    else:  # no row to carry the count: a page past the end, or limit 0
        total = db.execute(f"SELECT count(*) FROM articles a{clause}", args).fetchone()[0]
    ids = [row[0] for row in page]
    by_id = {row["id"]: row for row in db.execute(
        f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
    hits = [_hit(db, by_id[i], q) for i in ids]
    by_akim, by_sentiment = _facets(db, q)
    return SearchResult(total=total, hits=hits, by_akim=by_akim, by_sentiment=by_sentiment)


def mention_scope(db: sqlite3.Connection, q: SearchQuery, *extra: str) -> tuple[str, list[Any]]:
    """FROM/WHERE over the mentions the filters of q select.

    Mentions carry copies of their article's source, language and dates, so
    only keywords and the article's tone need the articles table, and then
    through one uncorrelated subquery rather than a join per mention.
    """
    where, args = list(extra), []
    expr = fts_expression(q.text) if q.text.strip() else None
    if expr:
        where.append("m.article_id IN (SELECT a.id FROM articles a WHERE a.rowid IN "
                     "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))")
        args.append(expr)
    for column, value in (("m.source", q.source), ("m.language", q.language)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    period, period_args = period_where(q, "m.published_utc")
    where += period
    args += period_args
    if q.mention_filters:
        sub, sub_args = mention_where(db, q)
        where.append(sub)
        args.extend(sub_args)
    elif q.sentiment:
        where.append("m.article_id IN (SELECT id FROM articles WHERE sentiment_label = ?)")
        args.append(q.sentiment)
    table = "mentions m INDEXED BY mentions_figures" if _by_period(q) and not expr else "mentions m"
    return f"FROM {table}" + (" WHERE " + " AND ".join(where) if where else ""), args


def _by_period(q: SearchQuery) -> bool:
    """Whether to read mentions through the covering index mentions_figures (published_utc first).

    With a period and no person id, a range scan of that index beats probing an equality
    index (role, tone, region) and then reading every wide mention row; a person has the
    (akim_id, published_utc) index, and keywords narrow the articles first."""
    return bool(q.since or q.until) and not q.akim


def mention_groups(db: sqlite3.Connection, q: SearchQuery) -> list[tuple[str, str, str, str, int]]:
    """Matching mentions counted per (person key, name, outlet, tone).

    The facets and the search page's rankings of people and outlets are folds of
    these rows, so a page computes them once (and again only after a write: the
    cache is keyed by the store's rating_version)."""
    overall = replace(q, limit=0, offset=0)  # the page shown changes no count

    def compute() -> list[tuple[str, str, str, str, int]]:
        scope, args = mention_scope(db, overall)
        return [tuple(r) for r in db.execute(
            f"SELECT coalesce(m.akim_id, m.name) AS k, max(m.name), m.source, m.sentiment_label, count(*) {scope} "
            "GROUP BY k, m.source, m.sentiment_label", args)]

    return cached(db, "mention_groups", overall, compute)


def _facets(db: sqlite3.Connection, q: SearchQuery) -> tuple[dict, dict]:
    """Counts of matching mentions per akim and per sentiment."""
    by_akim: dict[str, int] = {}
    by_sentiment: dict[str, int] = {}
    for person, _name, _source, label, count in mention_groups(db, q):
        by_akim[person] = by_akim.get(person, 0) + count
        by_sentiment[label] = by_sentiment.get(label, 0) + count
    top = sorted(by_akim.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
    return dict(top), by_sentiment


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
