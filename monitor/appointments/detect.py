"""Appointment and dismissal sentences as proposed registry changes.

A sentence proposes a change when it has an appointment or dismissal verb, a role
phrase naming an office (monitor.mentions.roles) in the form that verb governs, and a
name beside that phrase:

    «Указом Главы государства Сапаров Айдарбек назначен акимом Северо-Казахстанской области»
    «Аким Атырау Кайрат Уразбаев освобождён от занимаемой должности»
    «Нұрлан Ноғаев Маңғыстау облысының әкімі болып тағайындалды»
    «… Қарағанды облысы әкімінің орынбасары қызметінен босатылды»

Biographies («в 2019 году был назначен …», «ранее назначался …») and forecasts
(«может быть назначен», «прочат») are not news of a change and are skipped. The registry
decides nothing here beyond who a name is and whether it already says the same: what
the registry should become is computed when a person accepts (monitor.appointments.apply).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from anyascii import anyascii

from monitor.akims import Registry
from monitor.appointments.apply import registry_rows
from monitor.appointments.model import Action, Proposal
from monitor.mentions.binding import lead_subject
from monitor.mentions.forms import fold
from monitor.mentions.groups import NameGroup, name_groups
from monitor.mentions.morph import normalize_name
from monitor.mentions.names import NameIndex
from monitor.mentions.places import place_after
from monitor.mentions.roles import RolePhrase, find_roles
from monitor.mentions.tokens import Token, split_sentences, token_at, tokens_of
from monitor.models import Article

ALMATY = ZoneInfo("Asia/Almaty")

# Verbs, folded (lower case, ё as е). Russian stems match any ending and word order.
_RU_APPOINT = re.compile(r"\b(?:назнач|переназнач|избран|избрал|переизбран|утвержд|стал[аи]?\b|вступил\w* в должност)")
_RU_DISMISS = re.compile(
    r"\b(?:освобожд|освободил|освобожден|снят\w* с (?:должност|пост)|снял\w* с (?:должност|пост)"
    r"|отправ\w* в отставку|покинул\w* (?:свой |свою )?(?:пост|должност|кресл)|уш[её]?л\w* с (?:пост|должност)"
    r"|уволен|уволил)")
_KK_APPOINT = re.compile(r"(?:тағайында|сайлан|сайла[дн])")
# Heading a place as the news of it: «Кушеров возглавил Туркестанскую область», «Сатыбалды
# енді Түркістан облысын басқарады». Present and future only with «енді» (from now on).
_LEAD_NEWS = ("возглавил", "возглавила", "басқармақ")
_KK_FROM_NOW = re.compile(r"\bенді\b")
_KK_DISMISS = re.compile(r"(?:босатыл|босатт|орнынан алын)")
# English editions (Kazinform, Kazakhstan Today): «X has been appointed akim of Y region».
_EN_APPOINT = re.compile(r"\b(?:appointed|named|elected)\b")
_EN_DISMISS = re.compile(r"\b(?:relieved|dismissed|stepped down|resigned)\b")
_EN_BEFORE_APPOINT = ("appointed", "named", "elected", "as", "new")
# Cheap pre-filter on lower-cased text (ten times faster than the verbs above together):
# a paragraph without any of these stems has nothing to propose.
_ANY_TRIGGER = re.compile(
    r"назнач|избра|утвержд|стал\w* |вступил|освоб|снят|снял|отставк|покинул|уш[её]?л\w* с |уволи|уволен"
    r"|возглавил|басқар|тағайында|сайла|босат|орнынан|appointed|named|elected|relieved|dismissed|stepped down|resigned")
# Not news of a change made now: forecasts, rumours, denials, careers told in retrospect.
_NOT_NEWS = re.compile(
    r"\b(?:может|могут|мог бы|прочат|прочил|ожида|возможн|вероятн|слух|опроверг|ложн|не назнач|не освобожд"
    r"|кандидатур|претенд|планиру|намерен|мүмкін|ықтимал|кандидат|үміткер)")
# A sentence that opens on these tells a career («Ранее он был назначен …»); inside a
# sentence they describe the appointee's past while the sentence reports the news
# («…, бұған дейін … қызметінде ысылған, Ерлан Текешев тағайындалды»).
_CAREER = re.compile(r"^\W*(?:ранее|прежде|до этого|в прошлом|в разные годы|в свое время|бұған дейін|бұрын)\b")
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
# Words before an instrumental role phrase that make it a past job, not this appointment.
_WORKED = ("работа", "являл", "являвш", "трудил", "служил", "проработ", "был", "была")
# «назначить Абдрахимова Габидуллу …»: the name after these is in the accusative.
_GOVERNS_ACCS = ("назначить", "назначили", "назначил", "освободить", "освободили", "освободил", "избрали")
_FIRST = ("первого", "первым", "первый")
_NEW = ("новой", "нового", "новым", "новую")
_KK_VERB = re.compile(r"(?:тағайында|сайлан|босатыл)")
_POST_WORDS = ("должност", "пост", "кресл")
_ACTING_WORDS = ("обязанност", "и.о", "врио")


class ChangeFinder:
    """Finds proposals in articles; holds the registry's name index, built once."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.names = NameIndex.build(registry)

    def find(self, article: Article) -> list[Proposal]:
        text = f"{article.title}\n{article.text}".lower()
        if not _ANY_TRIGGER.search(text):
            return []  # most articles: one regex scan, nothing else
        day = _local_day(article.published_at)
        found: dict[str, Proposal] = {}
        # Only the paragraphs with a verb are split into sentences: splitting is the cost.
        for paragraph in [article.title or "", *(article.text or "").split("\n")]:
            if not _ANY_TRIGGER.search(paragraph.lower()):
                continue
            for sentence in split_sentences("", paragraph):
                for proposal in self.in_sentence(sentence.text, day, article):
                    found.setdefault(proposal.id, proposal)
        return [p for p in found.values() if not self.already_known(p)]

    def in_sentence(self, sentence: str, day: date | None, article: Article) -> Iterable[Proposal]:
        folded = fold(sentence)
        # «Бұған дейін … атқарған X енді облысты басқарады»: the career is the subject's, «енді» the news.
        career = _CAREER.search(folded) and not _KK_FROM_NOW.search(folded)
        if not _ANY_TRIGGER.search(folded) or _NOT_NEWS.search(folded) or career or _other_year(folded, day):
            return
        tokens = tokens_of(sentence)
        every = _placed(sentence, tokens, find_roles(sentence, tokens))
        phrases = [p for p in every if _usable(p)]
        if not phrases:
            return
        covered = {i for p in every for i in range(p.start, p.end)}
        groups = name_groups(tokens, covered, self.names)
        for phrase, action, acting in _actions(folded, tokens, phrases):
            if phrase.verb:
                k = lead_subject(tokens, [(g.start, g.end) for g in groups], phrase)
                group = groups[k] if k is not None and _looks_like_person(groups[k]) else None
            else:
                group = _nearest(groups, phrase, tokens) or _before_verb(groups, tokens, phrase)
            if group is None:
                continue
            case = "accs" if group.start > 0 and tokens[group.start - 1].fold.startswith(_GOVERNS_ACCS) else None
            yield self._proposal(action, phrase, group, case, acting, tokens, sentence, day, article)

    def _proposal(self, action: Action, phrase: RolePhrase, group: NameGroup, case: str | None, acting: bool,
                  tokens: list[Token], sentence: str, day: date | None, article: Article) -> Proposal:
        place = phrase.place
        akim_id, name = self._person(group, phrase, case, article.language)
        return Proposal(
            action=action, role=phrase.role, akim_id=akim_id, in_registry=bool(self.registry.tenures_of(akim_id)),
            name=name, office_id=place.office_id or _office_of(place.level, place.text), level=place.level or "",
            region=place.region if place.region and place.region.isascii() else "", place=place.text,
            day=day.isoformat() if day else "", article_id=article.id, url=article.url, sentence=sentence.strip(),
            title=article.title, published_at=article.published_at.isoformat() if article.published_at else None,
            language=article.language, first_deputy=phrase.first or _first_before(phrase, tokens), acting=acting,
        )

    def _person(self, group: NameGroup, phrase: RolePhrase, case: str | None, language: str) -> tuple[str, str]:
        """The registry person the name is, else a new id made from the name."""
        known = group.strong or (group.owners if not group.namesake else set())
        if len(known) == 1:
            pid = next(iter(known))
            return pid, self.registry.tenures_of(pid)[0].name_ru
        # The name is the verb's subject or object, not in the role phrase's case
        # («Акимом назначена Айгерим Нурланова»).
        name = normalize_name(group.words, case, kazakh=language == "kk" or phrase.script == "kk")
        return self._new_id(name), name

    def _new_id(self, name: str) -> str:
        words = name.split()
        base = re.sub(r"[^a-z0-9]+", "_", anyascii(" ".join(words[-1:] + words[:-1])).lower()).strip("_")
        base = base if base[:1].isalpha() else f"p_{base}"
        pid, n = base, 2
        while any(t.name_ru != name for t in self.registry.tenures_of(pid)):
            pid, n = f"{base}_{n}", n + 1
        return pid

    def already_known(self, p: Proposal) -> bool:
        """The registry already says it: a reappointment, a dismissal already dated."""
        return not registry_rows(p, self.registry)


def _placed(sentence: str, tokens: list[Token], phrases: list[RolePhrase]) -> list[RolePhrase]:
    """Places the role phrases leave out:
    «акимом новой Улытауской области» (an adjective between the role and the place);
    «распоряжением акима Павлодарской области первым заместителем акима назначен …»
    (a deputy of the akim the sentence has just named)."""
    out = []
    for phrase in phrases:
        if phrase.place is None and phrase.script == "ru" and phrase.end < len(tokens) \
                and tokens[phrase.end].fold in _NEW:
            place = place_after(sentence[tokens[phrase.end].stop:tokens[phrase.end].stop + 80])
            if place is not None and place.office_id:
                phrase = replace(phrase, place=place, end=token_at(tokens, tokens[phrase.end].stop + place.end))
        if phrase.place is None and phrase.role == "deputy_akim":
            named = [p for p in phrases if p.place is not None and p.place.office_id and p.role == "akim"]
            if named:
                nearest = min(named, key=lambda p: abs(p.start - phrase.start))
                phrase = replace(phrase, place=nearest.place)
        out.append(phrase)
    return out


def _first_before(phrase: RolePhrase, tokens: list[Token]) -> bool:
    """«первого замакима»: the one-word deputy title does not take «первый» itself."""
    return phrase.role == "deputy_akim" and phrase.start > 0 and tokens[phrase.start - 1].fold in _FIRST


def _usable(phrase: RolePhrase) -> bool:
    """A phrase that names one office: a place the registry can key it by."""
    # A dismissal phrase is "former" for mentions; here it is the news itself.
    return (not phrase.excluded and not phrase.plural and (not phrase.former or phrase.dismissed)
            and phrase.place is not None
            and phrase.place.level is not None and (phrase.place.office_id is not None or phrase.place.level == "district"))


def _actions(folded: str, tokens: list[Token], phrases: list[RolePhrase]):
    """(phrase, action, acting) for the phrases the sentence's verbs govern."""
    appoint = bool(_RU_APPOINT.search(folded) or _KK_APPOINT.search(folded))
    dismiss = bool(_RU_DISMISS.search(folded) or _KK_DISMISS.search(folded))
    found = []
    for phrase in phrases:
        if phrase.verb:
            head = tokens[phrase.head].fold
            if head in _LEAD_NEWS or (head == "басқарады" and _KK_FROM_NOW.search(folded)):
                found.append((phrase, "appoint", False))
            continue
        before = " ".join(t.fold for t in tokens[max(0, phrase.start - 3):phrase.start])
        after = " ".join(t.fold for t in tokens[phrase.end:phrase.end + 3])
        if phrase.script == "en":
            if _EN_APPOINT.search(folded) and any(w in _EN_BEFORE_APPOINT for w in before.split()):
                found.append((phrase, "appoint", False))
            elif _EN_DISMISS.search(folded):
                found.append((phrase, "dismiss", False))
            continue
        if phrase.script == "kk":
            acting = after.startswith("міндет")
            if appoint and ("болып" in after.split()[:3]):
                found.append((phrase, "appoint", acting))
            elif dismiss and after.startswith(("қызмет", "лауазым", "орн", "міндет")):
                found.append((phrase, "dismiss", acting))
            continue
        words = [w for w in before.split() if w not in _FIRST]  # «с поста первого замакима»
        acting = any(w in before for w in _ACTING_WORDS)
        post = bool(words) and words[-1].startswith(_POST_WORDS)
        preposition = words[-2] if post and len(words) > 1 else ""
        genitive = phrase.case in ("gent", None)  # «замакима» is both nominative and genitive
        if phrase.case == "ablt" and appoint and not any(w.startswith(_WORKED) for w in words[-2:]):
            found.append((phrase, "appoint", False))
        elif genitive and acting and appoint:
            found.append((phrase, "appoint", True))
        elif genitive and post and preposition == "на" and appoint:
            found.append((phrase, "appoint", False))  # «назначен на должность акима …»
        elif genitive and post and dismiss:
            found.append((phrase, "dismiss", False))  # «освобождён от должности», «покинул пост» …
    if dismiss and not any(a == "dismiss" for _, a, _ in found):
        # «Аким Атырау Кайрат Уразбаев освобождён от занимаемой должности»: the office is
        # the subject's own, named before the verb.
        subject = [p for p in phrases if p.case == "nomn" and p.script == "ru"]
        if subject and _RU_PASSIVE_DISMISS.search(folded):
            found.append((subject[0], "dismiss", False))
    return found


_RU_PASSIVE_DISMISS = re.compile(
    r"\b(?:освобожд[её]н|освобождена|снят|снята|уволен|уволена|отправлен|отправлена|покинул|покинула|уш[её]?л|ушла)")


def _nearest(groups: list[NameGroup], phrase: RolePhrase, tokens: list[Token]) -> NameGroup | None:
    """The name next to the phrase: the closest name group on either side."""
    best, best_gap = None, None
    for group in groups:
        if not _looks_like_person(group):
            continue
        gap = phrase.start - group.end if group.end <= phrase.start else group.start - phrase.end
        if gap < 0:
            continue
        # Behind a comma-separated clause the name is someone else's («…, освободив от должности …»).
        between = tokens[min(group.end, phrase.end):max(group.start, phrase.start)]
        gap += 5 * sum(1 for t in between if t.text in (",", ";", "–", "—"))
        if best_gap is None or gap < best_gap:
            best, best_gap = group, gap
    return best if best_gap is not None and best_gap <= 12 else None


def _before_verb(groups: list[NameGroup], tokens: list[Token], phrase: RolePhrase) -> NameGroup | None:
    """Kazakh puts the name right before the verb, however long the clause between the
    office and the verb: «Х ауданының әкімі болып, бұған дейін …, Ерлан Текешев тағайындалды»."""
    if phrase.script != "kk":
        return None
    for group in groups:
        if group.start >= phrase.end and group.end < len(tokens) and _KK_VERB.match(tokens[group.end].fold) \
                and _looks_like_person(group):
            return group
    return None


def _looks_like_person(group: NameGroup) -> bool:
    return bool(group.owners) or len(group.words) >= 2


def _office_of(level: str | None, place: str) -> str:
    """An office id for a place the gazetteer does not know (districts, villages)."""
    word = place.split()[0] if place else "unknown"
    stem = re.sub(r"(ского|цкого|ского|ого|его|ский|ий|ая|ой|ы|а)$", "", fold(word))
    slug = re.sub(r"[^a-z0-9]+", "_", anyascii(stem).lower()).strip("_") or "unknown"
    return f"{'district' if level == 'district' else level or 'district'}:{slug}"


def _other_year(folded: str, day: date | None) -> bool:
    """A year in the sentence other than the article's: a career told, not today's news."""
    years = {int(y) for y in _YEAR.findall(folded)}
    return bool(years) and (day is None or years != {day.year})


def _local_day(published: datetime | None) -> date | None:
    if published is None:
        return None
    if published.tzinfo is None:
        return published.date()
    return published.astimezone(ALMATY).date()
