"""Re-running the pipeline over stored pages, without fetching them again."""

from __future__ import annotations

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
