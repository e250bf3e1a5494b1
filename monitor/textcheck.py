"""Text that came out of a wrong character encoding, recognised before it is stored.

A page decoded with the wrong charset reads as U+FFFD replacement characters
(bytes invalid in the assumed encoding) or as Latin-1-looking letters
("Àêèì" for "Аким", "Ð°ÐºÐ¸Ð¼" for UTF-8 read as Latin-1). Neither finds a
single mention, and neither may be stored as if it were an article.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"
MAX_REPLACEMENT_SHARE = 0.01  # of all characters
MAX_LATIN1_SHARE = 0.3  # of letters: French or Kazakh Latin use far fewer accented letters
# What cp1252 makes of the bytes 0x80-0x9F, which in UTF-8 and cp1251 text are common.
_CP1252_SPECIALS = frozenset("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")


def garbled_reason(text: str) -> str | None:
    """Why the text is mojibake, or None when it reads as text."""
    if not text:
        return None
    bad = text.count(REPLACEMENT)
    if bad > MAX_REPLACEMENT_SHARE * len(text):
        return f"unreadable text: {bad} replacement characters (wrong character encoding)"
    letters = 0
    latin1 = 0
    for char in text:
        if "\x80" <= char <= "\xff" or char in _CP1252_SPECIALS:
            latin1 += 1
        elif char.isalpha():
            letters += 1
    if latin1 > MAX_LATIN1_SHARE * (letters + latin1):
        return f"unreadable text: {latin1} Latin-1 letters where Cyrillic is expected (wrong character encoding)"
    return None
