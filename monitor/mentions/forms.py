"""Surface forms of names: Russian case endings and Kazakh case suffixes.

Registry names are expanded once into every form they can take in running text
("Досаев" -> "Досаева", "Досаевым", "Досаевтың", "Досаевқа"...), so matching a
token is one dictionary lookup instead of morphological analysis.
"""

from __future__ import annotations

import re

_VOWELS = set("аеёиоуыэюяәөұүі")
_CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі")

RU_ENDINGS = ("", "а", "у", "ом", "ым", "е", "ой", "ы", "и", "ем", "ю", "я", "ей")
RU_A_STEM_ENDINGS = ("ы", "и", "е", "у", "ю", "ой", "ей", "ою")  # Гайса -> Гайсы, Гайсой
KK_SUFFIXES = (
    "тың", "тің", "дың", "дің", "ның", "нің", "ың", "ің",  # genitive
    "қа", "ке", "ға", "ге", "на", "не", "а", "е",  # dative
    "ты", "ті", "ды", "ді", "ны", "ні", "ы", "і", "н",  # accusative
    "та", "те", "да", "де", "нда", "нде",  # locative
    "тан", "тен", "дан", "ден", "нан", "нен",  # ablative
    "пен", "бен", "мен",  # instrumental
)
EN_SUFFIXES = ("", "'s", "’s")
# A capitalised word in running text: where names can start.
CAPITALISED_RE = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’-]+")


def fold(text: str) -> str:
    """Lowercase, ё as е, Latin i in Cyrillic words as Kazakh і (a common typo)."""
    low = text.lower().replace("ё", "е").replace("’", "'")
    if "i" in low and any(ch in _CYRILLIC for ch in low):
        low = low.replace("i", "і")
    return low


# Kazakh letters -> the Russian letters the same name is often typed with.
# "й" as "и" too: "Жансейт" and "Жансеит" are one name transliterated two ways.
_LOOSE = str.maketrans("әғқңөұүһій", "агкноууhии".replace("h", "х"))


def loose(text: str) -> str:
    """fold(), then Kazakh letters as Russian ones: registry lookups must match "Женіс",
    "Жеңіс" and "Женис" alike, since news sites mix the two alphabets within one name."""
    return fold(text).translate(_LOOSE)


def loose_in_place(text: str) -> str:
    """loose() with every character kept at its index, so that a span found in the
    result is the same span of text (a few lower-case forms, as of "İ", are longer)."""
    out = loose(text)
    return out if len(out) == len(text) else "".join(loose(ch)[:1] for ch in text)


def is_latin(word: str) -> bool:
    return word.isascii()


def surface_forms(word: str) -> set[str]:
    """Every inflected form of one name part, folded."""
    base = fold(word)
    if is_latin(base):
        return {base + s for s in EN_SUFFIXES}
    forms = {base + e for e in RU_ENDINGS + KK_SUFFIXES}
    if base.endswith(("а", "я")):
        forms |= {base[:-1] + e for e in RU_A_STEM_ENDINGS}
    if base.endswith("й"):
        forms |= {base[:-1] + e for e in ("я", "ю", "ем", "е")}
    return forms


def strip_kazakh_suffix(word: str) -> str:
    """Досаевтың -> Досаев, Қасымбекке -> Қасымбек (best effort, for unknown names)."""
    low = fold(word)
    for suffix in sorted(KK_SUFFIXES, key=len, reverse=True):
        stem = low[: -len(suffix)]
        if len(suffix) == 1 and stem[-1:] not in _VOWELS:
            continue  # after a consonant Kazakh cases take -қа/-ты/...: "Айтбаева" is her name
        if low.endswith(suffix) and len(stem) >= 4 and _surname_like(stem):
            return word[: len(stem)]
    return word


_SURNAME_ENDINGS = (
    "ов", "ев", "ин", "ын", "ова", "ева", "ина", "ына", "ский", "цкий", "ская", "цкая",
    "улы", "ұлы", "уулы", "кызы", "қызы", "бек", "бай", "баев", "баева",
)


def _surname_like(stem: str) -> bool:
    return stem.endswith(_SURNAME_ENDINGS)


def surname_like(word: str) -> bool:
    low = fold(word)
    return _surname_like(low) or _surname_like(fold(strip_kazakh_suffix(word))) or any(
        low.endswith(e + end) for e in ("ов", "ев", "ин", "ын") for end in ("а", "у", "ым", "ой", "е")
    )
