"""A proposed registry change: what one sentence of one article says happened."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

Action = Literal["appoint", "dismiss"]
ACTION_RU = {"appoint": "назначение", "dismiss": "освобождение"}


@dataclass(frozen=True)
class Proposal:
    action: Action
    role: str  # akim | deputy_akim
    akim_id: str  # the registry person, or an id made from the name
    in_registry: bool
    name: str  # "Имя Фамилия", nominative
    office_id: str  # e.g. "region:karaganda", "district:bostandyk"
    level: str
    region: str
    place: str  # the place as the text writes it
    day: str  # the article's date, YYYY-MM-DD, or "" when it has none
    article_id: str
    url: str
    sentence: str
    title: str = ""
    published_at: str | None = None
    language: str = ""
    first_deputy: bool = False
    acting: bool = False

    @property
    def id(self) -> str:
        """Stable, so that re-processing an article never proposes the same thing twice."""
        key = "|".join((self.article_id, self.action, self.role, self.office_id, self.akim_id))
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
