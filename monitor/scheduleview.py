"""`monitor run --status`: each outlet's polling schedule and its load on the outlet."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.config import Config
from monitor.dates import LOCAL_TZ
from monitor.pollstate import requests_last_hour, sources
from monitor.store import open_store


def schedule_table(config: Config, outlets: list[str] | None = None, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    with open_store(config.db_path) as store:
        rows = sources(store, outlets)
        load = requests_last_hour(store, now)
    if not rows:
        return "Расписания опроса ещё нет: оно появляется, когда работает `monitor run --every`."
    lines = []
    for outlet in dict.fromkeys(r.outlet for r in rows):
        counts = load.get(outlet, {})
        lines.append(f"{outlet}: запросов за последний час: опрос {counts.get('poll', 0)}, "
                     f"статьи {counts.get('article', 0)} (лимит опроса {config.schedule.outlet_budget} в час)")
        for r in (r for r in rows if r.outlet == outlet):
            due = max(0.0, (r.next_due - now).total_seconds())
            last_new = r.last_new.astimezone(LOCAL_TZ).strftime("%d.%m %H:%M") if r.last_new else "—"
            state = f"ответ {r.last_status}" if r.last_status is not None else "ещё не опрашивался"
            backoff = f", пауза после ошибок ×{r.backoff}" if r.backoff else ""
            lines.append(f"  {r.kind:<8} каждые {_span(r.interval_s):>7}  следующий через {_span(due):>7}  "
                         f"новое: {last_new}  {state}{backoff}  {r.url}")
    return "\n".join(lines)


def _span(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 120:
        return f"{seconds} с"
    if seconds < 7200:
        return f"{seconds // 60} мин"
    return f"{seconds / 3600:.1f} ч"
