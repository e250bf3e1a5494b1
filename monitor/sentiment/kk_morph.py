"""Just enough Kazakh morphology to look inflected words up in a polarity list.

Kazakh is agglutinative: сынға, сынады, сыналды, жемқорлығы all carry a stem
plus suffixes. We peel suffixes off the end (longest first) and try each
intermediate form, plus the dictionary verb form (stem + у).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Plural, case, possessive, person, tense and participle endings, longest first.
SUFFIXES = sorted(
    {
        "лар", "лер", "дар", "дер", "тар", "тер",
        "ның", "нің", "дың", "дің", "тың", "тің",
        "ға", "ге", "қа", "ке", "на", "не", "а", "е",
        "ды", "ді", "ты", "ті", "ны", "ні", "н",
        "да", "де", "та", "те", "нда", "нде",
        "дан", "ден", "тан", "тен", "нан", "нен",
        "мен", "бен", "пен", "ымен", "імен",
        "ым", "ім", "м", "ың", "ің", "ң", "ы", "і", "сы", "сі", "мыз", "міз",
        "ымыз", "іміз", "ыңыз", "іңіз",
        "ған", "ген", "қан", "кен", "атын", "етін", "йтын", "йтін",
        "ады", "еді", "йды", "йді", "ды", "ді", "ты", "ті",
        "мақ", "мек", "бақ", "бек", "пақ", "пек", "у", "уы", "уі",
        "ып", "іп", "п", "са", "се", "сын", "сін", "ақ", "ек",
        "дық", "дік", "тық", "тік", "лық", "лік",
        "ыл", "іл", "л", "ын", "ін",
    },
    key=len,
    reverse=True,
)
MIN_STEM = 3
# Verbal negation sits between the stem and tense: орында-л-ма-ды, шеш-іл-ме-ді.
NEG_VERB_RE = re.compile(r"^(?:ыл|іл|л|ын|ін|н|т|дыр|дір|тыр|тір)?(?:ма|ме|ба|бе|па|пе)"
                         r"(?:ды|ді|й|ған|ген|с|у|сын|сін|йтын|йтін|ғ|г|ңыз|ңіз|кен|қан)")


@lru_cache(maxsize=100_000)
def candidate_stems(word: str) -> tuple[str, ...]:
    """The word and every form left after peeling up to 4 suffixes, longest first."""
    seen = {word}
    frontier = [word]
    for _ in range(4):
        nxt = []
        for form in frontier:
            for suffix in SUFFIXES:
                if form.endswith(suffix) and len(form) - len(suffix) >= MIN_STEM:
                    stem = form[: -len(suffix)]
                    if stem not in seen:
                        seen.add(stem)
                        nxt.append(stem)
        frontier = nxt
    extra = set()
    for form in seen:
        # Voiced before vowels: жемқорлығы <- жемқорлық, кітабы <- кітап.
        if form[-1] in SOFTENED:
            extra.add(form[:-1] + SOFTENED[form[-1]])
        # Dictionary verb forms end in -у: сына-ды -> сынау.
        if form != word and form[-1] in "аеыіо":
            extra.add(form + "у")
    return tuple(sorted(seen | extra, key=len, reverse=True))


SOFTENED = {"ғ": "қ", "г": "к", "б": "п"}


def is_negated_verb(word: str, stem: str) -> bool:
    """True if what follows the stem is a negative verb ending (жақсар-мады)."""
    return word.startswith(stem) and bool(NEG_VERB_RE.match(word[len(stem):]))
