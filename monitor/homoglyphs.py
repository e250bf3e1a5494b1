"""Latin and Greek look-alike letters inside Cyrillic words, put back as Cyrillic.

Some sites mix them in against copying («аκим гοрοда» with a Greek kappa and
omicron), and typists mix Latin «i», «o», «c» into Kazakh and Russian words by
accident. Such a word matches no name, role or keyword search. Only words that
already hold a Cyrillic letter change: «iPhone», «COVID-19» and Kazakh in the
Latin alphabet stay as they are.
"""

from __future__ import annotations

import re

_LOOKALIKES = str.maketrans(
    "aceopxyiABCEHKMOPTXIαεκορτχΑΒΕΗΚΜΟΡΤΧ",
    "асеорхуіАВСЕНКМОРТХІаекортхАВЕНКМОРТХ",
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_FOREIGN = re.compile(r"[aceopxyiABCEHKMOPTXIαεκορτχΑΒΕΗΚΜΟΡΤΧ]")
_MIXED_WORD = re.compile(r"\w*[\u0400-\u04ff]\w*")


def _fix(match: re.Match[str]) -> str:
    word = match.group(0)
    return word.translate(_LOOKALIKES) if _FOREIGN.search(word) else word


def repair(text: str) -> str:
    """The text with look-alikes in Cyrillic words replaced; unchanged when there are none."""
    if not text or not _CYRILLIC.search(text) or not _FOREIGN.search(text):
        return text
    return _MIXED_WORD.sub(_fix, text)
