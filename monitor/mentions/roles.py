"""Role phrases in one sentence: "первый заместитель акима Алматы", "облыс әкімінің орынбасары".

A phrase knows its role, whether it says "former", the place it names, and
whether it may be resolved to whoever held the office on the article's date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from monitor.mentions import lexicon as lx
from monitor.mentions.places import Place, is_city_name, place_after, place_before
from monitor.mentions.tokens import Token, token_at


@dataclass(frozen=True)
class RolePhrase:
    start: int  # first token of the phrase
    end: int  # token after the phrase (after the place in Russian)
    head: int  # the role word itself
    role: str  # akim | deputy_akim
    script: str  # ru | kk | en
    case: str | None = None  # case of the leading noun, for the name after it
    former: bool = False
    plural: bool = False
    excluded: bool = False  # руководитель аппарата акима: not about an akim at all
    resolvable: bool = True
    place: Place | None = None
    level: str | None = None
    first: bool = False  # первый заместитель
    indirect: bool = False  # "его заместитель": a deputy only in an article about an akim
    dismissed: bool = False  # "освобождён от должности акима ...": former because of this very news
    verb: bool = False  # "возглавил область", "облысын басқарады": the name before is its subject
    # "ранее занимал должность акима ЗКО", "был акимом Актобе", "әкімі қызметін атқарған": a post
    # in the biography of the sentence's subject, who may hold another role in the same article.
    career: bool = False


def find_roles(sentence: str, tokens: list[Token]) -> list[RolePhrase]:
    found = []
    for i, token in enumerate(tokens):
        phrase = _ru_phrase(tokens, i) or _kk_phrase(tokens, i) or _en_phrase(tokens, i)
        if phrase is not None:
            found.append(_with_place(sentence, tokens, phrase))
        elif token.fold in lx.RU_LEAD_PARTICIPLES:
            lead = _lead_participle(sentence, tokens, i)
            if lead is not None:
                found.append(lead)
        elif token.fold in lx.RU_LEADS or token.fold in lx.KK_LEADS:
            lead = _lead(sentence, tokens, i)
            if lead is not None:
                found.append(lead)
        elif token.fold in lx.RU_GOVERN:
            governed = _governed(tokens, i)
            if governed is not None:
                found.append(governed)
    return _acting_deputies(tokens, found)


def _acting_deputies(tokens: list[Token], found: list[RolePhrase]) -> list[RolePhrase]:
    """"обязанности акима города исполняет заместитель акима X", "қала әкімінің міндетін
    атқару … орынбасары X-қа жүктелген": the deputy named is the acting akim of the office
    named first (that office is no unnamed akim of its own)."""
    words = [t.fold for t in tokens]
    for q in found:
        if q.role != "akim" or q.plural:
            continue
        ru = q.start > 0 and words[q.start - 1].startswith("обязанност")
        kk = words[q.end:q.end + 2] == ["міндетін", "атқару"] or words[q.end:q.end + 3] == ["міндетін", "уақытша",
                                                                                          "атқару"]
        if not ru and not (kk and any(w.startswith("жүктел") for w in words)):
            continue
        for k, p in enumerate(found):
            if p.role != "deputy_akim" or p.start < q.end:
                continue
            verb = words[p.start - 1] if p.start > 0 else ""
            if ru and not verb.startswith(("исполня", "исполнял")):
                continue
            past = verb.startswith("исполнял")
            found[k] = replace(p, role="akim", place=q.place or p.place, former=past, first=False, resolvable=False)
            found[found.index(q)] = replace(q, excluded=True)
            break
    return found


def _governed(tokens: list[Token], i: int) -> RolePhrase | None:
    """"когда городом управлял X", "период руководства городом X": governing the place the
    article is about, with no akim word; the name follows the phrase."""
    before = tokens[i - 1].fold if i > 0 else ""
    after = tokens[i + 1].fold if i + 1 < len(tokens) else ""
    if after in lx.RU_GOVERNED_PLACES:
        start, end, level = i, i + 2, lx.RU_GOVERNED_PLACES[after]
    elif before in lx.RU_GOVERNED_PLACES and lx.RU_GOVERN[tokens[i].fold][0] == "verb":
        start, end, level = i - 1, i + 1, lx.RU_GOVERNED_PLACES[before]
    else:
        return None
    kind, past = lx.RU_GOVERN[tokens[i].fold]
    case = "gent" if kind == "noun" else "nomn"
    return RolePhrase(start, end, i, "akim", "ru", case, former=past, level=level, resolvable=False)


def _lead(sentence: str, tokens: list[Token], i: int) -> RolePhrase | None:
    """"возглавил Туркестанскую область" (the place after), "Түркістан облысын басқарады"
    (the place before): an akim's office held, with no akim word."""
    word = tokens[i].fold
    if word in lx.RU_LEADS:
        # "возглавлял акимат Северо-Казахстанской области": the akimat is the office itself.
        skip = i + 1 < len(tokens) and tokens[i + 1].fold in ("акимат", "акиматом", "в", "во")
        after = tokens[i + 1].stop if skip else tokens[i].stop
        place = place_after(sentence[after:after + 80])
        if place is None:
            return _lead_inverted(sentence, tokens, i)
        end = token_at(tokens, after + place.end)
        # "который тогда возглавлял область": the akim at the time the text describes.
        past = lx.RU_LEADS[word] and not (i > 0 and tokens[i - 1].fold == "тогда")
        return RolePhrase(i, max(i + 1, end), i, "akim", "ru", "nomn", former=past, place=place,
                          resolvable=False, verb=True, career=past)
    # "ауданды (бұған дейін 2 жыл) басқарған": the place may stand a few words before the verb.
    k = i
    while True:
        start_char = tokens[k].start
        place = place_before(sentence[max(0, start_char - 80):start_char])
        if place is not None:
            break
        k -= 1
        if k < 0 or i - k > 4 or not (tokens[k].fold in lx.KK_LEAD_ADVERBS or tokens[k].fold.isdigit()):
            return None
    start = token_at(tokens, start_char - place.end)
    return RolePhrase(start, i + 1, i, "akim", "kk", "nomn", former=lx.KK_LEADS[word], place=place,
                      resolvable=False, verb=True)


def _lead_inverted(sentence: str, tokens: list[Token], i: int) -> RolePhrase | None:
    """"Карагандинскую область возглавляет X", "… так как её возглавляет X": the place (or
    a pronoun standing for the region the sentence is about) before the verb, the name after."""
    if i + 1 >= len(tokens) or not tokens[i + 1].capitalized:
        return None
    place = None
    if i > 0 and tokens[i - 1].fold in ("ее", "её") and any(t.fold.startswith(("област", "регион"))
                                                           for t in tokens[:i - 1]):
        place = Place(None, "region", None, tokens[i - 1].text, 0)  # "Кызылординская область ... её возглавляет"
    for k in range(max(0, i - 3), i):
        found = place_after(sentence[tokens[k].start:tokens[i].start])
        if found is not None and tokens[k].start + found.end >= tokens[i - 1].stop:
            place = found
            break
    if place is None:
        return None
    past = lx.RU_LEADS[tokens[i].fold]
    return RolePhrase(i, i + 1, i, "akim", "ru", "nomn", former=past, place=place, resolvable=False)


def _lead_participle(sentence: str, tokens: list[Token], i: int) -> RolePhrase | None:
    """"возглавлявший (до этого) областной центр X": the office, and the name after it."""
    case, past = lx.RU_LEAD_PARTICIPLES[tokens[i].fold]
    k = i + 1
    while k < len(tokens) and k - i <= 4:
        place = place_after(sentence[tokens[k - 1].stop:tokens[k - 1].stop + 80])
        if place is not None and (place.office_id or len(place.text.split()) > 1):
            end = token_at(tokens, tokens[k - 1].stop + place.end)
            return RolePhrase(i, max(k, end), i, "akim", "ru", case, former=past, place=place, resolvable=False)
        if tokens[k].fold not in lx.RU_LEAD_ADVERBS and not tokens[k].fold.isdigit():
            return None
        k += 1
    return None


def _ru_phrase(tokens: list[Token], i: int) -> RolePhrase | None:
    word = tokens[i].fold
    former = word.startswith("экс-")
    word = word[4:] if former else word
    if word in lx.RU_AKIM and not _given_name(tokens, i):
        case, plural = lx.RU_AKIM[word]
        phrase = RolePhrase(i, i + 1, i, "akim", "ru", case, former, plural)
        return _ru_deputy(tokens, phrase)
    if word in lx.RU_DEPUTY_HEAD and _possessive_deputy(tokens, i) and _acting(tokens, i - 1):
        # "Исполняет обязанности акима его заместитель X": the deputy is the acting akim.
        return RolePhrase(i - 1, i + 1, i, "akim", "ru", lx.RU_DEPUTY_HEAD[word], resolvable=False)
    if word in lx.RU_DEPUTY_HEAD and _counted_deputies(tokens, i):
        # "Два его бывших заместителя, A и B": his deputies, named in the list after.
        return RolePhrase(i, i + 1, i, "deputy_akim", "ru", None, plural=True, resolvable=False, indirect=True)
    if word in lx.RU_DEPUTY_HEAD and _possessive_deputy(tokens, i):
        # "его заместитель X", "своему заместителю X": the deputy of the akim the text is about.
        return RolePhrase(i - 1, i + 1, i, "deputy_akim", "ru", lx.RU_DEPUTY_HEAD[word], resolvable=False,
                          indirect=True)
    if word in lx.RU_DEPUTY_ONE:
        return _ru_context(tokens, RolePhrase(i, i + 1, i, "deputy_akim", "ru", lx.RU_DEPUTY_ONE[word], former))
    if word in lx.RU_AKIM_SYNONYMS:
        return _ru_context(tokens, RolePhrase(i, i + 1, i, "akim", "ru", lx.RU_AKIM_SYNONYMS[word], former, level="city"))
    if word in lx.RU_HEAD and i + 1 < len(tokens):
        of = _head_of(tokens, i + 1)
        if of is None or (word.startswith("руковод") and not _whole_place(tokens, of)):
            return None
        plural = tokens[of].fold in lx.RU_HEADS_OF_MANY
        region_word = tokens[of].fold in ("региона", "регионов")
        phrase = RolePhrase(i, of + 1 if region_word else i + 1, i, "akim", "ru", lx.RU_HEAD[word],
                            plural=plural, level="region" if region_word else None)
        return _ru_deputy(tokens, phrase)
    return None


def _acting(tokens: list[Token], i: int) -> bool:
    return i >= 2 and tokens[i - 1].fold.startswith("аким") and tokens[i - 2].fold.startswith("обязанност")


def _counted_deputies(tokens: list[Token], i: int) -> bool:
    before = [t.fold for t in tokens[max(0, i - 3):i]]
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return (any(w in lx.RU_COUNT_WORDS for w in before) and any(w in lx.RU_POSSESSIVE for w in before)
            and nxt in (",", "—", "–", ":"))


def _possessive_deputy(tokens: list[Token], i: int) -> bool:
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return (i > 0 and tokens[i - 1].fold in lx.RU_POSSESSIVE and nxt is not None
            and nxt.capitalized and nxt.is_word)


def _given_name(tokens: list[Token], i: int) -> bool:
    """"Режиссёр Аким Салбиев": Аким is also a Russian first name. Capitalised in mid-sentence
    after a word and before another capitalised word, it is a name, not the title."""
    if tokens[i].text != "Аким" or i == 0 or i + 1 >= len(tokens):
        return False
    return tokens[i - 1].is_word and tokens[i + 1].capitalized and tokens[i + 1].is_word


def _head_of(tokens: list[Token], j: int) -> int | None:
    """The token that makes "глава" an akim ("глава региона", "главе Илийского района",
    "главы соседствующих регионов"), or None ("глава государства")."""
    if tokens[j].fold in lx.RU_HEAD_OF or tokens[j].fold in lx.RU_HEADS_OF_MANY or is_city_name(tokens[j].fold):
        return j
    if j + 1 >= len(tokens):
        return None
    nxt = tokens[j + 1].fold
    if tokens[j].fold.endswith(lx.RU_PLACE_ADJECTIVE_ENDINGS) and nxt.startswith(("област", "район", "город")):
        return j
    if tokens[j].fold.startswith("областн") and nxt.startswith("центр"):
        return j + 1  # "главой областного центра": the regional capital's akim
    if tokens[j].fold.endswith(("их", "ых")) and nxt in lx.RU_HEADS_OF_MANY:
        return j + 1
    return None


def _whole_place(tokens: list[Token], of: int) -> bool:
    """"руководитель области", "руководитель Карагандинской области", but not "руководитель
    Карагандинского областного филиала": the place itself, not an adjective of an agency."""
    if tokens[of].fold in lx.RU_HEAD_OF:
        return True
    return of + 1 < len(tokens) and tokens[of + 1].fold in lx.RU_HEAD_OF


def _ru_deputy(tokens: list[Token], phrase: RolePhrase) -> RolePhrase:
    i = phrase.start
    head = tokens[i - 1].fold.removeprefix("экс-") if i > 0 else ""
    if head in lx.RU_DEPUTY_HEAD:
        start = i - 1
        first = start > 0 and tokens[start - 1].fold in lx.RU_FIRST
        start -= first or (start > 0 and tokens[start - 1].fold in lx.RU_DEPUTY_ADJECTIVES)
        former = phrase.former or tokens[i - 1].fold.startswith("экс-")  # "экс-заместителю акима"
        phrase = replace(phrase, start=start, role="deputy_akim", case=lx.RU_DEPUTY_HEAD[head],
                         plural=False, first=first, former=former)
    return _ru_context(tokens, phrase)


def _ru_context(tokens: list[Token], phrase: RolePhrase) -> RolePhrase:
    """Look left of the phrase: former, someone else's title, an adjective of place."""
    start = phrase.start
    before = tokens[start - 1].fold if start > 0 else ""
    if _dismissed_from(tokens, start):
        # "назначить X акимом …, освободив от должности акима ЮКО": the office he leaves, his too.
        gerund = any(t.fold.startswith("освободив") for t in tokens[max(0, start - 4):start])
        phrase = replace(phrase, former=True, resolvable=False, dismissed=True, career=gerund)
    elif _held_before(tokens, start):
        phrase = replace(phrase, former=True, resolvable=False, career=True)
    elif before in lx.RU_FORMER:
        phrase = replace(phrase, start=start - 1, former=True)
    elif before.startswith(lx.RU_NOT_AKIM_BEFORE) or (before == "в" and phrase.plural):
        # "кандидаты в акимы", "баллотироваться в акимы": not (yet) akims
        phrase = replace(phrase, excluded=True)
    elif before.startswith(lx.RU_NO_RESOLVE_BEFORE):
        phrase = replace(phrase, resolvable=False)
    elif before in lx.RU_PLACE_ADJECTIVES:
        office = lx.RU_PLACE_ADJECTIVES[before]
        place = Place(office, "city", office.split(":")[1], tokens[start - 1].text, 0)
        phrase = replace(phrase, start=start - 1, place=place)
    elif before in lx.RU_LEVEL_ADJECTIVES:
        phrase = replace(phrase, start=start - 1, level=lx.RU_LEVEL_ADJECTIVES[before])
    return phrase


def _held_before(tokens: list[Token], start: int) -> bool:
    """"был акимом", "будучи главой", "занимавший пост акима", "исполнял обязанности главы":
    an office held in the past tense (not "был назначен акимом", where the verb is between)."""
    if start == 0:
        return False
    before = tokens[start - 1].fold
    if start > 1 and tokens[start - 2].fold == "тогда":
        return False  # "который тогда был акимом": the akim at the time described
    if before in lx.RU_HELD_VERBS:
        return True
    if before in ("и", ","):
        return _held_in_list(tokens, start - 1)
    if start < 2:
        return False
    verb = tokens[start - 2].fold
    if before.startswith(("должност", "пост")):
        return verb.startswith(lx.RU_HELD_POST_VERBS)
    return before.startswith("обязанност") and verb.startswith(lx.RU_ACTED_VERBS)


def _held_in_list(tokens: list[Token], k: int) -> bool:
    """"работал руководителем областного аппарата и заместителем акима СКО": the last of
    a list of posts after one verb of holding them (lowercase words and commas only)."""
    for j in range(k - 1, max(-1, k - 9), -1):
        word = tokens[j].fold
        if word in lx.RU_HELD_VERBS:
            return True
        if not (tokens[j].is_word or tokens[j].text == ","):
            return False
        if tokens[j].capitalized and not (j > 0 and tokens[j - 1].is_word and not tokens[j - 1].capitalized):
            return False  # a name; a place after a lowercase word ("заместителем акима Актау и …") is no stop
    return False


def _dismissed_from(tokens: list[Token], start: int) -> bool:
    """"снял с должности акима", "освобождённый ныне от должности аким": a dismissal."""
    window = [t.fold for t in tokens[max(0, start - 4):start]]
    if not window or not window[-1].startswith(("должност", "пост")):
        return False
    return any(w.startswith(lx.RU_DISMISSAL_STEMS) for w in window[:-1])


def _kk_phrase(tokens: list[Token], i: int) -> RolePhrase | None:
    word = tokens[i].fold
    if word.startswith(lx.KK_DEPUTY_AFTER) and i > 0 and tokens[i - 1].fold in lx.KK_POSSESSIVE:
        # "оның орынбасары X"
        return RolePhrase(i - 1, i + 1, i, "deputy_akim", "kk", "nomn", resolvable=False, indirect=True)
    former = word.startswith("экс-")
    word = word[4:] if former else word
    if word.startswith(lx.KK_HEAD):
        return _kk_head(tokens, i)
    if not word.startswith(lx.KK_STEM) or word.startswith(lx.KK_NOT_ROLE):
        return _kk_plural(tokens, i, word)
    phrase = RolePhrase(i, i + 1, i, "akim", "kk", "nomn", former)
    after = [t.fold for t in tokens[i + 1:i + 3]]
    if after[:1] and after[0].startswith(lx.KK_DEPUTY_AFTER):
        phrase = replace(phrase, end=i + 2, role="deputy_akim")
    elif after[:2] and after[0] == lx.KK_FIRST and len(after) > 1 and after[1].startswith(lx.KK_DEPUTY_AFTER):
        phrase = replace(phrase, end=i + 3, role="deputy_akim", first=True)
    elif len(after) > 1 and after[0] in lx.KK_FORMER and after[1].startswith(lx.KK_DEPUTY_AFTER):
        phrase = replace(phrase, end=i + 3, role="deputy_akim", former=True)  # "әкімінің бұрынғы орынбасары"
    elif after[:1] and after[0].startswith(lx.KK_NOT_AKIM_AFTER):
        phrase = replace(phrase, excluded=True)
    nxt = tokens[phrase.end].fold if phrase.end < len(tokens) else ""
    if nxt.startswith(lx.KK_NO_RESOLVE_AFTER):
        phrase = replace(phrase, resolvable=False)
    if _kk_held_after(tokens, phrase.end):
        phrase = replace(phrase, former=True, resolvable=False, career=True)
    return phrase


def _kk_held_after(tokens: list[Token], end: int) -> bool:
    """"Тарбағатай ауданы әкімі қызметін атқарып/атқарған": an office served in the past."""
    after = [t.fold for t in tokens[end:end + 2]]
    return len(after) == 2 and after[0] in lx.KK_SERVICE_NOUNS and after[1].startswith(lx.KK_HELD_VERBS)


def _kk_head(tokens: list[Token], i: int) -> RolePhrase | None:
    j = i - 1
    former = j >= 0 and tokens[j].fold in lx.KK_FORMER
    j -= former
    if j < 0 or not tokens[j].fold.startswith(lx.KK_PLACE_NOUNS):
        return None
    phrase = RolePhrase(i, i + 1, i, "akim", "kk", "nomn")
    nxt = tokens[i + 1].fold if i + 1 < len(tokens) else ""
    if nxt.startswith(lx.KK_DEPUTY_AFTER):
        phrase = replace(phrase, end=i + 2, role="deputy_akim")
    # The former word sits between place and head: the place is found before it, the flag kept here.
    return replace(phrase, start=j + 1, former=former) if former else phrase


def _kk_plural(tokens: list[Token], i: int, word: str) -> RolePhrase | None:
    if word.startswith(lx.KK_PLURAL):
        return RolePhrase(i, i + 1, i, "akim", "kk", "nomn", plural=True, resolvable=False)
    return None


def _en_phrase(tokens: list[Token], i: int) -> RolePhrase | None:
    word = tokens[i].fold
    if word not in lx.EN_AKIM:
        return None
    phrase = RolePhrase(i, i + 1, i, "akim", "en", None, plural=lx.EN_AKIM[word])
    before = tokens[i - 1].fold if i > 0 else ""
    if before in lx.EN_DEPUTY:
        phrase = replace(phrase, start=i - 1, role="deputy_akim")
        before = tokens[i - 2].fold if i > 1 else ""
    if before in ("first",):
        phrase = replace(phrase, start=phrase.start - 1)
        before = tokens[phrase.start - 1].fold if phrase.start > 0 else ""
    if before.rstrip("-") in lx.EN_FORMER:
        phrase = replace(phrase, start=phrase.start - 1, former=True)
    elif before.startswith(lx.EN_NOT_AKIM_BEFORE):
        phrase = replace(phrase, excluded=True)
    return phrase


def _with_place(sentence: str, tokens: list[Token], phrase: RolePhrase) -> RolePhrase:
    if phrase.place is not None:
        return phrase
    if phrase.script == "kk" or (phrase.script == "en" and phrase.start == phrase.head):
        start_char = tokens[phrase.start].start
        place = place_before(sentence[max(0, start_char - 80):start_char], phrase.script == "en")
        if place is not None:
            start = token_at(tokens, start_char - place.end)
            phrase = replace(phrase, start=min(start, phrase.start), place=place)
            return _kk_former(tokens, phrase)
        if phrase.script == "kk":
            return _kk_former(tokens, phrase)
    end_char = tokens[phrase.end - 1].stop
    place = place_after(sentence[end_char:end_char + 80], phrase.script == "en")
    if place is not None:
        phrase = replace(phrase, end=max(phrase.end, token_at(tokens, end_char + place.end)), place=place)
    return phrase


def _kk_former(tokens: list[Token], phrase: RolePhrase) -> RolePhrase:
    if phrase.start > 0 and tokens[phrase.start - 1].fold in lx.KK_FORMER:
        return replace(phrase, start=phrase.start - 1, former=True)
    return phrase
