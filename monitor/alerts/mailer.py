"""Mail transport: smtplib behind a small seam, plus a fake that only logs.

`deliver` reports one of three outcomes, because exactly-once depends on the
difference (see monitor/alerts/outbox.py):
- accepted: the server answered 250 to the end of DATA;
- refused: the server certainly did not take it (connect/auth failure, a
  4xx/5xx reply, to the DATA command itself too, a disconnect before DATA
  was sent, or an address it cannot take: non-ASCII without SMTPUTF8);
- uncertain: the connection broke while the message body was in flight or
  before the final reply was read, so the server may have it.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email import message_from_bytes, policy
from typing import Any, Literal, Protocol

from monitor.alerts.addresses import idna_address, needs_smtputf8
from monitor.config import Config, config_relative
from monitor.errors import ConfigError

log = logging.getLogger(__name__)
Status = Literal["accepted", "refused", "uncertain"]
DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}
USER_ENV, PASSWORD_ENV = "MONITOR_SMTP_USER", "MONITOR_SMTP_PASSWORD"


@dataclass(frozen=True)
class Outcome:
    status: Status
    detail: str = ""


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "localhost"
    port: int = 587
    security: str = "starttls"  # ssl | starttls | none
    sender: str = "akim-monitor@localhost"
    admin: str | None = None  # operational alerts go here
    timeout: float = 30.0
    user: str | None = None  # from MONITOR_SMTP_USER only
    password: str | None = None  # from MONITOR_SMTP_PASSWORD only; never logged
    fake: bool = False  # log messages instead of sending them
    ca_file: str | None = None  # PEM CA(s) for a server with a private CA; None: the system's CAs

    def __repr__(self) -> str:  # keep the password out of any log or traceback
        return f"SmtpConfig(host={self.host!r}, port={self.port}, security={self.security!r}, fake={self.fake})"


def load_smtp(config: Config, fake: bool | None = None) -> SmtpConfig:
    """The [smtp] section; credentials come from the environment only."""
    raw = config.raw.get("smtp", {})
    where = f"{config.source_file or 'monitor.toml'}: smtp"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a table")
    for secret in ("user", "password"):
        if secret in raw:
            raise ConfigError(f"{where}.{secret}: credentials belong in {USER_ENV} / {PASSWORD_ENV}, not in files")
    security = raw.get("security", "starttls")
    if security not in DEFAULT_PORTS:
        raise ConfigError(f"{where}.security: must be ssl, starttls or none, got {security!r}")
    port = raw.get("port", DEFAULT_PORTS[security])
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ConfigError(f"{where}.port: expected a port number, got {port!r}")
    host, user = str(raw.get("host", "localhost")), os.environ.get(USER_ENV) or None
    if user and security == "none":
        _check_clear_text_login(host, where)
    return SmtpConfig(
        host=host, port=port, security=security,
        sender=str(raw.get("from", "akim-monitor@localhost")), admin=raw.get("admin"),
        timeout=float(raw.get("timeout", 30)),
        user=user, password=os.environ.get(PASSWORD_ENV) or None,
        fake=bool(raw.get("fake", False)) if fake is None else fake,
        ca_file=_ca_file(config, raw.get("ca_file"), where),
    )


def _check_clear_text_login(host: str, where: str) -> None:
    # Refuse, not warn: a warning is read only after the password has crossed the network.
    if not _is_loopback(host):
        raise ConfigError(f"{where}.security: \"none\" would send the {USER_ENV}/{PASSWORD_ENV} login to {host} "
                          "in clear text; use starttls or ssl (a login without TLS is allowed only to a relay "
                          "on this machine: localhost, 127.0.0.1, ::1)")


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _ca_file(config: Config, value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}.ca_file: expected a path, got {value!r}")
    path = config_relative(config, value).absolute()
    if not path.is_file():
        raise ConfigError(f"{where}.ca_file: CA certificate file not found: {path}")
    return str(path)


class Mailer(Protocol):
    def deliver(self, sender: str, recipient: str, message: bytes) -> Outcome: ...
    def close(self) -> None: ...


def make_mailer(smtp: SmtpConfig) -> Mailer:
    return FakeMailer() if smtp.fake else SmtpMailer(smtp)


class FakeMailer:
    """Spidermon-style fake mode: the message is logged and counts as accepted."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes]] = []

    def deliver(self, sender: str, recipient: str, message: bytes) -> Outcome:
        msg = message_from_bytes(message, policy=policy.default)
        body = msg.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        log.warning("fake mode, not sent: to=%s subject=%s\n%s", recipient, msg["Subject"], text)
        self.sent.append((recipient, message))
        return Outcome("accepted", "fake")

    def close(self) -> None:
        pass


class SmtpMailer:
    """One connection per run, reopened after any failure, but not after a failure to
    connect at all: a server that is down or drops packets costs one timeout per run,
    not one per message."""

    def __init__(self, smtp: SmtpConfig):
        self.smtp = smtp
        self.conn: smtplib.SMTP | None = None
        self.unreachable: str | None = None  # why connecting failed in this run

    def deliver(self, sender: str, recipient: str, message: bytes) -> Outcome:
        sender, recipient = idna_address(sender), idna_address(recipient)
        utf8 = [a for a in (sender, recipient) if needs_smtputf8(a)]
        if self.unreachable is not None:
            return self._outcome("refused", f"not tried, the server could not be reached: {self.unreachable}")
        try:
            conn = self._connection()
        except (smtplib.SMTPException, OSError) as exc:
            outcome = self._failed("refused", exc)
            if not isinstance(exc, smtplib.SMTPResponseException):  # no answer at all, not a refusal
                self.unreachable = outcome.detail
            return outcome
        try:
            if utf8 and not conn.has_extn("smtputf8"):  # asked before MAIL, so the connection stays usable
                return self._outcome("refused", _no_smtputf8(utf8[0]))
            code, reply = conn.mail(sender, ["SMTPUTF8"] if utf8 else [])
            if code == 250:
                code, reply = conn.rcpt(recipient)
        except (smtplib.SMTPException, OSError) as exc:
            return self._failed("refused", exc)
        if code not in (250, 251):
            return self._refused(code, reply)
        try:
            code, reply = conn.data(message)
        except smtplib.SMTPDataError as exc:  # smtplib raises it only for a reply other than 354 to DATA itself
            return self._refused(exc.smtp_code, exc.smtp_error)  # so no body was sent, like a refused RCPT
        except (smtplib.SMTPException, OSError) as exc:
            return self._failed("uncertain", exc)
        if code != 250:
            return self._refused(code, reply)
        return Outcome("accepted", _text(reply))

    def _connection(self) -> smtplib.SMTP:
        if self.conn is None:
            self.conn = _connect(self.smtp)
        return self.conn

    def _refused(self, code: int, reply: bytes) -> Outcome:
        try:
            assert self.conn is not None
            self.conn.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()
        return self._outcome("refused", f"{code} {_text(reply)}")

    def _failed(self, status: Status, exc: Exception) -> Outcome:
        self._drop()
        return self._outcome(status, f"{type(exc).__name__}: {_error_text(exc)}")

    def _outcome(self, status: Status, detail: str) -> Outcome:
        # A server may quote what it was sent; the detail goes to the log, the outbox and the console.
        if self.smtp.password:
            detail = detail.replace(self.smtp.password, "***")
        return Outcome(status, detail)

    def _drop(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._drop()


def _connect(smtp: SmtpConfig) -> smtplib.SMTP:
    kwargs: dict[str, Any] = {"timeout": smtp.timeout}
    if smtp.security == "ssl":
        conn: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, context=_tls_context(smtp), **kwargs)
    else:
        conn = smtplib.SMTP(smtp.host, smtp.port, **kwargs)
    try:
        conn.ehlo()
        if smtp.security == "starttls":
            conn.starttls(context=_tls_context(smtp))
            conn.ehlo()
        if smtp.user:
            conn.login(smtp.user, smtp.password or "")
    except BaseException:
        conn.close()
        raise
    return conn


def _no_smtputf8(address: str) -> str:
    return (f"the server does not offer SMTPUTF8, which {address} needs for its non-ASCII characters; "
            "use an ASCII address or a server that offers SMTPUTF8")


def _error_text(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):  # its str() shows the server's reply as b'...'
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return str(exc)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _tls_context(smtp: SmtpConfig) -> ssl.SSLContext:
    # A ca_file replaces the system's CAs rather than adding to them. Verification of
    # certificate and hostname is never switched off: trusting the CA is the way in.
    return ssl.create_default_context(cafile=smtp.ca_file)
