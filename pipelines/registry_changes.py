"""Proposed registry changes from appointment and dismissal news (monitor.appointments).

Runs before the store pipeline: a proposal is recorded before its article is, so a
crash in between loses nothing (the article is fetched again by the next crawl and
proposes the same change under the same id, which is then ignored).
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from monitor.akims import Registry
from monitor.akims.settings import load_registry
from monitor.appointments import ChangeFinder
from monitor.appointments.queue import record
from monitor.config import config_from_settings
from monitor.crawlstore import crawler_store
from monitor.models import Article

log = logging.getLogger(__name__)


class RegistryChangesPipeline:
    def __init__(self, crawler: Crawler, finder: ChangeFinder):
        self.crawler = crawler
        self.finder = finder
        self.store = crawler_store(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RegistryChangesPipeline:
        path = crawler.settings.get("MONITOR_AKIMS_PATH")
        registry = Registry.load(path) if path else load_registry(config_from_settings(crawler.settings))
        return cls(crawler, ChangeFinder(registry))

    def process_item(self, item: Article) -> Article:
        proposals = self.finder.find(item)
        new = record(self.store.db, proposals)
        if new:
            self.crawler.stats.inc_value("monitor/registry_changes", new)
            log.info("%s: %d proposed registry change(s) from %s (see `monitor akims suggest`)",
                     item.source, new, item.url)
        return item
