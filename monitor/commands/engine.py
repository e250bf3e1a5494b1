"""`monitor engine`: set up and inspect the search engine (Elasticsearch / OpenSearch)."""

from __future__ import annotations

import click

from monitor.config import load_config
from monitor.engines import indices, open_engine, templates
from monitor.engines.settings import require_engine
from monitor.store import open_store


@click.group("engine")
def group() -> None:
    """Поисковый движок: Elasticsearch или OpenSearch."""


@group.command("init")
@click.pass_obj
def init(obj: dict) -> None:
    """Установить шаблоны индексов, индексы и псевдонимы (повторный запуск безопасен)."""
    cfg = require_engine(load_config(obj["config_path"], obj["db"]))
    client = open_engine(cfg)
    try:
        report = indices.install(client, cfg)
    finally:
        client.close()
    for alias, index in report.current.items():
        state = "создан" if index in report.created else "уже есть"
        click.echo(f"{alias} → {index} ({state})")


@group.command("reindex")
@click.argument("kind", type=click.Choice(templates.KINDS))
@click.pass_obj
def reindex(obj: dict, kind: str) -> None:
    """Перестроить индекс по текущему шаблону и переключить псевдоним."""
    cfg = require_engine(load_config(obj["config_path"], obj["db"]))
    client = open_engine(cfg)
    try:
        old, new, copied = indices.reindex(client, cfg, kind)
    finally:
        client.close()
    click.echo(f"{cfg.alias(kind)}: {old} → {new}, документов: {copied}. Старый индекс можно удалить.")


@group.command("status")
@click.pass_obj
def status(obj: dict) -> None:
    """Сравнить число документов в SQLite и в движке."""
    config = load_config(obj["config_path"], obj["db"])
    cfg = require_engine(config)
    client = open_engine(cfg)
    try:
        with open_store(config.db_path, must_exist=True) as store:
            counts = store.counts()
            for kind in templates.KINDS:
                client.refresh(cfg.alias(kind))
                engine_count = client.count(cfg.alias(kind))
                waiting = store.unsynced_count(kind)
                click.echo(f"{kind}: SQLite {counts[kind]}, движок {engine_count}, ждут отправки {waiting}")
    finally:
        client.close()
