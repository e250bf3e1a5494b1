"""Find the person a mention is about inside a snippet, in any case form."""

from __future__ import annotations

import re
from functools import lru_cache

from monitor.mentions.forms import loose, loose_in_place

# Letters and digits of any script. A class spelled out letter by letter with
# IGNORECASE costs ~2 ms to compile, once per distinct name; these cost nothing.
WORD = r"[^\W_]"
NON_WORD = r"[\W_]"


def _stem(token: str) -> str:
    # Russian and Kazakh inflect names by suffixes (Досаева, Досаеву, Досаевтың,
    # Маликовой): keep the start of the word and let the suffix vary.
    if len(token) <= 4:
        return re.escape(token)
    keep = max(4, len(token) - 2 if token[-1] in "аяоеьй" else len(token) - 1)
    return re.escape(token[:keep])


@lru_cache(maxsize=4096)
def name_pattern(name: str) -> re.Pattern[str] | None:
    tokens = [t for t in re.split(NON_WORD + "+", name) if t]
    if not tokens:
        return None
    body = (NON_WORD + "+").join(_stem(t) + WORD + "*" for t in tokens)
    return re.compile(rf"(?<!{WORD}){body}", re.IGNORECASE)


def find_target(snippet: str, names: list[str]) -> tuple[int, int] | None:
    """Span of the longest match of any name form, or None if the person is absent."""
    best: tuple[int, int] | None = None
    # News and the registry mix Kazakh and Russian letters in one name («Қасымбекке»
    # for "Касымбек"): both sides are compared with the Kazakh letters as Russian ones.
    text = loose_in_place(snippet)
    # Longer names first: "Ерболат Досаев" beats "Досаев" on the same spot.
    for name in sorted(names, key=len, reverse=True):
        pattern = name_pattern(loose(name.strip()))
        if pattern is None:
            continue
        match = pattern.search(text)
        if match and (best is None or match.end() - match.start() > best[1] - best[0]):
            best = (match.start(), match.end())
    return best
