"""Mention detection on real news excerpts (the realnews JSONL format).

Each line: {"id", "language", "published", "text", "akims": [{"surname", "role", ...}],
"not_akims": [{"surname", ...}], "role_only": [...]}. Scoring, per named mention:

- R: a hand-annotated akim/deputy/former akim is found when some mention the finder
  returns carries that surname (any case form, either script);
- R_role: ... and the mention has the annotated role, as its role or as one of its other
  roles (a person the text gives two akim offices, as the annotation does);
- P: of the finder's mentions, the share whose surname is an annotated akim's. A mention
  named after a hard negative (an official who is not an akim) counts in `nonakims`. A
  mention of someone not annotated at all, where the excerpt has an unnamed akim of that
  role (role_only), is the registry resolving the role by date: shown, not scored.

The last line is `P=<p> R=<r> R_role=<r> nonakims=<n> n=<mentions>`.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from monitor.mentions.forms import loose
from monitor.mentions.kk_latin import is_kazakh_latin, to_cyrillic


def surname_key(word: str) -> str:
    if word.isascii() or is_kazakh_latin(word, 1):
        word = to_cyrillic(word)
    # «Әбдіқалықова» and «Абдыкаликова» are one name: Kazakh і/ы and Russian и/ы swap.
    return loose(word).replace("й", "и").replace("ы", "и").replace("ъ", "").replace("ь", "")


def same_surname(gold: str, word: str) -> bool:
    a, b = surname_key(gold), surname_key(word)
    if len(a) < 3 or len(b) < 3:
        return a == b
    if a == b or (len(a) >= 5 and b.startswith(a[:-1]) and len(b) - len(a) <= 3):
        return True
    return len(a) >= 6 and len(a) == len(b) and sum(x != y for x, y in zip(a, b)) <= 1


def named(mention, surname: str) -> bool:
    return any(same_surname(surname, w) for w in mention.person.name.replace("-", " ").split())


def score_row(finder, row: dict, stats: Counter, errors: list[str]) -> None:
    day = datetime.fromisoformat(row["published"]) if row.get("published") else None
    found = finder.find(row["text"], language=row["language"], published_at=day)
    lang = row["language"]
    for gold in row["akims"]:
        hits = [m for m in found if named(m, gold["surname"])]
        stats[(lang, "n")] += 1
        stats[(lang, "found")] += bool(hits)
        roles = {m.person.role for m in hits} | {o.role for m in hits for o in m.other_roles}
        stats[(lang, "role")] += gold["role"] in roles
        if gold["role"] not in roles:
            got = ",".join(sorted(roles)) or "-"
            errors.append(f"MISS {row['id']} {lang} {gold['name']}/{gold['role']} got {got} :: {gold['evidence']}")
    unnamed_roles = {r["role"] for r in row.get("role_only", [])}
    for mention in found:
        if any(named(mention, g["surname"]) for g in row["akims"]):
            stats[(lang, "tp")] += 1
            continue
        if any(named(mention, g["surname"]) for g in row.get("not_akims", [])):
            stats[(lang, "nonakim")] += 1
            stats[(lang, "fp")] += 1
            errors.append(f"NONAKIM {row['id']} {lang} {mention.person.name}/{mention.person.role}")
        elif mention.person.role in unnamed_roles:
            stats[(lang, "by_role")] += 1
        else:
            stats[(lang, "fp")] += 1
            errors.append(f"FP {row['id']} {lang} {mention.person.name}/{mention.person.role} :: "
                          f"{mention.snippets[0][:150] if mention.snippets else ''}")


def figures(stats: Counter, langs: list[str]) -> dict[str, float]:
    total = {k: sum(stats[(lang, k)] for lang in langs)
             for k in ("n", "found", "role", "tp", "fp", "nonakim", "by_role")}
    return {
        "P": total["tp"] / (total["tp"] + total["fp"]) if total["tp"] + total["fp"] else 1.0,
        "R": total["found"] / total["n"] if total["n"] else 1.0,
        "R_role": total["role"] / total["n"] if total["n"] else 1.0,
        "nonakims": total["nonakim"], "n": total["n"], "by_role": total["by_role"],
    }


def line(f: dict[str, float]) -> str:
    return f"P={f['P']:.3f} R={f['R']:.3f} R_role={f['R_role']:.3f} nonakims={f['nonakims']} n={f['n']}"


def run(finder, rows: list[dict], show_errors: bool = False) -> dict[str, float]:
    stats: Counter = Counter()
    errors: list[str] = []
    for row in rows:
        score_row(finder, row, stats, errors)
    if show_errors:
        print("\n".join(errors))
    langs = sorted({lang for lang, _ in stats})
    print(f"\n== real news: {len(rows)} excerpts")
    for lang in langs:
        f = figures(stats, [lang])
        print(f"{lang}: {line(f)} (resolved by role, not scored: {f['by_role']})")
    overall = figures(stats, langs)
    print(line(overall))
    return overall
