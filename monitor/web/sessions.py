"""Logins that can be ended and guessed passwords that are slowed down.

The session cookie is signed but lives in the browser, so it cannot be taken
back by itself: each login also gets a row in web_sessions, and a cookie counts
only while its row exists and its user is still in [web.users]. Logout deletes
the row; removing a user from the config ends that user's sessions at their
next request.

Failed logins are counted per client address and per user name over a sliding
window; past the limit the login form answers 429 with Retry-After, before any
password is hashed, so a flood costs the server (almost) nothing.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime


def start(db: sqlite3.Connection, user: str) -> str:
    sid = secrets.token_urlsafe(32)
    db.execute("INSERT INTO web_sessions(id, user, created_at) VALUES (?,?,?)",
               (sid, user, datetime.now(UTC).isoformat(timespec="seconds")))
    return sid


def is_live(db: sqlite3.Connection, sid: str, user: str) -> bool:
    row = db.execute("SELECT user FROM web_sessions WHERE id=?", (sid,)).fetchone()
    return row is not None and row[0] == user


def end(db: sqlite3.Connection, sid: str) -> None:
    db.execute("DELETE FROM web_sessions WHERE id=?", (sid,))


def end_all_but(db: sqlite3.Connection, users: set[str]) -> None:
    """Sessions of users no longer configured: gone for good, not only refused."""
    marks = ",".join("?" * len(users))
    db.execute(f"DELETE FROM web_sessions WHERE user NOT IN ({marks})", tuple(users))


@dataclass
class LoginThrottle:
    """Failed logins per key ('ip:…', 'user:…') within `window` seconds; at `limit`, wait."""

    per_ip: int = 20
    per_user: int = 5
    window: float = 300.0
    max_keys: int = 10_000  # memory stays bounded under a flood from many addresses
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, ip: str, user: str, now: float | None = None) -> int:
        """Seconds to wait before this address or this user may try again; 0: go ahead."""
        now = time.monotonic() if now is None else now
        wait = 0.0
        with self._lock:
            for key, limit in ((f"ip:{ip}", self.per_ip), (f"user:{user}", self.per_user)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    wait = max(wait, times[0] + self.window - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, ip: str, user: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in (f"ip:{ip}", f"user:{user}"):
                if key not in self._failures and len(self._failures) >= self.max_keys:
                    self._failures.pop(next(iter(self._failures)))  # the oldest key
                self._recent(key, now).append(now)

    def succeeded(self, user: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{user}", None)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times
