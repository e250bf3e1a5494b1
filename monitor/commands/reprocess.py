"""`monitor reprocess`: the pipeline again over stored pages, nothing fetched."""

from __future__ import annotations

from datetime import datetime

import click

from monitor.analyze import Analyzer
from monitor.commands.params import LOCAL_DATE
from monitor.config import load_config
from monitor.reprocess import reprocess
from monitor.store import open_store


@click.command()
@click.option("--since", type=LOCAL_DATE, help="Только статьи с этой даты (ГГГГ-ММ-ДД).")
@click.option("--outlet", help="Только статьи этого издания.")
@click.pass_obj
def command(obj: dict, since: datetime | None, outlet: str | None) -> None:
    """Заново извлечь текст, упоминания и тональность из сохранённых страниц
    (после обновления реестра акимов или моделей), без повторного скачивания."""
    config = load_config(obj["config_path"], obj["db"])
    if outlet:
        config.outlet(outlet)  # an unknown id: an error with the known ones, not "0 updated"
    analyzer = Analyzer(config)
    with open_store(config.db_path, must_exist=True) as store:
        report = reprocess(store, analyzer, since, outlet)
    click.echo(f"Обновлено статей: {report.updated}, упоминаний: {report.mentions}")
    if report.registry_changes:
        click.echo(f"Новых предложений изменить реестр акимов: {report.registry_changes} "
                   "(см. `monitor akims suggest`)")
    if report.no_raw_page:
        click.echo(f"Без сохранённой страницы (пропущены): {report.no_raw_page}")
    for url in report.no_longer_article:
        click.echo(f"Больше не распознаётся как статья (оставлена как была): {url}")
