"""The lists behind the figures: stories of the period, and mentions over time."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from monitor.rating.compute import PERSON_KEY, RatingFilters, mention_conditions
from monitor.rating.period import Period


@dataclass
class Story:
    """One reprint group as it concerns one person: shown by its earliest copy."""

    key: str  # the person's rating key
    person: str
    region: str | None
    published: datetime | None  # local time of the earliest copy
    title: str
    url: str
    source: str
    sentiment: str  # toward the person, in the earliest copy
    main_subject: bool
    copies: list[tuple[str, str]] = field(default_factory=list)  # (outlet, url) of the other copies


def stories(db: sqlite3.Connection, period: Period, filters: RatingFilters = RatingFilters()) -> list[Story]:
    """Every story of the period under the filters, newest first, one per (reprint group, person)."""
    where, args = mention_conditions(period, filters)
    rows = db.execute(
        "SELECT coalesce(m.akim_id, m.name) AS k, m.root, m.name, m.region, "
        "m.published_utc, m.title, m.url, m.source, m.sentiment_label, m.main_subject "
        f"FROM mentions m WHERE {where} "
        "ORDER BY m.published_utc, m.id",
        args,
    ).fetchall()
    zone = ZoneInfo(period.zone)
    out: dict[tuple[str, str], Story] = {}
    for key, root, name, region, published, title, url, source, label, main in rows:
        story = out.get((key, root))
        if story is None:
            moment = datetime.fromisoformat(published).astimezone(zone) if published else None
            out[(key, root)] = Story(key, name, region, moment, title, url, source, label, bool(main))
        else:
            story.copies.append((source, url))
    return sorted(out.values(), key=lambda s: (s.published or datetime.min.replace(tzinfo=zone), s.title),
                  reverse=True)


@dataclass
class Series:
    labels: list[str]  # one per step, e.g. "12.11"
    counts: dict[str, list[int]]  # rating key -> mentions per step


def step_of(period: Period) -> str:
    return "day" if period.days <= 62 else "week" if period.days <= 400 else "month"


def _step_start(day: date, step: str) -> date:
    if step == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if step == "month" else day


def _next(day: date, step: str) -> date:
    if step == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=7 if step == "week" else 1)


def mentions_over_time(db: sqlite3.Connection, period: Period, filters: RatingFilters,
                       keys: list[str]) -> Series:
    """Mentions per local day (week, month for long periods) of the given people."""
    step = step_of(period)
    starts, day = [], _step_start(period.start, step)
    while day < period.end:
        starts.append(day)
        day = _next(day, step)
    counts = {key: [0] * len(starts) for key in keys}
    if keys:
        where, args = mention_conditions(period, filters)
        index = {start: n for n, start in enumerate(starts)}
        zone = ZoneInfo(period.zone)
        marks = ", ".join("?" * len(keys))
        # The key as written in the index mentions_by_person: a range of it per person, covering.
        table = "mentions m" if filters.akims else "mentions m INDEXED BY mentions_by_person"
        rows = db.execute(
            f"SELECT {PERSON_KEY} AS k, substr(m.published_utc, 1, 13), count(*) FROM {table} "
            f"WHERE {where} AND {PERSON_KEY} IN ({marks}) GROUP BY 1, 2",
            [*args, *keys],
        ).fetchall()
        # SQL groups by UTC hour; the fold into local days happens here, with zoneinfo.
        for key, hour, n in rows:
            local = datetime.fromisoformat(hour + ":00+00:00").astimezone(zone).date()
            counts[key][index[_step_start(local, step)]] += n
    labels = [s.strftime("%m.%Y") if step == "month" else s.strftime("%d.%m") for s in starts]
    return Series(labels, counts)
