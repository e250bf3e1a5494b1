"""`monitor kibana import`: install the bundled saved searches and dashboard in Kibana."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.config import load_config
from monitor.engines import kibana
from monitor.engines.settings import engine_config
from monitor.commands.params import FilePath


@click.group("kibana")
def group() -> None:
    """Kibana: представления данных, сохранённые поиски, панель."""


@group.command("import")
@click.option("--url", required=True, help="Адрес Kibana, например http://localhost:5601.")
@click.option("--space", default=None, help="Пространство Kibana (по умолчанию основное).")
@click.option("--file", "path", type=FilePath(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Файл NDJSON (по умолчанию deploy/kibana/saved_objects.ndjson).")
@click.pass_obj
def import_(obj: dict, url: str, space: str | None, path: Path | None) -> None:
    """Импортировать сохранённые объекты с перезаписью (повторный импорт безопасен)."""
    engine = engine_config(load_config(obj["config_path"], obj["db"]))
    text = (path or kibana.BUNDLED).read_text("utf-8")
    if engine is not None:
        text = kibana.with_prefix(text, engine.index_prefix)
    result = kibana.import_objects(url, text, space=space, engine=engine)
    click.echo(f"Импортировано объектов: {result.count} ({result.endpoint})")
