"""A pass-through HTTP proxy that lets the official Elasticsearch client talk
to the OpenSearch test node.

What it changes, and nothing else: it rewrites the client's versioned media
types (application/vnd.elasticsearch+json; compatible-with=9) to the plain
ones OpenSearch accepts, and adds the X-Elastic-Product header the client
requires. Requests and responses otherwise pass unchanged, so the elasticsearch
client's own request building, serialisation, bulk helper and error parsing
run against real engine answers. It is NOT Elasticsearch: server behaviour
specific to Elasticsearch 8/9 is not exercised here.
"""

from __future__ import annotations

import http.client
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"host", "content-length", "connection", "transfer-encoding", "accept-encoding", "keep-alive"}


def plain_media_type(value: str) -> str:
    return re.sub(r"application/vnd\.elasticsearch\+([\w-]+)(;\s*compatible-with=\d+)?", r"application/\1", value)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream: tuple[str, int] = ("127.0.0.1", 9200)

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: plain_media_type(v) if k.lower() in ("content-type", "accept") else v
                   for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        conn = http.client.HTTPConnection(*self.upstream, timeout=120)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        self.send_response(resp.status)
        for key, value in resp.getheaders():
            if key.lower() not in HOP_BY_HOP:
                self.send_header(key, value)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(0 if self.command == "HEAD" else len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    def log_message(self, *args) -> None:
        pass


class Shim:
    def __init__(self, upstream_url: str):
        parts = urlsplit(upstream_url)
        handler = type("Handler", (_Handler,), {"upstream": (parts.hostname, parts.port)})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Shim:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
