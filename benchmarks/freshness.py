"""Freshness: minutes from publication to the inbox, with the long-lived worker's defaults.

    python benchmarks/freshness.py [--minutes 30] [--factor 10] [--per-outlet 5] [--idle-minutes 20]
    python benchmarks/freshness.py --memory-polls 1000

The replica outlets (tengrinews, nur, bnews, ratel on 127.0.0.1) publish
articles naming the akim of Astana at random moments; `monitor run --every`
runs as a real process with an immediate alert rule for him, against an
aiosmtpd server that notes when each email arrives.

Time is compressed by --factor K: every [schedule] interval (feed, listing, min,
max, night, back-off, alert check) and the crawl's download_delay is the default
divided by K, the outlet budget
(requests per hour) multiplied by K, and the run lasts --minutes / K real
minutes. Figures are given back at real-time scale: a latency is (email received
- publication) x K, which also multiplies the worker's own processing time by K
(fetch, extraction, tone, SMTP), so the figures are pessimistic. The night
schedule is switched off (a compressed run has no night); the adaptive part that
reacts to hours of idleness or to the publishing rate per hour sees real hours,
so during the run each source keeps its base interval, which is what the
figures measure. Requests per outlet per hour are counted at the replica during
a quiet phase (--idle-minutes, simulated) after the last email.

--memory-polls N: a second mode; intervals of a second, no publications, the
worker's RSS sampled every N/10 polls: flat means no growth after the first
samples (models, caches and the store warm up first).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller

from monitor.config import CrawlConfig, ScheduleConfig
from monitor.dates import LOCAL_TZ
from monitor.replica.newsroom import Newsroom
from monitor.replica.server import RunningReplica, serve
from monitor.replica.site import build_site

OUTLETS = ("tengrinews", "nur", "bnews", "ratel")
EDITIONS = {"tengrinews": ("tengrinews.ru", "tengrinews.kk"), "nur": ("nur.ru", "nur.kk"), "bnews": ("bnews.ru",),
            "ratel": ("ratel.ru",)}


@dataclass
class Inbox:
    """aiosmtpd handler: (arrival time, text) of every message."""

    mails: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook name)
        msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        text = msg.get_body(("plain",)).get_content()
        with self.lock:
            self.mails.append((time.time(), text))
        return "250 OK"

    def arrival(self, title: str) -> float | None:
        with self.lock:
            return next((at for at, text in self.mails if title in text), None)


def start_smtp(inbox: Inbox) -> tuple[Controller, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port


def schedule_toml(factor: float) -> str:
    d = ScheduleConfig()
    scaled = {k: getattr(d, k) / factor for k in ("feed_interval", "listing_interval", "min_interval",
                                                     "max_interval", "night_max_interval", "max_backoff", "alert_check")}
    lines = [f"{k} = {v:g}" for k, v in scaled.items()]
    lines += [f"outlet_budget = {int(d.outlet_budget * factor)}", 'night_start = "00:00"', 'night_end = "00:00"']
    # The politeness delay between two requests to one host is time too.
    crawl = f"\n[crawl]\ndownload_delay = {CrawlConfig().download_delay / factor:g}\n"
    return crawl + "\n[schedule]\n" + "\n".join(lines) + "\n"


def write_config(tmp: Path, replica: RunningReplica, smtp_port: int, schedule: str) -> Path:
    path = tmp / "monitor.toml"
    path.write_text(
        f'db = "{tmp / "store.db"}"\n\n[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nsecurity = "none"\n'
        f'from = "alerts@monitor.test"\n\n{replica.config_toml()}\n{schedule}\n'
        '[[alerts.rules]]\nname = "astana"\nrecipients = ["press@akimat.test"]\nakims = ["Касымбек"]\n', "utf-8")
    return path


def start_worker(config_path: Path, outlets: tuple[str, ...], log_path: Path) -> subprocess.Popen:
    args = [a for o in outlets for a in ("--outlet", o)]
    return subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config_path), "run", "--every", "1h", *args],
                            stdout=subprocess.DEVNULL, stderr=log_path.open("w"))


def memory_kb(pid: int, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    return 0


def polls_made(replica: RunningReplica, edition_of: dict[str, str]) -> dict[str, int]:
    """Requests per outlet at the replica (every kind: polls, robots.txt, articles)."""
    counts = dict.fromkeys(edition_of.values(), 0)
    with replica.lock:
        for edition, _ in replica.requests:
            counts[edition_of[edition]] += 1
    return counts


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def wait_until(predicate, timeout: float, proc: subprocess.Popen, log_path: Path) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc.poll() is not None:
            sys.exit(f"the worker ended with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    return False


def freshness(args: argparse.Namespace) -> None:
    k = args.factor
    rng = random.Random(args.seed)
    outlets = tuple(args.outlets)
    edition_of = {e: o for o in outlets for e in EDITIONS[o]}
    inbox = Inbox()
    controller, port = start_smtp(inbox)
    built_at = datetime.now(LOCAL_TZ)
    with tempfile.TemporaryDirectory(prefix="freshness-") as tmp, \
            serve(build_site(built_at), [e for o in outlets for e in EDITIONS[o]]) as replica:
        tmp_path = Path(tmp)
        log_path = tmp_path / "worker.log"
        worker = start_worker(write_config(tmp_path, replica, port, schedule_toml(k)), outlets, log_path)
        started = time.monotonic()
        cpu_start = os.times()
        # Warm-up: the first polls read the sample stories; the one naming Kassymbek is mailed.
        if not wait_until(lambda: inbox.mails, 180, worker, log_path):
            sys.exit("no email after 3 minutes of warm-up")
        warm = time.monotonic() - started
        span = args.minutes * 60 / k
        moments = sorted((rng.uniform(0, span), o) for o in outlets for _ in range(args.per_outlet))
        newsroom = Newsroom(replica, built_at)
        published: list[tuple[str, str, float]] = []  # outlet, title, time
        begin = time.monotonic()
        for at, outlet in moments:
            time.sleep(max(0.0, begin + at - time.monotonic()))
            article, when = newsroom.publish(outlet)
            published.append((outlet, article.title, when.timestamp()))
        late = max(600.0 / k * 4, 60.0)
        wait_until(lambda: all(inbox.arrival(t) for _, t, _ in published), late, worker, log_path)
        latencies: dict[str, list[float]] = {o: [] for o in outlets}
        missing = []
        for outlet, title, when in published:
            arrived = inbox.arrival(title)
            if arrived is None:
                missing.append(title)
            else:
                latencies[outlet].append((arrived - when) * k)
        # Quiet phase: nothing published; what the worker asks of each outlet.
        before = polls_made(replica, edition_of)
        quiet_start = time.monotonic()
        time.sleep(args.idle_minutes * 60 / k)
        quiet = time.monotonic() - quiet_start
        after = polls_made(replica, edition_of)
        rss_peak = memory_kb(worker.pid, "VmHWM") / 1024
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        cpu = os.times()
        controller.stop()
    per_hour = {o: (after[o] - before[o]) / (quiet * k / 3600) for o in outlets}
    print(f"time factor K={k:g}: {args.minutes:g} simulated minutes of publishing in {span:.0f} s, "
          f"warm-up {warm:.0f} s; children CPU {cpu.children_user + cpu.children_system - cpu_start.children_user - cpu_start.children_system:.0f} s")
    print(f"{'outlet':<12}{'articles':>9}{'median s':>10}{'p90 s':>8}{'req/hour idle':>15}")
    for outlet in outlets:
        values = latencies[outlet]
        med = f"{statistics.median(values):.0f}" if values else "-"
        p90 = f"{percentile(values, 0.9):.0f}" if values else "-"
        print(f"{outlet:<12}{len(values):>9}{med:>10}{p90:>8}{per_hour[outlet]:>15.0f}")
    if missing:
        print(f"never emailed ({len(missing)}): " + "; ".join(missing))
    everything = [v for values in latencies.values() for v in values]
    if not everything:
        sys.exit("no article was emailed")
    print(f"freshness: median={statistics.median(everything):.0f} p90={percentile(everything, 0.9):.0f} "
          f"requests_per_outlet_hour={max(per_hour.values()):.0f} rss_mb={rss_peak:.0f}")


def memory(args: argparse.Namespace) -> None:
    """RSS of the worker every N/10 polls, with intervals of a second and nothing published."""
    from monitor.store import open_store

    inbox = Inbox()
    controller, port = start_smtp(inbox)
    schedule = ("\n[schedule]\nfeed_interval = 1\nlisting_interval = 1\nmin_interval = 1\nmax_interval = 1\n"
                'night_start = "00:00"\nnight_end = "00:00"\noutlet_budget = 100000\nalert_check = 5\n')
    outlets = tuple(args.outlets)
    with tempfile.TemporaryDirectory(prefix="freshness-mem-") as tmp, \
            serve(build_site(datetime.now(LOCAL_TZ)), [e for o in outlets for e in EDITIONS[o]]) as replica:
        tmp_path = Path(tmp)
        log_path = tmp_path / "worker.log"
        config_path = write_config(tmp_path, replica, port, schedule)
        worker = start_worker(config_path, outlets, log_path)
        samples: list[tuple[int, float]] = []
        step = max(1, args.memory_polls // 10)

        def polls() -> int:
            try:
                with open_store(tmp_path / "store.db") as store:
                    return store.db.execute("SELECT COALESCE(SUM(polls), 0) FROM poll_schedule").fetchone()[0]
            except Exception:  # the worker creates the store; a moment before it exists
                return 0

        for target in range(step, args.memory_polls + 1, step):
            wait_until(lambda: polls() >= target, 600, worker, log_path)
            samples.append((polls(), memory_kb(worker.pid, "VmRSS") / 1024))
            print(f"polls={samples[-1][0]:>6} rss_mb={samples[-1][1]:.1f}", flush=True)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        controller.stop()
    settled = samples[len(samples) // 5:]  # after warm-up
    growth = settled[-1][1] - settled[0][1]
    print(f"memory: polls={samples[-1][0]} rss_mb first={samples[0][1]:.1f} last={samples[-1][1]:.1f} "
          f"growth_after_warmup_mb={growth:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30, help="simulated minutes of publishing (>= 10)")
    parser.add_argument("--factor", type=float, default=10, help="time compression K")
    parser.add_argument("--per-outlet", type=int, default=5, help="articles each outlet publishes")
    parser.add_argument("--idle-minutes", type=float, default=20, help="simulated quiet minutes for requests/hour")
    parser.add_argument("--outlets", nargs="+", default=list(OUTLETS), choices=OUTLETS)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--memory-polls", type=int, default=0, help="the memory mode: this many polls")
    args = parser.parse_args()
    if args.memory_polls:
        memory(args)
    else:
        freshness(args)


if __name__ == "__main__":
    main()
