"""The engine stops in the middle of a crawl: the crawl goes on, SQLite keeps
everything, and `monitor sync` afterwards ships exactly what is missing."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from click.testing import CliRunner
from scrapy.utils.test import get_crawler

from monitor.cli import main
from monitor.config import load_config
from pipelines.index import IndexPipeline
from tests.engine import corpus
from tests.engine.support import engine_counts


@pytest.fixture
def config(tmp_path, engine_cfg, monkeypatch):
    for name in ("MONITOR_CONFIG", "MONITOR_ENGINE_URL", "MONITOR_ENGINE_PASSWORD", "MONITOR_ENGINE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    toml = tmp_path / "monitor.toml"
    toml.write_text(f'[engine]\nkind = "opensearch"\nurl = "{engine_cfg.url}"\n'
                    f'index_prefix = "{engine_cfg.index_prefix}"\n', "utf-8")
    return load_config(toml, tmp_path / "monitor.db")


def crawl(config, articles, stop_after: int, stop) -> tuple[IndexPipeline, object]:
    """Feed articles through store-then-index, as the crawl's pipelines do."""
    crawler = get_crawler(settings_dict={"MONITOR_CONFIG_OBJECT": config, "MONITOR_INDEX_EVERY": 10})
    pipeline = IndexPipeline.from_crawler(crawler)
    from monitor.store import open_store

    with open_store(config.db_path) as store:
        for n, article in enumerate(articles, start=1):
            store.save_article(article)  # StorePipeline's job: SQLite first
            pipeline.process_item(article)
            if n == stop_after:
                stop()
    pipeline.close_spider()
    return pipeline, crawler


def test_engine_stopped_mid_crawl_then_sync_loses_and_duplicates_nothing(node, config, client, engine_cfg, caplog):
    if not node.managed:
        pytest.skip("MONITOR_TEST_ENGINE_URL points at an engine this test must not stop")
    caplog.set_level(logging.WARNING)
    articles = corpus.many(60)
    try:
        _, crawler = crawl(config, articles, stop_after=30, stop=node.stop)
    finally:
        node.restart()

    stats = crawler.stats.get_stats()
    assert stats["engine/shipped/articles"] == 30  # three batches of ten before the stop
    assert stats["engine/unavailable"] >= 1
    warnings = [r for r in caplog.records if "search engine unavailable" in r.getMessage()]
    assert len(warnings) == 1  # logged once, however many batches failed

    result = CliRunner().invoke(main, ["--config", str(config.source_file), "--db", str(config.db_path), "sync"])
    assert result.exit_code == 0, result.output
    assert "Отправлено: статей 30" in result.output

    from monitor.store import open_store

    with open_store(config.db_path) as store:
        sqlite = store.counts()
        assert store.unsynced_count("articles") == store.unsynced_count("mentions") == 0
    assert engine_counts(client, engine_cfg) == {"articles": 60, "mentions": sqlite["mentions"]}
    assert sqlite["articles"] == 60

    status = CliRunner().invoke(main, ["--config", str(config.source_file), "--db", str(config.db_path),
                                       "engine", "status"])
    assert f"mentions: SQLite {sqlite['mentions']}, движок {sqlite['mentions']}, ждут отправки 0" in status.output


def test_pipeline_is_off_without_an_engine(tmp_path, monkeypatch):
    from scrapy.exceptions import NotConfigured

    monkeypatch.delenv("MONITOR_ENGINE_URL", raising=False)
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    config = dataclasses.replace(load_config(None, tmp_path / "m.db"))
    crawler = get_crawler(settings_dict={"MONITOR_CONFIG_OBJECT": config})
    with pytest.raises(NotConfigured):
        IndexPipeline.from_crawler(crawler)
