"""Akim mentions in news text: registry names in every case form, role phrases, NER."""

from monitor.mentions.finder import MentionFinder

__all__ = ["MentionFinder"]
