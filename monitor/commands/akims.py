"""`monitor akims`: list, search and validate the akim registry."""

from __future__ import annotations

import click

from monitor.akims import DEFAULT_PATH, DateFormatError, Registry, Tenure, parse_day, validate_file
from monitor.commands.params import FilePath


@click.group(name="akims", help="Реестр акимов: список, поиск и проверка файла.")
@click.option("--file", "path", type=FilePath(dir_okay=False), default=None,
              help=f"Файл реестра (по умолчанию {DEFAULT_PATH.name} из пакета).")
@click.pass_context
def group(ctx: click.Context, path: str | None) -> None:
    ctx.obj = {"path": path}


def _registry(ctx: click.Context) -> Registry:
    return Registry.load(ctx.obj.get("path") if ctx.obj else None)


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
    for problem in problems:
        click.echo(f"ошибка: {problem}", err=True)
    if problems:
        ctx.exit(1)
    people = len({t.akim_id for t in tenures})
    click.echo(f"Реестр в порядке: {len(tenures)} сроков, {people} человек.")
