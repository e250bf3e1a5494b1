"""From one HTML page to one clean article, or a reason why it is not one.

The chain: decode, parse, read metadata, cut the page down to this article's
block (outlet root selector, drop selectors, "read also" blocks), let
trafilatura extract the text, then fill title/date/authors from the most
precise source available and drop boilerplate lines trafilatura let through.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import charset_normalizer
import trafilatura
from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector
from w3lib.encoding import html_to_unicode

from monitor import boilerplate, dates, homoglyphs, pagetype, textcheck
from monitor.config import Outlet
from monitor.metadata import PageMetadata, page_url, read_metadata

log = logging.getLogger(__name__)

# Share of JSON-LD articleBody the extracted lines must cover to be trusted over it.
JSON_LD_COVERAGE = 0.8
# The longest text kept of one page: long reads run to 60,000 characters.
MAX_TEXT_CHARS = 200_000
# The text of a page read at most: the kept text and what sidebars and menus take beside it.
PAGE_TEXT_BUDGET = 4 * MAX_TEXT_CHARS
PAGE_ELEMENT_BUDGET = 60_000  # a news page has 1,000-10,000 elements
MISSING = "missing"
GENERIC_AUTHORS = frozenset({"bnews.kz", "tengrinews.kz", "nur.kz", "ratel.kz", "редакция", "admin"})


@dataclass
class Extracted:
    is_article: bool
    reason: str | None = None  # why it is not an article
    title: str = ""
    text: str = ""
    published_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    no_text: bool = False  # not an article because the page held (almost) no text at all
    url: str | None = None  # the URL judged: the one given, else the page's canonical URL
    # Where each field came from: selectors (the outlet's), metadata (JSON-LD, meta tags),
    # fallback (generic: trafilatura, a date found in the text) or missing. Layout drift
    # shows as a field moving from the first two to the third.
    sources: dict[str, str] = field(default_factory=dict)
    unmatched_selectors: list[str] = field(default_factory=list)  # configured, matched nothing on this page


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Bytes as served to text: declared charset (header, BOM, meta), else detected.

    Kazakhstani sites still serve windows-1251 without saying so; read as UTF-8
    that is replacement characters, read as cp1252 (Scrapy's guess) Latin-1 mojibake.
    """
    _, text = html_to_unicode(content_type, body, auto_detect_fun=detect_encoding)
    return text


DETECT_SAMPLE = 256 * 1024  # enough text to tell the charset; a 20 MB page is not read twice


def detect_encoding(body: bytes) -> str | None:
    """The charset of undeclared bytes: UTF-8 when they decode as it, else charset-normalizer's guess."""
    sample = body[:DETECT_SAMPLE]
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A sample cut inside a multi-byte character is still UTF-8.
        if exc.start >= len(sample) - 3 and len(body) > len(sample):
            return "utf-8"
    best = charset_normalizer.from_bytes(sample).best()
    return best.encoding if best is not None else None


def extract(
    html: str | bytes,
    url: str | None = None,
    outlet: Outlet | None = None,
    now: datetime | None = None,
    min_chars: int = 200,
    outlet_for: Callable[[str], Outlet | None] | None = None,
    content_type: str | None = None,
) -> Extracted:
    """One page judged and extracted. Without a URL, the page's own canonical URL
    (link rel=canonical, og:url) is used, and `outlet_for` finds the outlet by its host."""
    if isinstance(html, bytes):
        html = decode_html(html, content_type)
    tree = _parse(html)
    if tree is None:
        return Extracted(False, "not HTML or empty page", no_text=True)
    meta = read_metadata(tree)
    _trim(tree, PAGE_TEXT_BUDGET, PAGE_ELEMENT_BUDGET)
    if url is None:
        url = page_url(meta)
        if url is not None and outlet is None and outlet_for is not None:
            outlet = outlet_for(url)
    result = _extract(tree, meta, url, outlet, now, min_chars)
    result.url = url
    return result


def _extract(tree: lxml_html.HtmlElement, meta: PageMetadata, url: str | None, outlet: Outlet | None,
             now: datetime | None, min_chars: int) -> Extracted:
    by_url = outlet.is_article_url(url) if outlet is not None and url else None
    if by_url is False:
        return Extracted(False, "URL is not an article URL (listing, tag or search page)")
    signals = pagetype.read_signals(tree) if by_url is None else None
    if signals is not None:
        reason = pagetype.before_extraction(meta, signals, url)
        if reason is not None:
            return Extracted(False, reason)
    if by_url is None and outlet is not None and not meta.declares_article:
        # An outlet whose URL shape is unknown: only pages that say they are articles.
        return Extracted(False, "no article metadata (NewsArticle / og:type=article)")
    selectors = outlet.selectors if outlet else None
    selector_date = _select_text(tree, selectors.date) if selectors and selectors.date else None
    generic_date = pagetype.first_visible_date(tree) if selector_date is None and not meta.published else None
    selector_title = _select_text(tree, selectors.title) if selectors and selectors.title else None
    selector_authors = _select_text(tree, selectors.authors) if selectors and selectors.authors else None
    root_found = bool(selectors and selectors.root and _css(tree, selectors.root))
    unmatched = [name for name, css, found in (
        ("root", selectors.root if selectors else None, root_found),
        ("title", selectors.title if selectors else None, selector_title),
        ("date", selectors.date if selectors else None, selector_date),
        ("authors", selectors.authors if selectors else None, selector_authors)) if css and not found]
    _cut_to_article(tree, outlet)
    if not meta.declares_article and _link_density(tree) > boilerplate.MAX_LINK_DENSITY:
        return Extracted(False, "mostly links: a listing page")
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, favor_precision=True,
        include_tables=True, deduplicate=False,
        # Our own date chain runs first; htmldate's extensive text scan only costs time here.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = clean_text(doc.text if doc is not None and doc.text else "")
    if signals is not None and not meta.json_ld_article:
        reason = pagetype.after_extraction(text, signals)
        if reason is not None:
            return Extracted(False, reason)
    agreed = _agree_with_body(text, meta.article_body, min_chars)
    text_from = "metadata" if agreed is meta.article_body or (agreed != text and meta.article_body) else (
        "selectors" if root_found else "fallback")
    text = _capped(agreed)
    if len(text) < min_chars:
        return Extracted(False, f"too little text ({len(text)} chars)", no_text=True)
    garbled = textcheck.garbled_reason(text)
    if garbled is not None:
        return Extracted(False, garbled, no_text=True)
    title, title_from = _first((meta.headline, "metadata"), (selector_title, "selectors"),
                               (meta.og_title, "metadata"), (doc.title if doc else None, "fallback"))
    # Lazily: a date parsed with dateparser costs more than the rest of the page.
    published, date_from = _first((lambda: dates.parse_iso(meta.published), "metadata"),
                                  (lambda: dates.parse_visible(selector_date, now), "selectors"),
                                  (lambda: dates.parse_visible(generic_date, now), "fallback"),
                                  (lambda: dates.parse_iso(doc.date) if doc is not None and doc.date else None,
                                   "fallback"))
    authors, authors_from = _authors(meta, selector_authors, doc)
    return Extracted(
        is_article=True,
        title=homoglyphs.repair(_clean_title(title or "")),
        text=homoglyphs.repair(_strip_title(text, title or "")),
        published_at=published,
        authors=authors,
        section=_section(meta, url, doc),
        sources={"title": title_from, "date": date_from, "text": text_from, "authors": authors_from},
        unmatched_selectors=unmatched,
    )


def _first(*candidates: tuple[Any, str]) -> tuple[Any, str]:
    """The first value present, and where it came from ('missing' when none is).
    A candidate may be a function, called only when those before it gave nothing."""
    for value, source in candidates:
        value = value() if callable(value) else value
        if value:
            return value, source
    return None, MISSING


def _trim(tree: lxml_html.HtmlElement, budget: int, max_elements: int) -> None:
    """Drop what follows the first `budget` characters of the body's text (or its
    first `max_elements` elements).

    Only the first MAX_TEXT_CHARS of a text are kept anyway, and trafilatura's
    time grows with the tree: a 20 MB page of text would take a minute for
    text that is then thrown away. Metadata (the head) is read before.
    """
    body = tree.find("body")
    if body is None:
        return
    size = count = 0
    cut: list[etree._Element] = []
    gone: set[int] = set()
    for node in body.iter():  # document order: once over budget, everything after goes
        count += 1
        if size > budget or count > max_elements:
            if id(node.getparent()) not in gone:
                cut.append(node)
            gone.add(id(node))
        else:
            size += len(node.text or "") + len(node.tail or "")
    for node in cut:
        node.getparent().remove(node)
    if cut:
        log.info("page over %s chars of text or %s elements: the rest (%s elements) is not read",
                 f"{budget:,}", f"{max_elements:,}", f"{len(cut):,}")


def _capped(text: str) -> str:
    """At most MAX_TEXT_CHARS, cut at a line end: a longer "article" is a document dump,
    and every later step (language, mentions, tone) costs time in proportion to it."""
    if len(text) <= MAX_TEXT_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_TEXT_CHARS)
    log.info("text of %s chars cut to the first %s", f"{len(text):,}", f"{MAX_TEXT_CHARS:,}")
    return text[: cut if cut > 0 else MAX_TEXT_CHARS]


def _agree_with_body(text: str, body: str | None, min_chars: int) -> str:
    """The text checked against JSON-LD articleBody, the outlet's own statement of it.

    When the visible body is missing, short or templated, articleBody is the text.
    When trafilatura wandered (a sidebar, a teaser block), only its lines that
    articleBody contains are kept, if they still cover it; else articleBody wins.
    """
    if not body:
        return text
    body = clean_text(body)
    if len(body) < min_chars:
        return text
    if len(text) < min(len(body), 2 * min_chars):
        return body
    flat = " ".join(body.split())
    kept = [line for line in text.split("\n") if " ".join(line.split())[:80] in flat]
    covered = sum(len(line) for line in kept)
    if covered >= JSON_LD_COVERAGE * len(flat):
        return "\n".join(kept)
    return body


def _parse(html: str) -> lxml_html.HtmlElement | None:
    if not html or not html.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree if tree is not None and len(tree) else None


_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, recover=True)


@functools.lru_cache(maxsize=512)
def _compiled(css: str) -> CSSSelector:
    # Compiling a selector to XPath costs more than running it; pages share their outlet's selectors.
    return CSSSelector(css, translator="html")


def _select_text(tree: lxml_html.HtmlElement, css: str) -> str | None:
    try:
        found = _compiled(css)(tree)
    except Exception:  # a bad selector in user config must not kill the crawl
        log.warning("invalid CSS selector %r ignored", css)
        return None
    if not found:
        return None
    text = " ".join(found[0].text_content().split())
    return text or None


def _cut_to_article(tree: lxml_html.HtmlElement, outlet: Outlet | None) -> None:
    """Remove everything that is not this page's article."""
    selectors = outlet.selectors if outlet else None
    if selectors and selectors.root:
        # Infinite scroll appends further articles: only the first is this page's.
        for extra in _css(tree, selectors.root)[1:]:
            _remove(extra)
    for css in (*boilerplate.DROP_SELECTORS, *(selectors.drop if selectors else ())):
        for node in _css(tree, css):
            _remove(node)
    _drop_read_also(tree)


def _css(tree: lxml_html.HtmlElement, css: str) -> list:
    try:
        return _compiled(css)(tree)
    except Exception:
        log.warning("invalid CSS selector %r ignored", css)
        return []


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail and node.tail.strip():
        # Keep the text that follows the removed element.
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _drop_read_also(tree: lxml_html.HtmlElement) -> None:
    """'Читайте также' blocks inside the body: the marker and the link after it."""
    body = tree.find("body")
    if body is None:
        return
    # iter(), not the XPath "//body//*[self::p or ...]": that one is quadratic (40 s on a 20 MB page).
    for node in list(body.iter(*_READ_ALSO_TAGS)):
        if node.getparent() is None:
            continue
        # The text's start only: text_content() of every container is quadratic on a big page.
        text = _text_prefix(node, boilerplate.READ_ALSO_MAX_CHARS + 1).strip()
        if len(text) > boilerplate.READ_ALSO_MAX_CHARS or not boilerplate.READ_ALSO_RE.match(text):
            continue
        following = node.getnext()
        is_label_only = len(text) < 40
        _remove(node)
        if is_label_only and following is not None and following.xpath("self::a or .//a"):
            if len(following.text_content()) <= boilerplate.HEADLINE_AFTER_MARKER_MAX:
                _remove(following)


_READ_ALSO_TAGS = ("p", "div", "section", "h2", "h3", "h4", "strong", "b", "span", "ul")


def _text_prefix(node: etree._Element, limit: int) -> str:
    parts: list[str] = []
    size = 0
    for piece in node.itertext():
        parts.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return "".join(parts)


def _link_density(tree: lxml_html.HtmlElement) -> float:
    body = tree.find("body")
    if body is None:
        return 0.0
    total = len(" ".join(body.text_content().split()))
    if total == 0:
        return 1.0
    linked = sum(len(" ".join(a.text_content().split())) for a in body.iter("a"))
    return linked / total


def clean_text(text: str) -> str:
    """Drop boilerplate lines trafilatura kept: subscriptions, counters, hashtags."""
    out: list[str] = []
    skip_headline = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if skip_headline and len(line) <= boilerplate.HEADLINE_AFTER_MARKER_MAX:
            skip_headline = False
            continue
        skip_headline = False
        if boilerplate.READ_ALSO_RE.match(line) and len(line) < 40:
            skip_headline = True
            continue
        if any(p.search(line) for p in boilerplate.LINE_PATTERNS):
            continue
        out.append(line)
    return "\n".join(out)


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    # "<headline> - Tengrinews.kz" / "<headline> | NUR.KZ": site names are not titles.
    return re.sub(r"\s+[-|—–]\s+[\w.\- ]*(?:\.kz|KZ)\s*$", "", title, flags=re.IGNORECASE)


def _strip_title(text: str, title: str) -> str:
    lines = text.split("\n")
    if lines and title and lines[0].strip() == " ".join(title.split()):
        lines = lines[1:]
    return "\n".join(lines)


def _authors(meta: PageMetadata, selector_text: str | None, doc) -> tuple[list[str], str]:
    names, source = _first((list(meta.authors), "metadata"), ([selector_text] if selector_text else None, "selectors"),
                           ([a.strip() for a in doc.author.split(";")] if doc is not None and doc.author else None,
                            "fallback"))
    seen: dict[str, None] = {}
    for name in names or ():
        clean = " ".join(name.split())
        if clean and clean.lower() not in GENERIC_AUTHORS:
            seen.setdefault(clean, None)
    return list(seen), source if seen else MISSING


def _section(meta: PageMetadata, url: str | None, doc) -> str | None:
    if meta.section:
        return meta.section
    if len(meta.breadcrumbs) >= 2:
        return meta.breadcrumbs[-2] if len(meta.breadcrumbs) > 2 else meta.breadcrumbs[-1]
    if url:
        # "/ru/news/slug" -> "news": a leading language segment is not a section.
        segments = [s for s in urlsplit(url).path.split("/") if s and s not in pagetype.LANGUAGE_SEGMENTS]
        if len(segments) >= 2:
            return segments[0]
    if doc is not None and doc.categories:
        return doc.categories[0]
    return None
