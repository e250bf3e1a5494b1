"""Extraction of single pages: what is kept, what is dropped, which date wins."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.config import load_config
from monitor.extract import clean_text, extract
from monitor.replica import articles as samples
from monitor.replica.site import build_site

CONFIG = load_config(None, ":memory:")


@pytest.fixture(scope="module")
def site():
    from monitor.dates import LOCAL_TZ

    return build_site(datetime(2025, 7, 10, 12, 0, tzinfo=LOCAL_TZ))


def page(site, edition: str, index: int = 0) -> tuple[bytes, str]:
    path = site.article_paths[edition][index]
    base = CONFIG.outlet(edition.split(".")[0]).editions[0 if edition.endswith(".ru") else 1].base_url
    return site.routes[edition][path].body, base + path


@pytest.mark.parametrize("edition", ["tengrinews.ru", "tengrinews.kk", "nur.ru", "nur.kk", "bnews.ru", "ratel.ru"])
def test_each_outlet_gives_title_date_and_clean_body(site, edition):
    body, url = page(site, edition)
    outlet = CONFIG.outlet(edition.split(".")[0])
    result = extract(body, url, outlet, min_chars=100)
    assert result.is_article, result.reason
    sample = next(s for s in samples.SAMPLES if result.title == s.title)
    assert result.published_at is not None and result.published_at.tzinfo is not None
    assert sample.paragraphs[-1].split(". Источник")[0][:50] in result.text
    for leak in (*samples.SIDEBAR_HEADLINES, samples.READ_ALSO_HEADLINE, samples.COMMENT_TEXT,
                 samples.INFINITE_SCROLL.title, samples.INFINITE_SCROLL.paragraphs[0], "Оригинал статьи"):
        assert leak not in result.text
    assert not result.text.startswith(result.title)


def test_ratel_visible_date_and_author(site):
    body, url = page(site, "ratel.ru")
    result = extract(body, url, CONFIG.outlet("ratel"))
    assert result.published_at.isoformat() == "2025-07-10T00:00:00+05:00"  # 12 hours before the site's "now"
    assert result.authors == ["Алия АХМЕДИЕВА"]
    assert "Читать текст полностью" not in result.text


def test_sections_come_from_metadata_or_the_path(site):
    tengri = extract(*page(site, "tengrinews.ru"), CONFIG.outlet("tengrinews"))
    assert tengri.section == "kazakhstan_news"  # JSON-LD articleSection
    bnews = extract(*page(site, "bnews.ru"), CONFIG.outlet("bnews"))
    assert bnews.section == "news"  # /ru/news/<slug>: the language segment is skipped


def test_listing_url_is_not_an_article(site):
    body = site.routes["tengrinews.ru"]["/news/"].body
    result = extract(body, "https://tengrinews.kz/news/", CONFIG.outlet("tengrinews"))
    assert not result.is_article and "listing" in result.reason


def test_listing_without_outlet_is_recognised_by_link_density(site):
    body = site.routes["nur.ru"]["/latest/"].body
    result = extract(body, None, None, min_chars=20)
    assert not result.is_article


def test_unknown_pattern_requires_article_metadata(site):
    about = site.routes["bnews.ru"]["/ru/about"].body
    result = extract(about, "https://bnews.kz/ru/about", CONFIG.outlet("bnews"))
    assert not result.is_article and "metadata" in result.reason


@pytest.mark.parametrize("html", [b"", b"   ", b"\x00\x01\x02", b"<html><body><p>short</p></body></html>"])
def test_malformed_or_empty_html_is_rejected_with_a_reason(html):
    result = extract(html, "https://tengrinews.kz/kazakhstan_news/x-1/", CONFIG.outlet("tengrinews"))
    assert not result.is_article and result.reason


def test_truncated_html_keeps_what_arrived(site):
    body, url = page(site, "tengrinews.ru")
    cut = body[: body.index(b"</p>", body.index(b"content_main_text")) + 400]
    result = extract(cut, url, CONFIG.outlet("tengrinews"), min_chars=50)
    assert result.is_article and result.title


def test_json_ld_date_wins_over_visible_text():
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Заголовок", "datePublished": "2024-02-10T09:30:00"}</script></head>
    <body><h1>Заголовок</h1><div class="date-time">Сегодня, 16:15</div><div>""" + "<p>Текст статьи об акиме. </p>" * 30 + "</div></body></html>"
    result = extract(html, "https://tengrinews.kz/kazakhstan_news/x-1/", CONFIG.outlet("tengrinews"))
    # No offset given: local time of the date, UTC+6 in Almaty before March 2024.
    assert result.published_at.isoformat() == "2024-02-10T09:30:00+06:00"


def test_clean_text_drops_boilerplate_lines():
    text = "Первый абзац.\nЧитайте также\nДругая новость про акима\n#аким #регион\n2547 просмотров\nПоследний абзац."
    assert clean_text(text) == "Первый абзац.\nПоследний абзац."
