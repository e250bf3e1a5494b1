"""`monitor sync`: ship to the search engine what the store has and it lacks."""

from __future__ import annotations

import click

from monitor.config import load_config
from monitor.engines import open_engine, sync as engine_sync
from monitor.engines.settings import require_engine
from monitor.store import open_store

MAX_LISTED = 20


@click.command("sync")
@click.option("--batch", default=2000, show_default=True, type=click.IntRange(1, 10_000),
              help="Сколько строк отправлять за один bulk-запрос.")
@click.pass_obj
def command(obj: dict, batch: int) -> None:
    """Отправить в поисковый движок новые и изменённые статьи и упоминания."""
    config = load_config(obj["config_path"], obj["db"])
    cfg = require_engine(config)
    client = open_engine(cfg)
    try:
        with open_store(config.db_path, must_exist=True) as store:
            report = engine_sync.sync(store, client, cfg, batch=batch)
    finally:
        client.close()
    click.echo(f"Отправлено: статей {report.shipped['articles']}, упоминаний {report.shipped['mentions']}"
               + (f"; удалено устаревших упоминаний {report.pruned_mentions}" if report.pruned_mentions else ""))
    for failure in report.failures[:MAX_LISTED]:
        click.echo(f"Отклонено: {failure}", err=True)
    if len(report.failures) > MAX_LISTED:
        click.echo(f"… и ещё {len(report.failures) - MAX_LISTED} отклонённых документов", err=True)
    if report.unavailable:
        click.echo(f"Движок недоступен, остальное останется до следующего запуска: {report.unavailable}", err=True)
    if not report.ok:
        raise SystemExit(1)
