"""The /rating page (table, period picker, charts) and its file downloads.

Figures come from monitor.rating over the embedded store, as the other
charts do. The URL holds the whole request, so a link reproduces the page and
each download is the file of exactly what is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Mapping
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from monitor.rating import Rating, RatingFilters, compute_rating, parse_period
from monitor.rating.cache import cached
from monitor.rating.charts import timeline_svg, tone_by_region_svg
from monitor.rating.columns import AKIM_COLUMNS, REGION_COLUMNS, SORT_KEYS, formatted, sort_rows
from monitor.rating.compute import Row
from monitor.rating.files import FORMATS, NO_PDF, file_name
from monitor.rating.period import ALMATY, Period
from monitor.rating.report import LEVELS_RU, build_report
from monitor.web.context import WebContext, render
from monitor.web.pages import _choices, akim_url
from monitor.web.query import LANGUAGES, ROLES, Filters

PARAMS = ("period", "since", "until", "region", "akim", "level", "role", "source", "language", "sort", "dir")


@dataclass(frozen=True)
class RatingParams:
    """The page's query string, as typed; `errors` says what was ignored and why."""

    values: dict[str, str] = field(default_factory=dict)
    errors: tuple[str, ...] = ()

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def url(self, path: str = "/rating", **overrides: str) -> str:
        merged = {**self.values, **overrides}
        query = urlencode({k: v for k, v in merged.items() if v})
        return f"{path}?{query}" if query else path


def parse_params(params: Mapping[str, str], today: date | None = None) -> tuple[RatingParams, Period, RatingFilters]:
    values = {name: (params.get(name) or "").strip()[:200] for name in PARAMS}
    errors = []
    for name, allowed in (("role", ROLES), ("language", LANGUAGES), ("level", tuple(LEVELS_RU)),
                          ("sort", tuple(SORT_KEYS)), ("dir", ("asc", "desc"))):
        if values[name] and values[name] not in allowed:
            errors.append(f"Неизвестное значение «{values[name]}»")
            values[name] = ""
    try:
        period = parse_period(values["period"] or None, _day(values["since"]), _day(values["until"]), today)
    except ValueError as exc:
        errors.append(f"Период: {exc}")
        values.update(period="", since="", until="")
        period = parse_period(today=today)
    filters = RatingFilters(**{name: (values[key],) if values[key] else () for name, key in (
        ("regions", "region"), ("akims", "akim"), ("levels", "level"), ("roles", "role"), ("outlets", "source"),
        ("languages", "language"))})
    return RatingParams({k: v for k, v in values.items() if v}, tuple(errors)), period, filters


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ValueError(f"дата «{text}» не в формате ГГГГ-ММ-ДД") from None


def rating_page(request: Request) -> Response:
    ctx: WebContext = request.app.state.ctx
    params, period, filters = parse_params(request.query_params)
    # The same page again (re-sorted, after a download) costs nothing until the store is written.
    report = cached(ctx.db, "rating_page", (period, filters, tuple(sorted(ctx.outlets.items()))),
                    lambda: build_report(ctx.db, period, filters, ctx.outlets, _rating(ctx, period, filters),
                                         with_stories=False))
    sort, descending = params.get("sort") or "rank", (params.get("dir") or "") != "asc"
    if not params.get("sort"):
        descending = False  # place 1 first
    search = Filters(since=period.start.isoformat(), until=period.last_day.isoformat(), role=params.get("role"),
                     source=params.get("source"), language=params.get("language"))

    def row_links(row: Row, region: bool = False) -> dict[str, str]:
        target = {"region": row.key} if region else {"akim": row.key}
        base = search.url("/", **target)
        return {
            "search": base, "negative": search.url("/", sentiment="negative", **target),
            "positive": search.url("/", sentiment="positive", **target),
            "person": akim_url(row.key) + "?" + urlencode({"since": search.since, "until": search.until}),
        }

    return render(request, "rating.html", {
        "params": params, "period": period, "report": report, "rating": report.rating,
        "akims": sort_rows(report.rating.akims, sort, descending),
        "akim_columns": AKIM_COLUMNS, "region_columns": REGION_COLUMNS, "formatted": formatted,
        "sort": sort, "descending": descending, "row_links": row_links,
        "tone_chart": tone_by_region_svg(report.rating.regions),
        "timeline_chart": timeline_svg(report.series, report.series_names, "Упоминания по времени: первые 5 акимов"),
        "months": _recent_months(), "formats": list(FORMATS), "no_pdf": NO_PDF,
        "ROLES": ROLES, "LANGUAGES": LANGUAGES, "LEVELS_RU": LEVELS_RU, "choices": _choices(ctx),  # the search form's lists: regions, outlets, akims
    })


def rating_download(request: Request) -> Response:
    ctx: WebContext = request.app.state.ctx
    fmt = request.query_params.get("format", "xlsx")
    params, period, filters = parse_params(request.query_params)
    if fmt not in FORMATS:
        raise HTTPException(404, NO_PDF if fmt == "pdf" else f"Нет такого формата: {fmt}")
    report = build_report(ctx.db, period, filters, ctx.outlets, _rating(ctx, period, filters))
    name = file_name(report, fmt)
    return Response(FORMATS[fmt].render(report), media_type=FORMATS[fmt].media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _rating(ctx: WebContext, period: Period, filters: RatingFilters) -> Rating:
    """The rating of what is on screen, shared by the page and its downloads."""
    return cached(ctx.db, "rating", (period, filters), lambda: compute_rating(ctx.db, period, filters))


def _recent_months(count: int = 6) -> list[tuple[str, str]]:
    """(value, label) of the last months, the current one first."""
    first = datetime.now(ALMATY).date().replace(day=1)
    out = []
    for _ in range(count):
        period = parse_period(f"{first:%Y-%m}")
        out.append((f"{first:%Y-%m}", period.label))
        first = (first - timedelta(days=1)).replace(day=1)
    return out


ROUTES = [
    Route("/rating", rating_page, name="rating"),
    Route("/rating/download", rating_download, name="rating_download"),
]
