"""Names of people outside the registry, brought to the nominative.

pymorphy3 is used directly rather than through natasha's MorphVocab: MorphVocab
subclasses pymorphy2.MorphAnalyzer, and pymorphy2 calls inspect.getargspec,
which Python 3.11 removed. Only first names need the dictionary; surnames
follow regular endings that rules handle better than the guesser, which
happily reads "Курманова" as a short adjective.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

from monitor.mentions.forms import fold, strip_kazakh_suffix

_KK_LETTERS = set("әғқңөұүһі")


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def normalize_name(words: list[str], case: str | None = None, kazakh: bool = False) -> str:
    """['Мариям', 'Маликовой'] -> 'Мариям Маликова'; ['Жамановым', 'Ерланом', 'Бекмухамедовичем']
    -> 'Ерлан Жаманов': first name and surname, nominative, patronymic dropped.

    case is the grammatical case of the role noun the name stands next to
    ("акиму Ахметову" -> datv), which settles "Ахметова" = his genitive, not her name.
    The patronymic is dropped and the order made "first surname" so that one person
    gets one key whether an article writes "Ерлан Жаманов" or "Жаманов Ерлан Б.".
    """
    words = _without_patronymic(words)
    if not words:
        return ""
    if kazakh or any(set(fold(w)) & _KK_LETTERS for w in words):
        words = [strip_kazakh_suffix(w) for w in words]
    if case == "nomn":
        return " ".join(_title(w) for w in _first_then_surname(words))
    genders = {_first_name_gender(w) for w in words if not _is_surname(w)}
    # Without a case hint "Мариям Маликова" is her nominative unless the first name is a man's.
    feminine = _feminine_surname(words) or (case is None and len(words) > 1 and "masc" not in genders)
    out = [_surname_nominative(w, feminine) if _is_surname(w) else _first_nominative(w, case) for w in words]
    return " ".join(_title(w) for w in _first_then_surname(out))


_RU_PATRONYMIC = re.compile(r"(?:вич|вн)\w{0,3}$")
_KK_PATRONYMIC = ("улы", "ұлы", "кызы", "қызы")


def _without_patronymic(words: list[str]) -> list[str]:
    """Russian patronymics always; Kazakh -ұлы/-қызы only as a third word, since alone
    they are often the surname itself (Абдыгалиулы)."""
    kept = [w for w in words if len(w) < 6 or not _RU_PATRONYMIC.search(fold(w))]
    if len(kept) >= 3 and fold(kept[-1]).endswith(_KK_PATRONYMIC):
        kept = kept[:-1]
    return kept


def _first_then_surname(words: list[str]) -> list[str]:
    if len(words) == 2 and _is_surname(words[0]) and not _is_surname(words[1]):
        return [words[1], words[0]]
    return words


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


# Endings a man's first name takes only in that case ("Куанышем", "Багдате"), used when
# the dictionary lacks the name and the role word beside it gives the case.
_CASE_ENDINGS = {"ablt": ("ем",), "datv": ("е",), "loct": ("е",)}


def _first_nominative(word: str, case: str | None = None) -> str:
    parses = [p for p in analyzer().parse(word) if "Name" in p.tag and "sing" in p.tag]
    if case:
        parses = [p for p in parses if p.tag.case == case] or parses
    if not parses:
        # Kazakh first names the dictionary lacks: only endings that are never nominative.
        low = fold(word)
        endings = ("ом", "ым", "у") + _CASE_ENDINGS.get(case, ())
        for ending in endings:
            if low.endswith(ending) and len(low) > 4 and low[-len(ending) - 1] not in "аеиоуыэюяәөұүі":
                if ending == "ем" and low[-3] not in "шжчщц":
                    continue
                return word[: -len(ending)]
        return word
    if any(p.tag.case == "nomn" for p in parses):
        return word
    return parses[0].normal_form
