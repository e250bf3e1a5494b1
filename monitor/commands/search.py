"""`monitor search`: keyword and filter search over the store or the engine."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timedelta

import click

from monitor.akims import Registry
from monitor.commands.akims import check_region
from monitor.commands.params import LOCAL_DATE
from monitor.config import load_config
from monitor.search import SearchQuery, SearchResult
from monitor.store import open_store

SENTIMENT_WORDS = {"negative": "негатив", "neutral": "нейтрально", "positive": "позитив"}
ROLE_WORDS = {"akim": "аким", "deputy_akim": "заместитель акима", "former_akim": "бывший аким"}


@click.command()
@click.argument("query", required=False, default="")
@click.option("--akim", help="Аким: id из реестра или имя.")
@click.option("--region", help="Регион (id, например almaty).")
@click.option("--role", type=click.Choice(sorted(ROLE_WORDS)), help="Роль упомянутого.")
@click.option("--sentiment", type=click.Choice(sorted(SENTIMENT_WORDS)), help="Тональность.")
@click.option("--main", "main_subject", is_flag=True, help="Только где аким — главный герой.")
@click.option("--outlet", help="Издание (id).")
@click.option("--language", type=click.Choice(["ru", "kk", "en", "other"]), help="Язык статьи.")
@click.option("--since", type=LOCAL_DATE, help="С даты (ГГГГ-ММ-ДД).")
@click.option("--until", type=LOCAL_DATE, help="По дату включительно (ГГГГ-ММ-ДД).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0, 10_000),
              help="Сколько результатов показать (0: только итоги).")
@click.option("--engine", "use_engine", is_flag=True, help="Искать в Elasticsearch/OpenSearch из конфигурации.")
@click.option("--json", "as_json", is_flag=True, help="Результат в формате JSON.")
@click.pass_obj
def command(obj: dict, query: str, since: datetime | None, until: datetime | None, use_engine: bool,
            as_json: bool, **filters) -> None:
    """Найти статьи по словам (любые падежи) и фильтрам."""
    config = load_config(obj["config_path"], obj["db"])
    if since and until and since > until:
        raise click.BadParameter(f"--since {since:%Y-%m-%d} позже, чем --until {until:%Y-%m-%d}")
    if filters["region"]:
        check_region(Registry.load(), filters["region"])
    if filters["outlet"]:
        config.outlet(filters["outlet"])  # an unknown id: an error with the known ones, not 0 results
    q = SearchQuery(text=query, since=since, until=until + timedelta(days=1) if until else None,
                    source=filters.pop("outlet"), **filters)
    if use_engine:
        from monitor.engines.search import engine_search

        result = engine_search(config, q)
    else:
        with open_store(config.db_path, must_exist=True) as store:
            result = store.search(q)
    if as_json:
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
    else:
        click.echo(render(result))


def render(result: SearchResult) -> str:
    lines = [f"Найдено статей: {result.total}"]
    for hit in result.hits:
        date = (hit.published_at or "")[:16].replace("T", " ")
        mood = SENTIMENT_WORDS.get(hit.sentiment.get("label"), "?")
        lines.append(f"\n{date}  {hit.source}  [{hit.language}] [{mood}]  {hit.title}")
        lines.append(f"   {hit.snippet}")
        lines.append(f"   {hit.url}")
        people = [f"{m['person']['name']} ({ROLE_WORDS.get(m['person']['role'], m['person']['role'])}, "
                  f"{SENTIMENT_WORDS.get(m['sentiment']['label'], '?')})" for m in hit.mentions]
        if people:
            lines.append("   упоминания: " + "; ".join(people))
        if hit.reprints:
            lines.append("   та же новость: " + ", ".join(sorted({r["source"] for r in hit.reprints})))
    if result.by_akim:
        lines.append("\nПо акимам: " + ", ".join(f"{k} — {v}" for k, v in result.by_akim.items()))
    if result.by_sentiment:
        lines.append("По тональности: " + ", ".join(
            f"{SENTIMENT_WORDS.get(k, k)} — {v}" for k, v in result.by_sentiment.items()))
    return "\n".join(lines)
