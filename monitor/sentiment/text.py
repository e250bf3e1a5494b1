"""Tokenising and quote/speech cues shared by the Russian and Kazakh scorers."""

from __future__ import annotations

import re
from functools import lru_cache

# Words (Cyrillic incl. Kazakh letters, Latin, digits, hyphenated) and the
# punctuation that carries meaning for tone: quotes, dashes, ! and ?.
TOKEN_RE = re.compile(r"[0-9a-zа-яёәғқңөұүһі]+(?:-[0-9a-zа-яёәғқңөұүһі]+)*|[«»\"“”„—–!?:;,.()]")
SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9—–-])")
OPEN_QUOTES = "«“„"
CLOSE_QUOTES = "»”"
CLAUSE_BREAKS = frozenset(",.;:!?()—–")
ENT = "ent"  # placeholder token for the target entity (lower case: tokens are)
# «одерживает блестящую победу над снегом — на бумаге», «...жеңіске жетеді — қағаз
# жүзінде»: the praise before it is what reports claim, the sentence says it is false.
ONLY_ON_PAPER_RE = re.compile(
    r"(?:[—–-]|\bтолько|\bлишь)\s*(?:на\s+бумаге|на\s+словах)|\b(?:қағаз|сөз)\s+жүзінде(?:\s+ғана)?",
    re.IGNORECASE,
)


def on_paper_only(text: str, score: float) -> float:
    """Praise that the sentence itself says exists only on paper reads as its opposite."""
    if score > 0 and ONLY_ON_PAPER_RE.search(text):
        return -max(score, 0.3)
    return score


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(text.lower())


def split_sentences(text: str) -> list[str]:
    """Rough sentence split; good enough to spread article tone over sentences."""
    parts = []
    for para in text.splitlines():
        parts.extend(s.strip() for s in SENTENCE_RE.split(para) if s.strip())
    return parts


def inside_quotes(text: str, pos: int) -> bool:
    """Whether character position pos falls inside «...» or "..." quotes."""
    before = text[:pos]
    opened = sum(before.count(q) for q in OPEN_QUOTES)
    closed = sum(before.count(q) for q in CLOSE_QUOTES)
    if opened > closed:
        return True
    # Straight quotes open and close with the same character.
    return before.count('"') % 2 == 1


@lru_cache(maxsize=1)
def _ru_stemmer():
    try:  # PyStemmer (C) is ~20x faster than the pure-python snowball.
        import Stemmer

        return Stemmer.Stemmer("russian").stemWord
    except ImportError:  # pragma: no cover - depends on the environment
        import snowballstemmer

        return snowballstemmer.stemmer("russian").stemWord


@lru_cache(maxsize=200_000)
def ru_stem(word: str) -> str:
    return _ru_stemmer()(word)
