"""Machine-readable metadata of a page: JSON-LD, Open Graph and meta tags.

These are read before trafilatura runs because they decide whether the page is
an article at all, and they are more precise than anything guessed from text.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urljoin, urlsplit
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from monitor.boilerplate import ARTICLE_TYPES, LISTING_TYPES

log = logging.getLogger(__name__)


@dataclass
class PageMetadata:
    types: set[str] = field(default_factory=set)  # schema.org @type values seen
    og_type: str | None = None
    headline: str | None = None
    og_title: str | None = None
    published: str | None = None  # raw ISO string, parsed later
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    breadcrumbs: list[str] = field(default_factory=list)
    modified: str | None = None  # raw ISO string
    article_body: str | None = None  # JSON-LD articleBody, as plain text
    canonical: str | None = None  # link rel=canonical, else og:url (may be relative)
    og_url: str | None = None

    @property
    def declares_article(self) -> bool:
        return bool(self.types & ARTICLE_TYPES) or self.og_type == "article"

    @property
    def json_ld_article(self) -> bool:
        """A JSON-LD article node with a headline: the richest and most reliable metadata."""
        return bool(self.types & ARTICLE_TYPES) and bool(self.headline)

    @property
    def declares_listing(self) -> bool:
        """Schema.org says this page is a collection (a section, tag or search page), not one article."""
        return bool(self.types & LISTING_TYPES) and not self.types & ARTICLE_TYPES


def read_metadata(tree: lxml_html.HtmlElement) -> PageMetadata:
    meta = PageMetadata()
    tags = _meta_tags(tree)

    for node in _json_ld_nodes(tree):
        _apply_json_ld(meta, node)
    meta.og_type = meta.og_type or _first(tags, "og:type")
    meta.og_title = _first(tags, "og:title")
    meta.published = meta.published or _first(
        tags, "article:published_time", "og:published_time", "datePublished", "pubdate", "date"
    )
    if not meta.published:
        found = next((t.get("datetime") for t in tree.iter("time") if t.get("datetime")), None)
        meta.published = str(found) if found else None
    if not meta.authors:
        author = _first(tags, "author", "article:author")
        meta.authors = [author] if author and not author.startswith("http") else []
    meta.section = meta.section or _first(tags, "article:section")
    meta.modified = meta.modified or _first(tags, "article:modified_time", "og:updated_time", "dateModified")
    meta.og_url = _first(tags, "og:url")
    meta.canonical = _canonical_link(tree) or meta.og_url
    return meta


def _canonical_link(tree: lxml_html.HtmlElement) -> str | None:
    # rel is a token list and may come after href (Tengrinews writes href first).
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            return href
    return None


def page_url(meta: PageMetadata) -> str | None:
    """The page's own absolute URL from its metadata: canonical link or og:url, the
    relative one resolved against the other (real pages print a relative og:url)."""
    candidates = [u for u in (meta.canonical, meta.og_url) if u]
    absolute = next((u for u in candidates if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc), None)
    if absolute is None:
        return None
    first = candidates[0]
    return urljoin(absolute, first) if first != absolute else absolute


def _first(tags: dict[str, str], *names: str) -> str | None:
    return next((tags[n] for n in names if n in tags), None)


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """<meta> contents by property/name/itemprop, the first non-empty of each, read in
    one pass (an XPath per name scans the whole page each time: seconds on a big one)."""
    tags: dict[str, str] = {}
    for node in tree.iter("meta"):
        content = (node.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = node.get(attr)
            if key:
                tags.setdefault(key, content)
    return tags


def _json_ld_nodes(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, TypeError):
            log.debug("unparseable JSON-LD block skipped")
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                nodes.append(item)
                stack.extend(v for v in (item.get("@graph"),) if v)
    return nodes


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v) for v in values if v}


def _apply_json_ld(meta: PageMetadata, node: dict[str, Any]) -> None:
    types = _types(node)
    meta.types |= types
    if "BreadcrumbList" in types:
        meta.breadcrumbs = [_name(i.get("item", i)) or _name(i) for i in node.get("itemListElement", []) if isinstance(i, dict)]
        meta.breadcrumbs = [b for b in meta.breadcrumbs if b]
    if not types & ARTICLE_TYPES or meta.headline:
        return
    meta.headline = _text(node.get("headline")) or _text(node.get("name"))
    meta.published = _text(node.get("datePublished")) or meta.published
    meta.modified = _text(node.get("dateModified")) or meta.modified
    meta.article_body = _plain(_text(node.get("articleBody")))
    section = node.get("articleSection")
    meta.section = _text(section[0] if isinstance(section, list) and section else section)
    authors = node.get("author")
    authors = authors if isinstance(authors, list) else [authors]
    meta.authors = [a for a in (_name(x) for x in authors) if a]


def _plain(text: str | None) -> str | None:
    """articleBody as text: some CMSs put the HTML of the body there."""
    if not text or "<" not in text:
        return text
    try:
        fragment = lxml_html.fragment_fromstring(text, create_parent="div")
    except (ValueError, etree.ParserError):
        return text
    for br in fragment.iter("br", "p", "div", "li", "h2", "h3"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(line.strip() for line in fragment.text_content().splitlines() if line.strip()) or None


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
