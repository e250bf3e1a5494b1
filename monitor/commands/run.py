"""`monitor run`: crawl, sync and alerts, once (cron, systemd timer) or as a long-lived
worker polling each source on its schedule (--every); --status shows that schedule."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import click

from monitor.commands.params import DURATION, FilePath
from monitor.config import load_config
from monitor.worker import RunOptions, StopFlag, run_forever, run_once


@click.command("run")
@click.option("--every", type=DURATION, help="Запускать каждые 30m, 1h, 6h... до SIGTERM.")
@click.option("--once", is_flag=True, help="Один запуск и выход (для cron и таймеров systemd).")
@click.option("--status", is_flag=True, help="Расписание опроса каждого издания и число запросов за последний час.")
@click.option("--outlet", "outlets", multiple=True, help="Только эти издания (можно повторять).")
@click.option("--no-crawl", is_flag=True, help="Без обхода сайтов: только синхронизация и оповещения.")
@click.option("--fake/--no-fake", default=None, help="Письма только в журнал, без отправки.")
@click.option("--lock", "lock_path", type=FilePath(dir_okay=False), help="Файл блокировки (по умолчанию рядом с базой).")
@click.pass_obj
def command(obj: dict, every: timedelta | None, once: bool, status: bool, outlets: tuple[str, ...], no_crawl: bool,
            fake: bool | None, lock_path: str | None) -> None:
    """Обход сайтов, синхронизация с поисковым движком и оповещения по расписанию.

    С --every работает постоянно: ленты опрашиваются каждые несколько минут (по
    расписанию [schedule]), новая статья оповещается сразу; раз в ИНТЕРВАЛ —
    синхронизация с движком и строка итогов."""
    if (bool(every) + once + status) != 1:
        raise click.UsageError("укажите ровно одно из --every ИНТЕРВАЛ, --once или --status")
    config = load_config(obj["config_path"], obj["db"])
    if status:
        from monitor.scheduleview import schedule_table

        click.echo(schedule_table(config, list(outlets) or None))
        return
    logging.getLogger("monitor.run").setLevel(logging.INFO)  # the per-run line is the point of this command
    options = RunOptions(outlets=list(outlets) or None, crawl=not no_crawl, fake=fake,
                         lock_path=Path(lock_path) if lock_path else None)
    stop = StopFlag()
    if once or no_crawl:
        stop.install()
    if once:
        result = run_once(config, options, stop)
        raise SystemExit(0 if result.ok or result.skipped else 1)
    if no_crawl:  # nothing to poll: the alerts and sync every period, as before
        run_forever(config, options, every, stop)
        return
    from monitor.liveworker import run_live

    run_live(config, options, every)
