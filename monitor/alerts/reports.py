"""Report rules (kind = "report"): the rating of the period that just ended, by email.

Each (rule, recipient, period) goes out exactly once through the same outbox
as mention alerts: the message is committed together with an alert_items row
whose mention_id is "report:<period>" (no mention has such an id), and the
primary key of alert_items makes a second message for that period impossible.
A refused message is discarded with its row, so the next run composes it
again; an uncertain one is resent byte for byte (see outbox.py).

A new rule waits for its first slot after it was first seen, like a digest.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from monitor.alerts.outbox import enqueue, rule_state
from monitor.alerts.render import build_message, plural
from monitor.alerts.rules import AlertRule
from monitor.config import Config
from monitor.rating import RatingFilters
from monitor.rating.files import FORMATS, file_name
from monitor.rating.period import Period
from monitor.rating.printable import html_text
from monitor.rating.report import Report, build_report
from monitor.store.sqlite import SqliteStore

XLSX = FORMATS["xlsx"]


def due_period(store: SqliteStore, rule: AlertRule, now: datetime) -> Period | None:
    """The period whose report is due now, or None before the rule's first slot."""
    assert rule.report is not None
    baseline, _ = rule_state(store, rule, now)
    slot = rule.report.latest_slot(now)
    return rule.report.period_for(slot) if slot > baseline else None


def item_key(period: Period) -> str:
    return f"report:{period.slug}"


def already_sent(store: SqliteStore, rule: AlertRule, recipient: str, period: Period) -> bool:
    row = store.db.execute("SELECT 1 FROM alert_items WHERE rule=? AND recipient=? AND mention_id=?",
                           (rule.name, recipient, item_key(period))).fetchone()
    return row is not None


def compose_reports(store: SqliteStore, config: Config, rule: AlertRule, sender: str, now: datetime) -> set[str]:
    """Queue the due report for every recipient who has not had it; returns the new message ids."""
    period = due_period(store, rule, now)
    if period is None:
        return set()
    report: Report | None = None
    composed = set()
    for recipient in rule.recipients:
        if already_sent(store, rule, recipient, period):
            continue
        report = report or report_for(store, config, rule, period)
        msg = render_report(report, rule, sender, recipient, now)
        message_id = enqueue(store, rule.name, recipient, msg, [item_key(period)], {}, now)
        if message_id:
            composed.add(message_id)
    return composed


def report_for(store: SqliteStore, config: Config, rule: AlertRule, period: Period) -> Report:
    f = rule.filters
    filters = RatingFilters(regions=f.regions, akims=f.akims, roles=f.roles, outlets=f.outlets, languages=f.languages)
    return build_report(store.db, period, filters, {k: o.name for k, o in config.outlets.items()})


def render_report(report: Report, rule: AlertRule, sender: str, recipient: str, now: datetime) -> EmailMessage:
    rating = report.rating
    msg = build_message(f"Медиарейтинг акимов: {rating.period.label}", sender, recipient, now,
                        text=_text(report), html=html_text(report, now),
                        headers={"X-Akim-Monitor-Rule": rule.name})
    msg.add_attachment(XLSX.render(report), maintype="application", subtype=XLSX.media_type.split("/", 1)[1],
                       filename=file_name(report, "xlsx"))
    return msg


def _text(report: Report, shown: int = 10) -> str:
    rating, total = report.rating, report.rating.total.current
    lines = [
        f"Медиарейтинг акимов: {rating.period.label} "
        f"({rating.period.start:%d.%m.%Y} — {rating.period.last_day:%d.%m.%Y}, время по Алматы).",
        *report.filter_lines,
        f"Всего {total.mentions} {plural(total.mentions, 'упоминание', 'упоминания', 'упоминаний')} "
        f"в {total.stories} {plural(total.stories, 'сюжете', 'сюжетах', 'сюжетах')}.",
        "",
    ]
    for row in [r for r in rating.akims if r.current.mentions][:shown]:
        tone = row.current.tone_index or 0.0
        was = f", в прошлом периоде {row.previous.mentions}" if row.previous.mentions else ""
        lines.append(f"{row.rank}. {row.name}: {row.current.mentions} упом., индекс тональности {tone:+.2f}{was}")
    if not total.mentions:
        lines.append("За период упоминаний нет.")
    lines += ["", f"Полный рейтинг, листы по регионам и список сюжетов — во вложении {file_name(report, 'xlsx')}."]
    return "\n".join(lines) + "\n"
