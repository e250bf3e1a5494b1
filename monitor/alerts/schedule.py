"""When alerts go out: durations, digest schedules and their slots.

Time is always passed in (`now`), never read here, so digest timing can be
tested with a controllable clock; `system_clock` is the production clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor.rating.period import Period, month

DEFAULT_TIMEZONE = "Asia/Almaty"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def system_clock() -> datetime:
    return datetime.now(UTC)


MAX_DURATION = timedelta(days=3660)  # ten years: past it a number is a typo, and timedelta overflows


def parse_duration(text: str) -> timedelta:
    """'30m', '1h', '2d', '1w', '90s' or '0', at most ten years. Raises ValueError with the accepted forms."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhdw]?)\s*", str(text))
    if not match or (match.group(2) == "" and match.group(1) != "0"):
        raise ValueError(f"not a duration: {text!r}; use e.g. 30m, 1h, 2d, 1w")
    digits = match.group(1).lstrip("0") or "0"
    seconds = int(digits[:12]) * _UNITS.get(match.group(2) or "s", 1)
    if len(digits) > 12 or seconds > MAX_DURATION.total_seconds():
        raise ValueError(f"too long: {text!r}; at most {MAX_DURATION.days}d")
    return timedelta(seconds=seconds)


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}; use e.g. Asia/Almaty") from None


@dataclass(frozen=True)
class DigestSchedule:
    """A digest goes out daily (or weekly on `weekday`) at `at`, local time."""

    every: str = "daily"  # daily | weekly
    at: time = time(8, 0)
    weekday: int = 0  # 0 = Monday, used when weekly
    zone: str = DEFAULT_TIMEZONE

    def latest_slot(self, now: datetime) -> datetime:
        """The most recent scheduled moment at or before `now` (aware, UTC)."""
        local = now.astimezone(ZoneInfo(self.zone))
        slot = datetime.combine(local.date(), self.at, tzinfo=local.tzinfo)
        if self.every == "weekly":
            slot -= timedelta(days=(local.weekday() - self.weekday) % 7)
        if slot > local:
            slot -= timedelta(days=7 if self.every == "weekly" else 1)
        return slot.astimezone(UTC)

    def is_due(self, last_slot: datetime | None, now: datetime) -> bool:
        """Due when a slot has passed that has not been composed yet."""
        return last_slot is None or self.latest_slot(now) > last_slot


@dataclass(frozen=True)
class ReportSchedule:
    """A rating report goes out monthly (on `monthday`) or weekly (on `weekday`) at `at`, local time.

    Each slot reports the period that ended before it: the previous calendar
    month, or the seven days before the slot's day."""

    every: str = "monthly"  # monthly | weekly
    at: time = time(9, 0)
    weekday: int = 0  # weekly: 0 = Monday
    monthday: int = 1  # monthly: 1..28, so every month has it
    zone: str = DEFAULT_TIMEZONE

    def latest_slot(self, now: datetime) -> datetime:
        local = now.astimezone(ZoneInfo(self.zone))
        if self.every == "weekly":
            return DigestSchedule("weekly", self.at, self.weekday, self.zone).latest_slot(now)
        slot = datetime.combine(local.date().replace(day=self.monthday), self.at, tzinfo=local.tzinfo)
        if slot > local:
            previous = local.date().replace(day=1) - timedelta(days=1)
            slot = datetime.combine(previous.replace(day=self.monthday), self.at, tzinfo=local.tzinfo)
        return slot.astimezone(UTC)

    def period_for(self, slot: datetime) -> Period:
        day = slot.astimezone(ZoneInfo(self.zone)).date()
        if self.every == "weekly":
            return Period(day - timedelta(days=7), day, zone=self.zone)
        last = day.replace(day=1) - timedelta(days=1)
        return month(last.year, last.month, zone=self.zone)
