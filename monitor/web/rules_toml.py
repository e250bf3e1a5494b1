"""Alert rules made in the browser, written as TOML for the alerts config.

Only the value types a rule has (strings, booleans, lists of strings, one
level of sub-tables) are written; json.dumps of a string is a valid TOML
basic string, escapes included.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def rule_toml(rule: dict[str, Any], table: str = "alerts.rules") -> str:
    lines = [f"[[{table}]]"]
    subtables = {k: v for k, v in rule.items() if isinstance(v, dict)}
    lines += [f"{k} = {_value(v)}" for k, v in rule.items() if k not in subtables]
    for key, sub in subtables.items():
        lines.append(f"[{table}.{key}]")
        lines += [f"{k} = {_value(v)}" for k, v in sub.items()]
    return "\n".join(lines) + "\n"


def write_rules(path: Path, rules: list[dict[str, Any]]) -> None:
    """Replace the file atomically, so the alerts runner never reads half of it.

    The layout is the alerts rules file's (`alerts.rules_file`): `[[rules]]` tables.
    """
    text = "# Written by `monitor web`; edit the rules in the web page or here.\n\n"
    text += "\n".join(rule_toml(r, table="rules") for r in rules)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
