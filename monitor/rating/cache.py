"""A small in-process cache of figures computed over the embedded store.

A rating over a year reads every mention of the year; the web renders the same
pages again and again (the table re-sorted, a download of what is on screen,
the search page's charts beside its facets). Entries are keyed by the store
file and its `rating_version` (store_version table, bumped by triggers on every
write that changes what the figures show: schema migration 12), so any write,
by any process, makes every older entry unreachable: nothing is ever served
stale, and nothing needs to be invalidated by hand.

Values are shared between requests: callers must not change what they get.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
SIZE = 32  # entries: a few pages' worth of figures, each at most some thousand rows

_entries: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


def store_version(db: sqlite3.Connection) -> tuple[str, int]:
    """(store file, rating_version): what an entry is valid for."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    return path, db.execute("SELECT rating_version FROM store_version").fetchone()[0]


def cached(db: sqlite3.Connection, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), or what it returned for the same name and key on this version of the store."""
    # The version is read before computing: the value is at least as new as the key says.
    full = (*store_version(db), name, key)
    with _lock:
        if full in _entries:
            _entries.move_to_end(full)
            return _entries[full]  # type: ignore[return-value]
    value = compute()  # outside the lock: other threads' hits need not wait for a year's rating
    with _lock:
        _entries[full] = value
        _entries.move_to_end(full)
        while len(_entries) > SIZE:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
