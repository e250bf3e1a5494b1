"""When alerts go out: durations, digest schedules and their slots.

Time is always passed in (`now`), never read here, so digest timing can be
tested with a controllable clock; `system_clock` is the production clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
