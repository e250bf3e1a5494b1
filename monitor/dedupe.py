"""Reprints: near-duplicate articles across outlets, grouped under the earliest.

MinHash over word 3-shingles with datasketch's LSH index: regional sites and
wire copies change a lead, a headline or a closing line, which moves few
shingles, while two different stories about the same akim share few.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from datasketch import MinHash, MinHashLSH

from monitor import textnorm

NUM_PERM = 128
THRESHOLD = 0.6  # estimated Jaccard similarity of shingle sets
SCHEME = "affine64"  # datasketch's permutation scheme; stored signatures depend on it
SHINGLE = 3
MIN_SHINGLES = 20  # shorter texts say too little to compare
WINDOW_DAYS = 30  # reprints appear within days; older stories are not loaded


def signature(text: str) -> MinHash | None:
    words = textnorm.tokens(text)
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64))


@dataclass
class Grouping:
    duplicate_of: str | None  # root for the new article, None if it is a root
    regroup: list[str]  # existing articles whose root becomes the new article


@dataclass
class _Known:
    published: str | None  # UTC ISO, comparable as text
    duplicate_of: str | None
    mh: MinHash


class ReprintIndex:
    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.known: dict[str, _Known] = {}

    def remember(self, article_id: str, published: str | None, duplicate_of: str | None, blob: bytes) -> None:
        """An article already stored (by this crawler or another)."""
        if article_id in self.known:
            self.known[article_id].duplicate_of = duplicate_of
            return
        stamp = _utc(datetime.fromisoformat(published)) if published else None
        self._insert(article_id, stamp, duplicate_of, from_bytes(blob))

    def _insert(self, article_id: str, published: str | None, duplicate_of: str | None, mh: MinHash) -> None:
        self.lsh.insert(article_id, mh)
        self.known[article_id] = _Known(published, duplicate_of, mh)

    def add(self, article_id: str, published: datetime | None, mh: MinHash) -> Grouping:
        """Group a new article with the reprints already known, and remember it."""
        stamp = _utc(published)
        if article_id in self.known:
            return Grouping(self.known[article_id].duplicate_of, [])
        roots = {self._root(c) for c in self.lsh.query(mh) if self.known[c].mh.jaccard(mh) >= THRESHOLD}
        # Members may already point at this article (regrouped by a crawl
        # that died before storing it): then it is their root again.
        roots.discard(article_id)
        grouping = self._group(article_id, stamp, roots)
        self._insert(article_id, stamp, grouping.duplicate_of, mh)
        for member in grouping.regroup:
            self.known[member].duplicate_of = article_id
        return grouping

    def _root(self, member: str) -> str:
        return self.known[member].duplicate_of or member

    def _group(self, article_id: str, stamp: str | None, roots: set[str]) -> Grouping:
        if not roots:
            return Grouping(None, [])
        stamp_of = lambda r: self.known[r].published if r in self.known else None  # noqa: E731
        earliest = min(roots, key=lambda r: (stamp_of(r) or "9999", r))
        root_stamp = stamp_of(earliest)
        if stamp is not None and (root_stamp is None or stamp < root_stamp):
            # The new article was published first: it becomes the group's root.
            members = [i for i, k in self.known.items() if i in roots or k.duplicate_of in roots]
            return Grouping(None, members)
        return Grouping(earliest, [])


def _utc(value: datetime | None) -> str | None:
    """UTC ISO text: comparable as strings, as the store keeps published_utc."""
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None
