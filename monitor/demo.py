"""`monitor demo`: the whole pipeline on a bundled sample outlet, offline.

Serves the replica outlets on 127.0.0.1, crawls them into a store (a
temporary one unless given), and summarises what a user would look at.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from monitor.config import load_config
from monitor.crawl import CrawlReport, default_since, run_crawl
from monitor.dates import LOCAL_TZ
from monitor.replica.server import serve
from monitor.replica.site import build_site
from monitor.search import SearchQuery
from monitor.store import open_store

DEMO_QUERY = "аким"
FAST_CRAWL = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "MONITOR_PROGRESS_INTERVAL": 60.0}


@dataclass
class DemoResult:
    db_path: str
    report: CrawlReport
    counts: dict[str, int]
    articles: list[dict[str, Any]] = field(default_factory=list)
    top_akims: list[tuple[str, int]] = field(default_factory=list)
    sentiment: dict[str, int] = field(default_factory=dict)
    query: str = DEMO_QUERY
    query_total: int = 0
    kept: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"db_path": self.db_path, "crawl": self.report.to_dict(), "counts": self.counts,
                "articles": self.articles, "top_akims": self.top_akims, "mention_sentiment": self.sentiment,
                "query": self.query, "query_total": self.query_total}


def run_demo(db: str | None = None, keep: bool = False) -> DemoResult:
    with ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="akim-monitor-demo-")) if keep or db is None else None
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="akim-monitor-demo-")))
        db_path = Path(db) if db else workdir / "demo.db"
        replica = stack.enter_context(serve(build_site(datetime.now(LOCAL_TZ))))
        config_path = workdir / "demo.toml"
        config_path.write_text(replica.config_toml(), "utf-8")
        config = load_config(config_path, db_path)
        report = run_crawl(config, since=default_since(config), settings=FAST_CRAWL)
        result = _summarise(str(db_path), report)
        result.kept = keep or db is not None
        return result


def _summarise(db_path: str, report: CrawlReport) -> DemoResult:
    with open_store(db_path) as store:
        everything = store.search(SearchQuery(limit=100))
        keyword = store.search(SearchQuery(text=DEMO_QUERY, limit=1))
        result = DemoResult(db_path, report, store.counts(), query_total=keyword.total)
    akims: Counter[str] = Counter()
    moods: Counter[str] = Counter()
    for hit in everything.hits:
        result.articles.append({
            "source": hit.source, "title": hit.title, "published_at": hit.published_at,
            "language": hit.language, "sentiment": hit.sentiment, "duplicate_of": hit.duplicate_of,
            "mentions": [{"name": m["person"]["name"], "role": m["person"]["role"],
                          "akim_id": m["person"]["akim_id"], "sentiment": m["sentiment"]["label"]}
                         for m in hit.mentions],
        })
        for m in hit.mentions:
            akims[m["person"]["name"]] += 1
            moods[m["sentiment"]["label"]] += 1
    result.top_akims = akims.most_common(10)
    result.sentiment = dict(moods)
    return result
