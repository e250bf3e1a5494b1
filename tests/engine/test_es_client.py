"""The Elasticsearch adapter (official `elasticsearch` client, 9.x).

No Elasticsearch server is available here, and the client refuses servers
that are not Elasticsearch. So: (1) the refusal itself is checked against the
real OpenSearch node; (2) the whole engine path through the elasticsearch
client (templates, aliases, bulk helper, search, error parsing) runs against
the real node behind es_shim.Shim, which only rewrites media types and adds
the product header (see its docstring for what this does not prove).
"""

from __future__ import annotations

import logging
import socket
import uuid

import pytest

from monitor.engines import es, indices, opensearch, search, sync
from monitor.engines.settings import EngineConfig
from monitor.errors import EngineError
from monitor.replica.server import serve
from monitor.replica.site import Site
from monitor.search import SearchQuery
from tests.engine import corpus
from tests.engine.es_shim import Shim
from tests.engine.support import comparable, engine_counts


@pytest.fixture
def es_cfg(node):
    with Shim(node.url) as shim:
        yield EngineConfig(url=shim.url, kind="elasticsearch", index_prefix=f"t-es-{uuid.uuid4().hex[:8]}")


@pytest.fixture
def es_client(es_cfg):
    client = es.connect(es_cfg)
    yield client
    client.raw.options(ignore_status=404).indices.delete(index=f"{es_cfg.index_prefix}-*")
    client.close()


def test_the_official_client_refuses_a_server_that_is_not_elasticsearch(node):
    client = es.connect(EngineConfig(url=node.url, kind="elasticsearch"))
    with pytest.raises(EngineError, match="Elasticsearch refused info"):
        client.info()


def test_sync_and_search_through_the_elasticsearch_client(es_client, es_cfg, store):
    assert indices.install(es_client, es_cfg).created
    assert indices.install(es_client, es_cfg).created == []  # idempotent through this client too
    corpus.fill(store)
    report = sync.sync(store, es_client, es_cfg, batch=4)
    assert report.ok, report
    counts = store.counts()
    assert engine_counts(es_client, es_cfg) == {"articles": counts["articles"], "mentions": counts["mentions"]}
    for q in (SearchQuery(text="Досаеву"), SearchQuery(text="Қасымбекке"),
              SearchQuery(akim="dossayev_yerbolat", sentiment="negative"), SearchQuery(region="almaty", limit=50)):
        assert comparable(search.search(es_client, es_cfg, q)) == comparable(store.search(q))


def test_refused_document_is_reported_through_the_elasticsearch_client(es_client, es_cfg, store):
    items = corpus.fill(store)
    bad = items[0].mentions[0].id
    store.db.execute("UPDATE mentions SET sentiment_score = 'плохо' WHERE id = ?", (bad,))
    report = sync.sync(store, es_client, es_cfg)
    # The article carries the mention nested, so both documents are refused.
    assert [(f.table, f.id, f.status) for f in report.failures] == [
        ("articles", items[0].id, 400), ("mentions", bad, 400)]
    assert "failed to parse field [sentiment.score] of type [float]" in report.failures[1].reason


@pytest.mark.parametrize("adapter", [es, opensearch], ids=["elasticsearch", "opensearch"])
def test_an_unreachable_engine_is_reported_not_raised(store, adapter, caplog):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = EngineConfig(url=f"http://127.0.0.1:{port}", kind=adapter.__name__.rsplit(".")[-1], timeout=2)
    corpus.fill(store)
    caplog.set_level(logging.WARNING)
    report = sync.sync(store, adapter.connect(cfg), cfg)
    assert report.unavailable and "is unreachable" in report.unavailable
    assert store.unsynced_count("articles") == len(corpus.articles())
    # The client's retry warnings stay, one line each: no traceback of three chained errors.
    retries = [r for r in caplog.records if r.name.startswith(("elastic_transport", "opensearch"))]
    assert retries and not [r for r in retries if r.exc_info]


@pytest.mark.parametrize("adapter", [es, opensearch], ids=["elasticsearch", "opensearch"])
def test_an_engine_url_that_serves_web_pages_is_named_in_one_short_line(adapter):
    with serve(Site(routes={"web.ru": {}})) as web:  # a plain web server where the engine should be
        cfg = EngineConfig(url=web.base_url("web.ru"), kind=adapter.__name__.rsplit(".")[-1], timeout=2)
        with pytest.raises(EngineError) as refused:
            adapter.connect(cfg).search("akim-monitor-articles", {"query": {"match_all": {}}})
    message = str(refused.value)
    assert "HTTP 501: an HTML page, not a search engine's answer (is [engine] url right?)" in message
    assert "\n" not in message and "<" not in message and len(message) < 400


def test_client_options_carry_auth_and_tls_without_logging_secrets():
    cfg = EngineConfig(url="https://es:9200", username="mon", password="pw", api_key="k", ca_certs="/ca.pem",
                       verify=True)
    options = es.client_options(cfg)
    assert options["basic_auth"] == ("mon", "pw") and options["api_key"] == "k"
    assert options["ca_certs"] == "/ca.pem" and options["verify_certs"] is True
    assert "pw" not in repr(cfg) and "'k'" not in repr(cfg)
