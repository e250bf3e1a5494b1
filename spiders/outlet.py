"""One spider for every outlet: the outlet registry says where to look.

A spider per outlet is generated from configuration (monitor.spiderloader);
an outlet that needs more than configuration gets a subclass in this package
with the same `name`, overriding a hook such as `accept_url`.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from monitor import discovery, outletstate
from monitor.config import Config, Edition, Outlet, config_from_settings
from monitor.crawlstore import StoreExtension
from monitor.dates import LOCAL_TZ
from monitor.extract import decode_html
from monitor.models import CrawlContext, Page
from monitor.store import SqliteStore
from monitor.urls import canonical_url
from spiders.middlewares import RedirectLoop

log = logging.getLogger(__name__)

NOT_MODIFIED = 304
# Exception class names (Twisted's and Scrapy's wrappers) -> report keys.
NETWORK_ERRORS = (
    ("refused", "connection_refused"),
    ("dnslookup", "dns_lookup_failed"),
    ("resolve", "dns_lookup_failed"),
    ("timeout", "timeout"),
    ("timedout", "timeout"),
    ("connectionlost", "connection_lost"),
    ("responsefailed", "connection_lost"),
    ("responsenevercomplete", "connection_lost"),
    ("ssl", "tls_error"),
)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def network_error_key(error: BaseException) -> str:
    if "download max size" in str(error):  # Scrapy cancels a page over DOWNLOAD_MAXSIZE
        return "too_large"
    name = type(error).__name__.lower()
    return next((key for part, key in NETWORK_ERRORS if part in name), name)


class OutletSpider(scrapy.Spider):
    outlet_id: str = ""
    custom_settings = {"HTTPERROR_ALLOWED_CODES": [NOT_MODIFIED]}

    def __init__(self, *args: Any, since: str | datetime | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # `scrapy crawl tengrinews -a since=2025-03-01` gives a string, and a date alone
        # is local time in Kazakhstan, like every date without an offset.
        if isinstance(since, str):
            since = datetime.fromisoformat(since)
        self.since = since.replace(tzinfo=LOCAL_TZ) if since and since.tzinfo is None else since
        # What feeds, sitemaps and listings said about each article URL, merged: the
        # article is fetched once, from whichever source came first, and keeps all of it.
        self.discovered: dict[str, discovery.Entry] = {}

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = config_from_settings(crawler.settings)
        spider.outlet = spider.config.outlet(cls.outlet_id or cls.name)
        spider.max_listing_pages = spider.config.crawl.max_listing_pages
        spider.store = None
        spider.learned_pattern = None
        spider.found_sources = []
        return spider

    config: Config
    outlet: Outlet
    store: SqliteStore | None
    learned_pattern: re.Pattern[str] | None
    found_sources: list[outletstate.Source]

    # -- discovery ---------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.prepare()
        for edition in self.outlet.editions:
            for request in self.edition_requests(edition):
                yield request

    def prepare(self) -> None:
        # The store extension exists once the engine runs, not yet in from_crawler.
        self.store = _store_of(self.crawler)
        if self.store is not None and self.outlet.article_pattern is None:
            learned = outletstate.learned_pattern(self.store, self.outlet.id)
            self.learned_pattern = re.compile(learned) if learned else None

    def edition_requests(self, edition: Edition) -> Iterable[scrapy.Request]:
        meta = {"edition": edition.language, "conditional": True}
        if edition.discover:
            yield from self.discovery_requests(edition)
        for path in edition.feeds:
            yield self._request(edition.url(path), self.parse_feed, meta, kind="feed")
        for path in edition.sitemaps:
            yield self._request(edition.url(path), self.parse_sitemap, meta, kind="sitemap")
        if edition.robots_sitemaps:
            yield self._request(edition.url("/robots.txt"), self.parse_robots, meta, kind="robots")
        for path in edition.listings:
            listing_meta = {"edition": edition.language, "listing_page": 1}
            yield self._request(edition.url(path), self.parse_listing, listing_meta, kind="listing")

    def discovery_requests(self, edition: Edition) -> Iterable[scrapy.Request]:
        """An outlet known by its homepage: the feeds and sitemaps found last time, or a
        fresh look (homepage links, robots.txt, common paths); the homepage is a listing too."""
        known = [s for s in (outletstate.sources(self.store, self.outlet.id) if self.store is not None else [])
                 if s.edition == edition.language]
        probing = outletstate.needs_discovery(known)
        meta = {"edition": edition.language, "conditional": True}
        home_meta = {"edition": edition.language, "listing_page": 1, "probe_feeds": probing}
        yield self._request(edition.url("/"), self.parse_home, home_meta, kind="listing")
        if not probing:
            for source in known:
                if source.kind == outletstate.PROBED:
                    continue
                callback = self.parse_feed if source.kind == "feed" else self.parse_sitemap
                yield self._request(source.url, callback, meta, kind=source.kind)
            return
        if not edition.robots_sitemaps:
            yield self._request(edition.url("/robots.txt"), self.parse_robots, meta, kind="robots")

    def _probe(self, url: str, callback, meta: dict[str, Any], kind: str) -> scrapy.Request:
        """A guessed address: its absence is what a guess may find, not a failure."""
        request = self._request(url, callback, meta, kind)
        return request.replace(errback=self.on_probe_error)

    def on_probe_error(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("monitor/discovery/absent")
        log.debug("%s: nothing at %s (%s)", self.outlet.id, failure.request.url, failure.getErrorMessage())

    def parse_home(self, response: Response) -> Iterable[scrapy.Request]:
        """The homepage: the feeds it announces, else the usual feed paths guessed; the
        usual sitemap paths (robots.txt names others); and its links, as a listing."""
        if response.meta.get("probe_feeds") and self._is_text(response):
            # Remembered even when nothing is found, so that the site is not probed on every
            # crawl; only once its homepage answered (a site that is down is probed next time).
            self.found_sources.append(outletstate.Source(
                self.outlet.id, response.meta.get("edition") or "", outletstate.PROBED, response.url, "discovery",
                datetime.now(UTC).isoformat(), 0))
            meta = {**self._edition_meta(response), "found_by": "homepage link"}
            linked = discovery.feed_links(response.text, response.url)
            for url in linked:
                yield self._probe(url, self.parse_feed, meta, kind="feed")
            guess = {**meta, "found_by": "common path"}
            for path in () if linked else discovery.COMMON_FEED_PATHS:
                yield self._probe(response.urljoin(path), self.parse_feed, guess, kind="feed")
            for path in discovery.COMMON_SITEMAP_PATHS:
                yield self._probe(response.urljoin(path), self.parse_sitemap, guess, kind="sitemap")
        yield from self.parse_listing(response)

    def _found(self, response: Response, kind: str, entries: int) -> None:
        """A feed or sitemap found by discovery: remembered for the next crawl, reported."""
        found_by = response.meta.get("found_by")
        if not found_by or not entries:
            return
        self.crawler.stats.inc_value(f"monitor/discovery/{kind}")
        self.found_sources.append(outletstate.Source(
            self.outlet.id, response.meta.get("edition") or "", kind, response.url, found_by,
            datetime.now(UTC).isoformat(), entries))
        log.info("%s: found %s %s (%s, %d entries)", self.outlet.id, kind, response.url, found_by, entries)

    def closed(self, reason: str) -> None:
        """Remember how the fields were extracted (layout drift), what discovery found and
        what the pages taught about URL shapes."""
        if self.store is None:
            return
        try:
            outletstate.record_health(self.store, self.outlet.id, self.crawler.stats.get_stats())
            if self.found_sources:
                outletstate.remember_sources(self.store, self.found_sources)
            if self.outlet.article_pattern is None:
                pattern = outletstate.learn_shape(self.store, self.outlet.id)
                if pattern:
                    log.info("%s: article URL shape learned: %s", self.outlet.id, pattern)
        except sqlite3.Error as exc:
            log.warning("%s: could not remember what the crawl learned: %s", self.outlet.id, exc)

    def _request(self, url: str, callback, meta: dict[str, Any], kind: str) -> scrapy.Request:
        return scrapy.Request(
            url, callback=callback, errback=self.on_error, meta={**meta, "kind": kind},
            priority=10,  # discovery first, so articles are found breadth-first
        )

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        entries = self._read(response, discovery.parse_feed, "malformed_feed")
        if entries is None:
            return
        self.crawler.stats.inc_value("monitor/discovered/feed", len(entries))
        self._found(response, "feed", len(entries))
        yield from self._articles(entries, response)

    def _read(self, response: Response, parse, error_key: str):
        """A feed or sitemap parsed, or None: not modified since last time, or broken."""
        if response.status == NOT_MODIFIED:
            return None
        try:
            return parse(response.body)
        except discovery.DiscoveryError as exc:
            if response.meta.get("found_by") == "common path":
                # A guessed path answered with something else (often the homepage): not a feed.
                self.crawler.stats.inc_value("monitor/discovery/absent")
                return None
            self._fail(response.url, str(exc), error_key)
            return None

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        sitemap = self._read(response, discovery.parse_sitemap, "malformed_sitemap")
        if sitemap is None:
            return
        self._found(response, "sitemap", len(sitemap.entries))
        if sitemap.is_index:
            for entry in sitemap.entries:
                if self._recent(entry.published):
                    url = response.urljoin(entry.url)
                    yield self._request(url, self.parse_sitemap, self._edition_meta(response), kind="sitemap")
                else:
                    self.crawler.stats.inc_value("monitor/skipped/old_sitemap")
            return
        self.crawler.stats.inc_value("monitor/discovered/sitemap", len(sitemap.entries))
        yield from self._articles(sitemap.entries, response)

    def parse_robots(self, response: Response) -> Iterable[scrapy.Request]:
        meta = {**self._edition_meta(response), "found_by": "robots.txt"}
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self._request(url, self.parse_sitemap, meta, kind="sitemap")

    @staticmethod
    def _edition_meta(response: Response) -> dict[str, Any]:
        return {"edition": response.meta.get("edition"), "conditional": True}

    def parse_listing(self, response: Response) -> Iterable[scrapy.Request]:
        if not self._is_text(response):
            return
        links = discovery.listing_links(response.text, response.url)
        entries = [discovery.Entry(u) for u in links if self.accept_listing_link(canonical_url(u, self.outlet))]
        self.crawler.stats.inc_value("monitor/discovered/listing", len(entries))
        yield from self._articles(entries, response)
        page = response.meta.get("listing_page", 1)
        next_url = self.next_listing_page(response, page)
        if entries and next_url and page < self.max_listing_pages:
            meta = {"edition": response.meta.get("edition"), "listing_page": page + 1}
            yield self._request(next_url, self.parse_listing, meta, kind="listing")

    def next_listing_page(self, response: Response, page: int) -> str | None:
        """The next page of a listing: rel=next, or the common /page/N/ scheme."""
        href = response.css('link[rel="next"]::attr(href), a[rel="next"]::attr(href)').get()
        if href:
            return response.urljoin(href)
        found = response.css(f'a[href*="/page/{page + 1}"]::attr(href)').get()
        return response.urljoin(found) if found else None

    def _articles(self, entries: Iterable[discovery.Entry], response: Response) -> Iterable[scrapy.Request]:
        for entry in entries:
            # The canonical URL is what gets judged and fetched: feed links carry
            # tracking parameters, listings link AMP or mirror variants, and
            # Scrapy's duplicate filter then sees one URL per article.
            # Feeds and sitemaps should hold absolute links; a relative one is joined, not lost.
            canonical = canonical_url(response.urljoin(entry.url), self.outlet)
            if not self.accept_url(canonical):
                continue
            if not self._recent(entry.published):
                self.crawler.stats.inc_value("monitor/skipped/too_old")
                continue
            self.discovered[canonical] = entry.completed_by(self.discovered.get(canonical))
            yield scrapy.Request(
                canonical, callback=self.parse_article, errback=self.on_error,
                meta={"canonical_url": canonical, "edition": response.meta.get("edition"), "kind": "article"},
            )

    def accept_url(self, url: str) -> bool:
        """Hook: is this link a candidate article of this outlet?"""
        if self.outlet.edition_for(url) is None:
            return False
        return self.outlet.is_article_url(url) is not False

    def accept_listing_link(self, url: str) -> bool:
        """A listing's link worth fetching: an article URL, by the outlet's pattern or,
        for an outlet known by its homepage, by the shape learned from its pages
        (menus, sections and tags are never fetched again)."""
        if not self.accept_url(url):
            return False
        if self.learned_pattern is not None:
            edition = self.outlet.edition_for(url)
            path = urlsplit(url).path[len(edition.path_prefix):] if edition else urlsplit(url).path
            return bool(self.learned_pattern.search(path or "/"))
        return True

    def _recent(self, published: datetime | None) -> bool:
        return published is None or self.since is None or published >= self.since

    # -- articles and failures ---------------------------------------------

    def _is_text(self, response: Response) -> bool:
        """An HTML (text) response; anything else (an image, a PDF...) is a failure, reported."""
        if hasattr(response, "text"):
            return True
        ctype = _header(response, b"Content-Type") or "no Content-Type"
        self._fail(response.url, f"not a text page ({ctype})", "not_html")
        return False

    def parse_article(self, response: Response) -> Iterable[Page]:
        if not self._is_text(response):
            return
        entry = self.discovered.get(response.meta.get("canonical_url", ""), discovery.Entry(response.url))
        yield Page(
            url=response.url,
            canonical_url=canonical_url(response.url, self.outlet),
            source=self.outlet.id,
            # Decoded here, not by Scrapy: its guess for an undeclared charset is cp1252,
            # which turns windows-1251 Cyrillic into Latin-1 letters.
            html=decode_html(response.body, _header(response, b"Content-Type")),
            body=response.body,
            context=CrawlContext(
                content_type=_header(response, b"Content-Type"),
                edition_language=response.meta.get("edition"),
                published=entry.published,
                authors=entry.authors,
                section=entry.section,
            ),
        )

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        if failure.check(RedirectLoop):
            self._fail(request.url, failure.getErrorMessage(), "redirect_loop")
            return
        if failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            # Forbidden by robots.txt: a skip the outlet asked for, not a failure.
            self.crawler.stats.inc_value("monitor/skipped/robots_txt")
            log.info("%s: skipped %s: %s", self.outlet.id, request.url, failure.getErrorMessage())
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            # Scrapy's other refusals, e.g. "max redirections reached"
            self._fail(request.url, failure.getErrorMessage(), "not_fetched")
            return
        if failure.check(HttpError):
            reason = f"HTTP {failure.value.response.status}"
            key = f"http_{failure.value.response.status}"
        else:
            key = network_error_key(failure.value)
            reason = f"{key.replace('_', ' ')}: {failure.getErrorMessage()}"
        self._fail(request.url, reason, key)

    def _fail(self, url: str, reason: str, key: str) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"monitor/failed/{key}")
        examples = stats.get_value("monitor/failed_examples") or []
        if len(examples) < 20:
            stats.set_value("monitor/failed_examples", [*examples, f"{url}: {reason}"])
        log.warning("%s: failed %s: %s", self.outlet.id, url, reason)


def _store_of(crawler) -> SqliteStore | None:
    """The crawl's store, when the store extension runs (not in a bare `scrapy crawl` test)."""
    extension = crawler.get_extension(StoreExtension)
    return extension.store if extension is not None else None
