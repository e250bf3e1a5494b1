"""Report periods: a calendar month or any range of days, in Almaty local time.

A period is [start, end) in local days. The period it is compared with is the
previous calendar month for a month, otherwise the same number of days right
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")
MONTHS_RU = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
             "ноябрь", "декабрь")


@dataclass(frozen=True)
class Period:
    start: date  # first local day
    end: date  # local day after the last one (exclusive)
    month: bool = False  # a whole calendar month
    zone: str = "Asia/Almaty"

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def label(self) -> str:
        if self.month:
            return f"{MONTHS_RU[self.start.month - 1]} {self.start.year}"
        return f"{self.start:%d.%m.%Y} — {self.last_day:%d.%m.%Y}"

    @property
    def slug(self) -> str:
        """For file names and report keys: 2026-11 or 2026-11-01_2026-11-30."""
        return f"{self.start:%Y-%m}" if self.month else f"{self.start.isoformat()}_{self.last_day.isoformat()}"

    def bounds_utc(self) -> tuple[datetime, datetime]:
        zone = ZoneInfo(self.zone)
        return (datetime.combine(self.start, time(), zone).astimezone(UTC),
                datetime.combine(self.end, time(), zone).astimezone(UTC))

    def previous(self) -> Period:
        if self.month:
            first = (self.start - timedelta(days=1)).replace(day=1)
            return Period(first, self.start, month=True, zone=self.zone)
        return Period(self.start - timedelta(days=self.days), self.start, zone=self.zone)


def month(year: int, number: int, zone: str = "Asia/Almaty") -> Period:
    start = date(year, number, 1)
    end = date(year + number // 12, number % 12 + 1, 1)
    return Period(start, end, month=True, zone=zone)


def parse_period(text: str | None = None, since: date | None = None, until: date | None = None,
                 today: date | None = None) -> Period:
    """'2026-11' (a month), or since/until days (inclusive); by default the last full month.

    Raises ValueError with a Russian message a user can act on."""
    if text and (since or until):
        raise ValueError("укажите либо месяц, либо даты «с» и «по», не всё сразу")
    if text:
        match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"период «{text}» не в формате ГГГГ-ММ (например 2026-11)")
        return month(int(match.group(1)), int(match.group(2)))
    today = today or datetime.now(ALMATY).date()
    if since or until:
        until = until or today
        since = since or until.replace(day=1)
        if since > until:
            raise ValueError(f"дата «с» ({since:%d.%m.%Y}) позже даты «по» ({until:%d.%m.%Y})")
        return Period(since, until + timedelta(days=1))
    last = today.replace(day=1) - timedelta(days=1)
    return month(last.year, last.month)
