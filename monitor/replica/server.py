"""Serving a replica Site on 127.0.0.1: one port per edition, like real hosts.

Used by `monitor demo`, the tests and the benchmarks. It records every
request, answers conditional GETs with 304, and serves what a test put in a
route as is (error statuses, delays, broken bytes).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from monitor.replica.site import GENERIC, Site


@dataclass
class RunningReplica:
    site: Site
    servers: dict[str, ThreadingHTTPServer] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (edition, path with query)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def base_url(self, edition: str) -> str:
        host, port = self.servers[edition].server_address[:2]
        return f"http://{host}:{port}"

    def fetched(self, edition: str | None = None) -> list[str]:
        with self.lock:
            return [p for e, p in self.requests if edition is None or e == edition]

    def article_fetches(self) -> list[str]:
        paths = {p for paths in self.site.article_paths.values() for p in paths}
        return [p for p in self.fetched() if urlsplit(p).path in paths]

    def config_toml(self, base_urls: dict[str, str] | None = None) -> str:
        """The config that points every outlet of the registry at this replica
        (or, for editions named in `base_urls`, elsewhere)."""
        lines = []
        for edition in self.servers:
            outlet, lang = edition.split(".")
            url = (base_urls or {}).get(edition) or self.base_url(edition)
            if outlet in GENERIC:  # not in the registry: an outlet given by its homepage alone
                lines.append(f'[outlets.{outlet}]\nbase_url = "{url}"\n')
            else:
                lines.append(f'[outlets.{outlet}.editions.{lang}]\nbase_url = "{url}"\n')
        return "\n".join(lines)


def _handler(replica: RunningReplica, edition: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with replica.lock:
                replica.requests.append((edition, self.path))
            resource = replica.site.routes.get(edition, {}).get(urlsplit(self.path).path)
            if resource is None:
                return self._send(404, b"<html><body>Not found</body></html>", "text/html")
            if resource.delay:
                time.sleep(resource.delay)
            if resource.etag and self.headers.get("If-None-Match") == resource.etag:
                return self._send(304, b"", None, resource.etag)
            body = resource.body.replace(b"{base}", replica.base_url(edition).encode())
            self._send(resource.status, body, resource.content_type, resource.etag, resource.location,
                       resource.retry_after)

        def _send(self, status: int, body: bytes, ctype: str | None, etag: str | None = None,
                  location: str | None = None, retry_after: str | None = None) -> None:
            self.send_response(status)
            if retry_after:
                self.send_header("Retry-After", retry_after)
            if ctype:
                self.send_header("Content-Type", ctype)
            if etag:
                self.send_header("ETag", etag)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # the crawl reports what it fetched; no second log

    return Handler


@contextmanager
def serve(site: Site, editions: list[str] | None = None) -> Iterator[RunningReplica]:
    replica = RunningReplica(site)
    for edition in editions or sorted(site.routes):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(replica, edition))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name=f"replica-{edition}", daemon=True).start()
        replica.servers[edition] = server
    try:
        yield replica
    finally:
        for server in replica.servers.values():
            server.shutdown()
            server.server_close()
