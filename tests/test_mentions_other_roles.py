"""A person the article gives two akim offices (issue 14): the role of the news, and the
post from his biography as another role of the same mention ("новый аким столицы
Кульгинов, ранее занимавший должность акима ЗКО"). Stored, indexed and shown with it.

Sentences are written for these tests; the figure on real news comes from
`benchmarks/mentions.py --real`."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from alerts_support import KASYMBEK, NOW, SmtpServer, article, save, write_config

from monitor.alerts import run_alerts
from monitor.config import load_config
from monitor.engines.documents import mention_doc
from monitor.engines.templates import mentions_mappings
from monitor.mentions import MentionFinder
from monitor.models import Article, Mention, OtherRole, Person
from monitor.store import open_store
from monitor.store.schema import MIGRATIONS


@pytest.fixture(scope="module")
def finder():
    return MentionFinder.default()


def found(finder, text, day=None, language="ru"):
    published = datetime.fromisoformat(day) if day else None
    return {m.person.name.split()[-1]: m for m in finder.find(text, language=language, published_at=published)}


def other(mention: Mention) -> set[tuple[str, str | None]]:
    return {(o.role, o.region) for o in mention.other_roles}


@pytest.mark.parametrize("text", [
    "Новым акимом Астаны стал Алтай Кульгинов, который ранее занимал должность акима ЗКО.",
    "Аким Астаны Алтай Кульгинов, ранее занимавший пост акима Западно-Казахстанской области, провёл совещание.",
    "Аким Астаны Алтай Кульгинов, который почти три года возглавлял акимат Западно-Казахстанской области, "
    "провёл совещание.",
])
def test_a_past_post_in_the_same_sentence_is_another_role(finder, text):
    mentions = found(finder, text, "2019-06-20")
    kulginov = mentions["Кульгинов"]
    assert kulginov.person.role == "akim" and kulginov.person.region == "astana"
    assert other(kulginov) == {("former_akim", "west_kazakhstan")}
    assert kulginov.other_roles[0].position.startswith("бывший аким")


def test_someone_outside_the_registry_keeps_one_mention_with_both_roles(finder):
    text = ("Акимом района Сарайшык назначен Максат Жумабекулы. "
            "Максат Жумабекулы занимал должность акима района Алматы с августа 2022 года.")
    mentions = found(finder, text)
    assert list(mentions) == ["Жумабекулы"]
    person = mentions["Жумабекулы"]
    assert person.person.role == "akim" and "Сарайшык" in person.person.position
    assert [o.role for o in person.other_roles] == ["former_akim"]


def test_a_sentence_without_a_name_continues_the_person_before(finder):
    text = ("Аким Костанайской области Архимед Мухамбетов провёл приём граждан. "
            "Архимед Мухамбетов окончил Самарский государственный технический университет. "
            "С 2008 по 2011 год был акимом Актобе, а позже возглавил весь регион.")
    mukhambetov = found(finder, text, "2017-03-20")["Мухамбетов"]
    assert mukhambetov.person.role == "akim" and mukhambetov.person.region == "kostanay"
    assert ("former_akim", "aktobe") in other(mukhambetov)
    assert any("Актобе" in s for s in mukhambetov.snippets)


def test_a_pronoun_subject_continues_the_person_before(finder):
    text = ("Аким Павлодарской области Асаин Байханов спел с жителями. "
            "Ещё будучи главой областного центра, он выходил в прямые эфиры.")
    baikhanov = found(finder, text, "2026-03-08")["Байханов"]
    assert baikhanov.person.role == "akim"
    assert [o.role for o in baikhanov.other_roles] == ["former_akim"]


def test_another_name_in_between_ends_the_thread(finder):
    text = ("Аким Павлодарской области Асаин Байханов встретился с жителями. "
            "Директор школы Марат Ержанов рассказал о ремонте. "
            "Ещё будучи главой областного центра, он открыл эту школу.")
    assert found(finder, text, "2026-03-08")["Байханов"].other_roles == []


def test_a_sentence_naming_someone_unknown_ends_the_thread_too(finder):
    text = ("Аким Павлодарской области Асаин Байханов встретился с жителями. "
            "Об этом рассказал житель города Иван Петренко. "
            "Ещё будучи главой областного центра, он открыл эту школу.")
    assert found(finder, text, "2026-03-08")["Байханов"].other_roles == []


def test_an_acting_term_that_ended_makes_a_deputy_a_former_akim_too(finder):
    text = ("Олег Крук работал первым заместителем акима Павлодарской области с 2021 года. "
            "С 1 декабря Олег Крук исполнял обязанности главы региона.")
    kruk = found(finder, text)["Крук"]
    roles = {kruk.person.role} | {o.role for o in kruk.other_roles}
    assert roles == {"deputy_akim", "former_akim"}


def test_a_kazakh_post_served_before_the_appointment(finder):
    text = ("Тарбағатай ауданы әкімі қызметін атқарып, «Құрмет» орденімен марапатталған "
            "Манарбек Сапарғалиев Риддер қаласының әкімі болып тағайындалды.")
    person = found(finder, text, language="kk")["Сапарғалиев"]
    assert person.person.role == "akim" and "Риддер" in person.person.position
    assert [o.role for o in person.other_roles] == ["former_akim"]


@pytest.mark.parametrize("text", [
    # Someone else's former office, not a post of his.
    "Аким Астаны Алтай Кульгинов встретился с бывшим акимом района Есиль.",
    # "тогда": the akim at the time the text describes, nothing else.
    "С Алтаем Кульгиновым, который тогда возглавлял Западно-Казахстанскую область, обсудили проект.",
    # An appointment, not a past post: "был" is not next to the role.
    "Алтай Кульгинов был назначен акимом Астаны.",
])
def test_no_other_role_where_the_text_gives_none(finder, text):
    mentions = found(finder, text, "2019-06-20")
    assert mentions["Кульгинов"].other_roles == []


def test_a_deputy_post_in_an_akims_biography_is_left_out(finder):
    text = ("Новым акимом Северо-Казахстанской области назначен Айдарбек Сапаров. "
            "С 2011 по 2019 год он работал первым заместителем акима СКО.")
    saparov = found(finder, text, "2022-12-02")["Сапаров"]
    assert saparov.person.role == "akim" and saparov.other_roles == []


def test_a_past_post_alone_is_the_role(finder):
    text = "Ранее Алтай Кульгинов был акимом Западно-Казахстанской области."
    kulginov = found(finder, text, "2024-01-10")["Кульгинов"]
    assert kulginov.person.role == "former_akim" and kulginov.other_roles == []


def _article(mention: Mention) -> Article:
    return Article(url="https://example.kz/a", source="example", title="Назначение", text="Текст.",
                   published_at=datetime(2019, 6, 20), crawled_at=datetime(2019, 6, 20), language="ru",
                   mentions=[mention])


def _kulginov() -> Mention:
    person = Person("Алтай Кульгинов", "akim", "kulginov_altai", "аким города Астаны", "astana", "city")
    mention = Mention(article_id="", person=person, snippets=["Кульгинов."])
    mention.other_roles = [OtherRole("former_akim", "бывший аким ЗКО", "west_kazakhstan", "region")]
    return mention


def test_other_roles_are_stored_read_back_and_indexed(tmp_path):
    article = _article(_kulginov())
    for m in article.mentions:
        m.article_id = article.id
    with open_store(tmp_path / "monitor.db") as store:
        store.save_article(article)
        rows = store.mentions_of(article.id)
    assert rows[0]["other_roles"] == [{"role": "former_akim", "position": "бывший аким ЗКО",
                                       "region": "west_kazakhstan", "level": "region"}]
    doc = mention_doc(rows[0])
    assert doc["other_roles"] == rows[0]["other_roles"]
    # The engine's template is strict: every field of the document must be mapped.
    mapped = mentions_mappings()["properties"]["other_roles"]["properties"]
    assert set(doc["other_roles"][0]) == set(mapped)


def test_a_store_from_before_the_column_reads_no_other_roles(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:-1]:
        for statement in script.split(";\n"):
            if statement.strip():
                old.execute(statement)
    old.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    old.execute("INSERT INTO articles(id, url, source, title, text, crawled_at, language, updated_at) VALUES "
                "('a1', 'https://example.kz/a', 'example', 'T', 'X', '2019-06-20', 'ru', '2019-06-20')")
    old.execute("INSERT INTO mentions(id, article_id, name, role, title, url, source, language, first_seen_at, "
                "updated_at) VALUES ('m1', 'a1', 'Алтай Кульгинов', 'akim', 'T', 'https://example.kz/a', 'example', "
                "'ru', '2019-06-20', '2019-06-20')")
    old.close()
    with open_store(path) as store:
        rows = store.mentions_of("a1")
    assert rows[0]["other_roles"] == []


def test_an_alert_email_names_the_other_roles(tmp_path):
    news = article("https://tengrinews.kz/kazakhstan_news/astana-7/", "Новый аким столицы",
                   people=[(KASYMBEK, "neutral", ["Жениса Касымбек, ранее аким Алматинской области."])])
    news.mentions[0].other_roles = [OtherRole("former_akim", "бывший аким Алматинской области",
                                              "almaty_region", "region")]
    rules = '[[alerts.rules]]\nname = "astana"\nrecipients = ["press@akimat.test"]\nakims = ["kassymbek_zhenis"]\n'
    with SmtpServer() as server:
        config = load_config(write_config(tmp_path, server.port, rules))
        save(config.db_path, news)
        with open_store(config.db_path) as store:
            assert run_alerts(store, config, now=NOW).sent == 1
    mail = server.received[0]
    assert "· аким (также бывший аким Алматинской области) ·" in mail.text
    assert "(также бывший аким Алматинской области)" in mail.html


@pytest.mark.parametrize("text, expected", [
    ("Ранее господин Каскин работал руководителем областного аппарата и заместителем акима СКО.", "deputy_akim"),
    ("Ержанов был директором школы, заместителем акима района.", "deputy_akim"),
    ("Ержанов был директором школы и акимом района.", "former_akim"),
])
def test_the_last_post_of_a_list_after_one_verb(finder, text, expected):
    assert [m.person.role for m in finder.find(text, language="ru")] == [expected]


def test_a_list_without_a_verb_of_holding_is_not_a_career(finder):
    text = "Аким области Марат Ержанов встретился с послом и заместителем акима района."
    assert [(m.person.name, m.other_roles) for m in finder.find(text, language="ru")] == [("Марат Ержанов", [])]


def test_counted_deputies_named_in_the_next_sentence(finder):
    text = ("В центре скандала оказались два заместителя акима Костаная. "
            "Максута Калиева и Фрунзика Аракеляна задержали в августе.")
    found = {m.person.name.split()[-1][:6]: m.person.role for m in finder.find(text, language="ru")}
    assert found == {"Калиев": "deputy_akim", "Аракел": "deputy_akim"}
    # Three names after "два": not the two deputies.
    text = ("В центре скандала оказались два заместителя акима Костаная. "
            "Максута Калиева, Фрунзика Аракеляна и Серика Ахметова видели в суде.")
    assert finder.find(text, language="ru") == []


@pytest.mark.parametrize("text, main, other", [
    ("Назначить Туймебаева Жансеита Кансеитовича акимом Туркестанской области, освободив от должности акима "
     "Южно-Казахстанской области.", ("akim", "turkestan"), ("former_akim", "south_kazakhstan")),
    ("Абылкаир Байпаков назначен акимом Актау. Ранее он был заместителем акима Актау и акимом села Баянды.",
     ("akim", "mangystau"), ("former_akim", None)),
    ("Назначен новый замакима Шымкента — Арман Сабитов. Ранее он возглавлял Сайрамский район.",
     ("deputy_akim", None), ("former_akim", None)),
])
def test_posts_left_in_a_decree_a_list_or_the_next_sentence(finder, text, main, other):
    [mention] = finder.find(text, language="ru", published_at=datetime(2018, 6, 20))
    assert mention.person.role == main[0] and (main[1] is None or mention.person.region == main[1])
    assert [(o.role, o.region if other[1] else None) for o in mention.other_roles] == [other]
