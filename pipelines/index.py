"""Ships stored articles and mentions to the search engine during a crawl.

Runs after StorePipeline: it never sends an item itself, only the store's
unsynced rows, so what reaches the engine is exactly what SQLite holds. Rows
go in batches (every MONITOR_INDEX_EVERY items, and at close). If the engine
is unreachable the crawl goes on: the failure is logged once and counted in
stats (engine/unavailable), shipping is retried after
MONITOR_INDEX_RETRY_AFTER seconds, and whatever is left waits for `monitor sync`.
"""

from __future__ import annotations

import logging
import time

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from monitor.config import config_from_settings
from monitor.engines import indices, open_engine, sync
from monitor.engines.client import EngineClient
from monitor.engines.settings import EngineConfig, engine_config
from monitor.errors import EngineError
from monitor.store import open_store

log = logging.getLogger(__name__)


class IndexPipeline:
    def __init__(self, crawler: Crawler, cfg: EngineConfig, db_path: str):
        self.crawler = crawler
        self.cfg = cfg
        self.every = crawler.settings.getint("MONITOR_INDEX_EVERY", 100)
        self.retry_after = crawler.settings.getfloat("MONITOR_INDEX_RETRY_AFTER", 60.0)
        self.store = open_store(db_path)  # its own connection; WAL lets it read beside the writer
        self.client: EngineClient | None = None
        self.pending = 0
        self.down_since: float | None = None
        self.warned = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IndexPipeline:
        config = config_from_settings(crawler.settings)
        cfg = engine_config(config)
        if cfg is None:
            # No message: Scrapy would print it as a warning on every laptop crawl,
            # where no engine is the normal case.
            log.debug("no search engine configured ([engine] url or MONITOR_ENGINE_URL): indexing off")
            raise NotConfigured
        return cls(crawler, cfg, str(config.db_path))

    def process_item(self, item):
        self.pending += 1
        if self.pending >= self.every:
            self.ship()
        return item

    def close_spider(self) -> None:
        self.ship(final=True)
        if self.client is not None:
            self.client.close()
        self.store.close()

    def ship(self, final: bool = False) -> None:
        self.pending = 0
        if self.down_since is not None and not final and time.monotonic() - self.down_since < self.retry_after:
            return
        try:
            report = sync.sync(self.store, self._client(), self.cfg, ensure=False)
        except EngineError as exc:  # refused init (e.g. a name taken by a foreign index)
            self._unavailable(str(exc))
            return
        self._record(report)

    def _client(self) -> EngineClient:
        if self.client is None:
            client = open_engine(self.cfg)
            try:
                indices.install(client, self.cfg)  # raises EngineUnavailable if down; retried later
            except EngineError:
                client.close()
                raise
            self.client = client
        return self.client

    def _record(self, report: sync.SyncReport) -> None:
        stats = self.crawler.stats
        for table, n in report.shipped.items():
            stats.inc_value(f"engine/shipped/{table}", n)
        stats.inc_value("engine/refused", len(report.failures))
        if report.unavailable:
            self._unavailable(report.unavailable)
        else:
            self.down_since = None

    def _unavailable(self, why: str) -> None:
        self.crawler.stats.inc_value("engine/unavailable")
        self.down_since = time.monotonic()
        if not self.warned:
            self.warned = True
            log.warning("search engine unavailable, the crawl goes on; rows stay unsynced for "
                        "`monitor sync`: %s", why)
