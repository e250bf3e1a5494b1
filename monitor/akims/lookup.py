"""Questions asked of the registry: who held an office on a day, who is called X."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from monitor.akims.registry import DEFAULT_PATH, Tenure, merge, parse_row, read_rows


@dataclass
class Registry:
    tenures: list[Tenure]
    _by_person: dict[str, list[Tenure]] = field(init=False, repr=False)
    _by_office: dict[str, list[Tenure]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_person = defaultdict(list)
        self._by_office = defaultdict(list)
        for tenure in self.tenures:
            self._by_person[tenure.akim_id].append(tenure)
            self._by_office[tenure.office_id].append(tenure)

    @classmethod
    def load(cls, path: Path | str | None = None, local: Path | str | None = None) -> Registry:
        """The registry file (the shipped one by default), with the user's local file,
        when given and present, merged over it (see registry.merge)."""
        tenures = read_tenures(Path(path) if path else DEFAULT_PATH)
        if local is not None and Path(local).is_file():
            tenures = merge(tenures, read_tenures(Path(local)))
        return cls(tenures)

    def person_ids(self) -> list[str]:
        return sorted(self._by_person)

    def tenures_of(self, akim_id: str) -> list[Tenure]:
        return list(self._by_person.get(akim_id, []))

    def offices(self) -> list[str]:
        return sorted(self._by_office)

    def regions(self) -> list[str]:
        return sorted({t.region for t in self.tenures})

    def office_title(self, office_id: str | None, role: str = "akim") -> str | None:
        """"аким Туркестанской области": the office's name as the registry writes it."""
        return next((t.position_ru for t in self._by_office.get(office_id or "", []) if t.role == role), None)

    def holder(self, office_id: str, day: date, role: str = "akim") -> Tenure | None:
        """Who held office_id on day; None when nobody or when the dates can't tell."""
        candidates = [
            t for t in self._by_office.get(office_id, []) if t.role == role and t.possibly_on(day)
        ]
        sure = [t for t in candidates if t.surely_on(day)]
        if len(sure) == 1:
            return sure[0]
        # A tenure with no known start "covers" every earlier day only for lack of data:
        # "аким Костаная" in 2015 is not the one whose start nobody recorded and who left
        # in 2024. Such a tenure answers only for days within a usual term before its end.
        plausible = [t for t in candidates if t.start.known or _within_a_term_of_end(t, day)]
        return plausible[0] if len(candidates) == 1 and plausible else None

    def tenure_on(self, akim_id: str, day: date | None) -> Tenure | None:
        """The person's tenure that covers day, else the latest one that ended before it."""
        tenures = self._by_person.get(akim_id, [])
        if not tenures:
            return None
        if day is None:
            return _latest(tenures)
        covering = [t for t in tenures if t.surely_on(day)] or [
            t for t in tenures if t.possibly_on(day)
        ]
        if covering:
            return _latest(covering)
        before = [t for t in tenures if t.ended_before(day)]
        return _latest(before) if before else None

    def filter(
        self, region: str | None = None, level: str | None = None, on: date | None = None
    ) -> list[Tenure]:
        region = region.lower() if region else region  # ids are lower case; search takes any case too
        found = [
            t for t in self.tenures
            if (region is None or t.region == region or t.office_id.endswith(":" + region))
            and (level is None or t.level == level)
            and (on is None or self.holder(t.office_id, on, t.role) is t)
        ]
        return sorted(found, key=lambda t: (t.office_id, t.start.lo or date.min))

    def search(self, query: str) -> list[Tenure]:
        """Tenures whose any spelling contains every word of the query."""
        words = [w for w in _fold(query).split() if w]
        return [t for t in self.tenures if words and all(w in _haystack(t) for w in words)]


def read_tenures(path: Path) -> list[Tenure]:
    return [parse_row(row, line) for line, row in read_rows(path)]


USUAL_TERM_DAYS = 5 * 366


def _within_a_term_of_end(tenure: Tenure, day: date) -> bool:
    return tenure.end.known and (tenure.end.hi - day).days <= USUAL_TERM_DAYS


def _latest(tenures: list[Tenure]) -> Tenure:
    return max(tenures, key=lambda t: (t.end.is_open, t.end.hi or date.min, t.start.lo or date.min))


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def _haystack(tenure: Tenure) -> str:
    parts = [tenure.akim_id, tenure.name_ru, tenure.name_kk, tenure.name_en, *tenure.aliases]
    return _fold(" ".join(parts))
