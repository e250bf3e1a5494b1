"""OpenSearch 2/3 through opensearch-py: builds the client, reads its errors."""

from __future__ import annotations

from typing import Any

import opensearchpy
from opensearchpy import helpers

from monitor.engines.client import ClientKind, EngineClient
from monitor.engines.settings import EngineConfig


def _describe(exc: BaseException) -> tuple[int | None, str]:
    status = getattr(exc, "status_code", None)
    info = getattr(exc, "info", None)
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        err = info["error"]
        root = (err.get("root_cause") or [err])[0]
        return (status if isinstance(status, int) else None), f"{root.get('type')}: {root.get('reason')}"
    return (status if isinstance(status, int) else None), str(getattr(exc, "error", exc))


KIND = ClientKind(
    name="OpenSearch",
    connection_errors=(opensearchpy.ConnectionError,),
    api_errors=(opensearchpy.TransportError,),
    describe=_describe,
    streaming_bulk=helpers.streaming_bulk,
)


def connect(cfg: EngineConfig) -> EngineClient:
    options: dict[str, Any] = {
        "hosts": [cfg.url],
        "verify_certs": cfg.verify,
        "timeout": cfg.timeout,
        "max_retries": 3,
        # A timeout is not retried: an engine that swallows packets would cost four timeouts per call.
        "retry_on_timeout": False,
    }
    if cfg.ca_certs:
        options["ca_certs"] = cfg.ca_certs
    if cfg.username:
        options["http_auth"] = (cfg.username, cfg.password or "")
    if cfg.api_key:
        # opensearch-py has no api_key option; the header is what the server reads.
        options["headers"] = {"Authorization": f"ApiKey {cfg.api_key}"}
    if not cfg.verify:
        options["ssl_show_warn"] = False
    return EngineClient(opensearchpy.OpenSearch(**options), KIND, cfg.url)
