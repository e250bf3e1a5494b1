"""Runtime for the shipped Russian model: a softmax-linear model over sparse features.

Stored as gzipped JSON (no pickle: loads on any Python/scikit-learn version,
and can't run code). Features are binary, weighted by idf and L2-normalised,
exactly as in training (monitor/sentiment/train.py).
"""

from __future__ import annotations

import gzip
import json
import math
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class PackedRows(Mapping):
    """feature -> (idf, w_neg, w_neu, w_pos) as a dict of tuples reads, stored as four
    doubles a row in one array: the ~110,000 rows of the shipped heads took ~34 MB as
    Python lists of floats and take ~7 MB here, with the same values."""

    def __init__(self, rows: Mapping[str, Sequence[float]]):
        self.index: dict[str, int] = {}
        self.values = array("d")
        for i, (name, row) in enumerate(rows.items()):
            if len(row) != 4:
                raise ValueError(f"feature {name!r}: expected 4 numbers, got {len(row)}")
            self.index[name] = i
            self.values.extend(row)

    def __getitem__(self, name: str) -> tuple[float, float, float, float]:
        j = 4 * self.index[name]
        v = self.values
        return v[j], v[j + 1], v[j + 2], v[j + 3]

    def get(self, name: str, default=None):
        i = self.index.get(name)
        if i is None:
            return default
        j, v = 4 * i, self.values
        return v[j], v[j + 1], v[j + 2], v[j + 3]

    def __iter__(self):
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)


@dataclass
class LinearHead:
    """One classifier: classes (negative, neutral, positive)."""

    weights: Mapping[str, Sequence[float]]  # feature -> (idf, w_neg, w_neu, w_pos); PackedRows when loaded
    intercept: tuple[float, float, float]
    b_neg: float  # log-odds bonus of the negative class (tuned for F1_PN)
    b_pos: float  # ... of the positive class

    def proba(self, feats: dict[str, float]) -> tuple[float, float, float]:
        z = list(self.intercept)
        acc = [0.0, 0.0, 0.0]
        norm = 0.0
        for name in feats:
            row = self.weights.get(name)
            if row is None:
                continue
            idf = row[0]
            norm += idf * idf
            acc[0] += idf * row[1]
            acc[1] += idf * row[2]
            acc[2] += idf * row[3]
        if norm:
            inv = 1.0 / math.sqrt(norm)
            z = [a + b * inv for a, b in zip(z, acc)]
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return exp[0] / total, exp[1] / total, exp[2] / total

    def score(self, feats: dict[str, float]) -> float:
        return score_from_proba(self.proba(feats), self.b_neg, self.b_pos)


@dataclass
class DenseHead:
    """Multinomial logistic regression over a dense vector (standardisation folded in)."""

    coef: list[list[float]]  # 3 x dim
    intercept: tuple[float, float, float]

    def __post_init__(self):
        import numpy as np

        self._w = np.asarray(self.coef, dtype=np.float64)

    def logits(self, x) -> list[float]:
        z = self._w @ x
        return [float(v) + b for v, b in zip(z, self.intercept)]


def blend(p_sparse: tuple[float, float, float], z_dense: list[float], w_sparse: float) -> tuple[float, float, float]:
    """Log-linear mix: softmax(w * log p_sparse + (1 - w) * log softmax(z_dense))."""
    top = max(z_dense)
    log_norm = top + math.log(sum(math.exp(v - top) for v in z_dense))
    z = [w_sparse * math.log(p + 1e-12) + (1 - w_sparse) * (d - log_norm) for p, d in zip(p_sparse, z_dense)]
    top = max(z)
    exp = [math.exp(v - top) for v in z]
    total = sum(exp)
    return exp[0] / total, exp[1] / total, exp[2] / total


def margins(p: tuple[float, float, float], b_neg: float, b_pos: float) -> tuple[float, float]:
    """Biased log-odds of negative and positive against neutral."""
    eps = 1e-12
    neu = math.log(p[1] + eps)
    return math.log(p[0] + eps) + b_neg - neu, math.log(p[2] + eps) + b_pos - neu


def label_from_proba(p: tuple[float, float, float], b_neg: float, b_pos: float) -> str:
    m_neg, m_pos = margins(p, b_neg, b_pos)
    if max(m_neg, m_pos) <= 0:
        return "neutral"
    return "positive" if m_pos > m_neg else "negative"


def score_from_proba(p: tuple[float, float, float], b_neg: float, b_pos: float) -> float:
    """Tone in -1..1 whose sign and ±0.2 cut-offs (monitor.models.Sentiment.from_score)
    agree with the biased argmax: |score| >= 0.2 exactly when a polar class wins."""
    label = label_from_proba(p, b_neg, b_pos)
    m_neg, m_pos = margins(p, b_neg, b_pos)
    if label == "positive":
        return 0.2 + 0.8 * math.tanh(m_pos)
    if label == "negative":
        return -0.2 - 0.8 * math.tanh(m_neg)
    return 0.19 * (p[2] - p[0])


def save_heads(path: Path, heads: dict[str, LinearHead], meta: dict,
               dense: dict[str, DenseHead] | None = None) -> None:
    data = {
        "meta": meta,
        "dense": {
            name: {"intercept": [round(v, 5) for v in h.intercept],
                   "coef": [[round(v, 5) for v in row] for row in h.coef]}
            for name, h in (dense or {}).items()
        },
        "heads": {
            name: {
                "intercept": [round(v, 5) for v in h.intercept],
                "b_neg": h.b_neg,
                "b_pos": h.b_pos,
                "weights": {k: [round(v, 4) for v in row] for k, row in h.weights.items()},
            }
            for name, h in heads.items()
        },
    }
    write_json_gz(path, data)


def write_json_gz(path: Path, data) -> None:
    """Compact gzipped JSON, keys sorted, no name or time in the header: retraining on the same
    data gives the same bytes, so git shows a model change only when there is one."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with open(path, "wb") as out, gzip.GzipFile("", "wb", 9, out, mtime=0) as fh:
        fh.write(raw)


def read_model(path: Path) -> dict:
    """The model file's data, parsed once for both loaders below (the JSON is ~6 MB of text)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def load_dense(path: Path | dict) -> dict[str, DenseHead]:
    data = path if isinstance(path, dict) else read_model(path)
    return {name: DenseHead(h["coef"], tuple(h["intercept"])) for name, h in data.get("dense", {}).items()}


def load_heads(path: Path | dict) -> tuple[dict[str, LinearHead], dict]:
    data = path if isinstance(path, dict) else read_model(path)
    heads = {
        name: LinearHead(PackedRows(h["weights"]), tuple(h["intercept"]), h["b_neg"], h["b_pos"])
        for name, h in data["heads"].items()
    }
    return heads, data["meta"]
