"""`monitor crawl`: the main job, on the embedded store."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import click

from monitor.config import load_config
from monitor.crawl import default_since, run_crawl
from monitor.commands.params import LOCAL_DATE




@click.command()
@click.option("--outlet", "outlets", multiple=True, help="Только это издание (можно несколько раз).")
@click.option("--since", type=LOCAL_DATE, help="Не брать статьи старше этой даты (ГГГГ-ММ-ДД). По умолчанию — за последние дни из конфигурации.")
@click.option("--json", "as_json", is_flag=True, help="Отчёт в формате JSON.")
@click.pass_obj
def command(obj: dict, outlets: tuple[str, ...], since: datetime | None, as_json: bool) -> None:
    """Обойти издания и сохранить новые статьи и упоминания акимов."""
    config = load_config(obj["config_path"], obj["db"])
    since_dt = since or default_since(config)
    click.echo(f"Обход: {', '.join(outlets or config.crawled_outlets)}; статьи с {since_dt:%Y-%m-%d}; база {config.db_path}",
               err=True)
    report = run_crawl(config, list(outlets) or None, since_dt)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.summary())
    if report.outlets and not any(r.ok for r in report.outlets):
        if any(not r.started for r in report.outlets):
            click.echo("Обход не начался: причина в отчёте выше.", err=True)
        else:
            click.echo("Ни одно издание не ответило: проверьте подключение к сети.", err=True)
        sys.exit(1)
