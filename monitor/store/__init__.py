"""Stores, chosen by URI scheme (as Scrapy's FilesPipeline chooses its storage).

The embedded SQLite store is the default and is always written first; search
engines are added beside it by the engine module, never instead of it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from monitor.errors import StoreError
from monitor.store.sqlite import SqliteStore

STORE_SCHEMES = {"sqlite": SqliteStore, "": SqliteStore}


def open_store(location: str | Path, must_exist: bool = False) -> SqliteStore:
    """Open a store from a path or a `sqlite:///path` URI.

    must_exist: for commands that only read what a crawl stored, so a mistyped --db is
    an error rather than a new empty store that finds nothing."""
    text = str(location)
    scheme = urlsplit(text).scheme if "://" in text else ""
    try:
        factory = STORE_SCHEMES[scheme]
    except KeyError:
        raise StoreError(f"unknown store scheme {scheme!r} in {text!r}; use a file path or sqlite:///path") from None
    path = urlsplit(text).path if scheme else text
    if must_exist and not Path(path).is_file():
        raise StoreError(f"нет базы {path}: сначала выполните `monitor crawl` или укажите --db / MONITOR_DB")
    return factory(path)


__all__ = ["SqliteStore", "open_store", "STORE_SCHEMES"]
