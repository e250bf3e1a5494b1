"""Proposed registry changes in the store (table registry_changes, migration 6)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

from monitor.appointments.model import Proposal
from monitor.errors import RegistryChangeError

STATUSES = ("pending", "accepted", "rejected")
_COLUMNS = [f.name for f in fields(Proposal)]


@dataclass(frozen=True)
class StoredChange:
    proposal: Proposal
    status: str
    created_at: str
    decided_at: str | None = None
    decided_by: str | None = None

    @property
    def id(self) -> str:
        return self.proposal.id


class ChangeNotFound(RegistryChangeError):
    pass


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record(db: sqlite3.Connection, proposals: Iterable[Proposal]) -> int:
    """Add new proposals; one already there (same id) keeps its status. Returns how many were new."""
    rows = [(p.id, *[getattr(p, c) for c in _COLUMNS], _now()) for p in proposals]
    if not rows:
        return 0
    marks = ",".join("?" * (len(_COLUMNS) + 2))
    before = db.total_changes
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany(
            f"INSERT OR IGNORE INTO registry_changes(id, {', '.join(_COLUMNS)}, created_at) VALUES ({marks})", rows)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return db.total_changes - before


def list_changes(db: sqlite3.Connection, status: str | None = "pending", since: date | None = None,
                 limit: int = 500) -> list[StoredChange]:
    """Newest first by the article's date; status None: all."""
    sql, args = "SELECT * FROM registry_changes WHERE 1=1", []
    if status is not None:
        sql += " AND status = ?"
        args.append(status)
    if since is not None:
        sql += " AND day >= ?"
        args.append(since.isoformat())
    sql += " ORDER BY day DESC, created_at DESC, id LIMIT ?"
    return [_stored(r) for r in db.execute(sql, [*args, limit])]


def get_change(db: sqlite3.Connection, change_id: str) -> StoredChange:
    """By id or by a unique prefix of it (at least 4 characters), as typed on the command line."""
    change_id = change_id.strip().lower()
    if len(change_id) < 4:
        raise ChangeNotFound(f"укажите не меньше 4 знаков номера предложения, получено {change_id!r}")
    rows = db.execute("SELECT * FROM registry_changes WHERE id LIKE ? || '%' LIMIT 2",
                      (change_id.replace("%", "").replace("_", ""),)).fetchall()
    if not rows:
        raise ChangeNotFound(f"нет предложения {change_id}")
    if len(rows) > 1:
        raise ChangeNotFound(f"номер {change_id} подходит к нескольким предложениям: укажите его полностью")
    return _stored(rows[0])


def decide(db: sqlite3.Connection, change_id: str, status: str, by: str = "") -> None:
    if status not in ("accepted", "rejected"):
        raise ValueError(status)
    db.execute("UPDATE registry_changes SET status=?, decided_at=?, decided_by=? WHERE id=?",
               (status, _now(), by, change_id))


def _stored(row: sqlite3.Row) -> StoredChange:
    values = {c: row[c] for c in _COLUMNS}
    for flag in ("in_registry", "first_deputy", "acting"):
        values[flag] = bool(values[flag])
    return StoredChange(Proposal(**values), row["status"], row["created_at"], row["decided_at"], row["decided_by"])
