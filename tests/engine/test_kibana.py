"""The bundled Kibana saved objects: import format, fields, and the import command.

No Kibana runs here. The format is checked against the documented export /
_import format; the command is checked against a small HTTP server on
127.0.0.1 that records what it receives and answers as the _import API is
documented to answer (it does not emulate Kibana's behaviour).
"""

from __future__ import annotations

import importlib.util
import json
import re
import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.engines import kibana, templates

NDJSON = kibana.BUNDLED
VIEWS = {"akim-monitor-mentions": "mentions", "akim-monitor-articles": "articles"}
TYPES = {"index-pattern", "search", "visualization", "dashboard"}
KQL_FIELD = re.compile(r"([\w.]+)\s*(?::|>=|<=|>|<)")


def objects() -> list[dict]:
    return [json.loads(line) for line in NDJSON.read_text("utf-8").splitlines()]


def template_fields(kind: str) -> set[str]:
    mappings = {"articles": templates.articles_mappings, "mentions": templates.mentions_mappings}[kind]()
    out: set[str] = set()

    def walk(props: dict, prefix: str) -> None:
        for name, spec in props.items():
            path = prefix + name
            out.add(path)
            for sub in spec.get("fields", {}):
                out.add(f"{path}.{sub}")
            walk(spec.get("properties", {}), path + ".")

    walk(mappings["properties"], "")
    return out


def fields_used(obj: dict) -> set[str]:
    attrs = obj["attributes"]
    used: set[str] = set()
    if obj["type"] == "index-pattern":
        used.add(attrs["timeFieldName"])
    if obj["type"] == "search":
        used.update(attrs["columns"])
        used.update(field for field, _ in attrs["sort"])
    if "kibanaSavedObjectMeta" in attrs:
        query = json.loads(attrs["kibanaSavedObjectMeta"]["searchSourceJSON"]).get("query", {})
        used.update(KQL_FIELD.findall(query.get("query", "")))
    if obj["type"] == "visualization":
        for agg in json.loads(attrs["visState"])["aggs"]:
            if "field" in agg["params"]:
                used.add(agg["params"]["field"])
    return used


def view_of(obj: dict) -> str | None:
    if obj["type"] == "index-pattern":
        return obj["id"]
    refs = [r["id"] for r in obj["references"] if r["type"] == "index-pattern"]
    return refs[0] if refs else None


def test_every_line_is_one_saved_object_in_the_import_format():
    objs = objects()
    ids = {(o["type"], o["id"]) for o in objs}
    assert len(ids) == len(objs), "duplicate type/id"
    for obj in objs:
        assert set(obj) == {"type", "id", "attributes", "references"}, obj["id"]
        assert obj["type"] in TYPES and obj["attributes"]["title"]
        for ref in obj["references"]:
            assert set(ref) == {"type", "id", "name"}
            assert (ref["type"], ref["id"]) in ids, f"{obj['id']} refers to missing {ref}"
        meta = obj["attributes"].get("kibanaSavedObjectMeta")
        if meta and obj["type"] != "dashboard":
            source = json.loads(meta["searchSourceJSON"])
            assert source["indexRefName"] in {r["name"] for r in obj["references"]}


def test_dashboard_panels_point_at_their_references():
    dashboard = next(o for o in objects() if o["type"] == "dashboard")
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    refs = {r["name"]: r for r in dashboard["references"]}
    assert len(panels) == 4
    for panel in panels:
        ref = refs[f"{panel['panelIndex']}:{panel['panelRefName']}"]
        assert ref["type"] == panel["type"]


def test_every_field_a_saved_object_uses_exists_in_the_index_template():
    for obj in objects():
        view = view_of(obj)
        if view is None:
            continue
        missing = fields_used(obj) - template_fields(VIEWS[view])
        assert not missing, f"{obj['type']}/{obj['id']} uses fields not in the template: {missing}"


def test_the_required_saved_searches_are_there():
    titles = {o["id"]: o["attributes"]["title"] for o in objects() if o["type"] == "search"}
    for needed in ("akim-monitor-all-mentions", "akim-monitor-negative-7d", "akim-monitor-kazakh",
                   "akim-monitor-deputies", "akim-monitor-region-almaty", "akim-monitor-region-ulytau"):
        assert needed in titles
    assert sum(1 for i in titles if i.startswith("akim-monitor-region-")) == 20


def test_the_file_is_what_the_generator_writes():
    path = Path(__file__).resolve().parents[2] / "scripts" / "kibana_objects.py"
    spec = importlib.util.spec_from_file_location("kibana_objects", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.all_objects() == objects()


class Recorder(BaseHTTPRequestHandler):
    requests: list[dict] = []
    answer: dict = {}

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
        form = BytesParser(policy=HTTP).parsebytes(head + body)
        files = {part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
                 for part in form.iter_parts()}
        Recorder.requests.append({"path": self.path, "headers": dict(self.headers), "files": files})
        payload = json.dumps(Recorder.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def kibana_url(monkeypatch, tmp_path):
    for name in ("MONITOR_CONFIG", "MONITOR_ENGINE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_import_posts_the_ndjson_with_overwrite_to_the_space(kibana_url):
    Recorder.answer = {"success": True, "successCount": len(objects())}
    for _ in range(2):  # a second import asks Kibana to overwrite by id again
        result = CliRunner().invoke(main, ["kibana", "import", "--url", kibana_url, "--space", "press"])
        assert result.exit_code == 0, result.output
        assert f"Импортировано объектов: {len(objects())}" in result.output
    first, second = Recorder.requests
    parts = urlsplit(first["path"])
    assert parts.path == "/s/press/api/saved_objects/_import"
    assert parse_qs(parts.query) == {"overwrite": ["true"]}
    assert first["headers"]["kbn-xsrf"] == "true"
    assert first["files"]["file"] == NDJSON.read_bytes() == second["files"]["file"]


def test_import_names_the_objects_kibana_refused(kibana_url):
    Recorder.answer = {"success": False, "successCount": 29, "errors": [
        {"id": "akim-monitor-dashboard", "type": "dashboard", "error": {"type": "missing_references"}}]}
    result = CliRunner().invoke(main, ["kibana", "import", "--url", kibana_url])
    assert result.exit_code == 2
    assert "dashboard/akim-monitor-dashboard: missing_references" in result.output
    assert urlsplit(Recorder.requests[0]["path"]).path == "/api/saved_objects/_import"


def test_data_views_follow_the_configured_prefix():
    text = kibana.with_prefix(NDJSON.read_text("utf-8"), "press")
    titles = {json.loads(line)["attributes"]["title"] for line in text.splitlines()
              if json.loads(line)["type"] == "index-pattern"}
    assert titles == {"press-mentions", "press-articles"}
