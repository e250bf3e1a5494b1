"""The search page's URL <-> SearchQuery: the URL holds the whole query.

Only known parameters are read and only non-empty ones are written back, so a
bookmarked or shared link reproduces the page exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from typing import Mapping
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from monitor.search import SearchQuery

ALMATY = ZoneInfo("Asia/Almaty")
SENTIMENTS = ("negative", "neutral", "positive")
ROLES = ("akim", "deputy_akim", "former_akim")
LANGUAGES = ("ru", "kk", "en")
MIN_DAY, MAX_DAY = date(1900, 1, 1), date(2200, 12, 31)
MAX_PAGE = 500  # deep pages cost OFFSET scans and nobody reads them


@dataclass(frozen=True)
class Filters:
    """What the user typed, as strings, to refill the form and build links."""

    q: str = ""
    akim: str = ""
    region: str = ""
    role: str = ""
    sentiment: str = ""
    source: str = ""
    language: str = ""
    since: str = ""  # YYYY-MM-DD, Almaty day, inclusive
    until: str = ""  # YYYY-MM-DD, Almaty day, inclusive
    main: str = ""  # "1": the person is the article's main subject
    page: int = 1
    errors: tuple[str, ...] = field(default=(), compare=False)

    def params(self, **overrides: object) -> dict[str, str]:
        values = replace(self, **overrides)  # type: ignore[arg-type]
        out = {f.name: str(getattr(values, f.name)) for f in fields(self) if f.name not in ("page", "errors")}
        out = {k: v for k, v in out.items() if v}
        if values.page > 1:
            out["page"] = str(values.page)
        return out

    def url(self, path: str = "/", **overrides: object) -> str:
        query = urlencode(self.params(**overrides))
        return f"{path}?{query}" if query else path

    @property
    def query_string(self) -> str:
        """The filters without the page: what a saved search keeps."""
        return urlencode(self.params(page=1))

    @property
    def active(self) -> bool:
        return bool(self.params(page=1))


CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def parse_filters(params: Mapping[str, str]) -> Filters:
    # Control characters mean nothing in a search and would follow it into saved searches and rules.
    get = lambda name: CONTROLS.sub(" ", params.get(name) or "").strip()[:200]  # noqa: E731
    errors: list[str] = []
    values = {f.name: get(f.name) for f in fields(Filters) if f.name not in ("page", "errors")}
    for name, allowed in (("sentiment", SENTIMENTS), ("role", ROLES), ("language", LANGUAGES)):
        if values[name] and values[name] not in allowed:
            errors.append(f"Неизвестное значение фильтра «{values[name]}»")
            values[name] = ""
    for name in ("since", "until"):
        if values[name] and _day(values[name]) is None:
            errors.append(f"Дата «{values[name]}» не в формате ГГГГ-ММ-ДД или вне {MIN_DAY.year}–{MAX_DAY.year} годов")
            values[name] = ""
    values["main"] = "1" if values["main"] else ""
    # ASCII digits only: "²" passes str.isdigit() and then fails int().
    page = int(get("page")) if re.fullmatch(r"[0-9]{1,6}", get("page")) else 1
    return Filters(**values, page=max(1, min(page, MAX_PAGE)), errors=tuple(errors))


def to_search_query(filters: Filters, page_size: int = 20) -> SearchQuery:
    since = _day(filters.since)
    until = _day(filters.until)
    return SearchQuery(
        text=filters.q,
        akim=filters.akim or None,
        region=filters.region or None,
        role=filters.role or None,
        sentiment=filters.sentiment or None,
        source=filters.source or None,
        language=filters.language or None,
        since=datetime.combine(since, time(), ALMATY) if since else None,
        # The form's "until" day is inclusive; the query's bound is exclusive.
        until=datetime.combine(until + timedelta(days=1), time(), ALMATY) if until else None,
        main_subject=filters.main == "1",
        limit=page_size,
        offset=(filters.page - 1) * page_size,
    )


def _day(text: str) -> date | None:
    """A day the queries can use: year 1 or 9999 overflows once the time zone is applied."""
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
    return day if day is None or MIN_DAY <= day <= MAX_DAY else None
