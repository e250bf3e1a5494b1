"""An outlet's spider kept open: its feeds, sitemaps and listings polled when due.

`live_spider(cls)` turns an outlet spider into one that never closes on its own
(spider_idle -> DontCloseSpider) and, every few seconds, hands the engine the
sources that monitor/pollstate.py says are due. Each poll's outcome (new
articles, 304, 429 with Retry-After, failure) chooses the next interval
(monitor/schedule.py). Articles found go through the usual spider middleware
and item pipelines, so they are extracted, scored, stored and alerted at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import task
from twisted.python.failure import Failure

from monitor import outletstate, pollstate
from monitor.crawl import default_since
from monitor.models import article_id
from monitor.schedule import History, PollBudget, base_interval, next_interval

log = logging.getLogger("monitor.live")

TICK_SECONDS = 2.0  # how often due sources are looked up at most; far below any interval
STUCK_SECONDS = 600.0  # a poll with no outcome by then is given up (its next one may start)
POLLED_KINDS = ("feed", "sitemap", "robots", "listing")


def utcnow() -> datetime:
    return datetime.now(UTC)


def live_spider(cls: type[scrapy.Spider]) -> type[scrapy.Spider]:
    """The long-lived variant of an outlet spider class (same name, same parsing)."""
    return type(f"Live{cls.__name__}", (LivePolling, cls), {"__module__": __name__})


def retry_after_seconds(response: Response) -> float | None:
    value = response.headers.get(b"Retry-After")
    text = value.decode("latin-1").strip() if value else ""
    if text.isdigit():
        return float(text)
    if text:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, (parsedate_to_datetime(text) - utcnow()).total_seconds())
        except (TypeError, ValueError):
            return None
    return None


class LivePolling:
    """Mixed in before an OutletSpider subclass (see live_spider)."""

    templates: dict[str, tuple[scrapy.Request, bool]]  # url -> (request, primary listing)
    in_flight: dict[str, float]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.prepare()
        self.templates, self.in_flight = {}, {}
        self.schedule = self.config.schedule
        self.budget = PollBudget(self.schedule.outlet_budget)
        for edition in self.outlet.editions:
            self._add_sources(list(self.edition_requests(edition)))
        self.crawler.signals.connect(self._idle, signal=signals.spider_idle)
        self.crawler.signals.connect(self._fetched, signal=signals.response_received)
        self.ticker = task.LoopingCall(self.poll_due)
        # Due sources are looked up every 2 s, or more often when intervals are shorter (tests, benchmarks).
        self.ticker.start(min(TICK_SECONDS, self.schedule.min_interval / 10), now=True)
        return
        yield  # an async generator that yields nothing: the ticker feeds the engine

    def _add_sources(self, requests: Iterable[scrapy.Request]) -> None:
        requests = [r for r in requests if r.meta.get("kind") in POLLED_KINDS]
        # An edition with listings only: its first listing (the newest stories, as a rule) is its
        # feed, polled as often; the others stay rare, or the outlet would pay a feed's load per listing.
        lone = not any(r.meta["kind"] != "listing" for r in requests)
        first = next((r.url for r in requests if r.meta["kind"] == "listing"), None)
        rows = []
        for request in requests:
            listing_primary = lone and request.url == first
            self.templates[request.url] = (request, listing_primary)
            rows.append((request.url, request.meta["kind"],
                         base_interval(request.meta["kind"], request.url, self.schedule, listing_primary)))
        pollstate.register(self.store, self.outlet.id, rows, utcnow())

    def poll_due(self) -> None:
        try:
            self._poll_due(utcnow())
        except Exception:  # a locked store, a bad row: this tick is lost, not the polling
            log.exception("%s: polling tick failed", self.outlet.id)

    def _poll_due(self, now: datetime) -> None:
        self.since = default_since(self.config, now)  # a worker runs for weeks: the look-back slides
        for url, started in list(self.in_flight.items()):
            if time.monotonic() - started > STUCK_SECONDS:
                del self.in_flight[url]
        for state in pollstate.due(self.store, self.outlet.id, now):
            template = self.templates.get(state.url)
            if template is None or state.url in self.in_flight:
                continue  # a source no longer configured, or still being read
            if not self.budget.take(time.monotonic()):
                break  # the outlet's polls an hour are spent for now: the due ones wait their turn, oldest first
            self.in_flight[state.url] = time.monotonic()
            pollstate.count_request(self.store, self.outlet.id, "poll", now)
            self.crawler.engine.crawl(self._poll_request(*template))

    def _poll_request(self, template: scrapy.Request, primary: bool) -> scrapy.Request:
        meta = {**template.meta, "poll": (template.url, template.callback, primary),
                # A 429 or 503 is answered by the schedule's back-off, not by retrying at once.
                "dont_retry": True}
        if meta.get("kind") == "listing":
            meta["listing_page"] = self.max_listing_pages  # the first page only: new articles are on top
        return template.replace(callback=self.parse_poll, errback=self.on_poll_error, meta=meta, dont_filter=True)

    def parse_poll(self, response: Response) -> Iterable[Any]:
        url, parse, _ = response.meta["poll"]
        new = 0
        try:
            for out in parse(response) or ():
                if isinstance(out, scrapy.Request) and out.meta.get("kind") == "article" \
                        and not self.store.was_seen(article_id(out.meta["canonical_url"]), self.since):
                    new += 1
                yield out
        finally:  # also when parsing failed: the source is polled again on its schedule
            self._polled(url, response.status, new)

    def on_poll_error(self, failure: Failure) -> None:
        url = failure.request.meta["poll"][0]
        status, wait = 0, None
        if failure.check(HttpError):
            status = failure.value.response.status
            wait = retry_after_seconds(failure.value.response)
        self.on_error(failure)  # reported as in any crawl
        self._polled(url, status, 0, wait)

    def _polled(self, url: str, status: int, new: int, retry_after: float | None = None) -> None:
        self.in_flight.pop(url, None)
        state = pollstate.get(self.store, self.outlet.id, url)
        if state is None:
            return
        now = utcnow()
        ok = 200 <= status < 300 or status == 304
        last_new = now if new else state.last_new
        history = History(
            rate_per_hour=pollstate.publish_rate(self.store, self.outlet.id, now),
            idle_s=(now - last_new).total_seconds() if last_new else None,
            backoff=0 if ok else state.backoff + 1, retry_after=retry_after)
        interval = next_interval(state.kind, url, history, now, self.schedule, self.templates[url][1])
        pollstate.record_poll(self.store, self.outlet.id, url, now=now, status=status, new_articles=new,
                              backoff=history.backoff, interval=interval)
        if not ok:
            log.warning("%s: %s answered %s: next poll in %.0fs", self.outlet.id, url, status or "nothing", interval)
        elif new:
            log.info("%s: %d new from %s; next poll in %.0fs", self.outlet.id, new, url, interval)

    def _fetched(self, response: Response, request: scrapy.Request) -> None:
        if request.meta.get("kind") == "article":
            pollstate.count_request(self.store, self.outlet.id, "article", utcnow())

    def _idle(self) -> None:
        """Nothing in flight: forget what only mattered while it was, keep what discovery found."""
        self.discovered.clear()
        if self.found_sources:
            found, self.found_sources = self.found_sources, []
            outletstate.remember_sources(self.store, found)
            self._add_sources(self._found_requests(found))
        raise DontCloseSpider

    def _found_requests(self, found: list[outletstate.Source]) -> list[scrapy.Request]:
        meta_of = {"feed": self.parse_feed, "sitemap": self.parse_sitemap}
        return [self._request(s.url, meta_of[s.kind], {"edition": s.edition, "conditional": True}, kind=s.kind)
                for s in found if s.kind in meta_of]

    def closed(self, reason: str) -> None:
        if getattr(self, "ticker", None) is not None and self.ticker.running:
            self.ticker.stop()
        super().closed(reason)
