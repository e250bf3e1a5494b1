"""Registry changes proposed by appointment and dismissal news: detection on sentences
written for the test, acceptance into the user's local registry file, the CLI on a real
SQLite file, reprocessing, and the web page."""

from __future__ import annotations

import csv
import re
import warnings
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from monitor.akims import Registry
from monitor.akims.settings import local_registry_path
from monitor.analyze import Analyzer
from monitor.appointments import ChangeFinder, queue
from monitor.appointments.apply import AcceptError, accept, registry_rows, reject
from monitor.cli import main
from monitor.config import load_config
from monitor.crawl import default_since, run_crawl
from monitor.errors import ConfigError
from monitor.models import Article
from monitor.replica import articles as samples
from monitor.reprocess import reprocess
from monitor.store import SqliteStore, open_store
from monitor.web import create_app
from monitor.web.settings import WebConfig, hash_password, web_config

from replica_support import FAST, replica_config

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

DAY = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 11:00 in Almaty


@pytest.fixture(scope="module")
def finder():
    return ChangeFinder(Registry.load())


def article(text: str, language: str = "ru", published=DAY, url: str = "https://news.example.kz/a/1") -> Article:
    return Article(url=url, source="example", title="", text=text, published_at=published, crawled_at=DAY,
                   language=language)


def found(finder, text: str, language: str = "ru", published=DAY) -> list[tuple]:
    return [(p.action, p.role, p.akim_id, p.name, p.office_id)
            for p in finder.find(article(text, language, published))]


# -- detection ---------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Указом Главы государства Иванов Пётр Сергеевич назначен акимом Карагандинской области.",
     ("appoint", "akim", "ivanov_petr", "Пётр Иванов", "region:karaganda")),
    ("Акимом Павлодарской области назначена Айгерим Нурланова.",
     ("appoint", "akim", "nurlanova_aygerim", "Айгерим Нурланова", "region:pavlodar")),
    ("Аким Атырау Кайрат Уразбаев освобождён от занимаемой должности.",
     ("dismiss", "akim", "urazbayev_kairat", "Кайрат Уразбаев", "city:atyrau")),
    ("Ермаганбет Булекпаев освобожден от должности акима Карагандинской области по собственному желанию.",
     ("dismiss", "akim", "bulekpayev_yermaganbet", "Ермаганбет Булекпаев", "region:karaganda")),
    ("Серик Тлеубаев назначен заместителем акима города Шымкента.",
     ("appoint", "deputy_akim", "tleubaev_serik", "Серик Тлеубаев", "city:shymkent")),
    ("Асхат Бекенов избран акимом Бостандыкского района Алматы.",
     ("appoint", "akim", "bekenov_askhat", "Асхат Бекенов", "district:bostandyk")),
    ("Назначить Абенова Талгата Маратовича акимом Костанайской области.",
     ("appoint", "akim", "abenov_talgat", "Талгат Абенов", "region:kostanay")),
])
def test_russian_appointments_and_dismissals(finder, text, expected):
    assert found(finder, text) == [expected]


def test_first_deputy_and_acting_akim(finder):
    first = finder.find(article("Первым заместителем акима Алматы назначен Бахыт Оспанов."))
    assert [(p.role, p.first_deputy, p.office_id, p.name) for p in first] == [
        ("deputy_akim", True, "city:almaty", "Бахыт Оспанов")]
    acting = finder.find(article("Исполняющим обязанности акима Павлодарской области назначен Ерлан Сапаров."))
    assert [(p.action, p.role, p.acting, p.office_id) for p in acting] == [("appoint", "akim", True, "region:pavlodar")]


@pytest.mark.parametrize("text, expected", [
    ("Акимом новой Абайской области назначен Арман Жумабаев.",
     ("appoint", "akim", False, "zhumabaev_arman", "region:abai")),
    ("Распоряжением акима Костанайской области первым заместителем акима назначен Ерлан Бекмуханов.",
     ("appoint", "deputy_akim", True, "bekmukhanov_erlan", "region:kostanay")),
    ("Нурлан Сапаров ушёл с поста первого замакима Акмолинской области.",
     ("dismiss", "deputy_akim", True, "saparov_nurlan", "region:akmola")),
    ("Арман Касенов покинул пост заместителя акима Алматы по собственному желанию.",
     ("dismiss", "deputy_akim", False, "kasenov_arman", "city:almaty")),
])
def test_places_and_titles_the_role_phrase_leaves_out(finder, text, expected):
    assert [(p.action, p.role, p.first_deputy, p.akim_id, p.office_id) for p in finder.find(article(text))] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Сарыағаш ауданының әкімі болып, бұған дейін облыстық білім басқармасын басқарған Ерлан Нұрымов тағайындалды.",
     ("appoint", "akim", "nurymov_erlan", "Ерлан Нұрымов", "district:saryaghash")),
    ("Данияр Қасымов Қарағанды облысы әкімінің орынбасары болып тағайындалды.",
     ("appoint", "deputy_akim", "qasymov_daniyar", "Данияр Қасымов", "region:karaganda")),
    ("Ержан Сейітов Жамбыл облысының әкімі қызметінен босатылды.",
     ("dismiss", "akim", "seyitov_erzhan", "Ержан Сейітов", "region:zhambyl")),
    ("Бүгін Ақмола облысының әкімі болып Талғат Оспан сайланды.",
     ("appoint", "akim", "ospan_talghat", "Талғат Оспан", "region:akmola")),
])
def test_kazakh_appointments_and_dismissals(finder, text, expected):
    assert found(finder, text, "kk") == [expected]


def test_heading_a_place_is_an_appointment(finder):
    text = "Ерлан Сарсенов вместо Ондасына Уразалина возглавил Актюбинскую область."
    assert found(finder, text) == [("appoint", "akim", "sarsenov_erlan", "Ерлан Сарсенов", "region:aktobe")]
    text = "Бұған дейін елші қызметін атқарған Ерлан Сәрсенов енді Түркістан облысын басқарады."
    assert found(finder, text, "kk") == [("appoint", "akim", "sarsenov_erlan", "Ерлан Сәрсенов", "region:turkestan")]
    # Present tense without «енді», past heading, a committee: not news of an appointment.
    assert found(finder, "Ерлан Сәрсенов Түркістан облысын басқарады.", "kk") == []
    assert found(finder, "Ерлан Сарсенов возглавлял Актюбинскую область.") == []
    assert found(finder, "Ерлан Сарсенов возглавил комиссию по бюджету.") == []


@pytest.mark.parametrize("text, expected", [
    ("Nurlan Ospanov has been appointed akim of Karaganda region.",
     ("appoint", "akim", "ospanov_nurlan", "Nurlan Ospanov", "region:karaganda")),
    ("The Head of State appointed Serik Nurov as deputy akim of Astana.",
     ("appoint", "deputy_akim", "nurov_serik", "Serik Nurov", "city:astana")),
    ("Mayor of Almaty Yerbolat Dossayev was relieved of his post.",
     ("dismiss", "akim", "dossayev_yerbolat", "Ерболат Досаев", "city:almaty")),
])
def test_english_editions(finder, text, expected):
    assert found(finder, text, "en") == [expected]


@pytest.mark.parametrize("text", [
    "В 2019 году Ержан Ахметов был назначен акимом Костанайской области.",  # a career, not news
    "Ранее Ержан Ахметов был назначен заместителем акима Костанайской области.",
    "Кандидатуру Ержана Ахметова на должность акима Костанайской области поддержали депутаты.",
    "Ержан Ахметов может быть назначен акимом Костанайской области, пишут СМИ.",
    "Ержан Ахметов, работавший акимом Костанайской области, открыл школу.",
    "Назначено совещание, его проведёт аким Костанайской области Кумар Аксакалов.",
    "Ержан Ахметов 2015 жылы Қостанай облысының әкімі болып тағайындалды.",
])
def test_careers_forecasts_and_other_news_propose_nothing(finder, text):
    assert found(finder, text, "kk" if "әкім" in text else "ru") == []


def test_what_the_registry_already_says_is_not_proposed(finder):
    # Reappointed after the presidential election of 2022: the registry has him from June.
    again = "Султангазиев Марат Елеусизович назначен акимом Алматинской области."
    assert found(finder, again, published=datetime(2022, 12, 1, 8, tzinfo=UTC)) == []
    # Dismissed on the day the registry already gives.
    gone = "Даниал Ахметов освобождён от должности акима Восточно-Казахстанской области."
    assert found(finder, gone, published=datetime(2023, 6, 16, 8, tzinfo=UTC)) == []


def test_proposal_ids_are_stable_and_an_article_without_a_date_gives_no_day(finder):
    text = "Серик Тлеубаев назначен заместителем акима города Шымкента."
    assert [p.id for p in finder.find(article(text))] == [p.id for p in finder.find(article(text))]
    assert [p.day for p in finder.find(article(text, published=None))] == [""]


# -- what accepting writes -------------------------------------------------------


def proposal(finder, text: str, published=DAY):
    (p,) = finder.find(article(text, published=published))
    return p


def test_appointment_ends_the_predecessors_open_tenure(finder):
    registry = Registry.load()
    p = proposal(finder, "Указом Главы государства Иванов Пётр Сергеевич назначен акимом Карагандинской области.")
    rows = registry_rows(p, registry)
    assert [(r["akim_id"], r["start"], r["end"]) for r in rows] == [
        ("ivanov_petr", "2026-03-02", ""), ("bulekpayev_yermaganbet", "2022-12", "2026-03-02")]
    assert rows[0]["position_ru"] == "аким Карагандинской области"
    assert rows[0]["position_kk"] == "Қарағанды облысының әкімі"
    assert rows[0]["name_en"] == "Petr Ivanov" and rows[0]["source"] == p.url
    assert p.url in rows[1]["source"].split(" ; ") and len(rows[1]["source"].split(" ; ")) > 1


def test_deputy_titles_in_both_languages(finder):
    p = proposal(finder, "Первым заместителем акима Алматы назначен Бахыт Оспанов.")
    (row,) = registry_rows(p, Registry.load())
    assert row["position_ru"] == "первый заместитель акима города Алматы"
    assert row["position_kk"] == "Алматы қаласы әкімінің бірінші орынбасары"


def test_accept_writes_the_local_file_only_and_the_loader_merges_it(tmp_path, finder):
    local = tmp_path / "akims-local.csv"
    with SqliteStore(tmp_path / "s.db") as store:
        appoint = proposal(finder, "Иванов Пётр Сергеевич назначен акимом Карагандинской области.")
        deputy = proposal(finder, "Серик Тлеубаев назначен заместителем акима города Шымкента.")
        assert queue.record(store.db, [appoint, deputy]) == 2
        assert queue.record(store.db, [appoint]) == 0
        accept(store.db, appoint.id[:6], local)
        reject(store.db, deputy.id)
        with pytest.raises(AcceptError, match="уже рассмотрено"):
            accept(store.db, deputy.id, local)
        assert sorted(c.status for c in queue.list_changes(store.db, None)) == ["accepted", "rejected"]
    with open(local, encoding="utf-8") as handle:
        assert [r["akim_id"] for r in csv.DictReader(handle)] == ["ivanov_petr", "bulekpayev_yermaganbet"]
    merged = Registry.load(local=local)
    assert merged.holder("region:karaganda", date(2026, 3, 10)).akim_id == "ivanov_petr"
    assert merged.holder("region:karaganda", date(2025, 3, 10)).akim_id == "bulekpayev_yermaganbet"
    assert len(merged.tenures) == len(Registry.load().tenures) + 1  # one replaced, one added
    assert Registry.load().holder("region:karaganda", date(2026, 3, 10)).akim_id == "bulekpayev_yermaganbet"


def test_a_change_that_would_make_the_registry_contradict_itself_is_refused(tmp_path, finder):
    local = tmp_path / "akims-local.csv"
    # An appointment dated inside Kassymbek's tenure: two akims of Karaganda at once.
    wrong = proposal(finder, "Иванов Пётр Сергеевич назначен акимом Карагандинской области.",
                     published=datetime(2021, 5, 3, 6, tzinfo=UTC))
    with SqliteStore(tmp_path / "s.db") as store:
        queue.record(store.db, [wrong])
        with pytest.raises(AcceptError, match="противоречив"):
            accept(store.db, wrong.id, local)
        assert queue.get_change(store.db, wrong.id).status == "pending"
    assert not local.exists()


def test_unknown_or_ambiguous_ids_are_clear_errors(tmp_path, finder):
    with SqliteStore(tmp_path / "s.db") as store:
        with pytest.raises(queue.ChangeNotFound, match="не меньше 4"):
            queue.get_change(store.db, "ab")
        with pytest.raises(queue.ChangeNotFound, match="нет предложения"):
            queue.get_change(store.db, "abcdef")


# -- configuration ------------------------------------------------------------


def test_local_file_is_beside_the_config_file_and_checked(tmp_path, monkeypatch):
    monkeypatch.delenv("MONITOR_AKIMS_FILE", raising=False)
    toml = tmp_path / "monitor.toml"
    toml.write_text('[akims]\nlocal_file = "data/mine.csv"\n', encoding="utf-8")
    assert local_registry_path(load_config(toml)) == tmp_path / "data" / "mine.csv"
    toml.write_text('[akims]\nfile = "x.csv"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="akims.file: unknown setting"):
        local_registry_path(load_config(toml))
    with pytest.raises(ConfigError, match="web.admins"):
        web_config({"web": {"users": {}, "admins": ["boss"]}})


# -- the pipeline and the command line, on a real SQLite file ----------------------

PAGE = """<!doctype html><html><head><title>{title}</title>
<meta property="article:published_time" content="2026-03-02T11:00:00+05:00"></head>
<body><article><h1>{title}</h1>
<p>{body}</p>
<p>Новый глава региона поблагодарил за доверие и пообещал уделить внимание дорогам, школам и больницам,
а также поддержке малого и среднего бизнеса в городах и районах области.</p>
</article></body></html>"""


def store_page(store, url: str, title: str, body: str) -> None:
    html = PAGE.format(title=title, body=body).encode("utf-8")
    store.save_article(Article(url=url, source="example", title=title, text="старый текст", published_at=None,
                               crawled_at=DAY, language="ru", fetched_url=url, raw_html=html))


def test_reprocess_then_suggest_accept_reject_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.delenv("MONITOR_AKIMS_FILE", raising=False)
    toml = tmp_path / "monitor.toml"
    toml.write_text('db = "monitor.db"\n', encoding="utf-8")
    config = load_config(toml)
    with open_store(config.db_path) as store:
        store_page(store, "https://news.example.kz/karaganda", "Новый аким Карагандинской области",
                   "Указом Главы государства Иванов Пётр Сергеевич назначен акимом Карагандинской области. "
                   "Ермаганбет Булекпаев освобождён от должности акима Карагандинской области.")
        store_page(store, "https://news.example.kz/shymkent", "Кадровые назначения в Шымкенте",
                   "Серик Тлеубаев назначен заместителем акима города Шымкента. Ранее он работал в министерстве "
                   "финансов и в аппарате акима области.")
        report = reprocess(store, Analyzer(config))
        assert report.updated == 2 and report.registry_changes == 3
        assert reprocess(store, Analyzer(config)).registry_changes == 0  # nothing proposed twice

    runner = CliRunner()
    cli = lambda *args: runner.invoke(main, ["--config", str(toml), "akims", *args])  # noqa: E731
    listed = cli("suggest")
    assert listed.exit_code == 0, listed.output
    ids = re.findall(r"^([0-9a-f]{16})  2026-03-02  (\S+): (.+?) — ", listed.output, re.M)
    assert sorted((a, n) for _i, a, n in ids) == [
        ("назначение", "Пётр Иванов"), ("назначение", "Серик Тлеубаев"), ("освобождение", "Ермаганбет Булекпаев")]
    assert "«Серик Тлеубаев назначен заместителем акима города Шымкента.»" in listed.output
    assert "https://news.example.kz/karaganda" in listed.output
    by_name = {n: i for i, _a, n in ids}
    assert cli("suggest", "--since", "2026-03-03").output.strip() == "Новых предложений нет."

    accepted = cli("accept", by_name["Пётр Иванов"][:8])
    assert accepted.exit_code == 0, accepted.output
    local = tmp_path / "akims-local.csv"
    assert str(local) in accepted.output and local.is_file()
    assert "ivanov_petr" in cli("list", "--region", "karaganda", "--on", "2026-03-10").output
    assert cli("reject", by_name["Серик Тлеубаев"]).exit_code == 0
    # The dismissal now says what the registry says: accepting it changes nothing.
    pending = cli("suggest")
    assert "реестр уже говорит то же самое" in pending.output and "Тлеубаев" not in pending.output
    assert cli("accept", by_name["Ермаганбет Булекпаев"]).exit_code == 0
    assert cli("suggest").output.strip() == "Новых предложений нет."
    everything = cli("suggest", "--all").output
    assert everything.count("(принято)") == 2 and everything.count("(отклонено)") == 1
    again = cli("accept", by_name["Пётр Иванов"])
    assert again.exit_code == 2 and "уже рассмотрено" in again.output
    assert cli("validate").exit_code == 0
    with open_store(config.db_path) as store:
        assert store.counts()["articles"] == 2


def test_a_crawl_records_what_appointment_news_proposes(tmp_path, site, replica, monkeypatch):
    monkeypatch.delenv("MONITOR_AKIMS_FILE", raising=False)
    path = site.article_paths["tengrinews.ru"][0]
    page = site.routes["tengrinews.ru"][path]
    html = page.body.decode("utf-8")
    paragraph = next(p for s in samples.SAMPLES for p in s.paragraphs if p in html)
    news = "Указом Главы государства Иванов Пётр Сергеевич назначен акимом Карагандинской области."
    page.body = html.replace(paragraph, news, 1).encode("utf-8")
    config = replica_config(tmp_path, replica)
    report = run_crawl(config, outlets=["tengrinews"], since=default_since(config), settings=FAST)
    assert all(not r.failed for r in report.outlets)
    with open_store(config.db_path) as store:
        changes = queue.list_changes(store.db)
        stored_urls = {r[0] for r in store.db.execute("SELECT url FROM articles")}
    assert [(c.proposal.action, c.proposal.akim_id, c.proposal.office_id) for c in changes] == [
        ("appoint", "ivanov_petr", "region:karaganda")]
    assert changes[0].proposal.sentence == news and changes[0].proposal.url in stored_urls


# -- the web page ----------------------------------------------------------------


def csrf(client: TestClient, url: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert match
    return match.group(1)


def login(client: TestClient, user: str) -> None:
    token = csrf(client, "/login")
    page = client.post("/login", data={"user": user, "password": "секрет-123", "csrf_token": token, "next": "/"})
    assert page.status_code == 303


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_web_page_lists_changes_and_only_an_admin_accepts(tmp_path, finder):
    db, local = tmp_path / "monitor.db", tmp_path / "akims-local.csv"
    appoint = proposal(finder, "Иванов Пётр Сергеевич назначен акимом Карагандинской области.")
    deputy = proposal(finder, "Серик Тлеубаев назначен заместителем акима города Шымкента.")
    with SqliteStore(db) as store:
        queue.record(store.db, [appoint, deputy])
    hashed = hash_password("секрет-123")
    web = WebConfig(users={"boss": hashed, "reader": hashed}, secret_key="k" * 32, admins=("boss",))
    app = create_app(db, web, registry_file=local)

    with TestClient(app, follow_redirects=False) as reader:
        login(reader, "reader")
        page = reader.get("/akims/changes")
        assert page.status_code == 200
        assert "Иванов Пётр Сергеевич назначен акимом Карагандинской области" in page.text
        assert "аким Карагандинской области" in page.text and "Ермаганбет Булекпаев" in page.text
        assert f"/akims/changes/{appoint.id}/accept" not in page.text  # no buttons for a reader
        token = csrf(reader, "/akims/changes")
        refused = reader.post(f"/akims/changes/{appoint.id}/accept", data={"csrf_token": token})
        assert refused.status_code == 403 and not local.exists()

    with TestClient(app, follow_redirects=False) as boss:
        login(boss, "boss")
        page = boss.get("/akims/changes").text
        assert f"/akims/changes/{appoint.id}/accept" in page
        forged = boss.post(f"/akims/changes/{appoint.id}/accept", data={"csrf_token": "forged"})
        assert forged.status_code == 403 and not local.exists()
        token = csrf(boss, "/akims/changes")
        done = boss.post(f"/akims/changes/{appoint.id}/accept", data={"csrf_token": token})
        assert done.status_code == 303 and done.headers["location"] == "/akims/changes?done=accepted"
        assert "ivanov_petr" in local.read_text(encoding="utf-8")
        assert boss.post(f"/akims/changes/{deputy.id}/reject", data={"csrf_token": token}).status_code == 303
        again = boss.post(f"/akims/changes/{appoint.id}/accept", data={"csrf_token": token})
        assert again.status_code == 303 and "error=" in again.headers["location"]
        after = boss.get("/akims/changes").text
        assert "Новых предложений нет." in after
        assert "принято (boss)" in after and "отклонено (boss)" in after
    with SqliteStore(db) as store:
        assert {c.id: c.status for c in queue.list_changes(store.db, None)} == {
            appoint.id: "accepted", deputy.id: "rejected"}


def test_environment_names_the_local_file_on_servers(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_AKIMS_FILE", str(tmp_path / "state" / "akims-local.csv"))
    assert local_registry_path(load_config(None)) == tmp_path / "state" / "akims-local.csv"


def test_validate_checks_the_local_file_over_the_registry(tmp_path, monkeypatch):
    monkeypatch.delenv("MONITOR_AKIMS_FILE", raising=False)
    toml = tmp_path / "monitor.toml"
    toml.write_text("", encoding="utf-8")
    local = tmp_path / "akims-local.csv"
    local.write_text(
        "akim_id,role,office_id,level,region,position_ru,position_kk,name_ru,name_kk,name_en,patronymic_ru,"
        "aliases,start,end,uncertain,source\n"
        "ivanov_petr,akim,region:karaganda,region,karaganda,аким Карагандинской области,,Пётр Иванов,,,,,"
        "2024-01-10,,,https://news.example.kz/a/1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(toml), "akims", "validate"])
    assert result.exit_code == 1 and "поверх реестра" in result.output and "overlap" in result.output
