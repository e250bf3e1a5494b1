"""The `monitor` command: one entry point for crawl, search, analyze, demo and
the rest. Parsing only; each sub-command lives in monitor/commands/."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys

import click

from monitor import commands
from monitor.errors import MonitorError
from monitor.commands.params import FilePath


class MonitorGroup(click.Group):
    """Turns any MonitorError into a one-line message and exit code 2."""

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


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, "command", None) or getattr(module, "group", None)
        if isinstance(command, click.Command):
            main.add_command(command, name=info.name)  # the module name is the command name


_register_commands()
