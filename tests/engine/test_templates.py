"""Templates, analysis and aliases on the real node."""

from __future__ import annotations

import pytest

from monitor import textnorm
from monitor.engines import indices, sync, templates
from monitor.errors import EngineError
from tests.engine import corpus
from tests.engine.support import engine_counts


def analyze(client, index: str, analyzer: str, text: str) -> list[str]:
    resp = client.raw.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})
    return [t["token"] for t in resp["tokens"]]


def test_install_twice_is_idempotent(client, engine_cfg, store):
    first = indices.install(client, engine_cfg)
    assert sorted(first.created) == [f"{engine_cfg.alias(k)}-v1" for k in ("articles", "mentions")]
    corpus.fill(store)
    assert sync.sync(store, client, engine_cfg).ok
    before = engine_counts(client, engine_cfg)

    second = indices.install(client, engine_cfg)

    assert second.created == []
    assert second.current == first.current
    assert engine_counts(client, engine_cfg) == before
    stored = client.raw.indices.get_index_template(name=engine_cfg.alias("mentions"))
    body = stored["index_templates"][0]["index_template"]
    assert body["index_patterns"] == [f"{engine_cfg.index_prefix}-mentions-*"]


def test_russian_analyzer_stems_folds_yo_and_drops_stop_words(client, engine_cfg):
    indices.install(client, engine_cfg)
    tokens = analyze(client, engine_cfg.alias("articles"), "ru_text", "Всё про ёлку и Досаевым акима")
    assert tokens == ["елк", "досаев", "аким"]  # "всё"→"все" and "про", "и" are stop words


def test_kazakh_analyzer_strips_suffixes_exactly_like_textnorm(client, engine_cfg):
    indices.install(client, engine_cfg)
    words = ["Досаевтың", "Қасымбекке", "әкімдерінің", "қаласының", "облыстарда", "Алматы", "жолдарды",
             "әкімі", "мектептерден", "тұрғындармен", "ауданына", "ел"]
    tokens = analyze(client, engine_cfg.alias("articles"), "kk_text", " ".join(words))
    assert tokens == [textnorm.stem_kk(textnorm.normalize(w)) for w in words]


def test_a_foreign_index_under_the_alias_name_is_reported(client, engine_cfg):
    # Someone indexed before `monitor engine init`: the name is a plain index.
    client.raw.index(index=engine_cfg.alias("articles"), body={"title": "x"}, refresh=True)
    with pytest.raises(EngineError, match="is an index, not an alias.*run init again"):
        indices.install(client, engine_cfg)


def test_reindex_switches_the_alias_and_keeps_documents(client, engine_cfg, store):
    corpus.fill(store)
    assert sync.sync(store, client, engine_cfg).ok
    before = engine_counts(client, engine_cfg)

    old, new, copied = indices.reindex(client, engine_cfg, "mentions")

    assert (old, new) == (f"{engine_cfg.alias('mentions')}-v1", f"{engine_cfg.alias('mentions')}-v2")
    assert copied == before["mentions"]
    assert indices.current_index(client, engine_cfg.alias("mentions")) == new
    assert engine_counts(client, engine_cfg) == before
    assert indices.install(client, engine_cfg).created == []  # init after a reindex keeps v2


def test_template_declares_a_keyword_field_for_every_facet():
    props = templates.mentions_mappings()["properties"]
    person = props["person"]["properties"]
    for field in ("akim_id", "role", "region", "level", "akim_key"):
        assert person[field]["type"] == "keyword"
    assert person["name"]["fields"]["keyword"]["type"] == "keyword"
    for field in ("source", "language"):
        assert props[field]["type"] == "keyword"
    assert props["sentiment"]["properties"]["label"]["type"] == "keyword"
    assert props["sentiment"]["properties"]["score"]["type"] == "float"
    assert props["published_at"]["type"] == "date"
