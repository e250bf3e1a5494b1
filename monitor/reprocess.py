"""Re-run the pipeline on stored pages: after the akim registry changed, a
model was retrained or extraction improved, stored articles get the new
answers without fetching anything again (the store keeps each page's bytes)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from monitor.analyze import Analyzer
from monitor.appointments import ChangeFinder
from monitor.appointments.queue import record
from monitor.store import SqliteStore

log = logging.getLogger(__name__)


@dataclass
class ReprocessReport:
    updated: int = 0
    mentions: int = 0
    registry_changes: int = 0  # new proposals (monitor akims suggest)
    no_raw_page: int = 0
    no_longer_article: list[str] = field(default_factory=list)


def reprocess(store: SqliteStore, analyzer: Analyzer, since: datetime | None = None,
              source: str | None = None) -> ReprocessReport:
    report = ReprocessReport()
    changes = ChangeFinder(analyzer.finder.registry)
    for article_id in store.article_ids(since, source):
        stored = store.get_article(article_id)
        body = store.raw_html(article_id)
        if stored is None or body is None:
            report.no_raw_page += 1
            continue
        analysis = analyzer.analyze(body, stored["fetched_url"] or stored["url"])
        if not analysis.is_article:
            # Kept as it is: dropping stored articles is a person's decision, not a re-run's.
            report.no_longer_article.append(stored["url"])
            continue
        article = analysis.article
        article.url, article.source = stored["url"], stored["source"]  # as first stored
        article.crawled_at = datetime.fromisoformat(stored["crawled_at"])
        article.duplicate_of = stored["duplicate_of"]
        article.fetched_url = stored["fetched_url"]
        store.save_article(article)
        report.registry_changes += record(store.db, changes.find(article))
        report.updated += 1
        report.mentions += len(article.mentions)
    return report
