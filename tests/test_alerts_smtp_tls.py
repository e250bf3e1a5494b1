"""SMTP over TLS with a login, against a real aiosmtpd server whose certificate comes
from a private (trustme) CA: what an operator with `[smtp] ca_file` depends on."""

from __future__ import annotations

import logging
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from alerts_support import DOSAYEV, NOW, Handler, article, free_port, save, write_config

from monitor.alerts import run_alerts
from monitor.alerts.mailer import SmtpConfig, SmtpMailer, load_smtp, make_mailer
from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.store import open_store

USER, PASSWORD = "robot@monitor.test", "s3cret-Pa55word"
RULE = """
[[alerts.rules]]
name = "almaty"
recipients = ["press@akimat.test"]
akims = ["dossayev_yerbolat"]
"""


@dataclass
class Authenticator:
    """aiosmtpd's authenticator hook: accepts USER/PASSWORD, remembers every attempt."""

    attempts: list[tuple[str, bool, bool]] = field(default_factory=list)  # (login, over TLS, accepted)
    quote_password: bool = False  # a (badly) chatty server: its 535 repeats the password it got

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data == (USER.encode(), PASSWORD.encode())
        over_tls = server.transport.get_extra_info("ssl_object") is not None
        self.attempts.append((auth_data.login.decode(), over_tls, ok))
        quote = f"535 5.7.8 Неверный пароль {auth_data.password.decode()}" if self.quote_password else None
        return AuthResult(success=ok, handled=False, message=quote)  # handled=False: aiosmtpd sends the 535


@dataclass
class Server:
    port: int
    handler: Handler
    auth: Authenticator


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "private-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def server_context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*(names or ("127.0.0.1", "localhost"))).configure_cert(ctx)
    return ctx


@pytest.fixture
def serve() -> Iterator:
    """Starts aiosmtpd servers (login only over TLS) and stops every one afterwards."""
    controllers: list[Controller] = []

    def start(**options: object) -> Server:
        server = Server(free_port(), Handler(), Authenticator())
        options.setdefault("auth_require_tls", True)
        controller = Controller(server.handler, hostname="127.0.0.1", port=server.port,
                                authenticator=server.auth, **options)
        controller.start()
        controllers.append(controller)
        return server

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def wrong_login(monkeypatch: pytest.MonkeyPatch) -> str:
    wrong = "Wr0ng-hunter2-password"
    monkeypatch.setenv("MONITOR_SMTP_USER", USER)
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", wrong)
    return wrong


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A working directory other than the config file's."""
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")


@pytest.fixture
def login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_SMTP_USER", USER)
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", PASSWORD)


def smtp_settings(tmp_path: Path, port: int, security: str, ca_file: Path | str | None = None,
                  host: str = "127.0.0.1") -> SmtpConfig:
    extra = f'ca_file = "{ca_file}"\n' if ca_file else ""
    path = tmp_path / "monitor.toml"
    path.write_text(f'[smtp]\nhost = "{host}"\nport = {port}\nsecurity = "{security}"\ntimeout = 10\n'
                    f'from = "alerts@monitor.test"\n{extra}', "utf-8")
    return load_smtp(load_config(path, tmp_path / "x.db"))


def message() -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "alerts@monitor.test", "press@akimat.kz", "Досаев: 2 упоминания"
    msg["Message-ID"] = "<tls-1@monitor.test>"
    # a line starting with a dot and non-ASCII text: both must survive the transport unchanged
    msg.set_content("Аким города Алматы\n.a line that starts with a dot\nend\n")
    return msg.as_bytes(policy=SMTP)


def send(smtp: SmtpConfig):
    mailer = make_mailer(smtp)
    assert isinstance(mailer, SmtpMailer)
    try:
        return mailer.deliver("alerts@monitor.test", "press@akimat.kz", message())
    finally:
        mailer.close()


def test_starttls_and_login_with_a_private_ca(tmp_path, serve, ca, ca_file, login):
    server = serve(tls_context=server_context(ca), require_starttls=True)
    outcome = send(smtp_settings(tmp_path, server.port, "starttls", ca_file))
    assert outcome.status == "accepted", outcome.detail
    assert server.auth.attempts == [(USER, True, True)]
    [received] = server.handler.received
    assert received.raw == message()
    assert received.rcpt == ["press@akimat.kz"]
    assert received.text.splitlines() == ["Аким города Алматы", ".a line that starts with a dot", "end"]


def test_implicit_tls_and_login_with_a_private_ca(tmp_path, serve, ca, ca_file, login):
    # aiosmtpd's auth_require_tls only counts STARTTLS and would hide AUTH here;
    # the authenticator still checks that the login came over TLS
    server = serve(ssl_context=server_context(ca), auth_require_tls=False)
    outcome = send(smtp_settings(tmp_path, server.port, "ssl", ca_file))
    assert outcome.status == "accepted", outcome.detail
    assert server.auth.attempts == [(USER, True, True)]
    assert [r.message_id for r in server.handler.received] == ["<tls-1@monitor.test>"]


def test_wrong_password_is_refused_and_never_shown(tmp_path, serve, ca, ca_file, wrong_login, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = wrong_login
    server = serve(tls_context=server_context(ca), require_starttls=True)
    smtp = smtp_settings(tmp_path, server.port, "starttls", ca_file)
    outcome = send(smtp)
    assert outcome.status == "refused"
    assert outcome.detail == "SMTPAuthenticationError: 535 5.7.8 Authentication credentials invalid"
    assert server.auth.attempts and all(a == (USER, True, False) for a in server.auth.attempts)
    assert server.handler.received == []
    for shown in (outcome.detail, caplog.text, repr(smtp), repr(outcome)):
        assert wrong not in shown


@pytest.mark.parametrize("security, tls", [("starttls", "tls_context"), ("ssl", "ssl_context")])
def test_certificate_from_an_unconfigured_ca_is_refused(tmp_path, serve, ca, login, security, tls):
    server = serve(**{tls: server_context(ca)})
    outcome = send(smtp_settings(tmp_path, server.port, security))  # no ca_file: the system's CAs only
    assert outcome.status == "refused"
    assert "certificate verify failed" in outcome.detail
    assert server.auth.attempts == [] and server.handler.received == []


def test_hostname_is_checked_with_the_ca_configured(tmp_path, serve, ca, ca_file, login):
    server = serve(tls_context=server_context(ca, "mail.example.kz"), require_starttls=True)
    outcome = send(smtp_settings(tmp_path, server.port, "starttls", ca_file))
    assert outcome.status == "refused"
    assert "certificate verify failed" in outcome.detail and "mismatch" in outcome.detail
    assert server.auth.attempts == [] and server.handler.received == []


def test_missing_ca_file_is_a_config_error(tmp_path):
    missing = tmp_path / "no-such-ca.pem"
    with pytest.raises(ConfigError, match=r"smtp\.ca_file: CA certificate file not found: .*no-such-ca\.pem"):
        smtp_settings(tmp_path, 587, "starttls", missing)


def test_relative_ca_file_is_relative_to_the_config_file(tmp_path, serve, ca, ca_file, login, elsewhere):
    server = serve(tls_context=server_context(ca), require_starttls=True)
    smtp = smtp_settings(tmp_path, server.port, "starttls", ca_file.name)  # monitor.toml is next to it
    assert smtp.ca_file == str(ca_file)
    outcome = send(smtp)
    assert outcome.status == "accepted", outcome.detail


def test_missing_relative_ca_file_names_the_resolved_path(tmp_path, elsewhere):
    expected = re.escape(f"CA certificate file not found: {tmp_path / 'certs' / 'ca.pem'}")
    with pytest.raises(ConfigError, match=expected + "$"):
        smtp_settings(tmp_path, 587, "starttls", "certs/ca.pem")


@pytest.mark.parametrize("host", ["smtp.example.kz", "192.0.2.25"])
def test_login_without_tls_to_another_host_is_a_config_error(tmp_path, monkeypatch, host):
    assert smtp_settings(tmp_path, 25, "none", host=host).user is None  # a relay without a login is fine
    monkeypatch.setenv("MONITOR_SMTP_USER", USER)
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", PASSWORD)
    with pytest.raises(ConfigError, match=f'smtp.security: "none" would send .* to {host} in clear text') as err:
        smtp_settings(tmp_path, 25, "none", host=host)
    assert PASSWORD not in str(err.value)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_login_without_tls_to_a_relay_on_this_machine(tmp_path, serve, login, host):
    server = serve(auth_require_tls=False)  # a local relay that takes a login on plain SMTP
    outcome = send(smtp_settings(tmp_path, server.port, "none", host=host))
    assert outcome.status == "accepted", outcome.detail
    assert server.auth.attempts == [(USER, False, True)]


def test_plain_server_that_wants_tls_for_auth_never_gets_the_password(tmp_path, serve, login):
    # aiosmtpd's default auth_require_tls hides AUTH before STARTTLS, and smtplib then sends no login at all
    server = serve()
    outcome = send(smtp_settings(tmp_path, server.port, "none"))
    assert outcome.status == "refused"
    assert outcome.detail == "SMTPNotSupportedError: SMTP AUTH extension not supported by server."
    assert server.auth.attempts == [] and server.handler.received == []


def test_password_quoted_by_the_server_is_never_shown(tmp_path, serve, wrong_login, caplog):
    caplog.set_level(logging.DEBUG)
    server = serve(auth_require_tls=False)
    server.auth.quote_password = True
    config = load_config(write_config(tmp_path, server.port, RULE))
    save(config.db_path, article("https://tengrinews.kz/kazakhstan_news/n-1/", "Новость", seen=NOW,
                                 people=[(DOSAYEV, "negative", ["Ерболат Досаев заявил."])]))
    with open_store(config.db_path) as store:
        report = run_alerts(store, config, now=NOW)
    assert report.failed == 1 and server.handler.received == []
    assert report.errors == ["almaty -> press@akimat.test: refused: "
                             "SMTPAuthenticationError: 535 5.7.8 Неверный пароль ***"]
    # The server logs its own reply; what we log, and the errors `monitor run` logs, never show it.
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("monitor")] + report.errors
    assert all(wrong_login not in line for line in ours)

