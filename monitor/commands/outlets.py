"""`monitor outlets`: add an outlet by its homepage, list outlets with what was learned, check their layout."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import click
import tomli_w

from monitor import outletprobe, outletstate
from monitor.analyze import fetch
from monitor.config import Config, load_config
from monitor.errors import ConfigError
from monitor.store import open_store

DEFAULT_CONFIG = Path("monitor.toml")


@click.group(name="outlets", help="Издания: добавить по адресу главной страницы, список, проверка вёрстки.")
def group() -> None:
    pass


def _config(obj: dict) -> Config:
    return load_config(obj["config_path"], obj["db"])


def outlet_id_for(url: str) -> str:
    """'https://www.orda.kz' -> 'orda', 'https://uralskweek.kz' -> 'uralskweek'."""
    host = urlsplit(url).hostname or ""
    parts = [p for p in host.split(".") if p not in ("www", "m")]
    name = parts[0] if len(parts) > 1 else host
    name = re.sub(r"[^a-z0-9_]", "_", name.lower()).strip("_")
    return name if re.match(r"[a-z]", name) else f"outlet_{name}"


@group.command(name="add", help="Добавить издание по адресу главной страницы: пробный поиск лент и карт сайта, "
                                "затем запись таблицы [outlets.<id>] в ваш файл конфигурации.")
@click.argument("url")
@click.option("--id", "outlet_id", default=None, help="Идентификатор (по умолчанию из имени сайта).")
@click.option("--name", default=None, help="Название издания.")
@click.option("--language", type=click.Choice(["ru", "kk", "en"]), default="ru", show_default=True,
              help="Язык издания.")
@click.option("--dry-run", is_flag=True, help="Только показать, что будет записано.")
@click.pass_obj
def add(obj: dict, url: str, outlet_id: str | None, name: str | None, language: str, dry_run: bool) -> None:
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise click.BadParameter(f"нужен адрес главной страницы http(s)://..., получено {url!r}", param_hint="URL")
    config = _config(obj)
    outlet_id = outlet_id or outlet_id_for(url)
    if outlet_id in config.outlets:
        raise ConfigError(f"издание {outlet_id!r} уже есть ({config.outlets[outlet_id].editions[0].base_url}); "
                          f"задайте другой --id")
    base = url if urlsplit(url).path else url.rstrip("/") + "/"
    probe = outletprobe.probe(base, lambda u: fetch(u, config.crawl.contact, timeout=20))
    for line in _probe_lines(probe):
        click.echo(line)
    if not probe.reachable:
        raise ConfigError(f"{url}: сайт не ответил ({'; '.join(probe.errors[:2])}); издание не добавлено")
    table: dict = {"name": name or urlsplit(url).hostname, "base_url": url.rstrip("/")}
    if language != "ru":
        table["language"] = language
    if probe.feeds:
        table["feeds"] = [outletprobe.relative(base, u) for u, _, _ in probe.feeds]
    if probe.sitemaps:
        table["sitemaps"] = [outletprobe.relative(base, u) for u, _, _ in probe.sitemaps]
    if probe.feeds or probe.sitemaps:
        table["listings"] = ["/"]
    text = tomli_w.dumps({"outlets": {outlet_id: table}})
    if dry_run:
        click.echo(text)
        return
    path = Path(obj["config_path"]) if obj["config_path"] else DEFAULT_CONFIG
    _append(path, text, obj["db"])
    click.echo(f"Добавлено в {path}:\n{text}")


def _append(path: Path, text: str, db: str | None) -> None:
    """Append the table, then read the whole file back; a file that no longer loads is restored."""
    before = path.read_text("utf-8") if path.exists() else None
    joined = (before.rstrip("\n") + "\n\n" if before else "") + text
    path.write_text(joined, "utf-8")
    try:
        load_config(path, db)
    except ConfigError:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, "utf-8")
        raise


def _probe_lines(probe: outletprobe.Probe) -> list[str]:
    lines = [f"{probe.base_url}: ссылок на главной {probe.listing_links}"]
    for kind, found in (("лента", probe.feeds), ("карта сайта", probe.sitemaps)):
        for url, how, entries in found:
            lines.append(f"  {kind}: {url} ({_HOW.get(how, how)}, записей {entries})")
    if not probe.feeds and not probe.sitemaps:
        lines.append("  лент и карт сайта не найдено: статьи будут искаться по ссылкам главной страницы")
    return lines


_HOW = {"homepage link": "ссылка на главной", "common path": "обычный адрес", "robots.txt": "из robots.txt",
        "discovery": "поиск"}


@group.command(name="list", help="Список изданий: адреса, ленты, карты сайта и то, что найдено при обходах.")
@click.pass_obj
def list_outlets(obj: dict) -> None:
    config = _config(obj)
    found: dict[str, list[outletstate.Source]] = {}
    shapes: dict[str, str | None] = {}
    if Path(config.db_path).is_file():
        with open_store(config.db_path) as store:
            for source in outletstate.sources(store):
                found.setdefault(source.outlet, []).append(source)
            shapes = {oid: outletstate.learned_pattern(store, oid) for oid in config.outlets}
    for oid, outlet in config.outlets.items():
        mark = "" if outlet.verified else (
            "  [не проверено: обходится только по имени (--outlet), пока не пройдёт monitor outlets check]")
        click.echo(f"{oid} — {outlet.name}{mark}")
        for edition in outlet.editions:
            click.echo(f"  {edition.language}: {edition.base_url}")
            for label, paths in (("ленты", edition.feeds), ("карты сайта", edition.sitemaps),
                                 ("списки", edition.listings)):
                if paths:
                    click.echo(f"    {label}: {', '.join(paths)}")
            if edition.discover:
                click.echo("    поиск лент и карт сайта: при обходе")
        for source in found.get(oid, []):
            if source.kind == outletstate.PROBED:
                click.echo(f"  последний поиск: {source.found_at[:16].replace('T', ' ')} UTC")
            else:
                kind = "лента" if source.kind == "feed" else "карта сайта"
                click.echo(f"  найдено: {kind} {source.url} ({_HOW.get(source.found_by, source.found_by)}, "
                           f"записей {source.entries})")
        if outlet.article_pattern is not None:
            click.echo(f"  адреса статей: {outlet.article_pattern.pattern}")
        elif shapes.get(oid):
            click.echo(f"  адреса статей (выучено): {shapes[oid]}")
        else:
            click.echo("  адреса статей: по метаданным страницы")


_FROM = {"selectors": "селекторы", "metadata": "JSON-LD/мета", "fallback": "запасной способ", "missing": "нет"}
_FIELDS = {"title": "заголовок", "date": "дата", "text": "текст", "authors": "авторы"}


@group.command(name="check", help="Проверить вёрстку изданий: загрузить ленту и три свежие статьи, показать, откуда "
                                  "взято каждое поле (селекторы издания, JSON-LD/мета или запасной способ), и "
                                  "отметить селекторы, которые ничего не нашли.")
@click.argument("outlet_ids", nargs=-1)
@click.option("--articles", default=3, show_default=True, type=click.IntRange(1, 20), help="Статей на издание.")
@click.pass_obj
def check(obj: dict, outlet_ids: tuple[str, ...], articles: int) -> None:
    from monitor.extract import extract

    config = _config(obj)
    chosen = [config.outlet(oid) for oid in outlet_ids] if outlet_ids else list(config.outlets.values())

    def fetch_page(url: str) -> bytes:
        return fetch(url, config.crawl.contact, timeout=20)

    def extract_page(body: bytes, url: str, outlet):
        return extract(body, url, outlet, min_chars=config.crawl.min_text_chars)

    failed = 0
    for outlet in chosen:
        for edition in outlet.editions:
            result = outletprobe.check_outlet(outlet, edition, fetch_page, extract_page, articles)
            click.echo(f"{outlet.id} ({edition.language}): {result.source or 'источник не найден'}")
            for page in result.pages:
                fields = ", ".join(f"{_FIELDS[k]}: {_FROM.get(v, v)}" for k, v in page.sources.items())
                click.echo(f"  {page.url}\n    {fields or 'не статья: ' + (page.reason or '?')}")
            problems = result.problems()
            for problem in problems:
                click.echo(f"  ! {problem}")
            if not problems:
                click.echo("  в порядке")
            failed += bool(problems)
    if failed:
        click.echo(f"Проблемы у {failed} из {sum(len(o.editions) for o in chosen)} проверенных версий изданий.", err=True)
        raise SystemExit(1)
