"""Bulk sync on the real node: idempotent, complete, and clear about refusals."""

from __future__ import annotations

from monitor.engines import sync
from monitor.models import Sentiment
from tests.engine import corpus
from tests.engine.support import engine_counts


def sqlite_counts(store) -> dict[str, int]:
    counts = store.counts()
    return {"articles": counts["articles"], "mentions": counts["mentions"]}


def test_bulk_index_ships_everything_once(store, client, engine_cfg):
    corpus.fill(store)
    report = sync.sync(store, client, engine_cfg, batch=5)  # several batches

    assert report.ok, report
    assert report.shipped == sqlite_counts(store)
    assert engine_counts(client, engine_cfg) == sqlite_counts(store)
    assert store.unsynced_count("articles") == store.unsynced_count("mentions") == 0
    assert sync.sync(store, client, engine_cfg).shipped == {"articles": 0, "mentions": 0}


def test_resending_everything_duplicates_nothing(store, client, engine_cfg):
    corpus.fill(store)
    assert sync.sync(store, client, engine_cfg).ok
    store.db.execute("UPDATE articles SET synced_at = NULL")
    store.db.execute("UPDATE mentions SET synced_at = NULL")

    report = sync.sync(store, client, engine_cfg)

    assert report.shipped == sqlite_counts(store)
    assert engine_counts(client, engine_cfg) == sqlite_counts(store)


def test_changed_article_is_reshipped_and_lost_mentions_are_pruned(store, client, engine_cfg):
    items = corpus.fill(store)
    assert sync.sync(store, client, engine_cfg).ok
    changed = items[2]  # two mentions: Dossayev and Malikova
    changed.mentions = changed.mentions[:1]
    changed.sentiment = Sentiment("positive", 0.9)
    store.save_article(changed)

    report = sync.sync(store, client, engine_cfg)

    assert report.shipped == {"articles": 1, "mentions": 1}
    assert report.pruned_mentions == 1
    assert engine_counts(client, engine_cfg) == sqlite_counts(store)
    doc = client.raw.get(index=engine_cfg.alias("articles"), id=changed.id)["_source"]
    assert doc["sentiment"]["label"] == "positive" and len(doc["mentions"]) == 1


def test_a_refused_document_is_reported_and_stays_unsynced(store, client, engine_cfg):
    items = corpus.fill(store)
    bad_id = items[3].mentions[0].id
    # A value the template cannot take: `count` is an integer field.
    store.db.execute("UPDATE mentions SET count = 'много' WHERE id = ?", (bad_id,))

    report = sync.sync(store, client, engine_cfg)

    assert [f.id for f in report.failures] == [bad_id]
    failure = report.failures[0]
    assert failure.table == "mentions" and failure.status == 400
    assert "mapper_parsing_exception" in failure.reason and "[count]" in failure.reason
    assert str(failure).startswith(f"mentions/{bad_id}: HTTP 400: mapper_parsing_exception")
    assert report.shipped["mentions"] == store.counts()["mentions"] - 1
    assert [r["id"] for r in store.unsynced("mentions")] == [bad_id]

    store.db.execute("UPDATE mentions SET count = 3 WHERE id = ?", (bad_id,))  # fixed at the source
    assert sync.sync(store, client, engine_cfg).ok
    assert engine_counts(client, engine_cfg) == sqlite_counts(store)


def test_a_sync_past_its_time_budget_stops_and_the_next_one_finishes(store, client, engine_cfg):
    corpus.fill(store)
    cut = sync.sync(store, client, engine_cfg, batch=5, budget=0)
    assert cut.cut_short and cut.unavailable is None and cut.shipped == {"articles": 0, "mentions": 0}
    rest = sync.sync(store, client, engine_cfg, batch=5)
    assert rest.ok and not rest.cut_short and rest.shipped == sqlite_counts(store)
