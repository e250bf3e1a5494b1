"""Pages that change state: login, saved searches, alert rules. All POSTs check CSRF."""

from __future__ import annotations

import re
import secrets
import sqlite3

import anyio
import anyio.to_thread
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from monitor.web import saved, sessions
from monitor.web.context import WebContext, render
from monitor.web.rules_toml import rule_toml, write_rules
from monitor.web.security import checked_form, current_user, safe_next
from monitor.web.settings import check_login

EMAIL_RE = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _saved_id(request: Request) -> int:
    """The id in the path; one past SQLite's integers is simply no such search."""
    value = request.path_params["id"]
    if not 0 < value < 2**63:
        raise HTTPException(404, "Сохранённый поиск не найден.")
    return value


def _saved_or_404(ctx: WebContext, request: Request) -> saved.SavedSearch:
    found = saved.get_search(ctx.db, _saved_id(request), current_user(request))
    if found is None:
        raise HTTPException(404, "Сохранённый поиск не найден.")
    return found


def saved_list(request: Request) -> Response:
    ctx: WebContext = request.app.state.ctx
    owner = current_user(request)
    rules = saved.list_rules(ctx.db, owner)
    return render(request, "saved.html", {
        "searches": saved.list_searches(ctx.db, owner),
        "rules": rules,
        "rules_toml": "\n".join(rule_toml(r) for r in rules),
        "created": request.query_params.get("created", ""),
    })


async def saved_create(request: Request) -> Response:
    form = await checked_form(request)
    ctx: WebContext = request.app.state.ctx
    name = form.get("name", "").strip()
    if not name:
        raise HTTPException(400, "Укажите название поиска.")
    # Writes wait for the store's lock in a worker thread, never on the event loop.
    await run_in_threadpool(lambda: saved.save_search(ctx.db, name, form.get("query", ""), current_user(request)))
    return _see_other("/saved")


def saved_open(request: Request) -> Response:
    found = _saved_or_404(request.app.state.ctx, request)
    return _see_other("/?" + found.query if found.query else "/")


async def saved_delete(request: Request) -> Response:
    await checked_form(request)
    ctx: WebContext = request.app.state.ctx
    await run_in_threadpool(lambda: saved.delete_search(ctx.db, _saved_id(request), current_user(request)))
    return _see_other("/saved")


def alert_form(request: Request) -> Response:
    found = _saved_or_404(request.app.state.ctx, request)
    values = {"name": f"saved-{found.id}", "recipients": "", "delivery": "immediate",
              "every": "daily", "at": "08:00", "day": "monday"}
    return render(request, "alert_form.html", {"saved": found, "values": values, "error": ""})


async def alert_create(request: Request) -> Response:
    form = await checked_form(request)
    return await run_in_threadpool(_alert_create, request, form)


def _alert_create(request: Request, form: dict[str, str]) -> Response:
    ctx: WebContext = request.app.state.ctx
    found = _saved_or_404(ctx, request)
    values = {k: form.get(k, "").strip() for k in ("name", "recipients", "delivery", "every", "at", "day")}
    recipients = [r for r in re.split(r"[\s,;]+", values["recipients"]) if r]
    rule = saved.rule_from_search(found, values["name"], recipients, values["delivery"] or "immediate",
                                  values["every"] or "daily", values["at"] or "08:00", values["day"] or "monday")
    error = _rule_error(ctx, rule, recipients)
    if error:
        return render(request, "alert_form.html", {"saved": found, "values": values, "error": error}, status=400)
    owner = current_user(request)
    try:
        saved.save_rule(ctx.db, rule, found.id, owner)
    except sqlite3.IntegrityError:  # the same name saved a moment ago by another request
        error = f"Правило с именем {rule['name']} уже есть."
        return render(request, "alert_form.html", {"saved": found, "values": values, "error": error}, status=400)
    if ctx.web.alert_rules_file is not None:
        # Every user's rules: the file is one for all of them, read by the alerts as a whole.
        write_rules(ctx.web.alert_rules_file, saved.list_rules(ctx.db, None))
    return _see_other("/saved?created=" + rule["name"])


def _rule_error(ctx: WebContext, rule: dict, recipients: list[str]) -> str:
    if not recipients or not all(EMAIL_RE.fullmatch(r) for r in recipients):
        return "Укажите адреса получателей через запятую, например press@akimat.kz."
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", rule["name"]):
        return "Имя правила: латинские буквы, цифры, «-», «_» или «.» (например almaty-negative)."
    if saved.rule_exists(ctx.db, rule["name"]) or rule["name"] in ctx.config_rule_names():
        return f"Правило с именем {rule['name']} уже есть."
    problem = saved.check_rule(rule, ctx.config)
    return f"Правило не прошло проверку: {problem}" if problem else ""


def login_page(request: Request) -> Response:
    return render(request, "login.html", {"next": safe_next(request.query_params.get("next")), "error": ""})


HASHING_AT_ONCE = 2  # scrypt is ~50 ms of CPU and 16 MB: a login flood must not take every thread


async def login_submit(request: Request) -> Response:
    form = await checked_form(request)
    ctx: WebContext = request.app.state.ctx
    user, target = form.get("user", "")[:200], safe_next(form.get("next"))
    ip = request.client.host if request.client else "?"
    wait = ctx.throttle.retry_after(ip, user)
    if wait:
        raise HTTPException(429, f"Слишком много неудачных попыток входа. Повторите через {wait} с.",
                            headers={"Retry-After": str(wait)})
    if ctx.hashing is None:
        ctx.hashing = anyio.CapacityLimiter(HASHING_AT_ONCE)
    # Off the event loop: other users' pages keep their speed while passwords are hashed.
    ok = await anyio.to_thread.run_sync(check_login, ctx.web, user, form.get("password", ""), limiter=ctx.hashing)
    if not ok:
        ctx.throttle.failed(ip, user)
        return render(request, "login.html", {"next": target, "error": "Неверное имя или пароль."}, status=401)
    ctx.throttle.succeeded(user)
    sid = await run_in_threadpool(lambda: sessions.start(ctx.db, user))  # ctx.db: the worker's own
    request.session.clear()  # a fresh session on login: no fixation of a pre-login cookie
    request.session.update(user=user, sid=sid, csrf=secrets.token_urlsafe(32))
    return _see_other(target)


async def logout(request: Request) -> Response:
    await checked_form(request)
    ctx: WebContext = request.app.state.ctx
    sid = str(request.session.get("sid", ""))
    if sid:
        await run_in_threadpool(lambda: sessions.end(ctx.db, sid))  # the cookie, if kept, no longer logs in
    request.session.clear()
    return _see_other("/login")


ROUTES = [
    Route("/saved", saved_list, methods=["GET"]),
    Route("/saved", saved_create, methods=["POST"]),
    Route("/saved/{id:int}", saved_open, methods=["GET"]),
    Route("/saved/{id:int}/delete", saved_delete, methods=["POST"]),
    Route("/saved/{id:int}/alert", alert_form, methods=["GET"]),
    Route("/saved/{id:int}/alert", alert_create, methods=["POST"]),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login_submit, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
]
