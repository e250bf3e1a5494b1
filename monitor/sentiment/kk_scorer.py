"""Rule-based Kazakh tone toward a target (or of a whole sentence).

Polar words (kk_lexicon) are summed with weights that fall with distance from
the target, and adjusted by rules for what news about officials is full of:
negation (емес, жоқ, verbal -ма/-ме), denials (шындыққа сәйкес келмейді),
quotes spoken *by* the target, the target as the one who criticises others,
praise «қағаз жүзінде» (on paper only), complaints addressed *to* the target
(not «Досаевқа қатысты» ones, which are about him), and scare quotes
(«табысты» жұмыс).
"""

from __future__ import annotations

import math

from .kk_lexicon import KazakhLexicon
from .kk_morph import is_negated_verb
from .text import CLAUSE_BREAKS, TOKEN_RE, inside_quotes, on_paper_only

NEGATORS = frozenset({"емес", "жоқ", "жоқпыз", "жоқ.", "ешқашан"})
DENIALS = ("шындыққа сәйкес келмейді", "шындыққа жанаспайды", "жоққа шығар", "теріске шығар",
           "растамады", "расталмады", "негізсіз")
SPEECH = ("деді", "айтты", "мәлімдеді", "атап өтті", "жеткізді", "түсіндірді", "хабарлады",
          "пікірінше", "сөзінше")
AGENT_VERBS = ("сынға алды", "сынады", "айыптады", "ескерту жасады", "ескертті", "сөгіс берді",
               "сөгіс жариялады", "талап етті", "тапсырды", "жазалады")
COMPLAINTS = ("шағым", "өтініш", "жүгін", "арыз")
# A dative followed by these is what the sentence is about, not an addressee.
ABOUT_POSTPOSITIONS = frozenset({"қатысты", "қарсы", "байланысты"})
DATIVE = ("ға", "ге", "қа", "ке", "на", "не")
# A speaker is named in the nominative, or in the genitive before «айтуынша» etc.
OBLIQUE = DATIVE + ("ты", "ті", "ды", "ді", "ны", "ні", "мен", "нан", "нен", "дан", "ден", "тан", "тен")
SCALE = 1.2  # raw sums around 1 map to a clear label after tanh


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def _negated(tokens: list[tuple[str, int, int]], i: int, word: str, stem: str) -> bool:
    if stem and is_negated_verb(word, stem):
        return True
    for tok, _, _ in tokens[i + 1: i + 3]:
        if tok in CLAUSE_BREAKS:
            return False
        if tok in NEGATORS:
            return True
    return False


def _scare_quoted(text: str, start: int, end: int) -> bool:
    """A word alone (or nearly) inside «...»: often irony in opinion pieces."""
    left, right = text.rfind("«", 0, start), text.find("»", end)
    return left != -1 and right != -1 and len(text[left:right].split()) <= 3


def _target_role(text: str, low: str, tokens, target_idx: list[int], span) -> float:
    """Multiplier for negative words given what the target does in the sentence."""
    if not target_idx:
        return 1.0
    last = tokens[target_idx[-1]][0]
    near = " ".join(t for t, _, _ in tokens[max(0, target_idx[0] - 4): target_idx[-1] + 5])
    if (any(s in near for s in SPEECH) and not last.endswith(OBLIQUE)
            and not inside_quotes(text, span[0])):
        return 0.3  # the target speaks: the criticism in the quote is theirs
    after = tokens[target_idx[-1] + 1][0] if target_idx[-1] + 1 < len(tokens) else ""
    if last.endswith(DATIVE) and after in ABOUT_POSTPOSITIONS:
        return 1.0  # «Досаевқа қатысты шағымдар»: complaints about him, not to him
    if last.endswith(DATIVE) and any(c in low for c in COMPLAINTS):
        return 0.25  # complaints addressed to the akim are reported, not his fault
    if not last.endswith(OBLIQUE) and any(v in low for v in AGENT_VERBS):
        return 0.3  # the akim (nominative) criticises / reprimands someone else
    return 1.0


# «сөгіс алды», «жауапкершілікке тартылды»: the subject undergoes the reprimand.
GENITIVE = ("тың", "тің", "дың", "дің", "ның", "нің")
UNDERGOES = ("сөгіс ал", "ескерту ал", "тартылды", "тартылған")


def target_acts(text: str, span: tuple[int, int] | None) -> bool:
    """The target (in the nominative) is the one who acts: speaks, criticises, reprimands."""
    if span is None:
        return False
    tokens = _tokens(text)
    target_idx = [i for i, (_, s, e) in enumerate(tokens) if s < span[1] and e > span[0]]
    if not target_idx or tokens[target_idx[-1]][0].endswith(OBLIQUE):
        return False
    following = tokens[target_idx[-1] + 1][0].lower() if target_idx[-1] + 1 < len(tokens) else ""
    if tokens[target_idx[-1]][0].lower().endswith(GENITIVE) and following.endswith(("на", "не")) \
            and not following.startswith("сөз"):
        return False  # "Досаевтың жұмысына баға берді": what is judged is his (not "сөзіне қарағанда")
    return not any(u in text.lower() for u in UNDERGOES)


def score_kk(lexicon: KazakhLexicon, text: str, span: tuple[int, int] | None = None) -> float:
    """Tone in -1..1 toward the span (or of the whole text if span is None)."""
    tokens = _tokens(text)
    low = text.lower()
    target_idx = [i for i, (_, s, e) in enumerate(tokens) if span and s < span[1] and e > span[0]]
    neg_factor = _target_role(text, low, tokens, target_idx, span) if span else 1.0
    denial = any(d in low for d in DENIALS)
    total = 0.0
    for i, (word, start, end) in enumerate(tokens):
        if i in target_idx or not word[0].isalpha():
            continue
        polarity, stem = lexicon.lookup(word)
        if polarity == 0.0:
            continue
        if _negated(tokens, i, word, stem):
            polarity = -polarity if polarity > 0 else -0.5 * polarity
        if polarity > 0 and _scare_quoted(text, start, end):
            polarity = -polarity
        if polarity < 0:
            polarity *= neg_factor * (0.3 if denial else 1.0)
        dist = min((abs(i - j) for j in target_idx), default=0)
        total += polarity / (1.0 + dist / 6.0)
    if denial and span:
        total += 0.1  # a denial of allegations reads a shade in the target's favour, not as praise
    return on_paper_only(text, math.tanh(total / SCALE))
