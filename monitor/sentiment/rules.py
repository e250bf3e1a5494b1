"""Post-rules on the Russian model's score for cases a bag of words misses.

The model learns most cues from RuSentNE, but official denials are rare there
and are common in Kazakhstani news about akims («информация не соответствует
действительности»): the negative words in a denial are the allegation, not the
verdict, so a denial pulls a negative score toward neutral.
"""

from __future__ import annotations

import re

DENIAL_RE = re.compile(
    r"не\s+соответству\w*\s+действительност|опроверг\w*|не\s+подтверди\w*|не\s+подтвержд\w*|"
    r"фейк\w*|ложн\w+\s+информаци|безосновательн\w*|клевет\w*",
    re.IGNORECASE,
)
DENIAL_DAMPING = 0.3
NEUTRAL_EDGE = 0.19  # just inside the neutral band of Sentiment.from_score


def adjust_ru(sentence: str, span: tuple[int, int] | None, score: float) -> float:
    """A denied allegation is reported, not asserted: at most neutral-leaning-negative."""
    if score < 0 and DENIAL_RE.search(sentence):
        return max(score * DENIAL_DAMPING, -NEUTRAL_EDGE)
    return score
