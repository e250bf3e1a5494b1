"""Is a page one article, or a listing (section front, tag, search, home page)?

Decided without knowing the outlet, from what any page shows: its schema.org
type, the shape of its own URL, repeated headline links with dates and no body
of prose, and, after extraction, a text made of headlines. Each "no" comes with
the reason a person can check. Outlet rules (a URL pattern) go first when the
outlet is known; these signals cover outlets without one and saved files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from lxml import html as lxml_html

from monitor.metadata import PageMetadata

LANGUAGE_SEGMENTS = frozenset({"ru", "kk", "kz", "en", "qaz"})

# Path segments that name a collection of articles on news sites and CMSs.
_LISTING_SEGMENTS = {
    "tag": "tag page", "tags": "tag page", "teg": "tag page", "tegi": "tag page", "hashtag": "tag page",
    "search": "search page", "poisk": "search page", "izdeu": "search page",
    "category": "section page", "categories": "section page", "rubric": "section page", "rubrika": "section page",
    "rubrics": "section page", "section": "section page",
    "author": "author page", "authors": "author page", "avtor": "author page",
    "archive": "archive page", "arhiv": "archive page", "page": "listing page",
}
_WEAK_URL_KINDS = ("home page", "section page")
_SEARCH_PARAMS = frozenset({"q", "s", "query", "search", "text"})

# Dates as listings print them: "Сегодня, 17:49", "06 января 2023, 14:00", "4 шілде 2025", "10.12.2024".
_DATE_RE = re.compile(
    r"(?:сегодня|вчера|бүгін|кеше|today|yesterday)\s*,?\s*\d{1,2}:\d{2}"
    r"|\b\d{1,2}\s+(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|қаңтар|ақпан|наурыз|сәуір|мамыр"
    r"|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d+\s+(?:минут|час|сағат|күн)\w*\s+(?:назад|бұрын)",
    re.IGNORECASE,
)
_DATE_TEXT_MAX = 60  # a date stamp is a short text of its own, not a sentence that mentions a day

HEADLINE_MIN_CHARS = 25  # link text of a headline, not of "Далее" or a menu entry
MIN_HEADLINES = 8  # headline links on a page before it may be a listing
MIN_DATES = 3  # date stamps on a page before it may be a listing
PROSE_MIN_CHARS = 500  # one block of paragraphs this long is an article's body
HEADLINE_TEXT_SHARE = 0.35  # extracted text mostly made of link headlines: a listing
MIN_HEADLINE_LINES = 4
CARD_MIN = 3  # sibling blocks alike before they are a listing's cards
CARD_SHARE = 0.5  # cards holding this share of the page's text make it a listing


@dataclass(frozen=True)
class PageSignals:
    headline_links: int  # distinct links whose text reads as a headline
    dates: int  # date stamps printed on the page
    prose_chars: int  # the longest run of paragraphs outside links
    headlines: frozenset[str]  # the headline texts, to recognise them in extracted text
    cards: int = 0  # the largest group of sibling blocks alike, each holding a headline link
    card_share: float = 0.0  # their share of the page's text


def read_signals(tree: lxml_html.HtmlElement) -> PageSignals:
    body = tree.find("body")
    if body is None:
        return PageSignals(0, 0, 0, frozenset())
    headlines: dict[str, str] = {}
    for a in body.iter("a"):
        text = " ".join(a.text_content().split())
        href = (a.get("href") or "").strip()
        if len(text) >= HEADLINE_MIN_CHARS and len(text.split()) >= 4 and href and not href.startswith("#"):
            headlines.setdefault(href, text)
    dates = 0
    for text in body.itertext():
        if len(text) <= _DATE_TEXT_MAX and _DATE_RE.search(text):
            dates += 1
    dates += sum(1 for t in body.iter("time") if t.get("datetime") and not _DATE_RE.search(t.text_content()))
    cards, card_chars, members = _cards(body, frozenset(headlines.values()))
    total = len(" ".join(body.text_content().split()))
    return PageSignals(len(headlines), dates, _prose_chars(body, members), frozenset(headlines.values()),
                       cards, card_chars / total if total else 0.0)


def _cards(body: lxml_html.HtmlElement, headlines: frozenset[str]) -> tuple[int, int, list]:
    """The largest run of sibling blocks of one kind (tag and class) that each hold a
    headline link: a listing's cards. Returns how many, the characters they hold, and them."""
    best: tuple[int, int, list] = (0, 0, [])
    for parent in body.iter():
        if len(parent) < CARD_MIN:
            continue
        groups: dict[tuple[str, str], list] = {}
        for child in parent:
            if isinstance(child.tag, str):
                groups.setdefault((str(child.tag), child.get("class") or ""), []).append(child)
        for members in groups.values():
            if len(members) < CARD_MIN:
                continue
            linked = [m for m in members if _holds_headline(m, headlines)]
            if len(linked) < CARD_MIN or len(linked) < len(members) // 2:
                continue
            chars = sum(len(" ".join(m.text_content().split())) for m in members)
            if chars > best[1]:
                best = (len(linked), chars, members)
    return best


def _holds_headline(node, headlines: frozenset[str]) -> bool:
    links = [node] if node.tag == "a" else node.iter("a")
    return any(" ".join(a.text_content().split()) in headlines for a in links)


def first_visible_date(tree: lxml_html.HtmlElement) -> str | None:
    """The first date stamp printed after the page's headline (or anywhere, without one):
    the generic fallback for pages that carry their date as text only."""
    body = tree.find("body")
    if body is None:
        return None
    start = next(body.iter("h1"), None)
    started = start is None
    for node in body.iter():
        if node is start:
            started = True
        if not started or not isinstance(node.tag, str):
            continue
        for text in (node.text, node.tail):
            if text and len(text.strip()) <= _DATE_TEXT_MAX and _DATE_RE.search(text):
                return text.strip()
    return None


def _prose_chars(body: lxml_html.HtmlElement, cards: list) -> int:
    """The longest body of prose: per parent, the text of its <p> children outside
    links and outside listing cards (a teaser is not a body)."""
    per_parent: dict[int, int] = {}
    in_cards = {id(node) for card in cards for node in card.iter("p")}
    for p in body.iter("p"):
        parent = p.getparent()
        if parent is None or id(p) in in_cards:
            continue
        linked = sum(len(a.text_content()) for a in p.iter("a"))
        own = len(" ".join(p.text_content().split())) - linked
        if own > 0:
            per_parent[id(parent)] = per_parent.get(id(parent), 0) + own
    return max(per_parent.values(), default=0)


def url_reason(url: str | None) -> str | None:
    """Why this URL names a listing rather than an article, or None."""
    if not url:
        return None
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if _SEARCH_PARAMS & set(query):
        return f"search page (URL {parts.path or '/'}?{parts.query})"
    segments = [s for s in parts.path.lower().split("/") if s]
    for segment in segments:
        kind = _LISTING_SEGMENTS.get(segment)
        if kind is not None:
            return f"{kind} (URL {parts.path})"
    content = [s for s in segments if s not in LANGUAGE_SEGMENTS]
    if not content:
        return f"home page (URL {parts.path or '/'})"
    if len(content) == 1 and not any(c.isdigit() for c in content[0]) and len(re.split(r"[-_]", content[0])) < 3:
        return f"section page (URL {parts.path})"
    return None


def before_extraction(meta: PageMetadata, signals: PageSignals, url: str | None) -> str | None:
    """Why the page is a listing, judged from its markup and URL, or None."""
    if meta.json_ld_article:
        return None  # a NewsArticle node with a headline outweighs any shape
    if meta.declares_listing:
        kinds = ", ".join(sorted(meta.types & {"CollectionPage", "SearchResultsPage", "ItemList", "ProfilePage"}))
        return f"listing page: schema.org {kinds}"
    if meta.declares_article:
        return None
    reason = url_reason(url)
    if reason is not None and (not reason.startswith(_WEAK_URL_KINDS) or signals.cards >= CARD_MIN
                               or signals.headline_links >= MIN_HEADLINES):
        # A home or section-like path alone is weak evidence (a site may keep articles at
        # /karaganda): it counts with a sign of a listing in the page.
        return f"{reason}, no article metadata"
    if signals.cards >= CARD_MIN and signals.card_share >= CARD_SHARE and signals.prose_chars < PROSE_MIN_CHARS:
        return (f"listing page: {signals.cards} repeated headline blocks hold {signals.card_share:.0%} of its text, "
                f"no article metadata")
    if (signals.headline_links >= MIN_HEADLINES and signals.dates >= MIN_DATES
            and signals.prose_chars < PROSE_MIN_CHARS):
        return (f"listing page: {signals.headline_links} headline links and {signals.dates} dates, "
                f"no article metadata and no body of prose")
    if (meta.og_type or "").lower() == "website":
        return "the page calls itself a website page (og:type=website), no article metadata"
    return None


def after_extraction(text: str, signals: PageSignals) -> str | None:
    """Why an extracted text is a listing's headlines rather than an article, or None."""
    if not signals.headlines:
        return None
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    total = sum(len(line) for line in lines)
    hits = [line for line in lines if line in signals.headlines]
    share = sum(len(line) for line in hits) / total if total else 0.0
    if len(hits) >= MIN_HEADLINE_LINES and share >= HEADLINE_TEXT_SHARE:
        return f"listing page: {len(hits)} of {len(lines)} lines of its text are headlines of links"
    return None
