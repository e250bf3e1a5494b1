"""Server-side tests of every route of `monitor web`, on a store of sample articles."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import warnings

import pytest

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from monitor.search import SearchHit, SearchResult
from monitor.web import create_app
from monitor.web.settings import WebConfig, hash_password
from web_sample import SCRIPT, build_store

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
OUTLETS = {"tengrinews": "Tengrinews", "nur": "NUR.KZ", "bnews": "BNews", "ratel": "Ratel"}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("web") / "monitor.db")


@pytest.fixture()
def client(db_path):
    with TestClient(create_app(db_path, outlets=OUTLETS), follow_redirects=False) as c:
        yield c


def csrf(client: TestClient, url: str = "/?q=x") -> str:
    page = client.get(url).text
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "every page with a form carries a CSRF token"
    return match.group(1)


def hit_titles(html: str) -> list[str]:
    return re.findall(r'<article class="hit"[^>]*>\s*<h2><a [^>]*>([^<]*)</a>', html)


def total(html: str) -> int:
    return int(re.search(r"Найдено публикаций: (\d+)", html).group(1))


# -- search page -----------------------------------------------------------


def test_search_page_lists_everything_with_one_card_per_reprint_group(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Қош келдіңіз" in page.text
    assert total(page.text) == 7
    titles = hit_titles(page.text)
    assert titles.count("Досаев пообещал отремонтировать дороги") == 1  # reprint shown once
    assert len(titles) == 6
    assert re.search(r"Тот же материал также: <a href=\"https://(nur|tengrinews)\.example\.kz", page.text)


def test_keyword_matches_inflected_forms_and_highlights(client):
    page = client.get("/", params={"q": "дорога"}).text
    assert total(page) == 3
    assert "<mark>дороги</mark>" in page and "<mark>дорог</mark>" in page


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"akim": "dossayev_yerbolat", "sentiment": "negative"}, ["Критика акимата Алматы из-за пробок"]),
        ({"region": "astana"}, ["Совещание по отоплению в Астане и Алматы", "Касымбек открыл новую школу в Астане"]),
        ({"source": "bnews", "language": "kk"}, ["Әкім Досаев жолдарды жөндеуді уәде етті"]),
        ({"since": "2024-03-12", "until": "2024-03-12"}, ["Критика акимата Алматы из-за пробок"]),
        ({"akim": "Ахметов"}, [f"Скандал {SCRIPT} в акимате <b>жирный</b>"]),
        ({"akim": "dossayev_yerbolat", "main": "1", "since": "2024-03-20"}, ["Әкім Досаев жолдарды жөндеуді уәде етті"]),
    ],
)
def test_filters(client, params, expected):
    page = client.get("/", params=params).text
    import html as html_lib

    assert [html_lib.unescape(t) for t in hit_titles(page)] == expected


def test_form_is_refilled_from_the_url_and_bad_values_are_reported(client):
    page = client.get("/", params={"q": "школа", "sentiment": "positive", "since": "12.03.2024"}).text
    assert 'name="q" value="школа"' in page
    assert '<option value="positive" selected>' in page
    assert "не в формате ГГГГ-ММ-ДД" in page


def test_pagination_links_keep_the_whole_query(db_path):
    app = create_app(db_path, WebConfig(secret_key="k", page_size=2), outlets=OUTLETS)
    with TestClient(app) as c:
        first = c.get("/", params={"akim": "dossayev_yerbolat"}).text
        links = re.findall(r'<nav class="pages".*?</nav>', first, re.S)[0]
        page2 = re.search(r'href="([^"]*page=2[^"]*)"', links).group(1).replace("&amp;", "&")
        assert parse_qs(urlsplit(page2).query) == {"akim": ["dossayev_yerbolat"], "page": ["2"]}
        second = c.get(page2).text
    assert hit_titles(first) and hit_titles(second)
    assert not set(hit_titles(first)) & set(hit_titles(second))


def test_crawled_html_is_shown_as_text(client):
    page = client.get("/", params={"q": "скандал"}).text
    assert total(page) == 1
    assert "<script" not in page.lower()  # the app has no script at all, so any is injected
    assert "<img src=x" not in page and "<b>жирный</b>" not in page
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    akim = client.get("/akim/Нурлан Ахметов").text
    assert "<script" not in akim.lower() and "&lt;script&gt;" in akim


def test_charts_are_inline_svg_with_cyrillic_labels(client):
    page = client.get("/", params={"akim": "dossayev_yerbolat"}).text
    svgs = re.findall(r"<svg .*?</svg>", page, re.S)
    assert len(svgs) == 3
    timeline, people, outlets = svgs
    assert "05.03" in timeline and "негатив" in timeline
    assert "Ерболат Досаев" in people and "NUR.KZ" in outlets
    assert "/?akim=dossayev_yerbolat&amp;source=ratel" in outlets  # bars filter the page


def test_the_search_backend_is_pluggable(db_path):
    calls = []

    def engine(query):
        calls.append(query)
        hit = SearchHit(id="x1", url="https://engine.example/1", source="tengrinews", title="Из движка",
                        published_at="2024-03-01T09:00:00+00:00", language="ru",
                        sentiment={"label": "neutral", "score": 0.0}, snippet="найдено «движком»")
        return SearchResult(total=1, hits=[hit])

    with TestClient(create_app(db_path, search=engine, outlets=OUTLETS)) as c:
        page = c.get("/", params={"q": "движок", "region": "almaty", "page": "2"}).text
    assert calls[0].text == "движок" and calls[0].region == "almaty" and calls[0].offset == 20
    assert "Из движка" in page and "01.03.2024 14:00" in page  # Almaty time, UTC+5


# -- akim pages ------------------------------------------------------------


def test_akim_page_from_the_registry(client):
    page = client.get("/akim/dossayev_yerbolat")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Ерболат Досаев</h1>" in text and "аким города Алматы" in text
    assert "2022-01-31" in text and "2025-05-24" in text  # tenure from monitor/data/akims.csv
    assert text.count("<svg") == 3
    assert 'href="/?akim=dossayev_yerbolat"' in text
    assert text.count(">Досаев пообещал отремонтировать дороги<") == 1  # reprints once


def test_akim_page_period_narrows_counts_charts_and_mentions(client):
    everything = client.get("/akim/dossayev_yerbolat").text
    # The sample's Dossayev stories are dated 5, 12, 20 and 22 March 2024 (Almaty).
    early = client.get("/akim/dossayev_yerbolat", params={"since": "2024-03-01", "until": "2024-03-05"}).text
    later = client.get("/akim/dossayev_yerbolat", params={"since": "2024-03-06"}).text
    empty = client.get("/akim/dossayev_yerbolat", params={"since": "2030-01-01"}).text

    def mentions(html):
        return re.findall(r'<article class="hit mention">\s*<h3><a [^>]*>([^<]*)</a>', html)

    assert set(mentions(early)) | set(mentions(later)) == set(mentions(everything))
    assert mentions(early) and not set(mentions(early)) & set(mentions(later))
    assert "За этот период упоминаний нет." in empty and not mentions(empty)
    assert mentions(early) == ["Досаев пообещал отремонтировать дороги"]  # the reprint shown once

    def counted(html):
        return sum(int(n) for n in re.findall(r'class="badge s-\w+">[^<]*</span> (\d+)', html))

    # Mentions, not stories: the roads story and its reprint are two mentions.
    assert counted(early) == 2 and counted(later) == 3 and counted(everything) == 5
    assert 'value="2024-03-06"' in later and "за период" in later
    # The link to the search keeps the period, and the quick links are there.
    assert 'href="/?akim=dossayev_yerbolat&amp;since=2024-03-06"' in later
    assert ">7 дней</a>" in everything and ">всё время</a>" in everything


def test_akim_page_bad_date_is_a_message_not_an_error(client):
    page = client.get("/akim/dossayev_yerbolat", params={"since": "вчера"})
    assert page.status_code == 200 and "не в формате ГГГГ-ММ-ДД" in page.text


def test_akim_page_falls_back_to_mentions(client):
    page = client.get("/akim/Нурлан Ахметов").text
    assert "Нет в реестре акимов" in page and "аким Экибастуза" in page


def test_unknown_person_is_404(client):
    page = client.get("/akim/nobody_at_all")
    assert page.status_code == 404 and "не найден" in page.text


# -- saved searches and alert rules ---------------------------------------


def test_post_without_csrf_is_refused(client):
    page = client.post("/saved", data={"name": "x", "query": "q=a"})
    assert page.status_code == 403
    page = client.post("/saved", data={"name": "x", "query": "q=a", "csrf_token": "forged"})
    assert page.status_code == 403


def test_save_open_and_delete_a_search(client):
    token = csrf(client, "/?akim=dossayev_yerbolat&sentiment=negative")
    made = client.post("/saved", data={"name": "Досаев <негатив>", "csrf_token": token,
                                       "query": "akim=dossayev_yerbolat&sentiment=negative&bogus=1&page=3"})
    assert made.status_code == 303
    listing = client.get("/saved").text
    assert "Досаев &lt;негатив&gt;" in listing and "аким: dossayev_yerbolat · тональность: негатив" in listing
    saved_id = re.search(r'href="/saved/(\d+)">Досаев', listing).group(1)
    opened = client.get(f"/saved/{saved_id}")
    assert opened.status_code == 303
    assert opened.headers["location"] == "/?akim=dossayev_yerbolat&sentiment=negative"
    assert client.post(f"/saved/{saved_id}/delete", data={"csrf_token": token}).status_code == 303
    assert client.get(f"/saved/{saved_id}").status_code == 404


def test_turn_a_saved_search_into_an_alert_rule(client, db_path):
    from monitor.alerts.rules import parse_rule
    from monitor.store import open_store

    token = csrf(client)
    client.post("/saved", data={"name": "Негатив Алматы", "csrf_token": token,
                                "query": "akim=dossayev_yerbolat&sentiment=negative&q=дороги"})
    saved_id = re.search(r'href="/saved/(\d+)">Негатив Алматы', client.get("/saved").text).group(1)
    assert 'name="name" value="saved-' in client.get(f"/saved/{saved_id}/alert").text
    bad = client.post(f"/saved/{saved_id}/alert", data={"csrf_token": token, "name": "almaty-neg",
                                                         "recipients": "not-an-email", "delivery": "immediate"})
    assert bad.status_code == 400 and "адреса получателей" in bad.text
    good = client.post(f"/saved/{saved_id}/alert", data={
        "csrf_token": token, "name": "almaty-neg", "recipients": "press@akimat.kz, boss@akimat.kz",
        "delivery": "digest", "every": "weekly", "day": "friday", "at": "09:30"})
    assert good.status_code == 303
    assert "almaty-neg" in client.get(good.headers["location"]).text
    with open_store(db_path) as store:
        raw = json.loads(store.db.execute("SELECT rule FROM web_alert_rules WHERE name='almaty-neg'").fetchone()[0])
    rule = parse_rule(raw, "test", "web")  # the alerts module reads the table with this parser
    assert rule.recipients == ("press@akimat.kz", "boss@akimat.kz")
    assert rule.filters.akims == ("dossayev_yerbolat",) and rule.filters.sentiment == ("negative",)
    assert rule.filters.keywords == ("дороги",)
    assert rule.delivery == "digest" and rule.digest.weekday == 4 and rule.digest.at.hour == 9
    dup = client.post(f"/saved/{saved_id}/alert", data={"csrf_token": token, "name": "almaty-neg",
                                                        "recipients": "a@b.kz", "delivery": "immediate"})
    assert dup.status_code == 400 and "уже есть" in dup.text


def test_rules_can_be_exported_to_a_rules_file(db_path, tmp_path):
    import tomllib

    from monitor.alerts.rules import parse_rules

    target = tmp_path / "web-rules.toml"
    app = create_app(db_path, WebConfig(secret_key="k", alert_rules_file=target), outlets=OUTLETS)
    with TestClient(app, follow_redirects=False) as c:
        token = csrf(c)
        c.post("/saved", data={"name": "Астана", "query": "region=astana", "csrf_token": token})
        saved_id = re.search(r'href="/saved/(\d+)">Астана', c.get("/saved").text).group(1)
        c.post(f"/saved/{saved_id}/alert", data={"csrf_token": token, "name": "astana-all",
                                                 "recipients": "a@b.kz", "delivery": "immediate"})
    rules = parse_rules(tomllib.loads(target.read_text("utf-8"))["rules"], str(target), "rules")
    assert any(r.name == "astana-all" and r.filters.regions == ("astana",) for r in rules)


# -- login, headers, static ------------------------------------------------


@pytest.fixture()
def login_client(db_path):
    web = WebConfig(users={"press": hash_password("секрет-123")}, secret_key="test-secret", secure_cookies=False)
    with TestClient(create_app(db_path, web, outlets=OUTLETS), follow_redirects=False) as c:
        yield c


def test_login_is_required_when_users_are_configured(login_client):
    c = login_client
    first = c.get("/akim/dossayev_yerbolat?x=1")
    assert first.status_code == 303 and first.headers["location"] == "/login?next=%2Fakim%2Fdossayev_yerbolat%3Fx%3D1"
    assert c.get("/static/style.css").status_code == 200  # the login page needs its CSS
    token = csrf(c, "/login")
    wrong = c.post("/login", data={"user": "press", "password": "нет", "csrf_token": token, "next": "/saved"})
    assert wrong.status_code == 401 and "Неверное имя или пароль" in wrong.text
    ok = c.post("/login", data={"user": "press", "password": "секрет-123", "csrf_token": token, "next": "/saved"})
    assert ok.status_code == 303 and ok.headers["location"] == "/saved"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert c.get("/").status_code == 200
    new_token = csrf(c)
    assert new_token != token  # rotated at login
    assert c.post("/logout", data={"csrf_token": new_token}).status_code == 303
    assert c.get("/").status_code == 303


def test_login_does_not_redirect_off_site(login_client):
    token = csrf(login_client, "/login")
    ok = login_client.post("/login", data={"user": "press", "password": "секрет-123", "csrf_token": token,
                                           "next": "//evil.example/"})
    assert ok.headers["location"] == "/"


def test_secure_cookie_when_asked(db_path):
    web = WebConfig(users={"press": hash_password("x")}, secret_key="k", secure_cookies=True)
    with TestClient(create_app(db_path, web), follow_redirects=False) as c:
        assert "secure" in c.get("/login").headers["set-cookie"].lower()


def test_saved_searches_belong_to_their_user(db_path):
    users = {"a": hash_password("pa"), "b": hash_password("pb")}
    app = create_app(db_path, WebConfig(users=users, secret_key="k"))
    ids = {}
    for user in ("a", "b"):
        with TestClient(app, follow_redirects=False) as c:
            token = csrf(c, "/login")
            c.post("/login", data={"user": user, "password": "p" + user, "csrf_token": token})
            token = csrf(c)
            c.post("/saved", data={"name": f"поиск {user}", "query": "q=аким", "csrf_token": token})
            ids[user] = re.search(r'href="/saved/(\d+)">поиск ' + user, c.get("/saved").text).group(1)
            other = "b" if user == "a" else "a"
            assert f"поиск {other}" not in c.get("/saved").text
    with TestClient(app, follow_redirects=False) as c:
        c.post("/login", data={"user": "b", "password": "pb", "csrf_token": csrf(c, "/login")})
        assert c.get(f"/saved/{ids['a']}").status_code == 404


def test_security_headers_static_and_health(client):
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert client.get("/healthz").text == "ok"
    assert client.get("/no/such/page").status_code == 404


# -- rules made in the web page next to the configuration's (issue 19) ------


def _documented_setup(tmp_path, db_path):
    """The documented setup: [web] alert_rules_file also listed in [alerts] rules_file."""
    from monitor.commands.web import config_rule_names
    from monitor.config import load_config
    from monitor.web.settings import web_config_of

    path = tmp_path / "monitor.toml"
    path.write_text('[alerts]\nrules_file = "web-alerts.toml"\n[[alerts.rules]]\nname = "config-rule"\n'
                    'recipients = ["ops@akimat.kz"]\n[web]\nalert_rules_file = "web-alerts.toml"\n'
                    '[smtp]\nfake = true\nadmin = "admin@akimat.kz"\n', "utf-8")
    config = load_config(path, db_path)
    web = web_config_of(config)
    app = create_app(db_path, web, outlets=OUTLETS, config_rule_names=lambda: config_rule_names(config, web))
    return config, app


def _make_rule(c, query: str, name: str, search_name: str):
    token = csrf(c)
    c.post("/saved", data={"name": search_name, "query": query, "csrf_token": token})
    saved_id = re.search(r'href="/saved/(\d+)">' + search_name, c.get("/saved").text).group(1)
    return c.post(f"/saved/{saved_id}/alert", data={"csrf_token": token, "name": name,
                                                    "recipients": "a@b.kz", "delivery": "immediate"})


def test_a_control_character_in_a_saved_search_cannot_break_the_rules_file(tmp_path):
    import tomllib

    from monitor.alerts.service import all_rules
    from monitor.store import open_store

    db_path = build_store(tmp_path / "m.db")
    config, app = _documented_setup(tmp_path, db_path)
    with TestClient(app, follow_redirects=False) as c:
        made = _make_rule(c, "q=дороги\x7f\x00&akim=dossayev_yerbolat\x1b", "roads", "Дороги")
        assert made.status_code == 303
        # Even a rule stored with a control character (by an older version) is written escaped.
        with open_store(db_path) as store:
            store.db.execute("INSERT INTO web_alert_rules(name, rule, owner, created_at) VALUES (?,?,?,?)",
                             ("old", json.dumps({"name": "old", "recipients": ["a@b.kz"], "keywords": ["a\x7f"]}),
                              "", "2025-01-01"))
        assert _make_rule(c, "q=снег", "snow", "Снег").status_code == 303
    written = tomllib.loads((tmp_path / "web-alerts.toml").read_text("utf-8"))
    assert {r["name"] for r in written["rules"]} == {"old", "roads", "snow"}
    assert next(r for r in written["rules"] if r["name"] == "roads")["keywords"] == ["дороги"]
    with open_store(db_path) as store:
        rules, problems = all_rules(store, config)
    # The old rule is off (its keyword is refused), and only it: the config's and the other web rules work.
    assert {r.name for r in rules} == {"config-rule", "roads", "snow"}
    assert problems and all("old" in str(p) or "web-alerts.toml" in str(p) for p in problems)


def test_a_web_rule_cannot_take_a_configured_rule_name(tmp_path):
    db_path = build_store(tmp_path / "m.db")
    _, app = _documented_setup(tmp_path, db_path)
    with TestClient(app, follow_redirects=False) as c:
        clash = _make_rule(c, "q=снег", "config-rule", "Снег")
    assert clash.status_code == 400 and "уже есть" in clash.text


def test_the_rules_file_holds_every_users_rules(tmp_path):
    import tomllib

    db_path = build_store(tmp_path / "m.db")
    users = {"a": hash_password("pa"), "b": hash_password("pb")}
    target = tmp_path / "web-alerts.toml"
    app = create_app(db_path, WebConfig(users=users, secret_key="k", alert_rules_file=target))
    for user in ("a", "b"):
        with TestClient(app, follow_redirects=False) as c:
            c.post("/login", data={"user": user, "password": "p" + user, "csrf_token": csrf(c, "/login")})
            assert _make_rule(c, "q=аким", f"rule-{user}", f"поиск {user}").status_code == 303
    assert {r["name"] for r in tomllib.loads(target.read_text("utf-8"))["rules"]} == {"rule-a", "rule-b"}


# -- every route, fuzzed (issue 19, defect 6) --------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FILTER_KEYS = ("q", "akim", "region", "role", "sentiment", "source", "language", "since", "until", "main", "page")
NASTY = st.sampled_from(["0001-01-01", "9999-12-31", "2025-02-30", "²", "٣", "9223372036854775808", "-1", "0",
                         "99999999999999999999", "%", "_", "'\"<>", "\x00", "\x7f", "..", "/", "\\", "nan", ""])
TEXT = st.one_of(NASTY, NASTY, NASTY, st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
PARAMS = st.builds(lambda known, extra: {**extra, **known},
                   st.fixed_dictionaries({}, optional={k: TEXT for k in FILTER_KEYS}),
                   st.dictionaries(TEXT, TEXT, max_size=2))
IDS = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), TEXT)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_friendly(response, busy_ok: bool = False) -> None:
    ok = response.status_code < 500 or (busy_ok and response.status_code == 503)
    assert ok, (response.status_code, response.text[:300])
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers


@pytest.fixture(scope="module")
def fuzz_client(db_path):
    with TestClient(create_app(db_path, outlets=OUTLETS), follow_redirects=False,
                    raise_server_exceptions=False) as c:
        yield c, csrf(c)


@settings(FUZZ, max_examples=150)
@given(params=PARAMS)
def test_get_routes_answer_every_query_with_a_page(fuzz_client, params):
    client, _ = fuzz_client
    for path in ("/", "/akim/dossayev_yerbolat", "/saved", "/login", "/healthz"):
        assert_friendly(client.get(path, params=params))


@FUZZ
@given(key=TEXT, params=PARAMS, suffix=st.sampled_from(["", "/alert"]), saved_id=IDS)
def test_path_parameters_answer_with_a_page(fuzz_client, key, params, suffix, saved_id):
    client, _ = fuzz_client
    from urllib.parse import quote

    assert_friendly(client.get("/akim/" + quote(key, safe=""), params=params))
    assert_friendly(client.get(f"/saved/{quote(saved_id, safe='')}{suffix}", params=params))


@FUZZ
@given(route=st.sampled_from(["/saved", "/saved/{id}/delete", "/saved/{id}/alert", "/login", "/logout"]),
       form=st.dictionaries(st.one_of(st.sampled_from(["name", "query", "recipients", "delivery", "every", "at",
                                                       "day", "user", "password", "next"]), TEXT), TEXT, max_size=8),
       saved_id=IDS, with_token=st.booleans())
def test_post_routes_answer_every_form_with_a_page(fuzz_client, route, form, saved_id, with_token):
    client, token = fuzz_client
    from urllib.parse import quote

    data = {**form, "csrf_token": token} if with_token else form
    assert_friendly(client.post(route.replace("{id}", quote(saved_id, safe="")), data=data))


def test_a_very_long_url_is_414_with_the_same_headers(fuzz_client):
    client, _ = fuzz_client
    response = client.get("/?q=" + "a" * 20000)
    assert response.status_code == 414 and "Слишком длинный адрес" in response.text
    assert_friendly(response)


def test_the_probes_urls_are_pages_not_500s(fuzz_client):
    client, _ = fuzz_client
    for url in ("/?page=%C2%B2", "/?since=0001-01-01", "/?until=9999-12-31", "/akim/dossayev_yerbolat?since=0001-01-01",
                "/akim/dossayev_yerbolat?until=9999-12-31", "/saved/9223372036854775808"):
        assert_friendly(client.get(url))


def test_a_write_behind_a_long_lock_is_a_503_with_retry_after(db_path, monkeypatch):
    import sqlite3

    from monitor.web import context

    monkeypatch.setattr(context, "BUSY_SECONDS", 0.2)
    with TestClient(create_app(db_path, outlets=OUTLETS), follow_redirects=False,
                    raise_server_exceptions=False) as c:
        token = csrf(c)
        holder = sqlite3.connect(db_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # a crawl or a reprocess in the middle of a write
        try:
            busy = c.post("/saved", data={"name": "x", "query": "q=a", "csrf_token": token})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert busy.status_code == 503 and busy.headers["retry-after"] == "60" and "занята" in busy.text
        assert_friendly(busy, busy_ok=True)
        assert c.post("/saved", data={"name": "x", "query": "q=a", "csrf_token": token}).status_code == 303


def test_a_web_rule_with_an_unknown_akim_id_is_refused_at_save_time(tmp_path):
    db_path = build_store(tmp_path / "m.db")
    config, _ = _documented_setup(tmp_path, db_path)
    app = create_app(db_path, WebConfig(secret_key="k"), outlets=OUTLETS, config=config)
    with TestClient(app, follow_redirects=False) as c:
        bad = _make_rule(c, "akim=dosaev_yerbolat", "typo", "Опечатка")
        good = _make_rule(c, "akim=Досаев&region=almaty", "by-name", "По имени")
    assert bad.status_code == 400 and "not an akim id" in bad.text
    assert good.status_code == 303


# -- login throttling and sessions that end (issue 19, defect 5) -------------


def _login(c, user: str, password: str):
    return c.post("/login", data={"user": user, "password": password, "csrf_token": csrf(c, "/login")})


def test_guessing_passwords_is_throttled_per_address_and_per_user(tmp_path):
    db_path = build_store(tmp_path / "m.db")
    users = {"press": hash_password("верный-1"), "chief": hash_password("верный-2")}
    app = create_app(db_path, WebConfig(users=users, secret_key="k", secure_cookies=False))
    with TestClient(app, follow_redirects=False, client=("10.0.0.1", 1000)) as c:
        answers = [_login(c, "press", f"нет-{i}").status_code for i in range(30)]
        assert answers[:5] == [401] * 5 and set(answers[5:]) == {429}
        refused = _login(c, "press", "верный-1")  # the right password waits too: the guesser can't tell
        assert refused.status_code == 429 and 0 < int(refused.headers["retry-after"]) <= 300
        assert "Слишком много неудачных попыток" in refused.text
        assert refused.headers["x-content-type-options"] == "nosniff"
        assert _login(c, "chief", "верный-2").status_code == 303  # another user from here: not yet limited
    with TestClient(app, follow_redirects=False, client=("10.0.0.2", 1000)) as other:
        assert _login(other, "press", "верный-1").status_code == 429  # the user is limited from anywhere
    with TestClient(app, follow_redirects=False, client=("10.0.0.3", 1000)) as flood:
        codes = [_login(flood, f"user{i}", "x").status_code for i in range(25)]  # many names, one address
        assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}


def test_logout_and_removing_a_user_end_the_session_on_the_server(tmp_path):
    db_path = build_store(tmp_path / "m.db")
    users = {"press": hash_password("p1"), "chief": hash_password("p2")}
    app = create_app(db_path, WebConfig(users=users, secret_key="k", secure_cookies=False))
    with TestClient(app, follow_redirects=False) as c:
        assert _login(c, "press", "p1").status_code == 303
        kept = dict(c.cookies)  # a copy of the cookie, as a thief or a shared computer would keep it
        assert c.get("/").status_code == 200
        assert c.post("/logout", data={"csrf_token": csrf(c)}).status_code == 303
    with TestClient(app, follow_redirects=False, cookies=kept) as replay:
        assert replay.get("/").status_code == 303  # to /login: the session ended with the logout
    with TestClient(app, follow_redirects=False) as c:
        assert _login(c, "chief", "p2").status_code == 303
        chief_cookie = dict(c.cookies)
    # The admin removes chief from [web.users]; the server restarts with the same secret.
    fewer = create_app(db_path, WebConfig(users={"press": users["press"]}, secret_key="k", secure_cookies=False))
    with TestClient(fewer, follow_redirects=False, cookies=chief_cookie) as c:
        assert c.get("/").status_code == 303
    with TestClient(app, follow_redirects=False, cookies=chief_cookie) as c:
        assert c.get("/").status_code == 303  # the row is gone for good, even for the old config


def test_password_hashing_does_not_hold_up_other_requests(tmp_path):
    import asyncio
    import base64
    import hashlib

    import httpx

    db_path = build_store(tmp_path / "m.db")
    # A deliberately slow hash (n = 2**16, ~0.25 s): other requests must not wait for it.
    salt = b"0123456789abcdef"
    slow = hashlib.scrypt(b"p", salt=salt, n=2**16, r=8, p=1, dklen=32, maxmem=2**27)
    hashed = f"scrypt${2**16}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(slow).decode()}"
    app = create_app(db_path, WebConfig(users={"slow": hashed}, secret_key="k", secure_cookies=False))
    finished: list[str] = []

    async def scenario() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            page = (await c.get("/login")).text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

            async def login() -> None:
                await c.post("/login", data={"user": "slow", "password": "wrong", "csrf_token": token})
                finished.append("login")

            async def health() -> None:
                await asyncio.sleep(0.05)  # the login is hashing by now
                assert (await c.get("/healthz")).text == "ok"
                finished.append("health")

            await asyncio.gather(login(), health())

    asyncio.run(scenario())
    assert finished == ["health", "login"]


def test_a_search_engine_that_is_down_is_a_503_page(db_path):
    from monitor.errors import EngineError

    def down(query):
        raise EngineError("Elasticsearch at http://127.0.0.1:1 is unreachable")

    with TestClient(create_app(db_path, search=down, outlets=OUTLETS), follow_redirects=False,
                    raise_server_exceptions=False) as c:
        page = c.get("/?q=аким")
    assert page.status_code == 503 and "Поиск временно недоступен" in page.text and "127.0.0.1" not in page.text
    assert_friendly(page, busy_ok=True)
