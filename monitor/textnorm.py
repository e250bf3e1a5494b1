"""Text normalisation for keyword search: inflected Russian and Kazakh forms
reduce to one key, so that "акима Алматы" finds "аким Алматы".

Russian and English use the Snowball stemmers (PyStemmer). No maintained
Kazakh stemmer exists on PyPI, so Kazakh gets a light suffix stripper over the
case, possessive and plural endings; it only needs to be consistent between
indexing and querying, not linguistically complete.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

TOKEN_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_CYRILLIC_RE = re.compile(r"[а-яёәғқңөұүһі]")

# Longest first, so "ның" is tried before "ы".
_KK_SUFFIXES = tuple(
    sorted(
        {
            # plural
            "лар", "лер", "дар", "дер", "тар", "тер",
            # genitive
            "ның", "нің", "дың", "дің", "тың", "тің",
            # dative
            "ға", "ге", "қа", "ке", "на", "не",
            # accusative
            "ны", "ні", "ды", "ді", "ты", "ті",
            # locative
            "да", "де", "та", "те", "нда", "нде",
            # ablative
            "дан", "ден", "тан", "тен", "нан", "нен", "ндан", "нден",
            # instrumental
            "мен", "бен", "пен", "менен", "бенен", "пенен",
            # possessive
            "сы", "сі", "ым", "ім", "ың", "ің", "ымыз", "іміз", "ыңыз", "іңіз",
            "ы", "і", "ын", "ін", "ында", "інде", "ына", "іне", "ынан", "інен",
        },
        key=len,
        reverse=True,
    )
)
_KK_MIN_STEM = 3


def normalize(text: str) -> str:
    return text.lower().replace("ё", "е")


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(normalize(text))


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


def stem_kk(token: str) -> str:
    for _ in range(3):
        for suffix in _KK_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= _KK_MIN_STEM:
                token = token[: -len(suffix)]
                break
        else:
            break
    return token


def stem(token: str, language: str) -> str:
    """The search key of one normalised token in a text of `language`."""
    if not _CYRILLIC_RE.search(token):
        return _stemmer("english").stemWord(token) if token.isalpha() else token
    if language == "kk" or KAZAKH_LETTERS.intersection(token):
        return stem_kk(token)
    return _stemmer("russian").stemWord(token)


def index_text(text: str, language: str) -> str:
    """Text as a space-separated run of stems, ready for an FTS5 column."""
    return " ".join(stem(t, language) for t in tokens(text))


_RU_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")
_RU_CASE_ENDINGS = ("ами", "ями", "ому", "ему", "ом", "ем", "ым", "им", "ой", "ей",
                    "а", "я", "у", "ю", "е", "ы", "и")
_MIN_BASE = 3


def query_variants(word: str) -> list[str]:
    """The word, and for a Russian word the form on the other side of its
    case ending. Snowball stems the nominative of some words apart from their
    other cases ("аким" -> "ак" but "акима" -> "аким"; "Досаев" -> "доса" but
    "Досаеву" -> "досаев"), so a query word is also looked up under the key of
    its nominative (ending cut) and of its genitive (an "а" added)."""
    if KAZAKH_LETTERS.intersection(word) or not _CYRILLIC_RE.search(word):
        return [word]
    variants = [word]
    if _RU_CONSONANT_END.search(word):
        variants.append(word + "а")
    for ending in _RU_CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_BASE:
            variants.append(word[: -len(ending)])
            break
    return variants


def query_keys(text: str) -> list[set[str]]:
    """For each query word, the keys it may have been indexed under.

    The query's language is unknown, so a word gets both its Russian and its
    Kazakh key; a document matches when every word matches one of its keys.
    """
    keys = []
    for token in tokens(text):
        extra = {stem(v, "ru") for v in query_variants(token)[1:]}
        keys.append({stem(token, "ru"), stem(token, "kk"), token} | extra)
    return keys
