"""Post-rules on the Russian model's score for cases a bag of words misses.

- Denials. Official denials are rare in RuSentNE but common in Kazakhstani news
  about akims («информация не соответствует действительности»): the negative
  words in a denial are the allegation, not the verdict, so a denial keeps the
  score out of the negative band.
- Scare quotes. Opinion pieces mock with praise in quotes: «успешная» реформа
  обернулась пробками. A short quoted fragment next to the target that reads as
  praise alone, while the rest of the sentence reads negative, turns the tone
  negative. Narrow on purpose: in ordinary news quotes are real quotations
  (назвал «великим лидером»); on RuSentNE the rule fires almost never.
  Columnists also mock with a quoted stock compliment and a punchline instead
  of negative words («в очередной раз «блестяще» решил проблему пробок — теперь
  стоят все»); the model does not know «блестяще» is praise (too rare in
  RuSentNE), so a short list of such compliments plus an irony cue (в очередной
  раз, как всегда, опять, зато, a dash before the punchline) counts as well.
- Only on paper. «Одерживает блестящую победу над снегом — на бумаге»: praise
  that the sentence itself calls fictitious is its opposite (text.on_paper_only,
  shared with the Kazakh scorer: «— қағаз жүзінде»).
- Quotes by the target. «Мы знаем о проблеме и найдём средства», — пообещал
  аким Дюсенов: the problem words are his, inside his quote; when the sentence
  outside the quotes reads without blame, the score stays out of the negative band.
- Exculpation. «Касымбек не причастен к хищениям», «суд оправдал Касымбека»:
  the crime words describe what he was cleared of, so like a denial the score
  stays out of the negative band.
- The target as critic. «Досаев раскритиковал подрядчиков», «объявил выговор
  руководителю отдела»: the negative words are aimed by the target at others
  (akims criticise subordinates daily), so when the dependency parse makes
  the target the subject of a criticism verb, the score stays out of the
  negative band (as in the Kazakh scorer).
- The target as addressee of complaints. «Касымбеку пожаловались на шум»,
  «Жители обратились к акиму с жалобой», «На приём к акиму пришли с жалобами»:
  citizens' problems reported to the official, not criticism of him, so the
  score stays out of the negative band (as in the Kazakh scorer). Narrow: the
  target must hang on the complaint verb (directly, via «аким X» or via «приём
  к X») in the dative, with no preposition but «к»; «пожаловались на X»,
  «на бездействие акима X», «жалобы на X» and complaints «на его ...» stay
  negative. Neither praise: the model reads «обратились к X» as warm, so the
  score is kept inside the neutral band both ways.
- The target as the object of complaints. «Жалобы на акима X поступают
  ежедневно», «пожаловались на X», «претензии к акиму X»: news reports this
  flatly, so the words alone read neutral or even positive; the tone toward X
  is negative. A negated complaint («жалоб на X не поступало», «жалобы на X
  не подтвердились») keeps it neutral.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from .text import on_paper_only

DENIAL_RE = re.compile(
    r"не\s+соответству\w*\s+действительност|опроверг\w*|не\s+подтверди\w*|не\s+подтвержд\w*|"
    r"фейк\w*|ложн\w+\s+информаци|безосновательн\w*|клевет\w*|"
    # Cleared by someone else; «заявил о своей невиновности» is the accused's own
    # claim, which RuSentNE labels negative, so it is not here.
    r"не\s+(?:был\w*\s+)?причаст\w*|непричаст\w*|оправдал\w*|оправдан[аыо]?\b|"
    r"обвинени\w*\s+(?:\S+\s+){0,3}снят\w*|снял\w*\s+(?:\S+\s+){0,3}обвинени\w*|"
    r"не\s+(?:был\w*\s+)?задержан\w*|не\s+выявил\w*\s+(?:\S+\s+){0,2}нарушени\w*|"
    r"нарушени\w*\s+не\s+(?:выявлен|обнаружен|установлен)\w*|"
    # Routine personnel wording: «освобожден ... в связи с переходом на другую работу».
    r"переход\w*\s+на\s+другую\s+работу|по\s+собственному\s+желанию|выход\w*\s+на\s+пенси\w*|"
    r"вопреки\s+слухам|не\s+подавал\w*\s+в\s+отставку|"
    # «прокомментировали сообщения о якобы задержании»: a report the sentence doubts.
    r"(?:сообщени|информаци|слух)\w*\s+о\s+якобы|"
    # «не стала комментировать»: no comment is no tone.
    r"не\s+стал\w*\s+комментир\w*|(?:отказал|воздержал)\w*\s+от\s+комментари\w*",
    re.IGNORECASE,
)
DENIAL_DAMPING = 0.3
NEUTRAL_EDGE = 0.19  # just inside the neutral band of Sentiment.from_score
SCARE_QUOTE_RE = re.compile(r"[«\"“]([^«»\"“”]{2,40})[»\"”]")
MAX_SCARE_WORDS = 2
NEAR_CHARS = 25
REPORTED_RE = re.compile(r"назва|называ|зовут|сказа|заяви|отмети|был\w*\s*$|стал\w*\s*$", re.IGNORECASE)
CRITIC_VERB_RE = re.compile(r"^(?:рас|под)?критик|^осуд|^обвин|^упрек|^упрёк|^отчита|^пожури|^наказа|"
                            r"^потребова|^высказал|"
                            # orders against others: «распорядился отключить электричество руководству района»
                            r"^распорядил|^приказал|^велел|^поручил", re.IGNORECASE)
# «объявил выговор», «вынес замечание», «вызвал на ковёр»: a reprimand given by the target.
REPRIMAND_VERB_RE = re.compile(r"^(?:объяв|вынес|сдела|вызва)", re.IGNORECASE)
REPRIMAND_NOUN_RE = re.compile(r"^(?:выговор|замечани|предупрежден|ков[её]р)", re.IGNORECASE)
NAME_RELS = ("appos", "flat", "flat:name", "flat:foreign")
DISPLEASURE_RE = re.compile(r"^(?:возмущ|недовол|негодов|обеспокоен)", re.IGNORECASE)
IMPERSONAL_GIVEN_RE = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:объявил|вынесл|сделал|поставил|вручил)и\b",
                                 re.IGNORECASE)
REPRIMAND_FROM_RE = re.compile(r"(?:выговор|замечани|взыскани)\w*\s+(?:[\w-]+\s+){0,3}от\s+(?:[\w-]+\s+){0,4}$",
                               re.IGNORECASE)
COMPLAINT_VERB_RE = re.compile(r"^(?:по)?жал(?:овал|уют|уетс|ует|уем|уюс|овать|овал)", re.IGNORECASE)
COMPLAINT_NOUN_RE = re.compile(r"^(?:жалоб|претензи|просьб)", re.IGNORECASE)
# Dative endings of names and role words (Касымбеку, акиму, Маликовой, Ахметовой, Сейтову).
DATIVE_RE = re.compile(r"(?:у|ю|ой|ей|е|и)$", re.IGNORECASE)
ADDRESSEE_RELS = ("obj", "iobj", "obl", "nsubj")  # the parser often calls a front dative nsubj
RECEPTION_RE = re.compile(r"^при[её]м", re.IGNORECASE)
ACTIVITY_RE = re.compile(r"^(?:работ|деятельност|действи|бездействи|решени|руководств)", re.IGNORECASE)
NEGATORS = frozenset({"не", "нет", "ни"})
COMPLAINED_ABOUT = -0.35  # a reported complaint: negative, but milder than an accusation
PERSON_NOUN_RE = re.compile(r"^(?:зам|заместител|помощник|подчин[её]нн|сотрудник|родственник|водител|"
                            r"сын|дочь|дочер|брат|сестр|жен|муж)", re.IGNORECASE)
SELF_REF = frozenset({"его", "её", "ее", "него", "нее", "неё"})
# Stock compliments that columnists put in scare quotes; «умный», «зелёный» and
# the like are left out because they name programmes («умный город»).
COMPLIMENT_RE = re.compile(r"^(?:блестящ|блистательн|гениальн|великолепн|чудесн|замечательн|"
                           r"прекрасн|успешн|эффективн|образцов|идеальн|безупречн|грандиозн|мудр|"
                           r"заботлив|лучш)", re.IGNORECASE)
IRONY_CUE_RE = re.compile(r"в\s+очередной\s+раз|как\s+всегда|\bопять\b|\bзато\b|\s[—–]\s", re.IGNORECASE)
# The target right after «...», — сказал / заявил / пообещал (with «аким области» between).
QUOTE_BY_RE = re.compile(r"[»\"”]\s*,?\s*[—–-]\s*(?:заяв|сказа|пообещ|обещ|отмет|подчеркн|сообщ|поясн|добав|рассказа|"
                         r"признал|уточн|ответ)\w*\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
SCARE_QUOTE_LONG_RE = re.compile(r"[«\"“][^«»\"“”]*[»\"”]")
PRAISE = 0.3  # how positive a fragment must read alone to count as praise
IRONY_PENALTY = 0.35


def _scare_quoted_praise(sentence: str, span: tuple[int, int] | None,
                         fragment_score: Callable[[str], float]) -> bool:
    for match in SCARE_QUOTE_RE.finditer(sentence):
        if span and match.start() <= span[0] < match.end():
            continue  # the target itself is quoted (a name), not mocked
        if span and min(abs(span[0] - match.end()), abs(match.start() - span[1])) > NEAR_CHARS:
            continue  # irony aimed at the target sits next to it: «успешная» реформа Досаева
        words = match.group(1).split()
        # Capitalised mid-sentence it is a name («Золотой мяч», «Нур Отан»), not irony.
        if match.start() > 0 and not words[0][:1].islower():
            continue
        if REPORTED_RE.search(sentence[max(0, match.start() - 25): match.start()]):
            continue  # «...» after назвал / заявил is someone's actual words
        if len(words) > MAX_SCARE_WORDS:
            continue
        rest = sentence[: match.start()] + " " + sentence[match.end():]
        if any(COMPLIMENT_RE.match(w) for w in words) and IRONY_CUE_RE.search(rest):
            return True
        if fragment_score(match.group(1)) >= PRAISE and fragment_score(rest) <= -PRAISE:
            return True
    return False


def _parsed_target(sentence: str, span: tuple[int, int]):
    from .ru_syntax import target_parse  # the parser loads on first use, only for Russian rules

    return target_parse(sentence, *span)


def _subject_of(sentence: str, span: tuple[int, int]):
    """(verb token, its children map) for each verb the target is the active subject of."""
    _, ent, ids, by_id, kids = _parsed_target(sentence, span)
    for t in ent:
        if t.head in ids or t.head not in by_id:
            continue
        head = by_id[t.head]
        # «Аким Актобе Асхат Ахметжанов раскритиковал»: up the name to the subject noun.
        for _ in range(3):
            if t.rel not in NAME_RELS or head.head not in by_id:
                break
            t, head = head, by_id[head.head]
        if t.rel == "nsubj":  # «Досаев был раскритикован» (nsubj:pass) is criticised, not a critic
            yield head, kids


# «Рушанов получил выговор», «Гладышевой вынесено»: the subject of these verbs (and of
# short passive participles, which the parser often gives an nsubj) undergoes what follows.
UNDERGO_VERB_RE = re.compile(r"^(?:получ|схлопота|заслуж|удостоен)|(?:[её]н|нн|ан|ят)[аоы]?$", re.IGNORECASE)


def target_acts(sentence: str, span: tuple[int, int] | None) -> bool:
    """The target does something in the sentence (criticises, demands, says), rather than
    undergoing it: the active subject of a verb, the speaker right after a quote, or the
    one a reprimand comes from («выговор градоначальник получил от акима области X»)."""
    if span is None:
        return False
    if QUOTE_BY_RE.search(sentence[: span[0]]) or REPRIMAND_FROM_RE.search(sentence[: span[0]]):
        return True
    if _given_to(sentence, span):
        return False
    return any(not UNDERGO_VERB_RE.match(verb.text) for verb, _kids in _subject_of(sentence, span))


def _given_to(sentence: str, span: tuple[int, int]) -> bool:
    """«Акиму Актау Ниязову объявили выговор»: the parser calls the front dative the subject
    of the impersonal verb; he is the one it is given to."""
    return bool(DATIVE_RE.search(sentence[span[0]:span[1]]) and IMPERSONAL_GIVEN_RE.match(sentence[span[1]:]))


def _target_is_critic(sentence: str, span: tuple[int, int] | None) -> bool:
    if span is None or _given_to(sentence, span):
        return False
    for head, kids in _subject_of(sentence, span):
        verb = head.text.lower()
        reprimand = REPRIMAND_VERB_RE.match(verb) and any(
            k.rel in ("obj", "obl") and REPRIMAND_NOUN_RE.match(k.text) for k in kids.get(head.id, []))
        # «выразил крайнее возмущение», «высказал недовольство работой подрядчиков»
        displeased = verb.startswith(("выраз", "высказ")) and any(
            k.rel == "obj" and DISPLEASURE_RE.match(k.text) for k in kids.get(head.id, []))
        if CRITIC_VERB_RE.match(verb) or reprimand or displeased:
            return True
    return False


def _prepositions(kids: dict[str, list], tok) -> set[str]:
    return {k.text.lower() for k in kids.get(tok.id, []) if k.rel == "case"}


def _complaint_about_target(sentence: str, span: tuple[int, int] | None) -> str | None:
    """"asserted" for «жалобы на X», "negated" for «жалоб на X не поступало», else None."""
    if span is None:
        return None
    _, ent, ids, by_id, kids = _parsed_target(sentence, span)
    preps = partial(_prepositions, kids)

    for t in ent:
        if t.head in ids or t.head not in by_id:
            continue
        head = by_id[t.head]
        if t.rel in ("appos", "flat", "flat:name") and head.head in by_id:
            t, head = head, by_id[head.head]  # «на акима Касымбека»
        if t.rel == "nmod" and ACTIVITY_RE.match(head.text) and head.head in by_id:
            t, head = head, by_id[head.head]  # «на работу Касымбека», «на бездействие акима»
        about = "на" in preps(t) or ("к" in preps(t) and head.text.lower().startswith("претензи"))
        if not about or not (COMPLAINT_VERB_RE.match(head.text) or COMPLAINT_NOUN_RE.match(head.text)):
            continue
        # «Жалоб на X не поступало»: the negation sits on the complaint or on its verb.
        scope = kids.get(head.id, []) + (kids.get(head.head, []) if head.head in by_id else [])
        if any(k.text.lower() in NEGATORS for k in scope) or by_id.get(head.head, head).text.lower() == "нет":
            return "negated"
        return "asserted"
    return None


def _target_is_addressee(sentence: str, span: tuple[int, int] | None) -> bool:
    if span is None:
        return False
    _, ent, ids, by_id, kids = _parsed_target(sentence, span)
    preps = partial(_prepositions, kids)

    def subtree(t) -> list:
        out, todo = [], [t]
        while todo:
            cur = todo.pop()
            out.append(cur)
            todo.extend(kids.get(cur.id, []))
        return out

    for t in ent:
        if t.head in ids or t.head not in by_id:
            continue
        if not DATIVE_RE.search(t.text) or preps(t) - {"к"}:
            continue
        head = by_id[t.head]
        if t.rel in ("appos", "nmod", "flat", "flat:name") and DATIVE_RE.search(head.text) \
                and head.head in by_id and not preps(head) - {"к"}:
            t, head = head, by_id[head.head]  # «акиму Касымбеку», «к акиму Касымбеку»
        if t.rel == "nmod" and RECEPTION_RE.match(head.text) and "к" in preps(t) and head.head in by_id:
            t, head = head, by_id[head.head]  # «на приём к акиму»
        if not t.rel.startswith(ADDRESSEE_RELS):
            continue
        siblings = [k for k in kids.get(head.id, []) if k.id != t.id]
        # «с жалобой» may hang on the verb or (misparsed) on «к акиму» itself ...
        # ... or on the subject: «пришли жители с жалобами».
        nearby = siblings + kids.get(t.id, []) + [g for k in siblings for g in kids.get(k.id, [])]
        nouns = [k for k in nearby
                 if COMPLAINT_NOUN_RE.match(k.text) and k.rel.startswith(("obl", "obj", "nmod"))
                 and not preps(k) - {"с"}]
        if not (COMPLAINT_VERB_RE.match(head.text) or nouns):
            continue
        # «пожаловались акиму на его заместителя / на него самого»: about him after all.
        about = [w for k in siblings if "на" in preps(k) for w in subtree(k)]
        about += [w for k in nouns for w in subtree(k)]
        about += [w for k in kids.get(t.id, []) if "на" in preps(k) for w in subtree(k)]
        # «на его бездействие» is about him; «на его заместителя» is about someone else.
        if any(w.id in ids or (w.text.lower() in SELF_REF and not PERSON_NOUN_RE.match(by_id.get(w.head, w).text))
               for w in about):
            continue
        return True
    return False


def _target_quoted_on_problems(sentence: str, span: tuple[int, int] | None,
                               fragment_score: Callable[[str], float] | None) -> bool:
    """«Мы знаем о проблеме и найдём средства», — пообещал аким Дюсенов: the problem
    words are his, inside his quote, and the sentence outside the quote has no blame."""
    if span is None or fragment_score is None or not QUOTE_BY_RE.search(sentence[: span[0]]):
        return False
    outside = SCARE_QUOTE_LONG_RE.sub(" ", sentence)
    return fragment_score(outside) > -PRAISE


def adjust_ru(sentence: str, span: tuple[int, int] | None, score: float,
              fragment_score: Callable[[str], float] | None = None) -> float:
    complaint = _complaint_about_target(sentence, span)
    if complaint == "negated" or _target_is_addressee(sentence, span):
        return max(-NEUTRAL_EDGE, min(score * DENIAL_DAMPING, NEUTRAL_EDGE))
    if complaint == "asserted":
        score = min(score, COMPLAINED_ABOUT)
    if score < 0 and (DENIAL_RE.search(sentence) or _target_is_critic(sentence, span)
                      or _target_quoted_on_problems(sentence, span, fragment_score)):
        return max(score * DENIAL_DAMPING, -NEUTRAL_EDGE)
    if fragment_score is not None and _scare_quoted_praise(sentence, span, fragment_score):
        return max(-1.0, min(score, 0.0) - IRONY_PENALTY)
    return on_paper_only(sentence, score)
