"""Benchmark of monitor.sentiment on RuSentNE-format TSV files.

    python benchmarks/sentiment.py --data PATH [--language ru|kk]
        Evaluates the shipped default model as it is; the last line is
        F1_PN=<x> macroF1=<y> n=<rows>
    python benchmarks/sentiment.py --cv [--data ../shared/data/rusentne2023/train_data.csv]
        5-fold cross-validation (folds grouped by sentence) of the training recipe,
        overall and per entity type.
    python benchmarks/sentiment.py --cv --model accurate [--oof-dir DIR]
        The accurate model's CV from the out-of-fold probabilities written by
        `python -m monitor.sentiment.encoder_train --cv` (needs torch; ~25 min on 2 cores).
    Every mode takes --model fast|accurate (default: the product's default, accurate
    where akim-monitor[accurate] is installed, else fast).
    python benchmarks/sentiment.py --kazakh      the Kazakh sets in benchmarks/data (holdout, then main)
    python benchmarks/sentiment.py --speed       throughput in mentions/s on one core
    python benchmarks/sentiment.py --articles [PATH]
        Article-level tone (score_article on title + text) on a JSONL set, by default
        benchmarks/data/article_sentiment.jsonl (guideline: article_sentiment.md):
        accuracy, macro-F1, F1_PN and a confusion matrix per language, per split
        (dev: ids ending in an even digit, holdout: odd) and overall; the last line is
        articles: F1_PN=<x> macroF1=<y> accuracy=<z> n=<rows>
    python benchmarks/sentiment.py --real PATH [--language ru|kk] [-v]
        Tone toward each named akim of a realnews JSONL file (../shared/data/realnews/,
        fields id, language, text, akims[name, surname, sentiment, evidence]): the person
        is looked for in every sentence of the excerpt in any case form, and those
        sentences are scored as the pipeline scores a mention's snippets; figures per
        language, a confusion matrix, throughput; the last line is
        mentions: F1_PN=<x> macroF1=<y> n=<mentions>
    python benchmarks/sentiment.py --real-articles PATH [--labels TSV] [-v]
        Article tone (score_article: first line as title) of the same excerpts, against
        benchmarks/data/realnews_article_tone.tsv (ids and labels only; guideline in its
        .md), per language; the per-mention tones' proxy (negative if any akim is
        negative, else positive if any is positive, else neutral) is printed too. The
        last line is  real articles: F1_PN=<x> macroF1=<y> n=<excerpts>

F1_PN is RuSentNE-2023's headline metric: macro F1 over positive and negative only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# "Per core" means one BLAS thread too (the parser's convolutions call BLAS); set
# before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from monitor.sentiment import SentimentScorer  # noqa: E402
from monitor.sentiment.dataset import Example, read_rusentne  # noqa: E402
from monitor.sentiment.ru_syntax import parse  # noqa: E402
from monitor.sentiment.settings import default_model  # noqa: E402

KK_SET = ROOT / "benchmarks" / "data" / "kk_sentiment.tsv"
# Written after the Kazakh word weights were chosen on KK_SET; never tuned on.
KK_HOLDOUT = ROOT / "benchmarks" / "data" / "kk_sentiment_holdout.tsv"
ARTICLES = ROOT / "benchmarks" / "data" / "article_sentiment.jsonl"
TRAIN = ROOT.parent / "shared" / "data" / "rusentne2023" / "train_data.csv"
LABELS = ("negative", "neutral", "positive")
REAL_ARTICLE_LABELS = ROOT / "benchmarks" / "data" / "realnews_article_tone.tsv"
ENCODER_OOF = ROOT / "benchmarks" / "results"  # encoder_oof_seed<N>.npy, written by encoder_train --cv


def f1(gold: list[str], pred: list[str], label: str) -> float:
    tp = sum(g == p == label for g, p in zip(gold, pred))
    fp = sum(p == label and g != label for g, p in zip(gold, pred))
    fn = sum(g == label and p != label for g, p in zip(gold, pred))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def metrics(gold: list[str], pred: list[str]) -> tuple[float, float]:
    per = {label: f1(gold, pred, label) for label in LABELS}
    return (per["negative"] + per["positive"]) / 2, sum(per.values()) / 3


def predict(scorer: SentimentScorer, examples: list[Example], language: str) -> list[str]:
    out = []
    for e in examples:
        score = scorer.score_sentence(e.sentence, language, (e.start, e.end), e.tag or "PERSON")
        out.append(score_label(score))
    return out


def score_label(score: float) -> str:
    from monitor.models import Sentiment

    return Sentiment.from_score(score).label


def evaluate(path: Path, language: str, model: str = "fast") -> str:
    examples = read_rusentne(path)
    pred = predict(SentimentScorer.default(model=model), examples, language)
    f1_pn, macro = metrics([e.label for e in examples], pred)
    return f"F1_PN={f1_pn:.4f} macroF1={macro:.4f} n={len(examples)}"


def cross_validate(path: Path, kz_repeat: int) -> str:
    """CV of the training recipe; our Kazakhstani sentences join the training folds
    (as in `monitor sentiment train`) and are scored out of fold too."""
    from monitor.sentiment.linear import label_from_proba
    from monitor.sentiment.train import KZ_EXAMPLES, oof_proba, tune_biases

    base = read_rusentne(path)
    kz = read_rusentne(KZ_EXAMPLES) if KZ_EXAMPLES.exists() and kz_repeat else []
    all_probas = oof_proba(base + kz * kz_repeat)
    examples, probas = base, all_probas[: len(base)]
    if kz:
        kz_probas = all_probas[len(base): len(base) + len(kz)]
        f1_pn, macro = metrics([e.label for e in kz], [label_from_proba(p, 0.0, 0.0) for p in kz_probas])
        print(f"Kazakhstani ru set, out of fold (x{kz_repeat}): F1_PN={f1_pn:.4f} macroF1={macro:.4f} n={len(kz)}")
    gold = [e.label for e in examples]
    # The class biases are tuned on the same out-of-fold scores (2 numbers, slightly
    # optimistic), so plain argmax is printed too.
    b_neg, b_pos = tune_biases(probas, gold)
    for name, (bn, bp) in {"argmax": (0.0, 0.0), f"tuned biases {b_neg:+.1f}/{b_pos:+.1f}": (b_neg, b_pos)}.items():
        f1_pn, macro = metrics(gold, [label_from_proba(p, bn, bp) for p in probas])
        print(f"5-fold CV (grouped by sentence), {name}: F1_PN={f1_pn:.4f} macroF1={macro:.4f}")
    pred = [label_from_proba(p, b_neg, b_pos) for p in probas]
    return per_tag(examples, gold, pred)


def per_tag(examples: list[Example], gold: list[str], pred: list[str]) -> str:
    """Prints F1 per entity type; returns the overall line."""
    by_tag = defaultdict(list)
    for i, e in enumerate(examples):
        by_tag[e.tag].append(i)
    for tag, idx in sorted(by_tag.items()):
        f1_pn, macro = metrics([gold[i] for i in idx], [pred[i] for i in idx])
        print(f"  {tag:<13} n={len(idx):<5} F1_PN={f1_pn:.4f} macroF1={macro:.4f}")
    f1_pn, macro = metrics(gold, pred)
    return f"F1_PN={f1_pn:.4f} macroF1={macro:.4f} n={len(examples)}"


def encoder_cross_validate(path: Path, oof_dir: Path) -> str:
    """The accurate model's CV, from the out-of-fold probabilities that
    `python -m monitor.sentiment.encoder_train --cv` wrote (same grouped folds as --cv),
    one file per seed (member) of the shipped model: each member and their mean alone,
    then mixed with the linear model's out-of-fold probabilities with the weight and
    biases shipped in ru_encoder.npz (tuned on these same scores)."""
    import numpy as np

    from monitor.sentiment.encoder import ENCODER_FILE, read
    from monitor.sentiment.encoder_train import mix, oof_path
    from monitor.sentiment.train import oof_proba

    examples = read_rusentne(path)
    gold = [e.label for e in examples]
    meta = read(ENCODER_FILE)[1]
    members = [np.load(oof_path(oof_dir, seed)) for seed in meta["seeds"]]
    for seed, p in zip(meta["seeds"], members):
        print(f"encoder seed {seed} alone, argmax: F1_PN={metrics(gold, [LABELS[j] for j in p.argmax(1)])[0]:.4f}")
    enc = np.mean(members, axis=0)
    print(f"encoder (mean of {len(members)}), argmax: F1_PN={metrics(gold, [LABELS[j] for j in enc.argmax(1)])[0]:.4f}")
    w, b_neg, b_pos = meta["w_encoder"], meta["b_neg"], meta["b_pos"]
    mixed = mix(enc, np.array(oof_proba(examples)), w)
    print(f"mixed with the linear model (weight {w}), argmax: "
          f"F1_PN={metrics(gold, [LABELS[j] for j in mixed.argmax(1)])[0]:.4f}")
    pred = [LABELS[j] for j in (mixed + [b_neg, 0.0, b_pos]).argmax(1)]
    print(f"mixed, biases {b_neg:+.1f}/{b_pos:+.1f} (the shipped accurate model):")
    return per_tag(examples, gold, pred)


def cpu() -> str:
    """The CPU model and the vector extensions that decide the encoder's speed: its int8
    kernels run ~3x faster with VNNI than on AVX2 alone, so a figure means little without it."""
    import platform

    name, flags = platform.processor() or platform.machine(), set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                name = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
                break
    except OSError:  # not Linux
        pass
    isa = [f for f in ("avx512_vnni", "avx_vnni", "avx512f", "avx2") if f in flags]
    return f"{name} [{' '.join(isa) or 'no AVX2'}]"


def speed(path: Path, language: str, model: str, rounds: int = 3) -> str:
    examples = read_rusentne(path)
    scorer = SentimentScorer.default(model=model)
    names = [[e.entity] for e in examples]
    elapsed = 0.0
    for _ in range(rounds):
        parse.cache_clear()  # a later round must not reuse parses: each sentence is parsed anew
        if scorer.encoder is not None:  # nor scores or word segmentations
            scorer.encoder.proba.cache_clear()
            scorer.encoder.base.unigram.word.cache_clear()
        # CPU time of this one thread: other work on a shared machine does not count.
        start = time.process_time()
        for e, n in zip(examples, names):
            scorer.score_mention([e.sentence], n, language)
        elapsed += time.process_time() - start
    rate = rounds * len(examples) / elapsed
    return (f"throughput ({language}, {model}, one core of {cpu()}, score_mention incl. target search): "
            f"{rate:.0f} mentions/s")


def confusion(gold: list[str], pred: list[str]) -> str:
    rows = ["gold \\ pred " + " ".join(f"{label:>9}" for label in LABELS)]
    for g in LABELS:
        counts = [sum(a == g and b == p for a, b in zip(gold, pred)) for p in LABELS]
        rows.append(f"{g:<12} " + " ".join(f"{c:>9}" for c in counts))
    return "\n".join(rows)


def article_summary(gold: list[str], pred: list[str]) -> str:
    f1_pn, macro = metrics(gold, pred)
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return f"F1_PN={f1_pn:.4f} macroF1={macro:.4f} accuracy={accuracy:.4f} n={len(gold)}"


def evaluate_articles(path: Path, verbose: bool = False, model: str = "fast") -> str:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    scorer = SentimentScorer.default(model=model)
    start = time.perf_counter()
    scored = [scorer.score_article(r["text"], r["language"], r.get("title", "")) for r in rows]
    rate = len(rows) / (time.perf_counter() - start)
    pred = [s.label for s in scored]
    if verbose:
        for r, s in zip(rows, scored):
            mark = " " if s.label == r["label"] else "x"
            print(f"{mark} {r['id']:<8} gold={r['label']:<8} pred={s.label:<8} {s.score:+.3f}  {r['title']}")
    groups = {"overall": range(len(rows))}
    for language in sorted({r["language"] for r in rows}):
        groups[language] = [i for i, r in enumerate(rows) if r["language"] == language]
    groups["dev (even ids)"] = [i for i, r in enumerate(rows) if int(r["id"][-1]) % 2 == 0]
    groups["holdout (odd ids)"] = [i for i, r in enumerate(rows) if int(r["id"][-1]) % 2 == 1]
    for name, idx in groups.items():
        gold_part, pred_part = [rows[i]["label"] for i in idx], [pred[i] for i in idx]
        print(f"{name}: {article_summary(gold_part, pred_part)}")
        print(confusion(gold_part, pred_part))
    print(f"throughput (score_article, one core): {rate:.1f} articles/s")
    return "articles: " + article_summary([r["label"] for r in rows], pred)


def real_mentions(path: Path, language: str | None = None) -> list[tuple[dict, dict, list[str], list[str]]]:
    """(excerpt, akim entry, snippets, names) for each named akim of a realnews file.

    Snippets are the excerpt's sentences that name the person (full name or surname, in
    any case form, as the pipeline's target search finds them); when the text names him
    only in a form that search misses (initials run together, another script), the
    sentence holding the annotator's evidence stands in, as the mention finder's
    sentence would."""
    from monitor.sentiment.apply import surface_names
    from monitor.sentiment.target import find_target
    from monitor.sentiment.text import split_sentences

    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if language and row["language"] != language:
            continue
        sentences = split_sentences(row["text"])
        for akim in row["akims"]:
            names = list(dict.fromkeys(surface_names(akim["name"]) + [akim["surname"]]))
            snippets = [s for s in sentences if find_target(s, names)]
            if not snippets:
                snippets = [s for s in sentences if akim["evidence"] in s] or [akim["evidence"]]
            out.append((row, akim, snippets, names))
    return out


def excerpt_frame(row: dict) -> float:
    """The article frame of an excerpt: its first line is the page's title."""
    from monitor.sentiment.events import article_frame

    title, _, body = row["text"].strip().partition("\n")
    return article_frame(title, body.strip(), row["language"])


DAY_OF_NEWS = 600  # articles a day from the four outlets, ru + kk editions (an estimate)


def day_of_news(path: Path, scorer: SentimentScorer, mention_seconds: float) -> str:
    """The sentiment step's cost for a day of news, from these excerpts: every one
    scored as an article, plus its akims' mentions (timed above). Nearly every excerpt
    here names an akim, unlike an outlet's day, so this is an upper bound."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    parse.cache_clear()
    start = time.process_time()
    for r in rows:
        title, _, body = r["text"].partition("\n")
        scorer.score_article(body, r["language"], title)
    per_article = (time.process_time() - start + mention_seconds) / len(rows)
    return (f"a day of news, ~{DAY_OF_NEWS} articles at this set's {sum(len(r['akims']) for r in rows) / len(rows):.1f} "
            f"akim mentions per article (an upper bound): {DAY_OF_NEWS * per_article:.0f} s of one core")


def evaluate_real(path: Path, language: str | None, model: str, verbose: bool = False) -> str:
    """Tone toward the akims of real news excerpts (see real_mentions), per language."""
    cases = real_mentions(path, language)
    scorer = SentimentScorer.default(model=model)
    # CPU time of this one thread, so that other work on the machine does not count.
    start = time.process_time()
    scored = [scorer.score_mention(snippets, names, row["language"], excerpt_frame(row))
              for row, _a, snippets, names in cases]
    rate = len(cases) / (time.process_time() - start)
    gold = [akim["sentiment"] for _r, akim, _s, _n in cases]
    pred = [s.label for s in scored]
    if verbose:
        for (row, akim, snippets, _n), s in zip(cases, scored):
            mark = " " if s.label == akim["sentiment"] else "x"
            print(f"{mark} {row['id']:<8} {row['language']} gold={akim['sentiment']:<8} pred={s.label:<8} "
                  f"{s.score:+.3f} {akim['name']} ({len(snippets)} sentences)")
    for lang in sorted({r["language"] for r, *_ in cases}):
        idx = [i for i, (r, *_rest) in enumerate(cases) if r["language"] == lang]
        g, p = [gold[i] for i in idx], [pred[i] for i in idx]
        f1_pn, macro = metrics(g, p)
        print(f"{lang}: F1_PN={f1_pn:.4f} macroF1={macro:.4f} n={len(idx)}")
        print(confusion(g, p))
    print(f"throughput (real excerpts, {model}, one core of {cpu()}, score_mention over all its sentences): "
          f"{rate:.1f} mentions/s")
    print(day_of_news(path, scorer, len(cases) / rate))
    f1_pn, macro = metrics(gold, pred)
    return f"mentions: F1_PN={f1_pn:.4f} macroF1={macro:.4f} n={len(cases)}"


def mention_proxy(row: dict) -> str | None:
    """An excerpt's tone from its akims' tones, or None when it names none."""
    tones = {a["sentiment"] for a in row["akims"]}
    if not tones:
        return None
    return "negative" if "negative" in tones else "positive" if "positive" in tones else "neutral"


def evaluate_real_articles(path: Path, labels: Path, model: str, verbose: bool = False) -> str:
    gold = dict(line.split("\t") for line in labels.read_text(encoding="utf-8").splitlines()[1:] if line.strip())
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["id"] in gold]
    scorer = SentimentScorer.default(model=model)
    pred = []
    for r in rows:
        title, _, body = r["text"].strip().partition("\n")
        pred.append(scorer.score_article(body, r["language"], title))
    if verbose:
        for r, s in zip(rows, pred):
            mark = " " if s.label == gold[r["id"]] else "x"
            print(f"{mark} {r['id']:<8} {r['language']} gold={gold[r['id']]:<8} pred={s.label:<8} {s.score:+.3f} "
                  f"{r['text'].strip().splitlines()[0][:70]}")
    for lang in sorted({r["language"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["language"] == lang]
        g, p = [gold[rows[i]["id"]] for i in idx], [pred[i].label for i in idx]
        print(f"{lang}: {article_summary(g, p)}")
        print(confusion(g, p))
        proxied = [i for i in idx if mention_proxy(rows[i])]
        g2, p2 = [mention_proxy(rows[i]) for i in proxied], [pred[i].label for i in proxied]
        print(f"{lang}, against the per-mention proxy: {article_summary(g2, p2)}")
    f1_pn, macro = metrics([gold[r["id"]] for r in rows], [s.label for s in pred])
    return f"real articles: F1_PN={f1_pn:.4f} macroF1={macro:.4f} n={len(rows)}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Бенчмарк тональности (формат RuSentNE TSV)")
    parser.add_argument("--data", type=Path, help="TSV: sentence, entity, entity_tag, span, label")
    parser.add_argument("--language", help="язык текста: ru или kk (с --data по умолчанию ru; с --real — оба)")
    parser.add_argument("--real", type=Path, metavar="PATH",
                        help="реальные новости об акимах (JSONL realnews): тональность к каждому акиму")
    parser.add_argument("--real-articles", type=Path, metavar="PATH",
                        help="те же новости: тональность статьи против разметки --labels")
    parser.add_argument("--labels", type=Path, default=REAL_ARTICLE_LABELS,
                        help="с --real-articles: TSV id, label")
    parser.add_argument("--cv", action="store_true", help="5-кратная кросс-валидация на обучающем файле")
    parser.add_argument("--kazakh", action="store_true", help="казахский набор benchmarks/data")
    parser.add_argument("--kz-repeat", type=int, default=3, help="повторов казахстанских примеров в CV")
    parser.add_argument("--speed", action="store_true", help="замерить скорость")
    parser.add_argument("--articles", nargs="?", type=Path, const=ARTICLES, metavar="PATH",
                        help="тональность статей целиком (JSONL: id, language, title, text, label)")
    parser.add_argument("-v", "--verbose", action="store_true", help="с --articles: строка на статью")
    parser.add_argument("--model", choices=("fast", "accurate"),
                        help="модель: accurate (с дообученным e5; по умолчанию, если установлена) или fast (линейная)")
    parser.add_argument("--oof-dir", type=Path, default=ENCODER_OOF,
                        help="с --cv --model accurate: папка вероятностей вне фолда от encoder_train --cv")
    args = parser.parse_args(argv)
    args.model = args.model or default_model()
    if args.real_articles:
        print(evaluate_real_articles(args.real_articles, args.labels, args.model, args.verbose))
        return
    if args.real:
        print(evaluate_real(args.real, args.language, args.model, args.verbose))
        return
    args.language = args.language or "ru"
    if args.articles:
        print(evaluate_articles(args.articles, args.verbose, args.model))
        return
    if args.cv:
        if args.model == "accurate":
            print(encoder_cross_validate(args.data or TRAIN, args.oof_dir))
        else:
            print(cross_validate(args.data or TRAIN, args.kz_repeat))
        return
    if args.kazakh:
        print(f"Kazakh holdout ({KK_HOLDOUT.name}): {evaluate(KK_HOLDOUT, 'kk', args.model)}")
        args.data, args.language = KK_SET, "kk"
    if args.data is None:
        parser.error("--data is required (or --cv / --kazakh)")
    if args.speed:
        print(speed(args.data, args.language, args.model))
    print(evaluate(args.data, args.language, args.model))


if __name__ == "__main__":
    main()
