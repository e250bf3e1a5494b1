"""Kazakh word polarity: our domain list, qaznltk's word lists, and a char model.

Three sources, most trusted first:
1. monitor/data/sentiment/kk_domain_words.tsv - news-about-officials stems we wrote;
2. qaznltk's positive/negative word lists (MIT), read from the installed package;
3. a character n-gram model trained on SezimEmoLex (CC BY 4.0) + the above at
   `monitor sentiment train` time. Only its weights ship (kk_char_model.json.gz):
   the lexicon itself is never copied into the repo.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .kk_morph import candidate_stems

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "sentiment"
DOMAIN_FILE = DATA_DIR / "kk_domain_words.tsv"
CHAR_MODEL_FILE = DATA_DIR / "kk_char_model.json.gz"
MIN_LOOKUP = 4  # shorter stems only match the curated domain list
# Weights chosen on benchmarks/data/kk_sentiment.tsv (then checked on the
# holdout file): general-purpose lists misfire in news (басшылық, бағалау are
# "positive" there), so they count far less than our domain stems.
CHAR_CONFIDENCE = 0.9  # the char model speaks only when it is this sure
CHAR_WEIGHT = 0.2
LIST_WEIGHT = 0.3  # qaznltk's lists


def read_domain_words(path: Path = DOMAIN_FILE) -> dict[str, float]:
    words = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            stem, value = line.split("\t")
            words[stem.strip()] = float(value)
    return words


def read_qaznltk_words() -> dict[str, float]:
    """qaznltk's lists, or nothing if the package is missing."""
    try:
        base = resources.files("qaznltk") / "special_words"
        pos = (base / "positive_words.txt").read_text(encoding="utf-8").split()
        neg = (base / "negative_words.txt").read_text(encoding="utf-8").split()
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    words = {w.lower(): 1.0 for w in pos}
    words.update({w.lower(): -1.0 for w in neg})
    return words


def char_ngrams(word: str, lo: int = 2, hi: int = 5) -> set[str]:
    padded = f"<{word}>"
    return {padded[i: i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)}


@dataclass
class CharModel:
    """Linear model over char n-grams: classes (negative, neutral, positive)."""

    weights: dict[str, list[float]]
    intercept: list[float]

    @classmethod
    def load(cls, path: Path = CHAR_MODEL_FILE) -> CharModel | None:
        if not path.exists():
            return None
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return cls(data["weights"], data["intercept"])

    def polarity(self, word: str) -> float:
        """p(pos) - p(neg) when confident, else 0."""
        z = list(self.intercept)
        for ng in char_ngrams(word):
            w = self.weights.get(ng)
            if w:
                z = [a + b for a, b in zip(z, w)]
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        p = [e / sum(exp) for e in exp]
        if max(p[0], p[2]) < CHAR_CONFIDENCE:
            return 0.0
        return p[2] - p[0]


@dataclass
class KazakhLexicon:
    domain: dict[str, float]
    listed: dict[str, float]
    char_model: CharModel | None = None
    _cache: dict[str, tuple[float, str]] = field(default_factory=dict)

    @classmethod
    def default(cls) -> KazakhLexicon:
        return cls(read_domain_words(), read_qaznltk_words(), CharModel.load())

    def lookup(self, word: str) -> tuple[float, str]:
        """(polarity, matched stem) of an inflected word; (0, "") if unknown."""
        if word not in self._cache:
            self._cache[word] = self._lookup(word)
        return self._cache[word]

    def _lookup(self, word: str) -> tuple[float, str]:
        stems = candidate_stems(word)
        for stem in stems:  # longest first: жемқорлық before жем
            if stem in self.domain:
                return self.domain[stem], stem
        for stem in stems:
            if len(stem) >= MIN_LOOKUP and stem in self.listed:
                return LIST_WEIGHT * self.listed[stem], stem
        if self.char_model is not None and len(word) >= 5:
            return CHAR_WEIGHT * self.char_model.polarity(word), word
        return 0.0, ""
