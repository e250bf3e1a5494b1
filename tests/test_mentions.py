import json
from datetime import datetime
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from monitor.mentions import MentionFinder
from monitor.models import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVAL = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "mentions_eval.jsonl"


@pytest.fixture(scope="module")
def finder():
    return MentionFinder.default()


def find(finder, text, day="2024-03-15", title="", language="ru"):
    return {m.person.akim_id or m.person.name: m
            for m in finder.find(text, title=title, language=language, published_at=datetime.fromisoformat(day))}


@pytest.mark.parametrize("text", [
    "Аким Алматы Ерболат Досаев открыл школу.", "Журналисты спросили Ерболата Досаева о ценах.",
    "Письмо направили Ерболату Досаеву.", "Встреча с Ерболатом Досаевым прошла в акимате.",
])
def test_russian_case_forms(finder, text):
    found = find(finder, text)
    assert found["dossayev_yerbolat"].person.role == "akim"
    assert found["dossayev_yerbolat"].person.name == "Ерболат Досаев"


@pytest.mark.parametrize("text", [
    "Астана қаласының әкімі Жеңіс Қасымбек келді.", "Жеңіс Қасымбектің сапары аяқталды.",
    "Тұрғындар Жеңіс Қасымбекке хат жазды.",
])
def test_kazakh_suffixes(finder, text):
    assert "kassymbek_zhenis" in find(finder, text, language="kk")


def test_role_only_resolves_by_date(finder):
    assert "dossayev_yerbolat" in find(finder, "Аким Алматы поручил отремонтировать дороги.", "2024-03-15")
    assert "satybaldy_darkhan" in find(finder, "Аким Алматы поручил отремонтировать дороги.", "2025-09-01")
    assert find(finder, "Аким Алматы поручил отремонтировать дороги.", "2019-01-01").keys() == {"baibek_bauyrzhan"}


def test_unknown_akim_keeps_role_and_place(finder):
    mention = find(finder, "Аким Экибастуза Ахметов пообещал решить проблему.")["Ахметов"]
    assert mention.person.akim_id is None
    assert mention.person.role == "akim"
    assert mention.person.position == "аким Экибастуза"
    assert mention.person.region == "pavlodar"


def test_deputy_name_in_the_nominative(finder):
    found = find(finder, "Документ подписан заместителем акима Мариям Маликовой.", "2021-01-10")
    assert found["Мариям Маликова"].person.role == "deputy_akim"


@pytest.mark.parametrize("text", [
    "Руководитель аппарата акима области Руслан Алишев активен в соцсетях.",
    "Президент Касым-Жомарт Токаев провёл совещание с акимами.",
    "Министр финансов Мади Такиев выступил в мажилисе.",
    "Жительница Айгуль Досаева пожаловалась на шум.",
    "Начальник управления образования Ерлан Ахметов прокомментировал ситуацию.",
    "Досаев выиграл турнир по шахматам.",
])
def test_not_akims(finder, text):
    assert find(finder, text) == {}


def test_bare_surname_needs_the_full_name_elsewhere(finder):
    found = find(finder, "Досаев сообщил о ремонте. Аким Алматы Ерболат Досаев добавил детали.")
    mention = found["dossayev_yerbolat"]
    assert mention.count == 2 and len(mention.snippets) == 2


def test_former_akim(finder):
    found = find(finder, "Бывший аким Алматы Бауыржан Байбек стал депутатом.", "2024-06-01")
    assert found["baibek_bauyrzhan"].person.role == "former_akim"


def test_main_subject_and_snippets(finder):
    text = ("Вчера в городе прошёл фестиваль, на который пришли тысячи жителей.\n"
            "Погода была хорошей, а организаторы довольны результатом.\n"
            "В конце праздника аким Алматы Ерболат Досаев поблагодарил волонтёров.")
    passing = find(finder, text)["dossayev_yerbolat"]
    assert passing.main_subject is False
    assert passing.snippets == ["В конце праздника аким Алматы Ерболат Досаев поблагодарил волонтёров."]
    titled = find(finder, text, title="Досаев поблагодарил волонтёров")["dossayev_yerbolat"]
    assert titled.main_subject is True and titled.count == 2


def test_evaluation_set_quality_gate(finder):
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    tp = fp = fn = 0
    for row in rows:
        got = {m.person.akim_id or f"name:{m.person.name}": m.person.role
               for m in finder.find(row["text"], title=row["title"], language=row["lang"],
                                    published_at=datetime.fromisoformat(row["date"]))}
        expected = dict(map(tuple, row["expect"]))
        tp += sum(got.get(k) == r for k, r in expected.items())
        fn += sum(got.get(k) != r for k, r in expected.items())
        fp += sum(expected.get(k) != r for k, r in got.items())
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.90


def test_pipeline_sets_mentions_and_stats():
    from pipelines.mentions import MentionsPipeline

    crawler = get_crawler()
    crawler.stats.open_spider()
    pipeline = MentionsPipeline.from_crawler(crawler)
    article = Article(url="https://example.kz/a", source="test", title="Аким Астаны Женис Касымбек провёл брифинг",
                      text="Женис Касымбек рассказал о планах.", published_at=datetime(2024, 5, 1),
                      crawled_at=datetime(2024, 5, 1), language="ru")
    item = pipeline.process_item(article)
    assert [m.person.akim_id for m in item.mentions] == ["kassymbek_zhenis"]
    assert item.mentions[0].article_id == article.id
    assert crawler.stats.get_value("mentions/found") == 1


def seed(name):
    if not SHARED.exists():
        pytest.skip("../shared not present: seed smoke tests need the shared folder")
    lines = (SHARED / "seeds" / name).read_text(encoding="utf-8").split("\n")
    return lines[0], "\n".join(lines[1:])


def test_seed_astana_briefing(finder):
    title, text = seed("001_65f7b012d37a55f8.txt")
    found = {m.person.akim_id: m for m in finder.find(text, title=title, published_at=datetime(2023, 6, 1))}
    assert found["kassymbek_zhenis"].main_subject
    assert found["dossayev_yerbolat"].person.role == "akim"


def test_seed_social_media_review(finder):
    title, text = seed("002_e35909bd297137dc.txt")
    ids = {m.person.akim_id for m in finder.find(text, title=title, published_at=datetime(2019, 9, 1))}
    assert {"kulginov_altai", "sagintayev_bakhytzhan", "abdrakhimov_gabidulla", "batalov_amandyk"} <= ids
    assert None not in ids


def test_seed_north_kazakhstan_deputies(finder):
    title, text = seed("003_2bc19df9920e7c5c.txt")
    people = {m.person.name: m.person for m in finder.find(text, title=title, published_at=datetime(2024, 6, 1))}
    assert people["Гауез Нурмухамбетов"].role == "akim"
    assert people["Рустем Курманов"].role == "deputy_akim"
    assert "Руслан Алишев" not in people  # руководитель аппарата акима


def test_seed_ekibastuz_deputy(finder):
    title, text = seed("000_930bda1857e57a59.txt")
    people = {m.person.name: m for m in finder.find(text, title=title, published_at=datetime(2021, 1, 8))}
    assert people["Мариям Маликова"].person.role == "deputy_akim"
    assert people["Мариям Маликова"].main_subject


def test_seed_zhetysu_blog(finder):
    title, text = seed("004_76d231a604c8fbee.txt")
    found = {m.person.akim_id: m for m in finder.find(text, title=title, published_at=datetime(2023, 5, 1))}
    assert found["isabayev_beibit"].main_subject and found["isabayev_beibit"].count >= 5
