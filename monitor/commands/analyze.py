"""`monitor analyze`: one file or URL through the pipeline, as JSON or text."""

from __future__ import annotations

import json

import click

from monitor.analyze import Analyzer
from monitor.config import load_config


@click.command()
@click.argument("path_or_url")
@click.option("--url", "as_url", help="Адрес страницы, если анализируется сохранённый файл (для правил издания).")
@click.option("--json", "as_json", is_flag=True, help="Результат в формате JSON.")
@click.pass_obj
def command(obj: dict, path_or_url: str, as_url: str | None, as_json: bool) -> None:
    """Разобрать одну страницу (файл HTML/текст или URL): текст, дата, язык, упоминания, тональность."""
    analyzer = Analyzer(load_config(obj["config_path"], obj["db"]))
    body, url = analyzer.load(path_or_url)
    result = analyzer.analyze(body, as_url or url).to_dict()
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
    click.echo("")
    click.echo(result["text"])
