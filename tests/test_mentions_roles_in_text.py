"""Roles as real news gives them (issue 14): the text's own title, other offices, lists
of officials, deputies introduced through the akim, plural and periphrastic roles,
appointments and dismissals, Kazakh word order, Kazakh in the Latin alphabet.

Sentences are written for these tests; the quality figure on real news comes from
`benchmarks/mentions.py --real` (and test_mentions_realnews.py, with ../shared)."""

from datetime import datetime

import pytest

from monitor.mentions import MentionFinder


@pytest.fixture(scope="module")
def finder():
    return MentionFinder.default()


def roles(finder, text, day=None, language="ru"):
    published = datetime.fromisoformat(day) if day else None
    return {m.person.name.split()[-1]: m.person.role
            for m in finder.find(text, language=language, published_at=published)}


@pytest.mark.parametrize("day", [None, "2026-11-01"])
def test_the_texts_title_wins_over_the_registry_date(finder, day):
    # Nogayev's Mangystau tenure ended in 2024: the text still calls him akim.
    found = roles(finder, "Аким Мангистауской области Нурлан Ногаев провёл совещание.", day)
    assert found == {"Ногаев": "akim"}


def test_registry_decides_only_where_the_text_gives_no_role(finder):
    assert roles(finder, "Жители обратились к Ерболату Досаеву с жалобой.", "2024-03-15") == {"Досаев": "akim"}
    # Years after his tenure, with no word tying him to it, he is not an akim mention.
    assert roles(finder, "Ерболат Досаев выступил на форуме.", "2026-11-01") == {}


@pytest.mark.parametrize("text", [
    "Экс-аким Алматы Ерболат Досаев выступил на форуме.",
    "Бывший аким Алматы Ерболат Досаев выступил на форуме.",
    "В бытность акимом Алматы Ерболат Досаев строил дороги.",
    "Ерболат Досаев, который ранее возглавлял город, выступил на форуме.",
])
def test_former_akim_only_where_the_text_ties_him_to_the_role(finder, text):
    assert roles(finder, text, "2026-11-01") == {"Досаев": "former_akim"}


@pytest.mark.parametrize("text", [
    "Вице-премьер Ермек Кошербаев посетил Усть-Каменогорск.",
    "Премьер-министр Ерболат Досаев провёл заседание правительства.",
    "Министр энергетики Ерболат Досаев ответил на вопросы.",
    "Руководитель управления образования Ерлан Сапаров рассказал о школах.",
    "Председатель маслихата Ерболат Досаев открыл сессию.",
])
def test_people_in_other_offices_are_not_akims(finder, text):
    assert roles(finder, text, "2024-06-01") == {}


def test_in_a_list_of_officials_each_title_belongs_to_its_own_name(finder):
    text = ("В ходе докладов вице-министра образования Аскара Бекова, заместителя акима "
            "Карагандинской области Ерлана Сапарова и председателя объединения Бориса Ленова "
            "обсудили планы.")
    assert roles(finder, text, "2024-06-01") == {"Сапаров": "deputy_akim"}


@pytest.mark.parametrize("text", [
    "Аким города уехал в командировку. Встречу провёл его заместитель Арыстан Кабикенов.",
    "Аким города поручил своему заместителю Арыстану Кабикенову разобраться.",
    "Первый зам главы региона Арыстан Кабикенов провёл штаб.",
    "Третий заместитель акима региона Арыстан Кабикенов сообщил о ремонте.",
])
def test_deputies_introduced_through_the_akim(finder, text):
    assert roles(finder, text) == {"Кабикенов": "deputy_akim"}


def test_his_deputy_in_an_article_not_about_an_akim_is_no_deputy_akim(finder):
    assert roles(finder, "Министр уехал. Встречу провёл его заместитель Арыстан Кабенов.") == {}


@pytest.mark.parametrize("text, expected", [
    ("Главы соседствующих регионов – Ерлан Сапаров и Асхат Бекенов – подписали меморандум.",
     {"Сапаров": "akim", "Бекенов": "akim"}),
    ("Суд над экс-акимами Карагандинской области и города Караганды Бауржаном Абдишевым и "
     "Мейрамом Смагуловым продолжился.", {"Абдишев": "former_akim", "Смагулов": "former_akim"}),
    ("Градоначальник Экибастуза Ерлан Сапаров открыл парк.", {"Сапаров": "akim"}),
    ("Бывший градоначальник Экибастуза Ерлан Сапаров дал интервью.", {"Сапаров": "former_akim"}),
    ("Кандидаты в акимы Семея Иван Петров и Асель Нурова провели дебаты.", {}),
])
def test_plural_and_periphrastic_roles(finder, text, expected):
    assert roles(finder, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Мереке Мухамедьяров избран акимом Есильского района.", {"Мухамедьяров": "akim"}),
    ("Акимом района Алматы стал 39-летний Рустем Тауекелов.", {"Тауекелов": "akim"}),
    ("Гауез Нурмухамбетов освобождён от должности акима Костаная.", {"Нурмухамбетов": "former_akim"}),
    ("Глава государства снял с должности акима Павлодарской области Абылкаира Скакова.",
     {"Скаков": "former_akim"}),
    ("Отставка Тулегена Закарьянова, тогда ещё акима города Петропавловска, удивила.",
     {"Закарьянов": "former_akim"}),
    # The one who appoints is not the akim.
    ("Токаев назначил акимом Алматы Дархана Сатыбалды.", {"Сатыбалды": "akim"}),
])
def test_appointments_and_dismissals(finder, text, expected):
    assert roles(finder, text, "2025-06-01") == expected


def test_an_appointees_name_is_put_in_the_nominative(finder):
    found = finder.find("Мереке Мухамедьяров избран акимом Есильского района.")
    assert [m.person.name for m in found] == ["Мереке Мухамедьяров"]


@pytest.mark.parametrize("text, expected", [
    ("Ерлан Текешев Тарбағатай ауданының әкімі болып тағайындалды.", {"Текешев": "akim"}),
    ("Ерлан Сапаров Абай ауданының әкімі қызметінен босатылды.", {"Сапаров": "former_akim"}),
    ("Тоқаев Алматы қаласының әкімі болып Ерболат Досаевты тағайындады.", {"Досаев": "akim"}),
    ("Әкім келмеді. Жиынды оның орынбасары Бейсенбі Тәжин өткізді.", {"Тәжин": "deputy_akim"}),
    ("Облыстар әкімдері Ерлан Сапаров және Асхат Бекенов кездесті.", {"Сапаров": "akim", "Бекенов": "akim"}),
    ("Бұрынғы аудан әкімі Бақыт Оралбаев сөз сөйледі.", {"Оралбаев": "former_akim"}),
    ("Oblys ákimi Vınogradov aýyldyq okrýginde jer alqaptaryn tekserdi.", {}),
])
def test_kazakh_word_order(finder, text, expected):
    assert roles(finder, text, "2024-06-01", language="kk") == expected


def test_kazakh_names_outside_the_registry_keep_their_letters(finder):
    found = finder.find("Аудан әкімі Бақыт Оралбаевтың баяндамасы тыңдалды.", language="kk")
    assert [m.person.name for m in found] == ["Бақыт Оралбаев"]


def test_kazakh_in_the_latin_alphabet(finder):
    text = "Soltústik Qazaqstan oblysynyń ákimi Qumar Aqsaqalov jıynda sóz sóıledi."
    found = finder.find(text, language="kk", published_at=datetime(2020, 5, 1))
    assert [(m.person.akim_id, m.person.role) for m in found] == [("aksakalov_kumar", "akim")]
    assert found[0].snippets == [text]  # the snippet as published, not transliterated
    deputy = finder.find("Qala ákiminiń orynbasary Serik Bekov jıyn ótkizdi.", language="kk")
    assert [(m.person.name, m.person.role) for m in deputy] == [("Серік Беков", "deputy_akim")]


@pytest.mark.parametrize("text, expected", [
    ("Грамоту вручили акиму Дамсинского сельского округа Шортандинского района Гульнаре Абдрахмановой.",
     {"Гульнара Абдрахманова": "akim"}),
    ("Встреча с акимом Шиликтинского сельского округа Зайсанского района Куанышем Толеуханом.",
     {"Куаныш Толеухан": "akim"}),
    ("Выговор получил аким Аршалынского района Акмолинской области Мурат Балпан.", {"Мурат Балпан": "akim"}),
    ("Даниал Ахметов – он был акимом Восточно-Казахстанской области 8,5 лет.", {"Даниал Ахметов": "former_akim"}),
])
def test_districts_inside_larger_units_and_names_after_them(finder, text, expected):
    found = finder.find(text, published_at=datetime(2026, 11, 1))
    assert {m.person.name: m.person.role for m in found} == expected


def test_the_previous_akim_is_not_todays(finder):
    text = "Пост о результатах работы предыдущего акима Алматы опубликовал консультант."
    assert roles(finder, text, "2025-08-27") == {}


def test_a_title_after_the_name_is_the_persons_office(finder):
    text = "Нового акима представил Адильбек Джаксыбеков, руководитель Администрации президента."
    assert roles(finder, text, "2017-03-14") == {}


def test_a_hard_wrapped_line_keeps_the_words_before_the_role(finder):
    text = "Об этом сообщил пресс-секретарь\nакима города Асет Мукажанов."
    assert roles(finder, text) == {}


@pytest.mark.parametrize("text, expected", [
    ("Бахытжан Акжаров сменил Павла Кулагина на посту акима Турксибского района Алматы.",
     {"Акжаров": "akim", "Кулагин": "former_akim"}),
    ("Ерлан Сапаров сменил на посту акима района Асхата Бекенова.", {"Сапаров": "akim", "Бекенов": "former_akim"}),
    ("Ерлан Сапаров сменил гнев на милость.", {}),
    ("В выборах на должность акима поселка Зубовск победила 30-летняя Анастасия Гребенщикова.",
     {"Гребенщикова": "akim"}),
    ("Акимом района Сарайшык — 39-летний Максат Саматулы.", {"Саматулы": "akim"}),
])
def test_succession_and_elections(finder, text, expected):
    assert roles(finder, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Семей қаласы әкімінің орынбасары болған Тұрсынғазы Мүсәпірбеков Абай ауданының, Қалихан "
     "Байғонысов Бесқарағай ауданының, ал Амангелді Тоқтаров Шемонаиха ауданының әкімі болып тағайындалды.",
     {"Мүсәпірбеков": "akim", "Байғонысов": "akim", "Тоқтаров": "akim"}),
    ("Мұның алдында әкім болған Владимир Никандров келді.", {"Никандров": "former_akim"}),
    ("Семей қаласы әкімінің орынбасары қызметінде болған Серікқазы Оразалиев басқарма басшысы болды.",
     {"Оразалиев": "deputy_akim"}),
    ("Павлодар облысының әкімі Ә.Сқақовқа және комиссияның төрағасы Е.Тоғжановқа сөгіс жариялады.",
     {"Скаков": "akim"}),
])
def test_kazakh_appointment_lists_and_past_posts(finder, text, expected):
    assert roles(finder, text, language="kk") == expected


def test_each_name_in_a_kazakh_appointment_list_keeps_its_own_district(finder):
    text = ("Тұрсынғазы Мүсәпірбеков Абай ауданының, ал Амангелді Тоқтаров Шемонаиха ауданының "
            "әкімі болып тағайындалды.")
    found = {m.person.name: m.person.position for m in finder.find(text, language="kk")}
    assert found == {"Тұрсынғазы Мүсәпірбеков": "Абай ауданының әкімі",
                     "Амангелді Тоқтаров": "Шемонаиха ауданының әкімі"}


def test_one_unregistered_deputy_placed_once_is_one_mention(finder):
    text = ("Аким Костанайской области прокомментировал задержание заместителя акима региона "
            "Гульбарам Мусаевой. Гульбарам Мусаева была назначена заместителем акима "
            "Костанайской области в июле 2024 года.")
    found = [m for m in finder.find(text, published_at=datetime(2026, 2, 19)) if m.person.akim_id is None]
    assert [(m.person.name, m.person.region, m.count) for m in found] == [("Гульбарам Мусаева", "kostanay", 2)]


def test_a_tenure_without_a_known_start_does_not_resolve_an_unnamed_akim_years_before(finder):
    # The registry has the akim of Kostanay city with an unknown start, gone in 2024.
    assert roles(finder, "Вопрос об отставке акима Костаная не поднимался.", "2015-08-13") == {}


def test_an_office_someone_once_held_is_not_resolved_to_todays_holder(finder):
    text = "Он с сентября 2019 года возглавлял профсоюзы, а ещё раньше был акимом Мангистауской области."
    assert roles(finder, text, "2022-08-31") == {}
    assert roles(finder, "Аким Мангистауской области провёл совещание.", "2022-08-31") == {"Ногаев": "akim"}


@pytest.mark.parametrize("text, expected", [
    ("Аким области представил нового главу города. Им по согласованию с депутатами стал Галымжан Абдраимов.",
     {"Абдраимов": "akim"}),
    ("Лучший сельский аким Казахстана живет в Аулиекольском районе. И зовут его Серик Смагулов.",
     {"Смагулов": "akim"}),
    ("Аким провёл совещание. Им были довольны Иван Петров и другие.", {}),
    ("Аким области уехал. Иван Петров стал директором школы.", {}),
])
def test_the_next_sentence_names_the_role(finder, text, expected):
    assert roles(finder, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Суд над экс-аким Карагандинской области, бывший премьер и экс-министр обороны Серик Ахметов продолжился.",
     {"Ахметов": "former_akim"}),
    ("Рустам Бекешев, экономист, менеджер, заместитель акима города, выступил.", {"Бекешев": "deputy_akim"}),
    ("Полномочия последнего главы Семея Талгата Муратова досрочно прекратил аким области.", {"Муратов": "former_akim"}),
    ("Олег Крук исполнял обязанности главы региона.", {"Крук": "former_akim"}),
    ("Олег Крук исполняет обязанности главы региона.", {"Крук": "akim"}),
])
def test_more_titles_descriptions_and_acting_heads(finder, text, expected):
    assert roles(finder, text, "2023-06-01") == expected


@pytest.mark.parametrize("text, expected", [
    ("Ивана Петрова сняли с должности акима района.", {"Иван Петров": "former_akim"}),
    ("Экс-заместителю акима Бауржану Ахметову вынесен приговор.", {"Бауржан Ахметов": "deputy_akim"}),
    ("Исполняет обязанности акима его заместитель Виктор Радченко.", {"Виктор Радченко": "akim"}),
])
def test_dismissed_former_deputies_and_acting_deputies(finder, text, expected):
    assert {m.person.name: m.person.role for m in finder.find(text)} == expected


def test_no_unregistered_names_in_a_headline_in_capitals(finder):
    assert roles(finder, "БАҚ-АҚ ӘКІМ ЖАҚЫН БА?", language="kk") == {}


@pytest.mark.parametrize("text, language", [
    ("Аким Жамбылской области Ерболат Сапаров покинул свой пост.", "ru"),
    ("Аким района Серик Абенов сегодня освобождён от занимаемой должности.", "ru"),
    ("Аким Байзакского района Серик Абенов ушёл в отставку.", "ru"),
    ("Бәйзақ ауданының әкімі Серік Әбенов қызметінен босатылды.", "kk"),
])
def test_an_akim_who_leaves_office_in_this_news_is_former(finder, text, language):
    assert set(roles(finder, text, "2026-11-01", language).values()) == {"former_akim"}


@pytest.mark.parametrize("text, language", [
    # Future or rumour: on the day of the news he still holds the office.
    ("Аким района Серик Абенов покинет свой пост во вторник.", "ru"),
    ("Бәйзақ ауданының әкімі Серік Әбенов қызметінен кетеді.", "kk"),
    # He dismisses someone else: the departure is not his.
    ("Аким района Серик Абенов освободил от должности своего заместителя.", "ru"),
    ("Аким района Серик Абенов покинул зал заседаний.", "ru"),
])
def test_an_akim_who_stays_or_dismisses_others_is_an_akim(finder, text, language):
    found = roles(finder, text, "2026-11-01", language)
    assert found and set(found.values()) == {"akim"}


def positions(finder, text, day, language="ru"):
    published = datetime.fromisoformat(day)
    return {m.person.name.split()[-1]: (m.person.role, m.person.position)
            for m in finder.find(text, language=language, published_at=published)}


@pytest.mark.parametrize("text, language, expected", [
    ("Нуралхан Кушеров возглавил Туркестанскую область.", "ru", {"Кушеров": "akim"}),
    ("Серик Абенов с 2008 по 2011 год возглавлял Туркестанскую область.", "ru", {"Абенов": "former_akim"}),
    ("Ералы Тугжанов вместо Ондасына Уразалина возглавил Актюбинскую область.", "ru",
     {"Тугжанов": "akim", "Уразалин": "former_akim"}),
    ("Елші қызметін атқарған Серік Әбенов енді Түркістан облысын басқарады.", "kk", {"Әбенов": "akim"}),
    ("Серік Әбенов бұрын Түркістан облысын басқарған.", "kk", {"Әбенов": "former_akim"}),
])
def test_heading_a_place_is_an_akims_office_without_the_word(finder, text, language, expected):
    assert roles(finder, text, "2022-08-31", language) == expected


def test_heading_a_committee_is_not_an_akims_office(finder):
    assert roles(finder, "Серик Абенов возглавил комиссию по бюджету.", "2024-01-10") == {}


def test_a_registry_deputy_who_heads_the_region_is_named_by_that_office(finder):
    # Kusherov is a deputy akim of Turkestan region in the registry until 2024.
    found = positions(finder, "Нуралхан Кушеров возглавил Туркестанскую область.", "2024-01-06")
    assert found == {"Кушеров": ("akim", "аким Туркестанской области")}


@pytest.mark.parametrize("text, expected", [
    ("Ал ауданның бұрынғы басшысы Нұрбек Бадырақов қызметінен босатылды.", {"Бадырақов": "former_akim"}),
    ("Жаңа әкімді облыс басшысы Серік Әбенов таныстырды.", {"Әбенов": "akim"}),
    ("Облыстық құрылыс басқармасының басшысы Серік Әбенов сөз сөйледі.", {}),
    # A school named after someone, not a person: "Соколов орта мектебі".
    ("Онда өңір басшысы Соколов орта мектебіне барды.", {}),
])
def test_kazakh_head_of_a_place_is_its_akim(finder, text, expected):
    assert roles(finder, text, "2022-09-20", "kk") == expected


@pytest.mark.parametrize("text, language", [
    ("Бұған дейін Шымкент қаласының әкімі, облыс әкімінің бірінші орынбасары лауазымдарына қызмет еткен.", "kk"),
    ("До этого он работал акимом Шымкента и вице-министром.", "ru"),
    ("Жұмыс істеген: Қостанай облыстарының әкімі, экономика министрі, Астана қаласының әкімі, "
     "Премьер-Министрдің орынбасары.", "kk"),
])
def test_an_office_in_someones_career_is_not_its_holder_today(finder, text, language):
    assert roles(finder, text, "2022-08-31", language) == {}


def test_a_name_spelt_with_й_or_и_is_the_registry_person(finder):
    # The registry spells him «Жансеит»; news also write «Жансейт».
    found = finder.find("Президент назначил Жансейта Туймебаева акимом Туркестанской области.", language="ru",
                        published_at=datetime(2018, 6, 19))
    assert [(m.person.akim_id, m.person.name) for m in found] == [("tuimebayev_zhanseit", "Жансеит Туймебаев")]


def test_a_former_deputy_in_kazakh_is_a_deputy_not_the_akims_holder(finder):
    text = "Атырау облысы әкімінің бұрынғы орынбасары Бақытгүл Хаменованың сот отырысы шегерілді."
    found = finder.find(text, language="kk", published_at=datetime(2023, 9, 25))
    assert [(m.person.name, m.person.role) for m in found] == [("Бақытгүл Хаменова", "deputy_akim")]


def test_a_bare_surname_is_the_registry_person_named_in_full_in_the_article(finder):
    text = ("Экс-аким Атырау Кайрат Уразбаев был задержан. "
            "Уразбаев был назначен на должность акима Атырау в январе 2020 года и покинул её спустя два года.")
    found = finder.find(text, language="ru", published_at=datetime(2023, 11, 10))
    assert [(m.person.akim_id, m.person.role, m.count) for m in found] == [("urazbayev_kairat", "former_akim", 2)]


def test_a_kazakh_name_ends_at_its_genitive_and_district_forms_are_one_office(finder):
    text = ("Шетпе кентінде Маңғыстау ауданының әкімі Тілек Көшмағанбетовті қолдаған көпшілік алаңға шықты. "
            "Маңғыстау ауданы әкімі Тілек Көшмағанбетовтің Ақтауда түсірілген видеосы тарады.")
    found = finder.find(text, language="kk", published_at=datetime(2019, 6, 10))
    assert [(m.person.name, m.person.role, m.count) for m in found] == [("Тілек Көшмағанбетов", "akim", 2)]


def test_an_office_held_before_with_the_name_after_it_is_a_former_akim(finder):
    text = "Ранее должность акима Жанаозена занимал Адилбек Дауылбаев."
    assert roles(finder, text, "2019-09-04") == {"Дауылбаев": "former_akim"}
    assert roles(finder, "Должность акима Жанаозена занимает Адилбек Дауылбаев.", "2019-09-04") == {"Дауылбаев": "akim"}


def test_an_unnamed_office_is_the_person_the_article_names_in_it(finder):
    # The registry would give its own holder of Aktau for the date; the article names another.
    text = ("Ақтау әкімі Ғалымжан Ниязов халықпен есептік кездесуін өткізді. "
            "Тек бір тұрғын Ақтау қаласының әкімінің аты-жөнін дұрыс айтты.")
    found = finder.find(text, language="kk", published_at=datetime(2019, 3, 1))
    assert [(m.person.name, m.count) for m in found] == [("Ғалымжан Ниязов", 2)]


def test_former_only_for_the_one_the_sentence_says_left(finder):
    # «Бывшего» is the new akim's former post; the registry's one-time akim who presents him is not "former" here.
    text = "Бывшего заместителя руководителя Администрации президента представил Адильбек Джаксыбеков."
    assert roles(finder, text, "2017-03-14") == {}
    text = "В связи с переходом Ерика Султанова на другую работу регион возглавил Кумар Аксакалов."
    assert roles(finder, text, "2017-03-14") == {"Султанов": "former_akim", "Аксакалов": "akim"}


@pytest.mark.parametrize("text, expected", [
    ("Руководитель Жамбылской области Серик Абенов провёл совещание.", {"Абенов": "akim"}),
    ("Руководитель Карагандинского областного филиала партии Серик Абенов выступил.", {}),
    ("Руководитель аппарата акима города Серик Абенов выступил.", {}),
])
def test_head_of_a_region_in_other_words(finder, text, expected):
    assert roles(finder, text, "2023-09-05") == expected


def test_a_surname_with_initials_is_the_person_named_in_full(finder):
    text = ("Состоится прием граждан акимом г.Уральска Шыныбековым А.А. "
            "25 человек задали свои вопросы лично акиму города Абату Шыныбекову.")
    found = finder.find(text, language="ru", published_at=datetime(2019, 9, 19))
    assert [(m.person.name, m.count) for m in found] == [("Абат Шыныбеков", 2)]
    # A deputy with the same surname is someone else.
    text = "Аким района Серик Ахметов поручил заместителю акима района Ахметову проверить дороги."
    found = finder.find(text, language="ru", published_at=datetime(2019, 9, 19))
    assert sorted(m.person.role for m in found) == ["akim", "deputy_akim"]


@pytest.mark.parametrize("text, expected", [
    ("Возглавлявший до этого областной центр Дастан Шалтабаев переходит на другую работу.",
     {"Шалтабаев": "former_akim"}),
    ("Возглавлявший Карагандинскую область Ерлан Кошанов стал руководителем Администрации президента.",
     {"Кошанов": "former_akim"}),
    ("Встреча с возглавляющим Карагандинскую область Ермаганбетом Булекпаевым прошла в акимате.",
     {"Булекпаев": "akim"}),
    ("Возглавлявший управление образования Карагандинской области Ерлан Кошанов выступил.", {}),
])
def test_a_participle_of_heading_a_place_is_the_akims_office(finder, text, expected):
    assert roles(finder, text, "2023-09-05") == expected


@pytest.mark.parametrize("text, expected", [
    ("Сайлау комиссиясының шешімі негізінде Мейіржан Смағұлов Абай ауданының әкімі лауазымына сайланды.",
     {"Смағұлов": "akim"}),
    ("Бүгін Айыртау ауданының әкімі ауысты. Бұл лауазымға облыстық басқарма басшысының орынбасары "
     "болып қызмет атқарып келген Дархан Әмрин тағайындалды.", {"Әмрин": "akim"}),
])
def test_kazakh_appointments_to_the_post(finder, text, expected):
    assert roles(finder, text, "2023-11-07", language="kk") == expected


def test_name_and_patronymic_is_no_new_akim(finder):
    text = ("Қостанай облысының әкімі болып Сергей Кулагин қайта тағайындалды. "
            "Сергей Витальевич облыс әкімі лауазымына қайта тағайындалуын үлкен сенім деп бағалады.")
    assert roles(finder, text, "2018-03-01", language="kk") == {"Кулагин": "akim"}


def test_kazakh_participle_of_heading_a_place_with_words_between(finder):
    text = "Ал ауданды бұған дейін 2 жыл басқарған Бейбіт Исманов жуырда жаңа лауазымға ауыспақ."
    assert roles(finder, text, "2020-03-11", language="kk") == {"Исманов": "former_akim"}


@pytest.mark.parametrize("text, expected", [
    ("Карагандинскую область возглавляет Ермаганбет Булекпаев.", {"Булекпаев": "akim"}),
    ("Кызылординская область могла бы стать визитной карточкой Казахстана, так как ее возглавляет "
     "Гульшара Абдыкаликова.", {"Абдыкаликова": "akim"}),
    ("Компания работает с 2001 года, ее возглавляет Ерлан Каримов.", {}),
    ("Управление образования возглавляет Ерлан Каримов.", {}),
])
def test_the_place_before_the_verb_of_heading_and_the_name_after(finder, text, expected):
    assert roles(finder, text, "2019-06-20") == expected


def test_akims_who_leave_office_together_are_former(finder):
    text = ("Два акима, два политических тяжеловеса – Ондасын Уразалин и Умирзак Шукеев – "
            "освободили свои должности.")
    assert roles(finder, text, "2019-06-20") == {"Уразалин": "former_akim", "Шукеев": "former_akim"}
    # Dismissing a deputy is the akim's act: he stays in office.
    text = "Аким Актюбинской области Ондасын Уразалин освободил от должности своего заместителя."
    assert roles(finder, text, "2019-06-20") == {"Уразалин": "akim"}


@pytest.mark.parametrize("text, expected", [
    ("- А вы куда смотрите, Бахтияр МАКЕН (замакима ЗКО - прим. ред.), это недопустимо!", {"Макен": "deputy_akim"}),
    ("На совещании выступил Серик Ахметов (аким Бурлинского района).", {"Ахметов": "akim"}),
    ("Жиында Ерлан Кенжин (облыс әкімінің орынбасары) сөз сөйледі.", {"Кенжин": "deputy_akim"}),
    ("На совещании выступил Серик Ахметов (сын акима Бурлинского района).", {}),
])
def test_a_role_in_brackets_after_the_name(finder, text, expected):
    assert roles(finder, text, "2013-12-05", language="kk" if "әкім" in text else "ru") == expected


def test_a_misspelt_surname_of_the_akim_named_in_the_article_is_him(finder):
    text = ("Аким Шымкента Габит Сыздыкбеков встретился с жителями. "
            "Габит Сыздыебкеов, аким Шымкента: «Трансформаторы и сети устарели».")
    found = finder.find(text, language="ru", published_at=datetime(2025, 9, 17))
    assert [(m.person.name, m.count) for m in found] == [("Габит Сыздыкбеков", 2)]
    # Another place: another person.
    text = ("Аким Шымкента Габит Сыздыкбеков встретился с жителями. "
            "Габит Сыздыебкеов, аким Сайрамского района, тоже выступил.")
    found = finder.find(text, language="ru", published_at=datetime(2025, 9, 17))
    assert len(found) == 2


@pytest.mark.parametrize("text, expected", [
    ("Место акима Аркалыка занял Темиржан Тулеубаев.", {"Тулеубаев": "akim"}),
    ("Кресло акима Аркалыка займёт Темиржан Тулеубаев.", {"Тулеубаев": "akim"}),
    ("Марат Ержанов пересел в кресло первого зама акима области.", {"Ержанов": "deputy_akim"}),
    ("Зама акима Аркалыка Марата Ержанова задержали.", {"Ержанов": "deputy_akim"}),
])
def test_a_seat_taken_and_the_colloquial_deputy(finder, text, expected):
    assert roles(finder, text, "2020-01-10") == expected


@pytest.mark.parametrize("text, expected", [
    ("Жители вспоминали период руководства городом Ерболата Досаева.", {"Досаев": "former_akim"}),
    ("Аудиторов интересовал период, когда городом управлял Алтай Кульгинов.", {"Кульгинов": "former_akim"}),
    ("Сейчас областью руководит Нурлан Ногаев.", {"Ногаев": "akim"}),
    ("Компанией руководил Марат Ержанов.", {}),
])
def test_governing_the_place_without_the_akim_word(finder, text, expected):
    assert roles(finder, text, "2023-06-01") == expected


@pytest.mark.parametrize("text, expected", [
    ("Ал Тарбағатай ауданының әкімі болып бұған дейін облыстық құрылыс басқармасы қызметінде ысылған, "
     "осы жердің тумасы Ерлан Текешев тағайындалды.", {"Текешев": "akim"}),
    ("Облыс әкімі болып тағайындалған Марат Ержанов жиын өткізді.", {"Ержанов": "akim"}),
    ("Абай ауданының әкімі болып сайланған Марат Ержанов жиын өткізді.", {"Ержанов": "akim"}),
    # The active verb: the accusative name is the appointee, the one who appoints is not an akim.
    ("Облыс әкімі болып Марат Ержановты Мұхтар Әбенов тағайындады.", {"Ержанов": "akim"}),
])
def test_kazakh_appointee_after_his_biography_or_the_participle(finder, text, expected):
    assert roles(finder, text, language="kk") == expected


def test_the_verb_after_a_relative_clause_is_the_subjects(finder):
    text = ("А Кумар Аксакалов, который почти 6 лет возглавлял акимат Северо-Казахстанской области, "
            "отправился акимствовать в Костанайскую область.")
    [mention] = finder.find(text, language="ru", published_at=datetime(2022, 12, 2))
    assert mention.person.role == "akim" and mention.person.region == "kostanay"
    assert [(o.role, o.region) for o in mention.other_roles] == [("former_akim", "north_kazakhstan")]
    # A name inside the clause is not the subject of the verb after it.
    text = "Кумар Аксакалов, который встретился с Ерланом Ержановым, возглавил Костанайскую область."
    assert roles(finder, text, "2022-12-02") == {"Аксакалов": "akim"}


@pytest.mark.parametrize("text, language, expected", [
    ("ҚАНАТ ЕСБОЛАТОВ КЕРБҰЛАҚ АУДАНЫНЫҢ ӘКІМІ БОЛЫП ТАҒАЙЫНДАЛДЫ", "kk", {"Есболатов": "akim"}),
    ("АКИМОМ АРКАЛЫКА СТАЛ ТЕМИРЖАН ТУЛЕУБАЕВ", "ru", {"Тулеубаев": "akim"}),
    # Other words of a headline are still no names.
    ("ЖАҢА ӘКІМ ТАҒАЙЫНДАЛДЫ", "kk", {}),
    ("МӘСЛИХАТ ХАТШЫСЫ ҚАНАТ ЕСБОЛАТОВ АУДАН ӘКІМІМЕН КЕЗДЕСТІ", "kk", {}),
])
def test_a_full_name_bound_to_a_role_in_a_headline_in_capitals(finder, text, language, expected):
    assert roles(finder, text, language=language) == expected


@pytest.mark.parametrize("text", [
    "Методист клуба Жанар Уалинова возглавила экибастузское село.",
    "Жанар Уалинова возглавила Шидертинский сельский округ.",
])
def test_heading_a_village_is_its_akims_office(finder, text):
    assert roles(finder, text) == {"Уалинова": "akim"}


@pytest.mark.parametrize("text, expected", [
    ("Место акима Актюбинской области вместо Уразалина занял заместитель премьер-министра Ералы Тугжанов.",
     "Тугжанов"),
    ("Новым руководителем области стал 48-летний посол Казахстана в Узбекистане Дархан Сатыбалды.", "Сатыбалды"),
    ("Акимом должен стать экс-секретарь областного маслихата Темиржан ТУЛЕУБАЕВ.", "Тулеубаев"),
    ("Депутаты поддержали предложение Президента РК назначить Нурлыбека Налибаева на должность акима "
     "Кызылординской области.", "Налибаев"),
    ("Министр Марат Ержанов назначен на должность акима района.", "Ержанов"),
])
def test_the_appointee_after_his_job_until_now(finder, text, expected):
    assert roles(finder, text, "2022-02-01").get(expected) == "akim"


def test_a_title_without_an_appointment_still_bars_the_role(finder):
    assert roles(finder, "Аким области провёл встречу, на которой выступил министр Марат Ержанов.",
                 "2022-02-01") == {}


@pytest.mark.parametrize("text, language, expected", [
    ("Обязанности акима города Кандыагаш исполняет заместитель акима Марат Ержанов.", "ru", "akim"),
    ("Обязанности акима района исполнял первый заместитель акима Марат Ержанов.", "ru", "former_akim"),
    ("Заместитель акима района Марат Ержанов провёл совещание.", "ru", "deputy_akim"),
    ("Аудан әкімінің міндетін атқару аудан әкімінің орынбасары Марат Ержановқа жүктелген.", "kk", "akim"),
])
def test_the_deputy_who_acts_for_the_akim(finder, text, language, expected):
    assert roles(finder, text, language=language) == {"Ержанов": expected}


@pytest.mark.parametrize("text, language, expected", [
    ("Советник партии Данияр Шерниязов был избран акимом города Кандыагаш Мугалжарского района.", "ru",
     ("Шерниязов", "Кандыагаш")),
    ("Алға қаласының әкімі Жандарбек Бақынжанұлы болды.", "kk", ("Бақынжанұлы", "Алға")),
    ("Шалқар қаласының әкімі Марат Ержанов жиын өткізді.", "kk", ("Ержанов", "Шалқар")),
])
def test_towns_of_district_significance(finder, text, language, expected):
    [mention] = finder.find(text, language=language, published_at=datetime(2023, 11, 6))
    surname, town = expected
    assert mention.person.name.endswith(surname) and mention.person.role == "akim"
    assert town in mention.person.position and mention.person.level == "city"


@pytest.mark.parametrize("text, position", [
    ("Новым руководителем области стал 48-летний посол Казахстана в Узбекистане Дархан Сатыбалды.",
     "аким Туркестанской области"),
    ("Премьер-министр поблагодарил Дархана Сатыбалды за вклад в развитие Туркестанской области.",
     "аким Туркестанской области"),
    ("Дархан Сатыбалды провёл совещание с жителями Алматы.", "аким города Алматы"),
])
def test_an_undated_page_places_a_registry_name_by_what_it_names(finder, text, position):
    [mention] = finder.find(text, language="ru")
    assert mention.person.position == position


@pytest.mark.parametrize("text, language, expected", [
    ("Салтанатты рәсімде Ырғыз ауданы әкімінің міндетін уақытша атқарушы Азамат Махаев сөз сөйледі.", "kk",
     {"Махаев": "akim"}),
    ("Экс-аким области Марат Ержанов осуждён. Два его бывших заместителя, Мурат Имандосов и Марат Дельмуханов, "
     "получили сроки.", "ru",
     {"Ержанов": "former_akim", "Имандосов": "deputy_akim", "Дельмуханов": "deputy_akim"}),
    # Friends are no deputies.
    ("Два его друга, Мурат Имандосов и Марат Дельмуханов, пришли.", "ru", {}),
])
def test_acting_akim_in_kazakh_and_his_deputies_counted(finder, text, language, expected):
    assert roles(finder, text, language=language) == expected


def test_akims_of_kyrgyzstan_are_not_ours(finder):
    text = ("В Панфиловском районе сменился аким. Информацию подтвердили в полпредстве президента в Чуйской "
            "области. Представил коллективу нового акима — Маила Алияскарова. Прежний аким Бакыт Козуев "
            "написал заявление.")
    assert finder.find(text, language="ru") == []
    # A Kazakhstani article that mentions Kyrgyzstan keeps its akims.
    text = "Аким Жамбылской области Марат Ержанов встретился с делегацией из Кыргызстана."
    assert roles(finder, text) == {"Ержанов": "akim"}


def test_kazakh_in_the_breve_latin_alphabet(finder):
    text = ("Baspasöz jiının Şımkent qalasınıñ äkimi Ğabidolla Äbdirahımov özi basqardı. "
            "Qala äkimi Ğabidolla Rahmetollawlı qauesetterdi joqqa şığardı.")
    [mention] = finder.find(text, language="kk", published_at=datetime(2019, 6, 25))
    # The registry's akim of Shymkent; the first name with the patronymic is him, not someone new.
    assert mention.person.akim_id == "abdrakhimov_gabidulla" and mention.count == 2
    assert mention.snippets[0].startswith("Baspasöz")  # snippets stay as published
