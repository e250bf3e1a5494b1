"""The `monitor` command: one entry point for crawl, search, analyze, demo and
the rest. Parsing only; each sub-command lives in monitor/commands/."""

from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
import sys

import click

from monitor import commands
from monitor.errors import MonitorError
from monitor.commands.params import FilePath


class MonitorGroup(click.Group):
    """Turns any MonitorError into a one-line message and exit code 2.

    Sub-commands are imported when named, not all at start: `monitor analyze` then
    loads the NLP stack without Scrapy, Twisted, the web server and the search engine
    client (~70 MB and ~1 s less), and `monitor search` none of the models."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx)) | set(_command_modules())
        return sorted(name for name in names if self.get_command(ctx, name) is not None)  # params.py is none

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and name in _command_modules():
            command = _load_command(name)
            if command is not None:
                self.add_command(command, name=name)
        return command

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except MonitorError as exc:
            click.echo(f"Ошибка: {exc}", err=True)
            sys.exit(2)
        except OSError as exc:  # a path that cannot be made or read (a file system, not a bug of ours)
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Ошибка: {where}{exc.strerror or exc}", err=True)
            sys.exit(2)


@click.group(cls=MonitorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=FilePath(dir_okay=False), envvar="MONITOR_CONFIG",
              help="Файл конфигурации TOML (по умолчанию ./monitor.toml, если есть).")
@click.option("--db", type=FilePath(dir_okay=False), envvar="MONITOR_DB",
              help="Файл базы SQLite (по умолчанию akim-monitor.db).")
@click.option("-v", "--verbose", count=True, help="Подробнее журнал (-vv: отладка).")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, db: str | None, verbose: int) -> None:
    """akim-monitor: мониторинг упоминаний акимов в новостях Казахстана."""
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ctx.obj = {"config_path": config_path, "db": db}


@functools.lru_cache(maxsize=1)
def _command_modules() -> frozenset[str]:
    return frozenset(info.name for info in pkgutil.iter_modules(commands.__path__))


def _load_command(name: str) -> click.Command | None:
    module = importlib.import_module(f"{commands.__name__}.{name}")
    command = getattr(module, "command", None) or getattr(module, "group", None)
    return command if isinstance(command, click.Command) else None  # the module name is the command name
