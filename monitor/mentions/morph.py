"""Names of people outside the registry, brought to the nominative.

pymorphy3 is used directly rather than through natasha's MorphVocab: MorphVocab
subclasses pymorphy2.MorphAnalyzer, and pymorphy2 calls inspect.getargspec,
which Python 3.11 removed. Only first names need the dictionary; surnames
follow regular endings that rules handle better than the guesser, which
happily reads "Курманова" as a short adjective.
"""

from __future__ import annotations

from functools import lru_cache

import pymorphy3

from monitor.mentions.forms import fold, strip_kazakh_suffix

_KK_LETTERS = set("әғқңөұүһі")


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def normalize_name(words: list[str], case: str | None = None, kazakh: bool = False) -> str:
    """['Мариям', 'Маликовой'] -> 'Мариям Маликова'; keeps the order as written.

    case is the grammatical case of the role noun the name stands next to
    ("акиму Ахметову" -> datv), which settles "Ахметова" = his genitive, not her name.
    """
    if not words:
        return ""
    if kazakh or any(set(fold(w)) & _KK_LETTERS for w in words):
        words = [strip_kazakh_suffix(w) for w in words]
    if case == "nomn":
        return " ".join(_title(w) for w in words)
    genders = {_first_name_gender(w) for w in words[:-1]}
    # Without a case hint "Мариям Маликова" is her nominative unless the first name is a man's.
    feminine = _feminine_surname(words) or (case is None and len(words) > 1 and "masc" not in genders)
    out = [_surname_nominative(w, feminine) if _is_surname(w) else _first_nominative(w, case) for w in words]
    return " ".join(_title(w) for w in out)


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def _is_surname(word: str) -> bool:
    low = fold(word)
    return any(s in low[-7:] for s in ("ов", "ев", "ин", "ын")) and not low.endswith(("вич", "вна"))


def _feminine_surname(words: list[str]) -> bool:
    return any(fold(w).endswith(("овой", "евой", "иной", "ыной")) for w in words)


def _surname_nominative(word: str, feminine: bool) -> str:
    low = fold(word)
    for stem in ("ов", "ев", "ин", "ын"):
        if low.endswith(stem + "ой"):
            return word[:-2] + "а"
        if low.endswith((stem + "ым", stem + "ом")):
            return word[:-2] + ("а" if feminine else "")
        if low.endswith((stem + "у", stem + "е")):
            return word[:-1] + ("а" if feminine else "")
        if low.endswith(stem + "а"):
            return word if feminine else word[:-1]
    return word


def _first_name_gender(word: str) -> str | None:
    for parse in analyzer().parse(word):
        if "Name" in parse.tag and "sing" in parse.tag:
            return parse.tag.gender
    return None


def _first_nominative(word: str, case: str | None = None) -> str:
    parses = [p for p in analyzer().parse(word) if "Name" in p.tag and "sing" in p.tag]
    if case:
        parses = [p for p in parses if p.tag.case == case] or parses
    if not parses:
        # Kazakh first names the dictionary lacks: only endings that are never nominative.
        low = fold(word)
        for ending in ("ом", "ым", "у"):
            if low.endswith(ending) and len(low) > 4 and low[-len(ending) - 1] not in "аеиоуыэюяәөұүі":
                return word[: -len(ending)]
        return word
    if any(p.tag.case == "nomn" for p in parses):
        return word
    return parses[0].normal_form
