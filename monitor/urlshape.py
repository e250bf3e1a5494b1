"""The article URL shape of an outlet, learned from pages that proved to be articles.

An outlet given by its homepage has no article_pattern. Once some of its pages
carried article metadata (and others did not), the paths of the articles tell
the shape: `/news/<slug>-<id>/`, `/<id>-<slug>.html`. The learned regex keeps
the crawl from fetching every menu and section link of a listing again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

MIN_ARTICLES = 5  # fewer proven articles teach nothing
MIN_SHAPE_SHARE = 0.1  # a shape seen in fewer of the articles is noise, not a shape

_NUMBER = re.compile(r"\d+")
_ID_SLUG = re.compile(r"(?:\d{3,}[-_].+|.+[-_]\d{3,}|\d{3,})(?:\.s?html?|\.php)?")
_SLUG = re.compile(r"[^/]*[-_][^/]*[-_][^/]*")


def _kind(segment: str) -> str:
    if segment.isdigit() and len(segment) <= 4:
        return "num"  # a year, a month, a day: /2025/07/<slug>/
    if _ID_SLUG.fullmatch(segment):
        return "id"
    if _SLUG.fullmatch(segment):
        return "slug"
    return "word"


_REGEX = {"id": r"[^/]*\d{3,}[^/]*", "slug": r"[^/]*[-_][^/]*[-_][^/]*", "num": r"\d{1,4}"}


def learn_pattern(articles: list[str], others: list[str]) -> str | None:
    """A regex over URL paths that matches the articles' shapes and none of the other pages,
    or None when there is too little to learn from."""
    paths = [urlsplit(u).path for u in articles]
    if len(paths) < MIN_ARTICLES:
        return None
    shapes: dict[tuple[str, ...], list[list[str]]] = defaultdict(list)
    for path in paths:
        segments = [s for s in path.split("/") if s]
        if segments:
            shapes[tuple(_kind(s) for s in segments)].append(segments)
    alternatives = []
    other_paths = [urlsplit(u).path for u in others]
    for kinds, members in sorted(shapes.items(), key=lambda kv: -len(kv[1])):
        if len(members) < max(2, MIN_SHAPE_SHARE * len(paths)):
            continue
        parts = []
        for i, kind in enumerate(kinds):
            values = {m[i] for m in members}
            if kind == "word":
                # A section name: literal when few, any word when the outlet has many.
                parts.append("(?:" + "|".join(sorted(re.escape(v) for v in values)) + ")" if len(values) <= 12
                             else r"[^/]+")
            else:
                parts.append(_REGEX[kind])
        regex = "^/" + "/".join(parts) + "/?$"
        if "id" not in kinds and "slug" not in kinds:
            continue  # /news/ and /about/ are words only: never an article shape
        if any(re.search(regex, p) for p in other_paths):
            continue
        alternatives.append(regex)
    if not alternatives:
        return None
    return "|".join(f"(?:{a})" for a in alternatives)
