"""Sentiment (tone) of articles and of mentions of a person, Russian and Kazakh.

    from monitor.sentiment import SentimentScorer
    scorer = SentimentScorer.default()  # accurate where installed, else fast; model="fast" to choose
    scorer.score_article(text, language, title) -> monitor.models.Sentiment
    scorer.score_mention(snippets, names, language) -> monitor.models.Sentiment

Russian: a target-aware linear model trained on RuSentNE-2023 (train.py), by default
mixed with multilingual-e5-small fine-tuned on the same data (encoder.py,
encoder_train.py; `[sentiment] model = "fast"` leaves it out, ~5-10x faster).
Kazakh (and anything not Russian or Kazakh falls back to Russian features):
lexicon + rules (kk_scorer.py). See monitor/data/sentiment/README.md.
"""

from .scorer import SentimentScorer

__all__ = ["SentimentScorer"]
