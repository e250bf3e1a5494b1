"""The columns of a rating table, shared by the XLSX, CSV and HTML files and the web page.

A value is an int, a share (0..1, shown in per cent), an index (-1..1) or text;
None is "no data" (e.g. a change against a period with no mentions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from monitor.rating.compute import Row

Kind = Literal["int", "share", "index", "text", "change"]


@dataclass(frozen=True)
class Column:
    key: str  # for sorting links and CSV headers' order
    heading: str
    kind: Kind
    get: Callable[[Row], Any]


FIGURES = [
    Column("mentions", "Упоминаний", "int", lambda r: r.current.mentions),
    Column("stories", "Сюжетов (без перепечаток)", "int", lambda r: r.current.stories),
    Column("outlets", "Изданий", "int", lambda r: r.current.outlets),
    Column("negative", "Доля негативных", "share", lambda r: r.current.negative_share),
    Column("positive", "Доля позитивных", "share", lambda r: r.current.positive_share),
    Column("tone", "Индекс тональности", "index", lambda r: r.current.tone_index),
    Column("main", "Доля «главный герой»", "share", lambda r: r.current.main_share),
    Column("previous", "Упоминаний в пред. периоде", "int", lambda r: r.previous.mentions),
    Column("change", "Рост упоминаний", "change", lambda r: r.mentions_change_share),
    Column("tone_change", "Изменение индекса", "index", lambda r: r.tone_change),
    Column("previous_rank", "Место в пред. периоде", "int", lambda r: r.previous_rank),
]
AKIM_COLUMNS = [
    Column("rank", "Место", "int", lambda r: r.rank or None),
    Column("name", "Аким", "text", lambda r: r.name),
    Column("position", "Должность", "text", lambda r: r.position),
    Column("region", "Регион", "text", lambda r: r.region_name),
    *FIGURES,
]
REGION_COLUMNS = [
    Column("rank", "Место", "int", lambda r: r.rank or None),
    Column("name", "Регион", "text", lambda r: r.name),
    *FIGURES,
]
SORT_KEYS = {c.key for c in AKIM_COLUMNS}


def formatted(column: Column, row: Row) -> str:
    """A value as a person reads it: 40 %, +0,25, −12 %, «—» for no data."""
    value = column.get(row)
    if value is None or value == "":
        return "—"
    if column.kind == "share":
        return f"{value * 100:.0f} %"
    if column.kind == "change":
        return f"{value * 100:+.0f} %".replace("-", "−")
    if column.kind == "index":
        return f"{value:+.2f}".replace("-", "−").replace(".", ",")
    return str(value)


def sort_rows(rows: list[Row], key: str, descending: bool = True) -> list[Row]:
    """Rows by one column; rows with no value for it go last either way."""
    column = next((c for c in AKIM_COLUMNS if c.key == key), AKIM_COLUMNS[0])
    present = [r for r in rows if column.get(r) not in (None, "")]
    missing = [r for r in rows if column.get(r) in (None, "")]
    present.sort(key=column.get, reverse=descending)
    return present + missing
