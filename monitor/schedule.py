"""When to poll a source again: pure functions over what the last polls showed.

The long-lived worker (monitor/liveworker.py) polls each feed, sitemap and listing
of an outlet on its own interval. The interval starts from a base (feeds and news
sitemaps often, since an unchanged one costs a 304; listings and full sitemaps
rarely), then adapts:

- busy: an outlet publishing n articles an hour is polled at least twice per gap
  between its articles (3600/n/2 s), down to the floor;
- idle: a source that gave nothing new for longer than the outlet's usual gap
  waits longer, by one base interval per hour beyond that gap, up to max_interval (by day)
  or night_max_interval (at night, Almaty time, when the growth is doubled);
- never below min_interval nor the floor set for the source's domain;
- after 429, 503 or a failure the wait doubles per consecutive one (Retry-After,
  when given, is the least), up to max_backoff;
- and an outlet's polls together stay within its budget per hour (PollBudget): a
  due poll waits for its turn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time
from urllib.parse import urlsplit

from monitor.config import ScheduleConfig
from monitor.dates import LOCAL_TZ

FREQUENT_KINDS = ("feed",)
BACKOFF_STATUSES = (429, 503)


@dataclass(frozen=True)
class History:
    """What the schedule knows about a source when its next poll is chosen."""

    rate_per_hour: float = 0.0  # articles the outlet published per hour lately
    idle_s: float | None = None  # since this source last gave a new article; None: never did
    backoff: int = 0  # consecutive 429/503/failures, this one included
    retry_after: float | None = None  # seconds, from the last response's Retry-After


def base_interval(kind: str, url: str, cfg: ScheduleConfig, primary: bool = False) -> float:
    """Feeds and news sitemaps are polled often; listings and other sitemaps rarely,
    unless the listing is all an edition has (`primary`): then it is its feed."""
    if kind in FREQUENT_KINDS or (kind == "sitemap" and "news" in url.lower()) or primary:
        return cfg.feed_interval
    return cfg.listing_interval


def domain_floor(url: str, cfg: ScheduleConfig) -> float:
    """The floor of the source's host: its own entry, or its parent domain's."""
    host = (urlsplit(url).hostname or "").lower()
    parts = host.split(".")
    for i in range(len(parts)):
        floor = cfg.domain_floors.get(".".join(parts[i:]))
        if floor is not None:
            return max(floor, cfg.min_interval)
    return cfg.min_interval


def is_night(moment: datetime, cfg: ScheduleConfig) -> bool:
    """Between night_start and night_end in Almaty (the span may cross midnight;
    equal bounds: no night)."""
    local = moment.astimezone(LOCAL_TZ).time()
    start, end = _hhmm(cfg.night_start), _hhmm(cfg.night_end)
    if start == end:
        return False
    return start <= local < end if start < end else local >= start or local < end


def next_interval(kind: str, url: str, history: History, now: datetime, cfg: ScheduleConfig,
                  primary: bool = False) -> float:
    """Seconds until the source is polled again."""
    base = base_interval(kind, url, cfg, primary)
    floor = domain_floor(url, cfg)
    if history.backoff > 0:
        wait = base * 2 ** min(history.backoff, 30)
        return max(floor, min(cfg.max_backoff, max(wait, history.retry_after or 0.0)))
    night = is_night(now, cfg)
    gap = 3600.0 / history.rate_per_hour if history.rate_per_hour > 0 else math.inf
    interval = min(base, gap / 2)  # busy: twice per usual gap between articles
    idle = math.inf if history.idle_s is None else history.idle_s
    usual = gap if gap != math.inf else base
    if idle > usual:
        growth = min(idle - (0 if gap == math.inf else gap), 24 * 3600.0) / 3600.0 * (2 if night else 1)
        ceiling = max(base, cfg.night_max_interval if night else cfg.max_interval)
        interval = min(ceiling, base * (1 + growth))
    return max(floor, interval)


@dataclass
class PollBudget:
    """A token bucket: at most `per_hour` polls an hour on average for one outlet, in bursts
    of up to `burst` (a start reads every source at once; so may a busy minute)."""

    per_hour: float
    burst: float = 10.0
    tokens: float | None = None
    at: float = 0.0

    def take(self, now: float) -> bool:
        """`now` in seconds (time.monotonic()); True: poll now, False: wait."""
        if self.tokens is None:
            self.tokens, self.at = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.per_hour / 3600.0)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
