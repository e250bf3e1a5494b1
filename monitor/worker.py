"""Unattended operation: one run = crawl, sync to the engine if configured, alerts.

`run_once` does one run under an exclusive file lock (fcntl), so a cron job,
a systemd timer and a manual run never overlap; a run that finds the lock
taken is skipped, not queued. `run_forever` repeats runs at a fixed interval
until SIGTERM/SIGINT, which lets the current step finish, skips the rest of
the run and exits cleanly. Each run ends with one log line of figures.
"""

from __future__ import annotations

import fcntl
import importlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from monitor.alerts.service import run_alerts
from monitor.config import Config
from monitor.errors import MonitorError, StoreError
from monitor.store import open_store

log = logging.getLogger("monitor.run")


@dataclass
class RunOptions:
    outlets: list[str] | None = None
    crawl: bool = True
    fake: bool | None = None
    lock_path: Path | None = None


@dataclass
class RunResult:
    skipped: bool = False  # another run held the lock
    stopped: bool = False  # a stop signal cut the run short
    parts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.skipped

    def line(self, seconds: float) -> str:
        status = "ok" if not self.errors else f"errors={len(self.errors)}"
        return f"run {status} in {seconds:.1f}s: " + " | ".join(self.parts)


class StopFlag:
    """Set by SIGTERM/SIGINT; sleeping on it wakes up at once."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: object) -> None:
        if self.event.is_set():
            return  # our own forwarded signal, or a repeat
        log.warning("signal %s: finishing the current step, then stopping", signal.Signals(signum).name)
        self.event.set()
        # As PID 1 in a container only we get the signal; pass it to the crawl child
        # (same process group) so Scrapy closes gracefully instead of running on.
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpgrp(), signum)

    @property
    def set(self) -> bool:
        return self.event.is_set()

    def sleep(self, seconds: float) -> None:
        self.event.wait(seconds)


@contextmanager
def run_lock(path: Path) -> Iterator[bool]:
    """Yields True with the lock held, False if another process holds it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot create the run lock {path}: {exc.strerror or exc}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield True  # the kernel drops the lock if we die, even by kill -9
    finally:
        os.close(fd)


def lock_path_for(config: Config) -> Path:
    return Path(str(config.db_path) + ".run.lock")


def run_once(config: Config, options: RunOptions, stop: StopFlag | None = None) -> RunResult:
    stop = stop or StopFlag()
    started = time.monotonic()
    with run_lock(options.lock_path or lock_path_for(config)) as acquired:
        if not acquired:
            log.warning("run skipped: another run holds the lock %s", options.lock_path or lock_path_for(config))
            return RunResult(skipped=True)
        result = RunResult()
        engine: dict[str, bool | None] = {"ok": None}
        steps: list[Callable[[], object]] = [
            lambda: _crawl(config, options, result),
            lambda: engine.update(ok=_sync(config, options, result)),
            lambda: _alerts(config, options, result, engine["ok"]),
        ]
        for step in steps:
            if stop.set:
                result.stopped = True
                result.parts.append("stopped by signal")
                break
            step()
    for error in dict.fromkeys(result.errors):  # each once, with what failed and why
        log.error("%s", error)
    log.info(result.line(time.monotonic() - started))
    return result


def _crawl(config: Config, options: RunOptions, result: RunResult) -> None:
    if not options.crawl:
        result.parts.append("crawl skipped")
        return
    try:
        from monitor.crawl import default_since, run_crawl

        report = run_crawl(config, options.outlets, default_since(config))
    except (MonitorError, OSError) as exc:
        result.errors.append(f"crawl: {exc}")
        result.parts.append("crawl FAILED")
        return
    unreachable = [o.outlet for o in report.outlets if o.started and not o.ok]
    result.errors += [f"crawl: {o.outlet}: could not start: {o.failed_examples[0]}"
                      for o in report.outlets if not o.started]
    failed = sum(sum(o.failed.values()) for o in report.outlets)
    result.parts.append(
        f"crawl outlets={len(report.outlets)} fetched={sum(o.fetched for o in report.outlets)} "
        f"stored={report.stored} mentions={report.mentions} failed={failed}"
        + (f" unreachable={','.join(unreachable)}" if unreachable else "")
    )


def _sync(config: Config, options: RunOptions, result: RunResult) -> bool | None:
    """Ship new rows to the engine; True/False = engine reachable, None = no engine."""
    try:
        from monitor.engines.settings import engine_config
        from monitor.engines.sync import STEP_SECONDS, sync
    except ImportError:
        result.parts.append("sync unavailable")
        return None
    cfg = engine_config(config)
    if cfg is None:
        result.parts.append("sync off")
        return None
    try:
        client = importlib.import_module(f"monitor.engines.{'es' if cfg.kind == 'elasticsearch' else 'opensearch'}")
        with open_store(config.db_path) as store:
            report = sync(store, client.connect(cfg), cfg, budget=STEP_SECONDS)
    except MonitorError as exc:
        result.errors.append(f"sync: {exc}")
        result.parts.append("sync FAILED")
        return False
    shipped = " ".join(f"{k}={v}" for k, v in report.shipped.items())
    if report.unavailable:
        result.errors.append(f"sync: {report.unavailable}")
    result.parts.append(f"sync {shipped} failures={len(report.failures)}" + (" UNREACHABLE" if report.unavailable else "")
                        + (" (time budget reached, rest next run)" if report.cut_short else ""))
    return report.unavailable is None


def _alerts(config: Config, options: RunOptions, result: RunResult, engine_ok: bool | None = None) -> None:
    try:
        with open_store(config.db_path) as store:
            report = run_alerts(store, config, fake=options.fake, engine_ok=engine_ok)
    except MonitorError as exc:
        result.errors.append(f"alerts: {exc}")
        result.parts.append("alerts FAILED")
        return
    result.errors += [f"alerts: {e}" for e in report.errors]
    result.parts.append(report.summary())


def run_forever(config: Config, options: RunOptions, every: timedelta, stop: StopFlag) -> None:
    """Runs start every `every` (measured start to start); a long run delays the next, never overlaps it."""
    while not stop.set:
        started = time.monotonic()
        run_once(config, options, stop)
        stop.sleep(max(0.0, every.total_seconds() - (time.monotonic() - started)))
    log.info("stopped")
