"""Dates as printed, languages without a Kazakh model, canonical URLs."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from monitor.config import load_config
from monitor.dates import LOCAL_TZ, parse_iso, parse_visible
from monitor.extract import extract
from monitor.language import detect_language
from monitor.urls import canonical_url

NOW = datetime(2025, 7, 10, 12, 0, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(("text", "expected"), [
    ("Сегодня, 16:15", "2025-07-10T16:15:00+05:00"),
    ("04 Июл 2025", "2025-07-04T00:00:00+05:00"),
    ("Пятница, 04 Июл 2025, 12:00", "2025-07-04T12:00:00+05:00"),
    ("10 желтоқсан 2024", "2024-12-10T00:00:00+05:00"),
    ("2024 жылғы 5 наурыз, 10:30", "2024-03-05T10:30:00+05:00"),
    ("10 декабря 2023, 13:02", "2023-12-10T13:02:00+06:00"),  # before the 2024 switch to UTC+5
    ("вчера", "2025-07-09T12:00:00+05:00"),
])
def test_visible_dates(text, expected):
    assert parse_visible(text, NOW).isoformat() == expected


@pytest.mark.parametrize("text", ["2547 просмотров", "Новости", "", None])
def test_not_dates(text):
    assert parse_visible(text, NOW) is None


def test_iso_dates_keep_offsets_and_localise_naive_ones():
    assert parse_iso("2024-04-18T10:35:00+05:00").utcoffset().total_seconds() == 5 * 3600
    assert parse_iso("2024-04-18T10:35:00Z").utcoffset().total_seconds() == 0
    assert parse_iso("2020-01-01T00:00:00").utcoffset().total_seconds() == 6 * 3600
    assert parse_iso("not a date") is None


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "1970-01-01T00:00:00Z",
                                   "2207-05-04T10:00:00+05:00"])
def test_placeholder_and_typo_years_are_no_date(value):
    assert parse_iso(value) is None


def test_a_placeholder_date_in_metadata_gives_way_to_the_printed_date(site):
    page = site.routes["tengrinews.ru"][site.article_paths["tengrinews.ru"][0]].body.decode()
    page = re.sub(r'"datePublished": ?"[^"]*"', '"datePublished": "0001-01-01T00:00:00"', page)
    result = extract(page, "https://tengrinews.kz/kazakhstan_news/x-560103/", load_config().outlet("tengrinews"))
    assert result.is_article and result.published_at.year >= datetime.now().year - 1


@pytest.mark.parametrize(("text", "language"), [
    ("Аким Алматы Ерболат Досаев провел совещание с руководителями управлений города.", "ru"),
    ("Алматы қаласының әкімі Ерболат Досаев мәжіліс өткізді, бұл туралы қала әкімдігі хабарлады.", "kk"),
    ("The akim of Almaty Yerbolat Dossayev held a meeting with heads of city departments.", "en"),
    ("Der Bürgermeister von Almaty hielt eine lange Sitzung mit den Leitern der Abteilungen ab.", "other"),
    ("Аким Алматы встретился с жителями района Әуезов и обсудил ремонт дорог.", "ru"),
    ("12345 67890", "other"),
    ("Мер Києва провів нараду з керівниками департаментів щодо ремонту доріг і мостів.", "other"),
    # Kazakh in the 2018 Latin alphabet (lat.egemen.kz), not "other": the dotless ı with acute letters.
    ("Shymkent qalasy ákimi Murat Áıtenov bıylǵy esebin halyq aldynda berdi. Turǵyndar suraqtar qoıdy.", "kk"),
    ("Türkiye Cumhurbaşkanı bugün Ankara'da açıklama yaptı, hava ılık ve yağışlı olacak.", "other"),
    # The breve alphabet of qazaqtimes.com/lt: ä, ñ and q, which Turkish lacks.
    ("Şımkent qalasınıñ äkimi Ğabidolla Äbdirahımov baspasöz jiının özi basqardı, qala twrğındarı jinaldı.", "kk"),
    ("El alcalde de Almaty inauguró una nueva estación de autobuses en el centro de la ciudad.", "other"),
])
def test_language(text, language):
    assert detect_language(text) == language


def test_language_is_deterministic():
    text = "Әкім мен орынбасары ауылға барды, тұрғындармен кездесті. " * 3
    assert {detect_language(text) for _ in range(20)} == {"kk"}


def test_canonical_urls():
    tengri = load_config(None, ":memory:").outlet("tengrinews")
    main = "https://tengrinews.kz/kazakhstan_news/x-123/"
    for variant in (
        "https://tengrinews.kz/kazakhstan_news/x-123/?utm_source=rss&utm_medium=feed",
        "https://tengrinews.kz/kazakhstan_news/x-123/amp/",
        "https://tengrinews.kz/amp/kazakhstan_news/x-123/",
        "https://new.tengrinews.kz/kazakhstan_news/x-123/#comments",
        "https://TENGRINEWS.kz/kazakhstan_news/x-123/?fbclid=abc",
    ):
        assert canonical_url(variant, tengri) == main, variant
    assert canonical_url("https://ratel.kz/raw/a_b/amp") == "https://ratel.kz/raw/a_b"
    assert canonical_url("https://x.kz/a?id=2&utm_term=x") == "https://x.kz/a?id=2"
