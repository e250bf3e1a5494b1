"""Crawl-and-extract figures: extraction-to-store throughput, and a large crawl.

    python benchmarks/pipeline.py [--pages 1000] [--crawl 2000]

1. Extraction to store: N generated Tengrinews-like article pages through
   extract -> language -> reprint signature -> SQLite, in articles/s, beside
   trafilatura.extract alone on the same pages in the same run (the ratio is
   our overhead over the library), and the same with the mention step added.
2. A crawl of a local replica with M extra articles: wall time and pages
   fetched, then a re-crawl (target: 0 article pages fetched again).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from monitor import dedupe
from monitor.config import load_config
from monitor.crawl import default_since, run_crawl
from monitor.dates import LOCAL_TZ
from monitor.extract import extract
from monitor.language import detect_language
from monitor.models import Article
from monitor.replica.articles import generated
from monitor.replica.server import serve
from monitor.replica.site import build_site
from monitor.store import open_store


def pages(n: int) -> list[tuple[str, bytes]]:
    site = build_site(datetime.now(LOCAL_TZ), extra=generated(n))
    routes = site.routes["tengrinews.ru"]
    paths = [p for p in site.article_paths["tengrinews.ru"] if "generated-" in p]
    return [(f"https://tengrinews.kz{p}", routes[p].body) for p in paths]


def trafilatura_alone(docs: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    for url, body in docs:
        trafilatura.extract(body.decode("utf-8"), url=url, with_metadata=True, include_comments=False)
    return len(docs) / (time.perf_counter() - start)


def to_store(docs: list[tuple[str, bytes]], db: Path, finder=None) -> float:
    config = load_config(None, db)
    outlet = config.outlet("tengrinews")
    index = dedupe.ReprintIndex()
    start = time.perf_counter()
    with open_store(db) as store:
        for url, body in docs:
            result = extract(body, url, outlet)
            article = Article(url=url, source="tengrinews", title=result.title, text=result.text,
                              published_at=result.published_at, crawled_at=datetime.now(UTC),
                              language=detect_language(result.text), raw_html=body)
            mh = dedupe.signature(article.text)
            if mh is not None:
                article.minhash = dedupe.to_bytes(mh)
                article.duplicate_of = index.add(article.id, article.published_at, mh).duplicate_of
            if finder is not None:
                article.mentions = finder.find(article.text, title=article.title, language=article.language,
                                               published_at=article.published_at, article_id=article.id)
            store.save_article(article, minhash=article.minhash)
    return len(docs) / (time.perf_counter() - start)


def crawl_figures(extra: int, workdir: Path) -> None:
    site = build_site(datetime.now(LOCAL_TZ), extra=generated(extra, seed=11, outlets=("tengrinews", "nur")))
    with serve(site) as replica:
        (workdir / "bench.toml").write_text(replica.config_toml(), "utf-8")
        config = load_config(workdir / "bench.toml", workdir / "crawl.db")
        settings = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
                    "LOG_LEVEL": "WARNING"}
        for label in ("crawl", "re-crawl"):
            before_pages, before_articles = len(replica.fetched()), len(replica.article_fetches())
            start = time.perf_counter()
            report = run_crawl(config, since=default_since(config), settings=settings)
            wall = time.perf_counter() - start
            print(f"{label}: {wall:.1f} s wall, {len(replica.fetched()) - before_pages} pages fetched, "
                  f"{len(replica.article_fetches()) - before_articles} article pages, "
                  f"{report.stored} articles stored")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--crawl", type=int, default=2000)
    args = parser.parse_args()
    docs = pages(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        alone = trafilatura_alone(docs)
        ours = to_store(docs, work / "a.db")
        print(f"pages: {len(docs)} generated articles of about {sum(len(b) for _, b in docs) // len(docs)} bytes")
        print(f"trafilatura.extract alone: {alone:.0f} articles/s")
        print(f"extract -> language -> reprints -> SQLite: {ours:.0f} articles/s (ratio {ours / alone:.2f})")
        from monitor.mentions import MentionFinder

        finder = MentionFinder.default()
        with_mentions = to_store(docs, work / "b.db", finder)
        print(f"... with the mention step: {with_mentions:.0f} articles/s")
        if args.crawl:
            crawl_figures(args.crawl, work)


if __name__ == "__main__":
    main()
