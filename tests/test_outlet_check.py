"""`monitor outlets check` and the admin alert on layout drift, against the replicas."""

from __future__ import annotations

from datetime import UTC, datetime

from click.testing import CliRunner

from monitor.alerts.ops import OpsThresholds, find_problems
from monitor.cli import main
from monitor.crawl import default_since, run_crawl
from monitor.replica import articles as samples
from monitor.replica.site import build_site
from monitor.store import open_store

from replica_support import FAST

# Ratel's markup as it might change overnight: the date and author blocks renamed.
NEW_MARKUP = ((b"post_news__date", b"post-meta__when"), (b"post_news__author", b"post-meta__who"))


def _redesign(body: bytes) -> bytes:
    for old, new in NEW_MARKUP:
        body = body.replace(old, new)
    return body


def check(config, *ids: str):
    return CliRunner().invoke(main, ["--config", str(config.source_file), "--db", str(config.db_path),
                                     "outlets", "check", *ids])


def test_check_says_where_each_field_comes_from(config):
    result = check(config, "tengrinews", "nur", "ratel")
    assert result.exit_code == 0, result.output
    assert result.output.count("в порядке") == 5  # tengrinews ru and kk, nur ru and kk, ratel
    assert "news.rss" in result.output  # the articles came from the feed
    assert "дата: селекторы" in result.output  # Ratel prints its date as text only
    assert "заголовок: JSON-LD/мета" in result.output


def test_check_flags_selectors_that_match_nothing_after_a_redesign(config, site, replica):
    assert check(config, "ratel").exit_code == 0
    for path in site.article_paths["ratel.ru"]:
        site.routes["ratel.ru"][path].body = _redesign(site.routes["ratel.ru"][path].body)
    result = check(config, "ratel")
    assert result.exit_code == 1
    assert "селектор date не нашёл ничего на 1 из 1 страниц" in result.output
    assert "селектор authors не нашёл ничего" in result.output
    assert "дата: запасной способ" in result.output  # the date is still found, generically


def test_run_raises_the_admin_layout_alert_when_fallbacks_jump(config, site, replica, now):
    def crawl():
        run_crawl(config, since=default_since(config), settings=FAST, outlets=["ratel"])

    crawl()
    fresh = samples.SampleArticle(
        "ratel", "ru", 9001, "akimat_otvetil_na_zhaloby", "raw", "Акимат ответил на жалобы жителей",
        "Жалобы жителей на ремонт дорог рассмотрели в акимате.",
        tuple("Аким района пообещал закончить ремонт до холодов и проверить подрядчиков. " * 3 for _ in range(3)),
        1, "Ержан ОМАРОВ")
    redesigned = build_site(now, extra=[fresh])
    [path] = [p for p in redesigned.article_paths["ratel.ru"] if "akimat_otvetil" in p]
    redesigned.routes["ratel.ru"][path].body = _redesign(redesigned.routes["ratel.ru"][path].body)
    site.routes["ratel.ru"].update(redesigned.routes["ratel.ru"])
    site.article_paths["ratel.ru"].append(path)
    crawl()
    with open_store(config.db_path) as store:
        problems = find_problems(store, config, OpsThresholds(), datetime.now(UTC), engine_ok=None)
    assert "layout:ratel" in problems, problems
    assert "поле «date» взято запасным способом у 100%" in problems["layout:ratel"]
    assert "изменилась вёрстка" in problems["layout:ratel"]
