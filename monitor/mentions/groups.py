"""Runs of capitalised words that may be a person's name, matched against the registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.mentions.forms import fold, loose, surname_like
from monitor.mentions.lexicon import CAPS_NOT_NAMES, KK_CASED_SURNAME, KK_GENITIVE
from monitor.mentions.morph import analyzer
from monitor.mentions.names import NameIndex
from monitor.mentions.tokens import Token

MAX_GROUP = 4
# Capitalised sentence openers that pymorphy3 does not know (Kazakh) and are not names.
_KK_OPENERS = {"бүгін", "кеше", "сондай-ақ", "осы", "ал", "бұл", "сонымен", "мұнда", "онда",
               "енді", "жуырда", "алайда", "дегенмен", "сондықтан", "сол", "биыл", "былтыр"}
# Lowercase nouns that make the capitalised word before them a place, not part of a name:
# "Жеңіс Қасымбек Сарыарқа ауданында", "Азамат Сафуллин Балқаш қаласында", "Ерлан Садыков
# Алатауский район посетил", "Бақтияр Құлжанов Байтұрсынов көшесін". Kazakh only in the
# possessive ("X ауданы-нда" = in X's district): a bare "ауылға" after a name is just "to the village".
_KK_PLACE_NOUNS = ("ауданы", "ауданын", "облысы", "облысын", "қаласы", "қаласын", "ауылы", "ауылын",
                   "көшесі", "көшесін", "даңғылы", "даңғылын", "шағынауданы", "шағынауданын",
                   "ауылдық")
_RU_PLACE_NOUNS = {
    "район", "района", "районе", "району", "районом", "область", "области", "областью",
    "улица", "улицу", "улице", "улицы", "проспект", "проспекта", "проспекте", "микрорайон",
    "микрорайона", "микрорайоне", "село", "села", "селе", "селом", "поселок", "поселка", "поселке",
}
_PATRONYMIC_ENDS = ("вич", "вна", "улы", "ұлы", "кызы", "қызы", "вича", "вне", "вичу", "вной")


@dataclass
class NameGroup:
    start: int  # token indices, end exclusive
    end: int
    words: list[str]
    owners: set[str] = field(default_factory=set)  # registry people whose surname is here
    strong: set[str] = field(default_factory=set)  # ... whose first name or initial is here too
    namesake: bool = False  # another first name stands next to a registry surname


def name_groups(tokens: list[Token], covered: set[int], index: NameIndex) -> list[NameGroup]:
    groups, run = [], []
    for i, token in enumerate(tokens + [Token(".", ".", -1, -1)]):
        if i < len(tokens) and i not in covered and _name_token(tokens, i) and not _after_genitive_name(tokens, run):
            run.append(i)
            continue
        if token.text == "." and run and len(tokens[run[-1]].text) == 1:
            continue  # the dot of an initial: "Е. Досаев"
        if run and _place_noun(token):
            run = run[:-1]  # "Виноградов ауылдық округінде": the place's own name
        groups += _trimmed(tokens, run, index)
        run = []
    return groups


def _after_genitive_name(tokens: list[Token], run: list[int]) -> bool:
    """"Тілек Көшмағанбетовтің Ақтауда": in Kazakh only a name's last word takes the case
    ending, so a genitive (or another case ending on a surname: "Марат Ержановты Мұхтар
    Әбенов тағайындады") ends the name; the capitalised word after it is his, someone
    else, or a place."""
    if not run:
        return False
    word = tokens[run[-1]].fold
    return word.endswith(KK_GENITIVE) or bool(KK_CASED_SURNAME.search(word))


def _place_noun(token: Token) -> bool:
    if not token.is_word or token.capitalized:
        return False
    return token.fold in _RU_PLACE_NOUNS or token.fold.startswith(_KK_PLACE_NOUNS)


def _name_token(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if token.text.isupper() and token.fold.startswith(CAPS_NOT_NAMES):
        return False  # "… ӘКІМІ БОЛЫП ТАҒАЙЫНДАЛДЫ": in capitals the predicate is no name
    return token.is_word and token.capitalized and len(token.text) > 0


def _trimmed(tokens: list[Token], run: list[int], index: NameIndex) -> list[NameGroup]:
    """Drop capitalised non-names at the edges ("Вчера Досаев"), then analyse."""
    run = [i for i in run if _maybe_name(tokens[i], index) or _first_name_before_surname(tokens, i, run)
           or _surname_after_first_name(tokens, i, run)]
    if not run:
        return []
    chunks, current = [], [run[0]]
    for i in run[1:]:
        if i - current[-1] <= 2:  # the dot of an initial may sit between
            current.append(i)
        else:
            chunks.append(current)
            current = [i]
    chunks.append(current)
    return [_analyse(tokens, c[:MAX_GROUP], index) for c in chunks]


def _maybe_name(token: Token, index: NameIndex) -> bool:
    if index.lookup(token.text) or len(token.text) == 1:
        return True
    if token.fold in _KK_OPENERS:
        return False
    parses = analyzer().parse(token.text)
    if not parses[0].is_known:
        return True
    return any(tag in p.tag for p in parses[:3] for tag in ("Name", "Surn", "Patr"))


def _first_name_before_surname(tokens: list[Token], i: int, run: list[int]) -> bool:
    """"бывший аким Сырым Рушанов": a first name that is also a common word (сырым, Мереке,
    Жанар) is a name when a surname follows it and it does not open the sentence."""
    return i > 0 and i + 1 in run and surname_like(tokens[i + 1].text) and tokens[i - 1].is_word


def _surname_after_first_name(tokens: list[Token], i: int, run: list[int]) -> bool:
    """"Максута Калиева": a surname that is also a common word (калиевый) after a first name."""
    return i - 1 in run and surname_like(tokens[i].text) and not surname_like(tokens[i - 1].text)


def _analyse(tokens: list[Token], idx: list[int], index: NameIndex) -> NameGroup:
    words = [tokens[i].text for i in idx]
    group = NameGroup(idx[0], idx[-1] + 1, words)
    for word in words:
        group.owners |= index.surname_owners(word)
    for pid in group.owners:
        person = index.people[pid]
        matched = [w for w in words if _belongs(w, person, index)]
        if any(index.lookup(w) & {(pid, "first")} or _initial(w, person) for w in words):
            group.strong.add(pid)
        elif len(matched) < len(words) and _has_foreign_first_name(words, matched):
            group.namesake = True
    if group.strong:
        group.namesake = False
    return group


def _belongs(word: str, person, index: NameIndex) -> bool:
    return (person.akim_id, "surname") in index.lookup(word) or loose(word) in person.patronymics


def _initial(word: str, person) -> bool:
    return len(word) == 1 and loose(word) in person.initials


def _has_foreign_first_name(words: list[str], matched: list[str]) -> bool:
    """A word beside the surname that is neither the person's name nor a patronymic."""
    return any(not fold(w).endswith(_PATRONYMIC_ENDS) for w in words if w not in matched)
