"""Non-ASCII addresses through a real SMTP server: a Unicode domain goes in its IDNA form,
a Unicode local part needs SMTPUTF8, and a server without it refuses only that recipient."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alerts_support import DOSAYEV, NOW, SmtpServer, article, save, write_config

from monitor.alerts import run_alerts
from monitor.config import load_config
from monitor.store import open_store

AKIMDIK = "xn--d1albg3kc62g.kz"  # әкімдік.kz


def rule(*recipients: str) -> str:
    listed = ", ".join(f'"{r}"' for r in recipients)
    return f'[[alerts.rules]]\nname = "almaty"\nrecipients = [{listed}]\nakims = ["dossayev_yerbolat"]\n'


def setup(tmp_path, server: SmtpServer, *recipients: str, sender: str = "alerts@monitor.test"):
    config = load_config(write_config(tmp_path, server.port, rule(*recipients), sender=sender))
    save(config.db_path, article("https://tengrinews.kz/kazakhstan_news/school-1/", "Досаев открыл школу",
                                 people=[(DOSAYEV, "positive", ["Ерболат Досаев открыл школу."])]))
    return config


def send(config, now=NOW):
    with open_store(config.db_path) as store:
        return run_alerts(store, config, now=now)


def pending(config) -> list[str]:
    with open_store(config.db_path) as store:
        return [r["recipient"] for r in store.db.execute("SELECT recipient FROM alert_outbox WHERE status='pending'")]


def headers(mail) -> bytes:
    return mail.raw.split(b"\r\n\r\n", 1)[0]


def test_a_unicode_domain_goes_in_its_idna_form(tmp_path):
    with SmtpServer(enable_SMTPUTF8=False) as server:  # so no server needs SMTPUTF8 for it
        config = setup(tmp_path, server, "press@әкімдік.kz", sender="alerts@әкімдік.kz")
        report = send(config)
        assert report.sent == 1 and report.failed == 0, report.errors
        [mail] = server.received
        assert mail.rcpt == [f"press@{AKIMDIK}"] and mail.mail_from == f"alerts@{AKIMDIK}" and not mail.smtputf8
        assert mail.msg["To"] == f"press@{AKIMDIK}" and mail.msg["From"] == f"alerts@{AKIMDIK}"
        assert mail.msg["Message-ID"].endswith(f"@{AKIMDIK}>")
        assert headers(mail).isascii()  # no =?utf-8?...?= inside an address either


@pytest.mark.parametrize("address, sent_as", [("пресс@akimat.test", "пресс@akimat.test"),
                                              ("пресс@әкімдік.kz", f"пресс@{AKIMDIK}")])
def test_a_unicode_local_part_goes_with_smtputf8(tmp_path, address, sent_as):
    with SmtpServer() as server:  # offers SMTPUTF8
        config = setup(tmp_path, server, address, "press@akimat.test")
        report = send(config)
        assert report.sent == 2 and report.failed == 0, report.errors
        utf8, plain = server.received
        assert utf8.smtputf8 and utf8.rcpt == [sent_as] and utf8.msg["To"] == sent_as
        assert f"\r\nTo: {sent_as}\r\n".encode() in headers(utf8)  # UTF-8 headers (RFC 6532)
        assert "Досаев открыл школу" in utf8.text and utf8.msg["Subject"] == "1 новое упоминание: Досаев"
        # the next message on the same connection is an ordinary one again
        assert not plain.smtputf8 and plain.rcpt == ["press@akimat.test"] and headers(plain).isascii()


def test_without_smtputf8_only_that_recipient_is_refused(tmp_path):
    with SmtpServer(enable_SMTPUTF8=False) as server:
        config = setup(tmp_path, server, "пресс@akimat.test", "press@akimat.test", "press@әкімдік.kz")
        report = send(config)
        assert report.sent == 2 and report.failed == 1
        assert [m.rcpt for m in server.received] == [["press@akimat.test"], [f"press@{AKIMDIK}"]]
        assert report.errors == [
            "almaty -> пресс@akimat.test: refused: the server does not offer SMTPUTF8, which пресс@akimat.test "
            "needs for its non-ASCII characters; use an ASCII address or a server that offers SMTPUTF8"
        ]
        # Refused like a 5xx to RCPT: not left pending to be resent, its mention waits for a later message.
        assert pending(config) == []
        report = send(config, NOW + timedelta(minutes=30))  # the rule still names it: refused again, no crash
        assert report.sent == 0 and report.failed == 1 and len(server.received) == 2
