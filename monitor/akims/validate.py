"""Checks an edited registry file before it is used: the file is hand-edited data."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

from monitor.akims.dates import DateFormatError
from monitor.akims.registry import DEFAULT_PATH, Tenure, parse_row, read_rows

ROLES = {"akim", "deputy_akim"}
LEVELS = {"region", "city", "district"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_OFFICE = re.compile(r"^(region|city|district|rural):[a-z0-9_]+$")


def validate_file(path: Path | str | None = None) -> tuple[list[Tenure], list[str]]:
    """Parse and check the file; returns the tenures that parsed and every problem."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        rows = read_rows(path)
    except (OSError, ValueError) as exc:
        return [], [str(exc)]
    tenures, problems = [], []
    for line, row in rows:
        try:
            tenures.append(parse_row(row, line))
        except DateFormatError as exc:
            problems.append(f"line {line}: {exc}")
    return tenures, problems + validate_tenures(tenures)


def validate_tenures(tenures: list[Tenure]) -> list[str]:
    problems = [p for t in tenures for p in _row_problems(t)]
    problems += _duplicate_keys(tenures)
    problems += _inconsistent_people(tenures)
    problems += _overlaps(tenures)
    return problems


def _row_problems(t: Tenure) -> list[str]:
    where = f"line {t.line}"
    found = []
    if not _ID.match(t.akim_id):
        found.append(f"{where}: akim_id {t.akim_id!r} must be lower_snake_case")
    if not _OFFICE.match(t.office_id):
        found.append(f"{where}: office_id {t.office_id!r} must look like city:almaty")
    if t.role not in ROLES:
        found.append(f"{where}: role {t.role!r} not in {sorted(ROLES)}")
    if t.level not in LEVELS:
        found.append(f"{where}: level {t.level!r} not in {sorted(LEVELS)}")
    if len(t.name_ru.split()) < 2:
        found.append(f"{where}: name_ru {t.name_ru!r} needs first name and surname")
    if t.start.known and t.end.known and t.start.lo > t.end.hi:
        found.append(f"{where}: start {t.start.raw} is after end {t.end.raw}")
    found += [f"{where}: source {url!r} is not an http(s) URL" for url in t.sources if not _is_url(url)]
    return found


def _is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in text)


def unsourced(tenures: list[Tenure]) -> list[Tenure]:
    """Rows that name no source: allowed (a user's own edit), but worth a look."""
    return [t for t in tenures if not t.sources]


def _duplicate_keys(tenures: list[Tenure]) -> list[str]:
    seen: dict[tuple[str, str, str], int] = {}
    found = []
    for t in tenures:
        key = (t.akim_id, *t.key)
        if key in seen:
            found.append(f"line {t.line}: duplicate tenure {key} (first on line {seen[key]})")
        seen.setdefault(key, t.line)
    return found


def _inconsistent_people(tenures: list[Tenure]) -> list[str]:
    """One akim_id is one person: the spellings must agree on every row."""
    names: dict[str, set[str]] = defaultdict(set)
    for t in tenures:
        names[t.akim_id].add(t.name_ru)
    return [
        f"akim_id {pid!r} has different names: {', '.join(sorted(n))}"
        for pid, n in sorted(names.items()) if len(n) > 1
    ]


def _overlaps(tenures: list[Tenure]) -> list[str]:
    by_office: dict[str, list[Tenure]] = defaultdict(list)
    for t in tenures:
        if t.role == "akim":  # deputies share an office by design
            by_office[t.office_id].append(t)
    found = []
    for office, group in sorted(by_office.items()):
        for a, b in combinations(group, 2):
            if _surely_overlap(a, b):
                found.append(
                    f"{office}: lines {a.line} and {b.line} overlap "
                    f"({a.name_ru} {a.start.raw}..{a.end.raw or 'now'}, "
                    f"{b.name_ru} {b.start.raw}..{b.end.raw or 'now'})"
                )
    return found


def _surely_overlap(a: Tenure, b: Tenure) -> bool:
    # Handover day counts for both, hence strict inequalities.
    sa, sb = a.certain_span(), b.certain_span()
    if sa is None or sb is None:
        return False
    return sa[0] < sb[1] and sb[0] < sa[1]
