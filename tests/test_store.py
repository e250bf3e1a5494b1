"""The embedded SQLite store: idempotent writes, inflected keyword search, filters."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from monitor.dates import LOCAL_TZ
from monitor.errors import StoreError
from monitor.models import Article, Mention, Person, Sentiment, article_id
from monitor.search import SearchQuery
from monitor.store import open_store

DOSAYEV = Person(name="Ерболат Досаев", role="akim", akim_id="dossayev", region="almaty", level="city")
DEPUTY = Person(name="Мариям Маликова", role="deputy_akim", region="Экибастуз", level="city")


def article(n: int, title: str, text: str, language: str = "ru", mentions=(), sentiment="neutral") -> Article:
    a = Article(url=f"https://tengrinews.kz/kazakhstan_news/a-{n}/", source="tengrinews", title=title, text=text,
                published_at=datetime(2024, 3, n, 10, 0, tzinfo=LOCAL_TZ), crawled_at=datetime.now(UTC),
                language=language, sentiment=Sentiment(sentiment, {"negative": -0.6}.get(sentiment, 0.0)),
                raw_html=b"<html>" + title.encode() + b"</html>")
    a.mentions = [Mention(article_id=a.id, person=p, snippets=[text[:50]], sentiment=Sentiment(*s))
                  for p, s in mentions]
    return a


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "s.db") as s:
        s.save_article(article(1, "Аким Алматы открыл парк", "Сегодня акима Алматы спросили о парке.",
                               mentions=[(DOSAYEV, ("positive", 0.5))]))
        s.save_article(article(2, "Жители пожаловались акиму", "Жители Алматы пожаловались Досаеву на дороги.",
                               mentions=[(DOSAYEV, ("negative", -0.7))], sentiment="negative"))
        s.save_article(article(3, "Замакима Экибастуза", "Маликова назвала таблицу фейком.",
                               mentions=[(DEPUTY, ("neutral", 0.0))]))
        s.save_article(article(4, "Әкім тұрғындармен кездесті", "Алматы қаласының әкімі Досаевтың сөзі.",
                               language="kk", mentions=[(DOSAYEV, ("neutral", 0.0))]))
        yield s


def test_writes_are_idempotent(store):
    before = store.counts()
    again = article(1, "Аким Алматы открыл парк", "Сегодня акима Алматы спросили о парке.",
                    mentions=[(DOSAYEV, ("positive", 0.5))])
    store.save_article(again)
    store.save_article(again)
    assert store.counts() == before
    assert store.search(SearchQuery(text="парк")).total == 1


def test_first_seen_survives_rewrites(store):
    first = store.mentions_of(article(1, "", "").id)[0]["first_seen_at"]
    store.save_article(article(1, "Аким Алматы открыл парк", "Новый текст о парке.",
                               mentions=[(DOSAYEV, ("positive", 0.5))]))
    assert store.mentions_of(article(1, "", "").id)[0]["first_seen_at"] == first


@pytest.mark.parametrize(("query", "expected"), [
    ("аким Алматы", 2), ("акима Алматы", 2), ("акиму", 2), ("Досаев", 2), ("Досаевтың", 2),
    ("парком", 1), ("әкімі", 1), ("отсутствующее", 0),
])
def test_keyword_search_matches_inflected_forms(store, query, expected):
    assert store.search(SearchQuery(text=query)).total == expected


def test_filters_and_facets(store):
    negative = store.search(SearchQuery(akim="dossayev", sentiment="negative"))
    assert [h.title for h in negative.hits] == ["Жители пожаловались акиму"]
    by_name = store.search(SearchQuery(akim="досаев"))
    assert by_name.total == 3 and by_name.by_akim == {"dossayev": 3}
    assert by_name.by_sentiment == {"positive": 1, "negative": 1, "neutral": 1}
    assert store.search(SearchQuery(role="deputy_akim")).total == 1
    assert store.search(SearchQuery(language="kk")).total == 1
    assert store.search(SearchQuery(sentiment="negative")).total == 1  # article-level without person filters
    march2 = store.search(SearchQuery(since=datetime(2024, 3, 2, tzinfo=LOCAL_TZ),
                                      until=datetime(2024, 3, 3, tzinfo=LOCAL_TZ)))
    assert [h.title for h in march2.hits] == ["Жители пожаловались акиму"]


def test_a_nominative_surname_finds_its_other_cases(store):
    store.save_article(article(5, "Досаев ответил", "Аким Досаев ответил журналистам.", mentions=[]))
    # "Досаев" stems to "доса", "Досаеву" to "досаев"; "аким" to "ак", "акима" to "аким".
    assert store.search(SearchQuery(text="Досаев")).total == 3
    assert store.search(SearchQuery(text="Досаеву")).total == 3
    assert store.search(SearchQuery(text="Досаевым")).total == 3
    assert store.search(SearchQuery(text="акима")).total == 3  # articles 1, 2 and 5
    assert store.search(SearchQuery(text="аким")).total == 3


def test_snippet_marks_the_matching_word(store):
    hit = store.search(SearchQuery(text="Досаев")).hits[-1]
    assert "«Досаеву»" in hit.snippet or "«Досаевтың»" in hit.snippet


def test_raw_html_is_kept_compressed(store):
    a = article(1, "Аким Алматы открыл парк", "")
    assert store.raw_html(a.id) == "<html>Аким Алматы открыл парк</html>".encode()
    size = store.db.execute("SELECT length(html) FROM raw_pages WHERE article_id=?", (a.id,)).fetchone()[0]
    assert size > 0


def test_a_failed_write_leaves_nothing_half_written(store):
    bad = article(9, "Полстатьи", "Текст.", mentions=[(DOSAYEV, ("neutral", 0.0))])
    bad.mentions[0].snippets = [object()]  # not JSON: the mention insert fails after the article's
    with pytest.raises(TypeError):
        store.save_article(bad)
    assert store.search(SearchQuery(text="Полстатьи")).total == 0
    assert store.get_article(bad.id) is None


def test_unopenable_store_is_a_clear_error(tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(tmp_path / "dir.db")
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        open_store(tmp_path / "junk.db")


def test_sync_marks_skip_rows_changed_meanwhile(store):
    rows = store.unsynced("articles")
    assert len(rows) == 4
    stamps = [(r["id"], r["updated_at"]) for r in rows]
    store.save_article(article(1, "Аким Алматы открыл парк", "Изменённый текст о парке.",
                               mentions=[(DOSAYEV, ("positive", 0.5))]))
    store.db.execute("UPDATE articles SET updated_at='changed' WHERE id=?", (article(1, "", "").id,))
    store.mark_synced("articles", stamps)
    assert [r["id"] for r in store.unsynced("articles")] == [article(1, "", "").id]
    assert isinstance(store.db, sqlite3.Connection)


def test_akim_filter_treats_like_wildcards_as_letters_and_punctuation_finds_nothing(tmp_path):
    from monitor.search import SearchQuery
    from monitor.store import open_store

    with open_store(tmp_path / "s.db") as store:
        for i, name in enumerate(["Ерболат Досаев", "Женис Касымбек"]):
            store.save_article(Article(
                url=f"https://x.kz/{i}", source="tengrinews", title=f"Аким {i}", text="Аким города провёл приём.",
                published_at=datetime(2025, 3, 1, tzinfo=UTC), crawled_at=datetime(2025, 3, 1, tzinfo=UTC),
                language="ru", mentions=[Mention(article_id(f"https://x.kz/{i}"), Person(name, "akim"))]))
        assert store.search(SearchQuery(akim="%")).total == 0
        assert store.search(SearchQuery(akim="_")).total == 0
        assert store.search(SearchQuery(akim="Досаев")).total == 1
        assert store.search(SearchQuery(text="!!! ... ?")).total == 0
        assert store.search(SearchQuery(text="аким")).total == 2


def test_a_write_waits_and_retries_past_another_writers_long_lock(tmp_path):
    import sqlite3
    import threading
    import time as clock

    from monitor.store.sqlite import SqliteStore

    path = tmp_path / "s.db"
    SqliteStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.6, lambda: holder.execute("COMMIT"))
    release.start()
    store = SqliteStore(path, busy_timeout=0.2)  # shorter than the other writer's lock
    started = clock.monotonic()
    store.mark_skipped("id", "https://x.kz/a", "not_article")
    assert clock.monotonic() - started >= 0.5
    assert store.db.execute("SELECT count(*) FROM skipped_pages").fetchone()[0] == 1
    release.join()
    holder.close()
    store.close()
