"""Outlets given by their homepage alone: discovery, learning and re-crawl, end to end on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from monitor import outletstate
from monitor.config import load_config
from monitor.crawl import default_since, run_crawl
from monitor.discovery import feed_links
from monitor.replica.server import RunningReplica, serve
from monitor.replica.site import GENERIC, build_site
from monitor.store import open_store
from monitor.urlshape import learn_pattern

from replica_support import FAST, replica_config

EDITIONS = [f"{name}.ru" for name in GENERIC]


@pytest.fixture
def generic(now) -> Iterator[RunningReplica]:
    with serve(build_site(now, generic=True), editions=EDITIONS) as running:
        yield running


def crawl(config):
    return run_crawl(config, since=default_since(config), settings=FAST, outlets=list(GENERIC))


def test_a_homepage_is_a_whole_outlet(tmp_path):
    path = tmp_path / "monitor.toml"
    path.write_text('[outlets.kostanay]\nbase_url = "https://kostanay.example.kz"\nverified = false\n', "utf-8")
    outlet = load_config(path, tmp_path / "x.db").outlet("kostanay")
    [edition] = outlet.editions
    assert edition.language == "ru" and edition.discover and not edition.feeds
    assert outlet.article_pattern is None and outlet.verified is False


def test_generic_sites_are_discovered_crawled_and_not_fetched_again(tmp_path, generic):
    config = replica_config(tmp_path, generic)
    report = crawl(config)
    with open_store(config.db_path) as store:
        urls = {r[0]: r[1] for r in store.db.execute("SELECT url, source FROM articles")}
        found = {(s.outlet, s.kind, urlsplit(s.url).path, s.found_by) for s in outletstate.sources(store)}
        shapes = {name: outletstate.learned_pattern(store, name) for name in GENERIC}
    for edition in EDITIONS:
        name = edition.split(".")[0]
        stored = {urlsplit(u).path for u, source in urls.items() if source == name}
        assert stored == set(generic.site.article_paths[edition]), name  # every article, and nothing else
    assert ("wpsite", "feed", "/feed/", "homepage link") in found
    assert ("bitrix", "feed", "/rss/", "common path") in found
    assert ("newsmap", "sitemap", "/sitemaps/news.xml", "robots.txt") in found
    assert [f for f in found if f[0] == "nofeed"] == [("nofeed", "probed", "/", "discovery")]  # none: the homepage is its listing
    assert all(shapes.values()), shapes
    for outlet in report.outlets:
        assert outlet.stored == len(generic.site.article_paths[f"{outlet.outlet}.ru"])
        assert outlet.failed == {}, outlet.summary()  # a guessed path that is absent is not a failure
    reports = {r.outlet: r.summary() for r in report.outlets}
    assert "discovered: feeds 1" in reports["wpsite"] and "discovered: sitemaps 1" in reports["newsmap"]

    before = len(generic.article_fetches())
    probes_before = generic.fetched().count("/feed.xml")
    crawl(config)
    assert generic.article_fetches()[before:] == []  # no article page fetched again
    assert generic.fetched().count("/feed.xml") == probes_before  # remembered sources: no probing again
    with open_store(config.db_path) as store:
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(urls)


def test_feed_links_of_a_page():
    html = ('<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
            '<link rel="alternate" type="application/rss+xml" href="/comments/feed/">'
            '<link rel="alternate" hreflang="kk" href="/kk/"></head><body></body></html>')
    assert feed_links(html, "https://orda.kz/news/") == ["https://orda.kz/feed/"]


def test_learned_shape_takes_articles_and_leaves_sections_and_tags():
    articles = [f"https://lada.kz/aktobe-news/{1000 + i}-akim-provel-vstrechu.html" for i in range(6)]
    others = ["https://lada.kz/aktobe-news/", "https://lada.kz/tag/akim-oblasti-2024/"]
    pattern = learn_pattern(articles, others)
    import re

    assert re.search(pattern, "/aktobe-news/99999-novaya-novost.html")
    assert not re.search(pattern, "/aktobe-news/")
    assert learn_pattern(articles[:3], others) is None  # too few to learn from


def test_outlets_add_writes_one_table_after_a_trial_and_list_shows_it(tmp_path, generic):
    import tomllib

    from click.testing import CliRunner

    from monitor.cli import main

    cfg = tmp_path / "monitor.toml"
    cfg.write_text("# my settings\n[crawl]\nsince_days = 3\n", "utf-8")
    args = ["--config", str(cfg), "--db", str(tmp_path / "store.db")]
    runner = CliRunner()
    wp = generic.base_url("wpsite.ru")
    result = runner.invoke(main, [*args, "outlets", "add", wp, "--id", "uralsk", "--name", "Уральская неделя"])
    assert result.exit_code == 0, result.output
    assert f"лента: {wp}/feed/ (ссылка на главной" in result.output
    written = tomllib.loads(cfg.read_text("utf-8"))
    assert written["crawl"] == {"since_days": 3}  # the user's settings stay
    assert written["outlets"]["uralsk"] == {"name": "Уральская неделя", "base_url": wp, "feeds": ["/feed/"],
                                            "listings": ["/"]}
    nofeed = generic.base_url("nofeed.ru")
    result = runner.invoke(main, [*args, "outlets", "add", nofeed + "/"])
    assert result.exit_code == 0, result.output
    assert "лент и карт сайта не найдено" in result.output
    again = runner.invoke(main, [*args, "outlets", "add", wp, "--id", "uralsk"])
    assert again.exit_code == 2 and "уже есть" in again.output
    listed = runner.invoke(main, [*args, "outlets", "list"])
    assert listed.exit_code == 0, listed.output
    assert "uralsk — Уральская неделя\n" in listed.output  # tried by `add`: crawled from now on
    assert "orda — Orda.kz  [не проверено" in listed.output  # shipped from public material only
    assert "ленты: /feed/" in listed.output and "поиск лент и карт сайта: при обходе" in listed.output
    assert "tengrinews — Tengrinews" in listed.output


def test_outlets_add_refuses_a_site_that_does_not_answer(tmp_path):
    from click.testing import CliRunner

    from monitor.cli import main

    cfg = tmp_path / "monitor.toml"
    cfg.write_text("[crawl]\nsince_days = 3\n", "utf-8")
    result = CliRunner().invoke(main, ["--config", str(cfg), "outlets", "add", "http://127.0.0.1:9/"])
    assert result.exit_code == 2 and "сайт не ответил" in result.output
    assert cfg.read_text("utf-8") == "[crawl]\nsince_days = 3\n"


def test_further_outlets_are_shipped_unverified_and_not_crawled_unless_named():
    config = load_config(None, ":memory:")
    unverified = [o for o in config.outlets.values() if not o.verified]
    assert len(unverified) >= 12
    assert {"lada", "uralskweek", "mgorod", "pavon", "orda", "vlast", "kazinform", "zakon"} <= {o.id for o in unverified}
    assert all(o.editions and o.editions[0].base_url.startswith("https://") for o in unverified)
    assert config.crawled_outlets == ["tengrinews", "nur", "bnews", "ratel"]


def test_sources_are_probed_again_after_a_while(tmp_path):
    from datetime import UTC, datetime, timedelta

    with open_store(tmp_path / "s.db") as store:
        old = (datetime.now(UTC) - timedelta(days=outletstate.REDISCOVER_DAYS + 1)).isoformat()
        source = outletstate.Source("orda", "ru", "feed", "https://orda.kz/feed/", "common path", old, 5)
        outletstate.remember_sources(store, [source])
        assert outletstate.needs_discovery(outletstate.sources(store, "orda"))
        outletstate.remember_sources(store, [outletstate.Source(*[*vars(source).values()][:5],
                                                                datetime.now(UTC).isoformat(), 7)])
        [again] = outletstate.sources(store, "orda")
        assert again.entries == 7 and not outletstate.needs_discovery([again])
