"""Alert emails through a real SMTP server on 127.0.0.1: content, grouping, exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alerts_support import DOSAYEV, KASYMBEK, NOW, SmtpServer, article, save, write_config

from monitor.alerts import run_alerts
from monitor.config import load_config
from monitor.store import open_store

RULES = """
[[alerts.rules]]
name = "akims"
recipients = ["press@akimat.test", "chief@akimat.test"]
akims = ["dossayev_yerbolat", "Касымбек"]
"""


def story_articles():
    root = article("https://tengrinews.kz/kazakhstan_news/snow-1/", "Досаев раскритиковал уборку снега",
                   published=NOW - timedelta(hours=5),
                   people=[(DOSAYEV, "negative", ["Аким Алматы Ерболат Досаев раскритиковал подрядчиков."])])
    reprint = article("https://informburo.kz/novosti/snow-1", "Досаев раскритиковал уборку снега",
                      source="informburo", published=NOW - timedelta(hours=4), duplicate_of=root.id,
                      people=[(DOSAYEV, "negative", ["Ерболат Досаев раскритиковал подрядчиков."])])
    newest = article("https://tengrinews.kz/kazakhstan_news/park-2/", "В Алматы открыли парк",
                     published=NOW - timedelta(hours=1),
                     people=[(DOSAYEV, "positive", ["Парк открыл Ерболат Досаев."])])
    older = article("https://kaz.tengrinews.kz/kazakhstan_news/bus-3/", "Автобустар туралы",
                    language="kk", published=NOW - timedelta(hours=20),
                    people=[(DOSAYEV, "negative", ["Досаевқа тұрғындар шағымданды."])])
    astana = article("https://tengrinews.kz/kazakhstan_news/astana-4/", "Касымбек встретился с жителями",
                     published=NOW - timedelta(hours=2),
                     people=[(KASYMBEK, "neutral", ["Аким Астаны Жениса Касымбек встретился с жителями."])])
    unrelated = article("https://tengrinews.kz/kazakhstan_news/other-5/", "Другая новость",
                        people=[(DOSAYEV.__class__("Иван Петров", "akim", None, "аким Экибастуза", "ekibastuz"),
                                 "neutral", ["Аким Экибастуза Иван Петров."])])
    return root, reprint, newest, older, astana, unrelated


@pytest.fixture
def setup(tmp_path):
    with SmtpServer() as server:
        config = load_config(write_config(tmp_path, server.port, RULES))
        save(config.db_path, *story_articles())
        yield server, config


def send(config, now=NOW):
    with open_store(config.db_path) as store:
        return run_alerts(store, config, now=now)


def test_one_email_per_recipient_with_expected_content(setup):
    server, config = setup
    report = send(config)
    assert report.sent == 2 and report.failed == 0
    assert sorted(r.rcpt[0] for r in server.received) == ["chief@akimat.test", "press@akimat.test"]
    mail = server.received[0]
    # 4 stories: the reprint group counts once; the Ekibastuz akim is not in the rule.
    assert mail.msg["Subject"] == "4 новых упоминания: Досаев (2 негативных), Касымбек"
    text = mail.text
    assert "Иван Петров" not in text
    assert text.count("Досаев раскритиковал уборку снега") == 1
    # informburo is a shipped outlet now, so its name is shown, not its id
    assert "Также опубликовали: Informburo.kz (https://informburo.kz/novosti/snow-1)" in text
    assert "Tengrinews, 10.03.2026 12:00" in text  # 07:00 UTC shown in Asia/Almaty
    assert "Аким Алматы «Ерболат Досаев» раскритиковал" in text and "«Досаевқа» тұрғындар" in text
    assert "тональность: негативная" in text and "· аким ·" in text
    assert "https://tengrinews.kz/kazakhstan_news/park-2/" in text
    # Grouped by akim, newest first: park (11:00 UTC), snow (07:00), bus (16:00 the day before).
    dosayev_part = text[text.index("== Ерболат Досаев"):]
    order = [dosayev_part.index(t) for t in ("В Алматы открыли парк", "уборку снега", "Автобустар")]
    assert order == sorted(order)
    assert text.index("== Ерболат Досаев") < text.index("== Жениса Касымбек")  # group with the newest first
    html = mail.html
    assert "Алматы <mark>Ерболат Досаев</mark> раскритиковал" in html and 'href="https://informburo.kz/novosti/snow-1"' in html


def test_second_run_sends_nothing_new_then_only_the_new_mention(setup):
    server, config = setup
    send(config)
    assert len(server.received) == 2
    report = send(config, NOW + timedelta(minutes=30))
    assert report.messages == 0 and len(server.received) == 2
    fresh = article("https://tengrinews.kz/kazakhstan_news/later-9/", "Касымбек ответил на вопросы",
                    published=NOW + timedelta(minutes=40), seen=NOW + timedelta(minutes=45),
                    people=[(KASYMBEK, "negative", ["Жениса Касымбек ответил."])])
    save(config.db_path, fresh)
    send(config, NOW + timedelta(hours=1))
    later = server.received[2:]
    assert len(later) == 2
    assert later[0].msg["Subject"] == "1 новое упоминание: Касымбек (1 негативное)"
    assert "уборку снега" not in later[0].text


def test_late_reprint_of_a_story_already_sent_is_not_sent_again(setup):
    server, config = setup
    send(config)
    root = story_articles()[0]
    late = article("https://tengrinews.kz/kazakhstan_news/snow-1-copy/", "Досаев раскритиковал уборку снега",
                   source="zakon", duplicate_of=root.id, seen=NOW + timedelta(minutes=5),
                   people=[(DOSAYEV, "negative", ["Досаев раскритиковал подрядчиков."])])
    save(config.db_path, late)
    report = send(config, NOW + timedelta(minutes=10))
    assert report.messages == 0 and len(server.received) == 2
    with open_store(config.db_path) as store:
        rows = store.db.execute("SELECT count(*) FROM alert_items WHERE mention_id LIKE ?", (late.id + "%",))
        assert rows.fetchone()[0] == 2  # recorded as covered, once per recipient


def test_a_new_rule_does_not_mail_the_archive(tmp_path):
    with SmtpServer() as server:
        config = load_config(write_config(tmp_path, server.port, RULES))
        old = article("https://tengrinews.kz/kazakhstan_news/old-7/", "Старая новость о Досаеве",
                      seen=NOW - timedelta(days=3), people=[(DOSAYEV, "neutral", ["Досаев."])])
        archive = article("https://tengrinews.kz/kazakhstan_news/archive-8/", "Архивная новость о Досаеве",
                          published=NOW - timedelta(days=400), people=[(DOSAYEV, "neutral", ["Досаев."])])
        save(config.db_path, old, archive)
        report = send(config)
        assert report.messages == 0 and server.received == []


def test_fake_mode_logs_and_sends_nothing(tmp_path, caplog):
    with SmtpServer() as server:
        config = load_config(write_config(tmp_path, server.port, RULES, extra="fake = true"))
        save(config.db_path, *story_articles())
        with caplog.at_level("WARNING"):
            report = send(config)
        assert report.sent == 2 and server.received == []
        assert "fake mode, not sent: to=press@akimat.test subject=4 новых упоминания" in caplog.text
