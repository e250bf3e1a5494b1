"""One alert pass: compose what is new for every rule and recipient, then send.

Called by `monitor run` after each crawl and by `monitor alerts send`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from monitor.alerts import ops
from monitor.alerts.compose import Batch, build_batch
from monitor.alerts.mailer import Mailer, SmtpConfig, load_smtp, make_mailer
from monitor.alerts.matching import new_mentions
from monitor.alerts.outbox import OPS_RULE, deliver_pending, enqueue, prune_sent, rule_state, set_last_slot
from monitor.alerts.render import render_batch, render_ops
from monitor.alerts.reports import compose_reports
from monitor.alerts.rules import AlertRule, RuleProblem, check_known, load_rule_sets, web_rules
from monitor.alerts.schedule import DEFAULT_TIMEZONE, system_clock
from monitor.config import Config
from monitor.errors import ConfigError
from monitor.store.sqlite import SqliteStore

log = logging.getLogger(__name__)


@dataclass
class AlertReport:
    rules: int = 0
    messages: int = 0  # composed this run
    mentions: int = 0  # mentions put into those messages
    sent: int = 0  # accepted by the server (including retries of earlier runs)
    failed: int = 0
    ops_problems: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"alerts: rules={self.rules} messages={self.messages} mentions={self.mentions} "
                f"sent={self.sent} failed={self.failed} ops={self.ops_problems}")


def all_rules(store: SqliteStore, config: Config) -> tuple[list[AlertRule], list[RuleProblem]]:
    """Every rule that reads cleanly, and what is wrong with the others (each problem
    switches off its own source's rules only)."""
    rules, problems = load_rule_sets(config)
    extra, web_problems = web_rules(store.db, zone_of(config))
    problems += web_problems
    for rule in list(extra):
        try:
            check_known([rule], config)
        except ConfigError as exc:
            problems.append(RuleProblem(rule.source, str(exc)))
            extra.remove(rule)
    by_name = {r.name: r for r in rules}
    for rule in extra:
        same = by_name.get(rule.name)
        if same is None:
            rules.append(rule)
        elif replace(same, source="") != replace(rule, source=""):  # the web's own export file is no clash
            problems.append(RuleProblem(
                rule.source, f"{rule.source}: rule '{rule.name}': field 'name': already used in {same.source}"))
    return rules, problems


def run_alerts(store: SqliteStore, config: Config, *, now: datetime | None = None, mailer: Mailer | None = None,
               fake: bool | None = None, engine_ok: bool | None = None, immediate_only: bool = False) -> AlertReport:
    """immediate_only: the long-lived worker's pass right after an article is stored: the
    rules that send at once, nothing else (digests, reports and ops keep their schedule)."""
    now = (now or system_clock()).astimezone(UTC)
    smtp = load_smtp(config, fake)
    rules, problems = all_rules(store, config)
    if immediate_only:
        rules = [r for r in rules if not r.digest and not r.report]
    report = AlertReport(rules=len(rules), errors=[str(p) for p in problems])
    fresh: set[str] = set()
    for rule in rules:
        fresh |= _compose_rule(store, config, rule, smtp, now, report)
    if not immediate_only:
        fresh |= _compose_ops(store, config, smtp, now, engine_ok, report, problems)
    mailer = mailer or make_mailer(smtp)
    try:
        delivery = deliver_pending(store, mailer, smtp.sender, fresh, now)
    finally:
        mailer.close()
    report.sent, report.failed = delivery.sent, delivery.refused + delivery.uncertain
    report.errors += delivery.errors
    prune_sent(store, now)
    return report


def _compose_rule(store: SqliteStore, config: Config, rule: AlertRule, smtp: SmtpConfig,
                  now: datetime, report: AlertReport) -> set[str]:
    if rule.report:
        composed = compose_reports(store, config, rule, smtp.sender, now)
        report.messages += len(composed)
        return composed
    baseline, last_slot = rule_state(store, rule, now)
    if rule.digest and not rule.digest.is_due(last_slot, now):
        return set()
    composed = set()
    for recipient in rule.recipients:
        batch = collect(store, config, rule, recipient, now, baseline)
        msg = render_batch(batch, smtp.sender, recipient, now) if batch.total else None
        message_id = enqueue(store, rule.name, recipient, msg, batch.mention_ids, batch.covered, now)
        if message_id:
            composed.add(message_id)
            report.messages += 1
            report.mentions += len(batch.mention_ids)
    if rule.digest:
        set_last_slot(store, rule, rule.digest.latest_slot(now))
    return composed


def collect(store: SqliteStore, config: Config, rule: AlertRule, recipient: str, now: datetime,
            baseline: datetime | None = None) -> Batch:
    """What the next email of this rule to this recipient would contain."""
    if baseline is None:
        baseline = rule_state(store, rule, now)[0]
    mentions = new_mentions(store.db, rule, recipient, baseline, now)
    zone = rule.digest.zone if rule.digest else zone_of(config)
    return build_batch(store.db, config, rule, recipient, mentions, zone)


def _compose_ops(store: SqliteStore, config: Config, smtp: SmtpConfig, now: datetime,
                 engine_ok: bool | None, report: AlertReport, rule_problems: list[RuleProblem]) -> set[str]:
    limits = ops.load_thresholds(config)
    problems = ops.find_problems(store, config, limits, now, engine_ok)
    for text in problems.values():
        log.warning("operational problem: %s", text)
    problems.update(ops.rule_problems(rule_problems))  # already in report.errors: logged there, once
    report.ops_problems = len(problems)
    due = ops.due_notifications(store, problems, limits, now)
    message_id = None
    if due and smtp.admin:
        msg = render_ops(list(due.values()), smtp.sender, smtp.admin, now)
        message_id = enqueue(store, OPS_RULE, smtp.admin, msg, [], {}, now)
    ops.record_notified(store, problems, due if smtp.admin else {}, now)
    return {message_id} if message_id else set()


def zone_of(config: Config) -> str:
    alerts = config.raw.get("alerts", {})
    return alerts.get("timezone", DEFAULT_TIMEZONE) if isinstance(alerts, dict) else DEFAULT_TIMEZONE
