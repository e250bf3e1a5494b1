"""Scrapy item pipeline: tone of each article and of each mention in it."""

from __future__ import annotations

from functools import lru_cache

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
        model = sentiment_model(config_from_settings(crawler.settings))
        return cls(crawler, shared_scorer(model))

    def process_item(self, item: Article) -> Article:
        score_article(self.scorer, item)
        self.crawler.stats.inc_value(f"monitor/sentiment/{item.sentiment.label}")
        return item


@lru_cache(maxsize=2)
def shared_scorer(model: str | None) -> SentimentScorer:
    """One scorer per model and process: the crawl runs a crawler per outlet, and the
    long-lived worker keeps them all for days; each loading the model is memory x outlets."""
    return SentimentScorer.default(model=model)
