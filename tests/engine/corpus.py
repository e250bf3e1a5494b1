"""A small, varied corpus for the engine tests: Russian and Kazakh, inflected
names, reprints, deputies, people found by role only, one undated article."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from monitor.models import Article, Mention, Person, Sentiment

ALMATY = ZoneInfo("Asia/Almaty")
DOSSAYEV = Person("Ерболат Досаев", "akim", "dossayev_yerbolat", "аким города Алматы", "almaty", "city")
KASSYMBEK = Person("Женис Касымбек", "akim", "kassymbek_zhenis", "аким города Астаны", "astana", "city")
MALIKOVA = Person("Алия Маликова", "deputy_akim", None, "заместитель акима Алматы", "almaty", "city")
AKHMETOV = Person("Нурлан Ахметов", "akim", None, "аким Экибастуза", "pavlodar", "city")
PEOPLE = [DOSSAYEV, KASSYMBEK, MALIKOVA, AKHMETOV]


def article(n: int, source: str, title: str, text: str, day: int | None, people: list[tuple[Person, float]],
            language: str = "ru", duplicate_of: str | None = None, score: float = 0.0) -> Article:
    published = datetime(2024, 3, day, 10, 30, tzinfo=ALMATY) if day else None
    crawled = datetime(2024, 4, 1, 9, 0, tzinfo=ALMATY) + timedelta(minutes=n)
    a = Article(url=f"https://{source}.example.kz/news/{n}", source=source, title=title, text=text,
                published_at=published, crawled_at=crawled, language=language,
                sentiment=Sentiment.from_score(score), duplicate_of=duplicate_of)
    a.mentions = [
        Mention(a.id, p, count=1 + i, snippets=[f"{p.name}: {text[:60]}"], sentiment=Sentiment.from_score(s),
                main_subject=i == 0, title=title, url=a.url, source=source, published_at=published,
                language=language)
        for i, (p, s) in enumerate(people)
    ]
    return a


def articles() -> list[Article]:
    roads = article(1, "tengrinews", "Досаев пообещал отремонтировать дороги",
                    "Аким Алматы Ерболат Досаев заявил, что ремонт дорог завершат к осени.", 5,
                    [(DOSSAYEV, 0.5)], score=0.4)
    return [
        roads,
        article(2, "nur", "Досаев пообещал отремонтировать дороги",
                "Аким Алматы Ерболат Досаев заявил, что ремонт дорог завершат к осени.", 5,
                [(DOSSAYEV, 0.5)], duplicate_of=roads.id, score=0.4),
        article(3, "ratel", "Критика акимата Алматы из-за пробок",
                "Жители критикуют акима Досаева за пробки. Досаеву направили петицию.", 12,
                [(DOSSAYEV, -0.7), (MALIKOVA, -0.4)], score=-0.6),
        article(4, "inform", "Касымбек открыл новую школу в Астане",
                "Аким Астаны Женис Касымбек открыл школу на 1200 мест. Родители довольны Касымбеком.", 8,
                [(KASSYMBEK, 0.6)], score=0.5),
        article(5, "tengrinews", "Ахметов прокомментировал отопление",
                "Аким Экибастуза Ахметов прокомментировал перебои с отоплением. Всё под контролем, сказал он.",
                15, [(AKHMETOV, -0.3)], score=-0.3),
        article(6, "inform", "Әкім Досаев жолдарды жөндеуді уәде етті",
                "Алматы қаласының әкімі Ерболат Досаевтың айтуынша, жолдар күзге дейін жөнделеді.", 20,
                [(DOSSAYEV, 0.0)], language="kk"),
        article(7, "nur", "Совещание по отоплению в Астане и Алматы",
                "Касымбек и Досаев обсудили отопительный сезон. Досаевым доложено о готовности.", 22,
                [(KASSYMBEK, 0.0), (DOSSAYEV, 0.1)]),
        article(8, "kazinform", "Қасымбекке сұрақ қойылды",
                "Астана қаласының әкімі Жеңіс Қасымбекке тұрғындар сұрақ қойды. Қасымбектің жауабы.", 23,
                [(KASSYMBEK, -0.5)], language="kk", score=-0.2),
        article(9, "ratel", "Маликова ответила на критику",
                "Заместитель акима Маликова ответила журналистам. Маликовой задали вопрос о ёлке на площади.",
                25, [(MALIKOVA, 0.3), (DOSSAYEV, 0.0)]),
        article(10, "nur", "Новогодняя елка в Алматы",
                "Ёлку установят на площади Республики, сообщили в акимате.", None, [], score=0.3),
        article(11, "kazinform", "Dossayev met investors",
                "Almaty akim Yerbolat Dossayev met investors on Monday.", 26,
                [(DOSSAYEV, 0.4)], language="en", score=0.4),
        article(12, "tengrinews", "Досаева раскритиковали депутаты маслихата",
                "Депутаты раскритиковали акима Досаева за медленный ремонт дорог.", 27,
                [(DOSSAYEV, -0.8)], score=-0.7),
    ]


def fill(store, items: list[Article] | None = None) -> list[Article]:
    items = articles() if items is None else items
    for a in items:
        store.save_article(a)
    return items


def many(count: int, start: int = 100) -> list[Article]:
    """`count` distinct articles cycling through people, outlets and tones."""
    sources = ("tengrinews", "nur", "inform", "kazinform")
    out = []
    for i in range(count):
        person = PEOPLE[i % len(PEOPLE)]
        others = [(PEOPLE[(i + 1) % len(PEOPLE)], 0.0)] if i % 3 == 0 else []
        out.append(article(start + i, sources[i % 4], f"Новость {i}: {person.name} и бюджет",
                           f"{person.position} {person.name} рассказал о бюджете на {2024 + i % 3} год.",
                           1 + i % 28, [(person, (i % 5 - 2) / 2), *others], score=(i % 7 - 3) / 3))
    return out
