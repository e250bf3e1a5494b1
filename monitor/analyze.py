"""One document through the crawl's pipeline, without a crawl.

`monitor analyze` and tests use it to see what the pipeline makes of a page:
the same extraction, language, mention and sentiment steps as the item
pipelines, which call the same functions.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cached_property
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor import heap, homoglyphs
from monitor.akims import Registry
from monitor.akims.settings import local_registry_path
from monitor.config import Config
from monitor.dates import date_in_lead
from monitor.errors import ExtractionError, FetchError
from monitor.extract import decode_html, extract
from monitor.language import detect_language
from monitor.mentions import MentionFinder
from monitor.models import Article, CrawlContext, to_jsonable
from monitor.sentiment import SentimentScorer
from monitor.sentiment.apply import score_article
from monitor.sentiment.settings import sentiment_model
from monitor.settings import DOWNLOAD_MAXSIZE
from monitor.urls import canonical_url

BIG_PAGE = 1 << 20  # bytes: past this, memory freed after extraction is given back at once
_HTML_RE = re.compile(rb"<(?:!doctype|html|body|p|div|article)\b", re.IGNORECASE)


@dataclass
class Analysis:
    is_article: bool
    reason: str | None
    article: Article

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "is_article": self.is_article,
            "reason": self.reason,
            "url": a.url or None,
            "source": a.source or None,
            "title": a.title,
            "published_at": a.published_at.isoformat() if a.published_at else None,
            "language": a.language,
            "authors": a.authors,
            "section": a.section,
            "text": a.text,
            "sentiment": to_jsonable(a.sentiment),
            "mentions": [_mention_dict(m) for m in a.mentions],
        }


def _mention_dict(m) -> dict[str, Any]:
    data = to_jsonable(m)
    for key in ("article_id", "title", "url", "source", "published_at", "language", "first_seen_at"):
        data.pop(key, None)
    return data


class Analyzer:
    """Holds the NLP models, loaded on the first article (shared by the process), and runs them on one document."""

    def __init__(self, config: Config):
        self.config = config
        self.model = sentiment_model(config)  # checked now: a wrong name stops before any work

    # The models load on the first article, not here: a page that is no article (a 20 MB
    # listing) never needs them, and a big article's parse trees are freed before they
    # load, so the two never peak together (benchmarks/analyze_limits.py).
    @cached_property
    def scorer(self) -> SentimentScorer:
        scorer = SentimentScorer.shared(self.model)
        heap.release()
        return scorer

    @cached_property
    def finder(self) -> MentionFinder:
        return mention_finder(self.config)

    def load(self, path_or_url: str) -> tuple[bytes, str | None]:
        """The document's bytes and, for a URL, the URL."""
        if re.match(r"https?://", path_or_url, re.IGNORECASE):
            return fetch(path_or_url, self.config.crawl.contact), path_or_url
        if re.match(r"[a-z][a-z0-9+.-]*://", path_or_url, re.IGNORECASE):
            raise FetchError(f"{path_or_url}: only http(s) URLs and files can be analysed")
        try:
            return read_file(Path(path_or_url)), None
        except ValueError as exc:  # a NUL byte in the name
            raise ExtractionError(f"cannot read {path_or_url!r}: {exc}") from exc

    def analyze(self, body: bytes, url: str | None = None, date: datetime | None = None,
                context: CrawlContext | None = None, source: str | None = None) -> Analysis:
        """date: the publication date to assume when the document gives none (`--date`);
        `context`: what a crawl knew besides the bytes (charset, feed date...), used as the crawl used it;
        `source`: the outlet a stored page came from (its host may be a replica or an old mirror)."""
        context = context or CrawlContext()
        outlet = self.config.outlets.get(source) if source else None
        outlet = outlet or (self.config.outlet_for_url(url) if url else None)
        now = datetime.now(UTC)
        if _HTML_RE.search(body[:4096]):
            result = context.complete(extract(body, url, outlet, now=now, min_chars=self.config.crawl.min_text_chars,
                                              outlet_for=self.config.outlet_for_url, content_type=context.content_type))
            title, text, reason = result.title, result.text, result.reason
            published, authors, section, is_article = (
                result.published_at, result.authors, result.section, result.is_article)
            if url is None and result.url:  # the page's own canonical URL
                url = result.url
                outlet = self.config.outlet_for_url(url)
            del result
            # A big page's parse trees (~50 MB for 20 MB of HTML) are freed now: give their
            # pages back rather than keep them beside what mentions and tone allocate next.
            # Not after every page: an ordinary one frees little, and pages given back would
            # only be faulted in again by the next (reprocess runs through thousands).
            if len(body) > BIG_PAGE:
                heap.release()
        else:
            title, text = _split_plain_text(decode_html(body, context.content_type or "text/plain"))
            reason, published, authors, section = _not_text(body, title), None, [], None
            is_article = reason is None
        # Mentions resolve roles by date: without metadata, the date the user gave, else the
        # dateline in the text (a guess: "выборы пройдут 10 января" reads like one). Never
        # "today", which would make every akim a former one.
        published = published or date or date_in_lead(f"{title}\n{text}")
        article = Article(
            url=canonical_url(url, outlet) if url else "", source=outlet.id if outlet else "",
            title=title, text=text, published_at=published, crawled_at=now,
            language=_language(f"{title}\n{text}", context), authors=authors, section=section,
        )
        if is_article:
            self.enrich(article)
        return Analysis(is_article, reason, article)

    def enrich(self, article: Article) -> None:
        """Mentions and sentiment, as the item pipelines compute them."""
        # The sentiment models first: the accurate one's load peaks (float32 weights on
        # their way to int8) while little else is loaded, and the finder reuses the heap freed.
        scorer = self.scorer
        article.mentions = self.finder.find(
            article.text, title=article.title, language=article.language,
            published_at=article.published_at, article_id=article.id,
        )
        score_article(scorer, article)


def _language(text: str, context: CrawlContext) -> str:
    """As the crawl's language step: the edition's language when the text tells nothing."""
    detected = detect_language(text)
    return detected if detected != "other" else context.edition_language or detected


def mention_finder(config: Config) -> MentionFinder:
    """The finder on the shipped registry or, when the user has a local registry file
    (accepted changes, own additions), on both merged."""
    return registry_finder(local_registry_path(config))


def registry_finder(local: Path) -> MentionFinder:
    """The finder on the shipped registry merged with the local file, if there is one."""
    if local.is_file():
        return MentionFinder(Registry.load(local=local))
    return MentionFinder.default()


def _not_text(body: bytes, title: str) -> str | None:
    """Why a document that is not HTML is not a text either, or None."""
    if not title:
        return "empty document"
    head = body[:8192]
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f")
    if controls > len(head) // 100:  # NULs and control bytes: an image, a PDF, an archive
        return "binary data, not an HTML page or a text"
    return None


def _split_plain_text(text: str) -> tuple[str, str]:
    """A text file: its first non-empty line is the title."""
    lines = [line.strip() for line in homoglyphs.repair(text).splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "", ""
    return lines[0], "\n".join(lines[1:])


def read_file(path: Path, limit: int = DOWNLOAD_MAXSIZE) -> bytes:
    """A file's bytes, under the same size limit as a fetched page (a 60 MB file is not a page)."""
    try:
        with path.open("rb") as handle:
            body = handle.read(limit + 1)
    except OSError as exc:
        raise ExtractionError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(body) > limit:
        raise ExtractionError(f"{path}: over {limit:,} bytes, the crawl's limit for a page")
    return body


def fetch(url: str, contact: str, timeout: float = 30, limit: int = DOWNLOAD_MAXSIZE) -> bytes:
    """The page's bytes, refused past the crawl's own size limit rather than read into memory whole."""
    request = urllib.request.Request(url, headers={"User-Agent": f"akim-monitor/0.1 (+{contact})"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only, checked above)
            body = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"{url}: {getattr(exc, 'reason', exc)}") from exc
    if len(body) > limit:
        raise FetchError(f"{url}: over {limit:,} bytes, the crawl's limit for a page")
    return body
