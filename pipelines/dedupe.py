"""Groups reprints: sets duplicate_of, re-points a group when an earlier
publication of the same story turns up later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scrapy import signals
from scrapy.crawler import Crawler

from monitor import dedupe
from monitor.config import config_from_settings
from monitor.models import Article
from monitor.store import open_store


class DedupePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.store = open_store(config_from_settings(crawler.settings).db_path)
        since = datetime.now(UTC) - timedelta(days=dedupe.WINDOW_DAYS)
        rows = self.store.recent_signatures(since)
        self.index = dedupe.ReprintIndex((r["id"], r["published_utc"], r["duplicate_of"], r["minhash"]) for r in rows)
        crawler.signals.connect(self.store.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        mh = dedupe.signature(item.text)
        if mh is None:
            return item
        item.minhash = dedupe.to_bytes(mh)
        grouping = self.index.add(item.id, item.published_at, mh)
        item.duplicate_of = grouping.duplicate_of
        if grouping.regroup:
            # Written before the new root itself: if the crawl dies in between,
            # the group points at an id that the next crawl stores again.
            self.store.set_duplicate_of(grouping.regroup, item.id)
        if item.duplicate_of:
            self.crawler.stats.inc_value("monitor/reprints")
        return item
