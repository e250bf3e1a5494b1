"""natasha's NER, loaded once and run only on the few sentences that need it."""

from __future__ import annotations

from functools import lru_cache

from monitor import natasha_models


@lru_cache(maxsize=1)
def _models():
    from natasha import Doc

    # Shared with the sentiment's syntax parser: one embedding per process.
    return Doc, natasha_models.segmenter(), natasha_models.ner_tagger()


def person_spans(sentence: str) -> list[tuple[int, int]]:
    """Character spans natasha tags as PER in one sentence."""
    doc_cls, segmenter, tagger = _models()
    doc = doc_cls(sentence)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [(span.start, span.stop) for span in doc.spans if span.type == "PER"]


def warm_up() -> None:
    """Load the embeddings now, not on the first article."""
    _models()
