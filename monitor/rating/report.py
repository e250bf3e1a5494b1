"""Everything a rating report shows, gathered once for every file format."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from monitor.rating.compute import Rating, RatingFilters, Row, compute_rating
from monitor.rating.period import Period
from monitor.rating.regions import region_name
from monitor.rating.stories import Series, Story, mentions_over_time, stories

TOP_AKIMS = 5  # lines in the "mentions over time" chart
LANGUAGES_RU = {"ru": "русский", "kk": "казахский", "en": "английский", "other": "другой"}
ROLES_RU = {"akim": "аким", "deputy_akim": "заместитель акима", "former_akim": "бывший аким"}
LEVELS_RU = {"region": "область", "city": "город", "district": "район"}


@dataclass
class Report:
    rating: Rating
    stories: list[Story]
    series: Series
    outlets: dict[str, str] = field(default_factory=dict)  # outlet id -> display name

    def outlet(self, source: str) -> str:
        return self.outlets.get(source, source)

    @property
    def top(self) -> list[Row]:
        return [r for r in self.rating.akims if r.current.mentions][:TOP_AKIMS]

    @property
    def series_names(self) -> dict[str, str]:
        return {r.key: r.name for r in self.top}

    def region_rows(self, region: str) -> list[Row]:
        return [r for r in self.rating.akims if (r.region or "") == region]

    def region_stories(self, region: str) -> list[Story]:
        return [s for s in self.stories if (s.region or "") == region]

    @property
    def filter_lines(self) -> list[str]:
        """The filters in words, for the heading of every format."""
        f = self.rating.filters
        parts = [
            ("Регионы", [region_name(r) for r in f.regions]), ("Акимы", list(f.akims)),
            ("Уровень", [LEVELS_RU.get(v, v) for v in f.levels]), ("Роли", [ROLES_RU.get(v, v) for v in f.roles]),
            ("Издания", [self.outlet(v) for v in f.outlets]),
            ("Языки", [LANGUAGES_RU.get(v, v) for v in f.languages]),
        ]
        return [f"{name}: {', '.join(values)}" for name, values in parts if values]


def build_report(db: sqlite3.Connection, period: Period, filters: RatingFilters = RatingFilters(),
                 outlets: dict[str, str] | None = None, rating: Rating | None = None,
                 with_stories: bool = True) -> Report:
    """The report over the embedded store; `rating` may come from a search engine instead.

    with_stories=False leaves the list of stories empty (the web page does not show it)."""
    rating = rating or compute_rating(db, period, filters)
    top = [r.key for r in rating.akims if r.current.mentions][:TOP_AKIMS]
    listed = stories(db, period, filters) if with_stories else []
    return Report(rating, listed, mentions_over_time(db, period, filters, top), outlets or {})
