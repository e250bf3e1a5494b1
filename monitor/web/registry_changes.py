"""The page of proposed registry changes (appointment and dismissal news), where an
admin accepts them into the user's registry file or rejects them. POSTs check CSRF."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from monitor.akims import Registry
from monitor.appointments import queue
from monitor.appointments.apply import accept, position, registry_rows, reject
from monitor.errors import RegistryChangeError
from monitor.web.context import WebContext, render
from monitor.web.security import checked_form, current_user

RECENT = 30  # decided changes shown under the pending ones


def may_decide(ctx: WebContext, user: str) -> bool:
    """[web] admins, when set, names who may decide; otherwise whoever may use the app."""
    return not ctx.web.admins or user in ctx.web.admins


def changes_page(request: Request) -> Response:
    ctx: WebContext = request.app.state.ctx
    registry = Registry.load(local=ctx.registry_file)
    pending = queue.list_changes(ctx.db, "pending")
    decided = [c for c in queue.list_changes(ctx.db, None, limit=len(pending) + RECENT) if c.status != "pending"]
    return render(request, "akim_changes.html", {
        "pending": [_item(c, registry, with_rows=True) for c in pending],
        "decided": [_item(c, registry) for c in decided[:RECENT]],
        "can_decide": may_decide(ctx, current_user(request)) and ctx.registry_file is not None,
        "registry_file": ctx.registry_file,
        "done": request.query_params.get("done", ""),
        "error": request.query_params.get("error", ""),
    })


async def accept_change(request: Request) -> Response:
    return await _decide(request, lambda ctx, cid, user: accept(ctx.db, cid, ctx.registry_file, by=user), "accepted")


async def reject_change(request: Request) -> Response:
    return await _decide(request, lambda ctx, cid, user: reject(ctx.db, cid, by=user), "rejected")


async def _decide(request: Request, action, done: str) -> Response:  # noqa: ANN001 - (ctx, id, user) -> None
    await checked_form(request)
    ctx: WebContext = request.app.state.ctx
    user = current_user(request)
    if not may_decide(ctx, user) or ctx.registry_file is None:
        raise HTTPException(403, "Принимать и отклонять изменения реестра может только администратор.")
    change_id = request.path_params["id"]
    try:
        action(ctx, change_id, user)
    except RegistryChangeError as exc:
        return RedirectResponse("/akims/changes?" + urlencode({"error": str(exc)}), status_code=303)
    return RedirectResponse("/akims/changes?" + urlencode({"done": done}), status_code=303)


def _item(change: queue.StoredChange, registry: Registry, with_rows: bool = False) -> dict:
    p = change.proposal
    return {
        "id": change.id, "status": change.status, "p": p, "title": position(p, registry)[0] or p.place,
        "rows": registry_rows(p, registry) if with_rows else [], "decided_by": change.decided_by or "",
        "decided_at": change.decided_at or "",
    }


ROUTES = [
    Route("/akims/changes", changes_page, methods=["GET"]),
    Route("/akims/changes/{id:str}/accept", accept_change, methods=["POST"]),
    Route("/akims/changes/{id:str}/reject", reject_change, methods=["POST"]),
]
