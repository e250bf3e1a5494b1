"""Scrapy item pipeline: tone of each article and of each mention in it."""

from __future__ import annotations

from monitor.models import Article
from monitor.sentiment import SentimentScorer


def surface_names(name: str) -> list[str]:
    """Forms to look for in snippets: the full name and the surname alone.

    Russian and Kazakh news call officials by surname after the first mention;
    the target finder handles case endings (Досаева, Досаевтың) itself.
    """
    parts = name.split()
    names = [name]
    if len(parts) > 1:
        names.append(parts[-1])
    return names


class SentimentPipeline:
    def __init__(self, scorer: SentimentScorer):
        self.scorer = scorer

    @classmethod
    def from_crawler(cls, crawler) -> SentimentPipeline:
        # The scorer loads its model files once per process, here.
        return cls(SentimentScorer.default())

    def process_item(self, item):
        if not isinstance(item, Article):
            return item
        language = item.language or "other"
        item.sentiment = self.scorer.score_article(item.text or "", language, item.title or "")
        for mention in item.mentions:
            snippets = mention.snippets or []
            mention.sentiment = self.scorer.score_mention(
                snippets, surface_names(mention.person.name), language
            )
        return item
