"""A trial discovery of one outlet from its homepage, outside a crawl.

`monitor outlets add URL` runs it before writing the outlet to the config, and
`monitor outlets check` reuses its parts: which feeds and sitemaps the site
has, and whether a few of its recent pages extract as articles.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from scrapy.utils.sitemap import sitemap_urls_from_robots

from monitor import discovery
from monitor.errors import FetchError

log = logging.getLogger(__name__)

Fetch = Callable[[str], bytes]


@dataclass
class Probe:
    base_url: str
    feeds: list[tuple[str, str, int]] = field(default_factory=list)  # url, found by, entries
    sitemaps: list[tuple[str, str, int]] = field(default_factory=list)
    article_urls: list[str] = field(default_factory=list)  # newest first, from feeds, else sitemaps
    listing_links: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        return not self.errors or bool(self.feeds or self.sitemaps or self.listing_links)


def probe(base_url: str, fetch: Fetch) -> Probe:
    """What the site offers: feeds it links or keeps at the usual paths, sitemaps from
    robots.txt or the usual paths, the links of its homepage."""
    result = Probe(base_url)
    home = _get(fetch, base_url, result)
    linked: list[str] = []
    if home is not None:
        html = home.decode("utf-8", "replace")
        linked = discovery.feed_links(html, base_url)
        result.listing_links = len(discovery.listing_links(html, base_url))
    feeds = [(u, "homepage link") for u in linked] or [
        (urljoin(base_url, p), "common path") for p in discovery.COMMON_FEED_PATHS]
    for url, how in feeds:
        body = _get(fetch, url, None)
        if body is None:
            continue
        try:
            entries = discovery.parse_feed(body)
        except discovery.DiscoveryError:
            continue
        result.feeds.append((url, how, len(entries)))
        result.article_urls += [e.url for e in sorted(entries, key=_newest)]
    robots = _get(fetch, urljoin(base_url, "/robots.txt"), None)
    named = list(sitemap_urls_from_robots(robots, base_url=base_url)) if robots else []
    candidates = [(u, "robots.txt") for u in named] + [
        (urljoin(base_url, p), "common path") for p in discovery.COMMON_SITEMAP_PATHS if urljoin(base_url, p) not in named]
    for url, how in candidates:
        body = _get(fetch, url, None)
        if body is None:
            continue
        try:
            sitemap = discovery.parse_sitemap(body)
        except discovery.DiscoveryError:
            continue
        result.sitemaps.append((url, how, len(sitemap.entries)))
        if not sitemap.is_index and not result.feeds:
            result.article_urls += [e.url for e in sorted(sitemap.entries, key=_newest)]
    return result


def _newest(entry: discovery.Entry):
    return -(entry.published.timestamp() if entry.published else 0)


def _get(fetch: Fetch, url: str, result: Probe | None) -> bytes | None:
    try:
        return fetch(url)
    except FetchError as exc:
        if result is not None:
            result.errors.append(str(exc))
        log.debug("nothing at %s: %s", url, exc)
        return None


def relative(base_url: str, url: str) -> str:
    """A found URL as the config writes it: a path when it is on the outlet's own host."""
    base, found = urlsplit(base_url), urlsplit(url)
    if (base.scheme, base.netloc) == (found.scheme, found.netloc):
        return found.path + (f"?{found.query}" if found.query else "")
    return url
