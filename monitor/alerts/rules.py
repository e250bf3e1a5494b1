"""Alert rules: read from the config, checked, turned into frozen dataclasses.

Rules live in `[[alerts.rules]]` of the main TOML and/or in separate files
named by `alerts.rules_file` (one path or a list; TOML files of `[[rules]]`,
paths relative to the main config), so operators can hand a rules file to
editors without the rest of the configuration. Rules made in the web interface (table
web_alert_rules, JSON with the same field names) are parsed by the same code.
Every error names the file, the rule and the field.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from monitor import textnorm
from monitor.alerts.schedule import (DEFAULT_TIMEZONE, WEEKDAYS, DigestSchedule, ReportSchedule, parse_duration,
                                     parse_zone)
from monitor.config import LANGUAGES, Config, config_relative
from monitor.errors import ConfigError

SENTIMENTS = ("negative", "neutral", "positive")
ROLES = ("akim", "deputy_akim", "former_akim")
EMAIL_RE = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
LIST_FIELDS = ("akims", "regions", "roles", "sentiment", "keywords", "outlets", "languages")
# kind = "report": a rating report (monitor/rating) on a schedule instead of mention alerts
REPORT_ONLY_MENTIONS = ("delivery", "keywords", "sentiment", "main_subject", "backfill", "max_age")
KNOWN_FIELDS = {
    "name", "kind", "recipients", "delivery", "every", "at", "day", "timezone", "backfill", "max_age",
    "main_subject", "enabled", *LIST_FIELDS,
}


@dataclass(frozen=True)
class RuleFilters:
    """Empty tuple = no restriction. Within a field any value matches; fields combine with AND."""

    akims: tuple[str, ...] = ()  # akim ids or (parts of) names
    regions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    sentiment: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    main_subject: bool = False


@dataclass(frozen=True)
class AlertRule:
    name: str
    recipients: tuple[str, ...]
    filters: RuleFilters
    digest: DigestSchedule | None = None  # None: immediate, after each run
    backfill: timedelta = timedelta(days=1)  # a new rule also covers mentions this recent
    max_age: timedelta = timedelta(days=7)  # older publications (archive backfills) never alert
    source: str = ""  # where it was defined, for messages
    report: ReportSchedule | None = None  # kind = "report": a rating report instead of mentions

    @property
    def delivery(self) -> str:
        return "report" if self.report else "digest" if self.digest else "immediate"


@dataclass(frozen=True)
class RuleProblem:
    """Why the rules of one source (a file, the main config, a web rule) are off."""

    source: str
    message: str

    def __str__(self) -> str:
        return self.message


def load_rules(config: Config) -> list[AlertRule]:
    """All enabled rules of the configuration (main file and rules files); any problem is an error."""
    rules, problems = load_rule_sets(config)
    if problems:
        raise ConfigError(problems[0].message)
    return rules


def load_rule_sets(config: Config) -> tuple[list[AlertRule], list[RuleProblem]]:
    """The enabled rules of every source that reads cleanly, and one problem per source that
    does not: a broken rules file (say one written by hand, or by another tool) switches off
    its own rules only, never those of the other files."""
    section = config.raw.get("alerts", {})
    main_file = str(config.source_file or "monitor.toml")
    if not isinstance(section, dict):
        raise ConfigError(f"{main_file}: alerts: expected a table")
    zone = _zone_default(section, main_file)
    sources: list[tuple[str, Any]] = [(main_file, lambda: parse_rules(section.get("rules", []), main_file,
                                                                      "alerts.rules", zone))]
    files = section.get("rules_file") or []
    if not isinstance(files, (str, list)) or not all(isinstance(f, str) for f in ([files] if isinstance(files, str) else files)):
        raise ConfigError(f"{main_file}: alerts.rules_file: expected a path or a list of paths, got {files!r}")
    for name in [files] if isinstance(files, str) else files:
        path = config_relative(config, name)
        sources.append((str(path), lambda path=path: parse_rules(_read(path).get("rules", []), str(path), "rules", zone)))
    rules: list[AlertRule] = []
    problems: list[RuleProblem] = []
    for source, parse in sources:
        try:
            found = parse()
            _check_unique(rules + found)
            check_known(found, config)
        except ConfigError as exc:
            problems.append(RuleProblem(source, str(exc)))
            continue
        rules += found
    return rules, problems


def parse_rules(items: Any, where: str, prefix: str, zone: str = DEFAULT_TIMEZONE) -> list[AlertRule]:
    if not isinstance(items, list):
        raise ConfigError(f"{where}: {prefix}: expected an array of tables ([[{prefix}]])")
    rules = []
    for index, raw in enumerate(items):
        rule = parse_rule(raw, where, f"{prefix}[{index}]", zone)
        if rule is not None:
            rules.append(rule)
    return rules


def parse_rule(raw: Any, where: str, label: str, zone: str = DEFAULT_TIMEZONE) -> AlertRule | None:
    """One rule, or None when it says enabled = false."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: {label}: expected a table")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise ConfigError(f"{where}: {label}: field 'name': required, letters, digits, '-', '_' or '.'")
    field = _FieldReader(raw, f"{where}: rule '{name}' ({label})")
    unknown = sorted(set(raw) - KNOWN_FIELDS)
    if unknown:
        field.fail(unknown[0], f"unknown field; known fields: {', '.join(sorted(KNOWN_FIELDS))}")
    if not field.boolean("enabled", True):
        return None
    kind = raw.get("kind", "mentions")
    if kind not in ("mentions", "report"):
        field.fail("kind", f"must be 'mentions' or 'report', got {kind!r}")
    if kind == "report":
        for key in REPORT_ONLY_MENTIONS:
            if key in raw:
                field.fail(key, "only meaningful for mention alerts, not with kind = 'report'")
        return AlertRule(name=name, recipients=field.emails("recipients"), filters=_filters(field),
                         backfill=timedelta(0), source=where, report=_report(field, zone))
    return AlertRule(
        name=name,
        recipients=field.emails("recipients"),
        filters=_filters(field),
        digest=_digest(field, zone),
        backfill=field.duration("backfill", "1d"),
        max_age=field.duration("max_age", "7d"),
        source=where,
    )


def _filters(field: _FieldReader) -> RuleFilters:
    return RuleFilters(
        akims=field.strings("akims"),
        regions=field.strings("regions"),
        roles=field.choices("roles", ROLES),
        sentiment=field.choices("sentiment", SENTIMENTS),
        keywords=field.keywords("keywords"),
        outlets=field.strings("outlets"),
        languages=field.choices("languages", (*LANGUAGES, "other")),
        main_subject=field.boolean("main_subject", False),
    )


def _digest(field: _FieldReader, zone: str) -> DigestSchedule | None:
    delivery = field.raw.get("delivery", "immediate")
    if delivery not in ("immediate", "digest"):
        field.fail("delivery", f"must be 'immediate' or 'digest', got {delivery!r}")
    if delivery == "immediate":
        for key in ("every", "at", "day"):
            if key in field.raw:
                field.fail(key, "only meaningful with delivery = 'digest'")
        return None
    every = field.raw.get("every", "daily")
    if every not in ("daily", "weekly"):
        field.fail("every", f"must be 'daily' or 'weekly', got {every!r}")
    day = field.raw.get("day", "monday")
    if day not in WEEKDAYS:
        field.fail("day", f"must be one of {', '.join(WEEKDAYS)}, got {day!r}")
    return DigestSchedule(every=every, at=field.clock("at", "08:00"), weekday=WEEKDAYS.index(day),
                          zone=field.zone("timezone", zone))


def _report(field: _FieldReader, zone: str) -> ReportSchedule:
    every = field.raw.get("every", "monthly")
    if every not in ("monthly", "weekly"):
        field.fail("every", f"must be 'monthly' or 'weekly' for a report, got {every!r}")
    day = field.raw.get("day", "monday" if every == "weekly" else 1)
    if every == "weekly" and day not in WEEKDAYS:
        field.fail("day", f"must be one of {', '.join(WEEKDAYS)}, got {day!r}")
    if every == "monthly" and (isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 28):
        field.fail("day", f"a day of the month from 1 to 28 for a monthly report, got {day!r}")
    return ReportSchedule(every=every, at=field.clock("at", "09:00"), zone=field.zone("timezone", zone),
                          weekday=WEEKDAYS.index(day) if every == "weekly" else 0,
                          monthday=day if every == "monthly" else 1)


class _FieldReader:
    """Typed access to one rule's fields; every failure names file, rule and field."""

    def __init__(self, raw: dict[str, Any], context: str):
        self.raw = raw
        self.context = context

    def fail(self, key: str, problem: str) -> None:
        raise ConfigError(f"{self.context}: field '{key}': {problem}")

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, f"expected a list of non-empty strings, got {value!r}")
        for v in value:
            if CONTROL_RE.search(v):
                self.fail(key, f"control characters are not allowed: {v!r}")
        return tuple(v.strip() for v in value)

    def keywords(self, key: str) -> tuple[str, ...]:
        values = self.strings(key)
        for value in values:
            if not textnorm.tokens(value):
                self.fail(key, f"{value!r} has no word to look for (punctuation only)")
        return values

    def choices(self, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = self.strings(key)
        for value in values:
            if value not in allowed:
                self.fail(key, f"unknown value {value!r}; expected one of {', '.join(allowed)}")
        return values

    def emails(self, key: str) -> tuple[str, ...]:
        values = self.strings(key)
        if not values:
            self.fail(key, "at least one address is required")
        for value in values:
            if not EMAIL_RE.fullmatch(value):
                self.fail(key, f"not an email address: {value!r}")
        return values

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {value!r}")
        return value

    def duration(self, key: str, default: str) -> timedelta:
        try:
            return parse_duration(self.raw.get(key, default))
        except ValueError as exc:
            self.fail(key, str(exc))
            raise

    def clock(self, key: str, default: str) -> time:
        value = self.raw.get(key, default)
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", str(value))
        if not match:
            self.fail(key, f"expected a local time HH:MM, got {value!r}")
        return time(int(match.group(1)), int(match.group(2)))

    def zone(self, key: str, default: str) -> str:
        value = self.raw.get(key, default)
        try:
            parse_zone(value)
        except ValueError as exc:
            self.fail(key, str(exc))
        return value


def _zone_default(section: dict[str, Any], where: str) -> str:
    zone = section.get("timezone", DEFAULT_TIMEZONE)
    try:
        parse_zone(zone)
    except ValueError as exc:
        raise ConfigError(f"{where}: alerts.timezone: {exc}") from None
    return zone


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(f"{path}: alert rules file not found (alerts.rules_file)")
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _check_unique(rules: list[AlertRule]) -> None:
    seen: dict[str, AlertRule] = {}
    for rule in rules:
        if rule.name in seen:
            raise ConfigError(
                f"{rule.source}: rule '{rule.name}': field 'name': already used by a rule in {seen[rule.name].source}"
            )
        seen[rule.name] = rule


def check_known(rules: list[AlertRule], config: Config) -> None:
    """Outlets, akim ids and region ids must exist: a typo would match nothing, silently.
    Cyrillic akims and regions stay free: names and places of people outside the registry."""
    from monitor.akims.lookup import Registry

    registry = Registry.load() if any(r.filters.akims or r.filters.regions for r in rules) else None
    for rule in rules:
        where = f"{rule.source}: rule '{rule.name}'"
        for outlet in rule.filters.outlets:
            if outlet not in config.outlets:
                known = ", ".join(sorted(config.outlets))
                raise ConfigError(f"{where}: field 'outlets': unknown outlet {outlet!r}; known: {known}")
        if registry is None:
            continue
        for akim in rule.filters.akims:
            if akim.isascii() and akim not in registry.person_ids():
                near = difflib.get_close_matches(akim, registry.person_ids(), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else "; see `monitor akims list`"
                raise ConfigError(f"{where}: field 'akims': {akim!r} is not an akim id of the registry{hint} "
                                  "(a name in Cyrillic matches people outside it too)")
        for region in rule.filters.regions:
            if region.isascii() and region.lower() not in registry.regions():
                raise ConfigError(f"{where}: field 'regions': unknown region {region!r}; "
                                  f"regions: {', '.join(registry.regions())}")


def web_rules(db: Any, zone: str = DEFAULT_TIMEZONE) -> tuple[list[AlertRule], list[RuleProblem]]:
    """Rules saved from the web interface (table web_alert_rules, JSON with the fields above).

    A broken web rule is reported, not fatal: it must not stop the file's rules."""
    import json
    import sqlite3

    rules, problems = [], []
    try:
        rows = db.execute("SELECT id, name, rule FROM web_alert_rules ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return [], []
    for row in rows:
        where = f"web_alert_rules (id {row['id']})"
        try:
            raw = json.loads(row["rule"])
            if isinstance(raw, dict):
                raw.setdefault("name", row["name"])
            rule = parse_rule(raw, where, f"rule {row['name']!r}", zone)
        except (ConfigError, ValueError) as exc:
            problems.append(RuleProblem(where, str(exc)))
            continue
        if rule is not None:
            rules.append(rule)
    return rules, problems
