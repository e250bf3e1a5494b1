"""Text that came out of a wrong character encoding, recognised before it is stored.

A page decoded with the wrong charset reads as U+FFFD replacement characters
(bytes invalid in the assumed encoding) or as Latin-1-looking letters
("Àêèì" for "Аким", "Ð°ÐºÐ¸Ð¼" for UTF-8 read as Latin-1). Neither finds a
single mention, and neither may be stored as if it were an article.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
MAX_REPLACEMENT_SHARE = 0.01  # of all characters
MAX_LATIN1_SHARE = 0.3  # of letters: French or Kazakh Latin use far fewer accented letters
# What cp1252 makes of the bytes 0x80-0x9F, which in UTF-8 and cp1251 text are common.
_LATIN1_RE = re.compile("[\x80-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
_LETTER_RE = re.compile(r"[^\W\d_]")
SAMPLE_CHARS = 100_000  # mojibake is everywhere or nowhere; a sample tells


def garbled_reason(text: str) -> str | None:
    """Why the text is mojibake, or None when it reads as text."""
    if not text:
        return None
    bad = text.count(REPLACEMENT)
    if bad > MAX_REPLACEMENT_SHARE * len(text):
        return f"unreadable text: {bad} replacement characters (wrong character encoding)"
    sample = text[:SAMPLE_CHARS]
    latin1 = len(_LATIN1_RE.findall(sample))
    letters = len(_LETTER_RE.findall(sample)) - latin1
    if latin1 > MAX_LATIN1_SHARE * (letters + latin1):
        return f"unreadable text: {latin1} Latin-1 letters where Cyrillic is expected (wrong character encoding)"
    return None
