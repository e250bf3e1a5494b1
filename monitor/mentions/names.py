"""Registry names as a lookup table from surface form to person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from monitor.akims import Registry
from monitor.mentions.forms import fold, loose, surface_forms

SURNAME, FIRST = "surname", "first"


@dataclass
class PersonNames:
    akim_id: str
    surnames: set[str] = field(default_factory=set)  # folded base forms
    firsts: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)
    patronymics: set[str] = field(default_factory=set)


@dataclass
class NameIndex:
    people: dict[str, PersonNames]
    forms: dict[str, set[tuple[str, str]]]  # loose() form -> {(akim_id, SURNAME|FIRST)}

    @classmethod
    def build(cls, registry: Registry) -> NameIndex:
        people: dict[str, PersonNames] = {}
        for tenure in registry.tenures:
            names = people.setdefault(tenure.akim_id, PersonNames(tenure.akim_id))
            spellings = [tenure.name_ru, tenure.name_kk, tenure.name_en, *tenure.aliases]
            for spelling in filter(None, spellings):
                _add_spelling(names, spelling)
            if tenure.patronymic_ru:
                names.patronymics.add(loose(tenure.patronymic_ru))
        forms: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for names in people.values():
            for kind, parts in ((SURNAME, names.surnames), (FIRST, names.firsts)):
                for part in parts:
                    for form in surface_forms(part):
                        forms[loose(form)].add((names.akim_id, kind))
        return cls(people, dict(forms))

    def lookup(self, token: str) -> set[tuple[str, str]]:
        return self.forms.get(loose(token), set())

    def known(self, token: str) -> bool:
        return loose(token) in self.forms

    def surname_owners(self, token: str) -> set[str]:
        return {pid for pid, kind in self.lookup(token) if kind == SURNAME}

    def first_owners(self, token: str) -> set[str]:
        return {pid for pid, kind in self.lookup(token) if kind == FIRST}


def _add_spelling(names: PersonNames, spelling: str) -> None:
    """'Ерболат Досаев' -> first + surname; 'Dosayev' -> surname; 'Досаев Е.' -> + initial."""
    words = [w for w in spelling.replace(".", ". ").split() if w]
    full = [w for w in words if not w.endswith(".")]
    names.initials |= {loose(w[0]) for w in words if w.endswith(".")}
    if not full:
        return
    if len(words) == 1 or all(w.endswith(".") for w in words[1:]):
        names.surnames.add(fold(full[0]))
        return
    names.surnames.add(fold(full[-1]))
    for first in full[:-1]:
        names.firsts.add(fold(first))
        names.initials.add(loose(first[0]))
