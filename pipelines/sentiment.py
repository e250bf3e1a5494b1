"""Scrapy item pipeline: tone of each article and of each mention in it."""

from __future__ import annotations

from monitor.config import config_from_settings
from monitor.models import Article
from monitor.sentiment import SentimentScorer
from monitor.sentiment.apply import score_article
from monitor.sentiment.settings import sentiment_model


class SentimentPipeline:
    def __init__(self, crawler, scorer: SentimentScorer):
        self.crawler = crawler
        self.scorer = scorer

    @classmethod
    def from_crawler(cls, crawler) -> SentimentPipeline:
        # One scorer per process and model, whatever the number of crawlers (one per
        # outlet, kept for days by the long-lived worker): each loading its own held the
        # accurate model once per outlet.
        model = sentiment_model(config_from_settings(crawler.settings))
        return cls(crawler, SentimentScorer.shared(model))

    def process_item(self, item: Article) -> Article:
        score_article(self.scorer, item)
        self.crawler.stats.inc_value(f"monitor/sentiment/{item.sentiment.label}")
        return item
