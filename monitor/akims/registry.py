"""The akim registry: one row per tenure (a person holding one office for a while).

The file is plain CSV so that updating it after a reshuffle is a one-line edit;
monitor/data/akims.csv documents the columns in its header.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from monitor.akims.dates import DateBound, parse_bound

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "akims.csv"
COLUMNS = (
    "akim_id", "role", "office_id", "level", "region", "position_ru", "position_kk",
    "name_ru", "name_kk", "name_en", "patronymic_ru", "aliases", "start", "end", "uncertain",
)
# Optional, so that a user's registry file written before it existed still loads:
# where each fact comes from, URLs separated by ";".
SOURCE = "source"
_FAR_PAST, _FAR_FUTURE = date(1900, 1, 1), date(2999, 12, 31)


@dataclass(frozen=True)
class Tenure:
    akim_id: str
    role: str  # akim | deputy_akim
    office_id: str  # e.g. "city:almaty"
    level: str  # region | city | district
    region: str
    position_ru: str
    position_kk: str
    name_ru: str  # "Ерболат Досаев": first name(s) then surname
    name_kk: str
    name_en: str
    patronymic_ru: str
    aliases: tuple[str, ...]
    start: DateBound
    end: DateBound
    uncertain: bool
    sources: tuple[str, ...] = ()
    line: int = 0  # line in the file, for validation messages

    @property
    def row_key(self) -> tuple[str, str, str, str]:
        """What a row of the local file replaces in the shipped one: the same person's
        tenure of the same office and role from the same start."""
        return (self.akim_id, self.office_id, self.role, self.start.raw)

    @property
    def key(self) -> tuple[str, str]:
        """What identifies a tenure: one office cannot start twice on the same date."""
        return (self.office_id, self.start.raw)

    def possible_span(self) -> tuple[date, date]:
        """Every day the person may have been in office."""
        return (self.start.lo or _FAR_PAST, self.end.hi or _FAR_FUTURE)

    def certain_span(self, today: date | None = None) -> tuple[date, date] | None:
        """Days the person was surely in office, or None when nothing is sure."""
        start = self.start.hi
        if self.end.is_open:
            end = _FAR_FUTURE
            start = start or (today or date.today())
        else:
            end = self.end.lo
        if start is None and end is None:
            return None
        start, end = start or end, end or start
        return (start, end) if start <= end else None

    def possibly_on(self, day: date) -> bool:
        lo, hi = self.possible_span()
        return lo <= day <= hi

    def surely_on(self, day: date) -> bool:
        span = self.certain_span()
        return span is not None and span[0] <= day <= span[1]

    def ended_before(self, day: date) -> bool:
        return self.end.known and self.end.hi < day

    def started_after(self, day: date) -> bool:
        return self.start.known and self.start.lo > day


def parse_row(row: dict[str, str], line: int = 0) -> Tenure:
    """One CSV row as a Tenure; raises DateFormatError/KeyError on bad input."""
    get = lambda name: (row.get(name) or "").strip()  # noqa: E731
    aliases = _split(get("aliases"))
    return Tenure(
        akim_id=get("akim_id"), role=get("role") or "akim", office_id=get("office_id"),
        level=get("level"), region=get("region"), position_ru=get("position_ru"),
        position_kk=get("position_kk"), name_ru=get("name_ru"), name_kk=get("name_kk"),
        name_en=get("name_en"), patronymic_ru=get("patronymic_ru"), aliases=aliases,
        start=parse_bound(get("start")), end=parse_bound(get("end")),
        uncertain=get("uncertain").lower() in ("yes", "true", "1"), sources=_split(get(SOURCE)), line=line,
    )


def to_row(t: Tenure) -> dict[str, str]:
    """A Tenure back as a CSV row (parse_row's inverse)."""
    return {
        "akim_id": t.akim_id, "role": t.role, "office_id": t.office_id, "level": t.level, "region": t.region,
        "position_ru": t.position_ru, "position_kk": t.position_kk, "name_ru": t.name_ru, "name_kk": t.name_kk,
        "name_en": t.name_en, "patronymic_ru": t.patronymic_ru, "aliases": ";".join(t.aliases),
        "start": t.start.raw, "end": t.end.raw, "uncertain": "yes" if t.uncertain else "",
        SOURCE: " ; ".join(t.sources),
    }


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """The whole file, replaced at once: a crash leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, SOURCE], lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def merge(shipped: list[Tenure], local: list[Tenure]) -> list[Tenure]:
    """The local file over the shipped one: a local row replaces the shipped row with the
    same row_key (an end date added, a spelling fixed) and any other local row is added.
    Shipped updates then never overwrite what the user accepted, and the reverse."""
    replaced = {t.row_key for t in local}
    return [t for t in shipped if t.row_key not in replaced] + list(local)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(missing)}")
        # Line numbers count the header as line 1, as an editor shows them.
        return [(i + 2, row) for i, row in enumerate(reader) if any(row.values())]
