"""Tone of one article and of each mention in it: what the crawl's sentiment
step and `monitor analyze` both do."""

from __future__ import annotations

from monitor.models import Article
from monitor.sentiment.events import article_frame
from monitor.sentiment.scorer import SentimentScorer


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


def score_article(scorer: SentimentScorer, article: Article) -> None:
    language = article.language or "other"
    article.sentiment = scorer.score_article(article.text or "", language, article.title or "")
    frame = article_frame(article.title or "", article.text or "", language)
    for mention in article.mentions:
        mention.sentiment = scorer.score_mention(mention.snippets or [], surface_names(mention.person.name),
                                                 language, frame)
