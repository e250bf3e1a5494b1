"""The rating against a hand count of tests/rating_sample.py (every figure)."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.rating import Figures, RatingFilters, compute_rating, parse_period
from monitor.rating.period import Period
from monitor.rating.stories import mentions_over_time, stories
from monitor.store import open_store
from rating_sample import build_store

NOV = parse_period("2026-11")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_store(tmp_path_factory.mktemp("rating") / "monitor.db")
    with open_store(path) as store:
        yield store.db


def by_key(rows):
    return {row.key: row for row in rows}


def test_periods():
    assert (NOV.start, NOV.end, NOV.label) == (date(2026, 11, 1), date(2026, 12, 1), "ноябрь 2026")
    assert NOV.previous() == Period(date(2026, 10, 1), date(2026, 11, 1), month=True)
    assert parse_period("2026-01").previous().label == "декабрь 2025"
    custom = parse_period(since=date(2026, 11, 1), until=date(2026, 11, 15))
    assert (custom.days, custom.previous()) == (15, Period(date(2026, 10, 17), date(2026, 11, 1)))
    assert parse_period(today=date(2026, 12, 3)) == NOV  # default: the last full month
    for bad in ("2026-13", "ноябрь", "2026/11"):
        with pytest.raises(ValueError, match="ГГГГ-ММ"):
            parse_period(bad)
    with pytest.raises(ValueError, match="позже"):
        parse_period(since=date(2026, 11, 2), until=date(2026, 11, 1))


def test_every_figure_per_akim_matches_the_hand_count(db):
    rating = compute_rating(db, NOV)
    rows = by_key(rating.akims)
    assert [r.key for r in rating.akims] == ["dossayev_yerbolat", "kassymbek_zhenis", "Нурлан Ахметов"]
    # Досаев: articles 1, 2 (reprint of 1), 3, 4 (kk), 8 (reprint of 3)
    d = rows["dossayev_yerbolat"]
    assert d.current == Figures(mentions=5, stories=3, outlets=4, negative=2, positive=2, main=4)
    assert (d.current.tone_index, d.current.negative_share, d.current.main_share) == (0.0, 0.4, 0.8)
    # October: 9 (neg, main), 10 (pos), 12 (neutral, 31 Oct 20:30 local)
    assert d.previous == Figures(mentions=3, stories=3, outlets=3, negative=1, positive=1, main=1)
    assert (d.mentions_change, d.mentions_change_share, d.tone_change) == (2, pytest.approx(2 / 3), 0.0)
    assert (d.rank, d.previous_rank, d.region, d.name) == (1, 1, "almaty", "Ерболат Досаев")
    # Касымбек: 1, 2 (reprint), 5 (23:59 on 30 Nov); 6 (00:30 on 1 Dec local) is December
    k = rows["kassymbek_zhenis"]
    assert k.current == Figures(mentions=3, stories=2, outlets=2, negative=1, positive=0, main=1)
    assert k.current.tone_index == pytest.approx(-1 / 3)
    assert k.previous == Figures(mentions=1, stories=1, outlets=1, negative=0, positive=1, main=1)
    assert (k.mentions_change_share, k.tone_change) == (2.0, pytest.approx(-4 / 3))
    assert (k.rank, k.previous_rank) == (2, 2)
    # Ахметов, found by role only: keyed by name, nothing in October
    a = rows["Нурлан Ахметов"]
    assert a.current == Figures(mentions=1, stories=1, outlets=1, negative=1, positive=0, main=1)
    assert (a.akim_id, a.previous.mentions, a.mentions_change_share, a.tone_change, a.previous_rank) == (
        None, 0, None, None, None)


def test_regions_and_total(db):
    rating = compute_rating(db, NOV)
    regions = by_key(rating.regions)
    assert [r.name for r in rating.regions] == ["г. Алматы", "г. Астана", "Павлодарская область"]
    assert regions["almaty"].current == Figures(5, 3, 4, 2, 2, 4)
    assert regions["astana"].current == Figures(3, 2, 2, 1, 0, 1)
    assert regions["pavlodar"].current == Figures(1, 1, 1, 1, 0, 1)
    # Stories over everyone: roots 1, 3, 4, 5, 7 (article 1 names two people, one story)
    assert rating.total.current == Figures(mentions=9, stories=5, outlets=4, negative=4, positive=2, main=6)
    assert rating.total.previous == Figures(mentions=4, stories=4, outlets=4, negative=1, positive=2, main=2)
    assert rating.total.current.tone_index == pytest.approx(-2 / 9)


def test_a_person_only_in_the_previous_period_is_listed_with_zero(db):
    rating = compute_rating(db, parse_period("2026-12"))
    rows = by_key(rating.akims)
    assert rows["kassymbek_zhenis"].current.mentions == 1  # article 6
    assert rows["dossayev_yerbolat"].current.mentions == 0
    assert rows["dossayev_yerbolat"].previous.mentions == 5
    assert (rows["dossayev_yerbolat"].rank, rows["dossayev_yerbolat"].previous_rank) == (0, 1)


def test_custom_period_compares_with_the_same_number_of_days_before(db):
    rating = compute_rating(db, parse_period(since=date(2026, 11, 1), until=date(2026, 11, 15)))
    d = by_key(rating.akims)["dossayev_yerbolat"]
    assert (d.current.mentions, d.current.stories) == (3, 2)  # 1, 2, 3
    assert d.previous.mentions == 1  # 12 (17-31 Oct); 9 and 10 are earlier


@pytest.mark.parametrize(("filters", "expected"), [
    (RatingFilters(languages=("kk",)), {"dossayev_yerbolat": 1}),
    (RatingFilters(regions=("astana",)), {"kassymbek_zhenis": 3}),
    (RatingFilters(outlets=("tengrinews",)), {"dossayev_yerbolat": 1, "kassymbek_zhenis": 2}),
    (RatingFilters(akims=("ахметов",)), {"Нурлан Ахметов": 1}),
    (RatingFilters(akims=("dossayev_yerbolat",), outlets=("nur", "bnews")), {"dossayev_yerbolat": 3}),
    (RatingFilters(levels=("district",)), {}),
    (RatingFilters(roles=("akim",), regions=("almaty", "pavlodar")),
     {"dossayev_yerbolat": 5, "Нурлан Ахметов": 1}),
])
def test_filters(db, filters, expected):
    rating = compute_rating(db, NOV, filters)
    assert {r.key: r.current.mentions for r in rating.akims if r.current.mentions} == expected


def test_stories_fold_reprints_and_timeline_counts_local_days(db):
    listed = stories(db, NOV)
    dossayev = [s for s in listed if s.key == "dossayev_yerbolat"]
    assert len(dossayev) == 3
    roads = next(s for s in dossayev if s.source == "tengrinews")
    assert roads.copies == [("nur", "https://nur.example.kz/news/2")]
    assert (roads.sentiment, roads.main_subject, roads.published.strftime("%d.%m %H:%M")) == (
        "positive", True, "03.11 10:30")
    assert len(listed) == 3 + 2 + 1
    series = mentions_over_time(db, NOV, RatingFilters(), ["kassymbek_zhenis", "dossayev_yerbolat"])
    assert len(series.labels) == 30 and series.labels[0] == "01.11"
    assert series.counts["kassymbek_zhenis"][2] == 2 and series.counts["kassymbek_zhenis"][29] == 1
    assert sum(series.counts["dossayev_yerbolat"]) == 5
