"""New articles appearing on a running replica while a worker watches it (tests, benchmarks).

Each publication rebuilds the replica's routes with the new article in its
feeds, sitemaps and listings, dated now, and swaps them in at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime

from monitor.dates import LOCAL_TZ
from monitor.replica.articles import SampleArticle, generated
from monitor.replica.server import RunningReplica
from monitor.replica.site import build_site

SECTIONS = {"tengrinews": "kazakhstan_news", "nur": "politics/kazakhstan", "bnews": "news", "ratel": "raw"}


@dataclass
class Newsroom:
    replica: RunningReplica
    built_at: datetime  # the moment the replica's site was built for: its stories keep their dates
    published: list[tuple[SampleArticle, datetime]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, outlet: str, edition: str = "ru") -> tuple[SampleArticle, datetime]:
        """A new story naming the akim of Astana, with a text of its own (not a near-duplicate)."""
        with self.lock:
            n = len(self.published)
            [body] = generated(1, seed=1000 + n, outlets=(outlet,))
            article = SampleArticle(
                outlet, edition, 700000 + n, f"live_news_{n}", SECTIONS.get(outlet, "news"),
                f"Аким Астаны Женис Касымбек проверил объект номер {n}",
                f"Аким Астаны Женис Касымбек проверил ход работ на объекте номер {n}.",
                (f"Касымбек поручил ускорить работы на объекте номер {n}.", *body.paragraphs), 0.0, "Автор")
            now = datetime.now(LOCAL_TZ)
            self.published.append((article, now))
            extra = [replace(a, hours_ago=(self.built_at - at).total_seconds() / 3600) for a, at in self.published]
            site = build_site(self.built_at, extra=extra)
            self.replica.site.article_paths = site.article_paths
            self.replica.site.routes = site.routes
            return article, now
