"""The rating as one printable HTML page with inline SVG charts (also an email body)."""

from __future__ import annotations

from datetime import datetime

import jinja2

from monitor.rating.charts import timeline_svg, tone_by_region_svg
from monitor.rating.columns import AKIM_COLUMNS, REGION_COLUMNS, formatted
from monitor.rating.period import ALMATY
from monitor.rating.report import Report

SENTIMENT_RU = {"negative": "негативная", "neutral": "нейтральная", "positive": "позитивная"}
_env = jinja2.Environment(
    loader=jinja2.PackageLoader("monitor", "templates"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
    trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)
_env.filters["safe_url"] = lambda url: url if str(url).startswith(("http://", "https://")) else "#"


def html_text(report: Report, now: datetime | None = None) -> str:
    return _env.get_template("rating.html.j2").render(
        report=report, rating=report.rating, formatted=formatted,
        akim_columns=AKIM_COLUMNS, region_columns=REGION_COLUMNS, sentiment_ru=SENTIMENT_RU,
        tone_chart=tone_by_region_svg(report.rating.regions),
        timeline_chart=timeline_svg(report.series, report.series_names, "Упоминания по времени: первые 5 акимов"),
        generated=(now or datetime.now(ALMATY)).astimezone(ALMATY).strftime("%d.%m.%Y %H:%M"),
    )


