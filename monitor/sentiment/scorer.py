"""SentimentScorer: the one object the pipeline uses (loads models once)."""

from __future__ import annotations

import math
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path

from monitor.mentions.kk_latin import is_kazakh_latin, to_cyrillic
from monitor.models import Sentiment

from .encoder import ENCODER_FILE, EncoderHead
from .events import event_tone, sentence_tone, with_frame
from .kk_lexicon import DATA_DIR, KazakhLexicon
from .kk_scorer import DENIALS as KK_DENIALS
from .kk_scorer import score_kk
from .kk_scorer import target_acts as kk_target_acts
from .linear import DenseHead, LinearHead, blend, load_dense, load_heads, read_model, score_from_proba
from .ru_features import features
from .ru_syntax import dense_features
from .rules import DENIAL_RE, adjust_ru
from .rules import target_acts as ru_target_acts
from .target import find_target
from .text import split_sentences

RUSSIAN_MODEL_LANGUAGES = {"ru"}
MAX_ARTICLE_SENTENCES = 60  # tone of a long article is set by its start; caps cost
TITLE_WEIGHT = 2.0
# Body sentences scoring closer to 0 than this carry no tone (dates, figures, who
# attended) and are left out of the article mean, so that the one or two sentences
# that state the event are not averaged away by the background around them.
TONELESS_SENTENCE = 0.1
# Longer "sentences" are lists or pages without punctuation; the parser's cost grows
# with length (5 s for 90 KB), and tone is local anyway. RuSentNE's longest is ~900.
MAX_SENTENCE_CHARS = 1000
# Real-news article tone (benchmarks/sentiment.py --real-articles), Russian macro-F1:
# 0.450 without it, 0.579 at 0.5 (0.627 at 0.55, 0.523 at 0.6: the peak is not chosen);
# the per-mention proxy 0.481 -> 0.611. Our own invented article set drops 0.718 -> 0.661.
ARTICLE_MIN_P = 0.5
# When the snippet names the person only by office («аким города», «облыс әкімі»).
ROLE_WORDS = ["аким", "акима", "акиму", "акимом", "акиме", "әкім", "әкімі", "әкімге", "әкімнің"]


@dataclass
class SentimentScorer:
    mention_head: LinearHead
    article_head: LinearHead
    kazakh: KazakhLexicon
    mention_dense: DenseHead | None = None  # navec head mixed into the mention head
    w_sparse: float = 1.0
    encoder: EncoderHead | None = None  # model = "accurate": fine-tuned e5, mixed in last

    @classmethod
    def default(cls, data_dir: Path = DATA_DIR, model: str | None = None) -> SentimentScorer:
        """model: "accurate" (adds the fine-tuned encoder, monitor/sentiment/encoder.py;
        25-110 mentions/s per core) or "fast" (linear, 240-700 mentions/s per core);
        None: accurate where it is installed, else fast (settings.default_model)."""
        if model is None:
            from .settings import default_model

            model = default_model()
        # The encoder first: its load peaks (float32 weights on their way to int8) while
        # little else is loaded, and the heap it leaves free is reused by what follows.
        encoder = EncoderHead.load(data_dir / ENCODER_FILE.name) if model == "accurate" else None
        data = read_model(data_dir / "ru_model.json.gz")
        heads, meta = load_heads(data)
        dense = load_dense(data).get("mention")
        del data
        return cls(heads["mention"], heads["article"], KazakhLexicon.default(), dense,
                   float(meta.get("w_sparse", 1.0)), encoder)

    @classmethod
    def shared(cls, model: str | None = None) -> SentimentScorer:
        """The shipped models, loaded once per process for each model (the accurate one
        holds ~150 MB): every Analyzer of a process (reprocess, analyze, tests) uses these.
        Scoring keeps no state but caches of its own results, so sharing changes no score."""
        if model is None:
            from .settings import default_model

            model = default_model()
        return _shared(cls, model)

    # -- one sentence --------------------------------------------------------
    def score_sentence(self, sentence: str, language: str, span: tuple[int, int] | None,
                       tag: str = "PERSON") -> float:
        """Tone in -1..1 toward span (or of the sentence if span is None)."""
        sentence, span = _window(sentence, span)
        if language == "kk":
            score = score_kk(self.kazakh, sentence, span)
            if span is None:
                return sentence_tone(sentence, score, language, any(d in sentence.lower() for d in KK_DENIALS))
            return event_tone(sentence, score, language, kk_target_acts(sentence, span))
        if language not in RUSSIAN_MODEL_LANGUAGES:
            return 0.0  # no model for English or other scripts: say neutral, not noise
        if span is None:
            score = sentence_tone(sentence, self._article_score(sentence), language,
                                  bool(DENIAL_RE.search(sentence)))
            return adjust_ru(sentence, span, score, self._fragment_score)
        # Events first: the rules after them (irony, denials, complaints about him) read
        # what the event words alone cannot.
        score = event_tone(sentence, self._mention_score(sentence, span, tag), language,
                           ru_target_acts(sentence, span))
        return adjust_ru(sentence, span, score, self._fragment_score)

    def _article_score(self, sentence: str) -> float:
        """An article sentence's own tone. A polar class short of even odds is no tone: the
        article head, trained on RuSentNE with a bias toward positive, scored toneless lines
        («Акимов круговорот», «Все остальные») +0.7, and articles of appointments read positive."""
        head = self.article_head
        p = head.proba(features(sentence, None, None))
        if max(p[0], p[2]) < ARTICLE_MIN_P:
            return 0.19 * (p[2] - p[0])  # inside the neutral band, as score_from_proba's neutral
        return score_from_proba(p, head.b_neg, head.b_pos)

    def _mention_score(self, sentence: str, span: tuple[int, int], tag: str) -> float:
        head = self.mention_head
        p = head.proba(features(sentence, *span, tag))
        if self.mention_dense is not None:
            p = blend(p, self.mention_dense.logits(dense_features(sentence, *span, tag)), self.w_sparse)
        if self.encoder is None:
            return score_from_proba(p, head.b_neg, head.b_pos)
        # Log-linear mix with the encoder; weight and biases were tuned on out-of-fold
        # probabilities of both models (monitor/sentiment/encoder_train.py).
        meta = self.encoder.meta
        log_encoder = [math.log(v + 1e-12) for v in self.encoder.proba(sentence, *span)]
        p = blend(p, log_encoder, 1.0 - float(meta.get("w_encoder", 1.0)))
        return score_from_proba(p, float(meta.get("b_neg", 0.0)), float(meta.get("b_pos", 0.0)))

    def _fragment_score(self, fragment: str) -> float:
        return self.article_head.score(features(fragment, None, None))

    # -- public API ----------------------------------------------------------
    def score_mention(self, snippets: list[str], names: list[str], language: str,
                      frame: float = 0.0) -> Sentiment:
        """Tone toward the person across the sentences that mention them (mean); frame is
        the article's (events.article_frame), taken when those sentences read neutral."""
        scores = []
        # Kazakh names given in the Latin alphabet, for a snippet read as Cyrillic (once, not per snippet).
        names = names + [to_cyrillic(n) for n in names] if language == "kk" else names
        for snippet in snippets:
            if not snippet.strip():
                continue
            snippet = _cyrillic(snippet, language)
            span = find_target(snippet, names) or find_target(snippet, ROLE_WORDS)
            scores.append(self.score_sentence(snippet, language, span))
        if not scores:
            return Sentiment()
        return Sentiment.from_score(round(with_frame(sum(scores) / len(scores), frame), 4))

    def score_article(self, text: str, language: str, title: str = "") -> Sentiment:
        """Tone of the article: mean tone of its toned sentences, the title counting double.

        The title always counts; body sentences with |tone| < TONELESS_SENTENCE do not
        (benchmarks/sentiment.py --articles, macro-F1: dev half 0.62 -> 0.76, holdout 0.49 -> 0.66)."""
        weighted, weight = 0.0, 0.0
        if title.strip():
            weighted += TITLE_WEIGHT * self.score_sentence(title, language, None)
            weight += TITLE_WEIGHT
        for sentence in split_sentences(text)[:MAX_ARTICLE_SENTENCES]:
            score = self.score_sentence(sentence, language, None)
            if abs(score) >= TONELESS_SENTENCE:
                weighted += score
                weight += 1.0
        if not weight:
            return Sentiment()
        return Sentiment.from_score(round(weighted / weight, 4))


def _cyrillic(text: str, language: str) -> str:
    """Kazakh published in the Latin alphabet (lat.egemen.kz, qz.inform.kz) read as the
    Cyrillic the lexicon and the event patterns are written in. For mentions only: the
    article's tone, a lexicon mean over every sentence, read 3 of the 8 Latin articles of
    the real-news set wrongly this way (the transliteration misses lexicon stems), and
    neutral is the better guess there."""
    return to_cyrillic(text) if language == "kk" and is_kazakh_latin(text) else text


def _window(sentence: str, span: tuple[int, int] | None) -> tuple[str, tuple[int, int] | None]:
    """At most MAX_SENTENCE_CHARS of the sentence, centred on the target, offsets moved."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence, span
    if span is None:
        return sentence[:MAX_SENTENCE_CHARS], None
    start = max(0, min(span[0] - MAX_SENTENCE_CHARS // 2, len(sentence) - MAX_SENTENCE_CHARS))
    return sentence[start:start + MAX_SENTENCE_CHARS], (span[0] - start, span[1] - start)


@lru_cache(maxsize=None)
def _shared(cls: type[SentimentScorer], model: str) -> SentimentScorer:
    return cls.default(model=model)
