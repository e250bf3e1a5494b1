"""`monitor akims`: list, search and validate the akim registry; review the changes
that appointment and dismissal news propose (suggest, accept, reject)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from monitor.akims import (DEFAULT_PATH, DateFormatError, Registry, Tenure, parse_day, validate_file,
                          validate_tenures)
from monitor.akims.settings import local_registry_path
from monitor.akims.validate import unsourced
from monitor.commands.params import FilePath
from monitor.config import Config, load_config


@click.group(name="akims", help="Реестр акимов: список, поиск и проверка файла; предложения "
             "изменить реестр из новостей о назначениях (suggest, accept, reject).")
@click.option("--file", "path", type=FilePath(dir_okay=False), default=None,
              help=f"Файл реестра (по умолчанию {DEFAULT_PATH.name} из пакета); свой файл "
              "пользователя ([akims] local_file) добавляется поверх.")
@click.pass_context
def group(ctx: click.Context, path: str | None) -> None:
    ctx.obj = {**(ctx.obj or {}), "path": path}  # keeps --config and --db of `monitor`


def _config(ctx: click.Context) -> Config:
    obj = ctx.obj or {}
    return load_config(obj.get("config_path"), obj.get("db"))


def _local(ctx: click.Context) -> Path:
    return local_registry_path(_config(ctx))


def _registry(ctx: click.Context) -> Registry:
    return Registry.load(ctx.obj.get("path") if ctx.obj else None, local=_local(ctx))


def check_region(registry: Registry, region: str | None) -> None:
    """An ASCII --region must be a registry id: a typo would otherwise find nothing,
    silently. (Places outside the registry are searched by their Cyrillic names.)"""
    if region and region.isascii() and region.lower() not in registry.regions():
        raise click.BadParameter(f"нет такого региона {region!r}; регионы реестра: {', '.join(registry.regions())}",
                                 param_hint="--region")


def _line(tenure: Tenure) -> str:
    mark = " (даты неточны)" if tenure.uncertain else ""
    end = tenure.end.raw or "н.в."
    start = tenure.start.raw if tenure.start.raw not in ("", "?") else "?"
    return f"{tenure.akim_id:28} {tenure.name_ru:26} {tenure.position_ru} [{start} — {end}]{mark}"


@group.command(name="list", help="Список должностей и акимов.")
@click.option("--region", default=None, help="Регион: almaty, astana, karaganda, zhetysu ...")
@click.option("--level", type=click.Choice(["region", "city", "district"]), default=None,
              help="Уровень: область, город или район.")
@click.option("--on", "on", default=None, metavar="ГГГГ-ММ-ДД",
              help="Только те, кто занимал должность в этот день.")
@click.pass_context
def list_command(ctx: click.Context, region: str | None, level: str | None, on: str | None) -> None:
    try:
        day = parse_day(on) if on else None
    except DateFormatError as exc:
        raise click.BadParameter(str(exc), param_hint="--on") from exc
    registry = _registry(ctx)
    check_region(registry, region)
    tenures = registry.filter(region=region, level=level, on=day)
    for tenure in tenures:
        click.echo(_line(tenure))
    if not tenures:
        click.echo("Ничего не найдено.", err=True)


@group.command(help="Поиск по имени на любом языке (русский, казахский, латиница).")
@click.argument("name", nargs=-1, required=True)
@click.pass_context
def search(ctx: click.Context, name: tuple[str, ...]) -> None:
    found = _registry(ctx).search(" ".join(name))
    for tenure in found:
        click.echo(_line(tenure))
    if not found:
        click.echo("Ничего не найдено.", err=True)
        ctx.exit(1)


@group.command(help="Проверить файл реестра: даты, пересечения сроков, уникальность.")
@click.argument("path", required=False, type=FilePath(dir_okay=False))
@click.pass_context
def validate(ctx: click.Context, path: str | None) -> None:
    tenures, problems = validate_file(path or (ctx.obj or {}).get("path"))
    local = _local(ctx)
    if path is None and local.is_file():  # the user's own file, alone and merged over the registry
        local_problems = validate_file(local)[1]
        problems += [f"{local}: {p}" for p in local_problems]
        if not local_problems:
            tenures = Registry.load((ctx.obj or {}).get("path"), local=local).tenures
            problems += [f"{local} поверх реестра: {p}" for p in validate_tenures(tenures)]
    for problem in problems:
        click.echo(f"ошибка: {problem}", err=True)
    if problems:
        ctx.exit(1)
    people = len({t.akim_id for t in tenures})
    click.echo(f"Реестр в порядке: {len(tenures)} сроков, {people} человек.")
    for tenure in unsourced(tenures):
        click.echo(f"без источника: строка {tenure.line} ({tenure.name_ru}, {tenure.position_ru})", err=True)


# The commands below import monitor.appointments (and so the mention models) inside:
# `monitor akims list` and every other `monitor` command load this module at start.
@group.command(help="Предложенные изменения реестра: новости о назначениях и освобождениях акимов "
               "и их заместителей, найденные при обходе и `monitor reprocess`.")
@click.option("--since", default=None, metavar="ГГГГ-ММ-ДД", help="Только из статей с этой даты.")
@click.option("--all", "show_all", is_flag=True, help="И уже принятые или отклонённые.")
@click.option("--json", "as_json", is_flag=True, help="В формате JSON.")
@click.pass_context
def suggest(ctx: click.Context, since: str | None, show_all: bool, as_json: bool) -> None:
    from monitor.appointments import queue
    from monitor.appointments.apply import registry_rows
    from monitor.store import open_store

    try:
        day = parse_day(since) if since else None
    except DateFormatError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    config = _config(ctx)
    registry = Registry.load(ctx.obj.get("path"), local=local_registry_path(config))
    with open_store(config.db_path, must_exist=True) as store:
        changes = queue.list_changes(store.db, None if show_all else "pending", day)
    if as_json:
        items = [{"id": c.id, "status": c.status, **asdict(c.proposal),
                  "rows": registry_rows(c.proposal, registry) if c.status == "pending" else []} for c in changes]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for change in changes:
        click.echo(_describe(change, registry))
    if not changes:
        click.echo("Предложений нет." if show_all else "Новых предложений нет.", err=True)


@group.command(help="Принять предложение: записать его в свой файл реестра ([akims] local_file), "
               "не в файл из пакета.")
@click.argument("change_id", metavar="ID")
@click.pass_context
def accept(ctx: click.Context, change_id: str) -> None:
    from monitor.appointments.apply import accept as accept_change

    config = _config(ctx)
    local = local_registry_path(config)
    rows = _decide(config, lambda db: accept_change(db, change_id, local, by=_operator()))
    if not rows:
        click.echo("Принято; реестр уже говорит то же самое, файл не изменён.")
        return
    click.echo(f"Принято; записано в {local}:")
    for row in rows:
        click.echo(f"  {row['akim_id']} {row['name_ru']} — {row['position_ru'] or row['office_id']} "
                   f"[{row['start'] or '?'} — {row['end'] or 'н.в.'}]")


@group.command(help="Отклонить предложение: реестр не меняется.")
@click.argument("change_id", metavar="ID")
@click.pass_context
def reject(ctx: click.Context, change_id: str) -> None:
    from monitor.appointments.apply import reject as reject_change

    _decide(_config(ctx), lambda db: reject_change(db, change_id, by=_operator()))
    click.echo("Отклонено.")


def _decide(config: Config, action):  # noqa: ANN001, ANN202 - (db) -> rows
    from monitor.store import open_store

    with open_store(config.db_path, must_exist=True) as store:
        return action(store.db)  # RegistryChangeError: `monitor` prints it as «Ошибка: …»


def _operator() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _describe(change, registry: Registry) -> str:  # noqa: ANN001 - StoredChange
    from monitor.appointments.apply import position, registry_rows
    from monitor.appointments.model import ACTION_RU

    p = change.proposal
    title = position(p, registry)[0] or p.place
    status = "" if change.status == "pending" else f" ({'принято' if change.status == 'accepted' else 'отклонено'})"
    new = "" if p.in_registry else " [нет в реестре]"
    lines = [f"{change.id}  {p.day or 'без даты'}  {ACTION_RU[p.action]}: {p.name} — {title}{new}{status}",
             f"    «{p.sentence}»", f"    {p.url}"]
    if change.status == "pending":
        rows = registry_rows(p, registry)
        for row in rows:
            lines.append(f"    в реестр: {row['akim_id']} {row['office_id']} {row['role']} "
                         f"[{row['start'] or '?'} — {row['end'] or 'н.в.'}]")
        if not rows:
            lines.append("    реестр уже говорит то же самое")
    return "\n".join(lines)
