"""Re-running the pipeline over stored pages, without fetching them again."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from monitor.analyze import Analyzer
from monitor.config import load_config
from monitor.models import Article
from monitor.reprocess import reprocess
from monitor.store import open_store


def stored_without_mentions(store, url: str, body: bytes, title: str) -> Article:
    """What a crawl before the mention step (or with an older registry) left."""
    article = Article(url=url, source="nur", title=title, text="старый текст", published_at=None,
                      crawled_at=datetime(2025, 1, 1, tzinfo=UTC), language="ru", fetched_url=url, raw_html=body)
    store.save_article(article)
    return article


def test_reprocess_fills_text_dates_and_mentions_from_the_stored_page(tmp_path, site):
    path = site.article_paths["nur.ru"][0]
    url = f"https://www.nur.kz{path}"
    config = load_config(None, tmp_path / "s.db")
    with open_store(config.db_path) as store:
        old = stored_without_mentions(store, url, site.routes["nur.ru"][path].body, "старый заголовок")
        listing = stored_without_mentions(store, "https://www.nur.kz/latest/", site.routes["nur.ru"]["/latest/"].body, "x")
        report = reprocess(store, Analyzer(config))
        article = store.get_article(old.id)
        mentions = store.mentions_of(old.id)
        assert report.updated == 1 and report.no_longer_article == [listing.url]
        assert article["title"] == "Аким Павлодарской области открыл новую школу в Экибастузе"
        assert article["published_at"] and article["crawled_at"].startswith("2025-01-01")
        assert [m["person"]["name"] for m in mentions] == ["Асаин Байханов"]
        assert store.counts()["articles"] == 2  # nothing dropped, nothing added
        again = reprocess(store, Analyzer(config))
        assert again.updated == 1 and store.counts()["mentions"] == len(mentions)


KEPT_FIELDS = ("title", "text", "published_at", "published_utc", "language", "authors", "section", "source",
               "crawled_at", "duplicate_of")


def _crawl_replica(config):
    from monitor.crawl import default_since, run_crawl
    from replica_support import FAST

    return run_crawl(config, since=default_since(config), settings=FAST)


def _articles(db_path) -> dict[str, dict]:
    with open_store(db_path) as store:
        ids = [row[0] for row in store.db.execute("SELECT id FROM articles")]
        return {i: store.get_article(i) for i in ids}


def _mention_keys(db_path) -> set[tuple]:
    with open_store(db_path) as store:
        return {(r[0], r[1], r[2]) for r in store.db.execute("SELECT id, name, published_at FROM mentions")}


def test_reprocess_without_the_crawl_config_changes_no_stored_field(config, replica):
    """The probe's case: a store crawled from the replicas, reprocessed with the default
    configuration (whose outlets live at other hosts), must keep every field, ratel's
    date from its outlet's date selector included."""
    _crawl_replica(config)
    before, mentions_before = _articles(config.db_path), _mention_keys(config.db_path)
    assert any(a["source"] == "ratel" and a["published_at"] for a in before.values())
    plain = load_config(None, config.db_path)
    with open_store(plain.db_path) as store:
        report = reprocess(store, Analyzer(plain))
    assert report.updated == len(before) and not report.no_longer_article
    after = _articles(config.db_path)
    for article_id, old in before.items():
        for name in KEPT_FIELDS:
            assert after[article_id][name] == old[name], (old["url"], name)
    assert _mention_keys(config.db_path) == mentions_before


def test_dates_and_authors_from_the_feed_and_the_http_charset_survive_reprocess(tmp_path, site, replica):
    from replica_support import replica_config

    # A bnews feed naming the author (the page names none), a tengrinews page without any
    # date of its own (its feed and news sitemap have it).
    feed = site.routes["bnews.ru"]["/ru/news/rss/"]
    for other in ("/sitemap.xml", "/ru/news/"):  # the feed alone finds bnews' articles: no race with it
        del site.routes["bnews.ru"][other]
    feed.body = feed.body.replace(b"</title><link>", "</title><author>ed@bnews.kz (Айгуль Нурова)</author><link>".encode())
    path = site.article_paths["tengrinews.ru"][1]
    del site.routes["tengrinews.ru"]["/news/"]  # found by the feed and the news sitemap only, both dated
    page = site.routes["tengrinews.ru"][path]
    html = page.body.decode("utf-8").replace('"datePublished"', '"dateNone"').replace("article:published_time", "x")
    page.body = re.sub(r'<div class="date-time">[^<]*</div>', "", html).encode("utf-8")
    # A tengrinews page in windows-1251 whose charset only the HTTP header declares.
    t_path = site.article_paths["tengrinews.ru"][0]
    t_page = site.routes["tengrinews.ru"][t_path]
    t_html = t_page.body.decode("utf-8").replace('<meta charset="utf-8">', "")
    t_page.body = t_html.encode("cp1251", errors="replace")
    t_page.content_type = "text/html; charset=windows-1251"
    config = replica_config(tmp_path, replica)
    from monitor.crawl import default_since, run_crawl
    from replica_support import FAST

    run_crawl(config, since=default_since(config), settings=FAST, outlets=["bnews", "tengrinews"])
    before = _articles(config.db_path)
    [dated_by_feed] = [a for a in before.values() if a["url"].endswith(path)]
    assert dated_by_feed["published_at"]
    assert all(a["authors"] == ["Айгуль Нурова"] for a in before.values() if a["source"] == "bnews")
    [cp1251] = [a for a in before.values() if a["url"].endswith(t_path)]
    assert cp1251["title"] == samples_title(t_path, site) and "\ufffd" not in cp1251["text"]
    with open_store(config.db_path) as store:
        reprocess(store, Analyzer(config))
    after = _articles(config.db_path)
    for article_id, old in before.items():
        for name in KEPT_FIELDS:
            assert after[article_id][name] == old[name], (old["url"], name)


def samples_title(path: str, site) -> str:
    from monitor.replica import articles as samples

    [sample] = [s for s in samples.SAMPLES if s.slug in path and s.outlet == "tengrinews"]
    return sample.title


def test_pages_stored_before_their_crawl_context_keep_their_fields(tmp_path, site):
    """A store from before the crawl context was kept: what the page no longer gives stays."""
    path = site.article_paths["ratel.ru"][0]
    html = site.routes["ratel.ru"][path].body.decode("utf-8")
    html = re.sub(r'<div class="post_news__(date|author)">[^<]*</div>', "", html)
    url = f"https://ratel.kz{path}"
    published = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    config = load_config(None, tmp_path / "s.db")
    with open_store(config.db_path) as store:
        store.save_article(Article(url=url, source="ratel", title="t", text="x", published_at=published,
                                   crawled_at=published, language="ru", authors=["Айгуль Нурова"],
                                   section="news", fetched_url=url, raw_html=html.encode()))
        report = reprocess(store, Analyzer(config))
        [article_id] = store.article_ids()
        article = store.get_article(article_id)
        mentions = store.mentions_of(article_id)
    assert report.updated == 1
    assert datetime.fromisoformat(article["published_at"]) == published
    assert article["authors"] == ["Айгуль Нурова"] and article["title"] != "t"
    assert mentions and all(datetime.fromisoformat(m["published_at"]) == published for m in mentions)
