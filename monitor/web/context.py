"""Per-app state shared by the pages: stores per thread, config, templates."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse

from monitor.search import SearchQuery, SearchResult
from monitor.store import SqliteStore
from monitor.web import present
from monitor.web.security import csrf_token, current_user
from monitor.web.sessions import LoginThrottle
from monitor.web.settings import WebConfig

SearchFn = Callable[[SearchQuery], SearchResult]
BUSY_SECONDS = 5.0


class ThreadStores:
    """One SQLite connection per worker thread: sqlite3 objects stay in their thread."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()

    def get(self) -> SqliteStore:
        store = getattr(self._local, "store", None)
        if store is None:
            # A page waits a few seconds for a crawl's write, then says the store is busy (503).
            store = self._local.store = SqliteStore(self.path, busy_timeout=BUSY_SECONDS)
        return store


@dataclass
class WebContext:
    stores: ThreadStores
    web: WebConfig
    search: SearchFn
    outlets: dict[str, str] = field(default_factory=dict)  # id -> display name
    registry_file: Path | None = None  # the user's akim registry file; None: changes cannot be accepted
    # Names of the alert rules of the configuration (not the web's own): a web rule may not take one.
    config_rule_names: Callable[[], set[str]] = field(default=lambda: set())
    config: Any = None  # the loaded Config, when the command gave it: rules are checked against it
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    hashing: Any = None  # an anyio CapacityLimiter, made on first use inside the event loop
    templates: Environment = field(init=False)

    def __post_init__(self) -> None:
        # autoescape for every template, .svg and .txt included: all text is untrusted.
        self.templates = Environment(loader=PackageLoader("monitor.web", "templates"), autoescape=True)
        self.templates.filters.update(
            local_time=present.local_time, highlight=present.highlight, safe_url=present.safe_url,
            describe=present.describe,
        )
        self.templates.globals.update(
            SENTIMENT_RU=present.SENTIMENT_RU, ROLE_RU=present.ROLE_RU, LANGUAGE_RU=present.LANGUAGE_RU,
            outlets=self.outlets,
        )

    @property
    def db(self) -> sqlite3.Connection:
        return self.stores.get().db


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    ctx: WebContext = request.app.state.ctx
    page = ctx.templates.get_template(name).render(
        request=request, csrf_token=csrf_token(request), user=current_user(request),
        login_required=ctx.web.login_required, **context,
    )
    return HTMLResponse(page, status_code=status)
