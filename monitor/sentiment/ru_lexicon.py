"""Russian polarity words as model features (monitor/data/sentiment/ru_domain_words.tsv).

RuSentNE's news is international politics; Kazakhstani news about akims uses
words it rarely has («аплодируют», «взятка», «пробки», «благоустройство»). A
short list of such word beginnings, written by us, turns into a few features
(a polar word in the sentence, in the target's clause, within 3 words of it, or
as its syntactic head up to 2 levels, negation flipping the sign), so the model
learns once how much "a negative word next to the target" weighs and applies it
to every listed word. Grouped 5-fold CV on RuSentNE: F1_PN 0.454 -> 0.464; our
Kazakhstani sentences out of fold: 0.700 -> 0.771. The article head does without
them: on the article set they cost macro-F1 0.717 -> 0.693.
"""

from __future__ import annotations

from functools import lru_cache

from .kk_lexicon import DATA_DIR, read_domain_words
from .text import CLAUSE_BREAKS

DOMAIN_FILE = DATA_DIR / "ru_domain_words.tsv"
NEAR = 3
HEAD_DEPTH = 2


@lru_cache(maxsize=1)
def _by_prefix() -> dict[str, list[tuple[str, float]]]:
    index: dict[str, list[tuple[str, float]]] = {}
    for word, value in read_domain_words(DOMAIN_FILE).items():
        index.setdefault(word[:4], []).append((word, value))
    return index


def polarity(word: str) -> float:
    for prefix, value in _by_prefix().get(word[:4], ()):
        if word.startswith(prefix):
            return value
    return 0.0


def _polar(token: str) -> str | None:
    """"pos"/"neg" for a token of ru_features' negation-marked stream («не_одобрил» flips)."""
    negated = token.startswith("не_")
    value = polarity(token[3:] if negated else token)
    if not value:
        return None
    return "pos" if (value > 0) != negated else "neg"


def lexicon_features(tokens: list[str], targets: list[int]) -> dict[str, float]:
    """tokens: lowercased, negation-marked, the target masked at positions `targets`."""
    feats: dict[str, float] = {}

    def add(scope: str, token: str) -> None:
        kind = _polar(token)
        if kind:
            feats[f"lex:{scope}_{kind}"] = 1.0

    for token in tokens:
        add("s", token)
    for i in targets:
        a = b = i
        while a > 0 and tokens[a - 1] not in CLAUSE_BREAKS:
            a -= 1
        while b + 1 < len(tokens) and tokens[b + 1] not in CLAUSE_BREAKS:
            b += 1
        for token in tokens[a: b + 1]:
            add("c", token)
        for token in tokens[max(0, i - NEAR): i + NEAR + 1]:
            add("w", token)
    return feats


def head_features(sentence: str, start: int, end: int) -> dict[str, float]:
    """A polar word governing the target («X похвалили», «арест X»), by relation and depth."""
    from .ru_features import NEGATORS
    from .ru_syntax import target_parse

    _, ent, ids, by_id, kids = target_parse(sentence, start, end)
    feats: dict[str, float] = {}
    for t in ent:
        if t.head in ids:
            continue
        head, depth = by_id.get(t.head), 1
        while head is not None and depth <= HEAD_DEPTH:
            value = polarity(head.text.lower())
            if value:
                if any(k.text.lower() in NEGATORS for k in kids.get(head.id, [])):
                    value = -value
                feats[f"lex:h{depth}_{t.rel.split(':')[0]}_{'pos' if value > 0 else 'neg'}"] = 1.0
            head, depth = by_id.get(head.head), depth + 1
    return feats
