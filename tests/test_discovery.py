"""Feeds, sitemaps (news: fields included) and listing links, malformed ones too."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest

from monitor.discovery import DiscoveryError, listing_links, parse_feed, parse_sitemap

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://tengrinews.kz/kazakhstan_news/a-1/</loc>
<news:news><news:publication_date>2025-07-04T12:00:00+05:00</news:publication_date></news:news></url>
<url><loc>https://tengrinews.kz/kazakhstan_news/b-2/</loc><lastmod>2024-01-02</lastmod></url>
</urlset>"""


def test_news_sitemap_keeps_publication_dates():
    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert not sitemap.is_index
    first, second = sitemap.entries
    assert first.published.isoformat() == "2025-07-04T12:00:00+05:00"
    assert second.published.isoformat() == "2024-01-02T00:00:00+06:00"


_URLSET = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def test_gzipped_sitemap_index():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://x.kz/s1.xml</loc><lastmod>2025-01-01T00:00:00Z</lastmod></sitemap></sitemapindex>"""
    sitemap = parse_sitemap(gzip.compress(index))
    assert sitemap.is_index and sitemap.entries[0].url == "https://x.kz/s1.xml"


def test_a_gzip_bomb_sitemap_is_read_to_the_sitemaps_org_limit_only():
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b" " * (1 << 20)
    bomb = packer.compress(_URLSET + b"<url><loc>https://x.kz/a</loc></url>") + b"".join(
        packer.compress(chunk) for _ in range(200)) + packer.flush()  # 200 MB in ~200 KB
    tracemalloc.start()
    try:
        entries = parse_sitemap(bomb).entries
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [e.url for e in entries] == ["https://x.kz/a"]
    assert peak < 120 * 2**20


@pytest.mark.parametrize("body", [b"", b"not xml", b"<html><body>404</body></html>", b"\x00\xff",
                                  b"\x1f\x8b\x08 broken gzip", gzip.compress(b"<urlset>")[:12]])
def test_malformed_sitemaps_raise_a_clear_error(body):
    with pytest.raises(DiscoveryError, match="sitemap"):
        parse_sitemap(body)


def test_entities_are_not_expanded():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.kz/&b;</loc></url></urlset>"""
    entries = parse_sitemap(bomb).entries
    assert all("aaaa" not in e.url for e in entries)


def test_rss_feed_with_dates():
    rss = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
    <item><title>Аким</title><link>https://www.nur.kz/politics/1-a/</link>
    <pubDate>Fri, 04 Jul 2025 12:00:00 +0500</pubDate></item></channel></rss>""".encode()
    [entry] = parse_feed(rss)
    assert entry.url == "https://www.nur.kz/politics/1-a/"
    assert entry.published.isoformat() == "2025-07-04T12:00:00+05:00"


def test_feed_authors_and_category_are_kept_and_merged_with_a_sitemap_date():
    rss = ('<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><link>https://x.kz/a</link>'
           "<author>ed@x.kz (Алия Ахмедиева)</author><dc:creator>Пётр  Ким</dc:creator>"
           "<category> Политика </category><category>Общество</category></item>"
           "<item><link>https://x.kz/b</link><author>ed@x.kz</author></item></channel></rss>").encode()
    first, second = parse_feed(rss)
    assert first.authors == ("Алия Ахмедиева", "Пётр Ким") and first.section == "Политика"
    assert second.authors == () and second.section is None  # an address alone is no author's name
    from_sitemap = parse_sitemap(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
                                 b"https://x.kz/a</loc><lastmod>2025-03-01</lastmod></url></urlset>").entries[0]
    merged = from_sitemap.completed_by(first)
    assert merged.published is not None and merged.authors == first.authors and merged.section == "Политика"


def test_atom_feed():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>x</title><link href="https://x.kz/a"/><updated>2025-07-04T07:00:00Z</updated></entry></feed>"""
    [entry] = parse_feed(atom)
    assert entry.url == "https://x.kz/a"


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>x</titl", b"\x00\x01garbage",
                                  b"<html><body><h1>News</h1></body></html>", b""])
def test_malformed_feeds_raise_a_clear_error(body):
    with pytest.raises(DiscoveryError, match="malformed feed"):
        parse_feed(body)


def test_a_feed_without_items_is_empty_not_malformed():
    assert parse_feed(b'<rss version="2.0"><channel><title>t</title></channel></rss>') == []


def test_listing_links_are_absolute_web_links_without_duplicates():
    html = """<html><body><a href="/a/1">1</a><a href="/a/1#x">1</a><a href="https://other.kz/b">x</a>
    <a href="mailto:x@y.kz">m</a><a href="a/2">2</a><a href="javascript:void(0)">j</a></body></html>"""
    assert listing_links(html, "https://ratel.kz/raw/") == [
        "https://ratel.kz/a/1", "https://other.kz/b", "https://ratel.kz/raw/a/2"]
