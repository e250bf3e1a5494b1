"""Partial tenure dates: "2019", "2019-02", "2019-02-14", "?" (unknown) or "" (open).

Sources often give only a year or a month, so a bound is a range [lo, hi]
of days it may fall on, not a single day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

UNKNOWN = "?"
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateFormatError(ValueError):
    pass


@dataclass(frozen=True)
class DateBound:
    raw: str
    lo: date | None  # earliest day the bound may be
    hi: date | None  # latest day the bound may be

    @property
    def known(self) -> bool:
        return self.lo is not None

    @property
    def is_open(self) -> bool:
        """An empty end: still in office."""
        return self.raw == ""

    @property
    def exact(self) -> bool:
        return self.known and self.lo == self.hi


def parse_bound(text: str) -> DateBound:
    raw = (text or "").strip()
    if raw in ("", UNKNOWN):
        return DateBound(raw, None, None)
    match = _PATTERN.match(raw)
    if not match:
        raise DateFormatError(f"bad date {raw!r}: use YYYY, YYYY-MM, YYYY-MM-DD or ?")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return DateBound(raw, date(year, 1, 1), date(year, 12, 31))
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return DateBound(raw, date(year, month, 1), date(year, month, last))
        exact = date(year, month, day)
    except ValueError as exc:
        raise DateFormatError(f"bad date {raw!r}: {exc}") from exc
    return DateBound(raw, exact, exact)


def parse_day(text: str) -> date:
    """A full day from the command line or a test ("2024-03-15")."""
    bound = parse_bound(text)
    if not bound.exact:
        raise DateFormatError(f"need a full date YYYY-MM-DD, got {text!r}")
    return bound.lo
