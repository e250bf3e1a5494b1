"""Real Scrapy crawls of the local outlet replicas, as a user would check them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.crawl import CrawlReport, child_env, default_since, run_crawl
from monitor.errors import StoreError
from monitor.replica import articles as samples
from monitor.replica.site import Resource
from monitor.store import open_store

from replica_support import FAST, replica_config

LEAKS = (*samples.SIDEBAR_HEADLINES, samples.READ_ALSO_HEADLINE, samples.COMMENT_TEXT,
         samples.INFINITE_SCROLL.paragraphs[0], "Оригинал статьи", "Подписаться", "Google News",
         "просмотров", "#аким", "Реклама")


def crawl(config, **kwargs):
    return run_crawl(config, since=default_since(config), settings={**FAST, **kwargs.pop("settings", {})}, **kwargs)


def stored(config) -> dict[str, dict]:
    with open_store(config.db_path) as store:
        rows = store.db.execute("SELECT id FROM articles").fetchall()
        return {row[0]: store.get_article(row[0]) for row in rows}


def by_title(articles: dict[str, dict], title: str) -> list[dict]:
    return [a for a in articles.values() if a["title"] == title]


def test_crawl_stores_the_right_articles_with_clean_text(config, replica):
    report = crawl(config)
    articles = stored(config)
    # Every fresh sample article, once per outlet; the archive one is too old.
    assert len(articles) == len(samples.SAMPLES)
    assert not by_title(articles, samples.OLD_ARTICLE.title)
    for sample in samples.SAMPLES:
        [article] = [a for a in by_title(articles, sample.title) if a["source"] == sample.outlet]
        assert article["language"] == sample.edition
        assert article["published_at"], sample.title
        for paragraph in sample.paragraphs:
            # A paragraph may only lose the closing words a reprint added.
            assert paragraph.split(". Источник")[0][:60] in article["text"]
        for leak in LEAKS:
            assert leak not in article["text"], (sample.outlet, leak)
    totals = {r.outlet: r for r in report.outlets}
    assert totals["bnews"].skipped.get("not_article") == 1  # the /ru/about page
    assert totals["tengrinews"].skipped.get("too_old") == 1
    assert all(not r.failed for r in report.outlets), [r.failed_examples for r in report.outlets]


def test_dates_authors_and_timezones_follow_each_outlet(config, replica, now):
    crawl(config)
    articles = stored(config)
    [ratel] = [a for a in articles.values() if a["source"] == "ratel"]
    # Ratel prints only "Пятница, 04 Июл 2025, 12:00": minutes survive, seconds do not.
    sample = next(s for s in samples.SAMPLES if s.outlet == "ratel")
    expected = now.timestamp() - sample.hours_ago * 3600
    assert abs(_ts(ratel["published_at"]) - expected) < 120
    assert ratel["authors"] == [sample.author]
    [bnews] = [a for a in articles.values() if a["source"] == "bnews" and "Карагандинской" in a["title"]]
    assert bnews["authors"] == []  # "BNews.kz" is the outlet, not an author
    [nur] = [a for a in articles.values() if a["source"] == "nur" and "школу" in a["title"]]
    assert nur["published_at"].endswith("+05:00")


def _ts(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp()


def test_listing_pages_are_never_stored(config, replica):
    crawl(config)
    titles = {a["title"] for a in stored(config).values()}
    assert "Последние новости" not in titles and "Ratel.kz" not in titles
    with open_store(config.db_path) as store:
        urls = [r[0] for r in store.db.execute("SELECT url FROM articles")]
    assert not [u for u in urls if u.endswith(("/news/", "/latest/", "/raw/"))]


def test_second_crawl_fetches_no_article_page_again(config, replica):
    crawl(config)
    first = len(replica.article_fetches())
    assert first > 0
    report = crawl(config)
    assert len(replica.article_fetches()) == first
    assert sum(r.stored for r in report.outlets) == 0
    # Feeds and sitemaps are asked conditionally and answered 304 Not Modified.
    assert sum(r.not_modified for r in report.outlets) >= 3


def test_tracking_parameters_and_variants_fetch_one_url(config, replica):
    crawl(config)
    fetched = replica.article_fetches()
    assert not [p for p in replica.fetched() if "utm_source" in p and p.split("?")[0] in fetched]
    assert len(fetched) == len(set(fetched))


def test_mirror_and_amp_links_are_fetched_as_the_main_url(tmp_path, site, replica):
    # An article linked only once, through a mirror host and its AMP variant.
    source = site.routes["tengrinews.ru"][site.article_paths["tengrinews.ru"][1]]
    path = "/kazakhstan_news/mirror-only-999999/"
    site.add("tengrinews.ru", path, Resource(source.body))
    site.article_paths["tengrinews.ru"].append(path)
    port = replica.base_url("tengrinews.ru").rsplit(":", 1)[1]
    mirror = f"127.0.0.2:{port}"
    listing = site.routes["tengrinews.ru"]["/news/"]
    link = f'<a href="http://{mirror}{path}amp/?utm_source=x">зеркало</a></body>'.encode()
    listing.body = listing.body.replace(b"</body>", link)
    config = replica_config(tmp_path, replica, extra=f'[outlets.tengrinews]\nmirror_hosts = ["{mirror}"]\n')
    crawl(config, outlets=["tengrinews"])
    assert path in replica.fetched("tengrinews.ru")  # on the main host, without /amp/ or utm
    urls = {a["url"] for a in stored(config).values()}
    assert replica.base_url("tengrinews.ru") + path in urls


def test_reprint_on_second_outlet_is_grouped_under_the_earliest(config, replica):
    crawl(config)
    articles = stored(config)
    title = samples.SAMPLES[0].title
    [original] = [a for a in by_title(articles, title) if a["source"] == "tengrinews"]
    [reprint] = [a for a in by_title(articles, title) if a["source"] == "bnews"]
    assert original["duplicate_of"] is None
    assert reprint["duplicate_of"] == original["id"]
    assert sum(1 for a in articles.values() if a["duplicate_of"]) == 1


def test_broken_feeds_sitemaps_and_pages_are_reported_and_the_rest_is_crawled(tmp_path, site, replica):
    site.add("tengrinews.ru", "/news.rss", Resource(b"<rss><channel><item><title>x</titl", "application/rss+xml"))
    site.add("tengrinews.ru", "/sitemap-news.xml", Resource(b"\x00\x01 not xml at all", "application/xml"))
    site.add("nur.ru", "/rss/all.rss", Resource(b"", "application/rss+xml", status=500))
    truncated = site.routes["ratel.ru"][site.article_paths["ratel.ru"][0]]
    truncated.body = truncated.body[: len(truncated.body) * 2 // 3]
    kk = site.routes["nur.kk"][site.article_paths["nur.kk"][0]]
    kk.status = 404
    config = replica_config(tmp_path, replica)
    report = {r.outlet: r for r in crawl(config, settings={"RETRY_TIMES": 1}).outlets}
    assert report["tengrinews"].failed.get("malformed_feed") == 1
    assert report["tengrinews"].failed.get("malformed_sitemap") == 1
    assert report["nur"].failed.get("http_500") == 1
    assert report["nur"].failed.get("http_404") == 1
    articles = stored(config)
    # The listings still found Tengrinews' and NUR's Russian articles.
    assert len([a for a in articles.values() if a["source"] == "tengrinews"]) == 4
    assert len([a for a in articles.values() if a["source"] == "nur"]) == 2
    # A truncated page still holds its first paragraphs: stored, without the cut-off rest.
    [ratel] = [a for a in articles.values() if a["source"] == "ratel"]
    assert ratel["text"]


def test_a_feed_that_is_html_and_a_listing_that_is_an_image_are_reported(tmp_path, site, replica):
    site.add("tengrinews.ru", "/news.rss", Resource(b"<html><body><h1>Tengrinews</h1></body></html>"))
    site.add("tengrinews.ru", "/news/", Resource(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"))
    config = replica_config(tmp_path, replica)
    [report] = crawl(config, outlets=["tengrinews"]).outlets
    assert report.failed == {"malformed_feed": 1, "not_html": 1}
    assert any("/news/: not a text page (image/png)" in e for e in report.failed_examples)
    assert any("not RSS or Atom" in e for e in report.failed_examples)
    assert report.stored == 4  # the sitemaps still found every article


def test_a_page_that_redirects_to_itself_is_a_failure_not_a_silent_drop(tmp_path, site, replica):
    # A site that sets a cookie and redirects to the same page, to a crawler without cookies.
    path = site.article_paths["ratel.ru"][0]
    site.add("ratel.ru", path, Resource(b"", status=302, location=path))
    config = replica_config(tmp_path, replica)
    [report] = crawl(config, outlets=["ratel"]).outlets
    assert report.failed == {"redirect_loop": 1}
    assert report.failed_examples == [f"{replica.base_url('ratel.ru')}{path}: redirect loop: HTTP 302 back to "
                                      f"{replica.base_url('ratel.ru')}{path}"]


def test_a_page_over_the_size_limit_is_reported_as_too_large(tmp_path, site, replica):
    page = site.routes["ratel.ru"][site.article_paths["ratel.ru"][0]]
    page.body = page.body.replace(b"</body>", b"<!--" + b"x" * 300_000 + b"--></body>")
    config = replica_config(tmp_path, replica)
    [report] = crawl(config, outlets=["ratel"], settings={"DOWNLOAD_MAXSIZE": 200_000}).outlets
    assert report.failed == {"too_large": 1}
    assert "larger than download max size (200000)" in report.failed_examples[0]


def test_relative_links_in_feeds_and_sitemap_indexes_are_followed(tmp_path, site, replica):
    nur = site.routes["nur.ru"]
    nur["/rss/all.rss"].body = nur["/rss/all.rss"].body.replace(b"{base}", b"")
    nur["/latest/"].status = 404  # the feed alone has to find the articles
    site.add("nur.ru", "/sitemap-2.xml", nur["/article-index-sitemap.xml"])
    site.add("nur.ru", "/article-index-sitemap.xml", Resource(
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>/sitemap-2.xml</loc></sitemap></sitemapindex>", "application/xml"))
    config = replica_config(tmp_path, replica)
    [report] = crawl(config, outlets=["nur"], settings={"RETRY_TIMES": 0}).outlets
    assert "/sitemap-2.xml" in replica.fetched("nur.ru")
    assert report.failed == {"http_404": 1}  # /latest/ only
    assert len([a for a in stored(config).values() if a["language"] == "ru"]) == 2


def test_an_article_url_answering_a_maintenance_page_is_fetched_again_next_time(tmp_path, site, replica):
    page = site.routes["ratel.ru"][site.article_paths["ratel.ru"][0]]
    real, page.body = page.body, "<html><body><h1>Технические работы</h1></body></html>".encode()
    config = replica_config(tmp_path, replica)
    [first] = crawl(config, outlets=["ratel"]).outlets
    assert first.stored == 0 and first.skipped == {"no_text": 1}
    page.body = real  # the outlet is back
    [second] = crawl(config, outlets=["ratel"]).outlets
    assert second.stored == 1 and "already_seen" not in second.skipped


def test_non_utf8_pages_are_decoded(tmp_path, site, replica):
    path = site.article_paths["tengrinews.ru"][0]
    page = site.routes["tengrinews.ru"][path]
    html = page.body.decode("utf-8").replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    page.body = html.encode("cp1251", errors="replace")
    page.content_type = "text/html"
    config = replica_config(tmp_path, replica)
    crawl(config, outlets=["tengrinews"])
    titles = {a["title"] for a in stored(config).values()}
    assert samples.SAMPLES[0].title in titles


def test_windows_1251_pages_that_declare_no_charset_are_detected(tmp_path, site, replica):
    """Neither header nor meta names the charset: Scrapy would guess cp1252 (Latin-1 letters)."""
    path = site.article_paths["tengrinews.ru"][0]
    page = site.routes["tengrinews.ru"][path]
    page.body = page.body.decode("utf-8").replace('<meta charset="utf-8">', "").encode("cp1251", errors="replace")
    page.content_type = "text/html"
    config = replica_config(tmp_path, replica)
    crawl(config, outlets=["tengrinews"])
    [article] = by_title(stored(config), samples.SAMPLES[0].title)
    assert samples.SAMPLES[0].paragraphs[0][:40] in article["text"]
    with open_store(config.db_path) as store:
        assert store.mentions_of(article["id"]), "the akim in the text is found"


def test_timeouts_and_robots_disallow_skip_pages_with_reasons(tmp_path, site, replica):
    slow = site.routes["nur.ru"][site.article_paths["nur.ru"][0]]
    slow.delay = 3
    robots = site.routes["bnews.ru"]["/robots.txt"]
    robots.body = b"User-agent: *\nDisallow: /ru/news/\nSitemap: {base}/sitemap.xml\n"
    config = replica_config(tmp_path, replica)
    settings = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1}
    report = {r.outlet: r for r in crawl(config, outlets=["nur", "bnews"], settings=settings).outlets}
    assert report["nur"].failed.get("timeout") == 1
    assert any("nur" in e or "127.0.0.1" in e for e in report["nur"].failed_examples)
    assert report["bnews"].skipped.get("robots_txt", 0) >= 2
    assert not [a for a in stored(config).values() if a["source"] == "bnews"]
    assert len([a for a in stored(config).values() if a["source"] == "nur"]) == 2


def test_an_outlet_named_twice_is_crawled_and_counted_once(config, replica):
    report = crawl(config, outlets=["ratel", "ratel"])
    assert [r.outlet for r in report.outlets] == ["ratel"]
    assert report.stored == 1 and len(replica.article_fetches()) == 1


def test_unreachable_outlet_is_reported_not_raised(tmp_path, replica):
    # Port 9 (discard) has no listener here: connection refused, like an outlet that is down.
    config = replica_config(tmp_path, replica, base_urls={"ratel.ru": "http://127.0.0.1:9"})
    report = {r.outlet: r for r in crawl(config, outlets=["ratel", "nur"], settings={"RETRY_TIMES": 0}).outlets}
    assert not report["ratel"].ok and report["ratel"].failed
    assert "could not be reached" in report["ratel"].summary()
    assert report["nur"].stored == 3


def test_a_corrupt_store_stops_the_crawl_before_any_fetch_with_one_line(tmp_path, replica):
    config = replica_config(tmp_path, replica)
    Path(config.db_path).write_bytes(b"not a database" * 500)
    with pytest.raises(StoreError, match="file is not a database"):
        crawl(config, outlets=["ratel"])
    assert replica.fetched() == []


def test_a_crawler_that_cannot_start_is_reported_as_such_not_as_unreachable(tmp_path, replica):
    # The crawl worker on its own (as `monitor run` or a cron line starts it) meets the
    # broken store when its crawler starts: one error line, and a report that says so.
    config = replica_config(tmp_path, replica)
    Path(config.db_path).write_bytes(b"not a database" * 500)
    cmd = [sys.executable, "-m", "monitor.crawl", "--config", str(config.source_file), "--db",
           str(config.db_path), "--report", str(tmp_path / "r.json"), "--outlet", "ratel"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr
    assert "ratel: the crawl could not start: cannot open the store" in proc.stderr
    [report] = CrawlReport.from_dict(json.loads((tmp_path / "r.json").read_text("utf-8"))).outlets
    assert not report.started and report.failed == {"start_failed": 1}
    assert "could not start (cannot open the store" in report.summary()
    assert "could not be reached" not in report.summary()


def test_kill_during_crawl_then_recrawl_loses_and_duplicates_nothing(tmp_path, site, replica):
    for path in site.article_paths["tengrinews.ru"]:
        site.routes["tengrinews.ru"][path].delay = 0.4
    config = replica_config(tmp_path, replica)
    cmd = [sys.executable, "-m", "monitor.crawl", "--config", str(config.source_file), "--db",
           str(config.db_path), "--report", str(tmp_path / "r.json"), "--since",
           default_since(config).isoformat(), "--settings-json", '{"AUTOTHROTTLE_ENABLED": false}']
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and _count(config) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _count(config)
    assert 0 < partial < len(samples.SAMPLES)
    crawl(config)
    articles = stored(config)
    assert len(articles) == len(samples.SAMPLES)
    with open_store(config.db_path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in store.db.execute("SELECT id FROM mentions")]
    assert len(ids) == len(set(ids))


def test_a_crawl_whose_monitor_process_is_killed_stops_and_the_next_one_completes_it(tmp_path, site, replica):
    for edition in ("tengrinews.ru", "tengrinews.kk"):
        for path in site.article_paths[edition]:
            site.routes[edition][path].delay = 1
    config = replica_config(tmp_path, replica)
    # The parent is what `monitor crawl` or `monitor run` is: a process in run_crawl.
    # One request at a time, so that what is left when it dies is still in the scheduler.
    script = ("import sys; from monitor.config import load_config; "
              "from monitor.crawl import default_since, run_crawl; config = load_config(sys.argv[1], sys.argv[2]); "
              "run_crawl(config, ['tengrinews'], default_since(config), "
              "settings={'CONCURRENT_REQUESTS': 1, 'AUTOTHROTTLE_ENABLED': False, 'DOWNLOAD_DELAY': 0})")
    parent = subprocess.Popen([sys.executable, "-c", script, str(config.source_file), str(config.db_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and _count(config) < 1:
        time.sleep(0.05)
    [child] = map(int, Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text().split())
    [report_dir] = [Path(a).parent for a in Path(f"/proc/{child}/cmdline").read_text().split("\0")
                    if a.endswith("report.json")]
    parent.kill()  # kill -9, or a SIGTERM that `monitor crawl` does not handle
    parent.wait()
    while time.time() < deadline and "zombie" not in _state(child):
        time.sleep(0.1)
    assert time.time() < deadline, "the orphaned crawl went on"
    partial = _count(config)
    assert 0 < partial < 4  # it stopped, rather than crawl on beside whatever runs next
    assert not report_dir.exists()  # nor left its dead parent's temporary directory behind
    [report] = crawl(config, outlets=["tengrinews"]).outlets
    assert partial + report.stored == 4
    with open_store(config.db_path) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM mentions")]
    assert len(ids) == len(set(ids)) == 5


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].splitlines()[0]
    except (OSError, IndexError):
        return "zombie"


def _count(config) -> int:
    if not Path(config.db_path).exists():
        return 0
    try:
        with open_store(config.db_path) as store:
            return store.counts()["articles"]
    except Exception:
        return 0


def test_crawl_child_gets_one_blas_thread_unless_told_otherwise():
    env = child_env({"PATH": "/usr/bin", "OMP_NUM_THREADS": "4"})
    assert env["PATH"] == "/usr/bin" and env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["OMP_NUM_THREADS"] == "4"  # an operator's choice wins
