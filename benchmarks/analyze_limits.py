"""`monitor analyze` on big pages: wall time and peak memory at 1, 5 and 20 MB.

    python benchmarks/analyze_limits.py [--sizes 1,5,20] [--kind article|listing]

Each size runs `monitor analyze FILE --json` in its own process (the real
command, models loaded as a user gets them); the peak RSS is that process's
own, read from wait4(). 20 MB is the crawl's page limit (DOWNLOAD_MAXSIZE),
which files obey too. Target at 20 MB: <= 10 s and <= 400 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
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


def run(path: Path) -> tuple[float, float, int, str]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "analyze", str(path), "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    verdict = out.decode()[:0] or (err.decode().strip().splitlines() or [""])[-1]
    if proc.returncode == 0:
        import json

        data = json.loads(out)
        verdict = f"is_article={data['is_article']} {data['reason'] or ''} text={len(data['text'] or ''):,} chars"
    return seconds, usage.ru_maxrss / 1024, proc.returncode, verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,20", help="page sizes in MB")
    parser.add_argument("--kind", default="article", choices=("article", "listing"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.html"
        small.write_bytes(big_page(0, args.kind))
        base_s, base_mb, _, _ = run(small)
        print(f"baseline (one ordinary page, models loaded): {base_s:.1f} s, peak {base_mb:.0f} MB")
        for size in (float(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"page-{size:g}mb.html"
            path.write_bytes(big_page(size, args.kind))
            seconds, peak, code, verdict = run(path)
            mb = path.stat().st_size / 1024 / 1024
            print(f"{args.kind} {mb:5.1f} MB: {seconds:6.1f} s, peak RSS {peak:6.0f} MB, exit {code}: {verdict}")


if __name__ == "__main__":
    main()
