"""The data model shared by every part of akim-monitor.

Plain dataclasses: the crawl pipeline fills them, the stores persist them,
the search engines and alerts read them. See docs/design.md ("Data model").
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

SentimentLabel = Literal["negative", "neutral", "positive"]
Role = Literal["akim", "deputy_akim", "former_akim"]
Level = Literal["region", "city", "district"]


def article_id(canonical_url: str) -> str:
    """Stable id of an article: a hash of its canonical URL."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:20]


def mention_id(article: str, person_key: str) -> str:
    """Stable id of one (article, person) pair, so re-processing never duplicates."""
    digest = hashlib.sha1(person_key.encode("utf-8")).hexdigest()[:12]
    return f"{article}-{digest}"


@dataclass(frozen=True)
class Sentiment:
    label: SentimentLabel = "neutral"
    score: float = 0.0  # -1 (negative) .. 1 (positive)

    @classmethod
    def from_score(cls, score: float, threshold: float = 0.2) -> Sentiment:
        score = max(-1.0, min(1.0, score))
        if score <= -threshold:
            return cls("negative", score)
        if score >= threshold:
            return cls("positive", score)
        return cls("neutral", score)


@dataclass(frozen=True)
class Person:
    """Who a mention is about. akim_id is None for people found only by role."""

    name: str  # normalised nominative, e.g. "Ерболат Досаев"
    role: Role
    akim_id: str | None = None
    position: str | None = None  # e.g. "аким города Алматы"
    region: str | None = None  # office region id, e.g. "almaty" or a place name
    level: Level | None = None

    @property
    def key(self) -> str:
        """What makes two mentions in one article the same person."""
        return self.akim_id or f"{self.name.lower()}|{self.role}|{self.region or ''}"


@dataclass(frozen=True)
class OtherRole:
    """Another akim office the article gives the same person ("новый аким столицы
    Кульгинов, ранее аким ЗКО": former akim of West Kazakhstan besides akim of Astana)."""

    role: Role
    position: str | None = None
    region: str | None = None
    level: Level | None = None


@dataclass
class Mention:
    """One person mentioned in one article, denormalised to be read alone."""

    article_id: str
    person: Person
    count: int = 1
    snippets: list[str] = field(default_factory=list)
    main_subject: bool = False
    sentiment: Sentiment = field(default_factory=Sentiment)
    other_roles: list[OtherRole] = field(default_factory=list)
    # Copied from the article when stored, so a mention document stands alone.
    title: str = ""
    url: str = ""
    source: str = ""
    published_at: datetime | None = None
    language: str = ""
    first_seen_at: datetime | None = None

    @property
    def id(self) -> str:
        return mention_id(self.article_id, self.person.key)


@dataclass(frozen=True)
class CrawlContext:
    """What the crawl knew about a page besides its bytes: stored with the bytes, so
    that a reprocess decodes and completes the page exactly as the crawl did."""

    content_type: str | None = None  # the HTTP Content-Type header, charset included
    edition_language: str | None = None
    published: datetime | None = None  # from the feed or sitemap
    authors: tuple[str, ...] = ()  # from the feed
    section: str | None = None  # the feed's category

    def complete(self, extracted: Any) -> Any:
        """The extraction result with what the page itself lacks taken from the feed."""
        return replace(
            extracted,
            published_at=extracted.published_at or self.published,
            authors=extracted.authors or list(self.authors),
            section=extracted.section or self.section,
        )

    def to_json(self) -> str:
        return json.dumps({
            "content_type": self.content_type, "edition_language": self.edition_language,
            "published": self.published.isoformat() if self.published else None,
            "authors": list(self.authors), "section": self.section,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> CrawlContext:
        data = json.loads(text) if text else {}
        published = data.get("published")
        return cls(
            content_type=data.get("content_type"), edition_language=data.get("edition_language"),
            published=datetime.fromisoformat(published) if published else None,
            authors=tuple(data.get("authors") or ()), section=data.get("section"),
        )


@dataclass
class Article:
    url: str  # canonical URL
    source: str  # outlet id, e.g. "tengrinews"
    title: str
    text: str = field(repr=False)
    published_at: datetime | None
    crawled_at: datetime
    language: str = "other"  # ru | kk | en | other
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    sentiment: Sentiment = field(default_factory=Sentiment)
    duplicate_of: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    fetched_url: str = ""  # the URL as fetched, before canonicalisation
    raw_html: bytes | None = field(default=None, repr=False)  # kept compressed by the store for re-extraction
    minhash: bytes | None = field(default=None, repr=False)  # reprint signature, set by the dedupe step
    crawl: CrawlContext | None = field(default=None, repr=False)  # stored with raw_html

    @property
    def id(self) -> str:
        return article_id(self.url)

    @property
    def akim_ids(self) -> list[str]:
        return sorted({m.person.akim_id for m in self.mentions if m.person.akim_id})


_PRIVATE = frozenset({"raw_html", "minhash", "body", "html", "crawl", "context"})


def to_jsonable(obj: Any) -> Any:
    """Dataclasses, datetimes and bytes as JSON-friendly values."""
    if hasattr(obj, "__dataclass_fields__"):
        data = asdict(obj)
        return {k: to_jsonable(v) for k, v in data.items() if k not in _PRIVATE}
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items() if k not in _PRIVATE}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, bytes):
        return None
    return obj


@dataclass
class Page:
    """A fetched page on its way to extraction: what the spider yields."""

    url: str  # as fetched (after redirects)
    canonical_url: str
    source: str  # outlet id
    # repr=False: Scrapy logs items on errors, and a page is long.
    html: str = field(repr=False)  # decoded by Scrapy from the declared or detected encoding
    body: bytes = field(repr=False)  # the bytes as served, kept for re-extraction
    context: CrawlContext = field(default_factory=CrawlContext)
