"""Page -> Article: extraction with trafilatura, non-articles dropped."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from monitor.config import Config, config_from_settings
from monitor.extract import extract
from monitor.crawlstore import crawler_store
from monitor.models import Article, Page, article_id

log = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, crawler: Crawler, config: Config):
        self.crawler = crawler
        self.config = config
        # Skipped pages are remembered so the next crawl does not fetch them again.
        self.store = crawler_store(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler, config_from_settings(crawler.settings))

    def process_item(self, item: Page) -> Article:
        outlet = self.config.outlet(item.source)
        crawled_at = datetime.now(UTC)
        result = extract(item.html, item.url, outlet, now=crawled_at, min_chars=self.config.crawl.min_text_chars)
        result = item.context.complete(result)
        if not result.is_article:
            if result.no_text and outlet.is_article_url(item.canonical_url):
                # An article URL with no text at all: an empty answer, a maintenance or
                # "checking your browser" page. Not remembered: the next crawl asks again.
                self._skip(item, "no_text", f"no article text, will retry: {result.reason}", remember=False)
            self._skip(item, "not_article", f"not an article: {result.reason}")
        published = result.published_at
        since = getattr(self.crawler.spider, "since", None)
        if since is not None and published is not None and published < since:
            self._skip(item, "too_old", f"too old: published {published.isoformat()}", published)
        stats = self.crawler.stats
        if published is None:
            stats.inc_value("monitor/extracted/no_date")
        stats.inc_value("monitor/extracted")
        for name, source in result.sources.items():  # layout drift: see monitor.outletstate.record_health
            stats.inc_value(f"monitor/field_source/{name}/{source}")
        return Article(
            url=item.canonical_url, source=item.source, title=result.title, text=result.text,
            published_at=published, crawled_at=crawled_at, language=item.context.edition_language or "other",
            authors=result.authors, section=result.section, fetched_url=item.url, raw_html=item.body,
            crawl=item.context,
        )

    def _skip(self, item: Page, reason: str, message: str, published: datetime | None = None,
              remember: bool = True) -> None:
        self.crawler.stats.inc_value(f"monitor/skipped/{reason}")
        if remember:
            self.store.mark_skipped(article_id(item.canonical_url), item.canonical_url, reason, published)
        raise DropItem(f"{message} ({item.url})")
