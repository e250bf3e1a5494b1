"""Where article URLs come from: feeds, sitemaps, robots.txt and listing pages.

Pure functions over bytes, so they are tested without a crawl. Scrapy's own
sitemap parser drops the news: namespace, whose publication_date is what lets
an incremental crawl skip old entries without fetching them, so sitemaps are
parsed here with lxml (entities off, huge trees refused).
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html

from monitor import dates

log = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit


@dataclass(frozen=True)
class Entry:
    url: str
    published: datetime | None = None
    authors: tuple[str, ...] = ()  # feeds only: <author>, <dc:creator>
    section: str | None = None  # feeds only: the first <category>

    def completed_by(self, other: Entry | None) -> Entry:
        """This entry with what it lacks taken from another entry for the same article
        (a sitemap's date, a feed's author): an article is fetched once, whichever came first."""
        if other is None:
            return self
        return Entry(self.url, self.published or other.published, self.authors or other.authors,
                     self.section or other.section)


@dataclass(frozen=True)
class Sitemap:
    is_index: bool
    entries: list[Entry]


class DiscoveryError(ValueError):
    """A feed or sitemap that cannot be read at all."""


def parse_feed(body: bytes) -> list[Entry]:
    """Entries of an RSS or Atom feed. Tolerates the usual malformations."""
    parsed = feedparser.parse(body)
    entries = [
        Entry(e.link, _feed_date(e), _feed_authors(e), _feed_section(e))
        for e in parsed.entries if getattr(e, "link", None)
    ]
    if not entries and parsed.bozo:
        raise DiscoveryError(f"malformed feed: {parsed.bozo_exception}")
    if not entries and not parsed.get("version"):
        # An HTML page, an empty body or JSON where the feed should be: feedparser
        # finds no entries and, for well-formed markup, no error either.
        raise DiscoveryError(f"malformed feed: not RSS or Atom ({_first_bytes(body)})")
    return entries


def _first_bytes(body: bytes) -> str:
    head = body.lstrip()[:40].decode("utf-8", "replace")
    return f"starts with {head!r}" if head else "empty body"


def _feed_date(entry) -> datetime | None:
    for key in ("published", "updated"):
        value = entry.get(key)
        if value:
            parsed = dates.parse_iso(value) or _rfc822(value)
            if parsed:
                return parsed
    return None


def _feed_authors(entry) -> tuple[str, ...]:
    names = [" ".join((a.get("name") or "").split()) for a in entry.get("authors") or ()]
    return tuple(dict.fromkeys(n for n in names if n))


def _feed_section(entry) -> str | None:
    for tag in entry.get("tags") or ():
        term = " ".join((tag.get("term") or "").split())
        if term:
            return term
    return None


def _rfc822(value: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dates.LOCAL_TZ)


_SITEMAP_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


def parse_sitemap(body: bytes) -> Sitemap:
    """A sitemap index or url set, with lastmod / news:publication_date."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    try:
        root = etree.fromstring(body, parser=_SITEMAP_PARSER)
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"malformed sitemap: {exc}") from exc
    if root is None:
        raise DiscoveryError("malformed sitemap: no XML root element")
    kind = etree.QName(root).localname
    if kind not in ("sitemapindex", "urlset"):
        raise DiscoveryError(f"not a sitemap: root element <{kind}>")
    entries = [entry for node in root if (entry := _sitemap_entry(node)) is not None]
    return Sitemap(is_index=kind == "sitemapindex", entries=entries)


def _gunzip(body: bytes) -> bytes:
    """A .xml.gz sitemap, at most MAX_SITEMAP_BYTES of it however much the file expands
    (a small bomb must not fill memory); cut-off data gives what arrived, like cut-off XML."""
    stream = zlib.decompressobj(wbits=31)  # gzip framing
    try:
        return stream.decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error as exc:
        raise DiscoveryError(f"malformed sitemap: broken gzip data ({exc})") from exc


def _sitemap_entry(node: etree._Element) -> Entry | None:
    if not isinstance(node.tag, str):
        return None
    loc = None
    published = None
    for child in node.iter():
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        text = (child.text or "").strip()
        if name == "loc" and loc is None:
            loc = text
        elif name == "publication_date" and text:
            published = dates.parse_iso(text) or published
        elif name == "lastmod" and text and published is None:
            published = dates.parse_iso(text if "T" in text else text + "T00:00:00")
    return Entry(loc, published) if loc else None


def listing_links(html: str, page_url: str) -> list[str]:
    """Absolute http(s) links of a listing page, in page order, without duplicates.

    Which of them are this outlet's articles (mirror hosts included) is the
    spider's call, after canonicalisation.
    """
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    seen: dict[str, None] = {}
    for href in tree.xpath("//a/@href"):
        url = urljoin(page_url, str(href).strip())
        if urlsplit(url).scheme in ("http", "https"):
            seen.setdefault(url.split("#")[0], None)
    return list(seen)


# Where sites keep their feeds and sitemaps when nothing links them: WordPress (/feed/),
# Bitrix (/rss/), generic (/rss.xml, /feed.xml); sitemaps per sitemaps.org and Google News.
COMMON_FEED_PATHS = ("/feed/", "/rss/", "/rss.xml", "/feed.xml")
COMMON_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml")
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml",
                         "text/xml"})


def feed_links(html: str, page_url: str) -> list[str]:
    """Feeds a page announces: <link rel="alternate" type="application/rss+xml" href=...>."""
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    found: dict[str, None] = {}
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in _FEED_TYPES and href and "comments" not in href.lower():
            found.setdefault(urljoin(page_url, href), None)
    return list(found)
