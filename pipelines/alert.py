"""Immediate alerts for each stored article with mentions (the long-lived worker only).

Off (NotConfigured) unless the worker put its alert runner in the settings
(MONITOR_LIVE_ALERTS): a crawl or `monitor run --once` sends alerts after the
whole run, as before. The runner composes and sends the immediate rules through
the outbox in a thread, so a slow SMTP server never stalls the crawl, and it
coalesces: articles stored while a pass runs are taken by the next one.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from monitor.models import Article


class AlertPipeline:
    def __init__(self, crawler: Crawler, runner):
        self.crawler = crawler
        self.runner = runner

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AlertPipeline:
        runner = crawler.settings.get("MONITOR_LIVE_ALERTS")
        if runner is None:
            raise NotConfigured  # no message: Scrapy would log one per crawl as a warning
        return cls(crawler, runner)

    def process_item(self, item: Article) -> Article:
        if item.mentions:  # stored by now (StorePipeline comes first): visible to the runner's connection
            self.runner.request("immediate")
            self.crawler.stats.inc_value("monitor/alerts_triggered")
        return item
