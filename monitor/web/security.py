"""Login, CSRF tokens and response headers.

Sessions are Starlette's signed cookies (itsdangerous): HttpOnly, SameSite=Lax,
Secure unless serving plain HTTP on loopback. Every POST carries the session's
CSRF token in a hidden field, compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

OPEN_PATHS = ("/login", "/static/", "/healthz")
HEADERS = {
    # No inline script anywhere, so the strictest script policy costs nothing.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def checked_form(request: Request) -> dict[str, str]:
    """The POSTed form, after the CSRF check; a bad or missing token is a 403."""
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    expected = request.session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(403, "Форма устарела или пришла с чужого сайта. Обновите страницу и повторите.")
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


def current_user(request: Request) -> str:
    """The logged-in user, or "" when login is off (one shared owner)."""
    return str(request.session.get("user", ""))


def safe_next(target: str | None) -> str:
    """Only local paths: a login link must not become an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


class GuardMiddleware(BaseHTTPMiddleware):
    """Sends anonymous users to /login when users are configured; adds headers.

    `session_live(sid, user)` says whether a login still stands (not logged out, user
    still configured); a cookie whose login ended is cleared, as if it never logged in."""

    def __init__(self, app, login_required: bool,  # type: ignore[no-untyped-def]
                 session_live: Callable[[str, str], bool] | None = None):
        super().__init__(app)
        self.login_required = login_required
        self.session_live = session_live

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        user = current_user(request)
        if user:
            sid = str(request.session.get("sid", ""))
            live = self.login_required and self.session_live is not None and sid and \
                await run_in_threadpool(self.session_live, sid, user)
            if not live:
                request.session.clear()
        path = request.url.path
        if self.login_required and not current_user(request) and not path.startswith(OPEN_PATHS):
            target = path + ("?" + request.url.query if request.url.query else "")
            response: Response = RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)
        else:
            response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
