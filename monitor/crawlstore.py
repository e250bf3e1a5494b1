"""One store connection per crawler, shared by the components that need it.

The spider middleware that skips stored URLs, the conditional-GET middleware,
and the extract, dedupe and store pipelines all read or write the same SQLite
file; Scrapy's way to share one resource among them is an extension that they
look up (Crawler.get_extension) in their from_crawler.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from monitor.config import config_from_settings
from monitor.store import SqliteStore, open_store


class StoreExtension:
    def __init__(self, crawler: Crawler):
        self.store = open_store(config_from_settings(crawler.settings).db_path)
        # engine_stopped comes after every spider_closed handler: those may still write.
        crawler.signals.connect(self.store.close, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreExtension:
        return cls(crawler)


def crawler_store(crawler: Crawler) -> SqliteStore:
    extension = crawler.get_extension(StoreExtension)
    if extension is None:
        raise NotConfigured("monitor.crawlstore.StoreExtension is not in EXTENSIONS")
    return extension.store
