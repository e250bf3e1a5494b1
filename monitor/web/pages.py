"""Read-only pages: search with charts, and a person's page."""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import replace
from datetime import datetime, timedelta
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from monitor.errors import MonitorError
from monitor.search import SearchQuery
from monitor.store.sqlite_search import mention_dict, period_where
from monitor.web import charts, people, stats
from monitor.web.context import WebContext, render
from monitor.web.present import one_per_story, pagination
from monitor.web.security import HEADERS
from monitor.web.query import (ALMATY, LANGUAGES, MAX_PAGE, ROLES, SENTIMENTS, Filters, parse_filters,
                               to_search_query)

MAX_URL = 8192  # bytes of path and query; a search URL is a few hundred
log = logging.getLogger(__name__)
_CHOICES_TTL = 60.0  # seconds; new regions and outlets appear after a crawl, not per request
_choices_cache: dict[str, tuple[float, dict[str, list[str]]]] = {}


def akim_url(key: str) -> str:
    return "/akim/" + quote(key, safe="")


def search_page(request: Request) -> Response:
    ctx: WebContext = request.app.state.ctx
    filters = parse_filters(request.query_params)
    query = to_search_query(filters, ctx.web.page_size)
    result = ctx.search(query)
    overall = replace(query, limit=0, offset=0)
    buckets = stats.timeline(ctx.db, overall)
    top_people, top_outlets = stats.people_and_outlets(ctx.db, overall)
    return render(request, "search.html", {
        "filters": filters,
        "result": result,
        "hits": one_per_story(result.hits),
        "pages": pagination(filters, result.total, ctx.web.page_size, MAX_PAGE),
        "first": query.offset + 1,
        "timeline": charts.timeline_svg(buckets),
        "people_chart": charts.ranking_svg(top_people, "Кого упоминают чаще",
                                           link=lambda r: filters.url(akim=r.key, page=1)),
        "outlets_chart": charts.ranking_svg(_named(ctx, top_outlets), "Издания (упоминания)",
                                            link=lambda r: filters.url(source=r.key, page=1)),
        "choices": _choices(ctx),
        "akim_url": akim_url,
        "SENTIMENTS": SENTIMENTS, "ROLES": ROLES, "LANGUAGES": LANGUAGES,
    })


def akim_page(request: Request) -> Response:
    ctx: WebContext = request.app.state.ctx
    key = request.path_params["key"]
    person = people.profile(ctx.db, key)
    if person is None:
        raise HTTPException(404, "Такой человек не найден ни в реестре, ни в упоминаниях.")
    # Only the period applies here; the other filters belong to the search page.
    period = parse_filters(request.query_params)
    period = replace(Filters(since=period.since, until=period.until), errors=period.errors)
    bounds = to_search_query(period)
    query = SearchQuery(akim=person.akim_id or person.name, since=bounds.since, until=bounds.until, limit=0)
    buckets = stats.timeline(ctx.db, query)
    counts = {label: sum(b.counts[label] for b in buckets) for label in stats.LABELS}
    return render(request, "akim.html", {
        "person": person,
        "recent": _recent_stories(ctx, person, query),
        "period": period,
        "periods": _quick_periods(),
        "counts": counts,
        "timeline": charts.timeline_svg(buckets, "Упоминания по времени"),
        "tone": charts.tone_svg(buckets),
        "outlets_chart": charts.ranking_svg(_named(ctx, stats.top_outlets(ctx.db, query)), "Где пишут"),
        "search_url": period.url(akim=person.akim_id or person.name),
    })


def _quick_periods() -> list[tuple[str, str]]:
    """(label, since) for the links above a person's page; today is the Almaty day."""
    today = datetime.now(ALMATY).date()
    return [(label, (today - timedelta(days=days - 1)).isoformat())
            for label, days in (("7 дней", 7), ("30 дней", 30), ("год", 365))]


def _named(ctx: WebContext, items: list[stats.Ranked]) -> list[stats.Ranked]:
    for item in items:
        item.name = ctx.outlets.get(item.key, item.name)
    return items


def _recent_stories(ctx: WebContext, person: people.Profile, period: SearchQuery,
                    limit: int = 20) -> list[dict]:
    """The person's latest mentions in the period, one per reprint group, with the group's other outlets."""
    bounds, args = period_where(period, "m.published_utc")
    rows = ctx.db.execute(
        "SELECT m.* FROM mentions m "  # m.root: the story, for folding reprints
        "WHERE (m.akim_id = ? OR (m.akim_id IS NULL AND ulower(m.name) = ulower(?)))"
        + "".join(" AND " + b for b in bounds) + " ORDER BY m.published_utc DESC LIMIT ?",
        (person.akim_id or "", person.name, *args, limit * 3),
    ).fetchall()
    stories: dict[str, dict] = {}
    for row in rows:
        story = stories.get(row["root"])
        if story is None:
            stories[row["root"]] = {**mention_dict(row), "reprints": []}
        elif row["source"] != story["source"]:
            story["reprints"].append({"source": row["source"], "url": row["url"]})
    return list(stories.values())[:limit]


def _choices(ctx: WebContext) -> dict[str, list[str]]:
    """Values for the filter lists: regions, outlets and akims seen in the store."""
    cached = _choices_cache.get(str(ctx.stores.path))
    if cached and time.monotonic() - cached[0] < _CHOICES_TTL:
        return cached[1]
    db = ctx.db
    choices = {
        "regions": [r[0] for r in db.execute("SELECT DISTINCT region FROM mentions WHERE region IS NOT NULL "
                                             "ORDER BY 1")],
        "sources": sorted(set(ctx.outlets) | {r[0] for r in db.execute("SELECT DISTINCT source FROM articles")}),
        "akims": [tuple(r) for r in db.execute("SELECT akim_id, max(name) FROM mentions WHERE akim_id IS NOT NULL "
                                               "GROUP BY akim_id ORDER BY 2")],
    }
    _choices_cache[str(ctx.stores.path)] = (time.monotonic(), choices)
    return choices


TITLES = {400: "Неверный запрос", 403: "Доступ запрещён", 404: "Страница не найдена",
          405: "Метод не поддерживается", 414: "Слишком длинный адрес", 429: "Слишком много попыток",
          503: "Сервис временно занят"}


def error_page(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "") if status < 500 or status == 503 else "Внутренняя ошибка сервера."
    response = render(request, "error.html", {"status": status, "title": TITLES.get(status, "Ошибка"),
                                              "detail": detail}, status=status)
    response.headers.update(getattr(exc, "headers", None) or {})
    return response


def store_busy(request: Request, exc: Exception) -> Response:
    """A store locked by a long write (a crawl, a reprocess): a 503 to retry, not a failure."""
    if not (isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)):
        raise exc
    return error_page(request, HTTPException(
        503, "База данных занята другой записью (идёт обход или пересчёт). Повторите через минуту.",
        headers={"Retry-After": "60"}))


def backend_unavailable(request: Request, exc: Exception) -> Response:
    """The search engine down or refusing (`[engine]` search): a 503, the reason in the server log."""
    log.warning("%s %s: %s", request.method, request.url.path, exc)
    return error_page(request, HTTPException(503, "Поиск временно недоступен. Повторите через минуту.",
                                              headers={"Retry-After": "60"}))


def server_error(request: Request, exc: Exception) -> Response:
    """Anything unexpected: the same page and headers as any error, never a bare 500
    (the server logs the traceback)."""
    try:
        response = error_page(request, exc)
    except Exception:  # noqa: BLE001 - the page itself failed: plain text, same headers
        response = PlainTextResponse("500 · Внутренняя ошибка сервера.", status_code=500)
    with_headers(response)  # this handler answers outside the middleware that adds them
    return response


def with_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class UrlLimit:
    """414 for a path and query longer than MAX_URL, as a page with the usual headers
    (plain ASGI: it answers before any other middleware reads the request)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") > MAX_URL:
            request = Request({**scope, "session": {}}, receive)
            response = with_headers(error_page(request, HTTPException(
                414, f"Адрес длиннее {MAX_URL} байт: сократите запрос.")))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


ROUTES = [
    Route("/", search_page, name="search"),
    Route("/akim/{key:path}", akim_page, name="akim"),
]
ERROR_HANDLERS = {HTTPException: error_page, sqlite3.OperationalError: store_busy, MonitorError: backend_unavailable,
                  Exception: server_error}
