"""How values look on the page: Almaty dates, Russian labels, highlighted snippets.

Crawled text is untrusted: highlight() escapes every piece itself and only
adds <mark>, so templates may print its result as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from math import ceil
from urllib.parse import parse_qsl

from markupsafe import Markup, escape

from monitor import textnorm
from monitor.search import SearchHit
from monitor.web.query import ALMATY, Filters

SENTIMENT_RU = {"negative": "негатив", "neutral": "нейтрально", "positive": "позитив"}
ROLE_RU = {"akim": "аким", "deputy_akim": "заместитель акима", "former_akim": "бывший аким"}
LANGUAGE_RU = {"ru": "русский", "kk": "казахский", "en": "английский", "other": "другой"}
_MARKED = re.compile(r"«([^«»\s]{1,60})»")


def local_time(value: str | datetime | None, with_time: bool = True) -> str:
    """An ISO timestamp as the reader's Almaty wall clock, e.g. "12.03.2024 14:05"."""
    if not value:
        return "дата неизвестна"
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ALMATY)  # the store's rule: no zone means Almaty
    return moment.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")


def highlight(snippet: str, query: str) -> Markup:
    """The snippet with the matched word in <mark>.

    The store marks the match with «»; Russian also quotes with «», so only a
    single marked word whose stem is one of the query's keys is highlighted.
    """
    keys = set().union(*textnorm.query_keys(query)) if query.strip() else set()
    out: list[str] = []
    last = 0
    for match in _MARKED.finditer(snippet):
        word = textnorm.normalize(match.group(1))
        if keys and {word, textnorm.stem(word, "ru"), textnorm.stem(word, "kk")} & keys:
            out.append(str(escape(snippet[last : match.start()])))
            out.append(f"<mark>{escape(match.group(1))}</mark>")
            last = match.end()
    out.append(str(escape(snippet[last:])))
    return Markup("".join(out))


def one_per_story(hits: list[SearchHit]) -> list[SearchHit]:
    """A reprint group appears once: the first (newest) hit of each story stands for it."""
    seen: set[str] = set()
    out = []
    for hit in hits:
        root = hit.duplicate_of or hit.id
        if root not in seen:
            seen.add(root)
            out.append(hit)
    return out


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


def pagination(filters: Filters, total: int, page_size: int, max_page: int) -> list[PageLink]:
    """A window of page links around the current page, first and last included."""
    last = min(max(1, ceil(total / page_size)), max_page)
    if last == 1:
        return []
    current = min(filters.page, last)
    numbers = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    return [PageLink(n, filters.url(page=n), n == current) for n in numbers]


def safe_url(url: str | None) -> str:
    """Links from crawled data only as http(s): never javascript: or data: URLs."""
    text = (url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else "#"


_FILTER_RU = {"q": "слова", "akim": "аким", "region": "регион", "role": "роль", "sentiment": "тональность",
              "source": "издание", "language": "язык", "since": "с", "until": "по", "main": "главный герой"}


def describe(query: str) -> str:
    """A saved query string in words, e.g. "слова: дороги · тональность: негатив"."""
    labels = {**SENTIMENT_RU, **ROLE_RU, **LANGUAGE_RU, "1": "да"}
    parts = [f"{_FILTER_RU.get(k, k)}: {labels.get(v, v)}" for k, v in parse_qsl(query)]
    return " · ".join(parts) or "все публикации"
