"""Elasticsearch 8/9 through the official client: builds the client, reads its errors.

The client checks that the server is Elasticsearch (X-Elastic-Product header);
that check is part of talking to a real Elasticsearch and stays on here.
"""

from __future__ import annotations

from typing import Any

import elastic_transport
import elasticsearch
from elasticsearch import helpers

from monitor.engines.client import ClientKind, EngineClient
from monitor.engines.settings import EngineConfig


def _describe(exc: BaseException) -> tuple[int | None, str]:
    if isinstance(exc, elasticsearch.ApiError):
        body = exc.body if isinstance(exc.body, dict) else {}
        err = body.get("error")
        if isinstance(err, dict):
            root = (err.get("root_cause") or [err])[0]
            return exc.meta.status, f"{root.get('type')}: {root.get('reason')}"
        return exc.meta.status, str(exc.message)
    return None, str(exc)


KIND = ClientKind(
    name="Elasticsearch",
    connection_errors=(elastic_transport.ConnectionError, elastic_transport.ConnectionTimeout),
    api_errors=(elasticsearch.ApiError, elasticsearch.UnsupportedProductError),
    describe=_describe,
    streaming_bulk=helpers.streaming_bulk,
)


def client_options(cfg: EngineConfig) -> dict[str, Any]:
    options: dict[str, Any] = {
        "hosts": [cfg.url],
        "verify_certs": cfg.verify,
        "request_timeout": cfg.timeout,
        "max_retries": 3,
        # A timeout is not retried: an engine that swallows packets would cost four timeouts per call.
        "retry_on_timeout": False,
    }
    if cfg.ca_certs:
        options["ca_certs"] = cfg.ca_certs
    if cfg.username:
        options["basic_auth"] = (cfg.username, cfg.password or "")
    if cfg.api_key:
        options["api_key"] = cfg.api_key
    if not cfg.verify:
        options["ssl_show_warn"] = False
    return options


def connect(cfg: EngineConfig, **extra: Any) -> EngineClient:
    """`extra` goes to the client as is (e.g. a custom node_class in tests)."""
    return EngineClient(elasticsearch.Elasticsearch(**client_options(cfg), **extra), KIND, cfg.url)
