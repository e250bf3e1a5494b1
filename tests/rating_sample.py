"""A store with known mentions in October and November 2026, counted by hand in test_rating.py.

Times are Almaty local; two articles sit on the month boundary on purpose
(23:30 on 30 November is November, 00:30 on 1 December is not, although both
are 30 November in UTC).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.models import Article, Mention, Person, Sentiment
from monitor.store import open_store

ALMATY = ZoneInfo("Asia/Almaty")
DOSSAYEV = Person("Ерболат Досаев", "akim", "dossayev_yerbolat", "аким города Алматы", "almaty", "city")
KASSYMBEK = Person("Женис Касымбек", "akim", "kassymbek_zhenis", "аким города Астаны", "astana", "city")
AKHMETOV = Person("Нурлан Ахметов", "akim", None, "аким Экибастуза", "pavlodar", "city")  # role only
TONE = {"neg": -0.7, "neu": 0.0, "pos": 0.6}


def _article(n: int, source: str, when: tuple[int, int, int, int], people: list[tuple[Person, str, bool]],
             language: str = "ru", duplicate_of: Article | None = None) -> Article:
    published = datetime(*when[:3], when[3], 30 if when[3] < 23 else 59, tzinfo=ALMATY)
    title = f"Новость {n}: " + ", ".join(p.name for p, _, _ in people)
    article = Article(url=f"https://{source}.example.kz/news/{n}", source=source, title=title,
                      text=f"Текст новости {n}. " * 5, published_at=published, crawled_at=published,
                      language=language, duplicate_of=duplicate_of.id if duplicate_of else None)
    article.mentions = [Mention(article.id, p, snippets=[f"{p.name} в новости {n}"], main_subject=main,
                                sentiment=Sentiment.from_score(TONE[tone]))
                        for p, tone, main in people]
    return article


def sample_articles() -> list[Article]:
    a1 = _article(1, "tengrinews", (2026, 11, 3, 10), [(DOSSAYEV, "pos", True), (KASSYMBEK, "neu", False)])
    a3 = _article(3, "ratel", (2026, 11, 10, 12), [(DOSSAYEV, "neg", True)])
    return [
        a1,
        _article(2, "nur", (2026, 11, 3, 14), [(DOSSAYEV, "pos", True), (KASSYMBEK, "neu", False)],
                 duplicate_of=a1),
        a3,
        _article(4, "bnews", (2026, 11, 20, 9), [(DOSSAYEV, "neu", False)], language="kk"),
        _article(5, "tengrinews", (2026, 11, 30, 23), [(KASSYMBEK, "neg", True)]),  # 23:59, still November
        _article(6, "tengrinews", (2026, 12, 1, 0), [(KASSYMBEK, "pos", True)]),  # 00:30, December
        _article(7, "ratel", (2026, 11, 15, 11), [(AKHMETOV, "neg", True)]),
        _article(8, "bnews", (2026, 11, 16, 8), [(DOSSAYEV, "neg", True)], duplicate_of=a3),
        # October
        _article(9, "tengrinews", (2026, 10, 5, 10), [(DOSSAYEV, "neg", True)]),
        _article(10, "nur", (2026, 10, 6, 10), [(DOSSAYEV, "pos", False)]),
        _article(11, "bnews", (2026, 10, 7, 10), [(KASSYMBEK, "pos", True)]),
        _article(12, "ratel", (2026, 10, 31, 20), [(DOSSAYEV, "neu", False)]),
    ]


def build_store(path: Path) -> Path:
    with open_store(path) as store:
        for article in sample_articles():
            store.save_article(article)
    return path
