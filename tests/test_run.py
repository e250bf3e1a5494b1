"""`monitor run` as a real subprocess: kill -9 mid-run, the lock, SIGTERM, the run line."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from alerts_support import DOSAYEV, Handler, SmtpServer, article, save, write_config
from test_alerts_delivery import delivered

from monitor.config import load_config
from monitor.worker import lock_path_for, run_lock

RECIPIENTS = [f"r{i}@akimat.test" for i in range(8)]
RULES = f"""
[[alerts.rules]]
name = "everyone"
recipients = {RECIPIENTS!r}
akims = ["Досаев"]
""".replace("'", '"')

CLI = [sys.executable, "-c", "from monitor.cli import main; main()"]


def fresh_news(n: int) -> list:
    now = datetime.now(UTC)
    return [article(f"https://tengrinews.kz/kazakhstan_news/k-{i}/", f"Новость {i}", seen=now,
                    published=now - timedelta(minutes=i), people=[(DOSAYEV, "negative", ["Досаев."])])
            for i in range(n)]


def start_run(config_path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([*CLI, "--config", str(config_path), "run", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_each_once(received, items) -> None:
    seen = delivered(received)
    assert set(seen) == {(r, a.url) for r in RECIPIENTS for a in items}
    assert all(len(ids) == 1 for ids in seen.values())


def test_kill_9_between_accept_and_mark_then_rerun(tmp_path):
    """The server keeps message 3 and kills the client before its 250 arrives."""
    with SmtpServer(Handler(mode="kill", kill_on=3)) as server:
        config_path = write_config(tmp_path, server.port, RULES)
        items = fresh_news(3)
        save(load_config(config_path).db_path, *items)
        proc = start_run(config_path, "--once", "--no-crawl")
        server.handler.kill_pid = proc.pid
        assert proc.wait(timeout=60) == -signal.SIGKILL
        assert len(server.received) == 3
        server.handler.mode = "accept"
        rerun = start_run(config_path, "--once", "--no-crawl")
        assert rerun.wait(timeout=60) == 0, rerun.stderr.read()
        # 3 before the kill, then the uncertain 3rd again (same Message-ID, same bytes) and the 5 never sent.
        assert len(server.received) == 3 + 1 + 5
        third = server.received[2]
        assert [m.raw for m in server.received[3:] if m.message_id == third.message_id] == [third.raw]
        assert_each_once(server.received, items)


def test_kill_9_at_random_moments_then_rerun(tmp_path):
    rng = random.Random(6)
    with SmtpServer(Handler(delay=0.05)) as server:
        config_path = write_config(tmp_path, server.port, RULES)
        items = fresh_news(4)
        save(load_config(config_path).db_path, *items)
        for _ in range(3):
            before = len(server.received)
            proc = start_run(config_path, "--once", "--no-crawl")
            deadline = time.monotonic() + 30
            while len(server.received) < before + rng.randint(0, 3) and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.05))
            proc.kill()
            proc.wait(timeout=30)
        final = start_run(config_path, "--once", "--no-crawl")
        assert final.wait(timeout=60) == 0
        assert_each_once(server.received, items)
        ids = [m.message_id for m in server.received]
        repeats = {i for i in ids if ids.count(i) > 1}
        by_id = {}
        for m in server.received:  # any repeat is a byte-identical resend
            assert by_id.setdefault(m.message_id, m.raw) == m.raw
        assert len(set(ids)) == len(RECIPIENTS) and len(repeats) <= 3


def test_overlapping_run_is_skipped_while_the_lock_is_held(tmp_path):
    with SmtpServer() as server:
        config_path = write_config(tmp_path, server.port, RULES)
        config = load_config(config_path)
        save(config.db_path, *fresh_news(1))
        with run_lock(lock_path_for(config)) as held:
            assert held
            proc = start_run(config_path, "--once", "--no-crawl")
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0 and "run skipped: another run holds the lock" in err
            assert server.received == []
        proc = start_run(config_path, "--once", "--no-crawl")
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert len(server.received) == len(RECIPIENTS)
        line = [x for x in err.splitlines() if "monitor.run: run " in x]
        assert len(line) == 1
        assert "run ok in" in line[0] and "crawl skipped | sync off | alerts: rules=1 messages=8 mentions=8 sent=8 failed=0" in line[0]


def test_every_stops_cleanly_on_sigterm(tmp_path):
    with SmtpServer() as server:
        config_path = write_config(tmp_path, server.port, RULES)
        proc = start_run(config_path, "--every", "1h", "--no-crawl")
        deadline = time.monotonic() + 30
        lines = []
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            lines.append(line)
            if "monitor.run: run " in line:
                break
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        rest = proc.stderr.read()
        assert "signal SIGTERM" in rest and "monitor.run: stopped" in rest


@pytest.mark.parametrize("args", [[], ["--once", "--every", "30m"], ["--every", "soon"]])
def test_run_needs_one_valid_mode(tmp_path, args):
    proc = subprocess.run([*CLI, "--db", str(tmp_path / "x.db"), "run", *args], capture_output=True, text=True)
    assert proc.returncode == 2 and ("--every" in proc.stderr)


def test_a_failed_step_says_why_once_with_the_rule_and_field(tmp_path):
    bad = RULES + 'backfill = "1x"\n'
    with SmtpServer() as server:
        config_path = write_config(tmp_path, server.port, bad)
        proc = start_run(config_path, "--once", "--no-crawl")
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    why = [x for x in err.splitlines() if "field 'backfill'" in x]
    assert len(why) == 1 and "ERROR" in why[0] and "rule 'everyone'" in why[0], err
    assert "run errors=1" in err


def test_a_black_holed_engine_costs_a_run_seconds_not_minutes(tmp_path):
    import socket

    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(16)  # connections complete in the backlog and then hear nothing, like dropped packets
    port = hole.getsockname()[1]
    with SmtpServer() as server:
        config_path = write_config(tmp_path, server.port, RULES)
        with open(config_path, "a", encoding="utf-8") as handle:
            handle.write(f'\n[engine]\nurl = "http://127.0.0.1:{port}"\n')
        started = time.monotonic()
        proc = start_run(config_path, "--once", "--no-crawl")
        _, err = proc.communicate(timeout=90)
        elapsed = time.monotonic() - started
    hole.close()
    assert proc.returncode == 1 and "UNREACHABLE" in err or "sync FAILED" in err, err
    assert elapsed < 30, f"a run took {elapsed:.0f}s against an engine that never answers"
