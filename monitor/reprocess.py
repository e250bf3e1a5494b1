"""Re-run the pipeline on stored pages: after the akim registry changed, a
model was retrained or extraction improved, stored articles get the new
answers without fetching anything again (the store keeps each page's bytes)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from monitor.analyze import Analyzer
from monitor.models import Article
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
        page = store.raw_page(article_id)
        if stored is None or page is None:
            report.no_raw_page += 1
            continue
        body, context = page
        analysis = analyzer.analyze(body, stored["fetched_url"] or stored["url"], context=context,
                                    source=stored["source"])
        if not analysis.is_article:
            # Kept as it is: dropping stored articles is a person's decision, not a re-run's.
            report.no_longer_article.append(stored["url"])
            continue
        article = analysis.article
        moved = article.url != stored["url"]  # canonical rules changed since: mentions carry the old id
        article.url, article.source = stored["url"], stored["source"]  # as first stored
        article.crawled_at = datetime.fromisoformat(stored["crawled_at"])
        article.duplicate_of = stored["duplicate_of"]
        article.fetched_url = stored["fetched_url"]
        if _keep_what_was_known(article, stored) or moved:
            analyzer.enrich(article)  # again: mentions depend on the id, date, title and language
        store.save_article(article)
        report.registry_changes += record(store.db, changes.find(article))
        report.updated += 1
        report.mentions += len(article.mentions)
    return report


def _keep_what_was_known(article: Article, stored: dict) -> bool:
    """A field the page no longer gives keeps its stored value: the crawl may have had it
    from elsewhere (the feed, the sitemap, the edition; pages stored before their crawl
    context was kept), and a re-run must never lose what a crawl stored."""
    before = (article.published_at, article.title, article.language)
    if article.published_at is None and stored["published_at"]:
        article.published_at = datetime.fromisoformat(stored["published_at"])
    article.title = article.title or stored["title"]
    article.authors = article.authors or list(stored["authors"] or [])
    article.section = article.section or stored["section"]
    if article.language == "other":
        article.language = stored["language"] or article.language
    return (article.published_at, article.title, article.language) != before
