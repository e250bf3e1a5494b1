"""Dependency parse and navec vectors around the target (natasha, shipped in its wheel).

natasha's wheel carries the navec news embeddings and the slovnet syntax model,
so nothing is downloaded: both are loaded once per process, on first use (~1 s), and
shared with the mentions' NER (monitor/natasha_models.py).

- syntax_features: the target's relation, its heads up to 3 levels (with the
  relation and negation on them), its siblings and dependents: «Суд осудил X»
  and «X осудил суд» differ here, not in a bag of words.
- dense_features: averaged navec vectors of the sentence, the words left and
  right of the target, its clause, its syntactic heads, its dependents and the
  target itself, plus the target type (7 x 300 + 5 numbers).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .text import CLAUSE_BREAKS, ENT, ru_stem, tokenize

TAGS = ("PERSON", "ORGANIZATION", "COUNTRY", "NATIONALITY", "PROFESSION")
DIM = 300
SKIP_RELS = frozenset({"punct", "case", "cc"})
DEPTH = 3


class Tok(NamedTuple):
    start: int
    stop: int
    text: str
    id: str
    head: str
    rel: str


@lru_cache(maxsize=1)
def _natasha():
    # Shared with the mentions' NER (monitor/natasha_models.py): one embedding per process.
    from monitor import natasha_models

    return natasha_models.embedding(), natasha_models.syntax_parser(), natasha_models.segmenter()


@lru_cache(maxsize=2048)
def parse(sentence: str) -> tuple[Tok, ...]:
    from natasha import Doc

    _, parser, segmenter = _natasha()
    doc = Doc(sentence)
    doc.segment(segmenter)
    doc.parse_syntax(parser)
    return tuple(Tok(t.start, t.stop, t.text, t.id, t.head_id, t.rel) for t in doc.tokens)


def _stem(tok: Tok) -> str | None:
    word = tok.text.lower()
    return ru_stem(word) if word[:1].isalpha() else None


class TargetParse(NamedTuple):
    toks: tuple[Tok, ...]
    ent: list[Tok]  # the target's tokens
    ids: set[str]
    by_id: dict[str, Tok]
    kids: dict[str, list[Tok]]  # dependents by head id


@lru_cache(maxsize=256)
def target_parse(sentence: str, start: int, end: int) -> TargetParse:
    """The parse seen from the target; features and rules all ask for it, so it is
    built once per mention. Shared: callers must not modify it."""
    toks = parse(sentence)
    ent = [t for t in toks if t.start < end and t.stop > start]
    kids: dict[str, list[Tok]] = {}
    for t in toks:
        kids.setdefault(t.head, []).append(t)
    return TargetParse(toks, ent, {t.id for t in ent}, {t.id: t for t in toks}, kids)


def syntax_features(sentence: str, start: int, end: int, tag: str) -> dict[str, float]:
    _, ent, ids, by_id, kids = target_parse(sentence, start, end)
    feats: dict[str, float] = {}
    for t in [t for t in ent if t.head not in ids] or ent[:1]:
        feats[f"rel:{t.rel}"] = feats[f"{tag}|rel:{t.rel}"] = 1.0
        cur, depth = t, 0
        while cur.head in by_id and depth < DEPTH:
            head = by_id[cur.head]
            depth += 1
            word = _stem(head)
            if word:
                feats[f"h{depth}:{word}"] = feats[f"anc:{word}"] = 1.0
                if depth == 1:
                    feats[f"hr:{t.rel}:{word}"] = feats[f"{tag}|h:{word}"] = 1.0
            for k in kids.get(head.id, []):
                if k.text.lower() in ("не", "нет", "ни"):
                    feats[f"hneg{depth}"] = 1.0
                if word and k.text.lower() == "не":
                    feats[f"anc:не_{word}"] = 1.0
            cur = head
        if t.head in by_id:
            for k in kids.get(t.head, []):
                word = _stem(k)
                if k.id not in ids and word and k.rel not in SKIP_RELS:
                    feats[f"sib:{k.rel}:{word}"] = feats[f"sib:{word}"] = 1.0
    for t in ent:
        for k in kids.get(t.id, []):
            word = _stem(k)
            if k.id in ids or not word or k.rel in SKIP_RELS:
                continue
            feats[f"dep:{k.rel}:{word}"] = feats[f"dep:{word}"] = 1.0
            for g in kids.get(k.id, []):
                gw = _stem(g)
                if gw and g.rel not in SKIP_RELS:
                    feats[f"dep2:{gw}"] = 1.0
    return feats


def _mean(words: list[str]):
    import numpy as np

    emb = _natasha()[0]
    vecs = [emb[w] for w in words if w in emb]
    return np.mean(vecs, 0) if vecs else np.zeros(DIM, dtype=np.float32)


def dense_features(sentence: str, start: int, end: int, tag: str):
    import numpy as np

    toks = tokenize(f"{sentence[:start]} {ENT} {sentence[end:]}")
    i = toks.index(ENT) if ENT in toks else 0
    a = b = i
    while a > 0 and toks[a - 1] not in CLAUSE_BREAKS:
        a -= 1
    while b + 1 < len(toks) and toks[b + 1] not in CLAUSE_BREAKS:
        b += 1

    def alpha(ts: list[str]) -> list[str]:
        return [t for t in ts if t[:1].isalpha() and t != ENT]

    _, ent, ids, by_id, kids = target_parse(sentence, start, end)
    heads = []
    for t in ent:
        if t.head not in ids and t.head in by_id:
            head = by_id[t.head]
            heads.append(head.text.lower())
            if head.head in by_id:
                heads.append(by_id[head.head].text.lower())
    deps = [k.text.lower() for t in ent for k in kids.get(t.id, []) if k.id not in ids]
    parts = [_mean(alpha(toks)), _mean(alpha(toks[max(0, i - 3): i])), _mean(alpha(toks[i + 1: i + 4])),
             _mean(alpha(toks[a: b + 1])), _mean(heads), _mean(deps), _mean(tokenize(sentence[start:end]))]
    parts.append(np.array([tag == t for t in TAGS], dtype=np.float32))
    return np.concatenate(parts)
