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
- The target as critic. «Досаев раскритиковал подрядчиков»: the negative words
  are aimed by the target at others (akims criticise subordinates daily), so
  when the dependency parse makes the target the subject of a criticism verb,
  the score stays out of the negative band (as in the Kazakh scorer).
"""

from __future__ import annotations

import re
from collections.abc import Callable

DENIAL_RE = re.compile(
    r"не\s+соответству\w*\s+действительност|опроверг\w*|не\s+подтверди\w*|не\s+подтвержд\w*|"
    r"фейк\w*|ложн\w+\s+информаци|безосновательн\w*|клевет\w*",
    re.IGNORECASE,
)
DENIAL_DAMPING = 0.3
NEUTRAL_EDGE = 0.19  # just inside the neutral band of Sentiment.from_score
SCARE_QUOTE_RE = re.compile(r"[«\"“]([^«»\"“”]{2,40})[»\"”]")
MAX_SCARE_WORDS = 2
NEAR_CHARS = 25
REPORTED_RE = re.compile(r"назва|называ|зовут|сказа|заяви|отмети|был\w*\s*$|стал\w*\s*$", re.IGNORECASE)
CRITIC_VERB_RE = re.compile(r"^(?:рас|под)?критик|^осуд|^обвин|^упрек|^упрёк|^отчита|^пожури",
                            re.IGNORECASE)
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
        if len(words) <= MAX_SCARE_WORDS and fragment_score(match.group(1)) >= PRAISE:
            rest = sentence[: match.start()] + " " + sentence[match.end():]
            if fragment_score(rest) <= -PRAISE:
                return True
    return False


def _target_is_critic(sentence: str, span: tuple[int, int] | None) -> bool:
    if span is None:
        return False
    from .ru_syntax import parse

    toks = parse(sentence)
    by_id = {t.id: t for t in toks}
    ent = [t for t in toks if t.start < span[1] and t.stop > span[0]]
    ids = {t.id for t in ent}
    for t in ent:
        if t.head in ids or t.head not in by_id:
            continue
        head = by_id[t.head]
        if t.rel == "appos" and head.rel.startswith("nsubj") and head.head in by_id:
            t, head = head, by_id[head.head]  # «Аким Досаев раскритиковал»
        if t.rel.startswith("nsubj") and CRITIC_VERB_RE.match(head.text.lower()):
            return True
    return False


def adjust_ru(sentence: str, span: tuple[int, int] | None, score: float,
              fragment_score: Callable[[str], float] | None = None) -> float:
    if score < 0 and (DENIAL_RE.search(sentence) or _target_is_critic(sentence, span)):
        return max(score * DENIAL_DAMPING, -NEUTRAL_EDGE)
    if fragment_score is not None and _scare_quoted_praise(sentence, span, fragment_score):
        return max(-1.0, min(score, 0.0) - IRONY_PENALTY)
    return score
