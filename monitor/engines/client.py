"""The one seam between akim-monitor and a search-engine client library.

`EngineClient` speaks the small subset of the REST API we use, in plain dicts.
The official `elasticsearch` client and `opensearch-py` expose that subset
with the same method names and `body=` payloads, so one class wraps both; the
per-client modules (es.py, opensearch.py) only build the client and say how
their exceptions read. Client errors become EngineError / EngineUnavailable,
so callers never import a client library.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from monitor.errors import EngineError

log = logging.getLogger(__name__)


# The client libraries log every retry of a refused connection with its traceback (three
# chained exceptions each); the EngineUnavailable that follows says it in one line.
CLIENT_LOGGERS = ("elastic_transport.transport", "elastic_transport.node_pool", "opensearch")


class _NoTraceback(logging.Filter):
    """Keeps the client's warning line, drops its traceback unless debugging (-vv)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and not logging.getLogger(record.name).isEnabledFor(logging.DEBUG):
            record.exc_info = None
            record.exc_text = None
        return True


_NO_TRACEBACK = _NoTraceback()


def quiet_client_logs() -> None:
    for name in CLIENT_LOGGERS:
        logging.getLogger(name).addFilter(_NO_TRACEBACK)  # a filter is added once, however often


_HTML = re.compile(r"<(?:!doctype|html|body|head)\b", re.IGNORECASE)


def readable(reason: str, limit: int = 300) -> str:
    """An error as one short line: a whole HTML page comes back when the URL is not the
    engine's (a web server, Kibana, a proxy's error page)."""
    if _HTML.search(reason):
        text = " ".join(re.sub(r"<[^>]+>", " ", reason).split())
        reason = f"an HTML page, not a search engine's answer (is [engine] url right?): {text}"
    reason = " ".join(reason.split())
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


class EngineUnavailable(EngineError):
    """The engine could not be reached (refused, timed out, DNS...)."""


@dataclass(frozen=True)
class ClientKind:
    """What differs between client libraries, as data."""

    name: str
    connection_errors: tuple[type[BaseException], ...]
    api_errors: tuple[type[BaseException], ...]
    describe: Callable[[BaseException], tuple[int | None, str]]  # (HTTP status, reason)
    streaming_bulk: Callable[..., Iterator[tuple[bool, dict[str, Any]]]]


class EngineClient:
    def __init__(self, raw: Any, kind: ClientKind, url: str):
        self.raw = raw  # the library client, for tests and benchmarks
        self.kind = kind
        self.url = url  # without credentials; safe to log
        quiet_client_logs()

    def _call(self, what: str, fn: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except self.kind.connection_errors as exc:
            raise EngineUnavailable(f"{self.kind.name} at {self.url} is unreachable ({what}): {exc}") from exc
        except self.kind.api_errors as exc:
            status, reason = self.kind.describe(exc)
            raise EngineError(f"{self.kind.name} refused {what}: HTTP {status}: {readable(reason)}") from exc

    def status_of(self, exc: BaseException) -> int | None:
        cause = exc.__cause__
        return self.kind.describe(cause)[0] if cause is not None else None

    def info(self) -> dict[str, Any]:
        return dict(self._call("info", self.raw.info))

    def probe(self, timeout: float) -> None:
        """EngineUnavailable within `timeout` seconds when the engine does not answer at all
        (down, or a firewall that drops packets), before a step spends its long timeouts on it."""
        if hasattr(self.raw, "options"):  # elasticsearch 8+
            self._call("connect", self.raw.options(request_timeout=timeout, max_retries=0).info)
        else:
            self._call("connect", self.raw.info, request_timeout=timeout)

    def put_index_template(self, name: str, body: dict[str, Any]) -> None:
        self._call(f"index template {name}", self.raw.indices.put_index_template, name=name, body=body)

    def get_alias(self, name: str) -> dict[str, Any]:
        """{index: {...}} for the indices behind alias `name`; {} if there is no such alias."""
        if not self._call(f"alias {name}", self.raw.indices.exists_alias, name=name):
            return {}
        return dict(self._call(f"alias {name}", self.raw.indices.get_alias, name=name))

    def index_exists(self, name: str) -> bool:
        return bool(self._call(f"index {name}", self.raw.indices.exists, index=name))

    def create_index(self, name: str, body: dict[str, Any]) -> None:
        self._call(f"create index {name}", self.raw.indices.create, index=name, body=body)

    def put_mapping(self, index: str, mappings: dict[str, Any]) -> None:
        self._call(f"mapping update of {index}", self.raw.indices.put_mapping, index=index, body=mappings)

    def update_aliases(self, actions: list[dict[str, Any]]) -> None:
        self._call("alias switch", self.raw.indices.update_aliases, body={"actions": actions})

    def delete_index(self, name: str) -> None:
        self._call(f"delete index {name}", self.raw.indices.delete, index=name)

    def refresh(self, index: str) -> None:
        self._call(f"refresh {index}", self.raw.indices.refresh, index=index)

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call(f"search in {index}", self.raw.search, index=index, body=body))

    def count(self, index: str, query: dict[str, Any] | None = None) -> int:
        body = {"query": query} if query else None
        return int(self._call(f"count in {index}", self.raw.count, index=index, body=body)["count"])

    def delete_by_query(self, index: str, query: dict[str, Any]) -> int:
        resp = self._call(f"delete in {index}", self.raw.delete_by_query, index=index,
                          body={"query": query}, conflicts="proceed", refresh=True)
        return int(resp.get("deleted", 0))

    def reindex(self, source: str, dest: str) -> int:
        resp = self._call(f"reindex {source} → {dest}", self.raw.reindex,
                          body={"source": {"index": source}, "dest": {"index": dest}},
                          refresh=True, wait_for_completion=True)
        return int(resp.get("total", 0))

    def bulk(self, actions: Iterable[dict[str, Any]], **options: Any) -> Iterator[tuple[bool, dict[str, Any]]]:
        """The client's streaming_bulk: per-document results, 429s retried with backoff."""
        try:
            yield from self.kind.streaming_bulk(self.raw, actions, raise_on_error=False, **options)
        except self.kind.connection_errors as exc:
            raise EngineUnavailable(f"{self.kind.name} at {self.url} is unreachable (bulk): {exc}") from exc
        except self.kind.api_errors as exc:
            status, reason = self.kind.describe(exc)
            raise EngineError(f"{self.kind.name} refused a bulk request: HTTP {status}: {readable(reason)}") from exc

    def close(self) -> None:
        self.raw.close()
