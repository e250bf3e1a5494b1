"""Search with a period and person filters reads mentions through the covering index
(mentions_figures): the same articles and counts as a hand count of tests/rating_sample.py."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.search import SearchQuery
from monitor.store import open_store
from monitor.web import stats
from rating_sample import ALMATY, build_store

NOV = {"since": datetime(2026, 11, 1, tzinfo=ALMATY), "until": datetime(2026, 12, 1, tzinfo=ALMATY)}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(build_store(tmp_path_factory.mktemp("period") / "monitor.db")) as store:
        yield store


@pytest.mark.parametrize(("filters", "articles", "people"), [
    # negative mentions in November: 3 and 8 (Досаев), 5 (Касымбек, 23:59 on the 30th), 7 (Ахметов)
    ({"role": "akim", "sentiment": "negative"}, {3, 5, 7, 8},
     {"dossayev_yerbolat": 2, "kassymbek_zhenis": 1, "Нурлан Ахметов": 1}),
    ({"region": "almaty", "sentiment": "negative"}, {3, 8}, {"dossayev_yerbolat": 2}),
    ({"region": "astana"}, {1, 2, 5}, {"kassymbek_zhenis": 3}),
    ({"main_subject": True, "source": "tengrinews"}, {1, 5}, {"dossayev_yerbolat": 1, "kassymbek_zhenis": 1}),
])
def test_period_with_person_filters(store, filters, articles, people):
    q = SearchQuery(**NOV, **filters, limit=50)
    result = store.search(q)
    assert {int(h.url.rsplit("/", 1)[1]) for h in result.hits} == articles
    assert result.total == len(articles) and result.by_akim == people
    top, outlets = stats.people_and_outlets(store.db, q)
    assert {p.key: p.total for p in top} == people
    assert sum(b.total for b in stats.timeline(store.db, q)) == sum(people.values())
