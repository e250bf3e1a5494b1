"""Language of a text: ru, kk, en or other.

langdetect has no Kazakh profile and calls Kazakh text "uk", "bg" or "mk".
Kazakh is written in Cyrillic with nine letters Russian lacks (ә ғ қ ң ө ұ ү
һ і); their share among Cyrillic letters separates the two languages far more
reliably than any n-gram model trained without Kazakh. langdetect then decides
among the rest, with a fixed seed so that results are deterministic.
"""

from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect_langs

KAZAKH_ONLY = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
# Kazakh prose carries 4-8 % of these letters; Russian text quoting a Kazakh
# name stays well under 1 %.
KAZAKH_SHARE = 0.02
KAZAKH_MIN_LETTERS = 3  # one Kazakh place name in a short Russian note is not enough
SAMPLE_CHARS = 5000

DetectorFactory.seed = 0  # langdetect is randomised; a fixed seed makes it repeatable


def detect_language(text: str) -> str:
    sample = text[:SAMPLE_CHARS]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cyrillic + latin < 20:
        return "other"
    if cyrillic >= latin:
        kazakh = sum(1 for ch in sample if ch in KAZAKH_ONLY)
        if kazakh >= KAZAKH_MIN_LETTERS and kazakh / cyrillic >= KAZAKH_SHARE:
            return "kk"
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return "other"
    if best.lang == "ru" or (best.lang in ("uk", "bg", "mk", "be") and cyrillic > latin):
        # Without Kazakh letters, Cyrillic that langdetect files under a
        # neighbour is almost always Russian in Kazakhstani news.
        return "ru"
    if best.lang == "en":
        return "en"
    return "other"
