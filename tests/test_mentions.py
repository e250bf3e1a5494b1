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


@pytest.mark.parametrize("text, language, position, region", [
    ("Аким Аксу Ерлан Жакупов провел совещание.", "ru", "аким Аксу", "pavlodar"),
    ("Аким Сарани Ерлан Жакупов провел совещание.", "ru", "аким Сарани", "karaganda"),
    ("Ақсу қаласының әкімі Ерлан Жақыпов кеңес өткізді.", "kk", "Ақсу қаласының әкімі", "pavlodar"),
])
def test_smaller_cities_of_regional_significance(finder, text, language, position, region):
    (mention,) = find(finder, text, language=language).values()
    assert (mention.person.level, mention.person.position, mention.person.region) == ("city", position, region)


@pytest.mark.parametrize("text, position, region", [
    ("Аким Абайского района Нурлан Жакупов провел совещание.", "аким Абайского района", "Абайского района"),
    ("Аким Алматинского района Астаны Нурлан Жакупов провел совещание.", "аким Алматинского района Астаны",
     "astana"),
])
def test_district_named_after_a_region_is_a_district(finder, text, position, region):
    mention = find(finder, text)["Нурлан Жакупов"]
    assert (mention.person.level, mention.person.position, mention.person.region) == ("district", position, region)


def test_akim_outside_the_registry_keeps_his_later_surname_sentences(finder):
    text = ("Аким Абайского района Нурлан Жакупов провел совещание. Позже Жакупов посетил стройку. "
            "Жители благодарят Жакупова. Жакуповтың сөзі дәл болды. Журналисты спросили Омарова о ценах.")
    mention = find(finder, text)["Нурлан Жакупов"]
    assert mention.snippets[1:] == ["Позже Жакупов посетил стройку.", "Жители благодарят Жакупова.",
                                    "Жакуповтың сөзі дәл болды."]
    assert mention.count == 4


def test_shared_surname_of_two_unknown_akims_is_left_alone(finder):
    text = ("Аким Экибастуза Нурлан Жакупов и аким Абайского района Ерлан Жакупов провели встречу. "
            "Жакупов поблагодарил строителей.")
    found = find(finder, text)
    assert set(found) == {"Нурлан Жакупов", "Ерлан Жакупов"}
    assert all(len(m.snippets) == 1 for m in found.values())


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


def test_bare_surname_in_an_undated_article(finder):
    # `monitor analyze page.html` on a page without a date: the registry can't pick a
    # tenure, but the full name in the lead still ties the later sentences to him,
    # so their tone reaches his mention.
    text = "Аким Алматы Ерболат Досаев провел совещание. Позже Досаев посетил стройку. Жители благодарят Досаева."
    found = {m.person.akim_id: m for m in finder.find(text, language="ru")}
    assert found["dossayev_yerbolat"].snippets[1:] == ["Позже Досаев посетил стройку.", "Жители благодарят Досаева."]
    assert finder.find("Позже Досаев посетил стройку.", language="ru") == []  # alone: not enough


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


# --- Regressions found by the held-out set and the seeds -------------------------------------

HELDOUT = EVAL.with_name("mentions_heldout.jsonl")


@pytest.mark.parametrize("text, language", [
    ("Астана қаласының әкімі Женіс Қасымбек Сарыарқа ауданында азаматтарды қабылдады", "kk"),
    ("Астана қаласының әкімі Жеңіс Қасымбек Алматы облысында жұмыс сапарында болды.", "kk"),
    ("Аким Астаны Женис Касымбек в районе Сарыарка встретился с жителями.", "ru"),
    ("Аким Астаны Женис Касымбек Сарыаркинский район посетил с проверкой.", "ru"),
])
def test_place_after_name_is_not_glued_onto_it(finder, text, language):
    found = find(finder, text, "2024-02-19", language=language)
    assert list(found) == ["kassymbek_zhenis"]
    assert found["kassymbek_zhenis"].person.role == "akim" and found["kassymbek_zhenis"].count == 1


def test_mixed_alphabet_and_mistyped_first_name_of_the_office_holder(finder):
    # "Женіс": Kazakh і without ң; "Жәкен": a typo. The office and date name the holder.
    for name in ("Женіс", "Жәкен"):
        found = find(finder, f"Астана қаласының әкімі {name} Қасымбек мектепті аралады.", "2024-02-19", language="kk")
        assert list(found) == ["kassymbek_zhenis"], name
    # Before his Astana tenure the same wrong first name stays an unregistered person.
    found = find(finder, "Аким Астаны Жакен Касымбек принял граждан.", "2020-03-01")
    assert list(found) == ["Жакен Касымбек"]


@pytest.mark.parametrize("text, language, name", [
    ("Қарағанды облысы әкімінің бірінші орынбасары Азамат Сафуллин Балқаш қаласында жиын өткізді.", "kk", "Азамат Сафуллин"),
    ("Шымкент қаласы әкімінің орынбасары Бақтияр Құлжанов Байтұрсынов көшесін жөндеу мерзімін айтты.", "kk", "Бақтияр Құлжанов"),
    ("Шамалған ауылдық округінің әкімі Ерлан Тоқтаров ауылға су құбыры тартылғанын айтты.", "kk", "Ерлан Тоқтаров"),
    ("Астана қаласы әкімінің орынбасары Гүлжан Айтбаева балабақшалар туралы айтты.", "kk", "Гүлжан Айтбаева"),
    ("Аким села Коктал Бекзат Омирбеков признался, что знал о проблеме.", "ru", "Бекзат Омирбеков"),
    ("Аким села Бекзат Омирбеков признался, что знал о проблеме.", "ru", "Бекзат Омирбеков"),
    ("Заместитель акима Костанайской области Ерлан Бекмухамедович Жаманов пояснил сроки.", "ru", "Ерлан Жаманов"),
    ("Приказ подписан заместителем акима области Жамановым Ерланом Бекмухамедовичем.", "ru", "Ерлан Жаманов"),
])
def test_unregistered_names_are_clean(finder, text, language, name):
    assert list(find(finder, text, language=language)) == [name]


@pytest.mark.parametrize("text, language", [
    ("Режиссёр Аким Салбиев представил новый фильм на фестивале в Алматы.", "ru"),
    ("Алматы қаласы әкімдігі метро желісін жобалауға конкурс жариялады.", "kk"),
    ("Футболист Ерлан Кошанов забил гол в ворота соперника.", "ru"),
    ("Футболшы Ерлан Қошанов гол соқты.", "kk"),
])
def test_more_non_akims(finder, text, language):
    assert find(finder, text, language=language) == {}


def test_former_akim_said_after_the_name_is_not_the_current_holder(finder):
    found = find(finder, "Председатель мажилиса Ерлан Кошанов, в прошлом аким Карагандинской области, открыл сессию.",
                 "2024-01-15")
    assert {k: m.person.role for k, m in found.items()} == {"koshanov_yerlan": "former_akim"}


def test_bare_surname_of_the_serving_akim_in_an_akim_article(finder):
    text = "По данным акимата, Аксакалову подчинены все оперативные штабы области."
    assert list(find(finder, text, "2024-04-08")) == ["aksakalov_kumar"]
    title = "Досаев ответил на критику по поводу вырубки деревьев"
    found = find(finder, "Глава мегаполиса заявил, что деревья компенсируют.", "2024-11-05", title=title)
    assert list(found) == ["dossayev_yerbolat"]
    # No akim word anywhere: a bare surname may be anyone.
    assert find(finder, "Шахаров забил победный гол в добавленное время.", "2024-04-08") == {}


def test_heldout_quality_gate(finder):
    """The held-out set was written without looking at the finder; it must stay honest."""
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    for language in ("ru", "kk"):
        tp = fp = fn = 0
        for row in (r for r in rows if r["lang"] == language):
            got = {m.person.akim_id or f"name:{m.person.name}": m.person.role
                   for m in finder.find(row["text"], title=row["title"], language=language,
                                        published_at=datetime.fromisoformat(row["date"]))}
            expected = dict(map(tuple, row["expect"]))
            tp += sum(got.get(k) == r for k, r in expected.items())
            fn += sum(got.get(k) != r for k, r in expected.items())
            fp += sum(expected.get(k) != r for k, r in got.items())
        assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.90, language


def seed_mentions(finder, name, day):
    title, text = seed(name)
    return {m.person.akim_id or m.person.name: m
            for m in finder.find(text, title=title, published_at=datetime.fromisoformat(day))}


def test_seed_001_smoke(finder):
    found = seed_mentions(finder, "001_65f7b012d37a55f8.txt", "2024-11-26")
    kassymbek = found["kassymbek_zhenis"].person
    assert (kassymbek.name, kassymbek.role, kassymbek.region) == ("Женис Касымбек", "akim", "astana")
    assert found["dossayev_yerbolat"].person.position == "аким города Алматы"
    assert set(found) == {"kassymbek_zhenis", "dossayev_yerbolat"}


def test_seed_000_smoke(finder):
    found = seed_mentions(finder, "000_930bda1857e57a59.txt", "2021-01-21")
    malikova = found["Мариям Маликова"]
    assert malikova.person.role == "deputy_akim" and "Экибастуз" in malikova.person.position
    assert malikova.main_subject and malikova.count >= 3
    # Known limit: a "read also" headline left in the raw seed names the Pavlodar akim;
    # at least it must be the right one for January 2021 and not the article's subject.
    assert not found["skakov_abylkair"].main_subject
    assert all(m.person.akim_id or m.person.role == "deputy_akim" for m in found.values())


def test_seed_002_smoke(finder):
    found = seed_mentions(finder, "002_e35909bd297137dc.txt", "2019-07-12")
    expected = {"kulginov_altai", "sagintayev_bakhytzhan", "abdrakhimov_gabidulla", "nukenov_kairat",
                "bakauov_bulat", "marzhikpayev_yermek", "batalov_amandyk", "aksakalov_kumar",
                "akhmetov_danial", "mukhambetov_arkhimed", "urazalin_ondassyn", "trumov_serikbay"}
    assert set(found) == expected  # no President, no unregistered names
    assert found["kulginov_altai"].person.region == "astana"


def test_seed_003_smoke(finder):
    found = seed_mentions(finder, "003_2bc19df9920e7c5c.txt", "2024-09-02")
    gauez = found["nurmukhambetov_gauez"].person
    assert (gauez.role, gauez.region, gauez.level) == ("akim", "north_kazakhstan", "region")
    assert found["mukhamediev_serik"].person.position == "аким города Петропавловска"
    for deputy in ("Рустем Курманов", "Марат Тасмаганбетов", "Ержан Мустафин", "Сания Смаилова"):
        assert found[deputy].person.role == "deputy_akim", deputy
    assert "Руслан Алишев" not in found and "Айтбек Амангельды" not in found


def test_seed_004_smoke(finder):
    found = seed_mentions(finder, "004_76d231a604c8fbee.txt", "2022-10-03")
    isabayev = found["isabayev_beibit"]
    assert isabayev.main_subject and isabayev.person.region == "zhetysu" and isabayev.count >= 10
    assert "Айгерим Айтпаева" not in found and "Айгерим АЙТПАЕВА" not in found
    assert all(m.person.akim_id for m in found.values())
