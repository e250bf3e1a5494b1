"""Who a person page is about: the akim registry first, mention data otherwise.

People found only by role (akim_id null) and registry gaps still get a page,
built from the most recent mention of that id or name.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)
_EPOCH = date(1900, 1, 1)  # sorts tenures with unknown dates last


@dataclass(frozen=True)
class Office:
    position: str
    region: str
    start: str  # as the registry gives it: "2019", "2019-02" or "2019-02-14"; "" unknown
    end: str  # "" still in office


@dataclass
class Profile:
    key: str  # akim id, or the normalised name for people outside the registry
    name: str
    akim_id: str | None
    role: str = ""
    position: str = ""
    region: str = ""
    offices: list[Office] = field(default_factory=list)
    in_registry: bool = False


@lru_cache(maxsize=1)
def _registry(path: Path | None = None) -> dict[str, list]:
    """Tenures by akim id; an unreadable registry means no registry, not an error page."""
    try:
        from monitor.akims.registry import DEFAULT_PATH, parse_row, read_rows
    except ImportError:
        return {}
    tenures: dict[str, list] = {}
    try:
        for line, row in read_rows(path or DEFAULT_PATH):
            tenure = parse_row(row, line)
            tenures.setdefault(tenure.akim_id, []).append(tenure)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("akim registry unreadable, person pages use mention data: %s", exc)
        return {}
    return tenures


def profile(db: sqlite3.Connection, key: str) -> Profile | None:
    """The profile for an akim id or a name; None when nobody by that key is known."""
    tenures = _registry().get(key, [])
    row = db.execute(
        "SELECT akim_id, name, role, position, region FROM mentions "
        "WHERE akim_id = ? OR (akim_id IS NULL AND ulower(name) = ulower(?)) "
        "ORDER BY published_utc DESC LIMIT 1",
        (key, key),
    ).fetchone()
    if not tenures and row is None:
        return None
    if tenures:
        latest = max(tenures, key=lambda t: t.start.lo or t.end.lo or _EPOCH)
        offices = [Office(t.position_ru, t.region, t.start.raw.replace("?", ""), t.end.raw)
                   for t in sorted(tenures, key=lambda t: t.start.lo or _EPOCH, reverse=True)]
        return Profile(key=key, name=latest.name_ru, akim_id=key, role=latest.role,
                       position=latest.position_ru, region=latest.region, offices=offices, in_registry=True)
    return Profile(key=key, name=row["name"], akim_id=row["akim_id"], role=row["role"] or "",
                   position=row["position"] or "", region=row["region"] or "")
