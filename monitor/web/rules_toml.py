"""Alert rules made in the browser, written as TOML for the alerts config.

tomli-w writes them, so every string is escaped as TOML requires (control
characters included), and each file is read back before it replaces the old
one: a rule the web page accepted can never leave a file the alerts cannot parse.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from monitor.errors import MonitorError


def rule_toml(rule: dict[str, Any], table: str = "alerts.rules") -> str:
    """One rule as a `[[table]]` block (dotted table names nest)."""
    *outer, last = table.split(".")
    doc: dict[str, Any] = {last: [rule]}
    for key in reversed(outer):
        doc = {key: doc}
    return tomli_w.dumps(doc)


def write_rules(path: Path, rules: list[dict[str, Any]]) -> None:
    """Replace the file atomically, so the alerts runner never reads half of it.

    The layout is the alerts rules file's (`alerts.rules_file`): `[[rules]]` tables.
    """
    text = "# Written by `monitor web`; edit the rules in the web page or here.\n\n"
    text += tomli_w.dumps({"rules": rules})
    if tomllib.loads(text).get("rules", []) != rules:
        raise MonitorError(f"{path}: the rules would not read back as written; the file is left as it was")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
