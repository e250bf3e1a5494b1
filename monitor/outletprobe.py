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


@dataclass
class PageCheck:
    url: str
    is_article: bool
    reason: str | None
    sources: dict[str, str]
    unmatched: list[str]


@dataclass
class OutletCheck:
    outlet: str
    edition: str
    source: str | None  # the feed or sitemap the articles came from
    pages: list[PageCheck] = field(default_factory=list)
    error: str | None = None

    def problems(self) -> list[str]:
        """What a person must look at: no source, pages that are no longer articles, dead selectors."""
        found = [self.error] if self.error else []
        found += [f"{p.url}: не статья ({p.reason})" for p in self.pages if not p.is_article]
        dead = sorted({name for p in self.pages for name in p.unmatched})
        found += [f"селектор {name} не нашёл ничего на {sum(name in p.unmatched for p in self.pages)} "
                  f"из {len(self.pages)} страниц" for name in dead]
        return found


def check_outlet(outlet, edition, fetch: Fetch, extract_page, articles: int = 3) -> OutletCheck:
    """Fetch the edition's feed (or sitemap, or homepage) and its `articles` most recent
    articles, and say for each field where it came from."""
    urls, source = _recent_urls(outlet, edition, fetch)
    result = OutletCheck(outlet.id, edition.language, source)
    urls = [u for u in urls if outlet.is_article_url(u) is not False][:articles]
    if not urls:
        result.error = f"{edition.base_url}: не найдено ни одной статьи (ленты, карты сайта и главная пусты)"
        return result
    for url in urls:
        body = _get(fetch, url, None)
        if body is None:
            result.pages.append(PageCheck(url, False, "страница не загрузилась", {}, []))
            continue
        extracted = extract_page(body, url, outlet)
        result.pages.append(PageCheck(url, extracted.is_article, extracted.reason, extracted.sources,
                                      extracted.unmatched_selectors))
    return result


def _recent_urls(outlet, edition, fetch: Fetch) -> tuple[list[str], str | None]:
    for path in edition.feeds:
        body = _get(fetch, edition.url(path), None)
        try:
            entries = discovery.parse_feed(body) if body is not None else []
        except discovery.DiscoveryError:
            entries = []
        if entries:
            return [e.url for e in sorted(entries, key=_newest)], edition.url(path)
    for path in edition.sitemaps:
        body = _get(fetch, edition.url(path), None)
        try:
            sitemap = discovery.parse_sitemap(body) if body is not None else None
        except discovery.DiscoveryError:
            sitemap = None
        if sitemap is not None and sitemap.is_index and sitemap.entries:
            # The newest child sitemap holds the recent articles.
            child = sorted(sitemap.entries, key=_newest)[0].url
            body = _get(fetch, urljoin(edition.url(path), child), None)
            try:
                sitemap = discovery.parse_sitemap(body) if body is not None else None
            except discovery.DiscoveryError:
                sitemap = None
        if sitemap is not None and not sitemap.is_index and sitemap.entries:
            return [e.url for e in sorted(sitemap.entries, key=_newest)], edition.url(path)
    if edition.discover:
        found = probe(edition.url("/"), fetch)
        if found.article_urls:
            return found.article_urls, (found.feeds or found.sitemaps)[0][0]
    for path in edition.listings or ("/",):
        body = _get(fetch, edition.url(path), None)
        if body is not None:
            links = discovery.listing_links(body.decode("utf-8", "replace"), edition.url(path))
            return [u for u in links if outlet.edition_for(u) is not None], edition.url(path)
    return [], None
