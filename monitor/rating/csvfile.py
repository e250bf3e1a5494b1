"""The rating as one CSV table: a row per akim, then per region, then the total.

UTF-8 with a byte-order mark and ";" between fields, which is what Excel
opens correctly in Russian locales; numbers use a dot. A text that starts
with = + - @ gets a leading apostrophe, so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
from io import StringIO
from typing import Any

from monitor.rating.columns import AKIM_COLUMNS, FIGURES
from monitor.rating.compute import Row
from monitor.rating.report import Report



def csv_text(report: Report) -> str:
    out = StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Строка", "Период", *[c.heading for c in AKIM_COLUMNS]])
    period = f"{report.rating.period.start:%d.%m.%Y}-{report.rating.period.last_day:%d.%m.%Y}"
    sections = (("аким", report.rating.akims), ("регион", report.rating.regions), ("всего", [report.rating.total]))
    for kind, rows in sections:
        for row in rows:
            writer.writerow([kind, period, *_values(kind, row)])
    return "\ufeff" + out.getvalue()


def _values(kind: str, row: Row) -> list[Any]:
    if kind == "аким":
        values = [c.get(row) for c in AKIM_COLUMNS]
    else:  # regions and the total have no position, and their name is in the name column
        values = [row.rank or None, row.name, "", "", *[c.get(row) for c in FIGURES]]
    return [_cell(v) for v in values]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
