"""Sample articles and mentions for the web tests: small, varied, hostile where it matters."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.models import Article, Mention, Person, Sentiment
from monitor.store import open_store

ALMATY = ZoneInfo("Asia/Almaty")
DOSSAYEV = Person("Ерболат Досаев", "akim", "dossayev_yerbolat", "аким города Алматы", "almaty", "city")
KASSYMBEK = Person("Женис Касымбек", "akim", "kassymbek_zhenis", "аким города Астаны", "astana", "city")
# Found by role only: not in the registry.
AKHMETOV = Person("Нурлан Ахметов", "akim", None, "аким Экибастуза", "pavlodar", "city")
SCRIPT = "<script>alert('xss')</script>"


def _article(n: int, source: str, title: str, text: str, day: int, people: list[tuple[Person, float]],
             language: str = "ru", duplicate_of: str | None = None, score: float = 0.0) -> Article:
    published = datetime(2024, 3, day, 10, 30, tzinfo=ALMATY)
    article = Article(
        url=f"https://{source}.example.kz/news/{n}", source=source, title=title, text=text,
        published_at=published, crawled_at=published + timedelta(hours=1), language=language,
        sentiment=Sentiment.from_score(score), duplicate_of=duplicate_of,
    )
    article.mentions = [
        Mention(article.id, p, snippets=[f"{p.name}: {text[:80]}"], sentiment=Sentiment.from_score(s),
                main_subject=i == 0)
        for i, (p, s) in enumerate(people)
    ]
    return article


def sample_articles() -> list[Article]:
    roads = _article(1, "tengrinews", "Досаев пообещал отремонтировать дороги",
                     "Аким Алматы Ерболат Досаев заявил, что ремонт дорог завершат к осени. " * 3,
                     5, [(DOSSAYEV, 0.5)], score=0.4)
    reprint = _article(2, "nur", "Досаев пообещал отремонтировать дороги",
                       "Аким Алматы Ерболат Досаев заявил, что ремонт дорог завершат к осени. " * 3,
                       5, [(DOSSAYEV, 0.5)], duplicate_of=roads.id, score=0.4)
    return [
        roads, reprint,
        _article(3, "ratel", "Критика акимата Алматы из-за пробок",
                 "Жители критикуют акима Досаева за пробки и плохие дороги. Ситуация ухудшилась.",
                 12, [(DOSSAYEV, -0.7)], score=-0.6),
        _article(4, "bnews", "Касымбек открыл новую школу в Астане",
                 "Аким Астаны Женис Касымбек открыл школу на 1200 мест. Родители довольны.",
                 8, [(KASSYMBEK, 0.6)], score=0.5),
        _article(5, "tengrinews", f"Скандал {SCRIPT} в акимате <b>жирный</b>",
                 f"Текст с разметкой {SCRIPT} и <img src=x onerror=alert(1)>. Аким Ахметов прокомментировал отопление.",
                 15, [(AKHMETOV, -0.3)], score=-0.3),
        _article(6, "bnews", "Әкім Досаев жолдарды жөндеуді уәде етті",
                 "Алматы қаласының әкімі Ерболат Досаев жолдарды жөндеу туралы айтты.",
                 20, [(DOSSAYEV, 0.0)], language="kk"),
        _article(7, "nur", "Совещание по отоплению в Астане и Алматы",
                 "Касымбек и Досаев обсудили отопительный сезон. Аким Досаев доложил о готовности.",
                 22, [(KASSYMBEK, 0.0), (DOSSAYEV, 0.1)]),
    ]


def build_store(path: Path) -> Path:
    with open_store(path) as store:
        for article in sample_articles():
            store.save_article(article)
    return path
