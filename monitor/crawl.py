"""Running a crawl: the outlets' spiders in one Scrapy process, and a report.

`run_crawl` runs the crawl in a child process. Twisted's reactor cannot be
restarted within one process, so a scheduler that crawls every 30 minutes
needs a fresh process each time; it also keeps a crash of the crawl (or a
kill -9) from taking the caller down. The child is `python -m monitor.crawl`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.config import Config, load_config
from monitor.dates import LOCAL_TZ
from monitor.errors import MonitorError
from monitor.report import START_FAILED, OutletReport
from monitor.store import open_store

log = logging.getLogger("monitor.crawl")

# Scrapy's start-up listings and the final stats dump drown the per-outlet
# lines a person reads; "skipped: <reason>" lines (scrapy.core.scraper) stay.
QUIET_LOGGERS = ("scrapy.utils.log", "scrapy.middleware", "scrapy.core.engine", "scrapy.crawler",
                 "scrapy.extensions.telnet", "scrapy.statscollectors", "scrapy.addons", "py.warnings",
                 # A robots.txt that cannot be fetched is logged with a traceback; the
                 # request it guarded fails too and is reported in one line by the spider.
                 "scrapy.downloadermiddlewares.robotstxt")


@dataclass
class CrawlReport:
    outlets: list[OutletReport] = field(default_factory=list)
    since: str | None = None
    started_at: str = ""
    finished_at: str = ""

    @property
    def stored(self) -> int:
        return sum(r.stored for r in self.outlets)

    @property
    def mentions(self) -> int:
        return sum(r.mentions for r in self.outlets)

    def summary(self) -> str:
        lines = [r.summary() for r in self.outlets]
        lines.append(f"total: stored {self.stored} articles, {self.mentions} mentions")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"since": self.since, "started_at": self.started_at, "finished_at": self.finished_at,
                "outlets": [r.to_dict() for r in self.outlets]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlReport:
        outlets = [OutletReport(**o) for o in data.get("outlets", [])]
        return cls(outlets, data.get("since"), data.get("started_at", ""), data.get("finished_at", ""))


def default_since(config: Config, now: datetime | None = None) -> datetime:
    return (now or datetime.now(LOCAL_TZ)) - timedelta(days=config.crawl.since_days)


def child_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The crawl child's environment: the caller's, with one BLAS/OpenMP thread unless set.

    The sentiment step's parser runs numpy convolutions; with a BLAS thread per core
    they spin against the crawl itself (and Elasticsearch on a small server). With
    another busy process on this 2-core machine: 66-163 mentions/s with the default
    threads, 206-292 with one."""
    env = dict(environ)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")
    return env


def run_crawl(
    config: Config,
    outlets: list[str] | None = None,
    since: datetime | None = None,
    settings: dict[str, Any] | None = None,
    timeout: float | None = None,
) -> CrawlReport:
    """Crawl in a child process and return its report."""
    for outlet in outlets or []:
        config.outlet(outlet)  # unknown ids fail here, with the list of known ones
    from monitor.sentiment.settings import require_model  # the NLP stack loads in the child only

    require_model(config)  # a missing model is one clear line here, not a traceback in the child
    with open_store(config.db_path) as store:  # a corrupt or read-only store: one line, before any fetch
        store.require_writable()
    with tempfile.TemporaryDirectory(prefix="monitor-crawl-") as tmp:
        report_path = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "monitor.crawl", "--db", str(config.db_path), "--report", str(report_path),
               "--stop-with-parent"]
        if config.source_file:
            cmd += ["--config", str(config.source_file)]
        for outlet in outlets or []:
            cmd += ["--outlet", outlet]
        if since:
            cmd += ["--since", since.isoformat()]
        cmd += ["--settings-json", json.dumps(settings or {})]
        proc = subprocess.run(cmd, timeout=timeout, env=child_env(os.environ))
        if not report_path.exists():
            raise MonitorError(f"the crawl process ended with code {proc.returncode} before writing a report")
        return CrawlReport.from_dict(json.loads(report_path.read_text("utf-8")))


def crawl_settings(config: Config, overrides: dict[str, Any] | None = None):
    from scrapy.settings import Settings

    from monitor import settings as defaults

    settings = Settings()
    settings.setmodule(defaults, priority="project")
    settings.set("MONITOR_CONFIG_OBJECT", config, priority="cmdline")
    settings.set("USER_AGENT", f"akim-monitor/0.1 (+{config.crawl.contact})", priority="cmdline")
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", config.crawl.concurrency_per_domain, priority="cmdline")
    settings.set("DOWNLOAD_DELAY", config.crawl.download_delay, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def crawl_in_process(
    config: Config, outlets: list[str] | None, since: datetime | None, overrides: dict[str, Any] | None = None,
    stop_with_parent: bool = False,
) -> CrawlReport:
    from scrapy.crawler import CrawlerProcess

    started = datetime.now(UTC)
    process = CrawlerProcess(crawl_settings(config, overrides))
    # After CrawlerProcess: its logging set-up resets the levels of scrapy.* loggers.
    if (overrides or {}).get("LOG_LEVEL") != "DEBUG":
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL if name.endswith("robotstxt") else logging.WARNING)
    crawlers = []
    start_errors: dict[str, str] = {}
    for outlet_id in dict.fromkeys(outlets or config.crawled_outlets):  # `--outlet x --outlet x`: one crawler
        crawler = process.create_crawler(outlet_id)
        crawlers.append((outlet_id, crawler))
        started_crawl = process.crawl(crawler, since=since)
        started_crawl.addErrback(_start_failed, outlet_id, start_errors)
    watch = _watch_parent(process) if stop_with_parent else None
    process.start()
    if watch is not None and watch.running:
        watch.stop()
    reports = [OutletReport.not_started(outlet_id, start_errors[outlet_id]) if outlet_id in start_errors
               else OutletReport.from_stats(outlet_id, crawler.stats.get_stats()) for outlet_id, crawler in crawlers]
    return CrawlReport(reports, since.isoformat() if since else None, started.isoformat(timespec="seconds"),
                       datetime.now(UTC).isoformat(timespec="seconds"))


def _watch_parent(process):
    """Stop the crawl, as on SIGTERM, when the `monitor` process that started it is gone
    (killed, or ended by a SIGTERM it did not handle): an orphaned crawl would go on
    writing beside the next one, and nobody would read its report."""
    from twisted.internet import task

    parent = os.getppid()

    def check() -> None:
        if os.getppid() != parent:
            log.warning("the process that started this crawl (pid %d) is gone: stopping the crawl", parent)
            watch.stop()
            process.stop()

    watch = task.LoopingCall(check)
    watch.start(1.0, now=False)
    return watch


def _start_failed(failure, outlet_id: str, errors: dict[str, str]) -> None:
    """A crawler that could not start (its store, a pipeline's model...) is reported as such,
    not as an outlet that could not be reached."""
    errors[outlet_id] = failure.getErrorMessage()
    if isinstance(failure.value, MonitorError):
        log.error("%s: the crawl could not start: %s", outlet_id, errors[outlet_id])
    else:
        log.error("%s: the crawl could not start", outlet_id, exc_info=(failure.type, failure.value, failure.tb))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m monitor.crawl", description="Crawl worker of akim-monitor")
    parser.add_argument("--config")
    parser.add_argument("--db")
    parser.add_argument("--outlet", action="append")
    parser.add_argument("--since")
    parser.add_argument("--report", required=True)
    parser.add_argument("--settings-json", default="{}")
    parser.add_argument("--stop-with-parent", action="store_true", help="stop when the starting process is gone")
    args = parser.parse_args(argv)
    parent = os.getppid()
    config = load_config(args.config or None, args.db)
    since = datetime.fromisoformat(args.since) if args.since else None
    report = crawl_in_process(config, args.outlet, since, json.loads(args.settings_json), args.stop_with_parent)
    report_dir = Path(args.report).parent
    if args.stop_with_parent and os.getppid() != parent and report_dir.name.startswith("monitor-crawl-"):
        shutil.rmtree(report_dir, ignore_errors=True)  # run_crawl's temporary directory: nobody left to read it
        return 0
    tmp = Path(args.report + ".part")
    tmp.write_text(json.dumps(report.to_dict(), ensure_ascii=False), "utf-8")
    tmp.replace(args.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
