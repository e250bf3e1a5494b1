"""Writes each article with its mentions to the embedded store, atomically.

The SQLite store is always written, first: search engines are fed from it, so
nothing a crawl found depends on an engine being up.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from monitor.crawlstore import crawler_store
from monitor.models import Article

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.store = crawler_store(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        for mention in item.mentions:
            mention.article_id = item.id
        self.store.save_article(item, minhash=item.minhash)
        stats = self.crawler.stats
        stats.inc_value("monitor/stored")
        stats.inc_value("monitor/mentions_stored", len(item.mentions))
        log.info("%s: stored %r (%s, %s, %d mentions)", item.source, item.title[:80], item.language,
                 item.published_at.date().isoformat() if item.published_at else "no date", len(item.mentions))
        return item
