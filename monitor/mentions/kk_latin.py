"""Kazakh in the Latin alphabet (the 2018 acute-accent version several outlets publish:
lat.egemen.kz, qz.inform.kz, qamshy.kz/latyn) read as Cyrillic, so that the role
phrases and names written for Cyrillic find «oblysy ákimi» as «облысы әкімі».

The alphabet is a fixed table of 32 letters and two digraphs; no library on PyPI
converts this direction for the 2018 letters, and a name only has to be spelt as the
Cyrillic text would spell it closely enough for loose() matching.
"""

from __future__ import annotations

import re
import unicodedata

_DIGRAPHS = {"sh": "ш", "ch": "ч"}
_LETTERS = {
    "a": "а", "á": "ә", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "ǵ": "ғ",
    "h": "х", "ı": "и", "i": "і", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "ń": "ң",
    "o": "о", "ó": "ө", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "u": "ұ", "ú": "ү",
    "v": "в", "w": "у", "x": "кс", "y": "ы", "ý": "у", "z": "з",
}
_VOWELS = set("aáeoóuúyıiý")
# Letters only the Kazakh Latin alphabet has (dotless ı and the accented vowels): a
# text with several of them is Kazakh Latin, not English or a transliterated name.
_MARKERS = re.compile("[áǵıńóúýÁǴÓÚÝŃ]")
_WORD = re.compile(r"[A-Za-záǵıńóúýÁǴÓÚÝŃİ]+")


def is_kazakh_latin(text: str, minimum: int = 3) -> bool:
    sample = unicodedata.normalize("NFC", text[:5000])
    return len(_MARKERS.findall(sample)) >= minimum


def to_cyrillic(text: str) -> str:
    """Latin Kazakh words as Cyrillic; everything else (Cyrillic, digits, punctuation)
    kept as it is."""
    return _WORD.sub(_word, unicodedata.normalize("NFC", text))


def _word(match: re.Match) -> str:
    word = match.group(0)
    out, i, low = [], 0, word.lower()
    while i < len(word):
        pair = low[i:i + 2]
        if pair in _DIGRAPHS:
            out.append(_cased(_DIGRAPHS[pair], word[i]))
            i += 2
            continue
        letter = _LETTERS.get(low[i], word[i])
        if low[i] == "ı" and i > 0 and low[i - 1] in _VOWELS:
            letter = "й"  # "Sergeı", "Qaıyrgeldınov": after a vowel the letter is й
        out.append(_cased(letter, word[i]))
        i += 1
    return "".join(out)


def _cased(cyrillic: str, original: str) -> str:
    return cyrillic[:1].upper() + cyrillic[1:] if original.isupper() else cyrillic
