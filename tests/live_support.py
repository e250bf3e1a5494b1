"""Helpers for tests that run the long-lived worker (`monitor run --every`) as a real process."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from alerts_support import write_config

from monitor.replica.server import RunningReplica

CLI = [sys.executable, "-c", "from monitor.cli import main; main()"]

# Intervals of seconds, so that a test sees several polls; listings rarely, as by default.
FAST_SCHEDULE = """
[schedule]
feed_interval = 1
listing_interval = 600
min_interval = 1
max_interval = 3
night_start = "00:00"
night_end = "00:00"
alert_check = 5
"""

RULE = """
[[alerts.rules]]
name = "astana"
recipients = ["press@akimat.test"]
akims = ["Касымбек"]
"""


def live_config(tmp_path: Path, replica: RunningReplica, smtp_port: int, schedule: str = FAST_SCHEDULE) -> Path:
    return write_config(tmp_path, smtp_port, RULE, extra=replica.config_toml() + schedule)


def start_worker(config_path: Path, *outlets: str) -> subprocess.Popen:
    args = [a for o in outlets for a in ("--outlet", o)]
    return subprocess.Popen([*CLI, "--config", str(config_path), "run", "--every", "1h", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for(predicate: Callable[[], object], timeout: float, proc: subprocess.Popen | None = None) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the worker ended with {proc.returncode}: {proc.stderr.read()[-3000:]}")
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s")
