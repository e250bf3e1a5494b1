"""The `[engine]` section of the configuration, as a typed value object.

    [engine]
    kind = "opensearch"            # or "elasticsearch" (the default)
    url = "https://search.example.kz:9200"
    index_prefix = "akim-monitor"  # indices are <prefix>-articles / <prefix>-mentions
    username = "monitor"           # basic auth; the password comes from the env
    ca_certs = "/etc/ssl/engine-ca.pem"
    verify = true
    timeout = 30

Secrets never live in files: the password is read from MONITOR_ENGINE_PASSWORD
and an API key from MONITOR_ENGINE_API_KEY. MONITOR_ENGINE_URL overrides `url`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from monitor.config import Config
from monitor.errors import ConfigError

KINDS = ("elasticsearch", "opensearch")
SECRET_KEYS = ("password", "api_key")
KNOWN_KEYS = {"kind", "url", "index_prefix", "username", "ca_certs", "verify", "timeout"}


@dataclass(frozen=True)
class EngineConfig:
    url: str
    kind: str = "elasticsearch"
    index_prefix: str = "akim-monitor"
    username: str | None = None
    ca_certs: str | None = None
    verify: bool = True
    timeout: float = 30.0
    # repr=False: a Config printed in a log or a traceback never shows secrets.
    password: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)

    def alias(self, kind: str) -> str:
        """The name users and Kibana see: an alias over the current index."""
        return f"{self.index_prefix}-{kind}"


def engine_config(config: Config) -> EngineConfig | None:
    """The engine settings, or None when no engine is configured."""
    where = str(config.source_file or "monitor.toml")
    raw = config.raw.get("engine", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: engine: expected a table")
    _reject_unknown(raw, where)
    env_url = os.environ.get("MONITOR_ENGINE_URL")
    url = env_url or raw.get("url")
    if not url:
        return None
    return EngineConfig(
        url=_url(url, "MONITOR_ENGINE_URL" if env_url else f"{where}: engine.url"),
        kind=_kind(raw.get("kind", "elasticsearch"), where),
        index_prefix=_prefix(raw.get("index_prefix", "akim-monitor"), where),
        username=_optional(raw.get("username"), where, "username"),
        ca_certs=_optional(raw.get("ca_certs"), where, "ca_certs"),
        verify=_bool(raw.get("verify", True), where),
        timeout=_number(raw.get("timeout", 30), where),
        password=os.environ.get("MONITOR_ENGINE_PASSWORD") or None,
        api_key=os.environ.get("MONITOR_ENGINE_API_KEY") or None,
    )


def _reject_unknown(raw: dict[str, Any], where: str) -> None:
    for key in raw:
        if key in SECRET_KEYS:
            env = f"MONITOR_ENGINE_{key.upper()}"
            raise ConfigError(f"{where}: engine.{key}: secrets do not belong in files; set {env}")
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{where}: engine.{key}: unknown setting")


def _string(value: Any, where: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: engine.{name}: expected a non-empty string")
    return value.strip()


def _url(value: Any, name: str) -> str:
    """http(s)://host:port[/path]: the clients take nothing else, and say so with a traceback."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name}: expected a non-empty string")
    url = value.strip()
    example = "e.g. http://127.0.0.1:9200"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigError(f"{name}: not a valid URL: {url!r} ({example})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name}: must be an http(s) URL with a host, got {url!r} ({example})")
    if port is None and parts.scheme == "http":
        raise ConfigError(f"{name}: give the port, e.g. {url.rstrip('/')}:9200")
    return url


def _optional(value: Any, where: str, name: str) -> str | None:
    return None if value is None else _string(value, where, name)


def _kind(value: Any, where: str) -> str:
    if value not in KINDS:
        raise ConfigError(f"{where}: engine.kind: must be one of {', '.join(KINDS)}, got {value!r}")
    return value


def _prefix(value: Any, where: str) -> str:
    value = _string(value, where, "index_prefix")
    if value != value.lower() or any(c in value for c in ' "*\\<|,>/?#:'):
        raise ConfigError(f"{where}: engine.index_prefix: lowercase, no spaces or \\/*?\"<>|,#:")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: engine.verify: expected true or false")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigError(f"{where}: engine.timeout: expected a positive number of seconds")
    return float(value)


def require_engine(config: Config) -> EngineConfig:
    """The engine settings, or a ConfigError saying where to put them."""
    cfg = engine_config(config)
    if cfg is None:
        where = config.source_file or "monitor.toml"
        raise ConfigError(f"{where}: engine.url: no search engine configured (or set MONITOR_ENGINE_URL)")
    return cfg
