"""Groups reprints: sets duplicate_of, re-points a group when an earlier
publication of the same story turns up later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scrapy.crawler import Crawler

from monitor import dedupe
from monitor.crawlstore import crawler_store
from monitor.models import Article


class DedupePipeline:
    """Each outlet's crawler has its own pipeline, and reprints cross outlets,
    so the index is caught up from the store (what the other crawlers wrote)
    before every comparison."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.store = crawler_store(crawler)
        self.since = datetime.now(UTC) - timedelta(days=dedupe.WINDOW_DAYS)
        self.index = dedupe.ReprintIndex()
        self.last_rowid = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def _catch_up(self) -> None:
        for row in self.store.signatures_after(self.last_rowid, self.since):
            self.index.remember(row["id"], row["published_utc"], row["duplicate_of"], row["minhash"])
            self.last_rowid = row["rowid"]

    def process_item(self, item: Article) -> Article:
        mh = dedupe.signature(item.text)
        if mh is None:
            return item
        self._catch_up()
        item.minhash = dedupe.to_bytes(mh)
        grouping = self.index.add(item.id, item.published_at, mh)
        item.duplicate_of = grouping.duplicate_of
        if grouping.regroup:
            # Written before the new root itself: if the crawl dies in between,
            # the members point at an id that the next crawl stores again, and
            # ReprintIndex.add() recognises them as its group.
            self.store.set_duplicate_of(grouping.regroup, item.id)
            self.crawler.stats.inc_value("monitor/reprints", len(grouping.regroup))
        if item.duplicate_of:
            self.crawler.stats.inc_value("monitor/reprints")
        return item
