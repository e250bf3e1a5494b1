"""`monitor report`: the media rating of akims for a period, as XLSX, CSV or HTML."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from monitor.akims import Registry
from monitor.commands.akims import check_region
from monitor.commands.params import LOCAL_DATE, FilePath
from monitor.config import load_config
from monitor.errors import MonitorError
from monitor.rating import RatingFilters, parse_period
from monitor.rating.files import FORMATS, NO_PDF, file_name
from monitor.rating.report import build_report
from monitor.store import open_store


@click.command()
@click.option("--period", help="Месяц ГГГГ-ММ (например 2026-11). По умолчанию — прошлый полный месяц.")
@click.option("--since", type=LOCAL_DATE, help="Вместо месяца: с даты (ГГГГ-ММ-ДД).")
@click.option("--until", type=LOCAL_DATE, help="Вместо месяца: по дату включительно (ГГГГ-ММ-ДД).")
@click.option("--region", "regions", multiple=True, help="Только этот регион (id, например almaty; можно несколько раз).")
@click.option("--akim", "akims", multiple=True, help="Только этот аким: id из реестра или имя (можно несколько раз).")
@click.option("--level", "levels", multiple=True, type=click.Choice(["region", "city", "district"]),
              help="Уровень: область, город, район.")
@click.option("--role", "roles", multiple=True, type=click.Choice(["akim", "deputy_akim", "former_akim"]),
              help="Роль упомянутого.")
@click.option("--outlet", "outlets", multiple=True, help="Только это издание (id; можно несколько раз).")
@click.option("--language", "languages", multiple=True, type=click.Choice(["ru", "kk", "en", "other"]),
              help="Язык статьи (по умолчанию все: казахские статьи считаются вместе с русскими).")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "pdf"]),
              help="xlsx (сводка, лист на регион, сюжеты со ссылками), csv (одна таблица) или html (для печати, "
                   "с графиками). PDF не поддерживается: напечатайте HTML в PDF из браузера. "
                   "По умолчанию — по расширению файла.")
@click.option("-o", "--output", type=FilePath(dir_okay=False, path_type=Path),
              help="Куда записать отчёт (по умолчанию rating-ГГГГ-ММ.xlsx в текущей папке).")
@click.option("--engine", "use_engine", is_flag=True,
              help="Считать цифры рейтинга в Elasticsearch/OpenSearch из конфигурации (списки сюжетов — из базы).")
@click.pass_obj
def command(obj: dict, period: str | None, since: datetime | None, until: datetime | None, fmt: str | None,
            output: Path | None, use_engine: bool, regions: tuple[str, ...], outlets: tuple[str, ...], **filters) -> None:
    """Медиарейтинг акимов за период: упоминания, сюжеты, издания, тональность, изменение к прошлому периоду."""
    fmt = fmt or (output.suffix.lstrip(".").lower() if output else "xlsx")
    if fmt == "pdf":
        raise click.UsageError(NO_PDF)
    if fmt not in FORMATS:
        raise click.UsageError(f"не знаю формат «{fmt}»: укажите --format xlsx, csv или html")
    try:
        span = parse_period(period, since.date() if since else None, until.date() if until else None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period / --since / --until") from None
    config = load_config(obj["config_path"], obj["db"])
    registry = Registry.load() if regions else None
    for region in regions:
        check_region(registry, region)
    for outlet in outlets:
        config.outlet(outlet)  # an unknown id: an error naming the known ones, not an empty report
    rating_filters = RatingFilters(regions=regions, outlets=outlets, **filters)
    names = {key: outlet.name for key, outlet in config.outlets.items()}
    with open_store(config.db_path, must_exist=True) as store:
        rating = None
        if use_engine:
            from monitor.rating.engine import engine_rating

            rating = engine_rating(config, span, rating_filters)
        report = build_report(store.db, span, rating_filters, names, rating=rating)
    output = output or Path(file_name(report, fmt))
    content = FORMATS[fmt].render(report)
    try:
        output.write_bytes(content)
    except OSError as exc:
        raise MonitorError(f"не удалось записать отчёт в {output}: {exc.strerror}") from None
    total = report.rating.total.current
    click.echo(f"Рейтинг за {span.label}: акимов {sum(1 for r in report.rating.akims if r.current.mentions)}, "
               f"упоминаний {total.mentions}, сюжетов {total.stories} → {output}", err=True)
