"""References found sentence by sentence, merged into one Mention per person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from monitor.mentions.forms import CAPITALISED_RE, loose, surface_forms, surname_like
from monitor.mentions.roles import RolePhrase
from monitor.mentions.tokens import Sentence
from monitor.models import Mention, OtherRole, Person

MAX_SNIPPETS = 20


@dataclass(frozen=True)
class Ref:
    person: Person
    sentence: Sentence
    strength: str  # strong | office | weak | phrase | surname
    candidates: frozenset[str] = frozenset()  # registry people a bare surname may be
    sole: bool = False  # the bare surname's only owner serving as akim on the article's date


def assemble(article_id: str, refs: list[Ref], open_phrases: list[tuple[RolePhrase, Sentence]],
             lead: int = 0, akim_context: bool = False) -> list[Mention]:
    refs = _inherit_places(refs, open_phrases)
    refs = _keep_confirmed_weak(refs, akim_context)
    refs = _surname_of_named(refs)
    refs = _misspelt_of_named(refs)
    refs = _named_holders(refs)
    refs += _phrase_refs(refs, open_phrases)
    career = [r for r in refs if r.strength == "career"]
    by_key: dict[str, list[Ref]] = defaultdict(list)
    for ref in _placed_alike([r for r in refs if r.strength != "career"]):
        by_key[_same_person(ref.person)].append(ref)
    mentions = [_mention(article_id, group, lead) for group in by_key.values()]
    for ref in career:
        _add_career(mentions, ref)
    return mentions


def _same_person(p: Person) -> str:
    """One mention per person: a full name outside the registry named as akim in one
    sentence and former akim of another place in the next is one person with two roles."""
    if p.akim_id is None and len(p.name.split()) > 1:
        return "name:" + p.name.lower()
    return p.key


def _add_career(mentions: list[Mention], ref: Ref) -> None:
    """A post from the person's biography joins his mention as another role (a sentence
    of his, so its snippet too). Nobody to join: the post is dropped, not made a person."""
    p = ref.person
    owner = next((m for m in mentions if (p.akim_id and m.person.akim_id == p.akim_id)
                  or (not p.akim_id and m.person.name.lower() == p.name.lower())), None)
    if owner is None:
        return
    _add_role(owner, p)
    text = ref.sentence.text.strip()
    if ref.sentence.index >= 0 and text not in owner.snippets and len(owner.snippets) < MAX_SNIPPETS:
        owner.snippets.append(text)


def _add_role(mention: Mention, p: Person) -> None:
    """Another office of the same person, once. A deputy post in an akim's biography is
    left out, as news (and the annotation) leave it: he is known by the higher office."""
    main = mention.person
    if (p.role, p.region) == (main.role, main.region) or (p.role == "deputy_akim" and main.role != "deputy_akim"):
        return
    if {p.role, main.role} <= {"akim", "former_akim"} and (p.region, p.level) == (main.region, main.level):
        return  # "Уразалин покинул пост … возглавил область в 2019": one tenure, seen before and after
    if any((o.role, o.region) == (p.role, p.region) for o in mention.other_roles):
        return
    mention.other_roles.append(OtherRole(p.role, p.position, p.region, p.level))


def _placed_alike(refs: list[Ref]) -> list[Ref]:
    """"заместителя акима региона Гульбарам Мусагазиной", then "заместителем акима
    Костанайской области": one person outside the registry, once placed, is placed in
    every sentence that names her without a place."""
    placed: dict[tuple[str, str], set] = defaultdict(set)
    for ref in refs:
        p = ref.person
        if p.akim_id is None and p.region:
            placed[(p.name.lower(), p.role)].add(p)
    out = []
    for ref in refs:
        p = ref.person
        people = placed.get((p.name.lower(), p.role), set())
        if p.akim_id is None and not p.region and len(people) == 1:
            ref = replace(ref, person=next(iter(people)))
        out.append(ref)
    return out


def _keep_confirmed_weak(refs: list[Ref], akim_context: bool = False) -> list[Ref]:
    """A bare surname counts for someone named in full (or by role) elsewhere, or, in an
    article that talks about akims at all, for the one namesake serving as akim that day."""
    confirmed = {r.person.akim_id for r in refs if r.strength != "weak" and r.person.akim_id}
    kept = []
    for ref in refs:
        if ref.strength != "weak":
            kept.append(ref)
        elif not ref.candidates & confirmed and ref.sole and akim_context:
            kept.append(ref)
        elif len(ref.candidates & confirmed) == 1:
            pid = next(iter(ref.candidates & confirmed))
            strong = next(r for r in refs if r.person.akim_id == pid and r.strength != "weak")
            kept.append(replace(ref, person=strong.person))
    return kept


def _surname_of_named(refs: list[Ref]) -> list[Ref]:
    """"Экс-аким Атырау Кайрат Уразбаев ...", then "Уразбаев был назначен на должность акима
    Атырау в 2020 году": a bare surname that the registry could not place on the article's
    date (so it was taken for someone new) is the registry person the article names in full."""
    named: dict[str, dict[str, Person]] = defaultdict(dict)
    for ref in refs:
        words = ref.person.name.split()
        full = ref.person.akim_id or (len(words) > 1 and all(len(w) > 1 for w in words))
        if ref.strength == "strong" and full:
            for form in surface_forms(words[-1]):
                named[loose(form)][ref.person.key] = ref.person
    if not named:
        return refs
    out = []
    for ref in refs:
        surname = _bare_surname(ref.person)
        people = named.get(loose(surname), {}) if surname else {}
        people = {k: p for k, p in people.items() if k != ref.person.key and _initials_fit(ref.person, p)}
        out.append(replace(ref, person=next(iter(people.values()))) if len(people) == 1 else ref)
    return out


# "Сыздыебкеов" for "Сыздыкбеков" is 0.82; the same first name, role and place are required
# too, since "Ахмедов" for "Ахметов" (0.86) may be someone else.
MISSPELT_RATIO = 0.8


KK_PATRONYMIC_ENDINGS = ("улы", "кызы")  # loose() forms of -ұлы, -қызы


def _misspelt_of_named(refs: list[Ref]) -> list[Ref]:
    """"Габит Сыздыебкеов, аким Шымкента" in an article about Габит Сыздыкбеков: a name
    outside the registry with the same first name and role as a registry person of the
    article, and a surname a typo away, is that person (sites publish typos)."""
    known = {ref.person.key: ref.person for ref in refs if ref.person.akim_id and len(ref.person.name.split()) > 1}
    if not known:
        return refs
    out = []
    for ref in refs:
        words = ref.person.name.split()
        match = None
        if ref.person.akim_id is None and len(words) == 2 and len(words[1]) >= 6:
            close = [p for p in known.values()
                     if p.role == ref.person.role and ref.person.region in (None, p.region)
                     and loose(p.name.split()[0]) == loose(words[0])
                     and loose(p.name.split()[-1])[:1] == loose(words[1])[:1]
                     and SequenceMatcher(None, loose(p.name.split()[-1]), loose(words[1])).ratio() >= MISSPELT_RATIO]
            match = close[0] if len(close) == 1 else None
            if match is None and loose(words[1]).endswith(KK_PATRONYMIC_ENDINGS):
                # "қала әкімі Ғабидолла Рахметоллаұлы": first name and patronymic, as Kazakh
                # news addresses the akim the article names in full (spellings of the first
                # name vary between the alphabets).
                same = [p for p in known.values()
                        if p.role == ref.person.role and ref.person.region in (None, p.region)
                        and SequenceMatcher(None, loose(p.name.split()[0]), loose(words[0])).ratio()
                        >= MISSPELT_RATIO]
                match = same[0] if len(same) == 1 else None
        out.append(replace(ref, person=match) if match else ref)
    return out


def _bare_surname(person: Person) -> str | None:
    """"Уразбаев", "Шыныбеков А А", "А. А. Шыныбеков": the surname of a name outside the
    registry given without its first name, else None."""
    if person.akim_id is not None:
        return None
    words = person.name.replace(".", " ").split()
    long = [w for w in words if len(w) > 1]
    return long[0] if len(long) == 1 else None


def _initials_fit(short: Person, full: Person) -> bool:
    """Same initial, and the same office kind: "заместитель акима Ахметов" is not "аким
    Серик Ахметов" (an akim and a former akim may be one person told at two times)."""
    initials = [w[0] for w in short.name.replace(".", " ").split() if len(w) == 1]
    deputy = {short.role, full.role} & {"deputy_akim"}
    return (not initials or loose(initials[0]) == loose(full.name[0])) and (not deputy or short.role == full.role)


_OFFICE_WORDS = ("аким", "әкім", "город", "облас", "район", "қала", "облыс", "аудан", "первы", "замест", "орынб")


def _place_stems(position: str | None) -> set[str]:
    return {loose(w)[:5] for w in CAPITALISED_RE.findall(position or "") + (position or "").split()
            if len(w) >= 4 and not loose(w).startswith(_OFFICE_WORDS)}


def _named_holders(refs: list[Ref]) -> list[Ref]:
    """"Ақтау әкімі Ғалымжан Ниязов ...", then "Ақтау қаласының әкімі" with no name: the one
    the article names in that office, not whoever the registry gives for the date."""
    named = [r.person for r in refs if r.strength == "strong"]
    out = []
    for ref in refs:
        if ref.strength == "office":
            same = {p.key: p for p in named if p.key != ref.person.key and p.role == ref.person.role
                    and p.level == ref.person.level and p.region == ref.person.region
                    and _place_stems(p.position) & _place_stems(ref.person.position)}
            if len(same) == 1:
                ref = replace(ref, person=next(iter(same.values())), strength="phrase")
        out.append(ref)
    return out


def later_surname_refs(refs: list[Ref], sentences: list[Sentence]) -> list[Ref]:
    """«Аким Абайского района Нурлан Жакупов ...», then «Жакупов поручил ...»: people outside
    the registry, once introduced with their office and full name, are then called by
    surname, which the registry index does not know. Those sentences are theirs too (and
    so is the tone in them). A surname two such people share, or one a registry person
    named in the article also bears, is left alone."""
    owners: dict[str, dict[str, Person]] = defaultdict(dict)
    for ref in refs:
        parts = ref.person.name.split()
        if ref.strength == "strong" and ref.person.akim_id is None and len(parts) > 1 and surname_like(parts[-1]):
            for form in surface_forms(parts[-1]):
                owners[loose(form)][ref.person.key] = ref.person
    if not owners:
        return []
    taken = {loose(form) for r in refs if r.person.akim_id
             for form in surface_forms(r.person.name.split()[-1])}
    seen = {(r.person.key, r.sentence.index) for r in refs}
    extra = []
    for sentence in sentences:
        for word in CAPITALISED_RE.findall(sentence.text):
            people = owners.get(loose(word), {})
            if len(people) != 1 or loose(word) in taken:
                continue
            person = next(iter(people.values()))
            if (person.key, sentence.index) not in seen:
                seen.add((person.key, sentence.index))
                extra.append(Ref(person, sentence, "surname"))
    return extra


def _inherit_places(refs: list[Ref], open_phrases) -> list[Ref]:
    """"Замакима Экибастуза ..." in the title places the "заместитель акима Маликова" of the text."""
    out = []
    for ref in refs:
        person = ref.person
        if person.akim_id is None and person.level is None:
            places = {(p.place.office_id, p.place.region, p.place.level, p.place.text)
                      for p, _s in open_phrases
                      if p.place and p.place.region and p.role == person.role and not p.plural}
            if len(places) == 1:
                _office, region, level, text = next(iter(places))
                position = f"{person.position} {text}".strip()
                person = replace(person, region=region, level=level, position=position)
        out.append(replace(ref, person=person))
    return out


def _phrase_refs(refs: list[Ref], open_phrases) -> list[Ref]:
    """An unnamed "замакима"/"аким" refers to the one person of that role in the article."""
    extra = []
    for phrase, sentence in open_phrases:
        if phrase.plural or phrase.former:
            continue
        people = {r.person.key: r.person for r in refs if r.person.role == phrase.role and _fits(r.person, phrase)}
        if len(people) == 1:
            extra.append(Ref(next(iter(people.values())), sentence, "phrase"))
    return extra


def _fits(person: Person, phrase: RolePhrase) -> bool:
    if phrase.place is None:
        return phrase.level is None or person.level in (None, phrase.level)
    return person.region in (None, phrase.place.region)


def _mention(article_id: str, refs: list[Ref], lead: int) -> Mention:
    refs = sorted(refs, key=lambda r: r.sentence.index)
    snippets = []
    for ref in refs:
        text = ref.sentence.text.strip()
        if ref.sentence.index >= 0 and text not in snippets:
            snippets.append(text)
    if not snippets:
        snippets = [refs[0].sentence.text.strip()]
    main = any(r.sentence.index == -1 or r.sentence.paragraph == lead for r in refs)
    mention = Mention(article_id=article_id, person=_best_person(refs), count=len(refs),
                      snippets=snippets[:MAX_SNIPPETS], main_subject=main)
    for ref in refs:
        if ref.strength in ("strong", "office"):
            _add_role(mention, ref.person)
    return mention


def _best_person(refs: list[Ref]) -> Person:
    """Prefer what a named, explicit reference said about the person."""
    order = {"strong": 0, "office": 1, "weak": 2, "phrase": 3, "surname": 4}
    return min(refs, key=lambda r: (order[r.strength], r.sentence.index)).person
