"""Alert state and the outbox: how every mention reaches each recipient exactly once.

State (migration 3 in monitor/store/schema.py):
- alert_rules: per rule, the baseline (older mentions never alert) and the
  last digest slot composed;
- alert_outbox: every message, rendered to its final bytes with its
  Message-ID, written *before* any attempt to send it;
- alert_items: (rule, recipient, mention) -> the message that carries it.
  The primary key makes a mention part of at most one message per rule and
  recipient, whatever happens.

A run composes messages for new mentions and commits them to the outbox
(message and items in one transaction), then sends every pending message
and marks it `sent` only after the server answered 250 to DATA.

Failures (see monitor/alerts/mailer.py for the three outcomes):
- refused (server said 4xx/5xx, or was unreachable, before taking the body,
  or cannot take an address: non-ASCII without SMTPUTF8):
  a message composed in this same run is deleted with its items, so its
  mentions go into the next run's message together with anything newer;
- uncertain (connection lost while the body was in flight or before the
  final reply) and any message found still pending when a run starts:
  the server may already have it. We resend the *stored bytes*, with the
  same Message-ID, until a 250 arrives; never re-render, never re-number.

The crash between "server accepted" and "marked sent" is exactly that
second case: after a kill -9 in that window the next run finds the message
pending and sends the identical message again. We chose resend over
"assume sent" because losing an alert is worse than repeating one, and a
repeat that carries the same Message-ID is recognisable: mail stores and
clients that deduplicate by Message-ID (Gmail, many list servers) drop it,
and anyone else sees the same message twice, never the same mention in two
different messages. The window is one SMTP reply, and the store alone
cannot close it: only the receiving side knows what it received.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage

from monitor.alerts.mailer import Mailer
from monitor.alerts.rules import AlertRule
from monitor.store.sqlite import SqliteStore

OPS_RULE = "!ops"


@dataclass
class DeliveryReport:
    sent: int = 0
    refused: int = 0
    uncertain: int = 0
    errors: list[str] = field(default_factory=list)


def rule_state(store: SqliteStore, rule: AlertRule, now: datetime) -> tuple[datetime, datetime | None]:
    """(baseline, last digest slot) of a rule, created the first time the rule is seen.

    A new digest rule starts at its latest slot, so its first digest goes out
    at the next one rather than straight away."""
    row = store.db.execute("SELECT baseline, last_slot FROM alert_rules WHERE rule=?", (rule.name,)).fetchone()
    if row is None:
        slot = rule.digest.latest_slot(now) if rule.digest else None
        baseline = now - rule.backfill
        with store.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO alert_rules(rule, baseline, last_slot, created_at) VALUES (?,?,?,?)",
                (rule.name, baseline.isoformat(), slot.isoformat() if slot else None, now.isoformat()),
            )
        return rule_state(store, rule, now)
    last = datetime.fromisoformat(row["last_slot"]) if row["last_slot"] else None
    return datetime.fromisoformat(row["baseline"]), last


def set_last_slot(store: SqliteStore, rule: AlertRule, slot: datetime) -> None:
    with store.transaction() as db:
        db.execute("UPDATE alert_rules SET last_slot=? WHERE rule=?", (slot.isoformat(), rule.name))


def enqueue(store: SqliteStore, rule: str, recipient: str, msg: EmailMessage | None,
            mention_ids: list[str], covered: dict[str, str], now: datetime) -> str | None:
    """Commit a message and the mentions it carries (and reprints already covered) at once."""
    message_id = str(msg["Message-ID"]) if msg is not None else None
    with store.transaction() as db:
        if msg is not None:
            db.execute(
                "INSERT INTO alert_outbox(message_id, rule, recipient, message, status, created_at) "
                "VALUES (?,?,?,?, 'pending', ?)",
                (message_id, rule, recipient, msg.as_bytes(), now.isoformat()),
            )
        items = [(rule, recipient, mid, message_id) for mid in mention_ids]
        items += [(rule, recipient, mid, earlier) for mid, earlier in covered.items()]
        db.executemany("INSERT INTO alert_items(rule, recipient, mention_id, message_id) VALUES (?,?,?,?)", items)
    return message_id


def deliver_pending(store: SqliteStore, mailer: Mailer, sender: str, fresh: set[str], now: datetime) -> DeliveryReport:
    """Send every pending message, oldest first; see the module docstring for the outcomes."""
    report = DeliveryReport()
    rows = store.db.execute(
        "SELECT message_id, rule, recipient, message FROM alert_outbox WHERE status='pending' ORDER BY created_at, rowid"
    ).fetchall()
    for row in rows:
        outcome = mailer.deliver(sender, row["recipient"], bytes(row["message"]))
        if outcome.status == "accepted":
            _mark_sent(store.db, row["message_id"], now, outcome.detail)
            report.sent += 1
            continue
        # Reported once, by the caller (`monitor run` logs it, `alerts send` prints it).
        report.errors.append(f"{row['rule']} -> {row['recipient']}: {outcome.status}: {outcome.detail}")
        # An ops message carries no mentions to hand back; it simply stays pending.
        if outcome.status == "refused" and row["message_id"] in fresh and row["rule"] != OPS_RULE:
            _discard(store, row["message_id"])
            report.refused += 1
        else:
            _note_failure(store, row["message_id"], outcome.detail)
            report.uncertain += outcome.status == "uncertain"
            report.refused += outcome.status == "refused"
    return report


def _mark_sent(db: sqlite3.Connection, message_id: str, now: datetime, detail: str) -> None:
    # One autocommit statement: the narrowest possible window after the 250.
    db.execute(
        "UPDATE alert_outbox SET status='sent', sent_at=?, attempts=attempts+1, last_error=? WHERE message_id=?",
        (now.isoformat(), None if detail != "fake" else "fake mode: logged, not sent", message_id),
    )


def _discard(store: SqliteStore, message_id: str) -> None:
    with store.transaction() as db:  # items go with it (ON DELETE CASCADE): the mentions are free again
        db.execute("DELETE FROM alert_items WHERE message_id=?", (message_id,))
        db.execute("DELETE FROM alert_outbox WHERE message_id=?", (message_id,))


def _note_failure(store: SqliteStore, message_id: str, detail: str) -> None:
    store.db.execute(
        "UPDATE alert_outbox SET attempts=attempts+1, last_error=? WHERE message_id=?", (detail, message_id)
    )


def prune_sent(store: SqliteStore, now: datetime, keep: timedelta = timedelta(days=30)) -> None:
    """Drop the bytes of long-sent messages; the rows stay, so items keep their message."""
    store.db.execute(
        "UPDATE alert_outbox SET message=x'' WHERE status='sent' AND sent_at < ? AND length(message) > 0",
        ((now - keep).isoformat(),),
    )
