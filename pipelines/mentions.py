"""Akim mentions of each article (monitor.mentions), models loaded once per crawl."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from scrapy.crawler import Crawler

from monitor.akims.settings import local_registry_path
from monitor.analyze import registry_finder
from monitor.config import Config, config_from_settings
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
        finder = MentionFinder.from_path(path) if path else _shared_finder(config_from_settings(crawler.settings))
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


def _shared_finder(config: Config) -> MentionFinder:
    """One finder per registry and process (a crawler per outlet would load it per outlet);
    a local registry file changed since (an accepted appointment) gives a new one."""
    local = local_registry_path(config)
    return _finder_for(str(local), local.stat().st_mtime if local.is_file() else None)


@lru_cache(maxsize=1)
def _finder_for(local: str, mtime: float | None) -> MentionFinder:
    # The mtime is part of the key only, so that an edited registry file is read again.
    return registry_finder(Path(local))
