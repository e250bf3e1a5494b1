"""Adaptive polling: the interval after each poll (pure), and the worker backing off a replica
that answers 429 with Retry-After or 503."""

from __future__ import annotations

import signal
import subprocess
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from alerts_support import SmtpServer
from live_support import CLI, live_config, start_worker, wait_for

from monitor.config import ScheduleConfig, load_config
from monitor.pollstate import get, sources
from monitor.replica.site import Resource
from monitor.schedule import History, PollBudget, base_interval, domain_floor, is_night, next_interval
from monitor.store import open_store

CFG = ScheduleConfig()
DAY = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # 12:00 in Almaty
NIGHT = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)  # 03:00 in Almaty
FEED = "https://tengrinews.kz/news.rss"


def interval(history: History, now: datetime = DAY, url: str = FEED, kind: str = "feed", cfg=CFG) -> float:
    return next_interval(kind, url, history, now, cfg)


def test_busy_outlet_is_polled_more_often_than_a_quiet_one():
    quiet = interval(History(rate_per_hour=1, idle_s=600))
    busy = interval(History(rate_per_hour=20, idle_s=60))
    assert busy < quiet == CFG.feed_interval
    assert busy == max(CFG.min_interval, 3600 / 20 / 2)  # twice per gap between its articles


def test_idle_source_waits_longer_up_to_the_maximum():
    # An article every two hours: an hour without one is usual, not idle.
    assert interval(History(rate_per_hour=0.5, idle_s=3600)) == CFG.feed_interval
    steps = [interval(History(rate_per_hour=0.5, idle_s=hours * 3600)) for hours in (2.5, 3, 48)]
    assert CFG.feed_interval < steps[0] < steps[1] < steps[2] == CFG.max_interval
    assert interval(History(idle_s=None)) == CFG.max_interval  # a source that never gave anything


def test_night_allows_longer_waits_than_day():
    idle = History(rate_per_hour=0.2, idle_s=12 * 3600)
    assert is_night(NIGHT, CFG) and not is_night(DAY, CFG)
    assert interval(idle, DAY) == CFG.max_interval < interval(idle, NIGHT) == CFG.night_max_interval
    assert not is_night(NIGHT, replace(CFG, night_start="00:00", night_end="00:00"))


def test_never_below_the_floor_of_the_domain():
    cfg = replace(CFG, domain_floors={"tengrinews.kz": 240.0})
    busy = History(rate_per_hour=100, idle_s=10)
    assert domain_floor("https://kaz.tengrinews.kz/news.rss", cfg) == 240.0  # a subdomain takes its parent's
    assert interval(busy, cfg=cfg) == 240.0
    assert interval(busy, url="https://www.nur.kz/rss/all.rss", cfg=cfg) == CFG.min_interval


def test_listings_and_full_sitemaps_rarely_news_sitemaps_and_lone_listings_often():
    assert base_interval("listing", "https://x.kz/news/", CFG) == CFG.listing_interval
    assert base_interval("sitemap", "https://x.kz/sitemap.xml", CFG) == CFG.listing_interval
    assert base_interval("sitemap", "https://x.kz/sitemap-news.xml", CFG) == CFG.feed_interval
    assert base_interval("listing", "https://ratel.kz/raw/", CFG, primary=True) == CFG.feed_interval


@pytest.mark.parametrize("status_history, expected", [
    (History(backoff=1, retry_after=900), 900),  # 429 with Retry-After: at least that
    (History(backoff=1), 2 * CFG.feed_interval),  # 503 without: the base doubled
    (History(backoff=3), 8 * CFG.feed_interval),  # and doubled again per failure in a row
    (History(backoff=12), CFG.max_backoff),  # up to the cap
    (History(backoff=1, retry_after=10 ** 6), CFG.max_backoff),  # a Retry-After of days is capped too
])
def test_429_503_and_retry_after_back_off(status_history, expected):
    assert interval(status_history) == expected


def test_an_outlets_polls_stay_within_its_budget_per_hour():
    budget = PollBudget(per_hour=60)
    # Three listings polled as feeds (Ratel) want 3 x 24 = 72 polls an hour.
    wanted = sorted(t for source in range(3) for t in range(source * 50, 2 * 3600, 150))
    granted, waiting = [], []
    for second in range(2 * 3600):
        waiting += [t for t in wanted if t == second]
        while waiting and budget.take(float(second)):
            granted.append((waiting.pop(0), second))
    assert len(granted) <= 2 * 60 + budget.burst
    assert len(granted) >= 2 * 60 - 3  # the budget is used, not left idle
    assert granted[:10] == [(t, t) for t, _ in granted[:10]]  # a start-up burst goes at once


def test_worker_backs_off_a_replica_answering_429_with_retry_after_and_503(tmp_path, replica):
    replica.site.add("tengrinews.ru", "/news.rss", Resource(b"slow down", "text/plain", status=429, retry_after="120"))
    replica.site.add("tengrinews.kk", "/news.rss", Resource(b"busy", "text/plain", status=503))
    with SmtpServer() as smtp:
        config_path = live_config(tmp_path, replica, smtp.port)
        config = load_config(config_path)
        worker = start_worker(config_path, "tengrinews")
        try:
            def both_feeds_answered() -> bool:
                with open_store(config.db_path) as store:
                    return len([s for s in sources(store) if s.kind == "feed" and s.polls >= 1]) == 2
            wait_for(both_feeds_answered, 90, worker)
            time.sleep(6)  # six feed intervals: a worker that ignored the answers would have polled again
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
    with open_store(config.db_path) as store:
        ru = get(store, "tengrinews", replica.base_url("tengrinews.ru") + "/news.rss")
        kk = get(store, "tengrinews", replica.base_url("tengrinews.kk") + "/news.rss")
    assert ru.last_status == 429 and ru.backoff == 1 and ru.interval_s == 120
    # 503 without Retry-After: feed_interval (1 s) doubled per failure in a row: 2 s, 4 s, 8 s...
    assert kk.last_status == 503 and kk.backoff >= 2 and kk.interval_s == 2 ** kk.backoff
    assert replica.fetched("tengrinews.kk").count("/news.rss") == kk.backoff
    assert replica.fetched("tengrinews.ru").count("/news.rss") == 1  # not again within its Retry-After
    status = subprocess.run([*CLI, "--config", str(config_path), "run", "--status"], capture_output=True, text=True)
    assert status.returncode == 0, status.stderr
    ru_line = next(line for line in status.stdout.splitlines() if line.endswith(ru.url))
    assert "каждые   2 мин" in ru_line and "ответ 429, пауза после ошибок ×1" in ru_line
    assert status.stdout.startswith("tengrinews: запросов за последний час: опрос ")


@pytest.mark.parametrize("text, message", [
    ('feed_interval = "fast"', "schedule.feed_interval: expected a positive number"),
    ("outlet_budget = 0", "schedule.outlet_budget: expected a whole number from 1"),
    ('night_start = "25:00"', "schedule.night_start: expected a time"),
    ("min_interval = 900", "schedule.min_interval: greater than max_interval"),
    ('[schedule.domain_floors]\n"tengrinews.kz" = "2m"', "schedule.domain_floors.tengrinews.kz"),
    ("feed_intervall = 60", "did you mean 'feed_interval'"),
])
def test_schedule_settings_are_type_checked(tmp_path, text, message):
    from monitor.errors import ConfigError

    path = tmp_path / "monitor.toml"
    path.write_text(f"[schedule]\n{text}\n", "utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
