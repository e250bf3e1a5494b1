"""`monitor analyze` on big pages: wall time, CPU time and peak memory at 1, 5 and 20 MB.

    python benchmarks/analyze_limits.py [--sizes 1,5,20] [--kind article|listing]
                                        [--model accurate|fast|both]

Each size runs `monitor analyze FILE --json` in its own process (the real
command, models loaded as a user gets them; --model sets MONITOR_SENTIMENT_MODEL);
the peak RSS is that process's own, read from wait4(). 20 MB is the crawl's page
limit (DOWNLOAD_MAXSIZE), which files obey too. Target at 20 MB: <= 10 s and
<= 400 MB; each line says whether it holds. Wall time depends on what else the
machine runs: CPU time (user + system) is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from monitor.dates import LOCAL_TZ
from monitor.replica.articles import generated
from monitor.replica.site import build_site


def big_page(megabytes: float, kind: str) -> bytes:
    """A replica page grown to size: an article whose body goes on and on, or a listing
    with thousands of cards (the two shapes a huge page takes in practice)."""
    site = build_site(datetime.now(LOCAL_TZ))
    edition = "tengrinews.ru"
    path = site.article_paths[edition][0] if kind == "article" else "/article/"
    page = site.routes[edition][path].body
    filler = generated(40, seed=3)
    if kind == "article":
        chunk = "".join(f"<p>{p}</p>" for a in filler for p in a.paragraphs).encode()
        marker = b"</div>\n  <div id=\"comm\""
    else:
        chunk = "".join(f'<div class="tn-news-author-list-item"><a class="tn-link" href="/news/{a.slug}-{a.id}/">'
                        f'<span class="tn-news-author-list-title">{a.title} {a.lead}</span></a>'
                        f"<p class=\"tn-announce\">{a.lead}</p><time>Сегодня, 17:49</time></div>"
                        for a in filler).encode()
        marker = b"</div>\n"
    head, sep, tail = page.partition(marker)
    repeat = max(1, int(megabytes * 1024 * 1024 - len(page)) // len(chunk))
    return head + chunk * repeat + sep + tail


TARGET_SECONDS = 10.0
TARGET_MB = 400.0


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    code: int
    verdict: str


def run(path: Path, model: str) -> Run:
    env = {**os.environ, "MONITOR_SENTIMENT_MODEL": model}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "analyze", str(path), "--json"],
                                stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS and CPU time
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    verdict = (stderr.decode().strip().splitlines() or [""])[-1]
    if proc.returncode == 0:
        data = json.loads(stdout)
        verdict = (f"is_article={data['is_article']} {data['reason'] or ''} text={len(data['text'] or ''):,} chars, "
                   f"{len(data['mentions'])} mentions")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, verdict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,20", help="page sizes in MB")
    parser.add_argument("--kind", default="article", choices=("article", "listing"))
    parser.add_argument("--model", default="both", choices=("accurate", "fast", "both"),
                        help="the sentiment model (accurate is the default where installed)")
    args = parser.parse_args()
    models = ("accurate", "fast") if args.model == "both" else (args.model,)
    print(f"target at 20 MB: <= {TARGET_SECONDS:g} s and <= {TARGET_MB:g} MB peak RSS")
    with tempfile.TemporaryDirectory() as tmp:
        pages = [(0.0, Path(tmp) / "ordinary.html")]
        pages[0][1].write_bytes(big_page(0, args.kind))
        for size in (float(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"page-{size:g}mb.html"
            path.write_bytes(big_page(size, args.kind))
            pages.append((size, path))
        for model in models:
            for size, path in pages:
                result = run(path, model)
                mb = path.stat().st_size / 1024 / 1024
                label = "ordinary page" if not size else f"{args.kind} {mb:4.1f} MB"
                holds = result.code == 0 and result.seconds <= TARGET_SECONDS and result.peak_mb <= TARGET_MB
                target = ("" if not size else "  target " + ("met" if holds else "MISSED"))
                print(f"{model:8s} {label:16s}: {result.seconds:5.1f} s wall, {result.cpu:5.1f} s CPU, "
                      f"peak RSS {result.peak_mb:4.0f} MB, exit {result.code}{target}: {result.verdict}")


if __name__ == "__main__":
    main()
