"""Digest timing with a controllable clock, and operational alerts for the admin."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from alerts_support import DOSAYEV, SmtpServer, article, save, write_config
from click.testing import CliRunner

from monitor.alerts import run_alerts
from monitor.alerts.schedule import DigestSchedule
from monitor.cli import main
from monitor.config import load_config
from monitor.store import open_store

DIGEST = """
[[alerts.rules]]
name = "morning"
recipients = ["chief@akimat.test"]
delivery = "digest"
every = "daily"
at = "09:00"
"""


def almaty(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment given in Almaty local time (UTC+5), as UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC) - timedelta(hours=5)


def send(config, now):
    with open_store(config.db_path) as store:
        return run_alerts(store, config, now=now)


def item(n: int, seen: datetime):
    return article(f"https://tengrinews.kz/kazakhstan_news/d-{n}/", f"Дайджест {n}", seen=seen, published=seen,
                   people=[(DOSAYEV, "neutral", ["Досаев."])])


def test_daily_digest_goes_out_once_per_slot(tmp_path):
    with SmtpServer() as server:
        config = load_config(write_config(tmp_path, server.port, DIGEST))
        send(config, almaty(10, 10))  # first sight at 10:00: the 09:00 slot has passed, wait for tomorrow
        save(config.db_path, item(1, almaty(10, 12)), item(2, almaty(10, 18)))
        for moment in (almaty(10, 12, 30), almaty(10, 23, 59), almaty(11, 8, 59)):
            assert send(config, moment).messages == 0
        assert server.received == []
        assert send(config, almaty(11, 9, 0)).messages == 1
        assert send(config, almaty(11, 9, 30)).messages == 0
        assert len(server.received) == 1
        assert server.received[0].msg["Subject"] == "2 новых упоминания: Досаев"
        assert "(дайджест)" in server.received[0].text
        save(config.db_path, item(3, almaty(11, 10)))
        assert send(config, almaty(12, 8, 0)).messages == 0
        send(config, almaty(12, 15, 0))  # the runner was down at 09:00: the digest goes out at the next run
        assert len(server.received) == 2 and "Дайджест 3" in server.received[1].text
        assert "Дайджест 1" not in server.received[1].text


def test_empty_digest_is_not_sent(tmp_path):
    with SmtpServer() as server:
        config = load_config(write_config(tmp_path, server.port, DIGEST))
        send(config, almaty(10, 10))
        assert send(config, almaty(11, 9, 5)).messages == 0 and server.received == []


def test_weekly_slots_and_time_zone():
    weekly = DigestSchedule(every="weekly", at=time(8, 0), weekday=0, zone="Asia/Almaty")
    # Sunday 22 March 2026 23:00 Almaty -> the last slot was Monday 16 March 08:00 Almaty (03:00 UTC).
    assert weekly.latest_slot(almaty(22, 23)) == datetime(2026, 3, 16, 3, 0, tzinfo=UTC)
    assert weekly.latest_slot(almaty(23, 8)) == datetime(2026, 3, 23, 3, 0, tzinfo=UTC)
    assert weekly.is_due(datetime(2026, 3, 16, 3, 0, tzinfo=UTC), almaty(23, 8))
    assert not weekly.is_due(datetime(2026, 3, 16, 3, 0, tzinfo=UTC), almaty(23, 7, 59))
    daily_utc = DigestSchedule(at=time(8, 0), zone="UTC")
    assert daily_utc.latest_slot(datetime(2026, 3, 10, 7, 0, tzinfo=UTC)) == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


def test_ops_alerts_stale_outlet_and_layout_change(tmp_path):
    with SmtpServer() as server:
        config = load_config(write_config(tmp_path, server.port, "", extra='admin = "ops@monitor.test"'))
        start = almaty(1, 12)
        healthy = [article(f"https://tengrinews.kz/kazakhstan_news/h-{i}/", f"Статья {i}", text="Текст. " * 60,
                           seen=start + timedelta(minutes=i)) for i in range(10)]
        broken = [article(f"https://tengrinews.kz/kazakhstan_news/b-{i}/", f"Сломано {i}", text="Меню",
                          seen=start + timedelta(hours=1, minutes=i)) for i in range(10)]
        save(config.db_path, *healthy)
        assert send(config, start + timedelta(hours=2)).ops_problems == 0
        save(config.db_path, *broken)
        report = send(config, start + timedelta(hours=2))
        assert report.ops_problems == 1 and len(server.received) == 1
        mail = server.received[0]
        assert mail.rcpt == ["ops@monitor.test"] and "1 проблема" in mail.msg["Subject"]
        assert "tengrinews: пустой текст у 100% последних 10 статей" in mail.text
        send(config, start + timedelta(hours=3))  # still broken: not repeated within repeat_hours
        assert len(server.received) == 1
        send(config, start + timedelta(hours=40))  # stale by now, and the layout reminder is due again
        assert len(server.received) == 2
        assert "2 проблемы" in server.received[1].msg["Subject"]
        assert "tengrinews: нет новых статей" in server.received[1].text


def test_engine_unreachable_after_three_runs(tmp_path):
    with SmtpServer() as server:
        config = load_config(write_config(tmp_path, server.port, "", extra='admin = "ops@monitor.test"'))
        now = almaty(5, 12)
        with open_store(config.db_path) as store:
            for i in range(2):
                run_alerts(store, config, now=now + timedelta(minutes=i), engine_ok=False)
            assert server.received == []
            run_alerts(store, config, now=now + timedelta(minutes=3), engine_ok=False)
            assert "поисковый движок недоступен 3 запусков подряд" in server.received[0].text
            run_alerts(store, config, now=now + timedelta(minutes=4), engine_ok=True)
            run_alerts(store, config, now=now + timedelta(minutes=5), engine_ok=False)
            assert len(server.received) == 1


def test_cli_check_and_preview(tmp_path):
    with SmtpServer() as server:
        path = write_config(tmp_path, server.port, DIGEST.replace('delivery = "digest"\nevery = "daily"\nat = "09:00"\n', ""))
        now = datetime.now(UTC)
        save(load_config(path).db_path, item(7, now))
        runner = CliRunner()
        result = runner.invoke(main, ["--config", str(path), "alerts", "check"])
        assert result.exit_code == 0 and "morning: получателей 1, сразу после запуска" in result.output
        result = runner.invoke(main, ["--config", str(path), "alerts", "preview", "morning"])
        assert result.exit_code == 0, result.output
        assert "Тема: 1 новое упоминание: Досаев" in result.output and "Дайджест 7" in result.output
        result = runner.invoke(main, ["--config", str(path), "alerts", "preview", "nosuch"])
        assert result.exit_code == 2 and "unknown rule 'nosuch'" in result.output
        assert server.received == []  # preview never sends
        result = runner.invoke(main, ["--config", str(path), "alerts", "send"])
        assert result.exit_code == 0 and "sent=1" in result.output and len(server.received) == 1
