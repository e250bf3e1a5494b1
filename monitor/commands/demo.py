"""`monitor demo`: the pipeline end to end on bundled sample outlets, offline."""

from __future__ import annotations

import json

import click

from monitor.demo import DemoResult, run_demo
from monitor.commands.search import ROLE_WORDS, SENTIMENT_WORDS


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Сводка в формате JSON.")
@click.option("--keep", is_flag=True, help="Не удалять базу демо после показа.")
@click.pass_obj
def command(obj: dict, as_json: bool, keep: bool) -> None:
    """Показ без сети: локальные копии изданий на 127.0.0.1, обход, упоминания, тональность."""
    click.echo("Запуск локальных копий Tengrinews, NUR.KZ, BNews и Ratel на 127.0.0.1 и обход…", err=True)
    result = run_demo(db=obj.get("db"), keep=keep)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render(result))


def render(result: DemoResult) -> str:
    lines = ["Обход:", *("  " + line for line in result.report.summary().splitlines()), ""]
    lines.append(f"В базе: статей {result.counts['articles']}, упоминаний {result.counts['mentions']}, "
                 f"перепечаток {result.counts['reprints']}")
    for a in result.articles:
        mood = SENTIMENT_WORDS.get(a["sentiment"]["label"], "?")
        reprint = " (перепечатка)" if a["duplicate_of"] else ""
        lines.append(f"\n  {(a['published_at'] or '')[:16].replace('T', ' ')} {a['source']} [{a['language']}] "
                     f"[{mood}] {a['title']}{reprint}")
        for m in a["mentions"]:
            known = "" if m["akim_id"] else ", нет в реестре"
            lines.append(f"      {m['name']} — {ROLE_WORDS.get(m['role'], m['role'])}{known}, "
                         f"{SENTIMENT_WORDS.get(m['sentiment'], '?')}")
    if result.top_akims:
        lines.append("\nЧаще всего упоминались: " + ", ".join(f"{n} ({c})" for n, c in result.top_akims))
    lines.append(f"Поиск «{result.query}» (все падежи): {result.query_total} статей")
    lines.append(f"База: {result.db_path}" if result.kept else "База демо была временной и удалена (--keep, чтобы оставить).")
    return "\n".join(lines)
