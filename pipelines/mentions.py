"""Akim mentions of each article (monitor.mentions), models loaded once per crawl."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from monitor.analyze import mention_finder
from monitor.config import config_from_settings
from monitor.mentions import MentionFinder
from monitor.models import Article

logger = logging.getLogger(__name__)


class MentionsPipeline:
    def __init__(self, crawler: Crawler, finder: MentionFinder):
        self.crawler = crawler
        self.finder = finder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MentionsPipeline:
        path = crawler.settings.get("MONITOR_AKIMS_PATH")
        finder = MentionFinder.from_path(path) if path else mention_finder(config_from_settings(crawler.settings))
        return cls(crawler, finder)

    def process_item(self, item: Article) -> Article:
        stats = self.crawler.stats
        item.mentions = self.finder.find(
            item.text, title=item.title, language=item.language,
            published_at=item.published_at, article_id=item.id,
        )
        stats.inc_value("mentions/articles")
        if item.mentions:
            stats.inc_value("mentions/articles_with_mentions")
            stats.inc_value("mentions/found", len(item.mentions))
        for mention in item.mentions:
            stats.inc_value(f"mentions/role/{mention.person.role}")
            if mention.person.akim_id is None:
                stats.inc_value("mentions/unregistered")
        return item
