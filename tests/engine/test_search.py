"""Search on the real engine gives what the SQLite store gives, on the same data."""

from __future__ import annotations

from datetime import datetime

import uuid

import pytest

from monitor.engines import open_engine, sync
from monitor.engines.settings import EngineConfig
from monitor.store import open_store
from monitor.search import SearchQuery
from tests.engine import corpus
from tests.engine.support import both, comparable, refresh

ALMATY = corpus.ALMATY

QUERIES = {
    "everything": SearchQuery(limit=50),
    "ru inflected: Досаеву": SearchQuery(text="Досаеву"),
    "ru inflected: Досаевым": SearchQuery(text="Досаевым"),
    "ru inflected feminine: Маликовой": SearchQuery(text="Маликовой"),
    "ru two words: акимом Алматы": SearchQuery(text="акимом Алматы"),
    "ru ё as е: елки": SearchQuery(text="елки"),
    "ru stop word in query": SearchQuery(text="ремонт и дороги"),
    "kk genitive: Досаевтың": SearchQuery(text="Досаевтың"),
    "kk dative: Қасымбекке": SearchQuery(text="Қасымбекке"),
    "kk possessive: әкімі": SearchQuery(text="әкімі"),
    "kk: Қасымбектің finds Қасымбекке": SearchQuery(text="Қасымбектің"),
    "en: investors": SearchQuery(text="investor"),
    "no match": SearchQuery(text="криптовалюта"),
    "akim by id": SearchQuery(akim="dossayev_yerbolat", limit=50),
    "akim by part of name": SearchQuery(akim="досаев", limit=50),
    "akim found by role only": SearchQuery(akim="Ахметов"),
    "region, any case": SearchQuery(region="ALMATY", limit=50),
    "role: deputies": SearchQuery(role="deputy_akim"),
    "article sentiment": SearchQuery(sentiment="negative"),
    "sentiment toward the akim": SearchQuery(akim="dossayev_yerbolat", sentiment="negative"),
    "main subject": SearchQuery(akim="dossayev_yerbolat", main_subject=True),
    "outlet": SearchQuery(source="nur"),
    "language": SearchQuery(language="kk"),
    "dates": SearchQuery(since=datetime(2024, 3, 8, tzinfo=ALMATY), until=datetime(2024, 3, 23, tzinfo=ALMATY)),
    "since only, undated excluded": SearchQuery(since=datetime(2024, 3, 20, 10, 30, tzinfo=ALMATY)),
    "keyword + filters": SearchQuery(text="дороги", akim="dossayev_yerbolat", source="tengrinews"),
    "page 2": SearchQuery(limit=3, offset=3),
    "region + sentiment toward person": SearchQuery(region="almaty", sentiment="negative"),
}


@pytest.fixture(scope="module")
def shared(node, tmp_path_factory):
    """The corpus, stored and indexed once for the module (read-only tests)."""
    cfg = EngineConfig(url=node.url, kind="opensearch", index_prefix=f"t-search-{uuid.uuid4().hex[:8]}")
    client = open_engine(cfg)
    with open_store(tmp_path_factory.mktemp("search") / "monitor.db") as store:
        corpus.fill(store)
        report = sync.sync(store, client, cfg)
        assert report.ok, report
        refresh(client, cfg)
        yield store, client, cfg
    client.raw.indices.delete(index=f"{cfg.index_prefix}-*")
    client.close()


@pytest.fixture
def indexed(shared):
    return shared[0]


@pytest.fixture
def client(shared):
    return shared[1]


@pytest.fixture
def engine_cfg(shared):
    return shared[2]


@pytest.mark.parametrize("name", list(QUERIES))
def test_engine_agrees_with_sqlite(indexed, client, engine_cfg, name):
    sqlite, engine = both(indexed, client, engine_cfg, QUERIES[name])
    assert engine == sqlite


def test_inflected_russian_forms_find_the_same_articles(indexed, client, engine_cfg):
    # Snowball stems the nominative "Досаев" to "доса" but the oblique cases to
    # "досаев"; query words are also looked up across their case ending
    # (textnorm.query_variants), so every form finds the same articles, in both stores.
    found = {form: both(indexed, client, engine_cfg, SearchQuery(text=form, language="ru"))[1]["ids"]
             for form in ("Досаев", "Досаева", "Досаеву", "Досаевым", "Досаеве")}
    assert len(found["Досаев"]) == 5
    assert all(ids == found["Досаев"] for ids in found.values()), found


def test_kazakh_forms_find_kazakh_articles(indexed, client, engine_cfg):
    _, engine = both(indexed, client, engine_cfg, SearchQuery(text="Қасымбек", language="kk"))
    assert engine["total"] == 1
    _, engine = both(indexed, client, engine_cfg, SearchQuery(text="Досаевқа", language="kk"))
    assert engine["total"] == 1


def test_counts_per_akim_and_sentiment(indexed, client, engine_cfg):
    _, engine = both(indexed, client, engine_cfg, SearchQuery(limit=50))
    assert engine["by_akim"]["dossayev_yerbolat"] == 8
    assert engine["by_akim"]["Алия Маликова"] == 2  # not in the registry: counted by name
    assert sum(engine["by_sentiment"].values()) == 14


def test_engine_search_is_what_monitor_search_engine_calls(indexed, engine_cfg, tmp_path, monkeypatch):
    from monitor.config import load_config
    from monitor.engines import engine_search

    for name in ("MONITOR_CONFIG", "MONITOR_ENGINE_URL"):
        monkeypatch.delenv(name, raising=False)
    toml = tmp_path / "monitor.toml"
    toml.write_text(f'[engine]\nkind = "opensearch"\nurl = "{engine_cfg.url}"\n'
                    f'index_prefix = "{engine_cfg.index_prefix}"\n', "utf-8")
    q = SearchQuery(text="Досаеву", sentiment="negative", akim="dossayev_yerbolat")
    result = engine_search(load_config(toml, tmp_path / "x.db"), q)
    assert comparable(result) == comparable(indexed.search(q))
    assert result.total == 2


def test_a_punctuation_only_query_finds_nothing_in_the_engine_too():
    from monitor.engines.query import search_body
    from monitor.search import SearchQuery

    assert {"match_none": {}} in search_body(SearchQuery(text="!!! ?"))["query"]["bool"]["filter"]
    assert {"match_none": {}} not in search_body(SearchQuery(text=""))["query"]["bool"]["filter"]
