"""Response times of the search page and the rating page over 100k mentions in the embedded store.

    python benchmarks/web.py [--mentions 100000] [--rounds 20] [--db benchmarks/out/web.db] [--page search|rating|rating-year] [--cache on|off|both]

Generates the data (50k articles x 2 mentions, a year of dates, reprints,
four outlets, ru and kk) through SqliteStore.save_article, then requests the
full pages in-process with Starlette's TestClient and prints median and p95:
the search page (search, facets, three charts, HTML), target p95 < 300 ms;
the rating page (the rating and its previous period, charts, HTML) for a
month and for the whole year (all 100k mentions in one period), target p95 < 500 ms.
CPU time per request is printed too: on a shared machine it is the figure
other processes do not inflate. Each page is measured with the web's figure
cache (monitor/rating/cache.py: repeated renders between writes, what a user
re-sorting or downloading gets) and without it (every request computes, what
the first view after a crawl's write costs); the target applies to both.
The generated store is kept and reused (benchmarks/out/ is not committed).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.models import Article, Mention, Person, Sentiment
from monitor.rating import cache
from monitor.store import open_store
from monitor.web import create_app

ALMATY = ZoneInfo("Asia/Almaty")
OUTLETS = ("tengrinews", "nur", "bnews", "ratel")
REGIONS = ("almaty", "astana", "shymkent", "karaganda", "pavlodar", "turkestan", "abai", "aktobe")
TOPICS = ("ремонт дорог", "отопительный сезон", "строительство школы", "вывоз мусора", "пробки в городе",
          "цены на продукты", "паводок", "общественный транспорт", "жилищная программа", "благоустройство парка")
VERBS = ("заявил", "пообещал", "раскритиковал", "проверил", "обсудил", "открыл")
QUERIES = (
    "/?region=almaty&sentiment=negative",
    "/?q=дороги&since=2024-03-01&until=2024-05-31",
    "/?akim=akim_03&source=tengrinews",
    "/?q=мусор&language=ru&page=3",
    "/?role=deputy_akim&sentiment=positive&since=2024-06-01",
    "/?q=школа&region=astana&main=1",
)
RATING_QUERIES = (  # a month: the page's default view and the report's unit
    "/rating?period=2024-06",
    "/rating?period=2024-03&language=ru&role=akim",
    "/rating?period=2024-11&region=almaty&sort=tone",
)
RATING_YEAR_QUERIES = (  # one period holding every mention of the store, against an empty previous year
    "/rating?since=2024-01-01&until=2024-12-31",
    "/rating?since=2024-01-01&until=2024-12-31&region=almaty&sort=tone",
)
PAGES = {"search": (QUERIES, "Найдено публикаций", 300), "rating": (RATING_QUERIES, "Медиарейтинг акимов", 500),
         "rating-year": (RATING_YEAR_QUERIES, "Медиарейтинг акимов", 500)}


def people() -> list[Person]:
    out = []
    for i in range(40):
        region = REGIONS[i % len(REGIONS)]
        role = "akim" if i < 16 else "deputy_akim"
        out.append(Person(f"Аким{i:02d} Фамилия{i:02d}", role, f"akim_{i:02d}", f"аким {region}", region, "city"))
    return out


def make_article(n: int, rng: random.Random, persons: list[Person], roots: list[str]) -> Article:
    topic = rng.choice(TOPICS)
    who = rng.sample(persons, 2)
    text = " ".join(f"{p.position} {p.name} {rng.choice(VERBS)} вопрос: {topic}." for p in who) * 3
    published = datetime(2024, 1, 1, tzinfo=ALMATY) + timedelta(minutes=rng.randrange(366 * 24 * 60))
    duplicate_of = rng.choice(roots[-50:]) if roots and rng.random() < 0.2 else None
    article = Article(
        url=f"https://{OUTLETS[n % 4]}.example.kz/news/{n}", source=OUTLETS[n % 4], title=f"{who[0].name}: {topic}",
        text=text, published_at=published, crawled_at=published, language="kk" if n % 7 == 0 else "ru",
        sentiment=Sentiment.from_score(rng.uniform(-1, 1)), duplicate_of=duplicate_of,
    )
    article.mentions = [
        Mention(article.id, p, snippets=[text[:120]], main_subject=i == 0,
                sentiment=Sentiment.from_score(rng.uniform(-1, 1)))
        for i, p in enumerate(who)
    ]
    if duplicate_of is None:
        roots.append(article.id)
    return article


def build(path: Path, mentions: int) -> None:
    with open_store(path) as store:
        have = store.counts()["mentions"]
        if have >= mentions:
            print(f"reusing {path}: {have} mentions")
            return
        rng, persons, roots = random.Random(7), people(), []
        started = time.perf_counter()
        for n in range(have // 2, mentions // 2):
            store.save_article(make_article(n, rng, persons, roots))
            if n % 10000 == 0:
                print(f"  {n * 2} mentions, {time.perf_counter() - started:.0f} s", file=sys.stderr)
        store.db.execute("ANALYZE")
        print(f"built {path}: {store.counts()} in {time.perf_counter() - started:.0f} s")


def measure(path: Path, rounds: int, queries: tuple[str, ...], marker: str,
            cold: bool = False) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per request (CPU time of this process: the figure that
    other processes on a shared machine do not inflate). cold: the figure cache is emptied
    before each request, as a write to the store makes it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    timings: list[float] = []
    cpu: list[float] = []
    with TestClient(create_app(path, outlets={o: o for o in OUTLETS})) as client:
        for url in queries:  # warm caches once, as a running server would be
            assert client.get(url).status_code == 200
        for _ in range(rounds):
            for url in queries:
                if cold:
                    cache.clear()
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert response.status_code == 200 and marker in response.text
    return timings, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--db", type=Path, default=Path(__file__).parent / "out" / "web.db")
    parser.add_argument("--page", choices=sorted(PAGES), action="append", help="default: every page")
    parser.add_argument("--cache", choices=("on", "off", "both"), default="both",
                        help="the web's figure cache (off: emptied before each request, as by a write); "
                             "default: measure without it, then with it")
    args = parser.parse_args()
    build(args.db, args.mentions)
    ok = True
    for page in args.page or list(PAGES):
        queries, marker, target = PAGES[page]
        for caching in (("off", "on") if args.cache == "both" else (args.cache,)):
            cache.clear()
            wall, cpu = (sorted(t) for t in measure(args.db, args.rounds, queries, marker, cold=caching == "off"))
            p95 = wall[int(len(wall) * 0.95) - 1]
            print(f"{page} page, cache {caching}, {len(queries)} filter sets x {args.rounds}: "
                  f"median {statistics.median(wall):.0f} ms, p95 {p95:.0f} ms, max {wall[-1]:.0f} ms; "
                  f"CPU median {statistics.median(cpu):.0f} ms, p95 {cpu[int(len(cpu) * 0.95) - 1]:.0f} ms; "
                  f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            print(f"target p95 < {target} ms:", "met" if p95 < target else "NOT met")
            ok = ok and p95 < target
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
