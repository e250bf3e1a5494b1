"""`monitor alerts`: check the rules, preview the next email, send now."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from monitor.alerts.mailer import load_smtp
from monitor.alerts.render import render_batch
from monitor.alerts.service import all_rules, collect, run_alerts
from monitor.config import load_config
from monitor.errors import AlertError
from monitor.store import open_store


@click.group("alerts")
def group() -> None:
    """Оповещения по электронной почте о новых упоминаниях."""


@group.command("check")
@click.pass_obj
def check(obj: dict) -> None:
    """Проверить правила оповещений и настройки SMTP."""
    config = load_config(obj["config_path"], obj["db"])
    smtp = load_smtp(config)
    with open_store(config.db_path) as store:
        rules, problems = all_rules(store, config)
    for rule in rules:
        when = "сразу после запуска" if not rule.digest else f"{rule.digest.every} в {rule.digest.at:%H:%M} ({rule.digest.zone})"
        click.echo(f"{rule.name}: получателей {len(rule.recipients)}, {when}  [{rule.source}]")
    for problem in problems:
        click.echo(f"Ошибка: {problem}", err=True)
    mode = "фиктивный режим: письма только в журнал" if smtp.fake else f"SMTP {smtp.host}:{smtp.port} ({smtp.security})"
    click.echo(f"Правил: {len(rules)}; {mode}; администратор: {smtp.admin or 'не задан'}")
    if problems:
        raise SystemExit(2)


@group.command("preview")
@click.argument("rule_name", metavar="ПРАВИЛО")
@click.option("--recipient", help="Получатель (по умолчанию первый в правиле).")
@click.option("--html", "as_html", is_flag=True, help="Показать HTML-часть вместо текста.")
@click.pass_obj
def preview(obj: dict, rule_name: str, recipient: str | None, as_html: bool) -> None:
    """Показать следующее письмо правила, ничего не отправляя и не отмечая."""
    config = load_config(obj["config_path"], obj["db"])
    now = datetime.now(UTC)
    with open_store(config.db_path, must_exist=True) as store:
        rules = {r.name: r for r in all_rules(store, config)[0]}
        if rule_name not in rules:
            raise AlertError(f"unknown rule {rule_name!r}; rules: {', '.join(sorted(rules)) or 'none'}")
        rule = rules[rule_name]
        if rule.report:
            _preview_report(store, config, rule, recipient or rule.recipients[0], now, as_html)
            return
        batch = collect(store, config, rule, recipient or rule.recipients[0], now)
    if not batch.total:
        click.echo("Новых упоминаний для этого правила нет.")
        return
    msg = render_batch(batch, load_smtp(config).sender, recipient or rule.recipients[0], now)
    click.echo(f"Тема: {msg['Subject']}\nКому: {msg['To']}\n")
    click.echo(msg.get_body(("html",) if as_html else ("plain",)).get_content())


@group.command("send")
@click.option("--fake/--no-fake", default=None, help="Не отправлять, а записать письма в журнал (по умолчанию smtp.fake).")
@click.pass_obj
def send(obj: dict, fake: bool | None) -> None:
    """Отправить оповещения о новых упоминаниях сейчас (без обхода сайтов)."""
    config = load_config(obj["config_path"], obj["db"])
    with open_store(config.db_path, must_exist=True) as store:
        report = run_alerts(store, config, fake=fake)
    click.echo(report.summary())
    for error in report.errors:
        click.echo(f"Ошибка: {error}", err=True)
    if report.failed:
        raise SystemExit(1)


def _preview_report(store, config, rule, recipient: str, now: datetime, as_html: bool) -> None:  # noqa: ANN001
    """A report rule: the email of the latest period it covers (due or not yet), attachment named."""
    from monitor.alerts.reports import render_report, report_for

    period = rule.report.period_for(rule.report.latest_slot(now))
    msg = render_report(report_for(store, config, rule, period), rule, load_smtp(config).sender, recipient, now)
    attachments = ", ".join(part.get_filename() for part in msg.iter_attachments())
    click.echo(f"Тема: {msg['Subject']}\nКому: {msg['To']}\nВложение: {attachments}\n")
    click.echo(msg.get_body(("html",) if as_html else ("plain",)).get_content())
