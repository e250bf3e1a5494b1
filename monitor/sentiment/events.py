"""What the news reports about an official, read as news readers read it.

The models learnt tone from RuSentNE, international news where winning a vote is
good news for the winner and leaving a post bad news. Readers of Kazakhstani news
about akims read three kinds of event their own way (issue 15, item 3):

- Openings he leads or attends: a new school, hospital, bridge or plant opened
  («открыл новую школу», «принял участие в церемонии открытия», «мектепті ашты»)
  is an achievement credited to him: positive, unless the sentence also reports
  a failure or a probe («открыли уголовное дело», «так и не открыли»).
- Routine news: appointments, elections and votes, releases from a post, a post
  taken up or left («назначен акимом», «избран», «177 депутатов поддержали
  кандидатуру», «освобождён от должности», «тағайындалды»), and routine work:
  meetings, instructions given or received, reports, visits («провёл совещание»,
  «дал поручения акиму», «доложил акиму», «кеңес өткізді»): neutral, whatever the
  words around read like, unless the sentence gives a reason to judge him (praise,
  awards, failures, reprimands, arrests) - then the model's reading stands.
- A reprimand he receives («Гладышевой и Рушанову — официальный выговор»,
  «замечание вынесено акиму района», «әкіміне ескерту жасады»): negative. The one
  who gives it is no target of it: the caller says when the target is the critic
  or the speaker (rules.py), and then this rule is not applied.

Two acts of his own are no judgement of him (found on unseen real news):
- Thanks, congratulations and awards he gives («Ногаев поблагодарил Кошмагамбетова за
  работу», «вручил медали», «тұрғындарына алғысын жеткізді», «құттықтады»,
  «марапаттаған»): courtesy, not praise of him; the model and the praise words read
  them positive. Thanks he receives stay positive
  («поблагодарили акима», «Абеновке алғыс білдіреміз»): the caller's target_acts
  tells the giver from the receiver.
- A failure stated of him («акимы … не решают насущных проблем», «мәселені шешпейді»):
  negative, though the words around («решают», «проблем» in a list) read mild or warm.

And one frame of the whole article (article_frame): residents' complaints or
criticism in the title or the lead («Жители Алматы пожаловались на ремонт
дорог») concern the akims the article names, the officials answerable for the
city's roads; a mention that reads neutral on its own sentences then leans
negative. Not when the complaint is addressed to an akim («пожаловались акиму»),
which is his work, not his failure.
"""

from __future__ import annotations

import re

from .rules import NEUTRAL_EDGE  # just inside the neutral band of Sentiment.from_score

FLAGS = re.IGNORECASE
# An opening or a reprimand is what the story is about: strong enough that the mean
# with one or two neutral sentences about the same person keeps its label (0.2).
OPENED = 0.6
REPRIMANDED = -0.5
COMPLAINT_FRAME = -0.3

OPENING_RU = re.compile(
    r"\b(?:открыл\w*|открыти\w*|открыва\w*|открыт[аыо]?\b|открылс\w*|запустил\w*|"
    r"(?:ввел|ввёл|введен|введён|сдан)\w*\s+в\s+(?:строй|эксплуатацию)|перерезал\w*\s+(?:\w+\s+)?ленточк\w*|"
    r"новосель\w*)", FLAGS)
# These are openings on their own, whatever is opened.
OPENING_EVENT_RU = re.compile(r"(?:церемони|торжественн)\w*\s+(?:\w+\s+)?открыти|новосель|ленточк", FLAGS)
OPENING_EVENT_KK = re.compile(r"ашылу\s+салтанат|салтанатты\s+түрде\s+ашыл|лента\w*\s+қи", FLAGS)
FACILITY_RU = re.compile(
    r"\b(?:школ|лице|гимнази|больниц|поликлиник|клиник|амбулатори|детск\w*\s+сад|садик|мост|развязк|"
    r"дорог|трасс|парк|сквер|завод|фабрик|предприяти|производств|цех|центр|комплекс|стадион|бассейн|"
    r"катк|арен|спортзал|музе|театр|библиотек|котельн|водопровод|газопровод|подстанци|жил\w*\s+дом|"
    r"дом\w*\s+культуры|общежити|объект|микрорайон|аэропорт|вокзал|набережн|учебн\w*\s+корпус)", FLAGS)
OPENING_KK = re.compile(
    r"(?<!\w)(?:ашты|ашып|ашқан|ашылды|ашылған|ашылып|ашылу\w*|іске\s+қос\w*|пайдалануға\s+бер\w*|"
    r"қызметке\s+бер\w*|лента\w*\s+қиды)", FLAGS)
FACILITY_KK = re.compile(
    r"(?<!\w)(?:мектеп|аурухана|емхана|балабақша|бала\s+бақша|көпір|жол|саябақ|зауыт|кәсіпорын|орталы|кешен|"
    r"стадион|бассейн|мұражай|театр|кітапхана|қазандық|су\s+құбыр|газ\s+құбыр|тұрғын\s+үй|нысан|ғимарат|цех|"
    r"фабрика|мешіт|спорт)", FLAGS)
# Bad news: an article's sentence that reports it reads negative, and a mention's
# sentence that reports it is not read as an opening or as routine news.
BAD_NEWS_RU = (
    r"уголовн|расследова|прокурат|\bсуд(?!ьб)\w*|нарушени|задерж|арест|взятк|хищени|жалоб|"
    r"пожал\w*ся|(?<!\w)(?:по)?жалу(?!йст)\w*|недовол|возмущ|критик|провал|сорван|срыв|затян|так\s+и\s+не|до\s+сих\s+пор\s+не|"
    r"незаконн|ненадлежащ|утрат\w*\s+доверия|неудовлетвор|неэффективн|скандал|халатн|"
    r"коррупц|выговор|замечани|дисциплинар|приговор|осужд|обвин|штраф|гибел|погиб|трагеди|авари|"
    r"злоупотреб|превыш\w*\s+(?:должностных\s+)?полномочи|мошенн|растрат|ущерб|"
    r"отставк\w*\s+(?:\w+\s+){0,3}(?:из-за|после|на\s+фоне)|уволен\w*\s+за|за\s+(?:низк|плох|срыв)|"
    # Hardship residents report: no heating, an accident, a shortage, an apology for it.
    r"отключ\w*|без\s+(?:отоплени|света|воды|газа|тепла)|несчастн\w*\s+случа|не\s+хвата\w*|нехватк|"
    r"аварийн\w*|извинил\w*|подтоплен|ухудш")
# Not bad news on its own, but a reason not to read an opening or routine: a probe, a delay.
BLAME_RU = re.compile(BAD_NEWS_RU + r"|\bдел[оа]\b|проверк|отложен|перенес[её]н", FLAGS)
BAD_NEWS_RU_RE = re.compile(BAD_NEWS_RU, FLAGS)
BAD_NEWS_KK = (
    r"(?<!\w)(?:қылмыстық|тергеу|прокуратура|сот(?:қа|та|ы|тың|тан)?(?!\w)|заң\w*\s+бұз|ұсталды|ұсталған|"
    r"пара\s+(?:ал|бер)\w*|парақор\w*|жымқыр|шағым|"
    r"наразы|сынға|сынад|сынал|сын\s+айт|сәтсіз|кінә|сөгіс|ескерту\s+(?:жаса|бер|жарияла|ал)\w*|тәртіптік|жазала|айыппұл|қаза\s|апат|"
    r"жемқор|сыбайлас)")
BLAME_KK = re.compile(BAD_NEWS_KK + r"|(?<!\w)тексеріс", FLAGS)
BAD_NEWS_KK_RE = re.compile(BAD_NEWS_KK, FLAGS)
PRAISE_RU = re.compile(
    r"благодар|наград|награжд|орден|медал|заслуг|почетн|почётн|успешн|успех|достиж|достигл|похвал|"
    r"отличн|лучш|рейтинг|лидер|высок\w*\s+оценк|признан|положительн|в\s+поддержку|одобр", FLAGS)
PRAISE_KK = re.compile(r"алғыс|марапат|орден|медаль|табыс|жетістік|үздік|рейтинг|көш\s+бастады|оң\s+баға|"
                       r"жоғары\s+баға|мақта", FLAGS)
PERSONNEL_RU = re.compile(
    r"назнач\w*|освобо[дж]\w*\s+(?:\w+\s+){0,2}от\s+(?:занимаемой\s+)?должност|"
    r"сн(?:ят|ял)\w*\s+(?:\w+\s+){0,4}с\s+должност|избра\w*|избран\w*|выбор\w*|голосован\w*|проголосова\w*|"
    r"\bголос(?:а|ов|ами)?\b|кандидатур\w*|кандидат\w*|вступ\w*\s+в\s+должност|покин\w*\s+(?:\w+\s+)?пост|"
    r"полномочи\w*|исполня\w*\s+обязанност|исполнени\w*\s+обязанност|сменил\w*|на\s+посту|на\s+пост\b|"
    r"стал\w*\s+акимом|акимом\s+стал\w*|прочил\w*|прочат|кадров\w*|перевед[её]н\w*|возглав\w*|"
    r"акимствова\w*|занима\w*\s+(?:\w+\s+)?(?:пост|должност)|"
    # Routine work: meetings, instructions given or received, reports, visits.
    r"совещани\w*|заседани\w*|встрети\w*|встреч[аеиу]\w*|поручени\w*|поручил\w*|доложил\w*|"
    r"отчита\w*|отч[её]т\w*|посетил\w*|побывал\w*|рабоч\w*\s+(?:поездк|визит)\w*|осмотрел\w*|"
    r"ознакомил\w*|провел\w*\s+при[её]м|заслушал\w*", FLAGS)
PERSONNEL_KK = re.compile(
    r"(?<!\w)(?:тағайында\w*|босат\w*|сайла\w*|сайлау\w*|дауыс\w*|кандидат\w*|қызметіне\s+кіріс\w*|лауазым\w*|"
    r"міндетін\s+атқар\w*|орнына|kadr|taǵaıyn\w*|saıla\w*|"
    r"кеңес\w*|жиналыс\w*|кездес\w*|тапсыр\w*|баяндама\w*|есеп\s+бер\w*|қабылда\w*|арала\w*|бар(?:ды|ған|ып)|"
    r"жұмыс\s+сапар\w*|таныст\w*)", FLAGS)
# Kazakh praise the person receives: an award, a top place in a rating of akims, a
# unanimous vote for him («марапатталды», «рейтингінде үздік үштік қатарынан көрінді»,
# «бірауыздан лайық деп тапты»): passive forms and ratings, so the subject is the one
# praised. A high mark for someone's work («жұмысына оң баға берді») is praise of the
# target only when he is not the one who gives it. Not for Russian: there the model
# learnt RuSentNE's reading, which takes «награждён X» as neutral news (27 of 33
# such sentences there), and the Russian real-news mentions gain nothing from it.
PRAISED_KK = re.compile(
    r"марапатталд\w*|марапатталған|марапатқа\s+ие|рейтинг\w*\s+(?:[\w-]+\s+){0,5}(?:үздік|бірінші|көш\s+баста\w*|"
    r"алдыңғы\s+қатар\w*|орын\w*\s+көрінді|орын\w*\s+иеленді)|тізім\s+басында|бірауыздан", FLAGS)
MARKED_KK = re.compile(r"(?:оң|жоғары)\s+баға\s+бер\w*", FLAGS)
PRAISED = 0.5
# Courtesy he gives: thanks, congratulations, awards handed to others.
THANKS_GIVEN_RU = re.compile(
    r"поблагодар\w*|благодар(?:ит|ю|им)\b|выразил\w*\s+(?:свою\s+|слова\s+)?(?:благодарност|признательност)|"
    r"слова\w*\s+благодарност|поздрав\w*|наградил\w*|вручил\w*|вручая|вручени\w*", FLAGS)
THANKS_GIVEN_KK = re.compile(r"алғыс\w*\s+(?:айт|білдір|жеткіз)\w*|ризашылығ\w*\s+білдір\w*|"
                             r"құттықта\w*|марапаттад\w*|марапаттаған|марапаттап|табыс\s+ет\w*", FLAGS)
FAILS_RU = re.compile(r"\bне\s+(?:реша[ею]\w*|решил\w*|смог\w*\s+решить|мож\w*\s+решить|справля\w*|справил\w*)", FLAGS)
FAILS_KK = re.compile(r"шешпей\w*|шешпеді|шеше\s+алмай\w*|шеше\s+алмады", FLAGS)
FAILED = -0.35
# What happens to someone prosecuted; with the target undergoing it (not the one who reports it).
CONVICTED_RU = re.compile(r"приговор[её]н\w*|осужд[её]н\w*|арестован\w*|взят\w*\s+под\s+стражу|"
                          r"задержан\w*\s+(?:\w+\s+){0,3}(?:по\s+подозрению|за\s+)", FLAGS)
REPRIMAND_RU = re.compile(
    r"выговор|замечани[ея]\b|дисциплинарн\w*\s+(?:взыскани|ответственност)|"
    r"привлеч\w*\s+к\s+(?:\w+\s+)?ответственност|привлеч[её]н\w*\s+к\s+(?:\w+\s+)?ответственност|"
    r"неполном\s+служебном\s+соответствии|строго\s+предупред\w*", FLAGS)
REPRIMAND_KK = re.compile(
    r"ескерту\s+(?:жаса|бер|жарияла)\w*|сөгіс\w*|тәртіптік\s+жаза\w*|жауапкершілікке\s+тарт\w*", FLAGS)
# Complaints or criticism by residents, as a title or lead reports them.
COMPLAINERS_RU = (r"(?:жител\w*|горожан\w*|сельчан\w*|родител\w*|пассажир\w*|водител\w*|активист\w*|"
                  r"пользовател\w*|очередник\w*|дольщик\w*|[а-яё]+цы|[а-яё]+чане)")
COMPLAINT_FRAME_RU = re.compile(
    COMPLAINERS_RU + r"\s+(?:[\w-]+\s+){0,3}?(?:пожаловал\w*|жалу\w*|раскритиковал\w*|критику\w*|возмущ\w*|"
    r"недовольн\w*|выразил\w*\s+недовольств\w*|высказал\w*\s+недовольств\w*|требу\w*|бьют\s+тревогу)|"
    r"(?:жалоб\w*|недовольств\w*|возмущени\w*)\s+" + COMPLAINERS_RU, FLAGS)
COMPLAINT_FRAME_KK = re.compile(
    r"(?:тұрғын\w*|халық|ата-аналар\w*|жолаушы\w*|жүргізуші\w*)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:шағымдан\w*|шағым\s+айт\w*|наразы\w*|сынға\s+ал\w*|сынады|ренжі\w*|мазасыз\w*|дабыл\s+қақ\w*)", FLAGS)
# «пожаловались акиму», «обратились к акиму», «әкімге шағымданды»: addressed to him.
ADDRESSED_TO = re.compile(r"\bк\s+аким\w*|\bакиму\b|\bәкім(?:ге|іне|інің\s+қабылдау)", FLAGS)


def _sentence_language(language: str) -> tuple[re.Pattern, ...]:
    if language == "kk":
        return OPENING_KK, FACILITY_KK, OPENING_EVENT_KK, BLAME_KK, PRAISE_KK, PERSONNEL_KK, REPRIMAND_KK
    return OPENING_RU, FACILITY_RU, OPENING_EVENT_RU, BLAME_RU, PRAISE_RU, PERSONNEL_RU, REPRIMAND_RU


def event_tone(sentence: str, score: float, language: str, target_acts: bool) -> float:
    """The tone toward a target named in sentence, after the events above.

    target_acts: the target is the one who criticises, reprimands or speaks (rules.py
    decides it for Russian, the Kazakh scorer for Kazakh): a reprimand is then his act."""
    opening, facility, opening_event, blame, praise, personnel, reprimand = _sentence_language(language)
    if not target_acts and language != "kk" and CONVICTED_RU.search(sentence):
        return min(score, REPRIMANDED)  # «экс-аким … был приговорён к семи годам»
    if reprimand.search(sentence):
        # Received, it is negative; given, it is his work, neither praise nor blame of him.
        return min(score, REPRIMANDED) if not target_acts else max(-NEUTRAL_EDGE, min(score, NEUTRAL_EDGE))
    if blame.search(sentence):
        return score
    if language == "kk" and (PRAISED_KK.search(sentence) or (MARKED_KK.search(sentence) and not target_acts)):
        return max(score, PRAISED)
    if opening_event.search(sentence) or (opening.search(sentence) and facility.search(sentence)):
        return max(score, OPENED)
    if (FAILS_KK if language == "kk" else FAILS_RU).search(sentence):
        return min(score, FAILED)
    if target_acts and (THANKS_GIVEN_KK if language == "kk" else THANKS_GIVEN_RU).search(sentence):
        return min(score, NEUTRAL_EDGE)
    if personnel.search(sentence) and not praise.search(sentence):
        return max(-NEUTRAL_EDGE, min(score, NEUTRAL_EDGE))
    return score


# A sentence of an article that reports a failure, a crime, a complaint or a reprimand
# reads at least this negative, and routine news without praise or blame carries no tone.
BLAMED = -0.3


def sentence_tone(sentence: str, score: float, language: str, denied: bool) -> float:
    """The tone of an article's sentence after the events above (no target: praise of an
    opening is the sentence's own; denied: the sentence denies an allegation)."""
    opening, facility, opening_event, blame, praise, personnel, _reprimand = _sentence_language(language)
    if (BAD_NEWS_KK_RE if language == "kk" else BAD_NEWS_RU_RE).search(sentence):
        return score if denied else min(score, BLAMED)
    if blame.search(sentence):
        return score
    if opening_event.search(sentence) or (opening.search(sentence) and facility.search(sentence)):
        return max(score, OPENED)
    if personnel.search(sentence) and not praise.search(sentence):
        return 0.0
    return score


def article_frame(title: str, text: str, language: str) -> float:
    """COMPLAINT_FRAME when the title or the lead reports residents' complaints, else 0."""
    lead = text.strip().split("\n", 1)[0] if text else ""
    pattern = COMPLAINT_FRAME_KK if language == "kk" else COMPLAINT_FRAME_RU
    for part in (title, lead):
        match = pattern.search(part)
        if match and not ADDRESSED_TO.search(part[match.start():]):
            return COMPLAINT_FRAME
    return 0.0


def with_frame(score: float, frame: float) -> float:
    """A mention that reads neutral on its own sentences takes the article's frame."""
    if frame < 0 and -NEUTRAL_EDGE - 0.01 < score < NEUTRAL_EDGE + 0.01:
        return min(score, frame)
    return score
