"""An accepted proposal as rows of the user's local registry file.

What the registry should become is worked out at acceptance, against the registry as
it is then (shipped file + local file), so proposals can be accepted in any order:

- appointment: a new tenure from the article's date; for an akim, the predecessor's
  open tenure of that office ends that day;
- dismissal: the person's open tenure of that office ends that day (a new tenure with
  an unknown start when the registry does not have one).

The rows go to the local file (replacing a row with the same person, office, role and
start), never to the shipped one, and the file is written only if the merged registry
stays valid.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from anyascii import anyascii

from monitor.akims import Registry, Tenure, parse_bound, validate_tenures
from monitor.akims.lookup import read_tenures
from monitor.akims.registry import DEFAULT_PATH, merge, parse_row, read_rows, to_row, write_rows
from monitor.appointments import queue
from monitor.appointments.model import Proposal
from monitor.errors import RegistryChangeError

_KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


class AcceptError(RegistryChangeError):
    pass


def registry_rows(p: Proposal, registry: Registry) -> list[dict[str, str]]:
    """The rows that make the registry say what the proposal says ([] when it already does)."""
    day = date.fromisoformat(p.day) if p.day else None
    same = [t for t in registry.tenures_of(p.akim_id) if t.office_id == p.office_id and t.role == p.role]
    if p.action == "appoint":
        if day is not None and any(t.start.known and t.possibly_on(day) for t in same):
            return []
        rows = [_new_row(p, registry, start=p.day or "?", end="")]
        if p.role == "akim" and day is not None:
            rows += [_ended(t, p) for t in registry.tenures if t.office_id == p.office_id and t.role == "akim"
                     and t.akim_id != p.akim_id and t.end.is_open and (not t.start.known or t.start.lo < day)]
        return rows
    if day is not None and any(_ends_about(t, day) for t in same):
        return []
    open_ones = [t for t in same if (t.end.is_open or not t.end.known) and (day is None or t.possibly_on(day))]
    if open_ones:
        return [_ended(t, p) for t in open_ones]
    return [_new_row(p, registry, start="?", end=p.day or "?")]


def _ends_about(tenure: Tenure, day: date) -> bool:
    """The tenure ends on the day or shortly before: the news may come days after the decree."""
    return tenure.end.known and tenure.end.lo - timedelta(days=1) <= day <= tenure.end.hi + timedelta(days=31)


def accept(db: sqlite3.Connection, change_id: str, local_path: Path, by: str = "") -> list[dict[str, str]]:
    """Write the change to the local file and mark it accepted; returns the rows written."""
    change = queue.get_change(db, change_id)
    if change.status != "pending":
        raise AcceptError(f"предложение {change.id} уже рассмотрено ({change.status})")
    local_rows = [row for _line, row in read_rows(local_path)] if local_path.is_file() else []
    registry = Registry.load(local=local_path)
    rows = registry_rows(change.proposal, registry)
    if rows:
        merged_local = _merged_local(local_rows, rows)
        _check(registry, local_path, merged_local)
        write_rows(local_path, merged_local)
    queue.decide(db, change.id, "accepted", by)
    return rows


def reject(db: sqlite3.Connection, change_id: str, by: str = "") -> None:
    change = queue.get_change(db, change_id)
    if change.status != "pending":
        raise AcceptError(f"предложение {change.id} уже рассмотрено ({change.status})")
    queue.decide(db, change.id, "rejected", by)


def position(p: Proposal, registry: Registry) -> tuple[str, str]:
    """The office's title in Russian and Kazakh, from the registry's akims of that office
    when it has any, else from the place as the article writes it."""
    akims = [t for t in registry.tenures if t.office_id == p.office_id and t.role == "akim"]
    if akims:
        ru, kk = akims[-1].position_ru, akims[-1].position_kk
        ru = re.sub(r"^(?:исполняющий обязанности )?аким\w*\s+", "", ru)
        kk = re.sub(r"\s+(?:әкімі|әкімінің міндетін атқарушы)$", "", kk)
    elif p.place.isascii():  # an English edition: «of Zhanaozen»; the title is left to the person
        ru, kk = "", ""
    elif p.language == "kk" or set(p.place) & _KK_LETTERS:
        ru, kk = "", p.place
    else:
        ru, kk = p.place, ""
    return _title_ru(p, ru), _title_kk(p, kk)


def _title_ru(p: Proposal, place: str) -> str:
    if not place:
        return ""
    if p.role == "deputy_akim":
        return f"{'первый ' if p.first_deputy else ''}заместитель акима {place}"
    return f"{'исполняющий обязанности акима' if p.acting else 'аким'} {place}"


def _title_kk(p: Proposal, place: str) -> str:
    if not place:
        return ""
    owner = re.sub(r"(?:ның|нің|дың|дің|тың|тің)$", "", place)  # облысының -> облысы
    if p.role == "deputy_akim":
        return f"{owner} әкімінің {'бірінші ' if p.first_deputy else ''}орынбасары"
    return f"{owner} әкімінің міндетін атқарушы" if p.acting else f"{place} әкімі"


def _new_row(p: Proposal, registry: Registry, start: str, end: str) -> dict[str, str]:
    known = registry.tenures_of(p.akim_id)
    ru, kk = position(p, registry)
    if known:
        person = known[-1]
        names = dict(name_ru=person.name_ru, name_kk=person.name_kk, name_en=person.name_en,
                     patronymic_ru=person.patronymic_ru, aliases=";".join(person.aliases))
    else:
        names = dict(name_ru=p.name, name_kk=p.name, name_en=anyascii(p.name), patronymic_ru="", aliases="")
    return {
        "akim_id": p.akim_id, "role": p.role, "office_id": p.office_id, "level": p.level, "region": p.region,
        "position_ru": ru, "position_kk": kk, **names, "start": start, "end": end,
        # The article's date may be a day or two after the decree.
        "uncertain": "yes", "source": p.url,
    }


def _ended(t: Tenure, p: Proposal) -> dict[str, str]:
    ended = replace(t, end=parse_bound(p.day or "?"), uncertain=True, sources=(*t.sources, p.url))
    return to_row(ended)


def _merged_local(local_rows: list[dict[str, str]], rows: list[dict[str, str]]) -> list[dict[str, str]]:
    key = lambda r: (r["akim_id"], r["office_id"], r["role"], r["start"])  # noqa: E731 - Tenure.row_key
    new = {key(r): r for r in rows}
    kept = [new.pop(key(r), r) for r in local_rows]
    return kept + list(new.values())


def _check(registry: Registry, local_path: Path, rows: list[dict[str, str]]) -> None:
    """Refuse a change that would make the merged registry invalid (two akims of one office
    on the same day, a start after the end); what was already wrong is not this change's fault."""
    before = set(validate_tenures(registry.tenures))
    after_tenures = merge(read_tenures(DEFAULT_PATH), [parse_row(r, i + 2) for i, r in enumerate(rows)])
    new = [p for p in validate_tenures(after_tenures) if p not in before]
    if new:
        raise AcceptError(f"изменение сделало бы реестр {local_path} противоречивым: " + "; ".join(new))
