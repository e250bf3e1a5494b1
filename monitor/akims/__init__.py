"""The akim registry: loading, validation and lookups by date and by name."""

from monitor.akims.dates import DateBound, DateFormatError, parse_bound, parse_day
from monitor.akims.lookup import Registry
from monitor.akims.registry import DEFAULT_PATH, Tenure
from monitor.akims.validate import validate_file, validate_tenures

__all__ = [
    "DEFAULT_PATH", "DateBound", "DateFormatError", "Registry", "Tenure",
    "parse_bound", "parse_day", "validate_file", "validate_tenures",
]
