"""Parameter types shared by the commands: each refuses what it cannot take with a
one-line usage error naming the option, never a traceback from deeper down."""

from __future__ import annotations

from datetime import datetime, timedelta

import click

from monitor.dates import LOCAL_TZ

MIN_YEAR, MAX_YEAR = 1900, 2200


class LocalDate(click.ParamType):
    """A date option: ГГГГ-ММ-ДД (or an ISO date-time); without an offset, local time in Kazakhstan.

    As a parameter type, click names the option in the error (--since or --until)."""

    name = "ГГГГ-ММ-ДД"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r}: нужна дата в формате ГГГГ-ММ-ДД, например 2025-03-01", param, ctx)
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            # Year 1 or 9999 overflows the time zone arithmetic of every query.
            self.fail(f"{value!r}: дата вне допустимого диапазона {MIN_YEAR}–{MAX_YEAR} годов", param, ctx)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)


class Duration(click.ParamType):
    """An interval option: 30m, 1h, 2d, 1w (more than zero, at most ten years)."""

    name = "ИНТЕРВАЛ"

    def convert(self, value, param, ctx) -> timedelta:
        if isinstance(value, timedelta):
            return value
        # Imported here: the alerts package brings mail, rating and spreadsheet modules
        # (~40 MB), which every command would load at start through monitor.cli otherwise.
        from monitor.alerts.schedule import parse_duration

        try:
            interval = parse_duration(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        if not interval:
            self.fail("интервал должен быть больше нуля", param, ctx)
        return interval


LOCAL_DATE = LocalDate()
DURATION = Duration()


class FilePath(click.Path):
    """click.Path that refuses a NUL byte itself (os.stat would raise ValueError)."""

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201
        if isinstance(value, str) and "\0" in value:
            self.fail(f"{value!r}: недопустимый символ NUL в пути", param, ctx)
        return super().convert(value, param, ctx)
