"""Runtime for the shipped Russian model: a softmax-linear model over sparse features.

Stored as gzipped JSON (no pickle: loads on any Python/scikit-learn version,
and can't run code). Features are binary, weighted by idf and L2-normalised,
exactly as in training (monitor/sentiment/train.py).
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from pathlib import Path


@dataclass
class LinearHead:
    """One classifier: classes (negative, neutral, positive)."""

    weights: dict[str, tuple[float, float, float, float]]  # feature -> (idf, w_neg, w_neu, w_pos)
    intercept: tuple[float, float, float]
    t_neg: float  # p_pos - p_neg at or below which the label is negative
    t_pos: float  # ... at or above which it is positive

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
        """Tone in -1..1, rescaled so the tuned thresholds land on ±0.2
        (the cut-offs of monitor.models.Sentiment.from_score)."""
        p_neg, _, p_pos = self.proba(feats)
        return calibrate(p_pos - p_neg, self.t_neg, self.t_pos)


def calibrate(raw: float, t_neg: float, t_pos: float) -> float:
    if raw >= 0:
        if raw >= t_pos:
            return 0.2 + 0.8 * (raw - t_pos) / max(1e-9, 1.0 - t_pos)
        return 0.2 * raw / t_pos
    if raw <= t_neg:
        return -0.2 - 0.8 * (t_neg - raw) / max(1e-9, 1.0 + t_neg)
    return -0.2 * raw / t_neg


def save_heads(path: Path, heads: dict[str, LinearHead], meta: dict) -> None:
    data = {
        "meta": meta,
        "heads": {
            name: {
                "intercept": [round(v, 5) for v in h.intercept],
                "t_neg": h.t_neg,
                "t_pos": h.t_pos,
                "weights": {k: [round(v, 4) for v in row] for k, row in h.weights.items()},
            }
            for name, h in heads.items()
        },
    }
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))


def load_heads(path: Path) -> tuple[dict[str, LinearHead], dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    heads = {
        name: LinearHead({k: tuple(v) for k, v in h["weights"].items()}, tuple(h["intercept"]),
                         h["t_neg"], h["t_pos"])
        for name, h in data["heads"].items()
    }
    return heads, data["meta"]
