"""Faithful local replicas of the four outlets, as {path: Resource} per edition.

Each edition gets its own host (port) in the server, as on the real sites; the
structures follow docs in ../shared/docs/outlets.md: Tengrinews' JSON-LD
@graph and news sitemaps, NUR's infinite scroll and hidden "original"
paragraph, BNews' robots.txt sitemap and generic authors, Ratel's text-only
dates and comments under the article.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape

from jinja2 import Environment, PackageLoader, select_autoescape

from monitor.dates import LOCAL_TZ
from monitor.replica import articles as samples
from monitor.replica.articles import SampleArticle

RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")
RU_MONTHS_SHORT = ("Янв", "Фев", "Мар", "Апр", "Май", "Июн", "Июл", "Авг", "Сен", "Окт", "Ноя", "Дек")
RU_WEEKDAYS = ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье")
KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
             "қыркүйек", "қазан", "қараша", "желтоқсан")

EDITIONS = ("tengrinews.ru", "tengrinews.kk", "nur.ru", "nur.kk", "bnews.ru", "ratel.ru")
# The real sites' addresses, which their pages print in link rel=canonical and og:url.
SITE_URLS = {
    "tengrinews.ru": "https://tengrinews.kz", "tengrinews.kk": "https://kaz.tengrinews.kz",
    "nur.ru": "https://www.nur.kz", "nur.kk": "https://kaz.nur.kz", "bnews.ru": "https://bnews.kz",
    "ratel.ru": "https://ratel.kz",
}
# Listing, tag, search and section pages beside the crawled listings (path -> heading):
# what a user saves and analyses, and what no crawl may store as an article.
OTHER_LISTINGS = {
    "tengrinews.ru": {"/tag/%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B/": "Алматы", "/article/": "Статьи"},
    "tengrinews.kk": {"/tag/%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B/": "Алматы"},
    "nur.ru": {"/politics/": "Политика"},
    "nur.kk": {"/kogam/": "Қоғам"},
    "bnews.ru": {"/ru/tag/akim/": "Аким"},
    "ratel.ru": {"/search": "Поиск: аким"},
}
LISTING_FILLER = 24  # cards of other (not served) stories on those pages, as on a real listing


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    delay: float = 0.0
    location: str | None = None  # a Location header, for redirects
    retry_after: str | None = None  # a Retry-After header, with 429 or 503


@dataclass
class Site:
    """Routes of every edition, keyed 'outlet.lang' then path."""

    routes: dict[str, dict[str, Resource]] = field(default_factory=dict)
    article_paths: dict[str, list[str]] = field(default_factory=dict)  # edition -> article paths

    def add(self, edition: str, path: str, resource: Resource) -> None:
        self.routes.setdefault(edition, {})[path] = resource


_ENV = Environment(loader=PackageLoader("monitor.replica", "templates"), autoescape=select_autoescape(["html"]))


def article_path(a: SampleArticle) -> str:
    if a.outlet == "tengrinews":
        return f"/{a.section}/{a.slug}-{a.id}/"
    if a.outlet == "nur":
        return f"/{a.section}/{a.id}-{a.slug}/"
    if a.outlet == "bnews":
        return f"/ru/news/{a.slug}-{{date}}-{a.id}"
    return f"/{a.section}/{a.slug}"


def visible_date(a: SampleArticle, published: datetime, now: datetime) -> str:
    local = published.astimezone(LOCAL_TZ)
    if a.outlet == "ratel":
        month = RU_MONTHS_SHORT[local.month - 1]
        return f"{RU_WEEKDAYS[local.weekday()]}, {local:%d} {month} {local:%Y, %H:%M}"
    if a.edition == "kk":
        return f"{local.day} {KK_MONTHS[local.month - 1]} {local:%Y, %H:%M}"
    if local.date() == now.astimezone(LOCAL_TZ).date():
        return f"Сегодня, {local:%H:%M}"
    return f"{local.day} {RU_MONTHS[local.month - 1]} {local:%Y, %H:%M}"


@dataclass(frozen=True)
class GenericShape:
    """A regional outlet's CMS, as far as discovery and extraction see it."""

    name: str
    article: str  # path template: {id} {slug} {yyyy} {mm}
    feed: str | None = None  # where its RSS lives
    feed_linked: bool = False  # announced by <link rel="alternate"> on its pages
    news_sitemap: str | None = None  # named in robots.txt
    json_ld: str | None = None  # graph (Yoast-style WebPage + Article) | news (NewsArticle with articleBody)
    og: bool = True
    published_meta: bool = False
    listings: tuple[str, ...] = ("/news/", "/region/", "/tag/akim/")


# Generic sites with the shapes of Kazakhstani regional outlets, for discovery tested
# end to end: each is configured by its homepage alone.
GENERIC = {
    "wpsite": GenericShape("Уральская неделя", "/{yyyy}/{mm}/{slug}/", feed="/feed/", feed_linked=True,
                           json_ld="graph", published_meta=True, listings=("/category/news/", "/tag/akim/", "/region/")),
    "bitrix": GenericShape("Лада", "/news/{id}-{slug}.html", feed="/rss/"),
    "newsmap": GenericShape("Мой город", "/ru/{section}/{slug}-{id}", news_sitemap="/sitemaps/news.xml",
                            json_ld="news", og=False),
    "nofeed": GenericShape("Власть региона", "/material/{id}-{slug}"),
}
GENERIC_ARTICLES = 8


def build_site(now: datetime, extra: list[SampleArticle] | None = None, scroll: bool = True,
               generic: bool = False) -> Site:
    """The replica at `now`: sample articles dated relative to it (and, with `generic`,
    the generic regional sites as editions '<site>.ru')."""
    site = Site()
    if generic:
        for name, shape in GENERIC.items():
            _generic_site(site, name, shape, now)
    items: dict[str, list[dict]] = {}
    for a in (*samples.SAMPLES, samples.OLD_ARTICLE, *(extra or [])):
        published = (now - timedelta(hours=a.hours_ago)).astimezone(LOCAL_TZ)
        path = article_path(a).replace("{date}", published.strftime("%Y_%m_%d"))
        edition = f"{a.outlet}.{a.edition}"
        item = {"a": a, "path": path, "published": published, "published_iso": published.isoformat(),
                "visible_date": visible_date(a, published, now), "site_url": SITE_URLS.get(edition, "")}
        site.add(edition, path, Resource(_render_article(item, scroll).encode("utf-8")))
        site.article_paths.setdefault(edition, []).append(path)
        items.setdefault(edition, []).append(item)
    for edition, entries in items.items():
        entries.sort(key=lambda i: i["published"], reverse=True)
        _discovery(site, edition, entries, now)
    return site


def _render_article(item: dict, scroll: bool) -> str:
    a: SampleArticle = item["a"]
    template = _ENV.get_template(f"{a.outlet}_article.html")
    return template.render(
        a=a, url=item["path"], site_url=item["site_url"], published_iso=item["published_iso"], visible_date=item["visible_date"],
        views=f"{1000 + a.id % 5000} просмотров", sidebar=samples.SIDEBAR_HEADLINES,
        read_also=samples.READ_ALSO_HEADLINE, comment=samples.COMMENT_TEXT,
        body_text=" ".join((a.lead, *a.paragraphs)),
        scroll=samples.INFINITE_SCROLL if scroll and a.outlet == "nur" else None,
    )


def _discovery(site: Site, edition: str, entries: list[dict], now: datetime) -> None:
    outlet, lang = edition.split(".")
    fresh = [e for e in entries if e["a"] is not samples.OLD_ARTICLE]
    robots = "User-agent: *\nDisallow: /search\n"
    if outlet == "tengrinews":
        index = "/sitemap-index.xml" if lang == "ru" else "/kk-sitemap-index.xml"
        site.add(edition, "/news.rss", _feed(outlet, fresh, full_body=True))
        site.add(edition, index, _sitemap_index(["/sitemap-news.xml", "/sitemap-2019-01.xml"], now))
        site.add(edition, "/sitemap-news.xml", _urlset(fresh, news=True))
        site.add(edition, "/sitemap-2019-01.xml", _urlset([e for e in entries if e not in fresh], news=False))
        _listing(site, edition, "tengrinews_listing.html", "/news/", entries, per_page=4)
    elif outlet == "nur":
        site.add(edition, "/rss/all.rss", _feed(outlet, fresh[:2], full_body=False))
        site.add(edition, "/article-index-sitemap.xml", _urlset(fresh, news=False))
        _listing(site, edition, "nur_listing.html", "/latest/", entries, per_page=50)
    elif outlet == "bnews":
        robots += "Sitemap: {base}/sitemap.xml\n"
        site.add(edition, "/sitemap.xml", _urlset(fresh, news=False, extra_paths=["/ru/about"]))
        site.add(edition, "/ru/about", Resource(_ENV.get_template("bnews_page.html").render().encode()))
        site.add(edition, "/ru/news/rss/", _feed(outlet, fresh, full_body=False))
        _listing(site, edition, "tengrinews_listing.html", "/ru/news/", entries, per_page=50)
    else:
        _listing(site, edition, "ratel_listing.html", "/", entries, per_page=50)
        _listing(site, edition, "ratel_listing.html", "/raw/", entries, per_page=50)
        _listing(site, edition, "ratel_listing.html", "/thoughts/", [], per_page=50)
    site.add(edition, "/robots.txt", Resource(robots.encode(), "text/plain; charset=utf-8"))
    _other_listings(site, edition, entries, now)


def _other_listings(site: Site, edition: str, entries: list[dict], now: datetime) -> None:
    outlet, lang = edition.split(".")
    filler = []
    for i, a in enumerate(samples.generated(LISTING_FILLER, seed=len(edition), outlets=(outlet,))):
        published = (now - timedelta(hours=2 + i * 3)).astimezone(LOCAL_TZ)
        path = article_path(a).replace("{date}", published.strftime("%Y_%m_%d"))
        filler.append({"a": a, "path": path, "published_iso": published.isoformat(),
                       "visible_date": visible_date(a, published, now)})
    template = {"tengrinews": "tengrinews_tag.html", "nur": "nur_section.html"}.get(outlet, "generic_listing.html")
    for path, heading in OTHER_LISTINGS.get(edition, {}).items():
        html = _ENV.get_template(template).render(
            items=[*entries, *filler], heading=heading, path=path, site_url=SITE_URLS[edition],
            site_name=outlet.capitalize(), canonical=None, next_page=None, nav=("/news/", "/region/"))
        site.add(edition, path, Resource(html.encode("utf-8")))


def _listing(site: Site, edition: str, template: str, path: str, entries: list[dict], per_page: int) -> None:
    pages = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    for number, chunk in enumerate(pages, start=1):
        page_path = path if number == 1 else f"{path}page/{number}/"
        next_page = f"{path}page/{number + 1}/" if number < len(pages) else None
        html = _ENV.get_template(template).render(items=chunk, next_page=next_page)
        site.add(edition, page_path, Resource(html.encode("utf-8")))


def _feed(outlet: str, entries: list[dict], full_body: bool) -> Resource:
    items = []
    for e in entries:
        a: SampleArticle = e["a"]
        body = ""
        if full_body:
            body = f"<yandex:full-text>{escape(' '.join(a.paragraphs))}</yandex:full-text>"
        link = escape(e["path"] + "?utm_source=rss&utm_medium=feed")
        items.append(
            f"<item><title>{escape(a.title)}</title><link>{{base}}{link}</link>"
            f"<description>{escape(a.lead)}</description>"
            f"<pubDate>{format_datetime(e['published'])}</pubDate>{body}</item>"
        )
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:yandex="http://news.yandex.ru">'
           f"<channel><title>{outlet}</title><link>{{base}}/</link>{''.join(items)}</channel></rss>")
    # An ETag that changes with the content, as a server's does: a feed that keeps its
    # last N items (NUR's two) changes without growing.
    body = xml.encode("utf-8")
    return Resource(body, "application/rss+xml; charset=utf-8", etag=f'"{outlet}-{zlib.crc32(body):08x}"')


def _sitemap_index(paths: list[str], now: datetime) -> Resource:
    stamps = (now, now - timedelta(days=2500))
    body = "".join(
        f"<sitemap><loc>{{base}}{p}</loc><lastmod>{stamp.astimezone(LOCAL_TZ).isoformat(timespec='seconds')}</lastmod></sitemap>"
        for p, stamp in zip(paths, stamps)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    return Resource(xml.encode("utf-8"), "application/xml", etag='"index-1"')


def _urlset(entries: list[dict], news: bool, extra_paths: list[str] | None = None) -> Resource:
    rows = []
    for e in entries:
        stamp = e["published_iso"]
        if news:
            extra = (f"<news:news><news:publication><news:name>Tengrinews</news:name><news:language>ru</news:language>"
                     f"</news:publication><news:publication_date>{stamp}</news:publication_date>"
                     f"<news:title>{escape(e['a'].title)}</news:title></news:news>")
        else:
            extra = f"<lastmod>{stamp}</lastmod>"
        rows.append(f"<url><loc>{{base}}{escape(e['path'])}</loc>{extra}</url>")
    rows += [f"<url><loc>{{base}}{p}</loc></url>" for p in extra_paths or []]
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(rows) + "</urlset>")
    return Resource(xml.encode("utf-8"), "application/xml", etag=f'"urlset-{len(rows)}"')


def _generic_site(site: Site, name: str, shape: GenericShape, now: datetime) -> None:
    edition = f"{name}.ru"
    entries = []
    sources = samples.generated(GENERIC_ARTICLES, seed=sum(map(ord, name)))
    for i, sample in enumerate(sources):
        published = (now - timedelta(hours=1 + 5 * i)).astimezone(LOCAL_TZ)
        slug = sample.slug.replace("generated", "novost") + ("-segodnya" if "generated" in sample.slug else "")
        a = SampleArticle(name, "ru", 41000 + i * 7, slug, "obshchestvo",
                          sample.title, sample.lead, sample.paragraphs, 1 + 5 * i, sample.author or "Редакция")
        path = shape.article.format(id=a.id, slug=a.slug, yyyy=f"{published:%Y}", mm=f"{published:%m}",
                                    section=a.section)
        item = {"a": a, "path": path, "published": published, "published_iso": published.isoformat(),
                "visible_date": visible_date(a, published, now)}
        html = _ENV.get_template("generic_article.html").render(
            a=a, site_name=shape.name, shape={**shape.__dict__, "feed": shape.feed if shape.feed_linked else None},
            published_iso=item["published_iso"], visible_date=item["visible_date"], sidebar=samples.SIDEBAR_HEADLINES,
            body_text=" ".join((a.lead, *a.paragraphs)))
        site.add(edition, path, Resource(html.encode("utf-8")))
        site.article_paths.setdefault(edition, []).append(path)
        entries.append(item)
    listing = _ENV.get_template("generic_listing.html")
    feed = shape.feed if shape.feed_linked else None
    site.add(edition, "/", Resource(listing.render(items=entries, heading="Главные новости", site_name=shape.name,
                                                   feed=feed, nav=shape.listings).encode("utf-8")))
    for path in shape.listings:
        heading = path.strip("/").split("/")[-1].capitalize()
        html = listing.render(items=entries[::-1], heading=heading, site_name=shape.name, feed=feed,
                              collection=path.startswith("/category/"), nav=shape.listings)
        site.add(edition, path, Resource(html.encode("utf-8")))
    site.add(edition, "/about/", Resource(_ENV.get_template("generic_page.html").render(
        site_name=shape.name).encode("utf-8")))
    if shape.feed:
        site.add(edition, shape.feed, _feed(name, entries, full_body=False))
    robots = "User-agent: *\nDisallow: /search\n"
    if shape.news_sitemap:
        robots += f"Sitemap: {{base}}{shape.news_sitemap}\n"
        site.add(edition, shape.news_sitemap, _urlset(entries, news=True))
    site.add(edition, "/robots.txt", Resource(robots.encode(), "text/plain; charset=utf-8"))
