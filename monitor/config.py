"""The typed configuration of akim-monitor, read once, from one place.

Layers, lowest first: the bundled defaults (monitor/data/outlets.toml and the
dataclass defaults below), the user's TOML file (--config, MONITOR_CONFIG, or
./monitor.toml), then environment variables (MONITOR_DB, MONITOR_CONTACT and
secrets, which never live in files).
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import datetime
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.config_check import check_config
from monitor.errors import ConfigError

DEFAULT_DB = "akim-monitor.db"
LANGUAGES = ("ru", "kk", "en")


@dataclass(frozen=True)
class Selectors:
    root: str | None = None
    title: str | None = None
    date: str | None = None
    authors: str | None = None
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edition:
    language: str
    base_url: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    robots_sitemaps: bool = False
    # Find feeds and sitemaps at crawl time (homepage links, robots.txt, common paths):
    # on by default for an edition that names none, i.e. an outlet given by its homepage.
    discover: bool = False

    def url(self, path: str) -> str:
        if "://" in path:
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc.lower()

    @property
    def path_prefix(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    editions: tuple[Edition, ...]
    article_pattern: re.Pattern[str] | None = None
    mirror_hosts: tuple[str, ...] = ()
    selectors: Selectors = field(default_factory=Selectors)
    verified: bool = True  # false: written from public material, not yet checked live (`monitor outlets check`)

    def edition_for(self, url: str) -> Edition | None:
        """The edition a URL belongs to: longest base URL that prefixes it."""
        parts = urlsplit(url)
        host = parts.netloc.lower()
        best: Edition | None = None
        for edition in self.editions:
            if edition.host == host and parts.path.startswith(edition.path_prefix):
                if best is None or len(edition.path_prefix) > len(best.path_prefix):
                    best = edition
        return best

    def is_article_url(self, url: str) -> bool | None:
        """True/False by the outlet's URL pattern; None when the pattern is unknown."""
        if self.article_pattern is None:
            return None
        edition = self.edition_for(url)
        path = urlsplit(url).path
        if edition is not None:
            path = path[len(edition.path_prefix):] or "/"
        return bool(self.article_pattern.search(path))


@dataclass(frozen=True)
class CrawlConfig:
    contact: str = "https://github.com/akim-monitor/akim-monitor"
    since_days: int = 7  # default look-back when --since is not given
    max_listing_pages: int = 3
    concurrency_per_domain: int = 4
    download_delay: float = 0.5
    min_text_chars: int = 200


@dataclass(frozen=True)
class ScheduleConfig:
    """Adaptive polling of the long-lived worker (`monitor run --every`), in seconds.

    Feeds and news sitemaps are cheap to poll (a conditional GET: one 304 when
    nothing changed), listings and full sitemaps are whole pages: hence two bases."""

    feed_interval: float = 150.0
    listing_interval: float = 3600.0
    min_interval: float = 60.0  # a busy outlet is never polled more often than this
    max_interval: float = 600.0  # an idle one by day is still polled this often
    night_max_interval: float = 1800.0  # ... and at night (Almaty time)
    night_start: str = "01:00"
    night_end: str = "06:00"
    max_backoff: float = 3600.0  # the longest wait after 429/503/failures
    outlet_budget: int = 60  # polls per outlet and hour, at most (article fetches come on top)
    alert_check: float = 30.0  # the worker's full alert pass (digests, ops, retries); immediate rules fire at once
    domain_floors: dict[str, float] = field(default_factory=dict)  # host -> shortest interval for it


@dataclass(frozen=True)
class Config:
    db_path: Path
    outlets: dict[str, Outlet]
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    source_file: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # the merged TOML, for other sections

    def outlet(self, outlet_id: str) -> Outlet:
        try:
            return self.outlets[outlet_id]
        except KeyError:
            known = ", ".join(sorted(self.outlets))
            raise ConfigError(f"unknown outlet {outlet_id!r}; known outlets: {known}") from None

    @property
    def crawled_outlets(self) -> list[str]:
        """The outlets a crawl takes when none is named: the verified ones. A shipped outlet
        marked `verified = false` is crawled when named, or once set to true after `outlets check`."""
        return [oid for oid, outlet in self.outlets.items() if outlet.verified]

    def outlet_for_url(self, url: str) -> Outlet | None:
        host = urlsplit(url).netloc.lower()
        for outlet in self.outlets.values():
            if outlet.edition_for(url) is not None or host in outlet.mirror_hosts:
                return outlet
        return None


def load_config(path: str | Path | None = None, db: str | Path | None = None) -> Config:
    """Read the configuration: bundled defaults, then the user's file, then env."""
    data = _bundled_defaults()
    source = _user_config_path(path)
    if source is not None:
        _deep_merge(data, _read_toml(source))
    where = str(source or "monitor/data/outlets.toml")
    check_config(data, where)
    outlets = {oid: _outlet(oid, raw, where) for oid, raw in data.get("outlets", {}).items()}
    chosen = db or os.environ.get("MONITOR_DB")  # relative to where the command runs, as any argument
    written = data.get("db")
    if written is not None and not (isinstance(written, str) and written):
        raise ConfigError(f"{where}: db: expected a file path")
    db_path = Path(chosen) if chosen else _beside(source, written) if written else Path(DEFAULT_DB)
    crawl = _crawl(data.get("crawl", {}), where)
    return Config(db_path=db_path, outlets=outlets, crawl=crawl, schedule=_schedule(data.get("schedule", {}), where),
                  source_file=source, raw=data)


def config_relative(config: Config, path: str | Path) -> Path:
    """A path written in the config file: a relative one is relative to that file,
    so the setting means the same file whatever directory the command runs in."""
    return _beside(config.source_file, path)


def config_section(config: Config, name: str, known: set[str]) -> tuple[dict[str, Any], str]:
    """A table of the merged config that other modules type themselves, checked for
    unknown keys; returns it with the file name for their error messages."""
    where = str(config.source_file or "monitor.toml")
    raw = config.raw.get(name, {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: {name}: expected a table")
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"{where}: {name}.{unknown[0]}: unknown setting")
    return raw, where


def _beside(source: Path | None, path: str | Path) -> Path:
    path = Path(path)
    return source.parent / path if source is not None and not path.is_absolute() else path


def config_from_settings(settings: Any) -> Config:
    """The Config a Scrapy component should use: the CLI passes the object
    itself; a plain `scrapy crawl` loads it from MONITOR_CONFIG / MONITOR_DB."""
    obj = settings.get("MONITOR_CONFIG_OBJECT")
    if obj is not None:
        return obj
    return load_config(settings.get("MONITOR_CONFIG"), settings.get("MONITOR_DB"))


def _bundled_defaults() -> dict[str, Any]:
    text = resources.files("monitor").joinpath("data/outlets.toml").read_text("utf-8")
    return tomllib.loads(text)


def _user_config_path(path: str | Path | None) -> Path | None:
    if path is None:
        path = os.environ.get("MONITOR_CONFIG")
    if path is None:
        local = Path("monitor.toml")
        return local if local.is_file() else None
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    return path


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        # utf-8-sig: editors on Windows save a BOM, which TOML itself does not allow.
        return tomllib.loads(path.read_text("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc


def _deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _deep_merge(base[key], value)
        else:
            base[key] = value


def _outlet(oid: str, raw: dict[str, Any], where: str) -> Outlet:
    ctx = f"{where}: outlets.{oid}"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", oid):
        raise ConfigError(f"{ctx}: outlet id must be lowercase letters, digits, '_'")
    editions_raw = _typed(raw.get("editions"), dict, f"{ctx}.editions")
    if not editions_raw and "base_url" in raw:
        # The one-line form: `[outlets.orda] base_url = "https://orda.kz"` is one edition.
        language = _typed(raw.get("language", "ru"), str, f"{ctx}.language")
        editions_raw = {language: {k: raw[k] for k in _EDITION_KEYS if k in raw}}
    if not editions_raw:
        raise ConfigError(f"{ctx}: an outlet needs a base_url (its homepage) or [editions]")
    editions = tuple(_edition(lang, e, f"{ctx}.editions.{lang}") for lang, e in editions_raw.items())
    pattern = raw.get("article_pattern")
    if pattern is not None:
        _typed(pattern, str, f"{ctx}.article_pattern")
    try:
        compiled = re.compile(pattern) if pattern else None
    except re.error as exc:
        raise ConfigError(f"{ctx}.article_pattern: invalid regex: {exc}") from exc
    selectors = _selectors(raw.get("selectors", {}), f"{ctx}.selectors")
    return Outlet(
        id=oid,
        name=str(raw.get("name", oid)),
        editions=editions,
        article_pattern=compiled,
        mirror_hosts=tuple(h.lower() for h in _typed(raw.get("mirror_hosts", []), list, f"{ctx}.mirror_hosts")),
        selectors=selectors,
        verified=_typed(raw.get("verified", True), bool, f"{ctx}.verified"),
    )


_EDITION_KEYS = ("base_url", "feeds", "sitemaps", "listings", "robots_sitemaps", "discover")


def _edition(lang: str, raw: Any, ctx: str) -> Edition:
    raw = _typed(raw, dict, ctx)
    if lang not in LANGUAGES:
        raise ConfigError(f"{ctx}: edition language must be one of {', '.join(LANGUAGES)}")
    base = raw.get("base_url")
    if not isinstance(base, str) or urlsplit(base).scheme not in ("http", "https"):
        raise ConfigError(f"{ctx}.base_url: must be an http(s) URL, got {base!r}")
    lists = {name: tuple(_typed(raw.get(name, []), list, f"{ctx}.{name}")) for name in ("feeds", "sitemaps", "listings")}
    discover = _typed(raw.get("discover", not any(lists.values())), bool, f"{ctx}.discover")
    return Edition(language=lang, base_url=base, robots_sitemaps=bool(raw.get("robots_sitemaps", False)),
                   discover=discover, **lists)


def _selectors(raw: Any, ctx: str) -> Selectors:
    raw = _typed(raw, dict, ctx)
    known = {f.name for f in fields(Selectors)}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{ctx}: unknown selector(s) {', '.join(sorted(unknown))}")
    drop = tuple(_css(css, f"{ctx}.drop") for css in _typed(raw.get("drop", []), list, f"{ctx}.drop"))
    return Selectors(**{k: _css(v, f"{ctx}.{k}") for k, v in raw.items() if k != "drop"}, drop=drop)


def _css(value: Any, ctx: str) -> str:
    """A CSS selector lxml can run: a broken one would otherwise be skipped, with a
    warning, on every page of every crawl."""
    from lxml.cssselect import CSSSelector, SelectorError

    value = _typed(value, str, ctx)
    try:
        CSSSelector(value)
    except SelectorError as exc:
        raise ConfigError(f"{ctx}: invalid CSS selector {value!r}: {exc}") from exc
    return value


def _crawl(raw: Any, where: str) -> CrawlConfig:
    raw = _typed(raw, dict, f"{where}: crawl")
    known = {f.name: f for f in fields(CrawlConfig)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"{where}: crawl.{key}: unknown setting")
        expected = type(getattr(CrawlConfig(), key))
        if expected is float and isinstance(value, int):
            value = float(value)
        values[key] = _typed(value, expected, f"{where}: crawl.{key}")
    if "contact" not in values and os.environ.get("MONITOR_CONTACT"):
        values["contact"] = os.environ["MONITOR_CONTACT"]
    return CrawlConfig(**values)


def _schedule(raw: dict[str, Any], where: str) -> ScheduleConfig:
    """Types are checked by config_check; here ints become floats and the night's bounds times."""
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "domain_floors":
            values[key] = {host.lower(): float(v) for host, v in value.items()}
        elif key in ("night_start", "night_end"):
            try:
                datetime.strptime(value, "%H:%M")
            except ValueError:
                raise ConfigError(f"{where}: schedule.{key}: expected a time as \"HH:MM\", got {value!r}") from None
            values[key] = value
        else:
            values[key] = value if key == "outlet_budget" else float(value)
    schedule = ScheduleConfig(**values)
    if schedule.min_interval > schedule.max_interval:
        raise ConfigError(f"{where}: schedule.min_interval: greater than max_interval ({schedule.max_interval:g})")
    return schedule


def _typed(value: Any, kind: type, ctx: str) -> Any:
    if value is None:
        return kind()
    if not isinstance(value, kind):
        raise ConfigError(f"{ctx}: expected {kind.__name__}, got {type(value).__name__}")
    return value
