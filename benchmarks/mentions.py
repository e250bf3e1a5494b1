"""Mention detection benchmark: precision/recall per language and role, throughput.

    python benchmarks/mentions.py [--data benchmarks/data/mentions_eval.jsonl] [--errors]
    python benchmarks/mentions.py --real ../shared/data/realnews/akim_mentions_dev.jsonl [--errors]

Quality on two hand-written sets, reported apart:
- the development set (build_mentions_eval.py), which the rules were tuned on;
- the held-out set (data/mentions_heldout.jsonl), written without looking at the
  finder's output and never edited to fit it. Its figures are the honest ones.
Speed on articles of 3-5 KB assembled from sentences plus neutral filler prose.

--real evaluates real news in the realnews JSONL format (excerpts annotated by hand, see
benchmarks/realnews_eval.py): that figure, not the two sets above, is the quality measure.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from monitor.mentions import MentionFinder

import realnews_eval

DATA = Path(__file__).with_name("data") / "mentions_eval.jsonl"
HELDOUT = Path(__file__).with_name("data") / "mentions_heldout.jsonl"
FILLER = (
    "В городе продолжается ремонт дорог и инженерных сетей. Подрядчики обещают завершить работы "
    "до конца сезона. Жители отмечают, что движение в центре затруднено. Синоптики прогнозируют "
    "осадки и усиление ветра. Цены на овощи на рынках выросли по сравнению с прошлым месяцем. "
)


def keys_of(mention) -> str:
    return mention.person.akim_id or f"name:{mention.person.name}"


def evaluate(finder: MentionFinder, rows: list[dict]) -> tuple[Counter, list[str]]:
    stats: Counter = Counter()
    errors = []
    for row in rows:
        found = finder.find(row["text"], title=row.get("title", ""), language=row["lang"],
                            published_at=datetime.fromisoformat(row["date"]))
        got = {keys_of(m): m.person.role for m in found}
        expected = {key: role for key, role in row["expect"]}
        lang = row["lang"]
        for key, role in expected.items():
            ok = got.get(key) == role
            stats[(lang, role, "tp" if ok else "fn")] += 1
            if not ok:
                errors.append(f"FN {lang} {key}/{role} got {got} :: {row['text']}")
        for key, role in got.items():
            if expected.get(key) != role:
                stats[(lang, role, "fp")] += 1
                errors.append(f"FP {lang} {key}/{role} :: {row['text']}")
    return stats, errors


def report(stats: Counter) -> None:
    print(f"{'lang':5} {'role':12} {'P':>6} {'R':>6} {'tp':>5} {'fp':>4} {'fn':>4}")
    groups = sorted({(lang, role) for lang, role, _ in stats})
    for lang in sorted({g[0] for g in groups}):
        for role in [r for l, r in groups if l == lang] + ["ALL"]:
            tp, fp, fn = (sum(v for (l, r, k), v in stats.items()
                              if l == lang and (role == "ALL" or r == role) and k == kind)
                          for kind in ("tp", "fp", "fn"))
            p = tp / (tp + fp) if tp + fp else 1.0
            rc = tp / (tp + fn) if tp + fn else 1.0
            print(f"{lang:5} {role:12} {p:6.3f} {rc:6.3f} {tp:5} {fp:4} {fn:4}")


def articles(rows: list[dict], n: int = 300) -> list[tuple[str, str]]:
    rng = random.Random(7)
    out = []
    for _ in range(n):
        parts = []
        while sum(len(p.encode()) for p in parts) < 4000:
            parts.append(rng.choice(rows)["text"] if rng.random() < 0.3 else FILLER)
        out.append((parts[0][:80], "\n".join(parts)))
    return out


def throughput(finder: MentionFinder, rows: list[dict]) -> float:
    docs = articles(rows)
    day = datetime(2024, 3, 15)
    start = time.perf_counter()
    for title, text in docs:
        finder.find(text, title=title, language="ru", published_at=day)
    return len(docs) / (time.perf_counter() - start)


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    parser.add_argument("--errors", action="store_true", help="print every miss and false alarm")
    parser.add_argument("--real", type=Path, help="real news excerpts in the realnews JSONL format")
    args = parser.parse_args()
    rows = load(args.data)
    started = time.perf_counter()
    finder = MentionFinder.default()
    print(f"models loaded in {time.perf_counter() - started:.2f}s")
    if args.real:
        realnews_eval.run(finder, load(args.real), args.errors)
        return
    for name, data in (("development set (tuned on)", rows), ("HELD-OUT set", load(args.heldout))):
        print(f"\n== {name}: {len(data)} sentences")
        stats, errors = evaluate(finder, data)
        report(stats)
        if args.errors:
            print("\n".join(errors))
    print()
    kb = sum(len(t.encode()) for _, t in articles(rows, 20)) / 20 / 1024
    print(f"throughput: {throughput(finder, rows):.1f} articles/s on one core (mean {kb:.1f} KB)")


if __name__ == "__main__":
    main()
