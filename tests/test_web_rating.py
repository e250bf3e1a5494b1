"""The /rating page over the hand-counted store: numbers, links, sorting, downloads, security."""

from __future__ import annotations

import re
from html import unescape
from io import BytesIO

import openpyxl
import pytest
from starlette.testclient import TestClient

from monitor.web import create_app
from monitor.web.settings import WebConfig, hash_password
from rating_sample import build_store

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
OUTLETS = {"tengrinews": "Tengrinews", "nur": "NUR.KZ", "bnews": "BNews", "ratel": "Ratel"}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("web-rating") / "monitor.db")


@pytest.fixture()
def client(db_path):
    with TestClient(create_app(db_path, outlets=OUTLETS), follow_redirects=False) as c:
        yield c


def akim_rows(html: str) -> list[list[str]]:
    body = html.split('id="rating-akims"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    return [[unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_table_shows_the_hand_counted_figures(client):
    page = client.get("/rating?period=2026-11")
    assert page.status_code == 200
    assert "Медиарейтинг акимов: ноябрь 2026" in page.text
    rows = akim_rows(page.text)
    assert [r[1] for r in rows] == ["Ерболат Досаев", "Женис Касымбек", "Нурлан Ахметов"]
    # place, name, position, region, mentions, stories, outlets, neg, pos, index, main, prev, growth, index change, prev place
    assert rows[0] == ["1", "Ерболат Досаев", "аким города Алматы", "г. Алматы", "5", "3", "4", "40 %", "40 %",
                       "+0,00", "80 %", "3", "+67 %", "+0,00", "1"]
    assert rows[1][4:] == ["3", "2", "2", "33 %", "0 %", "−0,33", "33 %", "1", "+200 %", "−1,33", "2"]
    assert rows[2][11:] == ["0", "—", "—", "—"]
    assert page.text.count("<svg") >= 2 and "Индекс тональности по регионам" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_numbers_link_to_the_search_that_finds_them(client):
    page = client.get("/rating?period=2026-11").text
    links = [unescape(h) for h in re.findall(r'<td class="n"><a href="([^"]+)"', page)]
    mentions, negative = links[0], links[1]
    assert mentions == "/?akim=dossayev_yerbolat&since=2026-11-01&until=2026-11-30"
    found = lambda url: int(re.search(r"Найдено публикаций: (\d+)", client.get(url).text).group(1))  # noqa: E731
    assert found(mentions) == 5 and found(negative) == 2
    person = unescape(re.search(r'href="([^"]+)" class="person"', page).group(1))
    assert person == "/akim/dossayev_yerbolat?since=2026-11-01&until=2026-11-30"
    assert client.get(person).status_code == 200


def test_sorting_filters_and_bad_input(client):
    by_tone = akim_rows(client.get("/rating?period=2026-11&sort=tone&dir=asc").text)
    assert [r[1] for r in by_tone] == ["Нурлан Ахметов", "Женис Касымбек", "Ерболат Досаев"]
    kk = akim_rows(client.get("/rating?period=2026-11&language=kk").text)
    assert [(r[1], r[4]) for r in kk] == [("Ерболат Досаев", "1")]
    custom = akim_rows(client.get("/rating?since=2026-11-01&until=2026-11-15").text)
    assert (custom[0][1], custom[0][4], custom[0][11]) == ("Ерболат Досаев", "3", "1")
    bad = client.get("/rating?period=2026-13&sort=nope&since=abc")
    assert bad.status_code == 200
    assert "Неизвестное значение «nope»" in bad.text and "Период:" in bad.text


def test_downloads_are_the_files_of_the_page(client):
    xlsx = client.get("/rating/download?period=2026-11&region=almaty&format=xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-disposition"] == 'attachment; filename="rating-2026-11.xlsx"'
    book = openpyxl.load_workbook(BytesIO(xlsx.content))
    assert book.sheetnames == ["Сводка", "г. Алматы", "Сюжеты"]
    csv = client.get("/rating/download?period=2026-11&format=csv")
    assert csv.headers["content-type"].startswith("text/csv") and "Ерболат Досаев" in csv.content.decode("utf-8-sig")
    page = client.get("/rating?period=2026-11").text
    assert 'href="/rating/download?period=2026-11&amp;format=xlsx"' in page
    assert client.get("/rating/download?period=2026-11&format=pdf").status_code == 404


def test_login_is_required(db_path):
    web = WebConfig(users={"press": hash_password("секрет-123")}, secret_key="k", secure_cookies=False)
    with TestClient(create_app(db_path, web, outlets=OUTLETS), follow_redirects=False) as c:
        for url in ("/rating", "/rating/download?format=xlsx"):
            assert c.get(url).status_code == 303


@pytest.mark.parametrize("query", [  # with a person filter, sentiment is the tone toward the person (monitor.search)
    {}, {"region": "almaty"}, {"region": "almaty", "sentiment": "negative"}, {"akim": "kassymbek_zhenis"}, {"source": "nur"},
])
def test_one_pass_people_and_outlets_count_every_matching_mention(db_path, query):
    from collections import Counter

    from monitor.search import SearchQuery
    from monitor.store import open_store
    from monitor.web import stats

    with open_store(db_path) as store:
        people, outlets = stats.people_and_outlets(store.db, SearchQuery(**query), limit=10)
        rows = [r for r in store.db.execute("SELECT * FROM mentions")
                if all(r[{"sentiment": "sentiment_label", "akim": "akim_id"}.get(k, k)] == v for k, v in query.items())]
    assert {p.key: p.counts for p in people} == {
        key: {label: sum(1 for r in rows if (r["akim_id"] or r["name"]) == key and r["sentiment_label"] == label)
              for label in stats.LABELS}
        for key in {r["akim_id"] or r["name"] for r in rows}}
    assert {o.key: o.total for o in outlets} == dict(Counter(r["source"] for r in rows))
    assert [p.total for p in people] == sorted((p.total for p in people), reverse=True)
