"""The rating from OpenSearch aggregations equals the rating over SQLite, on the same data."""

from __future__ import annotations

import uuid
from dataclasses import asdict

import pytest

from monitor.engines import open_engine, sync
from monitor.engines.settings import EngineConfig
from monitor.rating import RatingFilters, compute_rating, parse_period
from monitor.rating import engine as rating_engine
from monitor.store import open_store
from rating_sample import build_store
from tests.engine.support import refresh


@pytest.fixture(scope="module")
def indexed(node, tmp_path_factory):
    cfg = EngineConfig(url=node.url, kind="opensearch", index_prefix=f"t-rating-{uuid.uuid4().hex[:8]}")
    client = open_engine(cfg)
    path = build_store(tmp_path_factory.mktemp("rating") / "monitor.db")
    with open_store(path) as store:
        report = sync.sync(store, client, cfg)
        assert report.ok, report
        refresh(client, cfg)
        yield store, client, cfg
    client.raw.indices.delete(index=f"{cfg.index_prefix}-*")
    client.close()


def figures(rating) -> dict:
    rows = lambda rs: {r.key: (asdict(r.current), asdict(r.previous), r.name, r.akim_id, r.region,  # noqa: E731
                               r.position, r.rank, r.previous_rank) for r in rs}
    return {"akims": rows(rating.akims), "regions": rows(rating.regions), "total": rows([rating.total])}


@pytest.mark.parametrize(("period", "filters"), [
    ("2026-11", RatingFilters()),
    ("2026-12", RatingFilters()),
    ("2026-11", RatingFilters(languages=("kk",))),
    ("2026-11", RatingFilters(regions=("ASTANA", "pavlodar"))),
    ("2026-11", RatingFilters(akims=("ахметов", "dossayev_yerbolat"), outlets=("nur", "bnews", "ratel"))),
    ("2026-11", RatingFilters(roles=("deputy_akim",))),
    ("2026-11", RatingFilters(levels=("city",))),
])
def test_engine_rating_equals_sqlite(indexed, period, filters):
    store, client, cfg = indexed
    span = parse_period(period)
    expected = figures(compute_rating(store.db, span, filters))
    assert figures(rating_engine.rating(client, cfg, span, filters)) == expected


def test_the_hand_counted_figures_come_back(indexed):
    store, client, cfg = indexed
    rating = rating_engine.rating(client, cfg, parse_period("2026-11"))
    dossayev = next(r for r in rating.akims if r.key == "dossayev_yerbolat")
    assert (dossayev.current.mentions, dossayev.current.stories, dossayev.current.outlets) == (5, 3, 4)
    assert (rating.total.current.mentions, rating.total.current.stories) == (9, 5)


def test_monitor_report_engine(indexed, tmp_path, monkeypatch):
    import csv
    import io

    from click.testing import CliRunner

    from monitor.cli import main

    store, client, cfg = indexed
    for name in ("MONITOR_CONFIG", "MONITOR_ENGINE_URL", "MONITOR_DB"):
        monkeypatch.delenv(name, raising=False)
    toml = tmp_path / "monitor.toml"
    toml.write_text(f'[engine]\nkind = "opensearch"\nurl = "{cfg.url}"\nindex_prefix = "{cfg.index_prefix}"\n', "utf-8")
    files = {}
    for flag in ("--engine", None):
        out = tmp_path / f"r{bool(flag)}.csv"
        args = ["--config", str(toml), "--db", str(store.path), "report", "--period", "2026-11", "-o", str(out)]
        result = CliRunner().invoke(main, args + ([flag] if flag else []))
        assert result.exit_code == 0, result.output
        files[flag] = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert files["--engine"] == files[None] and len(files[None]) == 1 + 3 + 3 + 1
