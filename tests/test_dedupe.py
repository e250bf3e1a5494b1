"""Reprint grouping with MinHash: under the earliest publication, whatever the order."""

from __future__ import annotations

from datetime import datetime, timedelta

from monitor.dates import LOCAL_TZ
from monitor.dedupe import ReprintIndex, from_bytes, signature, to_bytes
from monitor.replica.articles import SAMPLES

T0 = datetime(2025, 7, 10, 12, 0, tzinfo=LOCAL_TZ)
ORIGINAL = " ".join((SAMPLES[0].lead, *SAMPLES[0].paragraphs))
REPRINT = ORIGINAL.replace("передает корреспондент Tengrinews.kz", "сообщает BNews.kz") + " Источник: Tengrinews.kz."
OTHER = " ".join((SAMPLES[1].lead, *SAMPLES[1].paragraphs))


def test_reprint_joins_the_earlier_original():
    index = ReprintIndex()
    assert index.add("orig", T0, signature(ORIGINAL)).duplicate_of is None
    assert index.add("other", T0, signature(OTHER)).duplicate_of is None
    assert index.add("copy", T0 + timedelta(hours=1), signature(REPRINT)).duplicate_of == "orig"


def test_an_earlier_publication_arriving_later_becomes_the_root():
    index = ReprintIndex()
    index.add("copy", T0 + timedelta(hours=1), signature(REPRINT))
    grouping = index.add("orig", T0, signature(ORIGINAL))
    assert grouping.duplicate_of is None and grouping.regroup == ["copy"]
    third = index.add("third", T0 + timedelta(hours=2), signature(REPRINT + " Обновлено."))
    assert third.duplicate_of == "orig"


def test_signatures_round_trip_through_bytes():
    sig = signature(ORIGINAL)
    again = from_bytes(to_bytes(sig))
    assert again.jaccard(sig) == 1.0
    index = ReprintIndex()
    index.remember("stored", T0.isoformat(), None, to_bytes(sig))
    assert index.add("copy", T0 + timedelta(hours=1), signature(REPRINT)).duplicate_of == "stored"


def test_short_texts_are_not_compared():
    assert signature("Аким провел совещание.") is None
