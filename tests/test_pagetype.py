"""Page-type decisions without knowing the outlet, and JSON-LD first where it is rich."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from monitor.config import load_config
from monitor.dates import LOCAL_TZ
from monitor.extract import _parse, extract
from monitor.metadata import page_url, read_metadata
from monitor.pagetype import url_reason
from monitor.replica import articles as samples
from monitor.replica.site import OTHER_LISTINGS, build_site

CONFIG = load_config(None, ":memory:")
_OWN_URL_RE = re.compile(rb'<link[^>]*canonical[^>]*>|<meta property="og:url"[^>]*>')


@pytest.fixture(scope="module")
def site():
    return build_site(datetime(2025, 7, 10, 12, 0, tzinfo=LOCAL_TZ), generic=True)


def _html_pages(site, articles: bool):
    for edition, routes in site.routes.items():
        for path, resource in routes.items():
            if resource.content_type.startswith("text/html") and (path in site.article_paths[edition]) == articles:
                yield edition, path, resource.body


def test_every_replica_listing_is_refused_by_its_content_alone(site):
    """No URL, no outlet, no canonical link: the markup alone says 'listing'."""
    seen = 0
    for edition, path, body in _html_pages(site, articles=False):
        result = extract(_OWN_URL_RE.sub(b"", body), None, None)
        assert not result.is_article, (edition, path, result.title)
        assert result.reason
        seen += 1
    assert seen >= 35  # the four outlets and the generic regional sites


def test_every_replica_article_stays_an_article_without_url(site):
    for edition, path, body in _html_pages(site, articles=True):
        result = extract(_OWN_URL_RE.sub(b"", body), None, None, min_chars=100)
        assert result.is_article, (edition, path, result.reason)
        assert result.title and result.published_at is not None


def test_tag_page_is_judged_by_its_canonical_url_and_the_outlet_of_that_host(site):
    path = next(iter(OTHER_LISTINGS["tengrinews.ru"]))
    body = site.routes["tengrinews.ru"][path].body
    result = extract(body, None, None, outlet_for=CONFIG.outlet_for_url)
    assert result.url == "https://tengrinews.kz" + path
    assert not result.is_article
    assert result.reason == "URL is not an article URL (listing, tag or search page)"  # the outlet's own pattern


def test_relative_og_url_is_resolved_against_the_canonical_link():
    tree = _parse('<html><head><meta property="og:url" content="/tag/x/">'
                  '<link href="https://tengrinews.kz/tag/x/" rel="canonical"></head><body><p>x</p></body></html>')
    assert page_url(read_metadata(tree)) == "https://tengrinews.kz/tag/x/"
    tree = _parse('<html><head><meta property="og:url" content="/tag/x/"></head><body><p>x</p></body></html>')
    assert page_url(read_metadata(tree)) is None  # nothing absolute to resolve it against


@pytest.mark.parametrize("url, kind", [
    ("https://tengrinews.kz/tag/Алматы/", "tag page"),
    ("https://kursiv.media/search/?q=аким", "search page"),
    ("https://orda.kz/category/politics/", "section page"),
    ("https://www.nur.kz/latest/", "section page"),
    ("https://bnews.kz/ru/", "home page"),
    ("https://tengrinews.kz/news/page/2/", "listing page"),
])
def test_listing_urls_of_any_outlet(url, kind):
    assert url_reason(url).startswith(kind)


@pytest.mark.parametrize("url", [
    "https://orda.kz/akim-almaty-provel-vstrechu-s-zhitelyami-392011/",
    "https://ratel.kz/raw/pochemu_blog_akima_molchit",
    "https://www.nur.kz/politics/kazakhstan/2086925-akim/",
    "https://vlast.kz/novosti/61234-akim.html",
])
def test_article_urls_are_not_listings(url):
    assert url_reason(url) is None


def test_collection_page_type_is_a_listing():
    html = ('<html><head><script type="application/ld+json">{"@type": "CollectionPage", "name": "Политика"}</script>'
            '</head><body><article><p>' + "Текст длинной статьи. " * 40 + '</p></article></body></html>')
    result = extract(html, None, None)
    assert not result.is_article and "CollectionPage" in result.reason


def _nur_page(site) -> bytes:
    return site.routes["nur.ru"][site.article_paths["nur.ru"][0]].body


def test_json_ld_article_body_keeps_an_article_whose_visible_body_is_missing(site):
    """NUR renders some bodies by script: the page has the headline and JSON-LD, no paragraphs."""
    body = re.sub(rb'<div class="formatted-body">.*?</div>', b"", _nur_page(site), count=1, flags=re.S)
    sample = next(s for s in samples.SAMPLES if s.outlet == "nur")
    result = extract(body, None, None)
    assert result.is_article, result.reason
    assert result.title == sample.title
    assert sample.paragraphs[-1][:60] in result.text
    assert result.published_at is not None and result.authors == [sample.author]


def _sidebar_page(with_body: bool) -> str:
    own = ("Аким Жетысуской области Бейбит Исабаев проверил ход ремонта дороги до Талдыкоргана. "
           "Работы ведутся с опережением графика, сказал он строителям. ")
    other = ("Аким Мангистауской области Нурдаулет Кильбай провел встречу с рыбаками Актау и обсудил "
             "квоты на вылов, цены на топливо и ремонт причалов в трех поселках побережья. ")
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Исабаев проверил ремонт дороги",
          "datePublished": "2025-07-09T10:00:00+05:00"}
    if with_body:
        ld["articleBody"] = own * 3
    # The article's own text sits in bare text with <br>s, the sidebar in long paragraphs:
    # trafilatura's favourite shape of a "main text".
    return (f'<html><head><script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>'
            f'<body><div class="news-text">{"<br>".join([own] * 3)}</div>'
            f'<div class="col-right">{"".join(f"<p>{other}</p>" for _ in range(5))}</div></body></html>')


def test_text_agrees_with_json_ld_when_trafilatura_wanders_into_a_sidebar():
    wandered = extract(_sidebar_page(with_body=False), None, None)
    assert "Кильбай" in wandered.text  # the premise: alone, extraction takes the sidebar
    result = extract(_sidebar_page(with_body=True), None, None)
    assert result.is_article, result.reason
    assert "Исабаев" in result.text
    assert "Кильбай" not in result.text


def test_json_ld_does_not_replace_a_visible_body_that_agrees(site):
    result = extract(_nur_page(site), None, None)
    # The visible body keeps its paragraphs (articleBody is one line).
    assert result.is_article and result.text.count("\n") >= 2


@pytest.fixture(scope="module")
def analyzer():
    from monitor.analyze import Analyzer

    return Analyzer(CONFIG)


def test_analyze_without_url_on_every_replica_page(site, analyzer):
    """What `monitor analyze FILE` answers on saved pages: listings refused with a reason,
    articles with title, date and language (the outlet found by the page's canonical URL)."""
    for edition, path, body in _html_pages(site, articles=False):
        result = analyzer.analyze(body)
        assert result.is_article is False and result.reason, (edition, path)
        assert result.article.mentions == []
    for edition, path, body in _html_pages(site, articles=True):
        result = analyzer.analyze(body)
        assert result.is_article, (edition, path, result.reason)
        a = result.article
        assert a.title and a.published_at is not None
        assert a.language == edition.split(".")[1]


def test_monitor_analyze_file_without_url_on_saved_listings(tmp_path, site):
    """The command as a user runs it on saved pages: a real-markup tag page, a generic site's section."""
    import subprocess
    import sys

    tag = next(iter(OTHER_LISTINGS["tengrinews.ru"]))
    (tmp_path / "tag.html").write_bytes(site.routes["tengrinews.ru"][tag].body)
    (tmp_path / "region.html").write_bytes(site.routes["nofeed.ru"]["/region/"].body)
    (tmp_path / "article.html").write_bytes(site.routes["nur.ru"][site.article_paths["nur.ru"][0]].body)
    answers = {}
    for name in ("tag.html", "region.html", "article.html"):
        proc = subprocess.run([sys.executable, "-m", "monitor", "analyze", name, "--json"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        answers[name] = json.loads(proc.stdout)
    assert answers["tag.html"]["is_article"] is False and answers["tag.html"]["url"].startswith("https://tengrinews.kz/tag/")
    assert answers["region.html"]["is_article"] is False and "repeated headline blocks" in answers["region.html"]["reason"]
    article = answers["article.html"]
    assert article["is_article"] and article["source"] == "nur" and article["language"] == "ru"
    assert article["title"] and article["published_at"]
