"""Shared helpers for the alert tests: a real SMTP server on 127.0.0.1 and store fixtures."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from monitor.models import Article, Mention, Person, Sentiment
from monitor.store import open_store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    raw: bytes
    msg: EmailMessage
    rcpt: list[str]
    mail_from: str = ""
    smtputf8: bool = False  # MAIL FROM asked for SMTPUTF8

    @property
    def message_id(self) -> str:
        return str(self.msg["Message-ID"])

    @property
    def text(self) -> str:
        return self.msg.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.msg.get_body(("html",)).get_content()


@dataclass
class Handler:
    """Accepts by default; `mode` makes it refuse, drop the line, or kill the client."""

    mode: str = "accept"  # accept | 451 | 554 | 554 at DATA | disconnect | kill
    kill_pid: int | None = None
    kill_on: int = 1  # the n-th message (counting all received) triggers mode "kill"
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    attempts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook name)
        with self.lock:
            self.attempts += 1
        if self.delay:
            time.sleep(self.delay)
        if self.mode == "451":
            return "451 4.3.0 try again later"
        if self.mode == "554":
            return "554 5.7.1 rejected"
        self._keep(envelope)
        if self.mode == "disconnect":  # the server has the message, the client never hears 250
            server.transport.abort()
            return "250 OK"
        if self.mode == "kill" and len(self.received) == self.kill_on and self.kill_pid:
            os.kill(self.kill_pid, signal.SIGKILL)  # the crash between "accepted" and "marked sent"
            time.sleep(0.2)
        return "250 OK"

    def _keep(self, envelope) -> None:
        raw = envelope.original_content or envelope.content
        msg = message_from_bytes(raw, policy=policy.default)
        with self.lock:
            self.received.append(Received(raw, msg, list(envelope.rcpt_tos), envelope.mail_from, envelope.smtp_utf8))


class _Smtp(SMTP):
    """aiosmtpd's server, plus the refusal it has no handler hook for: of the DATA command itself."""

    async def smtp_DATA(self, arg: str) -> None:  # noqa: N802 (aiosmtpd's command method)
        if self.event_handler.mode == "554 at DATA":
            await self.push("554 5.3.2 not accepting messages now")  # instead of 354: no body follows
            return
        await super().smtp_DATA(arg)


class _Controller(Controller):
    def factory(self) -> SMTP:
        return _Smtp(self.handler, **self.SMTP_kwargs)


class SmtpServer:
    def __init__(self, handler: Handler | None = None, **options: object):
        """`options` go to aiosmtpd's server, e.g. enable_SMTPUTF8=False (its Controller offers it by default)."""
        self.handler = handler or Handler()
        self.port = free_port()
        self.controller = _Controller(self.handler, hostname="127.0.0.1", port=self.port, **options)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        return self.handler.received


NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def person(name: str, akim_id: str | None, region: str = "almaty", role: str = "akim",
           position: str = "аким города Алматы") -> Person:
    return Person(name=name, role=role, akim_id=akim_id, position=position, region=region, level="city")


DOSAYEV = person("Ерболат Досаев", "dossayev_yerbolat")
KASYMBEK = person("Жениса Касымбек", "kassymbek_zhenis", region="astana", position="аким города Астаны")


def article(url: str, title: str, *, source: str = "tengrinews", published: datetime | None = None,
            text: str = "", language: str = "ru", duplicate_of: str | None = None,
            people: list[tuple[Person, str, list[str]]] = (), seen: datetime | None = None,
            main_subject: bool = True) -> Article:
    """An article with one mention per (person, sentiment label, snippets)."""
    seen = seen or NOW
    a = Article(url=url, source=source, title=title, text=text or title * 5, published_at=published or NOW,
                crawled_at=seen, language=language, duplicate_of=duplicate_of)
    a.mentions = [
        Mention(article_id=a.id, person=p, snippets=snips, main_subject=main_subject,
                sentiment=Sentiment(label, {"negative": -0.6, "positive": 0.6}.get(label, 0.0)), first_seen_at=seen)
        for p, label, snips in people
    ]
    return a


def save(db_path: Path, *articles: Article) -> None:
    with open_store(db_path) as store:
        for a in articles:
            store.save_article(a)


def write_config(tmp: Path, port: int, rules: str, db: Path | None = None, extra: str = "",
                 sender: str = "alerts@monitor.test") -> Path:
    path = tmp / "monitor.toml"
    path.write_text(
        f'db = "{db or tmp / "test.db"}"\n\n[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        f'from = "{sender}"\n{extra}\n{rules}',
        "utf-8",
    )
    return path
