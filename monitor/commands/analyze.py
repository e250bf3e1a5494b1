"""`monitor analyze`: one file or URL through the pipeline, as JSON or text."""

from __future__ import annotations

import json
from datetime import datetime

import click

from monitor.analyze import Analyzer
from monitor.config import load_config
from monitor.dates import LOCAL_TZ


@click.command()
@click.argument("path_or_url")
@click.option("--url", "as_url", help="Адрес страницы, если анализируется сохранённый файл (для правил издания).")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Дата публикации ГГГГ-ММ-ДД, если в метаданных документа её нет; важнее даты в начале текста "
                   "(по ней определяются должности).")
@click.option("--json", "as_json", is_flag=True, help="Результат в формате JSON.")
@click.pass_obj
def command(obj: dict, path_or_url: str, as_url: str | None, date: datetime | None, as_json: bool) -> None:
    """Разобрать одну страницу (файл HTML/текст или URL): текст, дата, язык, упоминания, тональность."""
    analyzer = Analyzer(load_config(obj["config_path"], obj["db"]))
    body, url = analyzer.load(path_or_url)
    day = date.replace(tzinfo=LOCAL_TZ) if date else None
    result = analyzer.analyze(body, as_url or url, day).to_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if not result["is_article"]:
        click.echo(f"Не статья: {result['reason']}")
        return
    click.echo(f"{result['title']}\n{result['published_at'] or 'дата не найдена'} · {result['language']}"
               f" · тональность {result['sentiment']['label']} ({result['sentiment']['score']:+.2f})")
    for m in result["mentions"]:
        person = m["person"]
        click.echo(f"  — {person['name']} ({person['role']}, {person.get('position') or '?'}): "
                   f"{m['count']}×, {m['sentiment']['label']}")
        for other in m.get("other_roles", []):
            click.echo(f"      также: {other['role']}, {other.get('position') or '?'}")
    click.echo("")
    click.echo(result["text"])
