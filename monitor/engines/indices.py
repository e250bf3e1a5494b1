"""Index lifecycle: templates, versioned indices behind aliases, re-index switch.

Users, Kibana and the sync always name the alias (`<prefix>-mentions`); the
data lives in `<prefix>-mentions-v<N>`. Changing analysis means building v<N+1>
from the template, copying the documents over, and moving the alias in one
atomic call, so searches never see a half-built index.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from monitor.engines import templates
from monitor.engines.client import EngineClient
from monitor.engines.settings import EngineConfig
from monitor.errors import EngineError

log = logging.getLogger(__name__)


@dataclass
class InitReport:
    templates: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # indices created this time
    current: dict[str, str] = field(default_factory=dict)  # alias -> index


def current_index(client: EngineClient, alias: str) -> str | None:
    """The index an alias points to, or None; refuses a concrete index squatting the name."""
    indices = client.get_alias(alias)
    if not indices:
        if client.index_exists(alias):
            raise EngineError(
                f"{alias} is an index, not an alias: it was created outside `monitor engine init` "
                f"(e.g. by indexing before init). Move its data away or delete it, then run init again."
            )
        return None
    if len(indices) > 1:
        raise EngineError(f"alias {alias} points to several indices ({', '.join(sorted(indices))}); fix by hand")
    return next(iter(indices))


def install(client: EngineClient, cfg: EngineConfig) -> InitReport:
    """Templates, then one index per kind behind its alias; safe to run again."""
    report = InitReport()
    for kind in templates.KINDS:
        alias = cfg.alias(kind)
        body = templates.index_template(cfg.index_prefix, kind)
        client.put_index_template(alias, body)
        report.templates.append(alias)
        index = current_index(client, alias)
        if index is None:
            index = f"{alias}-v1"
            client.create_index(index, {"aliases": {alias: {}}})
            report.created.append(index)
        else:
            # Additive mapping changes apply in place; a conflict is reported
            # by the engine and calls for `monitor engine reindex`.
            client.put_mapping(index, body["template"]["mappings"])
        report.current[alias] = index
    return report


def next_version(index: str) -> str:
    match = re.fullmatch(r"(.*)-v(\d+)", index)
    if not match:
        raise EngineError(f"cannot derive a new version from index name {index!r}")
    return f"{match.group(1)}-v{int(match.group(2)) + 1}"


def reindex(client: EngineClient, cfg: EngineConfig, kind: str) -> tuple[str, str, int]:
    """Build the next version of `kind` from the current template and switch the alias."""
    alias = cfg.alias(kind)
    client.put_index_template(alias, templates.index_template(cfg.index_prefix, kind))
    old = current_index(client, alias)
    if old is None:
        raise EngineError(f"no index behind {alias}; run `monitor engine init` first")
    new = next_version(old)
    client.create_index(new, {})
    copied = client.reindex(old, new)
    client.update_aliases([{"remove": {"index": old, "alias": alias}}, {"add": {"index": new, "alias": alias}}])
    log.info("alias %s moved from %s to %s (%d documents)", alias, old, new, copied)
    return old, new, copied
