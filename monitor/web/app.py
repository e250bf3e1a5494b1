"""The Starlette application: wiring only; pages live in pages.py and account.py.

The app takes a search function, so it runs on the embedded store or on a
search engine alike; saved searches, person pages and charts always read the
embedded store, which every deployment has.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from monitor.web import account, pages, rating, registry_changes, sessions
from monitor.web.context import SearchFn, ThreadStores, WebContext
from monitor.web.security import GuardMiddleware
from monitor.web.settings import WebConfig

STATIC = Path(__file__).parent / "static"


def create_app(db_path: str | Path, web: WebConfig | None = None, search: SearchFn | None = None,
               outlets: dict[str, str] | None = None, secure_cookies: bool = False,
               registry_file: Path | None = None, config_rule_names: Callable[[], set[str]] | None = None,
               config: Any = None) -> Starlette:
    web = web or WebConfig(secret_key=secrets.token_urlsafe(32))
    stores = ThreadStores(Path(db_path))
    stores.get()  # open once now: migrations run and a bad path fails at start, not per page
    if web.login_required:
        sessions.end_all_but(stores.get().db, set(web.users))  # users removed from the config
    ctx = WebContext(stores=stores, web=web, search=search or (lambda q: stores.get().search(q)),
                     outlets=outlets or {}, registry_file=registry_file, config_rule_names=config_rule_names or set,
                     config=config)
    secure = web.secure_cookies if web.secure_cookies is not None else secure_cookies
    middleware = [
        Middleware(SessionMiddleware, secret_key=web.secret_key, session_cookie="akim_session",
                   max_age=12 * 3600, same_site="lax", https_only=secure),
        Middleware(GuardMiddleware, login_required=web.login_required,
                   session_live=lambda sid, user: user in web.users and sessions.is_live(ctx.db, sid, user)),
    ]
    routes = [*pages.ROUTES, *rating.ROUTES, *account.ROUTES, *registry_changes.ROUTES,
              Route("/healthz", lambda r: PlainTextResponse("ok")),
              Mount("/static", StaticFiles(directory=STATIC), name="static")]
    middleware.insert(0, Middleware(pages.UrlLimit))
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=pages.ERROR_HANDLERS)
    app.state.ctx = ctx
    return app
