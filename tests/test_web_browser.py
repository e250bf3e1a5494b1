"""End to end in a real headless Chromium (Debian's package), driven by Playwright.

Never downloads a browser: it uses /usr/bin/chromium (`.ci/web.sh` installs it).
Without it the test is skipped, except in CI (CI=true), where it fails.
Screenshots go to tests/artifacts/ (not committed).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from web_sample import build_store
from web_server import serve

CHROMIUM = os.environ.get("MONITOR_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
OUTLETS = {"tengrinews": "Tengrinews", "nur": "NUR.KZ", "bnews": "BNews", "ratel": "Ratel"}


def _missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver; see .ci/web.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright; never `playwright install`)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real app under uvicorn on a free loopback port, in a thread."""
    from monitor.web import create_app

    db = build_store(tmp_path_factory.mktemp("browser") / "monitor.db")
    with serve(create_app(db, outlets=OUTLETS)) as url:
        yield url


def test_search_person_save_and_alert_in_a_browser(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="ru-RU")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # Search with filters: keyword, person, tone.
    page.goto(server + "/")
    page.fill("input[name=q]", "дорога")
    page.fill("input[name=akim]", "dossayev_yerbolat")
    page.select_option("select[name=sentiment]", "negative")
    page.click("#search-form button[type=submit]")
    page.wait_for_url(re.compile(r"sentiment=negative"))
    assert "akim=dossayev_yerbolat" in page.url and "q=" in page.url
    assert page.locator("#total").inner_text() == "Найдено публикаций: 1"
    assert page.locator("article.hit h2").inner_text() == "Критика акимата Алматы из-за пробок"
    assert page.locator("article.hit mark").first.inner_text() == "дороги"
    assert page.locator("svg.chart").count() == 3
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    # Open the akim page from the mention.
    page.click("article.hit ul.mentions a")
    page.wait_for_url(re.compile(r"/akim/dossayev_yerbolat$"))
    assert page.locator("h1").inner_text() == "Ерболат Досаев"
    assert "аким города Алматы" in page.locator("#person").inner_text()
    page.screenshot(path=str(ARTIFACTS / "akim.png"), full_page=True)

    # Save the search, then turn it into an alert rule.
    page.go_back()
    page.fill("#save-form input[name=name]", "Негатив о Досаеве")
    page.click("#save-form button[type=submit]")
    page.wait_for_url(re.compile(r"/saved$"))
    page.click("#saved-list >> text=Сделать оповещением")
    page.fill("#alert-form input[name=name]", "dossayev-negative")
    page.fill("#alert-form input[name=recipients]", "press@akimat.kz")
    page.check("#alert-form input[value=digest]")
    page.select_option("#alert-form select[name=every]", "daily")
    page.click("#alert-form button[type=submit]")
    page.wait_for_url(re.compile(r"/saved\?created="))
    assert "Правило оповещения «dossayev-negative» создано" in page.inner_text("main")
    assert "dossayev-negative" in page.locator("#rules-list").inner_text()
    page.screenshot(path=str(ARTIFACTS / "saved.png"), full_page=True)

    # Reopening the saved search restores the whole query from the URL.
    page.click("#saved-list >> text=Негатив о Досаеве")
    page.wait_for_url(re.compile(r"/\?"))
    assert page.input_value("input[name=akim]") == "dossayev_yerbolat"
    assert page.input_value("select[name=sentiment]") == "negative"

    # Crawled markup is text: the <script> shows and never runs.
    page.goto(server + "/?q=скандал")
    title = page.locator("article.hit h2").inner_text()
    assert "<script>alert('xss')</script>" in title and "<b>жирный</b>" in title
    assert dialogs == []
    page.close()
