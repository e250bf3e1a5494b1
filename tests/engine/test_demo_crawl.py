"""The demo crawl (the local outlet replicas) with an engine configured: the
IndexPipeline ships what the store pipeline wrote, in the real crawl process."""

from __future__ import annotations

from monitor.crawl import default_since, run_crawl
from monitor.search import SearchQuery
from monitor.store import open_store
from replica_support import FAST, replica_config
from tests.engine.support import both, engine_counts


def test_demo_crawl_is_indexed_as_it_is_stored(replica, tmp_path, client, engine_cfg, monkeypatch):
    monkeypatch.delenv("MONITOR_ENGINE_URL", raising=False)
    engine = (f'[engine]\nkind = "opensearch"\nurl = "{engine_cfg.url}"\n'
              f'index_prefix = "{engine_cfg.index_prefix}"\n')
    config = replica_config(tmp_path, replica, extra=engine)

    run_crawl(config, since=default_since(config), settings={**FAST, "MONITOR_INDEX_EVERY": 5}, timeout=300)

    with open_store(config.db_path) as store:
        counts = store.counts()
        assert counts["articles"] > 5 and counts["mentions"] > 0
        assert store.unsynced_count("articles") == store.unsynced_count("mentions") == 0
        assert engine_counts(client, engine_cfg) == {"articles": counts["articles"], "mentions": counts["mentions"]}
        for q in (SearchQuery(limit=100), SearchQuery(text="аким", limit=100), SearchQuery(role="akim", limit=100),
                  SearchQuery(language="kk", limit=100), SearchQuery(sentiment="negative", limit=100)):
            sqlite, found = both(store, client, engine_cfg, q)
            assert found == sqlite, q
