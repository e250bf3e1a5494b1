"""The `[web]` section of the config, typed once, and the password hasher.

    [web]
    secure_cookies = true            # default: true unless bound to loopback
    alert_rules_file = "web-alerts.toml"   # where rules made in the page are exported
    admins = ["press"]               # who may accept registry changes (default: every user)
    [web.users]
    press = "scrypt$16384$8$1$<salt>$<hash>"   # from `monitor web --hash-password`

The session secret never lives in a file: it comes from MONITOR_WEB_SECRET;
without it a random one is made per process (sessions end on restart).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from monitor.config import Config, config_relative
from monitor.errors import ConfigError

SECRET_ENV = "MONITOR_WEB_SECRET"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # OWASP's minimum for scrypt; ~50 ms per login


@dataclass(frozen=True)
class WebConfig:
    users: dict[str, str] = field(default_factory=dict)  # name -> scrypt hash
    secret_key: str = ""
    secret_from_env: bool = False
    secure_cookies: bool | None = None  # None: decided from the bind address
    alert_rules_file: Path | None = None
    page_size: int = 20
    admins: tuple[str, ...] = ()  # may accept or reject registry changes; empty: every user

    @property
    def login_required(self) -> bool:
        return bool(self.users)


def web_config(raw: dict[str, Any], where: str = "config") -> WebConfig:
    """Parse the merged TOML's `[web]` table; errors name the file and field."""
    section = raw.get("web", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{where}: web: expected a table")
    known = {"users", "secure_cookies", "alert_rules_file", "page_size", "admins"}
    unknown = set(section) - known
    if unknown:
        raise ConfigError(f"{where}: web.{sorted(unknown)[0]}: unknown setting")
    users = section.get("users", {})
    if not isinstance(users, dict):
        raise ConfigError(f"{where}: web.users: expected a table of name = hash")
    for name, hashed in users.items():
        if not isinstance(hashed, str) or not hashed.startswith("scrypt$"):
            raise ConfigError(f"{where}: web.users.{name}: expected a hash from `monitor web --hash-password`")
    secure = section.get("secure_cookies")
    if secure is not None and not isinstance(secure, bool):
        raise ConfigError(f"{where}: web.secure_cookies: expected true or false")
    page_size = section.get("page_size", 20)
    if not isinstance(page_size, int) or not 1 <= page_size <= 200:
        raise ConfigError(f"{where}: web.page_size: expected a number from 1 to 200")
    rules_file = section.get("alert_rules_file")
    admins = section.get("admins", [])
    if not isinstance(admins, list) or not all(isinstance(a, str) and a in users for a in admins):
        raise ConfigError(f"{where}: web.admins: expected a list of names from [web.users]")
    env_secret = os.environ.get(SECRET_ENV, "")
    return WebConfig(
        users=dict(users), secret_key=env_secret or secrets.token_urlsafe(32),
        secret_from_env=bool(env_secret), secure_cookies=secure,
        alert_rules_file=Path(rules_file) if rules_file else None, page_size=page_size, admins=tuple(admins),
    )


def web_config_of(config: Config) -> WebConfig:
    """The `[web]` table of a loaded config. alert_rules_file is relative to the config
    file, as `[alerts] rules_file` is: the docs suggest naming the same file in both."""
    web = web_config(config.raw, str(config.source_file or "config"))
    if web.alert_rules_file is None:
        return web
    return replace(web, alert_rules_file=config_relative(config, web.alert_rules_file))


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt)}${b64(digest)}"


def verify_password(password: str, hashed: str) -> bool:
    try:
        _, n, r, p, salt, digest = hashed.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
            dklen=len(expected), maxmem=2**27,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_login(config: WebConfig, user: str, password: str) -> bool:
    """Constant work whether or not the user exists, so names cannot be probed by timing."""
    hashed = config.users.get(user)
    if hashed is None:
        verify_password(password, _dummy_hash())
        return False
    return verify_password(password, hashed)


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(8))
