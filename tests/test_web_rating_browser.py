"""/rating in a real headless Chromium: the table, sorting, the period picker, a download.

Uses Debian's /usr/bin/chromium like test_web_browser.py (skipped without it);
the screenshot goes to tests/artifacts/rating.png (not committed).
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from rating_sample import build_store
from web_server import serve
from test_web_browser import ARTIFACTS, OUTLETS, browser  # noqa: F401 - the fixture, shared


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from monitor.web import create_app

    db = build_store(tmp_path_factory.mktemp("rating-browser") / "monitor.db")
    with serve(create_app(db, outlets=OUTLETS)) as url:
        yield url


def names(page) -> list[str]:
    return page.locator("#rating-akims a.person").all_inner_texts()


def test_rating_page_in_a_browser(browser, server, tmp_path):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1300, "height": 900}, locale="ru-RU", accept_downloads=True)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url')}")
            if m.type == "error" and "favicon" not in m.location.get("url", "") else None)

    page.goto(server + "/")
    page.click("header.top >> text=Рейтинг")
    page.wait_for_url(re.compile(r"/rating$"))
    # The period picker: the dates of November.
    page.fill("#rating-form input[name=since]", "2026-11-01")
    page.fill("#rating-form input[name=until]", "2026-11-30")
    page.click("#rating-form button[type=submit]")
    page.wait_for_url(re.compile(r"since=2026-11-01"))
    assert names(page) == ["Ерболат Досаев", "Женис Касымбек", "Нурлан Ахметов"]
    assert "Упоминаний: 9" in page.locator("#rating-total").inner_text()
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart rect").count() >= 3  # a bar per region
    page.screenshot(path=str(ARTIFACTS / "rating.png"), full_page=True)

    # Sorting by a column header, then back.
    page.click("#rating-akims th >> text=Индекс тональности")
    page.wait_for_url(re.compile(r"sort=tone"))
    assert names(page) == ["Ерболат Досаев", "Женис Касымбек", "Нурлан Ахметов"]  # +0.00, -0.33, -1.00
    page.click("#rating-akims th >> text=Индекс тональности")
    page.wait_for_url(re.compile(r"dir=asc"))
    assert names(page) == ["Нурлан Ахметов", "Женис Касымбек", "Ерболат Досаев"]

    # A download is the XLSX of what is on screen.
    with page.expect_download() as info:
        page.click("#download-xlsx")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "rating-2026-11-01_2026-11-30.xlsx"
    assert "Сюжеты" in openpyxl.load_workbook(path).sheetnames

    # A number opens the search that found it; a name opens the person's page.
    page.click("#rating-akims th >> text=Место")
    page.wait_for_url(re.compile(r"sort=rank"))
    page.click("#rating-akims tbody tr:first-child td:nth-child(5) a")
    page.wait_for_url(re.compile(r"akim=dossayev_yerbolat"))
    assert page.locator("#total").inner_text() == "Найдено публикаций: 5"
    page.go_back()
    page.click("#rating-akims a.person >> text=Женис Касымбек")
    page.wait_for_url(re.compile(r"/akim/kassymbek_zhenis\?since=2026-11-01"))
    assert page.locator("h1").inner_text() == "Женис Касымбек"
    assert errors == []  # the CSP let everything the page needs load
    page.close()
