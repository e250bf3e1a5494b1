"""A report in a file format by name: what the CLI writes, the web serves and emails attach.

PDF is deliberately absent: the Python libraries that lay out HTML as PDF
either drive a browser or need system libraries (Pango, Cairo) and fonts
with Cyrillic and Kazakh letters; the HTML file is laid out for printing,
so "Print → Save as PDF" in any browser makes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from monitor.rating.csvfile import csv_text
from monitor.rating.printable import html_text
from monitor.rating.report import Report
from monitor.rating.xlsx import workbook_bytes

NO_PDF = ("PDF не поддерживается: откройте HTML-отчёт в браузере и выберите «Печать → Сохранить как PDF» "
          "(страница свёрстана для печати)")


@dataclass(frozen=True)
class FileFormat:
    name: str
    media_type: str
    render: Callable[[Report], bytes]


FORMATS = {
    "xlsx": FileFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook_bytes),
    "csv": FileFormat("csv", "text/csv; charset=utf-8", lambda r: csv_text(r).encode("utf-8")),
    "html": FileFormat("html", "text/html; charset=utf-8", lambda r: html_text(r).encode("utf-8")),
}


def file_name(report: Report, fmt: str) -> str:
    return f"rating-{report.rating.period.slug}.{fmt}"
