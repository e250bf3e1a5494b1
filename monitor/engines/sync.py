"""Ship new and changed store rows to the engine, and mark them shipped.

SQLite is the record; the engine is a copy. Rows are read in id order, sent
with the client's streaming bulk helper under their own ids (so sending twice
changes nothing), and marked synced one batch at a time, only for the
documents the engine accepted. A refused document is reported with the
engine's reason and stays unsynced; an unreachable engine stops the sync and
leaves every unsent row for the next `monitor sync`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from monitor.engines import documents, indices
from monitor.engines.client import EngineClient, EngineUnavailable
from monitor.engines.settings import EngineConfig

log = logging.getLogger(__name__)

TABLES = ("articles", "mentions")  # articles first: their sync prunes stale mentions
# 2,000 small mention documents per request measured ~30% faster than 500;
# the byte cap keeps requests of long articles reasonable.
BULK_OPTIONS = {"chunk_size": 2000, "max_chunk_bytes": 10 * 2**20, "max_retries": 3,
                "initial_backoff": 0.5, "max_backoff": 8}


@dataclass(frozen=True)
class Failure:
    table: str
    id: str
    status: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.table}/{self.id}: HTTP {self.status}: {self.reason}"


@dataclass
class SyncReport:
    shipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    failures: list[Failure] = field(default_factory=list)
    pruned_mentions: int = 0
    unavailable: str | None = None  # why the sync stopped early, if it did
    cut_short: bool = False  # the time budget ran out; the rest goes next time (not an engine failure)

    @property
    def ok(self) -> bool:
        return not self.failures and self.unavailable is None


PROBE_SECONDS = 5.0  # an engine that does not answer this fast is down for this run
STEP_SECONDS = 600.0  # `monitor run`'s sync step; the rest waits for the next run


def sync(store: Any, client: EngineClient, cfg: EngineConfig, batch: int = 2000, ensure: bool = True,
         budget: float | None = None) -> SyncReport:
    """Ship every unsynced row; never raises for an unreachable engine (see report).

    `ensure` installs templates and aliases first (idempotent), so a bulk never
    auto-creates an index without the template; callers that did it already
    in this session may pass False.
    """
    report = SyncReport()
    deadline = time.monotonic() + budget if budget is not None else float("inf")
    try:
        client.probe(min(PROBE_SECONDS, cfg.timeout))
        if ensure:
            indices.install(client, cfg)
        for table in TABLES:
            after = ""  # ids are non-empty, so "" sorts before all of them
            while rows := store.unsynced(table, batch, after=after):
                if time.monotonic() > deadline:
                    log.warning("sync stopped after %.0fs; the rest goes in the next run", budget)
                    report.cut_short = True
                    return report
                after = rows[-1]["id"]
                ship(store, client, cfg, table, rows, report)
    except EngineUnavailable as exc:
        report.unavailable = str(exc)
    return report


def ship(store: Any, client: EngineClient, cfg: EngineConfig, table: str, rows: list[dict], report: SyncReport) -> None:
    """One batch: bulk-index, record per-document outcomes, mark the accepted rows."""
    docs = _documents(store, table, rows)
    alias = cfg.alias(table)
    actions = ({"_op_type": "index", "_index": alias, "_id": d["id"], "_source": d} for d in docs)
    stamps = {r["id"]: r["updated_at"] for r in rows}
    accepted: list[str] = []
    for ok, item in client.bulk(actions, **BULK_OPTIONS):
        result = next(iter(item.values()))
        if ok:
            accepted.append(result["_id"])
        else:
            failure = _failure(table, result)
            log.warning("engine refused %s", failure)
            report.failures.append(failure)
    store.mark_synced(table, [(i, stamps[i]) for i in accepted])
    report.shipped[table] += len(accepted)
    if table == "articles" and accepted:
        report.pruned_mentions += _prune_mentions(client, cfg, [d for d in docs if d["id"] in set(accepted)])


def _documents(store: Any, table: str, rows: list[dict]) -> list[dict[str, Any]]:
    if table == "mentions":
        return [documents.mention_doc(r) for r in rows]
    return [documents.article_doc(r, store.mentions_of(r["id"])) for r in rows]


def _prune_mentions(client: EngineClient, cfg: EngineConfig, articles: list[dict[str, Any]]) -> int:
    """Delete engine mentions the store no longer has (a re-processed article
    lost a person); the store deletes those rows, so no unsynced row says so."""
    current = [m["id"] for a in articles for m in a["mentions"]]
    query = {
        "bool": {
            "filter": [{"terms": {"article_id": [a["id"] for a in articles]}}],
            "must_not": [{"ids": {"values": current}}] if current else [],
        }
    }
    # delete_by_query sees only refreshed documents; mentions shipped moments
    # ago by an earlier sync may not be yet.
    client.refresh(cfg.alias("mentions"))
    return client.delete_by_query(cfg.alias("mentions"), query)


def _failure(table: str, result: dict[str, Any]) -> Failure:
    error = result.get("error")
    if isinstance(error, dict):
        reason = f"{error.get('type')}: {error.get('reason')}"
        cause = error.get("caused_by")
        if isinstance(cause, dict):
            reason += f" (caused by {cause.get('type')}: {cause.get('reason')})"
    else:
        reason = str(error or result.get("exception") or "unknown error")
    return Failure(table, str(result.get("_id")), result.get("status"), reason)
