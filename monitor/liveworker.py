"""The long-lived worker behind `monitor run --every`: one process, models loaded once.

Instead of a crawl child per run, one Scrapy process keeps a spider per outlet
open (monitor/liveloop.py) and polls each source when its schedule says so. An
article is extracted, scored, stored, shipped to the engine (IndexPipeline) and
alerted (pipelines/alert.py) as soon as it is fetched. Beside the polling:

- the immediate alert rules run in a thread right after an article with mentions
  is stored, one pass at a time (requests made meanwhile coalesce into the next);
- the full alert pass (digests when due, reports, ops, retries) every
  [schedule] alert_check seconds;
- every `--every`: the engine backlog is synced and one "run ..." line logs the
  period's figures.

The run lock of monitor/worker.py is held for the worker's whole life, so a cron
`run --once` or a second worker waits its turn. SIGTERM/SIGINT stops polling,
lets requests in flight and a running alert pass finish, and exits; a message
accepted by the server but not yet marked sent is resent identically by the
next start (the outbox), so a restart never sends an alert twice.
"""

from __future__ import annotations

import logging
import signal
import time
from dataclasses import dataclass, field
from datetime import timedelta

from twisted.python.failure import Failure

from monitor.alerts.service import AlertReport, run_alerts
from monitor.config import Config
from monitor.crawl import QUIET_LOGGERS, crawl_settings, default_since
from monitor.errors import MonitorError
from monitor.liveloop import live_spider
from monitor.report import OutletReport
from monitor.store import open_store
from monitor.worker import RunOptions, RunResult, StopFlag, _sync, lock_path_for, run_lock

log = logging.getLogger("monitor.run")


@dataclass
class AlertTotals:
    passes: int = 0
    messages: int = 0
    mentions: int = 0
    sent: int = 0
    failed: int = 0

    def add(self, report: AlertReport) -> None:
        self.passes += 1
        self.messages += report.messages
        self.mentions += report.mentions
        self.sent += report.sent
        self.failed += report.failed

    def summary(self) -> str:
        return (f"alerts: passes={self.passes} messages={self.messages} mentions={self.mentions} "
                f"sent={self.sent} failed={self.failed}")


@dataclass
class AlertRunner:
    """Alert passes in a thread, one at a time. `request` is called on the reactor thread."""

    config: Config
    fake: bool | None = None
    totals: AlertTotals = field(default_factory=AlertTotals)
    wanted: set[str] = field(default_factory=set)
    running: bool = False
    last_errors: tuple[str, ...] = ()

    def request(self, kind: str) -> None:
        """kind: 'immediate' (the rules that send at once) or 'full' (everything)."""
        self.wanted.add(kind)
        if not self.running:
            self._next()

    def _next(self) -> None:
        from twisted.internet import threads

        if not self.wanted:
            return
        kind = "full" if "full" in self.wanted else "immediate"  # a full pass covers the immediate rules
        self.wanted.clear()
        self.running = True
        threads.deferToThread(self.run_pass, kind).addBoth(self._done)

    def run_pass(self, kind: str) -> AlertReport:
        with open_store(self.config.db_path) as store:
            return run_alerts(store, self.config, fake=self.fake, immediate_only=kind == "immediate")

    def _done(self, result: AlertReport | Failure) -> None:
        self.running = False
        if isinstance(result, Failure):
            log.error("alerts: %s", result.getErrorMessage())
        else:
            self.totals.add(result)
            errors = tuple(dict.fromkeys(result.errors))
            if errors != self.last_errors:  # the same problem every 30 s is said once
                for error in errors:
                    log.error("alerts: %s", error)
            self.last_errors = errors
        self._next()


def run_live(config: Config, options: RunOptions, every: timedelta) -> None:
    """Runs until SIGTERM/SIGINT; waits for the run lock if another run holds it."""
    stop = StopFlag()
    stop.event.clear()
    for sig in (signal.SIGTERM, signal.SIGINT):  # until the reactor runs: just wake the wait below
        signal.signal(sig, lambda signum, frame: (log.warning("signal %s: stopping", signal.Signals(signum).name),
                                                  stop.event.set()))
    lock = options.lock_path or lock_path_for(config)
    while not stop.set:
        with run_lock(lock) as acquired:
            if acquired:
                _serve(config, options, every, stop)
                break
            log.warning("worker waiting: another run holds the lock %s", lock)
        stop.sleep(min(every.total_seconds(), 60.0))
    log.info("stopped")


def _serve(config: Config, options: RunOptions, every: timedelta, stop: StopFlag) -> None:
    from scrapy.crawler import CrawlerProcess

    outlets = list(dict.fromkeys(options.outlets or config.crawled_outlets))
    for outlet in outlets:
        config.outlet(outlet)  # unknown ids fail here, with the list of known ones
    runner = AlertRunner(config, options.fake)
    # Baselines of new rules and anything left pending by the last run, before the first poll.
    try:
        runner.totals.add(runner.run_pass("full"))
    except MonitorError as exc:  # an SMTP or rules problem: polling and storing go on regardless
        log.error("alerts: %s", exc)
    overrides = {
        "MONITOR_LIVE_ALERTS": runner,
        # The schedule decides when a source is fetched again; stored URLs are skipped by
        # SeenArticlesMiddleware. Scrapy's filter would refuse every second poll and grow forever.
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        "MONITOR_PROGRESS_INTERVAL": max(every.total_seconds(), 60.0),
    }
    # LOG_INSTALL_ROOT_HANDLER off: the CLI's logging set-up prints each line, once.
    process = CrawlerProcess(crawl_settings(config, {**overrides, "LOG_INSTALL_ROOT_HANDLER": False}))
    logging.getLogger("scrapy").setLevel(logging.INFO)  # not every scraped item at DEBUG, as in a crawl
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL if name.endswith("robotstxt") else logging.WARNING)
    crawlers = []
    since = default_since(config)
    for outlet in outlets:
        crawler = process.create_crawler(live_spider(process.spider_loader.load(outlet)))
        crawlers.append(crawler)
        process.crawl(crawler, since=since).addErrback(
            lambda failure, o=outlet: log.error("%s: the worker could not start it: %s", o, failure.getErrorMessage()))
    from twisted.internet import reactor, task  # the reactor Scrapy chose, installed by crawl()

    loops = [task.LoopingCall(runner.request, "full"), task.LoopingCall(_period_line, config, crawlers, runner)]
    loops[0].start(config.schedule.alert_check, now=False)
    loops[1].start(every.total_seconds(), now=False)

    def shutdown(signum: int) -> None:
        log.warning("signal %s: finishing requests in flight, then stopping", signal.Signals(signum).name)
        for loop in loops:
            if loop.running:
                loop.stop()
        process.stop()

    def on_signal(signum: int, frame: object) -> None:
        if stop.set:
            return
        stop.event.set()
        reactor.callFromThread(shutdown, signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    if stop.set:  # a signal before the handlers above
        reactor.callWhenRunning(shutdown, signal.SIGTERM)
    log.info("worker polling %d outlets (feeds every %gs, listings every %gs, alerts checked every %gs)",
             len(outlets), config.schedule.feed_interval, config.schedule.listing_interval,
             config.schedule.alert_check)
    process.start(stop_after_crawl=True, install_signal_handlers=False)
    if not stop.set:
        raise MonitorError("the worker stopped by itself: no outlet could be polled (see the errors above)")


_last: dict[str, dict[str, int]] = {}


def _period_line(config: Config, crawlers: list, runner: AlertRunner) -> None:
    """The period's figures in one line, as run_once logs them; the engine backlog synced first."""
    from twisted.internet import threads

    started = time.monotonic()
    result = RunResult()
    fetched = stored = mentions = failed = polls = 0
    for crawler in crawlers:
        if crawler.spider is None:
            continue
        stats = crawler.stats.get_stats()
        report = OutletReport.from_stats(crawler.spider.name, stats)
        now = {"fetched": report.fetched, "stored": report.stored, "mentions": report.mentions,
               "failed": sum(report.failed.values()), "polls": sum(v for k, v in stats.items()
                                                                   if k.startswith("monitor/fetched/") and k != "monitor/fetched/article")}
        before = _last.get(crawler.spider.name, {})
        delta = {k: v - before.get(k, 0) for k, v in now.items()}
        _last[crawler.spider.name] = now
        fetched, stored, mentions = fetched + delta["fetched"], stored + delta["stored"], mentions + delta["mentions"]
        failed, polls = failed + delta["failed"], polls + delta["polls"]
    result.parts.append(f"live outlets={len(crawlers)} polls={polls} fetched={fetched} stored={stored} "
                        f"mentions={mentions} failed={failed}")

    def sync_then_log() -> None:
        try:
            _sync(config, RunOptions(), result)
        except MonitorError as exc:
            result.errors.append(f"sync: {exc}")
        result.parts.append(runner.totals.summary())
        log.info(result.line(time.monotonic() - started))

    threads.deferToThread(sync_then_log).addErrback(lambda f: log.error("sync: %s", f.getErrorMessage()))
