"""The engine-neutral search model: what a user asks and what comes back.

Every store (SQLite, Elasticsearch, OpenSearch) answers a SearchQuery with a
SearchResult, so the CLI, alerts and the web page do not care which one runs.

Filter semantics: akim, region, role and main_subject select mentions; when
any of them is set, `sentiment` is the tone toward that person, otherwise it
is the tone of the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    akim: str | None = None  # akim id ("dossayev_yerbolat") or a name
    region: str | None = None
    role: str | None = None
    sentiment: str | None = None
    source: str | None = None
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    main_subject: bool = False
    limit: int = 20
    offset: int = 0

    @property
    def mention_filters(self) -> bool:
        return bool(self.akim or self.region or self.role or self.main_subject)


@dataclass
class SearchHit:
    id: str
    url: str
    source: str
    title: str
    published_at: str | None
    language: str
    sentiment: dict[str, Any]
    snippet: str
    duplicate_of: str | None = None
    mentions: list[dict[str, Any]] = field(default_factory=list)
    reprints: list[dict[str, str]] = field(default_factory=list)  # other outlets, same story


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]
    by_akim: dict[str, int] = field(default_factory=dict)
    by_sentiment: dict[str, int] = field(default_factory=dict)
