"""Exactly once through failures: refusals, lost connections, a down server (kill -9: test_run.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from alerts_support import DOSAYEV, KASYMBEK, NOW, Handler, SmtpServer, article, free_port, save, write_config

from monitor.alerts import run_alerts
from monitor.config import load_config
from monitor.store import open_store

RULES = """
[[alerts.rules]]
name = "almaty"
recipients = ["a@akimat.test", "b@akimat.test"]
akims = ["dossayev_yerbolat"]

[[alerts.rules]]
name = "negative"
recipients = ["c@akimat.test"]
sentiment = ["negative"]
"""


def news(n: int, start: int = 0, seen=NOW):
    people = [(DOSAYEV, "negative", ["Ерболат Досаев заявил."]), (KASYMBEK, "neutral", ["Касымбек."])]
    return [article(f"https://tengrinews.kz/kazakhstan_news/n-{i}/", f"Новость {i}", seen=seen,
                    published=seen - timedelta(minutes=i), people=[people[i % 2]]) for i in range(start, start + n)]


def expected(articles) -> set[tuple[str, str]]:
    """(recipient, url) pairs the rules above must deliver."""
    pairs = set()
    for a in articles:
        negative = a.mentions[0].sentiment.label == "negative"
        dosayev = a.mentions[0].person.akim_id == DOSAYEV.akim_id
        pairs |= {(r, a.url) for r in ("a@akimat.test", "b@akimat.test") if dosayev}
        pairs |= {("c@akimat.test", a.url)} if negative else set()
    return pairs


def delivered(received) -> dict[tuple[str, str], set[str]]:
    """(recipient, url) -> the distinct Message-IDs that carried it."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mail in received:
        for line in mail.text.splitlines():
            if line.strip().startswith("https://"):
                seen[(mail.rcpt[0], line.strip())].add(mail.message_id)
    return seen


def assert_exactly_once(received, articles) -> None:
    seen = delivered(received)
    assert set(seen) == expected(articles)  # nothing lost, nothing extra
    assert all(len(ids) == 1 for ids in seen.values()), "a mention went out in two different messages"


def send(config, now):
    with open_store(config.db_path) as store:
        return run_alerts(store, config, now=now)


@pytest.mark.parametrize("code", ["451", "554", "554 at DATA"])
def test_refusal_then_recovery_delivers_each_mention_once(tmp_path, code):
    """Refused at the end of the body or at the DATA command itself: the server has nothing,
    so the mentions go into the next run's messages (not a resend of these)."""
    with SmtpServer(Handler(mode=code)) as server:
        config = load_config(write_config(tmp_path, server.port, RULES))
        first = news(4)
        save(config.db_path, *first)
        report = send(config, NOW)
        assert report.failed == 3 and report.sent == 0 and server.received == []
        assert all(f": refused: {code[:3]} " in e for e in report.errors), report.errors
        later = news(2, start=10, seen=NOW + timedelta(minutes=20))
        save(config.db_path, *later)
        server.handler.mode = "accept"
        report = send(config, NOW + timedelta(minutes=30))
        assert report.sent == 3 and len(server.received) == 3  # old and new together: one per rule/recipient
        assert_exactly_once(server.received, first + later)
        send(config, NOW + timedelta(hours=1))
        assert len(server.received) == 3


def test_server_down_then_up(tmp_path):
    port = free_port()
    config = load_config(write_config(tmp_path, port, RULES))
    items = news(3)
    save(config.db_path, *items)
    report = send(config, NOW)
    assert report.failed == 3 and "ConnectionRefusedError" in report.errors[0]
    server = SmtpServer()
    server.port = port
    server.controller.port = port
    with server:
        send(config, NOW + timedelta(minutes=30))
        send(config, NOW + timedelta(minutes=60))
        assert len(server.received) == 3
        assert_exactly_once(server.received, items)


def test_lost_connection_resends_the_identical_message(tmp_path):
    """The server got the message but the client never heard 250: resend the same bytes, same Message-ID."""
    with SmtpServer(Handler(mode="disconnect")) as server:
        config = load_config(write_config(tmp_path, server.port, RULES))
        items = news(2)
        save(config.db_path, *items)
        report = send(config, NOW)
        assert report.sent == 0 and report.failed == 3 and len(server.received) == 3
        later = news(1, start=20, seen=NOW + timedelta(minutes=10))
        save(config.db_path, *later)
        server.handler.mode = "451"  # still failing: an uncertain message is kept, never re-rendered
        send(config, NOW + timedelta(minutes=20))
        server.handler.mode = "accept"
        send(config, NOW + timedelta(minutes=30))
        first_try, retries = server.received[:3], server.received[3:]
        by_id = {m.message_id: m.raw for m in first_try}
        resent = [m for m in retries if m.message_id in by_id]
        assert len(resent) == 3 and all(m.raw == by_id[m.message_id] for m in resent)
        assert_exactly_once(server.received, items + later)
        # 3 first tries + 3 identical resends + 3 new messages for the later news; then nothing more.
        assert len(server.received) == 9
        send(config, NOW + timedelta(hours=1))
        assert len(server.received) == 9


def test_an_smtp_server_that_never_answers_costs_one_timeout_per_run_not_one_per_message():
    import socket
    import time

    from monitor.alerts.mailer import SmtpConfig, SmtpMailer

    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(16)  # the TCP handshake completes, then no greeting ever comes
    mailer = SmtpMailer(SmtpConfig(host="127.0.0.1", port=hole.getsockname()[1], security="none", timeout=1))
    started = time.monotonic()
    outcomes = [mailer.deliver("a@b.kz", f"r{i}@b.kz", b"Subject: x\r\n\r\nx") for i in range(5)]
    elapsed = time.monotonic() - started
    mailer.close()
    hole.close()
    assert [o.status for o in outcomes] == ["refused"] * 5
    assert all("not tried" in o.detail for o in outcomes[1:])
    assert elapsed < 3, f"{elapsed:.1f}s for five messages to a silent server"
