"""Sentences and tokens (razdel, natasha's segmenter) with their character offsets."""

from __future__ import annotations

from dataclasses import dataclass

from razdel import sentenize, tokenize

from monitor.mentions.forms import fold


@dataclass(frozen=True)
class Token:
    text: str
    fold: str
    start: int  # offsets inside the sentence
    stop: int

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Sentence:
    text: str
    index: int  # position in the article; -1 for the title
    paragraph: int  # -1 for the title


def split_sentences(title: str, text: str) -> list[Sentence]:
    """The title as sentence -1, then the text's sentences paragraph by paragraph."""
    found = [Sentence(title.strip(), -1, -1)] if title.strip() else []
    index = 0
    for paragraph, block in enumerate(_paragraphs(text)):
        for piece in sentenize(block):
            found.append(Sentence(piece.text, index, paragraph))
            index += 1
    return found


def _paragraphs(text: str) -> list[str]:
    """Lines of text, with a line that a hard wrap broke mid-sentence ("со ссылкой на
    пресс-секретаря" / "акима города ...") joined to the next, so that a role keeps the
    words in front of it."""
    out: list[str] = []
    for line in (p.strip() for p in text.split("\n")):
        if not line:
            continue
        if out and out[-1][-1:].isalpha() and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def tokens_of(sentence: str) -> list[Token]:
    return [Token(t.text, fold(t.text), t.start, t.stop) for t in tokenize(sentence)]


def token_at(tokens: list[Token], char: int) -> int:
    """Index of the first token starting at or after char (len(tokens) if none)."""
    for i, token in enumerate(tokens):
        if token.start >= char:
            return i
    return len(tokens)
