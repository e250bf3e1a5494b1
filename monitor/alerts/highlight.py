"""The snippet that matched, split into plain and marked pieces.

Templates escape each piece themselves (HTML <mark>, text «»), so the
snippet text never has to be trusted as markup.
"""

from __future__ import annotations

from monitor import textnorm

Segments = list[tuple[str, bool]]  # (text, marked)


def pick_snippet(snippets: list[str], name: str, keywords: tuple[str, ...], fallback: str) -> Segments:
    """The first snippet with a keyword, else with the name, else the first; marked up."""
    name_keys = _keys(name)
    keyword_keys = set().union(*(_keys(k) for k in keywords)) if keywords else set()
    for keys in (keyword_keys, name_keys):
        for text in snippets:
            if keys and _has(text, keys):
                return mark(text, name_keys | keyword_keys)
    return mark(snippets[0] if snippets else fallback, name_keys | keyword_keys)


def mark(text: str, keys: set[str]) -> Segments:
    segments: Segments = []
    last = 0
    for match in textnorm.TOKEN_RE.finditer(text):
        if _token_keys(match.group()) & keys:
            gap = text[last : match.start()]
            if segments and segments[-1][1] and not gap.strip():  # "Ерболат Досаев" as one mark
                segments[-1] = (segments[-1][0] + gap + match.group(), True)
            else:
                if gap:
                    segments.append((gap, False))
                segments.append((match.group(), True))
            last = match.end()
    if last < len(text):
        segments.append((text[last:], False))
    return segments


def _keys(text: str) -> set[str]:
    groups = textnorm.query_keys(text)
    return set().union(*groups) - {""} if groups else set()


def _token_keys(token: str) -> set[str]:
    word = textnorm.normalize(token)
    return {textnorm.stem(word, "ru"), textnorm.stem(word, "kk")}


def _has(text: str, keys: set[str]) -> bool:
    return any(_token_keys(m.group()) & keys for m in textnorm.TOKEN_RE.finditer(text))
