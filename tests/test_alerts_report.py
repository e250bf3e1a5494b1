"""Report rules: the monthly/weekly rating by email, exactly once, through a real SMTP server."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from io import BytesIO

import openpyxl
import pytest
from alerts_support import Handler, SmtpServer, write_config
from click.testing import CliRunner

from monitor.alerts import run_alerts
from monitor.alerts.rules import parse_rule
from monitor.alerts.schedule import ReportSchedule
from monitor.cli import main
from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.rating.period import Period, month
from monitor.store import open_store
from rating_sample import build_store

MONTHLY = """
[[alerts.rules]]
name = "monthly-rating"
kind = "report"
recipients = ["chief@akimat.test", "press@akimat.test"]
every = "monthly"
day = 1
at = "09:00"
"""


def almaty(year: int, mon: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, mon, day, hour, minute, tzinfo=UTC) - timedelta(hours=5)


def send(config, now):
    with open_store(config.db_path) as store:
        return run_alerts(store, config, now=now)


def test_report_schedules_and_periods():
    monthly = ReportSchedule(every="monthly", at=time(9, 0), monthday=1)
    assert monthly.latest_slot(almaty(2026, 12, 1, 8, 59)) == almaty(2026, 11, 1, 9)
    slot = monthly.latest_slot(almaty(2026, 12, 1, 9, 0))
    assert slot == almaty(2026, 12, 1, 9) and monthly.period_for(slot) == month(2026, 11)
    assert monthly.period_for(monthly.latest_slot(almaty(2027, 1, 15, 12))) == month(2026, 12)
    weekly = ReportSchedule(every="weekly", at=time(8, 0), weekday=0)
    slot = weekly.latest_slot(almaty(2026, 12, 2, 12))  # Wednesday -> Monday 30 November
    assert weekly.period_for(slot) == Period(datetime(2026, 11, 23).date(), datetime(2026, 11, 30).date())


@pytest.mark.parametrize(("extra", "problem"), [
    ({"every": "daily"}, "'monthly' or 'weekly'"),
    ({"day": 31}, "from 1 to 28"),
    ({"every": "weekly", "day": 3}, "one of monday"),
    ({"sentiment": ["negative"]}, "only meaningful for mention alerts"),
    ({"kind": "digest-ish"}, "'mentions' or 'report'"),
])
def test_bad_report_rules_name_the_field(extra, problem):
    raw = {"name": "r", "recipients": ["a@b.kz"], "kind": "report", **extra}
    with pytest.raises(ConfigError, match=problem):
        parse_rule(raw, "monitor.toml", "alerts.rules[0]")


def test_monthly_report_goes_out_once_with_the_xlsx_attached(tmp_path):
    with SmtpServer() as server:
        config = load_config(write_config(tmp_path, server.port, MONTHLY))
        build_store(config.db_path)
        assert send(config, almaty(2026, 11, 20, 12)).messages == 0  # first sight: wait for the next slot
        assert send(config, almaty(2026, 12, 1, 8, 59)).messages == 0
        assert send(config, almaty(2026, 12, 1, 9, 0)).messages == 2
        for moment in (almaty(2026, 12, 1, 9, 30), almaty(2026, 12, 20, 9, 30)):
            assert send(config, moment).messages == 0
        assert sorted(r.rcpt[0] for r in server.received) == ["chief@akimat.test", "press@akimat.test"]
        mail = server.received[0]
        assert mail.msg["Subject"] == "Медиарейтинг акимов: ноябрь 2026"
        assert "1. Ерболат Досаев: 5 упом., индекс тональности +0.00, в прошлом периоде 3" in mail.text
        assert "Всего 9 упоминаний в 5 сюжетах." in mail.text
        assert "<svg" in mail.html and "Индекс тональности по регионам" in mail.html
        (attachment,) = list(mail.msg.iter_attachments())
        assert attachment.get_filename() == "rating-2026-11.xlsx"
        book = openpyxl.load_workbook(BytesIO(attachment.get_content()))
        assert book["Сводка"]["A1"].value == "Медиарейтинг акимов: ноябрь 2026"
        # January: December's report (one Касымбек mention, 00:30 on 1 December)
        assert send(config, almaty(2027, 1, 1, 10)).messages == 2
        assert server.received[-1].msg["Subject"] == "Медиарейтинг акимов: декабрь 2026"
        assert "1. Женис Касымбек: 1 упом." in server.received[-1].text


def test_a_refused_report_is_composed_again_and_sent_once(tmp_path):
    handler = Handler(mode="451")
    with SmtpServer(handler) as server:
        config = load_config(write_config(tmp_path, server.port, MONTHLY.replace(', "press@akimat.test"', "")))
        build_store(config.db_path)
        send(config, almaty(2026, 11, 20, 12))
        failed = send(config, almaty(2026, 12, 1, 9, 5))
        assert (failed.messages, failed.sent, failed.failed) == (1, 0, 1)
        handler.mode = "accept"
        again = send(config, almaty(2026, 12, 1, 9, 35))
        assert (again.messages, again.sent) == (1, 1)
        assert send(config, almaty(2026, 12, 1, 10, 5)).messages == 0
        assert len(server.received) == 1


def test_an_uncertain_report_is_resent_identically(tmp_path):
    handler = Handler(mode="disconnect")  # the server keeps it, the client never hears 250
    with SmtpServer(handler) as server:
        config = load_config(write_config(tmp_path, server.port, MONTHLY.replace(', "press@akimat.test"', "")))
        build_store(config.db_path)
        send(config, almaty(2026, 11, 20, 12))
        send(config, almaty(2026, 12, 1, 9, 5))
        handler.mode = "accept"
        assert send(config, almaty(2026, 12, 1, 9, 35)).messages == 0  # nothing new composed: the same resent
        assert len(server.received) == 2 and server.received[0].raw == server.received[1].raw


def test_report_rule_filters_and_preview(tmp_path):
    rules = MONTHLY.replace('at = "09:00"', 'at = "09:00"\nregions = ["astana"]')
    with SmtpServer() as server:
        path = write_config(tmp_path, server.port, rules)
        config = load_config(path)
        build_store(config.db_path)
        result = CliRunner().invoke(main, ["--config", str(path), "alerts", "preview", "monthly-rating"])
        assert result.exit_code == 0, result.output
        assert "Вложение: rating-" in result.output and "Регионы: г. Астана" in result.output
        send(config, almaty(2026, 11, 20, 12))
        send(config, almaty(2026, 12, 1, 9, 0))
        text = server.received[0].text
        assert "1. Женис Касымбек: 3 упом." in text and "Досаев" not in text
