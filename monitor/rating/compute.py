"""The rating for a period: per akim and per region, with the change against the previous period.

Definitions (the same in every store, see engine.py for the search engine):
- a mention is one person in one article (table mentions); its period is its
  article's publication instant;
- a story is a reprint group: an article and the reprints stored with
  duplicate_of pointing to it count once (`stories`), while `mentions` counts
  every outlet's copy;
- outlets: distinct outlets that published a mention;
- shares of negative and positive mentions, and the tone index
  (positive - negative) / mentions, always shown next to the number of
  mentions, since an index over three mentions means little;
- main subject: the mention's `main_subject` flag, set by the mention finder
  when the person is named in the title or in the lead paragraph
  (monitor/mentions/assemble.py); its share is over mentions;
- people are keyed by registry id, or by name when found by role only, as the
  search facets do; regions by the region of the person's office (a registry
  id such as "almaty", or a place name), "" when unknown.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from monitor.rating.period import Period
from monitor.rating.regions import region_name

GroupBy = Literal["akim", "region", "total"]


@dataclass(frozen=True)
class RatingFilters:
    """Empty tuple: no restriction. Within a field any value matches; fields combine with AND."""

    regions: tuple[str, ...] = ()  # region ids, or place names outside the registry
    akims: tuple[str, ...] = ()  # akim ids or (parts of) names
    levels: tuple[str, ...] = ()  # region | city | district
    roles: tuple[str, ...] = ()  # akim | deputy_akim | former_akim
    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return any((self.regions, self.akims, self.levels, self.roles, self.outlets, self.languages))


@dataclass
class Figures:
    mentions: int = 0
    stories: int = 0
    outlets: int = 0
    negative: int = 0
    positive: int = 0
    main: int = 0

    def _share(self, part: int) -> float | None:
        return part / self.mentions if self.mentions else None

    @property
    def negative_share(self) -> float | None:
        return self._share(self.negative)

    @property
    def positive_share(self) -> float | None:
        return self._share(self.positive)

    @property
    def main_share(self) -> float | None:
        return self._share(self.main)

    @property
    def tone_index(self) -> float | None:
        return self._share(self.positive - self.negative)


@dataclass
class Group:
    """What a store counts for one key in one period."""

    figures: Figures
    name: str = ""
    akim_id: str | None = None
    region: str | None = None
    position: str = ""


@dataclass
class Row:
    key: str  # akim id or name; region id or place name; "" for the total
    name: str
    current: Figures
    previous: Figures
    akim_id: str | None = None
    region: str | None = None
    position: str = ""
    rank: int = 0
    previous_rank: int | None = None

    @property
    def region_name(self) -> str:
        return region_name(self.region)

    @property
    def mentions_change(self) -> int:
        return self.current.mentions - self.previous.mentions

    @property
    def mentions_change_share(self) -> float | None:
        """+0.5 for half as many again; None when the previous period had none."""
        before = self.previous.mentions
        return self.mentions_change / before if before else None

    @property
    def tone_change(self) -> float | None:
        now, before = self.current.tone_index, self.previous.tone_index
        return None if now is None or before is None else now - before


@dataclass
class Rating:
    period: Period
    previous_period: Period
    filters: RatingFilters
    akims: list[Row]
    regions: list[Row]
    total: Row
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))


# A store's counter: the groups of one period under the filters, for each way of grouping.
Counter = Callable[[Period, RatingFilters], dict[GroupBy, dict[str, Group]]]
GROUPINGS: tuple[GroupBy, ...] = ("akim", "region", "total")


def compute_rating(db: sqlite3.Connection, period: Period, filters: RatingFilters = RatingFilters()) -> Rating:
    """The rating over the embedded store."""
    return assemble(lambda p, f: sqlite_groups(db, p, f), period, filters)


def assemble(count: Counter, period: Period, filters: RatingFilters) -> Rating:
    """Rows with ranks and the previous period's figures, from any store's counter."""
    before = period.previous()
    now, then = count(period, filters), count(before, filters)
    akims = _rows(now["akim"], then["akim"], named=True)
    regions = _rows(now["region"], then["region"], named=False)
    totals = _rows(now["total"], then["total"], named=False)
    total = totals[0] if totals else Row("", "", Figures(), Figures())
    total.name, total.rank, total.previous_rank = "Всего", 0, None
    return Rating(period, before, filters, akims, regions, total)


def _rows(now: dict[str, Group], before: dict[str, Group], named: bool) -> list[Row]:
    rows = []
    for key in now.keys() | {k for k, g in before.items() if g.figures.mentions}:
        group = now.get(key) or before[key]
        current = now[key].figures if key in now else Figures()
        previous = before[key].figures if key in before else Figures()
        name = group.name if named else region_name(key or None)
        rows.append(Row(key, name, current, previous, group.akim_id, group.region if named else key or None,
                        group.position))
    previous_rank = {row.key: n for n, row in enumerate(_ranked(rows, lambda r: r.previous), 1)
                     if row.previous.mentions}
    rows = _ranked(rows, lambda r: r.current)
    for n, row in enumerate(rows, 1):
        row.rank = n if row.current.mentions else 0
        row.previous_rank = previous_rank.get(row.key)
    return rows


def _ranked(rows: list[Row], figures: Callable[[Row], Figures]) -> list[Row]:
    """More mentions first; at equal mentions more stories, then the name."""
    return sorted(rows, key=lambda r: (-figures(r).mentions, -figures(r).stories, r.name, r.key))


PERSON_KEY = "coalesce(m.akim_id, m.name)"  # as written in the index mentions_by_person (migration 12)
REGION_KEY = "coalesce(m.region, '')"  # as in mentions_by_region
_COUNTS = ("count(*), sum(m.sentiment_label = 'negative'), sum(m.sentiment_label = 'positive'), "
           "sum(m.main_subject != 0), count(DISTINCT m.source), count(DISTINCT m.root)")
# (grouping, key, the columns naming a person, index led by the key)
_STATEMENTS: tuple[tuple[GroupBy, str, str, str], ...] = (
    ("akim", PERSON_KEY, "max(m.name), max(m.akim_id), max(m.region), max(coalesce(m.position, ''))",
     "mentions_by_person"),
    ("region", REGION_KEY, "'', NULL, NULL, ''", "mentions_by_region"),
    ("total", "''", "'', NULL, NULL, ''", "mentions_figures"),
)


def sqlite_groups(db: sqlite3.Connection, period: Period, filters: RatingFilters) -> dict[GroupBy, dict[str, Group]]:
    """One statement per grouping, each over the covering index led by its key (the total by
    the date): every GROUP BY reads rows in key order, with no join (mentions carry their
    story root) and no sort; a year of 100k mentions is three index scans."""
    where, args = mention_conditions(period, filters)
    out: dict[GroupBy, dict[str, Group]] = {by: {} for by in GROUPINGS}
    for by, key, names, index in _STATEMENTS:
        group_by = f" GROUP BY {key}" if by != "total" else ""
        rows = db.execute(f"SELECT {key}, {names}, {_COUNTS} FROM {_mentions(filters, index)} WHERE {where}{group_by}",
                          args)
        for key_value, name, akim_id, region, position, mentions, negative, positive, main, outlets, stories in rows:
            if mentions:  # the total of an empty period is a row of zeros
                figures = Figures(mentions=mentions, stories=stories, outlets=outlets, negative=negative,
                                  positive=positive, main=main)
                out[by][key_value] = Group(figures, name, akim_id, region, position)
    return out


def _mentions(filters: RatingFilters, index: str) -> str:
    """Mentions read through a covering index, unless named people narrow them more through
    their own (akim_id, published_utc) index."""
    return "mentions m" if filters.akims else f"mentions m INDEXED BY {index}"


def mention_conditions(period: Period, filters: RatingFilters) -> tuple[str, list[Any]]:
    """WHERE over `mentions m` for a period and filters (the search's matching rules)."""
    since, until = period.bounds_utc()
    where = ["m.published_utc >= ?", "m.published_utc < ?"]
    args: list[Any] = [since.isoformat(timespec="seconds"), until.isoformat(timespec="seconds")]
    if filters.regions:
        # Registry regions are ASCII ids; places of people outside it are Cyrillic names.
        where.append("(" + " OR ".join("m.region = ?" if r.isascii() else "ulower(m.region) = ?"
                                       for r in filters.regions) + ")")
        args += [r.lower() for r in filters.regions]
    if filters.akims:
        where.append("(" + " OR ".join("m.akim_id = ? OR ulower(m.name) LIKE ?" for _ in filters.akims) + ")")
        for akim in filters.akims:
            args += [akim, f"%{akim.lower()}%"]
    for column, values in (("m.level", filters.levels), ("m.role", filters.roles),
                           ("m.source", filters.outlets), ("m.language", filters.languages)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            args += list(values)
    return " AND ".join(where), args
