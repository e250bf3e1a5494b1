"""The rating as an Excel workbook (openpyxl): a summary, a sheet per region, the stories."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from monitor.rating.columns import AKIM_COLUMNS, REGION_COLUMNS, Column
from monitor.rating.compute import Row
from monitor.rating.regions import region_name
from monitor.rating.report import Report
from monitor.rating.stories import Story

FORMATS = {"share": "0%", "change": "+0%;-0%;0%", "index": "+0.00;-0.00;0.00"}
SENTIMENT_RU = {"negative": "негативная", "neutral": "нейтральная", "positive": "позитивная"}
BOLD = Font(bold=True)
LINK = Font(color="0563C1", underline="single")
STORY_HEADINGS = ("Дата", "Аким", "Регион", "Заголовок", "Издание", "Тональность", "Главный герой",
                  "Перепечаток", "Другие издания")


def workbook_bytes(report: Report) -> bytes:
    out = BytesIO()
    build_workbook(report).save(out)
    return out.getvalue()


def build_workbook(report: Report) -> Workbook:
    book = Workbook()
    summary = book.active
    summary.title = "Сводка"
    _summary(summary, report)
    used = {"сводка", "сюжеты"}
    for region in report.rating.regions:
        if not region.current.mentions:
            continue
        sheet = book.create_sheet(_sheet_name(region.name, used))
        _put(sheet, [f"{region.name} — {report.rating.period.label}"])
        sheet["A1"].font = Font(bold=True, size=13)
        _put(sheet, [])
        _table(sheet, AKIM_COLUMNS, report.region_rows(region.key))
        _put(sheet, [])
        _stories(sheet, report, report.region_stories(region.key))
    _stories(book.create_sheet("Сюжеты"), report, report.stories)
    return book


def _summary(sheet: Worksheet, report: Report) -> None:
    rating = report.rating
    _put(sheet, [f"Медиарейтинг акимов: {rating.period.label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    _put(sheet, ["Период", f"{rating.period.start:%d.%m.%Y} — {rating.period.last_day:%d.%m.%Y}"])
    _put(sheet, ["Сравнение с", f"{rating.previous_period.start:%d.%m.%Y} — {rating.previous_period.last_day:%d.%m.%Y}"])
    for line in report.filter_lines:
        _put(sheet, ["Фильтр", line])
    _put(sheet, ["Индекс тональности", "(позитивные − негативные) / упоминания; читать вместе с числом упоминаний"])
    _put(sheet, ["Главный герой", "доля упоминаний, где человек назван в заголовке или первом абзаце"])
    _put(sheet, [])
    _put(sheet, ["Регионы"])
    sheet.cell(sheet.max_row, 1).font = BOLD
    _table(sheet, REGION_COLUMNS, [*rating.regions, rating.total])
    _put(sheet, [])
    _put(sheet, ["Акимы"])
    sheet.cell(sheet.max_row, 1).font = BOLD
    _table(sheet, AKIM_COLUMNS, rating.akims)
    sheet.column_dimensions["A"].width = 20


def _table(sheet: Worksheet, columns: list[Column], rows: list[Row]) -> None:
    _put(sheet, [c.heading for c in columns])
    head = sheet.max_row
    for cell in sheet[head]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        _put(sheet, [c.get(row) for c in columns])
        for n, column in enumerate(columns, 1):
            if column.kind in FORMATS:
                sheet.cell(sheet.max_row, n).number_format = FORMATS[column.kind]
    for n, column in enumerate(columns, 1):
        letter = get_column_letter(n)
        width = 30 if column.kind == "text" else 13
        sheet.column_dimensions[letter].width = max(sheet.column_dimensions[letter].width or 0, width)


def _stories(sheet: Worksheet, report: Report, stories: list[Story]) -> None:
    _put(sheet, ["Сюжеты (перепечатки свёрнуты: показан первый выпуск)"])
    sheet.cell(sheet.max_row, 1).font = BOLD
    _put(sheet, list(STORY_HEADINGS))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    if sheet.title == "Сюжеты":
        sheet.freeze_panes = "A3"
    for story in stories:
        values: list[Any] = [
            story.published.replace(tzinfo=None) if story.published else None, story.person,
            region_name(story.region), story.title, report.outlet(story.source),
            SENTIMENT_RU.get(story.sentiment, story.sentiment), "да" if story.main_subject else "нет",
            len(story.copies), ", ".join(report.outlet(s) for s, _ in story.copies),
        ]
        _put(sheet, values)
        row = sheet.max_row
        sheet.cell(row, 1).number_format = "DD.MM.YYYY HH:MM"
        title = sheet.cell(row, 4)
        if story.url.startswith(("http://", "https://")):
            title.hyperlink = story.url
            title.font = LINK
    for letter, width in zip("ABCDEFGHI", (17, 24, 24, 60, 16, 14, 10, 10, 30)):
        sheet.column_dimensions[letter].width = max(sheet.column_dimensions[letter].width or 0, width)


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique regardless of case."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Регион"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _put(sheet: Worksheet, values: list[Any]) -> None:
    """Append a row; crawled text stays text (a title starting with "=" is no formula)."""
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
