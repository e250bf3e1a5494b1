"""Language of each article, from its text (the edition's language is a hint only:
Kazakh editions carry Russian quotes and the other way round)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from monitor.language import detect_language
from monitor.models import Article


class LanguagePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LanguagePipeline:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        detected = detect_language(f"{item.title}\n{item.text}")
        item.language = detected if detected != "other" else item.language
        self.crawler.stats.inc_value(f"monitor/language/{item.language}")
        return item
