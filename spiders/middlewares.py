"""Crawl middlewares: never fetch an article twice, fetch feeds conditionally,
retry with backoff.

Kept out of the spider so that spiders stay declarative (outlet config in,
requests and pages out).
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any
from urllib.parse import urldefrag, urljoin

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.utils.response import response_status_message

from monitor.crawlstore import crawler_store
from monitor.models import article_id

log = logging.getLogger(__name__)


class SeenArticlesMiddleware(BaseSpiderMiddleware):
    """Drops requests for pages whose canonical URL is already stored, or was
    fetched before and found not to be an article (or too old)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.store = crawler_store(crawler)
        self.checked: set[str] = set()  # one article is linked from feed, sitemap and listing
        # Idle: nothing scheduled or in flight, so nothing to guard against any more. A crawl
        # closes then; the long-lived worker polls again, and must not grow this set forever.
        crawler.signals.connect(self.forget, signal=signals.spider_idle)

    def forget(self) -> None:
        self.checked.clear()

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        canonical = request.meta.get("canonical_url")
        if canonical in self.checked:
            return None  # already scheduled or skipped in this crawl
        if canonical:
            self.checked.add(canonical)
        since = getattr(self.crawler.spider, "since", None)
        if canonical and self.store.was_seen(article_id(canonical), since):
            self.crawler.stats.inc_value("monitor/skipped/already_seen")
            return None
        return request


class ConditionalGetMiddleware:
    """ETag / Last-Modified for feeds and sitemaps.

    New validators are written only when the crawl finishes normally: after a
    crash the next run must fetch the feed in full again, or the articles it
    listed but the crashed run never fetched would be lost behind a 304.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.store = crawler_store(crawler)
        self.pending: dict[str, tuple[str | None, str | None]] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        # Idle means every article the feeds listed was fetched (or failed and reported),
        # as at a normal finish: the long-lived worker's spider only ever gets there.
        crawler.signals.connect(self.flush, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("conditional"):
            return None
        etag, modified = self.store.get_fetch_state(request.url)
        if etag:
            request.headers.setdefault("If-None-Match", etag)
        if modified:
            request.headers.setdefault("If-Modified-Since", modified)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("conditional"):
            if response.status == 304:
                self.crawler.stats.inc_value("monitor/not_modified")
            elif response.status == 200:
                etag = response.headers.get("ETag")
                modified = response.headers.get("Last-Modified")
                if etag or modified:
                    self.pending[request.url] = (
                        etag.decode("latin-1") if etag else None,
                        modified.decode("latin-1") if modified else None,
                    )
        return response

    def spider_closed(self, reason: str) -> None:
        if reason == "finished":
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.set_fetch_states(self.pending)
            self.pending = {}


class RedirectLoop(IgnoreRequest):
    """A page redirects to itself or back along its redirect chain."""


class RedirectLoopMiddleware:
    """Fails a redirect back to a URL of the same chain, with the reason.

    Sites that set a cookie and redirect to the same page do this to a crawler
    without cookies; Scrapy's duplicate filter would drop the redirect without a
    word, and the article would vanish from the report. Sits before Scrapy's
    RedirectMiddleware in response order (a higher number).
    """

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = urldefrag(urljoin(request.url, location.decode("latin-1").strip()))[0]
            chain = {urldefrag(u)[0] for u in (*request.meta.get("redirect_urls", ()), request.url)}
            if target in chain:
                raise RedirectLoop(f"redirect loop: HTTP {response.status} back to {target}")
        return response


class BackoffRetryMiddleware:
    """Scrapy's retry policy with exponential backoff and Retry-After.

    Scrapy re-queues a failed request at once; a struggling news site should
    rather be given time. The wait is awaited in the middleware, which holds
    no download slot, so other outlets go on meanwhile.
    """

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.codes = {int(c) for c in settings.getlist("RETRY_HTTP_CODES")}
        self.base = settings.getfloat("MONITOR_RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("MONITOR_RETRY_BACKOFF_MAX", 60.0)
        self.exceptions = tuple(_load(path) for path in settings.getlist("RETRY_EXCEPTIONS"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await asyncio.sleep(self._delay(request, response))
        return retry

    async def process_exception(self, request: Request, exception: BaseException) -> Request | None:
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions):
            return None
        retry = self._retry(request, type(exception).__name__)
        if retry is not None:
            await asyncio.sleep(self._delay(request, None))
        return retry

    def _retry(self, request: Request, reason: str) -> Request | None:
        return get_retry_request(request, spider=self.crawler.spider, reason=reason)

    def _delay(self, request: Request, response: Response | None) -> float:
        if response is not None:
            header = response.headers.get("Retry-After")
            if header and header.strip().isdigit():
                return min(float(header), self.cap)
        attempt = request.meta.get("retry_times", 0)
        return min(self.cap, self.base * 2**attempt) * (0.5 + random.random() / 2)


def _load(path: Any) -> type:
    if isinstance(path, type):
        return path
    from scrapy.utils.misc import load_object

    return load_object(path)
