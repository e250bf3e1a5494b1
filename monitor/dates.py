"""Publication dates: machine-readable first, then what a reader sees.

Dates without an offset are local time at the publication date in Kazakhstan
(UTC+6 in Almaty until 1 March 2024, UTC+5 since): the tz database knows the
switch, so Asia/Almaty is applied, never a fixed offset.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import dateparser

LOCAL_TZ = ZoneInfo("Asia/Almaty")
# Kazakh "2024 жылғы 5 наурыз" / "5 наурыз 2024 ж." carry words dateparser lacks.
_KK_NOISE = re.compile(r"\b(?:жылғы|жыл|ж\.)", re.IGNORECASE)
_WEEKDAY_PREFIX = re.compile(r"^\s*[^\d,]+,\s*(?=\d)")  # "Пятница, 04 Июл 2025"


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp from metadata; naive ones are local time."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)
    return parsed if _plausible(parsed) else None


# A CMS's empty date ("0001-01-01T00:00:00", .NET's DateTime.MinValue) or a typo'd year
# is no publication date: the next source in the chain (the date printed on the page)
# gets its turn, and year 1 never reaches UTC arithmetic, where it overflows.
FIRST_NEWS_YEAR = 1991
FUTURE_SLACK = timedelta(days=2)  # clocks and time zones of outlets' servers


def _plausible(value: datetime) -> bool:
    if not FIRST_NEWS_YEAR <= value.year <= datetime.now().year + 1:
        return False
    return value <= datetime.now(UTC) + FUTURE_SLACK


def parse_visible(text: str | None, now: datetime | None = None) -> datetime | None:
    """A date as printed on a page, in Russian or Kazakh, relative ones included."""
    if not text:
        return None
    cleaned = _WEEKDAY_PREFIX.sub("", " ".join(text.split()))
    cleaned = _KK_NOISE.sub(" ", cleaned).strip(" ,")
    if not cleaned or not re.search(r"\d|сегодня|вчера|бүгін|кеше", cleaned, re.IGNORECASE):
        return None
    base = (now or datetime.now(LOCAL_TZ)).astimezone(LOCAL_TZ).replace(tzinfo=None)
    settings = {
        "TIMEZONE": "Asia/Almaty",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
    }
    parsed = dateparser.parse(cleaned, languages=["ru", "kk", "en"], settings=settings)
    return parsed.astimezone(LOCAL_TZ) if parsed else None  # zoneinfo, not dateparser's pytz


def to_local(value: datetime) -> datetime:
    return value.astimezone(LOCAL_TZ)


# A full date as news prints it in a dateline: "30 декабря 2017", "30.12.2017",
# "2017 жылғы 30 желтоқсан". Only these shapes: a bare "в 2017 году" is no date.
_LEAD_DATE = re.compile(
    r"\b(?:\d{1,2}\s+[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүІі]{3,12}\.?\s+\d{4}"
    r"|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|\d{4}\s+жылғы\s+\d{1,2}\s+[А-Яа-яӘәҒғҚқҢңӨөҰұҮүІі]{3,12})\b"
)
LEAD_CHARS = 400  # "its first lines": a dateline, not a date quoted in the story


def date_in_lead(text: str | None) -> datetime | None:
    """The date of a text without metadata, from a dateline in its first lines."""
    for match in _LEAD_DATE.finditer((text or "")[:LEAD_CHARS]):
        parsed = parse_visible(match.group(0))
        if parsed is not None and _plausible(parsed):
            return parsed
    return None
