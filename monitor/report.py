"""What a crawl did, per outlet, in words a person reads.

Figures come from Scrapy's stats (keys under monitor/), so the report, the
progress lines and monitoring tools all read the same numbers.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.logformatter import LogFormatter
from twisted.internet import task

log = logging.getLogger("monitor.crawl")

START_FAILED = "start_failed"  # finish_reason of an outlet whose crawler never started


@dataclass
class OutletReport:
    outlet: str
    fetched: int = 0  # every page received: feeds, sitemaps, listings, articles
    articles_fetched: int = 0
    stored: int = 0
    mentions: int = 0
    reprints: int = 0
    not_modified: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    failed: dict[str, int] = field(default_factory=dict)  # reason -> count
    failed_examples: list[str] = field(default_factory=list)
    finish_reason: str = ""
    discovered: dict[str, int] = field(default_factory=dict)  # outlets given by their homepage: feed/sitemap found

    @classmethod
    def from_stats(cls, outlet: str, stats: dict[str, Any]) -> OutletReport:
        def prefixed(prefix: str) -> dict[str, int]:
            return {k[len(prefix):]: int(v) for k, v in stats.items() if k.startswith(prefix)}

        fetched = prefixed("monitor/fetched/")
        return cls(
            outlet=outlet,
            fetched=sum(fetched.values()),
            articles_fetched=fetched.get("article", 0),
            stored=int(stats.get("monitor/stored", 0)),
            mentions=int(stats.get("monitor/mentions_stored", 0)),
            reprints=int(stats.get("monitor/reprints", 0)),
            not_modified=int(stats.get("monitor/not_modified", 0)),
            skipped=prefixed("monitor/skipped/"),
            failed=prefixed("monitor/failed/"),
            failed_examples=list(stats.get("monitor/failed_examples") or []),
            finish_reason=str(stats.get("finish_reason", "")),
            discovered={k: v for k, v in prefixed("monitor/discovery/").items() if k != "absent"},
        )

    @classmethod
    def not_started(cls, outlet: str, error: str) -> OutletReport:
        return cls(outlet=outlet, failed={START_FAILED: 1}, failed_examples=[error], finish_reason=START_FAILED)

    @property
    def started(self) -> bool:
        return self.finish_reason != START_FAILED

    @property
    def ok(self) -> bool:
        """Did the outlet answer at all? (An outlet can be fine and have nothing new.)"""
        return self.fetched > 0

    def summary(self) -> str:
        skipped = ", ".join(f"{_SKIP_WORDS.get(k, k)} {v}" for k, v in sorted(self.skipped.items())) or "0"
        failed = ", ".join(f"{k} {v}" for k, v in sorted(self.failed.items())) or "0"
        line = (
            f"{self.outlet}: fetched {self.fetched} pages ({self.articles_fetched} articles), "
            f"stored {self.stored} (reprints {self.reprints}, mentions {self.mentions}), "
            f"skipped: {skipped}; failed: {failed}"
        )
        if self.discovered:
            line += "; discovered: " + ", ".join(f"{k}s {v}" for k, v in sorted(self.discovered.items()))
        if not self.started:
            line += f" — the crawl could not start ({self.failed_examples[0]})"
        elif not self.ok:
            line += " — the outlet could not be reached" + (
                f" ({self.failed_examples[0]})" if self.failed_examples else ""
            )
        return line

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_SKIP_WORDS = {
    "already_seen": "already stored",
    "not_article": "not an article",
    "no_text": "article URL without text (retried next time)",
    "too_old": "too old",
    "old_sitemap": "old sitemaps",
    "robots_txt": "disallowed by robots.txt",
}


class ProgressExtension:
    """A progress line per outlet every few seconds, and the report at the end."""

    def __init__(self, crawler: Crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        return cls(crawler, crawler.settings.getfloat("MONITOR_PROGRESS_INTERVAL", 15.0))

    def spider_opened(self) -> None:
        self.loop = task.LoopingCall(self.log_progress)
        self.loop.start(self.interval, now=False)

    def log_progress(self) -> None:
        report = OutletReport.from_stats(self.crawler.spider.name, self.crawler.stats.get_stats())
        log.info("%s: %d pages fetched, %d stored so far", report.outlet, report.fetched, report.stored)

    def response_received(self, response: Any, request: Any) -> None:
        kind = request.meta.get("kind") or ("robots" if request.url.endswith("/robots.txt") else "page")
        self.crawler.stats.inc_value(f"monitor/fetched/{kind}")

    def item_error(self, item: Any, response: Any, failure: Any) -> None:
        """A pipeline step crashed on one article: counted, named, the crawl goes on."""
        stats = self.crawler.stats
        stats.inc_value(f"monitor/failed/{type(failure.value).__name__.lower()}")
        examples = stats.get_value("monitor/failed_examples") or []
        if len(examples) < 20:
            url = getattr(item, "url", "?")
            stats.set_value("monitor/failed_examples", [*examples, f"{url}: {failure.getErrorMessage()}"])

    def spider_closed(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        report = OutletReport.from_stats(self.crawler.spider.name, self.crawler.stats.get_stats())
        log.info("%s (%s)", report.summary(), reason)


class ReadableLogFormatter(LogFormatter):
    """Dropped pages are logged by their reason alone: Scrapy's default
    prints the whole item, which here is a full HTML page."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None) -> dict[str, Any]:
        return {"level": logging.INFO, "msg": "skipped: %(reason)s", "args": {"reason": str(exception)}}
