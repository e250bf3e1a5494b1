"""Every key of the merged configuration checked against one schema, when it is loaded.

Each section is still parsed by the module that uses it (smtp by the mailer, engine
by the engines...); this check runs first, over all of it, so that a mistyped
key or a value of the wrong type (`fake = "false"`, `since_days = true`) is an
error naming the file, the key and the nearest valid name, whichever command
reads the file, instead of a value silently taken for another.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from monitor.errors import ConfigError

Check = Callable[[Any], str | None]  # None: fine; else what was expected


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "expected true or false (without quotes)"


def _integer(low: int, high: int | None = None) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
            return f"expected a whole number from {low}" + (f" to {high}" if high is not None else "")
        return None
    return check


def _number(low: float, high: float | None = None, strict: bool = False) -> Check:
    def check(value: Any) -> str | None:
        bad = isinstance(value, bool) or not isinstance(value, (int, float)) or value != value
        bad = bad or value < low or (strict and value == low) or (high is not None and value > high)
        if bad:
            kind = "a positive number" if strict and low == 0 else f"a number from {low}"
            return f"expected {kind}" + (f" up to {high}" if high is not None else "")
        return None
    return check


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else "expected a string in quotes"


def _path(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        return "expected a file path in quotes"
    return None


def _strings(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "expected a list of strings"
    return None


def _path_or_paths(value: Any) -> str | None:
    if isinstance(value, list):
        return None if all(_path(v) is None for v in value) else "expected a path or a list of paths"
    return _path(value)


def _table(value: Any) -> str | None:
    return None if isinstance(value, dict) else "expected a table"


def _tables(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return "expected an array of tables ([[...]])"
    return None


def _anything(value: Any) -> str | None:
    return None  # checked, with a precise message, by the module that reads it


SECONDS = _number(0, 86400, strict=True)

EDITION: dict[str, Any] = {
    "base_url": _string, "feeds": _strings, "sitemaps": _strings, "listings": _strings, "robots_sitemaps": _boolean,
    "discover": _boolean,
}
OUTLET: dict[str, Any] = {
    "name": _string, "article_pattern": _string, "mirror_hosts": _strings, "verified": _boolean,
    "selectors": {"root": _string, "title": _string, "date": _string, "authors": _string, "drop": _strings},
    "editions": ("*", EDITION),
    # the one-line form, `[outlets.orda] base_url = "https://orda.kz"`: one edition's keys on the outlet
    **EDITION, "language": _string,
}
SCHEMA: dict[str, Any] = {
    "db": _path,
    "outlets": ("*", OUTLET),
    "crawl": {
        "contact": _string, "since_days": _integer(0, 36500), "max_listing_pages": _integer(1, 1000),
        "concurrency_per_domain": _integer(1, 64), "download_delay": _number(0, 3600),
        "min_text_chars": _integer(0, 1_000_000),
    },
    "smtp": {
        "host": _string, "security": _string, "port": _integer(1, 65535), "from": _string, "admin": _string,
        "timeout": SECONDS, "fake": _boolean, "ca_file": _path, "user": _anything, "password": _anything,
    },
    "engine": {
        "kind": _string, "url": _string, "index_prefix": _string, "username": _string, "ca_certs": _path,
        "verify": _boolean, "timeout": SECONDS, "password": _anything, "api_key": _anything,
    },
    "alerts": {
        "rules": _tables, "rules_file": _path_or_paths, "timezone": _string,
        "ops": {"stale_hours": _number(0, strict=True), "window": _integer(1, 100_000),
                "broken_share": _number(0, 1, strict=True), "engine_failures": _integer(1, 100_000),
                "repeat_hours": _number(0, strict=True)},
    },
    "web": {
        "users": ("*", _string), "admins": _strings, "secure_cookies": _boolean, "alert_rules_file": _path, "page_size": _integer(1, 200),
    },
    "sentiment": {"model": _string},
    "schedule": {
        "feed_interval": SECONDS, "listing_interval": SECONDS, "min_interval": SECONDS, "max_interval": SECONDS,
        "night_max_interval": SECONDS, "night_start": _string, "night_end": _string, "max_backoff": SECONDS,
        "outlet_budget": _integer(1, 100_000), "alert_check": SECONDS, "domain_floors": ("*", SECONDS),
    },
    "akims": {"local_file": _path},
}


def check_config(data: dict[str, Any], where: str) -> None:
    """A ConfigError for the first key that is unknown or of the wrong type."""
    _check_table(data, SCHEMA, where, "")


def _check_table(data: dict[str, Any], schema: dict[str, Any], where: str, prefix: str) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        spec = schema.get(key)
        if spec is None:
            raise ConfigError(f"{where}: {name}: unknown setting{_nearest(key, schema)}")
        _check_value(value, spec, where, name)


def _check_value(value: Any, spec: Any, where: str, name: str) -> None:
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: {name}: expected a table")
        _check_table(value, spec, where, f"{name}.")
    elif isinstance(spec, tuple):  # ("*", spec): a table of any keys, each value by spec
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: {name}: expected a table")
        for key, item in value.items():
            _check_value(item, spec[1], where, f"{name}.{key}")
    else:
        problem = spec(value)
        if problem:
            raise ConfigError(f"{where}: {name}: {problem}, got {value!r}")


def _nearest(key: str, schema: dict[str, Any]) -> str:
    close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{hint} (known: {', '.join(sorted(schema))})"
