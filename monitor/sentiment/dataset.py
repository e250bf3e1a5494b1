"""Reading RuSentNE-format TSV files (sentence, entity, tag, span, label)."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

LABELS = ("negative", "neutral", "positive")
LABEL_OF = {"-1": "negative", "0": "neutral", "1": "positive"}


@dataclass(frozen=True)
class Example:
    sentence: str
    entity: str
    tag: str
    start: int
    end: int
    label: str  # negative | neutral | positive


def _span(sentence: str, entity: str, start: int, end: int) -> tuple[int, int]:
    """Trust the given span if it holds the entity, else find the nearest occurrence."""
    if sentence[start:end] == entity:
        return start, end
    hits = [i for i in range(len(sentence)) if sentence.startswith(entity, i)]
    if not hits:
        return start, end
    best = min(hits, key=lambda i: abs(i - start))
    return best, best + len(entity)


def read_rusentne(path: str | Path) -> list[Example]:
    csv.field_size_limit(sys.maxsize)
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            sentence, entity = row["sentence"], row["entity"]
            start, end = _span(sentence, entity, int(row["entity_pos_start_rel"]),
                               int(row["entity_pos_end_rel"]))
            label = LABEL_OF[str(row["label"]).strip()]
            out.append(Example(sentence, entity, row.get("entity_tag", ""), start, end, label))
    return out
