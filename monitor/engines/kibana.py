"""Import the bundled Kibana saved objects through Kibana's saved objects API.

POST <kibana>[/s/<space>]/api/saved_objects/_import?overwrite=true with the
NDJSON as multipart `file` and the `kbn-xsrf` header. overwrite=true makes a
second import replace the objects by id instead of duplicating them.
"""

from __future__ import annotations

import json
import ssl
from dataclasses import dataclass
from pathlib import Path

import httpx

from monitor.engines.settings import EngineConfig
from monitor.errors import EngineError

BUNDLED = Path(__file__).resolve().parents[2] / "deploy" / "kibana" / "saved_objects.ndjson"
DEFAULT_PREFIX = "akim-monitor"


@dataclass(frozen=True)
class ImportResult:
    count: int
    endpoint: str


def with_prefix(ndjson: str, prefix: str) -> str:
    """Point the data views at the configured index prefix."""
    if prefix == DEFAULT_PREFIX:
        return ndjson
    lines = []
    for line in ndjson.splitlines():
        obj = json.loads(line)
        if obj["type"] == "index-pattern":
            obj["attributes"]["title"] = obj["attributes"]["title"].replace(DEFAULT_PREFIX, prefix, 1)
        lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(lines) + "\n"


def endpoint(url: str, space: str | None) -> str:
    base = url.rstrip("/")
    if space and space != "default":
        base += f"/s/{space}"
    return base + "/api/saved_objects/_import"


def import_objects(url: str, ndjson: str, space: str | None = None,
                   engine: EngineConfig | None = None, timeout: float = 60.0) -> ImportResult:
    """Send the objects; raise EngineError naming each object Kibana refused."""
    target = endpoint(url, space)
    headers = {"kbn-xsrf": "true"}
    auth = None
    if engine is not None and engine.api_key:
        headers["Authorization"] = f"ApiKey {engine.api_key}"
    elif engine is not None and engine.username:
        auth = (engine.username, engine.password or "")
    verify = _verify(engine)
    files = {"file": ("saved_objects.ndjson", ndjson.encode("utf-8"), "application/ndjson")}
    try:
        resp = httpx.post(target, params={"overwrite": "true"}, headers=headers, files=files,
                          auth=auth, verify=verify, timeout=timeout)
    except httpx.HTTPError as exc:
        raise EngineError(f"Kibana at {url} is unreachable: {exc}") from exc
    return _result(resp, target)


def _verify(engine: EngineConfig | None) -> bool | ssl.SSLContext:
    if engine is None:
        return True
    if engine.ca_certs:
        return ssl.create_default_context(cafile=engine.ca_certs)
    return engine.verify


def _result(resp: httpx.Response, target: str) -> ImportResult:
    try:
        body = resp.json()
    except ValueError:
        body = {}
    if resp.status_code >= 400:
        raise EngineError(f"Kibana refused the import ({target}): HTTP {resp.status_code}: "
                          f"{body.get('message') or resp.text[:300]}")
    if not body.get("success"):
        problems = "; ".join(f"{e.get('type')}/{e.get('id')}: {(e.get('error') or {}).get('type')}"
                             for e in body.get("errors", []))
        raise EngineError(f"Kibana did not import every object ({target}): {problems or body}")
    return ImportResult(count=int(body.get("successCount", 0)), endpoint=target)
