"""From a registry person (or a role phrase) and the article's date to a Person."""

from __future__ import annotations

from datetime import date

from monitor.akims import Registry, Tenure
from monitor.mentions.roles import RolePhrase
from monitor.models import Person

RU_POSITIONS = {"akim": "аким", "deputy_akim": "заместитель акима"}
KK_POSITIONS = {"akim": "әкімі", "deputy_akim": "әкімінің орынбасары"}


def registry_person(
    registry: Registry, owners: set[str], phrase: RolePhrase | None, day: date | None,
    surname_only: bool = False, past: bool = False, leaving: bool = False,
    regions: frozenset[str] = frozenset(),
) -> Person | None:
    """The registry person among owners that the phrase and the date point to.

    A bare surname next to a role phrase must fit it ("аким Экибастуза Ахметов"
    is not Danial Akhmetov of East Kazakhstan); a full name is trusted as is.
    """
    if surname_only and phrase is not None:
        owners = {pid for pid in owners if _fits_phrase(registry.tenures_of(pid), phrase, day)}
    best = _pick(registry, owners, phrase, day, regions)
    if best is None:
        return None
    pid, tenure = best
    role = _role(tenure, phrase, day, past, leaving)
    if role is None:
        return None
    position = tenure.position_ru
    if phrase is not None and phrase.role != tenure.role:
        # A deputy later, the akim in this sentence ("Кушеров возглавил область"), or the reverse.
        office = phrase.place.office_id if phrase.place else None
        position = registry.office_title(office, phrase.role) or phrase_position(phrase)
        if phrase.former and phrase.role == "akim":
            position = "бывший " + position
    return Person(tenure.name_ru, role, pid, position, tenure.region, tenure.level)


def _fits_phrase(tenures: list[Tenure], phrase: RolePhrase, day: date | None) -> bool:
    if phrase.role == "deputy_akim" and not any(t.role == "deputy_akim" for t in tenures):
        return False
    place = phrase.place
    if place is not None and place.office_id:
        tenures = [t for t in tenures if t.office_id == place.office_id]
    elif place is not None and place.region:
        tenures = [t for t in tenures if t.region == place.region]
    level = (place.level if place else None) or phrase.level
    if level:
        tenures = [t for t in tenures if t.level == level]
    if day is None or not tenures:
        return bool(tenures)
    if phrase.former:
        return any(t.ended_before(day) or t.possibly_on(day) for t in tenures)
    return any(t.possibly_on(day) for t in tenures)


def _pick(registry: Registry, owners: set[str], phrase: RolePhrase | None, day: date | None,
          regions: frozenset[str] = frozenset()):
    office = phrase.place.office_id if phrase and phrase.place else None
    # "Новым руководителем области стал X" on an undated page: his region's office, not
    # the city he heads now.
    level = ((phrase.place.level if phrase.place else None) or phrase.level) if phrase and not office else None
    scored = []
    for pid in sorted(owners):
        tenures = registry.tenures_of(pid)
        in_office = [t for t in tenures if t.office_id == office or (level and t.level == level)]
        if not in_office and phrase is None and day is None:
            in_office = [t for t in tenures if t.region in regions]
        tenure = _best_tenure(in_office or tenures, day)
        if tenure is None:
            continue
        active = day is None or tenure.possibly_on(day)
        sure = day is not None and tenure.surely_on(day)
        scored.append(((bool(in_office), active, sure), pid, tenure))
    if not scored:
        return None
    scored.sort(key=lambda s: s[0], reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None  # two registry namesakes, nothing to tell them apart
    return scored[0][1], scored[0][2]


def _best_tenure(tenures: list[Tenure], day: date | None) -> Tenure | None:
    if day is not None:
        covering = [t for t in tenures if t.possibly_on(day)]
        if covering:
            return max(covering, key=lambda t: t.start.lo or date.min)
    return max(tenures, key=lambda t: (t.end.is_open, t.end.hi or date.min))


def _role(tenure: Tenure, phrase: RolePhrase | None, day: date | None, past: bool = False,
          leaving: bool = False) -> str | None:
    """The text's own title wins: "аким Мангистауской области X" is an akim in that
    text whatever the registry says of the article's date. Only a name with no role
    beside it takes its role from the registry, and then a former akim only where the
    sentence looks back ("в бытность акимом", "возглавлял область", "бывший")."""
    if phrase is not None:
        return phrase_role(phrase)
    if leaving and tenure.role == "akim":
        return "former_akim"  # "X и Y освободили свои должности": this news ends the tenure
    # "назначили вместо Кулагина" on the day his tenure ends: the cue decides.
    ending = tenure.end.known and (day is None or tenure.end.lo <= day)
    if past and tenure.role == "akim" and ending:
        return "former_akim"
    if day is None or tenure.possibly_on(day):
        return tenure.role
    return None


def phrase_role(phrase: RolePhrase) -> str:
    """A former deputy stays a deputy akim: only an akim's office has a "former" role."""
    return "former_akim" if phrase.former and phrase.role == "akim" else phrase.role


def unknown_person(name: str, phrase: RolePhrase) -> Person:
    role = phrase_role(phrase)
    place = phrase.place
    level = (place.level if place else None) or phrase.level
    return Person(name, role, None, phrase_position(phrase), place.region if place else None, level)


def phrase_position(phrase: RolePhrase) -> str:
    """"заместителем акима Экибастуза" -> "заместитель акима Экибастуза" (role in the nominative)."""
    place = phrase.place.text if phrase.place else ""
    if phrase.script == "kk":
        role = KK_POSITIONS[phrase.role].replace("орынбасары", "бірінші орынбасары" if phrase.first else "орынбасары")
        return f"{place} {role}".strip()
    word = RU_POSITIONS[phrase.role]
    if phrase.first:
        word = "первый " + word
    if phrase.former:
        word = "бывший " + word
    return f"{word} {place}".strip()


def career_person(registry: Registry, subject: Person, phrase: RolePhrase) -> Person:
    """The post a career phrase gives someone already known: "Кульгинов, ранее занимавший
    должность акима ЗКО" is the former akim of West Kazakhstan besides what else he is."""
    place = phrase.place
    office = place.office_id if place else None
    role = phrase_role(phrase)
    position = registry.office_title(office, phrase.role) if office else None
    if position is None:
        position = phrase_position(phrase)
    elif role == "former_akim":
        position = "бывший " + position
    region = place.region if place else None
    level = (place.level if place else None) or phrase.level
    return Person(subject.name, role, subject.akim_id, position, region, level)


def holder_person(registry: Registry, phrase: RolePhrase, day: date | None) -> Person | None:
    """"аким Алматы" with no name: whoever held the office that day."""
    if day is None or phrase.place is None or not phrase.place.office_id:
        return None
    if phrase.former or phrase.plural or not phrase.resolvable or phrase.role != "akim":
        return None
    tenure = registry.holder(phrase.place.office_id, day)
    if tenure is None:
        return None
    return Person(tenure.name_ru, "akim", tenure.akim_id, tenure.position_ru, tenure.region, tenure.level)
