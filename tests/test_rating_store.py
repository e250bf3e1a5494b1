"""The story root mentions carry (schema migration 12) and the figure cache keyed by rating_version:
root stays equal to the articles' reprint grouping through every write, a store migrated from
version 11 gets the same figures as the hand count of tests/rating_sample.py, and any write
makes cached figures unreachable."""

from __future__ import annotations

import sqlite3
import warnings
from datetime import datetime

import pytest

from monitor.models import Mention, Person, Sentiment
from monitor.rating import Figures, cache, compute_rating, parse_period
from monitor.search import SearchQuery
from monitor.store import open_store
from monitor.store.schema import MIGRATIONS
from monitor.web import create_app
from rating_sample import ALMATY, AKHMETOV, DOSSAYEV, _article, build_store, sample_articles

NOV = parse_period("2026-11")


def roots(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT id, root FROM mentions"))


def joined_roots(db: sqlite3.Connection) -> dict[str, str]:
    """What root must be: the article's duplicate_of, else its id."""
    return dict(db.execute("SELECT m.id, coalesce(a.duplicate_of, a.id) FROM mentions m "
                           "JOIN articles a ON a.id = m.article_id"))


def version(db: sqlite3.Connection) -> int:
    return db.execute("SELECT rating_version FROM store_version").fetchone()[0]


@pytest.fixture
def store(tmp_path):
    with open_store(build_store(tmp_path / "monitor.db")) as s:
        yield s


def test_saved_mentions_carry_their_story_root(store):
    got = roots(store.db)
    assert got == joined_roots(store.db) and len(got) == 14
    a1, a2 = sample_articles()[:2]  # a2 is a reprint of a1
    assert {got[m.id] for m in a2.mentions} == {a1.id}


def test_folding_reprints_later_moves_the_roots_and_the_stories(store):
    articles = sample_articles()
    a4, a5 = articles[3], articles[4]  # Досаев in a4, Касымбек in a5: separate stories
    before = compute_rating(store.db, NOV).total.current
    assert before.stories == 5
    # a4 arrives as a reprint of a5 (dedupe found them alike)
    store.set_duplicate_of([a4.id], a5.id)
    assert roots(store.db) == joined_roots(store.db)
    assert compute_rating(store.db, NOV).total.current.stories == 4
    # An earlier publication arrives: the group's old root and its reprint point at it (regroup)
    first = _article(40, "nur", (2026, 11, 2, 9), [(AKHMETOV, "neu", False)])
    store.save_article(first)
    store.set_duplicate_of([a5.id, a4.id], first.id)
    assert {roots(store.db)[m.id] for m in a4.mentions + a5.mentions} == {first.id}
    assert roots(store.db) == joined_roots(store.db)
    # Ungrouped again: every article is its own story
    store.set_duplicate_of([a5.id, a4.id], None)
    assert roots(store.db) == joined_roots(store.db)
    assert roots(store.db)[a4.mentions[0].id] == a4.id


def test_reprocess_rewriting_an_article_keeps_the_root(store):
    articles = sample_articles()
    a1, a2 = articles[0], articles[1]
    # A reprocess saves the article again: mentions changed, one dropped, one added, grouping kept
    a2.mentions = [Mention(a2.id, AKHMETOV, snippets=["новый"], sentiment=Sentiment.from_score(0.5))]
    store.save_article(a2)
    assert {roots(store.db)[m.id] for m in a2.mentions} == {a1.id}
    # ...or the article comes back with another grouping
    a2.duplicate_of = None
    store.save_article(a2)
    assert roots(store.db) == joined_roots(store.db)
    assert roots(store.db)[a2.mentions[0].id] == a2.id


def test_a_mention_written_without_root_gets_it_from_its_article(store):
    a2 = sample_articles()[1]
    columns = [r[1] for r in store.db.execute("PRAGMA table_info(mentions)") if r[1] not in ("id", "root")]
    with store.transaction() as db:
        db.execute(f"INSERT INTO mentions(id, {', '.join(columns)}) SELECT 'raw', {', '.join(columns)} "
                   "FROM mentions WHERE article_id = ? LIMIT 1", (a2.id,))
    assert roots(store.db)["raw"] == a2.duplicate_of


def test_a_store_migrated_from_version_11_gets_the_hand_counted_figures(tmp_path):
    full = build_store(tmp_path / "full.db")
    old = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    for script in MIGRATIONS[:11]:
        for statement in script.split(";\n"):
            if statement.strip():
                old.execute(statement)
    old.execute("PRAGMA user_version = 11")
    old.execute("ATTACH ? AS full", (str(full),))
    for table in ("articles", "mentions"):
        columns = ", ".join(r[1] for r in old.execute(f"PRAGMA main.table_info({table})"))
        old.execute(f"INSERT INTO main.{table}({columns}) SELECT {columns} FROM full.{table}")
    old.close()
    with open_store(tmp_path / "old.db") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert roots(store.db) == joined_roots(store.db) and None not in roots(store.db).values()
        rating = compute_rating(store.db, NOV)
        dossayev = next(r for r in rating.akims if r.key == "dossayev_yerbolat")
        assert dossayev.current == Figures(mentions=5, stories=3, outlets=4, negative=2, positive=2, main=4)
        assert rating.total.current == Figures(mentions=9, stories=5, outlets=4, negative=4, positive=2, main=6)
        # and the triggers work on it: a fold changes the stories
        articles = sample_articles()
        store.set_duplicate_of([articles[3].id], articles[4].id)
        assert compute_rating(store.db, NOV).total.current.stories == 4


def test_rating_version_counts_writes_that_change_figures_only(store):
    start = version(store.db)
    a1 = sample_articles()[0]
    store.save_article(a1)  # the same article again: nothing the figures show changed
    assert version(store.db) == start
    store.mark_synced("mentions", [(r[0], r[1]) for r in store.db.execute("SELECT id, updated_at FROM mentions")])
    store.mark_synced("articles", [(r[0], r[1]) for r in store.db.execute("SELECT id, updated_at FROM articles")])
    assert version(store.db) == start  # sync stamps are not figures
    a1.mentions[0].sentiment = Sentiment.from_score(-0.9)
    store.save_article(a1)
    assert version(store.db) > start
    after_tone = version(store.db)
    store.set_duplicate_of([a1.id], sample_articles()[2].id)
    assert version(store.db) > after_tone


def test_cached_figures_are_recomputed_after_any_write(store):
    calls = []

    def rating():
        calls.append(1)
        return compute_rating(store.db, NOV)

    first = cache.cached(store.db, "test", NOV, rating)
    assert cache.cached(store.db, "test", NOV, rating) is first and len(calls) == 1
    store.save_article(_article(41, "nur", (2026, 11, 25, 9), [(DOSSAYEV, "pos", True)]))
    second = cache.cached(store.db, "test", NOV, rating)
    assert len(calls) == 2 and second.total.current.mentions == first.total.current.mentions + 1


def test_search_facets_follow_a_write(store):
    query = SearchQuery(since=datetime(2026, 11, 1, tzinfo=ALMATY), until=datetime(2026, 12, 1, tzinfo=ALMATY))
    assert store.search(query).by_akim["dossayev_yerbolat"] == 5
    store.save_article(_article(42, "nur", (2026, 11, 25, 9), [(DOSSAYEV, "pos", True)]))
    assert store.search(query).by_akim["dossayev_yerbolat"] == 6


def test_rating_page_shows_a_write_made_after_it_was_cached(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    path = build_store(tmp_path / "monitor.db")
    with TestClient(create_app(path)) as client:
        assert "Асхат Новиков" not in client.get("/rating?period=2026-11").text
        assert "Асхат Новиков" not in client.get("/rating?period=2026-11").text  # from the cache
        newcomer = Person("Асхат Новиков", "akim", None, "аким Караганды", "karaganda", "city")
        with open_store(path) as other:  # another process's write: a crawl
            other.save_article(_article(43, "ratel", (2026, 11, 12, 10), [(newcomer, "neg", True)]))
        assert "Асхат Новиков" in client.get("/rating?period=2026-11").text
