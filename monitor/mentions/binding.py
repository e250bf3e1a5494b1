"""Which role phrase of a sentence a name belongs to, and what the words between say.

"аким Алматы Досаев", "Досаев, аким Алматы": the phrase and the name touch.
"Мухамедьяров избран акимом Есильского района", "акимом района стал 39-летний
Тауекелов": a predicate stands between them. "Кабикенов освобождён от должности акима",
"Закарьянова, тогда ещё акима города": the words between make the role a former one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from monitor.mentions import lexicon as lx
from monitor.mentions.forms import fold
from monitor.mentions.morph import analyzer
from monitor.mentions.places import place_before
from monitor.mentions.roles import RolePhrase
from monitor.mentions.tokens import Token

APPOSITION = {",", "—", "–", "-"}
DASHES = {"—", "–", "-"}
MAX_PORTFOLIO = 14  # "заместителя акима города по экономике, предпринимательству, сельскому хозяйству и ветеринарии – Сании Смаиловой"
MAX_PREDICATE_GAP = 7
MAX_LIST_GAP = 10
MAX_TITLES = 8
MAX_FORMER_JOB = 12  # "стал 48-летний посол Казахстана в Узбекистане" before the name
MAX_BIOGRAPHY = 14  # words between "… әкімі болып" and the appointee named before "тағайындалды"
_AGE = re.compile(r"^\d+-(?:летн|лет)\w*$")


def binding(tokens: list[Token], phrases: list[RolePhrase], start: int, end: int,
            bound: set[int], name_starts: set[int]) -> tuple[RolePhrase, RolePhrase] | None:
    """(the phrase as found, the phrase as it applies to this name) for the name tokens
    start..end, or None. The first is what the caller marks as used."""
    free = [p for p in phrases if id(p) not in bound and not p.excluded and not p.plural]
    # "Семей қаласы әкімінің орынбасары болған А Абай ауданының, ... әкімі болып
    # тағайындалды": the appointment is the news, the deputy post before it biography.
    appointed = _kk_appointment_list(tokens, free, end) or _kk_appointee_last(tokens, free, start, end)
    if appointed is not None:
        return appointed
    for phrase in free:
        gap = tokens[phrase.end:start]
        if phrase.end <= start and _after_phrase(_without_place_name(gap, phrase), phrase):
            # "акимом района стал 39-летний X": the subject of "стал", in the nominative
            # "акимом района — X" leaves out "стал"; "заместителя акима – Сании Смаиловой" agrees
            predicate = len(gap) <= 3 and any(
                t.fold in lx.RU_APPOINTED or (t.text in DASHES and phrase.case == "ablt") for t in gap)
            if _replaced_before(tokens, phrase.start):  # "А сменил на посту акима Б"
                return phrase, replace(phrase, former=True)
            if phrase.role == "akim" and any(t.fold in lx.RU_HELD for t in gap):
                # "Ранее должность акима города занимал X", "акимом района был X"
                return phrase, replace(phrase, former=True, case="nomn")
            if phrase.script == "kk" and any(t.fold in lx.KK_WAS_AFTER for t in gap) and phrase.role == "akim":
                return phrase, replace(phrase, former=True)  # "әкім болған Владимир Никандров"
            return phrase, replace(phrase, case="nomn") if predicate else phrase
    elsewhere = other_office(tokens, start, end)
    for phrase in free:
        # In a list ("вице-министра А, заместителя акима Б и ...") a role followed by
        # its own name is that name's, not the one before the comma.
        if phrase.start >= end and phrase.end not in name_starts:
            if phrase.verb and start > 0 and tokens[start - 1].fold in lx.RU_PREPOSITIONS:
                continue  # "вместо Уразалина возглавил": not the subject
            applied = _before_phrase(tokens, end, phrase, start)
            # "Председатель мажилиса X, в прошлом аким области": both are true of him.
            # "... Елшісі қызметін атқарған X енді облысын басқарады": the news is the verb after him.
            # "предложение Президента назначить X на должность акима", "министр X назначен
            # акимом": an appointment makes him the akim whatever he was before.
            gap = tokens[end:phrase.start]
            decreed = _decreed(tokens, start, gap) is not None or any(t.fold in lx.RU_NEWS_APPOINTED for t in gap)
            if applied is not None and (applied.former or applied.verb or not elsewhere or decreed):
                return phrase, applied
    return _plural(tokens, phrases, start) or _succession(tokens, phrases, start, end)


def lead_subject(tokens: list[Token], starts_ends: list[tuple[int, int]], phrase: RolePhrase) -> int | None:
    """Of the names (start, end) of a sentence, the index of the subject of a lead verb
    phrase ("Тугжанов вместо Уразалина возглавил область": Тугжанов), or None."""
    for k in range(len(starts_ends) - 1, -1, -1):
        start, end = starts_ends[k]
        if end > phrase.start or (start > 0 and tokens[start - 1].fold in lx.RU_PREPOSITIONS):
            continue
        if _before_phrase(tokens, end, phrase) is not None:
            return k
    return None


def leaves_office_after(tokens: list[Token], end: int) -> bool:
    """The name ending at `end` is the subject of a departure: "Аким области X покинул
    свой пост", "X освобождён от должности", "X ушёл в отставку", "X қызметінен босатылды".
    The title before the name is then the one he leaves with this very news."""
    words = [t.fold for t in tokens[end:end + 6] if t.is_word]
    if words and words[0] in ("и", "және"):
        # "Ондасын Уразалин и Умирзак Шукеев – освободили свои должности": the shared verb.
        k = end
        while k < len(tokens) and (not tokens[k].is_word or tokens[k].fold in ("и", "және") or tokens[k].capitalized):
            k += 1
        words = [t.fold for t in tokens[k:k + 6] if t.is_word]
    while words and words[0] in lx.LEAVES_FILLER:
        words = words[1:]
    if not words:
        return False
    verb, rest = words[0], words[1:4]
    if verb.startswith(lx.RU_LEAVES) and any(w.startswith(lx.RU_LEAVES_OBJECT) for w in rest):
        return True
    if verb.startswith("освободил") and rest[:1] and rest[0] in lx.RU_OWN and rest[1:2] \
            and rest[1].startswith(lx.RU_LEAVES_OBJECT):
        return True  # "освободил свою должность", not "освободил от должности заместителя"
    if verb in lx.RU_RESIGNS and rest[:2] == ["в", "отставку"]:
        return True
    return verb in lx.KK_LEAVES_OBJECT and any(w in lx.KK_LEFT for w in rest[:2])


def _plural(tokens: list[Token], phrases: list[RolePhrase], start: int) -> tuple[RolePhrase, RolePhrase] | None:
    """"экс-акимов области и города Караганды Бауржана Абдишева и Мейрама Смагулова":
    a plural role followed by a list of names is each name's (never used up)."""
    for phrase in phrases:
        if not phrase.plural or phrase.excluded or phrase.end > start or start - phrase.end > MAX_LIST_GAP:
            continue
        gap = tokens[phrase.end:start]
        if all(t.text in APPOSITION or t.fold in lx.LIST_JOINERS or t.capitalized for t in gap):
            return phrase, replace(phrase, plural=False)
    return None


def other_office(tokens: list[Token], start: int, end: int) -> bool:
    """A title of another office stands before the name, with only its lowercase
    complement between: "вице-министра образования А", "Премьер-министр Бектенов"."""
    if fold(tokens[end - 1].text).endswith(lx.KK_GENITIVE):
        return False  # "Президент Қасымбектің баяндамасын": the name is not in apposition
    if end + 1 < len(tokens) and tokens[end].text == "," and tokens[end + 1].fold.startswith(lx.OTHER_OFFICE_STEMS):
        return True  # "Адильбек Джаксыбеков, руководитель Администрации президента"
    for i in range(start - 1, max(-1, start - 1 - lx.OTHER_OFFICE_SPAN), -1):
        token = tokens[i]
        if token.fold.startswith(lx.OTHER_OFFICE_STEMS):
            return True
        if not token.is_word or (token.capitalized and i != 0 and token.fold not in ("рк", "қр")):
            return False
        if _verb(token.text):
            return False  # "Премьер-министр поблагодарил X": the title is the subject, X the object
    return False


@lru_cache(maxsize=65536)
def _verb(word: str) -> bool:
    return analyzer().parse(word)[0].tag.POS in ("VERB", "INFN", "PRTS", "GRND")


def _without_former_job(gap: list[Token]) -> list[Token]:
    """"Новым руководителем области стал 48-летний посол Казахстана в Узбекистане X",
    "Место акима вместо Уразалина занял заместитель премьер-министра X": after the
    predicate, the appointee's job until now (another office's title, places in it) and
    whom he replaces are no obstacle between the role and his name."""
    words = [t.fold for t in gap]
    if not any(w in lx.RU_APPOINTED for w in words) or len(gap) > MAX_FORMER_JOB:
        return gap
    if "вместо" in words:  # "вместо Уразалина": the one replaced
        k = words.index("вместо")
        end = k + 1
        while end < len(gap) and gap[end].capitalized:
            end += 1
        gap = gap[:k] + gap[end:]
        words = [t.fold for t in gap]
    verb = max(i for i, w in enumerate(words) if w in lx.RU_APPOINTED)
    title = next((i for i in range(verb + 1, len(gap))
                  if gap[i].fold.split("-")[-1].startswith(lx.OTHER_OFFICE_STEMS)
                  or gap[i].fold.startswith(("экс-", "заместител"))), None)
    return gap[:title] if title is not None else gap


def _more_titles(gap: list[Token]) -> bool:
    """A comma, then further titles of the same person, then the name."""
    if len(gap) < 2 or len(gap) > MAX_TITLES or gap[0].text != ",":
        return False
    words = [t for t in gap[1:] if t.text != ","]
    return (any(t.fold.split("-")[-1].startswith(lx.OTHER_OFFICE_STEMS) for t in words)
            and all(t.is_word and not t.capitalized for t in words))


def _descriptions(gap: list[Token]) -> bool:
    """", экономист, менеджер, ": nouns describing the person between name and role."""
    if len(gap) < 3 or len(gap) > MAX_TITLES or gap[0].text != "," or gap[-1].text != ",":
        return False
    words = [t for t in gap if t.text != ","]
    return all(t.is_word and not t.capitalized and _noun(t.text) for t in words)


def _noun(word: str) -> bool:
    parse = analyzer().parse(word)[0]
    return parse.tag.POS == "NOUN" and parse.tag.case == "nomn"


def _without_place_name(gap: list[Token], phrase: RolePhrase) -> list[Token]:
    """"акима поселка Зубовск победила X": the settlement's own name, which the
    gazetteer does not know, belongs to the place, not between role and name."""
    place = phrase.place
    if place and place.text.islower() and gap and gap[0].capitalized and gap[0].is_word and len(gap) > 1:
        return gap[1:]
    return gap


def _after_phrase(gap: list[Token], phrase: RolePhrase) -> bool:
    """Only a dash, a predicate ("стал", "назначен", an age), or "по <lowercase words>"
    (a deputy's portfolio) between role and name; a comma after a former role
    ("Прежнего акима, Ерика Султанова, перевели")."""
    if not gap or (phrase.former and len(gap) == 1 and gap[0].text == ","):
        return True
    gap = _without_former_job(gap)
    if len(gap) <= 3 and all(t.text in DASHES or t.fold in lx.RU_APPOINTED or t.fold in lx.RU_NEW
                             or t.fold in lx.RU_HELD or _AGE.match(t.fold) for t in gap):
        return True
    if phrase.script == "kk" and len(gap) <= 3 and all(t.fold in lx.KK_GAP_AFTER for t in gap):
        return True  # "әкімінің орынбасары қызметінде болған X"
    if _more_titles(gap):
        return True  # "экс-аким области, бывший премьер и экс-министр обороны X"
    if gap[0].fold != "по" or len(gap) > MAX_PORTFOLIO:
        return False
    return all((t.is_word and not t.capitalized) or t.text in APPOSITION for t in gap)


def _before_phrase(tokens: list[Token], end: int, phrase: RolePhrase, start: int = 0) -> RolePhrase | None:
    gap = tokens[end:phrase.start]
    decreed = _decreed(tokens, start, gap)
    if decreed is not None and phrase.script == "ru" and (gap or phrase.case == "ablt"):
        return replace(phrase, case=decreed)
    if phrase.verb:  # "X (енді) ... облысын басқарады": the subject, a few lowercase words away
        if gap and gap[0].fold == "вместо":  # "Тугжанов вместо Уразалина возглавил"
            gap = [t for t in gap[1:] if not t.capitalized]
        gap = _without_relative_clause(gap)
        fits = len(gap) <= lx.MAX_LEAD_GAP and all((t.is_word and not t.capitalized) or t.text.isdigit() for t in gap)
        return phrase if fits else None
    if gap and gap[0].text == "(" and len(gap) <= 3 and all(t.fold.startswith(lx.KK_PLACE_WORDS) for t in gap[1:]):
        return phrase  # "Бахтияр Макен (замакима ЗКО)", "Ерлан Кенжин (облыс әкімінің орынбасары)"
    if phrase.script == "kk":
        return _kk_before(tokens, gap, phrase)
    if len(gap) == 1 and gap[0].text in APPOSITION:
        return phrase  # an apposition agrees in case: "Досаеву, акиму Алматы"
    if _descriptions(gap):
        return phrase  # "Рустам Бекешев, экономист, менеджер, заместитель акима города"
    if not gap or len(gap) > MAX_PREDICATE_GAP:
        return None
    words = [t.fold for t in gap]
    if not all(w in lx.RU_GAP_WORDS or t.text in APPOSITION or _AGE.match(w) or w.isdigit()
               for w, t in zip(words, gap)):
        return None
    appointed = any(w in lx.RU_APPOINTED for w in words)
    # "X, тогда ещё аким": no longer; "X, тогда аким": an akim at the time described.
    former = any(w in lx.RU_LEFT_OFFICE for w in words) or ("тогда" in words and ("ещё" in words or "еще" in words))
    if not (appointed or former or gap[0].text in APPOSITION):
        return None
    # After a predicate the name is its subject, in the nominative; after a comma it is
    # an apposition and agrees with the role word ("Закарьянова, тогда ещё акима").
    verb = any(w in lx.RU_PREDICATE_VERBS for w in words)
    case = phrase.case if gap[0].text in APPOSITION and not verb else "nomn"
    if any(w in lx.RU_IMPERSONAL_DISMISSAL for w in words):
        case = "accs"
    if former and not appointed and phrase.role == "akim":
        return replace(phrase, former=True, case=case)
    return replace(phrase, case=case)


def _without_relative_clause(gap: list[Token]) -> list[Token]:
    """"Аксакалов, который почти 6 лет возглавлял акимат СКО, отправился акимствовать в …":
    the clause between commas is about him; the verb after it is his too."""
    if len(gap) > 2 and gap[0].text == "," and gap[1].fold in ("который", "которая"):
        close = next((k for k in range(2, len(gap)) if gap[k].text == ","), None)
        if close is not None:
            return gap[close + 1:]
    return gap


def _decreed(tokens: list[Token], start: int, gap: list[Token]) -> str | None:
    """"назначить Нурлыбека Налибаева на должность акима …", "о назначении … Асхата
    Шахарова на должность акима …", "Назначить Туймебаева Жансеита акимом …" (the role
    right after the name, in the instrumental): the case of the name the appointment is of
    (None: no such appointment)."""
    words = [t.fold for t in gap]
    if words not in (["на", "должность"], ["на", "пост"], []):
        return None
    verb = next((t.fold for t in reversed(tokens[max(0, start - 5):start]) if t.fold.startswith("назнач")), None)
    if verb is None:
        return None
    return "gent" if verb.startswith(("назначени", "назначения")) else "accs"


def _kk_before(tokens: list[Token], gap: list[Token], phrase: RolePhrase) -> RolePhrase | None:
    """"Ерлан Текешев Тарбағатай ауданының әкімі болып тағайындалды": in Kazakh the
    predicate follows the role, so the name before it is the subject."""
    if len(gap) == 1 and gap[0].text in APPOSITION:
        return phrase
    if gap:
        return None
    after = [t.fold for t in tokens[phrase.end:phrase.end + 3]]
    if any(w.startswith(lx.KK_DISMISSED) for w in after[1:]) or (after and after[0].startswith(lx.KK_WAS)):
        return replace(phrase, former=True)  # "... әкімі қызметінен босатылды", "... әкімі болған"
    if not after or not after[0].startswith(lx.KK_AS):
        return None
    # "Тоқаев Алматы қаласының әкімі болып Досаевты тағайындады": the one who appoints
    # stands there too; only a passive verb makes the name the appointee.
    return phrase if any(w.startswith(lx.KK_APPOINTED) for w in after[1:]) else None


def _kk_appointment_list(tokens: list[Token], free: list[RolePhrase], end: int) -> tuple[RolePhrase, RolePhrase] | None:
    """"А Абай ауданының, Б Бесқарағай ауданының әкімі болып тағайындалды": each name
    before its own place, the role and the verb said once at the end."""
    j = end
    while j < len(tokens) and tokens[j].capitalized and tokens[j].is_word:
        j += 1
    if j == end or j >= len(tokens) - 1 or not tokens[j].fold.endswith(lx.KK_GENITIVE):
        return None
    if tokens[j + 1].text != "," and tokens[j + 1].fold not in ("ал", "және"):
        return None
    for phrase in free:
        if phrase.script == "kk" and phrase.start > j and phrase.role == "akim":
            after = [t.fold for t in tokens[phrase.end:phrase.end + 3]]
            if after and after[0].startswith(lx.KK_AS) and any(w.startswith(lx.KK_APPOINTED) for w in after[1:]):
                chunk = " ".join(t.text for t in tokens[end:j + 1])
                own = replace(phrase, place=place_before(chunk) or phrase.place)
                return own, own  # a copy is what gets used up: the phrase serves every name
    return None


def _kk_appointee_last(tokens: list[Token], free: list[RolePhrase], start: int,
                       end: int) -> tuple[RolePhrase, RolePhrase] | None:
    """"Тарбағатай ауданының әкімі болып бұған дейін … ысылған, осы жердің тумасы Ерлан
    Текешев тағайындалды": the appointee's biography stands between the office and him;
    the passive verb right after the name makes him the one appointed."""
    if end >= len(tokens) or not tokens[end].fold.startswith(lx.KK_APPOINTED):
        return None
    for phrase in free:
        if phrase.script != "kk" or phrase.end >= start or phrase.end >= len(tokens):
            continue
        gap = tokens[phrase.end + 1:start]
        if (tokens[phrase.end].fold.startswith(lx.KK_AS) and len(gap) <= MAX_BIOGRAPHY
                and not any(t.capitalized for t in gap)):
            return phrase, phrase
    return None


def _replaced_before(tokens: list[Token], start: int) -> bool:
    window = [t.fold for t in tokens[max(0, start - 3):start]]
    return any(w in lx.RU_SUCCEEDED for w in window) and any(w.startswith(("пост", "должност")) for w in window)


def _succession(tokens: list[Token], phrases: list[RolePhrase], start: int, end: int):
    """"А сменил Б на посту акима района": А is the akim, Б the former one (the phrase
    serves both, so a copy is returned as the part used up)."""
    replaced = start > 0 and tokens[start - 1].fold in lx.RU_SUCCEEDED
    j = end
    if not replaced:
        if end >= len(tokens) or tokens[end].fold not in lx.RU_SUCCEEDED:
            return None
        j = end + 1
        while j < len(tokens) and tokens[j].capitalized and tokens[j].is_word:
            j += 1
    for phrase in phrases:
        gap = [t.fold for t in tokens[j:phrase.start]]
        if phrase.excluded or phrase.plural or phrase.script != "ru" or phrase.start < j or len(gap) > 4:
            continue
        if any(w.startswith(("пост", "должност")) for w in gap) and all(w in lx.RU_GAP_WORDS for w in gap):
            own = replace(phrase, former=replaced, case="gent" if replaced else "nomn")
            return own, own
    return None
