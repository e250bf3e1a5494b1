"""MentionFinder: who is mentioned in an article, in which role."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.akims import Registry
from monitor.mentions import kk_latin, ner
from monitor.mentions.binding import binding, leaves_office_after, other_office
from monitor.mentions.assemble import Ref, assemble, later_surname_refs
from monitor.mentions.forms import CAPITALISED_RE, fold, surname_like
from monitor.mentions.groups import NameGroup, name_groups
from monitor.mentions.lexicon import (
    ANAPHORA_RE, CAREER_CUES, KK_NAMED_AFTER, NAMESAKE_OCCUPATION_STEMS, OTHER_OFFICE_STEMS, PAST_CUES, SCAN_STEMS, TRIGGER_STEMS,
)
from monitor.mentions.morph import normalize_name
from monitor.mentions.names import NameIndex
from monitor.mentions.places import regions_named
from monitor.mentions.resolve import career_person, holder_person, registry_person, unknown_person
from monitor.mentions.roles import RolePhrase, find_roles
from monitor.mentions.tokens import Sentence, Token, split_sentences, tokens_of
from monitor.models import Mention, Person

ALMATY_TZ = ZoneInfo("Asia/Almaty")
KYRGYZ_RE = re.compile(r"Кыргыз|Киргиз|Бишкек|Чуйск|Ошск|Иссык-Кул|Нарынск|Джалал-Абад|Баткен|Қырғыз|"
                       r"полпред\w*\s+(?:президента|правительства)", re.IGNORECASE)
# A sentence opening with a list of full names: "Максута Калиева и Фрунзика Аракеляна задержали".
_FULL = r"[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+"
NAME_LIST_RE = re.compile(rf"\s*((?:{_FULL}(?:,| и) )+{_FULL})")
RU_COUNTS = {"два": 2, "две": 2, "двое": 2, "двух": 2, "двоих": 2, "оба": 2, "обе": 2, "обоих": 2, "три": 3,
             "трое": 3, "трех": 3, "трёх": 3, "троих": 3, "четыре": 4, "четверо": 4}
# Two capitalised words in a row, not at the sentence's start: most likely someone's name.
FULL_NAME_RE = re.compile(r"(?<=[^\s.!?«\"(])\s+[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+\s+[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+")


@dataclass
class SentenceScan:
    sentence: Sentence
    tokens: list[Token]
    phrases: list[RolePhrase]
    groups: list[NameGroup]
    regions: frozenset[str] = frozenset()  # on an undated page, the regions the article names


class MentionFinder:
    _default: MentionFinder | None = None

    def __init__(self, registry: Registry, use_ner: bool = True) -> None:
        self.registry = registry
        self.names = NameIndex.build(registry)
        self.use_ner = use_ner
        if use_ner:
            ner.warm_up()

    @classmethod
    def default(cls) -> MentionFinder:
        """The bundled registry and models, loaded once per process."""
        if cls._default is None:
            cls._default = cls(Registry.load())
        return cls._default

    @classmethod
    def from_path(cls, path: Path | str, use_ner: bool = True) -> MentionFinder:
        return cls(Registry.load(path), use_ner)

    def find(self, text: str, title: str = "", language: str = "ru",
             published_at: datetime | None = None, article_id: str = "") -> list[Mention]:
        if language == "kk" and kk_latin.is_kazakh_latin(f"{title or ''} {text or ''}"):
            return self._find_latin(text, title, published_at, article_id)
        return self._find(text, title, language, published_at, article_id)

    def _find_latin(self, text, title, published_at, article_id) -> list[Mention]:
        """Kazakh in the Latin alphabet, read as Cyrillic; snippets stay as published."""
        mentions = self._find(kk_latin.to_cyrillic(text or ""), kk_latin.to_cyrillic(title or ""),
                              "kk", published_at, article_id)
        original = {kk_latin.to_cyrillic(s.text).strip(): s.text.strip()
                    for s in split_sentences(title or "", text or "")}
        for mention in mentions:
            mention.snippets = [original.get(s, s) for s in mention.snippets]
        return mentions

    def _find(self, text: str, title: str, language: str,
              published_at: datetime | None, article_id: str) -> list[Mention]:
        day = _local_day(published_at)
        refs, open_phrases = [], []
        sentences = split_sentences(title or "", text or "")
        # Akim words anywhere in the article (акимат included) make a bare surname of a
        # serving akim trustworthy; a sports report with "Шахаров забил" has none.
        context = _has_trigger(f"{title or ''} {text or ''}")
        pending: tuple[RolePhrase, int] | None = None  # a role the next sentence may name
        counted: tuple[RolePhrase, int, int] | None = None  # "два заместителя акима": as many names may follow
        topic: Person | None = None
        # Undated, a registry name alone can't be placed by date: the places the article
        # names choose among his offices (Сатыбалды of Turkestan region, not of Almaty city).
        regions = regions_named(f"{title or ''}\n{text or ''}") if day is None else frozenset()
        for sentence in sentences:
            follows = pending is not None and pending[1] == sentence.index - 1 and ANAPHORA_RE.match(sentence.text)
            listed = counted is not None and counted[1] == sentence.index - 1 and _lists(sentence.text, counted[2])
            if not follows and not listed and not self._may_mention(sentence.text):
                if FULL_NAME_RE.search(sentence.text):
                    topic = None  # "Директор школы Марат Ержанов рассказал…": someone else now
                continue
            scan = self._scan(sentence, context, regions)
            found, unbound = self._sentence_refs(scan, day, language, pending[0] if follows else None, topic,
                                                 counted[0] if listed else None)
            refs += found
            topic = _topic(found, scan, topic)
            open_phrases += unbound
            last = [p for p, _s in unbound if not p.plural and not p.former and p.role != "deputy_akim" or p.first]
            pending = (last[-1], sentence.index) if last else None
            many = [(p, n) for p, _s in unbound if (n := _counted(scan.tokens, p))]
            counted = (many[-1][0], sentence.index, many[-1][1]) if many else None
        refs += later_surname_refs(refs, sentences)
        if _abroad(f"{title or ''}\n{text or ''}"):
            refs = [r for r in refs if r.person.akim_id]  # Kyrgyzstan has akims too: not ours
        return assemble(article_id, refs, open_phrases, lead_paragraph(sentences), context)

    def _may_mention(self, text: str) -> bool:
        low = text.lower()
        if _has_trigger(text) or any(stem in low for stem in SCAN_STEMS):
            return True
        return any(self.names.known(w) for w in CAPITALISED_RE.findall(text))

    def _scan(self, sentence: Sentence, akim_context: bool = True,
              regions: frozenset[str] = frozenset()) -> SentenceScan:
        tokens = tokens_of(sentence.text)
        phrases = [p for p in find_roles(sentence.text, tokens) if akim_context or not p.indirect]
        covered = {i for p in phrases for i in range(p.start, p.end)}
        return SentenceScan(sentence, tokens, phrases, name_groups(tokens, covered, self.names), regions)

    def _sentence_refs(self, scan: SentenceScan, day: date | None, language: str,
                       antecedent: RolePhrase | None = None, topic: Person | None = None,
                       listed: RolePhrase | None = None):
        """antecedent: the unnamed role of the sentence before, which "Им стал X" / "И
        зовут его X" in this one names. topic: the one person the sentences before were
        about, whom "С 2008 по 2011 был акимом Актобе" (no name) continues. listed: the
        counted role of the sentence before ("два заместителя акима Костаная"), which the
        list of names opening this one ("Максута Калиева и Фрунзика Аракеляна задержали") names."""
        refs, bound = [], set()
        name_starts = {g.start for g in scan.groups}
        news = [p for p in scan.phrases if not p.career]
        by_group: dict[int, tuple[Ref, bool]] = {}
        chain = 0 if listed is not None else None  # where the next name of the opening list starts
        for group in scan.groups:
            found = binding(scan.tokens, news, group.start, group.end, bound, name_starts)
            if antecedent is not None:
                found = (antecedent, replace(antecedent, case="nomn"))
            if chain is not None and group.start == chain:
                found = (listed, replace(listed, case=None))  # subject or object: the normaliser guesses
                joint = scan.tokens[group.end].text if group.end < len(scan.tokens) else ""
                chain = group.end + 1 if joint in ("и", ",") else None
            leaving = leaves_office_after(scan.tokens, group.end)
            if found is not None and found[1].role == "akim" and leaving:
                found = (found[0], replace(found[1], former=True))
            phrase = found[1] if found else None
            ref = self._group_ref(scan, group, phrase, day, language, leaving)
            if ref is not None:
                antecedent = None
                refs.append(ref)
                by_group[group.start] = (ref, phrase is not None)
                if found is not None and not found[0].plural:
                    bound.add(id(found[0]))
        unbound = []
        for phrase in scan.phrases:
            if id(phrase) in bound or phrase.excluded:
                continue
            if phrase.career and not phrase.plural:
                found = self._career_ref(scan, phrase, by_group, day, language, topic)
                if found is not None:
                    ref, replaced = found
                    refs = [r for r in refs if r is not replaced] + [ref]
                    continue
            person = None if _career(scan.sentence.text) else holder_person(self.registry, phrase, day)
            if person is not None:
                refs.append(Ref(person, scan.sentence, "office"))
            else:
                unbound.append((phrase, scan.sentence))
        return refs, unbound

    def _career_ref(self, scan, phrase, by_group, day, language, topic) -> tuple[Ref, Ref | None] | None:
        """The post a career phrase names, for the sentence's subject: the name nearest
        before it (or the first after it, or the topic of a sentence without names). A
        subject with a role of its own in this sentence gets the post as another role
        ("career"); one without takes it as its role, replacing what the registry guessed
        (returned with the ref it replaces)."""
        groups = scan.groups
        before = [g for g in groups if g.end <= phrase.start][::-1]
        after = [g for g in groups if g.start >= phrase.end]
        named = [g for g in before + after if g.start in by_group]
        unnamed = [g for g in before + after if g.owners or any(surname_like(w) for w in g.words)]
        group = (named or unnamed or [None])[0]
        if group is None:
            if topic is None:
                return None
            return Ref(career_person(self.registry, topic, phrase), scan.sentence, "career"), None
        ref, has_role = by_group.get(group.start, (None, False))
        if ref is not None and has_role:
            return Ref(career_person(self.registry, ref.person, phrase), scan.sentence, "career"), None
        own = self._group_ref(scan, group, phrase, day, language)
        return (own, ref) if own is not None else None

    def _group_ref(self, scan, group, phrase, day, language, leaving: bool = False) -> Ref | None:
        """leaving: the sentence has him leave office ("X и Y освободили свои должности"):
        a registry akim with no role phrase is then a former one."""
        if phrase is None and (_after_occupation(scan, group) or other_office(scan.tokens, group.start, group.end)):
            return None
        holder = self._holder_named(group, phrase, day)
        if holder is not None:
            return Ref(holder, scan.sentence, "strong")
        if group.owners and not group.namesake:
            owners = group.strong or group.owners
            past = phrase is None and _looks_back(scan.sentence.text)
            person = registry_person(self.registry, owners, phrase, day, not group.strong, past, leaving,
                                     scan.regions)
            if person is None and not group.strong and phrase is None:
                # A bare surname that the registry alone can't place (no date, namesakes):
                # kept as a candidate, it counts only if the article names one of them in full.
                placeholder = Person(" ".join(group.words), "akim", None)
                return Ref(placeholder, scan.sentence, "weak", frozenset(group.owners))
            if person is None:
                return self._unknown_ref(scan, group, phrase, language) if not group.strong else None
            weak = not group.strong and phrase is None
            return Ref(person, scan.sentence, "weak" if weak else "strong",
                       frozenset(group.owners) if weak else frozenset(),
                       sole=weak and self._sole_in_office(group.owners, person, day))
        return self._unknown_ref(scan, group, phrase, language)

    def _sole_in_office(self, owners: set[str], person: Person, day: date | None) -> bool:
        """Of the registry people with this surname, only `person` surely held an akim's
        office that day: a bare "Сыздыкбекову доложили" can then only be him."""
        if day is None or person.akim_id is None:
            return False
        serving = {pid for pid in owners
                   if any(t.surely_on(day) for t in self.registry.tenures_of(pid))}
        return serving == {person.akim_id}

    def _holder_named(self, group, phrase, day) -> Person | None:
        """"Астана қаласының әкімі Жәкен Қасымбек": the office's holder that day has this
        surname, so a first name that does not match is a typo, not a namesake akim."""
        if not group.namesake or phrase is None or phrase.former or phrase.role != "akim":
            return None
        person = holder_person(self.registry, phrase, day)
        if person is None or person.akim_id not in group.owners:
            return None
        return person

    def _unknown_ref(self, scan, group, phrase, language) -> Ref | None:
        if phrase is None or not self._is_person(scan, group):
            return None
        if _all_caps(scan.sentence.text) and not _caps_full_name(group):
            return None  # in a headline in capitals every word looks like a name
        name = normalize_name(group.words, phrase.case, kazakh=language == "kk" or phrase.script == "kk")
        return Ref(unknown_person(name, phrase), scan.sentence, "strong")

    def _is_person(self, scan: SentenceScan, group: NameGroup) -> bool:
        after = scan.tokens[group.end].fold if group.end < len(scan.tokens) else ""
        if len(group.words) == 1 and after.startswith(KK_NAMED_AFTER):
            return False
        if len(group.words) == 2 and _patronymic(group.words[1]):
            return False  # "Сергей Витальевич": someone addressed by name and patronymic, named in full elsewhere
        if any(surname_like(w.capitalize() if w.isupper() else w) for w in group.words):
            return True  # in a headline in capitals too: "ҚАНАТ ЕСБОЛАТОВ"
        if len(group.words) < 2 or not self.use_ner:
            return False
        if any(fold(w).endswith(("вича", "вичу", "вичем", "вны", "вне", "вной")) for w in group.words):
            return False  # first name and patronymic: someone addressed politely, not an akim
        start, stop = scan.tokens[group.start].start, scan.tokens[group.end - 1].stop
        return any(s < stop and start < e for s, e in ner.person_spans(scan.sentence.text))


def _abroad(text: str) -> bool:
    """An article about Kyrgyzstan, whose districts are headed by akims too: Kyrgyz places
    and no Kazakhstani region or city named."""
    return bool(KYRGYZ_RE.search(text)) and not regions_named(text)


def _counted(tokens: list[Token], phrase: RolePhrase) -> int:
    """"два заместителя акима", "двое акимов районов": how many of them, to be named next (0: no number)."""
    return RU_COUNTS.get(tokens[phrase.start - 1].fold, 0) if phrase.start > 0 else 0


def _lists(text: str, count: int) -> bool:
    """The sentence opens with exactly `count` full names: "Максута Калиева и Фрунзика Аракеляна …"."""
    match = NAME_LIST_RE.match(text)
    return bool(match) and len(re.findall(_FULL, match.group(1))) == count


def _topic(found: list[Ref], scan: SentenceScan, topic: Person | None) -> Person | None:
    """Whom the next sentence without a name continues: the one person a sentence names.
    A sentence naming several, or someone else in full, ends the thread."""
    people = {r.person.key: r.person for r in found
              if r.strength == "strong" or (r.strength == "weak" and r.person.akim_id)}
    if len(people) == 1:
        return next(iter(people.values()))
    if people or any(len(g.words) > 1 for g in scan.groups):
        return None
    return topic


def _after_occupation(scan: SentenceScan, group: NameGroup) -> bool:
    """The occupation word before the name, or as its first word when it opens the sentence
    capitalised and the dictionary does not know it ("Футболшы Ерлан Қошанов")."""
    words = [scan.tokens[group.start].fold]
    if group.start > 0:
        words.append(scan.tokens[group.start - 1].fold)
    return any(w.startswith(NAMESAKE_OCCUPATION_STEMS) for w in words)


def _patronymic(word: str) -> bool:
    return fold(word).endswith(("вич", "вича", "вичу", "вичем", "вна", "вны", "вне", "вной", "вну", "ичем"))


def _all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 8 and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def _caps_full_name(group: NameGroup) -> bool:
    """"ҚАНАТ ЕСБОЛАТОВ КЕРБҰЛАҚ АУДАНЫНЫҢ ӘКІМІ …": in capitals, a first name and a word
    with a surname's ending, bound to a role, is still a name."""
    return len(group.words) == 2 and surname_like(group.words[1].capitalize()) and not surname_like(
        group.words[0].capitalize())


def _looks_back(text: str) -> bool:
    low = text.lower()
    return any(cue in low for cue in PAST_CUES)


def _career(text: str) -> bool:
    low = text.lower()
    if any(cue in low for cue in CAREER_CUES):
        return True
    # "Оңтүстік Қазақстан облысының әкімі, экономика министрі, ... бірінші орынбасары": a list of posts.
    return sum(1 for word in low.split() if word.startswith(OTHER_OFFICE_STEMS)) >= 2 and low.count(",") >= 2


def _has_trigger(text: str) -> bool:
    low = text.lower()
    return any(stem in low for stem in TRIGGER_STEMS)


def lead_paragraph(sentences: list[Sentence]) -> int:
    """The first paragraph that is prose: skips ids, datelines and a repeated title."""
    title = next((s.text for s in sentences if s.index == -1), "")
    texts: dict[int, str] = {}
    for s in sentences:
        if s.paragraph >= 0:
            texts[s.paragraph] = texts.get(s.paragraph, "") + " " + s.text
    for paragraph, text in sorted(texts.items()):
        text = text.strip()
        if len(text) >= 40 and text.count(" ") >= 4 and text != title.strip():
            return paragraph
    return 0


def _local_day(published_at: datetime | None) -> date | None:
    if published_at is None:
        return None
    if published_at.tzinfo is not None:
        published_at = published_at.astimezone(ALMATY_TZ)
    return published_at.date()
