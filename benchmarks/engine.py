#!/usr/bin/env python3
"""Engine benchmark: bulk indexing throughput of mention documents and the
latency of a filtered search over them, on the local OpenSearch node.

    python benchmarks/engine.py [--docs 100000] [--queries 200] [--url URL]

Without --url (or MONITOR_TEST_ENGINE_URL) it starts the node with
scripts/opensearch.sh and stops it afterwards. Documents go through the same
code as `monitor sync`: documents.mention_doc, then the client's streaming
bulk helper with sync.BULK_OPTIONS, into an index built from the template.
Results are printed and written to benchmarks/out/engine.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.engines import documents, indices, open_engine, sync  # noqa: E402
from monitor.engines.settings import EngineConfig  # noqa: E402

AKIMS = [(f"akim_{i}", f"Аким Номер{i}ов", region) for i, region in enumerate(
    ["almaty", "astana", "shymkent", "abai", "akmola", "aktobe", "atyrau", "karaganda", "kostanay", "pavlodar"] * 3)]
SOURCES = ["tengrinews", "nur", "inform", "kazinform", "ratel", "bnews"]
LABELS = ["negative", "neutral", "positive"]
# A node of its own (own directory; dies with this process), never a shared one.
NODE_ENV = {**os.environ, "MONITOR_ENGINE_RUN_DIR": tempfile.mkdtemp(prefix="bench-opensearch-"),
            "OPENSEARCH_OWNER_PID": str(os.getpid())}
WORDS = "бюджет дороги отопление школа больница ремонт жители критика инвестиции транспорт".split()


def mention_rows(count: int, seed: int = 7):
    rnd = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(count):
        akim_id, name, region = rnd.choice(AKIMS)
        published = (start + timedelta(minutes=rnd.randrange(0, 365 * 24 * 60))).isoformat()
        words = " ".join(rnd.sample(WORDS, 4))
        yield {
            "id": f"a{i // 2:07d}-m{i % 2}", "article_id": f"a{i // 2:07d}", "count": rnd.randint(1, 5),
            "snippets": [f"{name} рассказал: {words}."], "main_subject": rnd.random() < 0.6,
            "sentiment": {"label": rnd.choice(LABELS), "score": round(rnd.uniform(-1, 1), 2)},
            "title": f"{name}: {words}", "url": f"https://{rnd.choice(SOURCES)}.kz/{i}",
            "source": rnd.choice(SOURCES), "published_at": published, "language": rnd.choice(["ru", "ru", "kk"]),
            "first_seen_at": published, "updated_at": published,
            "person": {"akim_id": akim_id, "name": name, "role": "akim", "position": f"аким {region}",
                       "region": region, "level": "region"},
        }


def bench_bulk(client, cfg: EngineConfig, count: int) -> dict:
    alias = cfg.alias("mentions")
    actions = ({"_op_type": "index", "_index": alias, "_id": d["id"], "_source": d}
               for d in map(documents.mention_doc, mention_rows(count)))
    started = time.perf_counter()
    ok = sum(1 for success, _ in client.bulk(actions, **sync.BULK_OPTIONS) if success)
    elapsed = time.perf_counter() - started
    client.refresh(alias)
    return {"docs": ok, "seconds": round(elapsed, 2), "docs_per_second": round(ok / elapsed),
            "indexed_count": client.count(alias)}


def filtered_query(rnd: random.Random) -> dict:
    akim_id, _, _ = rnd.choice(AKIMS)
    since = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=rnd.randrange(0, 300))
    return {
        "query": {"bool": {
            "must": [{"match": {"snippets": rnd.choice(WORDS)}}],
            "filter": [{"term": {"person.akim_id": akim_id}},
                       {"term": {"sentiment.label": rnd.choice(LABELS)}},
                       {"range": {"published_at": {"gte": since.isoformat(),
                                                   "lt": (since + timedelta(days=60)).isoformat()}}}]}},
        "sort": [{"published_at": "desc"}], "size": 20, "track_total_hits": True,
        "aggs": {"by_source": {"terms": {"field": "source"}}, "by_label": {"terms": {"field": "sentiment.label"}}},
    }


def bench_search(client, cfg: EngineConfig, queries: int) -> dict:
    rnd = random.Random(11)
    alias = cfg.alias("mentions")
    for _ in range(20):  # warm caches, as a running server would have
        client.search(alias, filtered_query(rnd))
    wall, took = [], []
    for _ in range(queries):
        started = time.perf_counter()
        resp = client.search(alias, filtered_query(rnd))
        wall.append((time.perf_counter() - started) * 1000)
        took.append(resp["took"])
    p95 = lambda xs: sorted(xs)[int(0.95 * (len(xs) - 1))]  # noqa: E731
    return {"queries": queries, "median_ms": round(statistics.median(wall), 1), "p95_ms": round(p95(wall), 1),
            "server_median_ms": statistics.median(took), "server_p95_ms": p95(took)}


def node_url(args) -> tuple[str, bool]:
    url = args.url or os.environ.get("MONITOR_TEST_ENGINE_URL")
    if url:
        return url, False
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "opensearch.sh"), "start"],
                          capture_output=True, text=True, check=True, env=NODE_ENV)
    return proc.stdout.strip().splitlines()[-1], True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--url")
    args = parser.parse_args()
    url, started = node_url(args)
    cfg = EngineConfig(url=url, kind="opensearch", index_prefix=f"bench-{uuid.uuid4().hex[:6]}", timeout=120)
    client = open_engine(cfg)
    try:
        indices.install(client, cfg)
        result = {"engine": client.info()["version"], "bulk": bench_bulk(client, cfg, args.docs),
                  "search": bench_search(client, cfg, args.queries)}
    finally:
        client.raw.indices.delete(index=f"{cfg.index_prefix}-*")
        client.close()
        if started:
            subprocess.run(["bash", str(ROOT / "scripts" / "opensearch.sh"), "stop"], check=False, env=NODE_ENV)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "engine.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "engine"}, indent=2))


if __name__ == "__main__":
    main()
