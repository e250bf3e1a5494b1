"""Language of a text: ru, kk, en or other.

langdetect has no Kazakh profile and calls Kazakh text "uk", "bg" or "mk".
Cyrillic is therefore decided by letters: Kazakh has nine that Russian lacks
(ә ғ қ ң ө ұ ү һ і), and their share separates the two far more reliably than
an n-gram model trained without Kazakh; Ukrainian, Belarusian and South
Slavic texts have letters of their own too. langdetect (seeded, so results
repeat) decides texts in Latin script, where it knows English from the rest.
It is also the slow part, so Cyrillic never reaches it.
"""

from __future__ import annotations

import re
import unicodedata

from langdetect import DetectorFactory, LangDetectException, detect_langs

# і is Kazakh too, but Ukrainian and Belarusian use it as much: it decides nothing.
KAZAKH_ONLY = frozenset("әғқңөұүһӘҒҚҢӨҰҮҺ")
OTHER_CYRILLIC = frozenset("їєґўђјљњћџѓќѕЇЄҐЎЂЈЉЊЋЏЃЌЅ")  # uk, be, sr, mk
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
# Kazakh prose carries 4-8 % of these letters; Russian text quoting a Kazakh
# name stays well under 1 %.
KAZAKH_SHARE = 0.02
KAZAKH_MIN_LETTERS = 3  # one Kazakh place name in a short Russian note is not enough
OTHER_SHARE = 0.005
SAMPLE_CHARS = 5000
KAZAKH_LATIN_MIN = 3
_KAZAKH_ACUTE = re.compile("[áǵńóúýÁǴŃÓÚÝ]")
_KAZAKH_BREVE = re.compile("[äñūÄÑŪ]")
NGRAM_SAMPLE_CHARS = 1200  # enough for langdetect to be stable; it is slow on more

DetectorFactory.seed = 0  # langdetect is randomised; a fixed seed makes it repeatable


def detect_language(text: str) -> str:
    sample = text[:SAMPLE_CHARS]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cyrillic + latin < 20:
        return "other"
    if cyrillic >= latin:
        return _cyrillic_language(sample, cyrillic)
    if _kazakh_latin(sample):
        return "kk"
    try:
        best = detect_langs(sample[:NGRAM_SAMPLE_CHARS])[0]
    except LangDetectException:
        return "other"
    return "en" if best.lang == "en" else "other"


def _kazakh_latin(sample: str) -> bool:
    """Kazakh in the 2018 Latin alphabet (lat.egemen.kz, qz.inform.kz): the dotless ı and
    the acute letters together. Turkish and Azeri have ı but no acute letters; Spanish and
    Czech have acute vowels but no ı. Or in the breve alphabet (qazaqtimes.com/lt)."""
    sample = unicodedata.normalize("NFC", sample)
    dotless = sample.count("ı")
    acute = len(_KAZAKH_ACUTE.findall(sample))
    if dotless >= KAZAKH_LATIN_MIN and acute >= KAZAKH_LATIN_MIN:
        return True
    # The breve alphabet (qazaqtimes.com/lt): ä, ñ and ū, which Turkish lacks, and q.
    return len(_KAZAKH_BREVE.findall(sample)) >= KAZAKH_LATIN_MIN and "q" in sample.lower()


def _cyrillic_language(sample: str, cyrillic: int) -> str:
    if sum(1 for ch in sample if ch in OTHER_CYRILLIC) / cyrillic >= OTHER_SHARE:
        return "other"
    kazakh = sum(1 for ch in sample if ch in KAZAKH_ONLY)
    if kazakh >= KAZAKH_MIN_LETTERS and kazakh / cyrillic >= KAZAKH_SHARE:
        return "kk"
    return "ru"
