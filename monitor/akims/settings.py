"""The `[akims]` section: where the user's own registry file lives.

    [akims]
    local_file = "akims-local.csv"   # the default; relative to monitor.toml

MONITOR_AKIMS_FILE overrides it (as MONITOR_DB does the store): on a server the config
directory is read-only and the file belongs beside the store.

The shipped registry (monitor/data/akims.csv) is part of the package and is replaced
on upgrade; what a person adds or accepts (`monitor akims accept`, the web page of
proposed changes) goes to this file, which the loader merges over the shipped one.
"""

from __future__ import annotations

import os
from pathlib import Path

from monitor.akims.lookup import Registry
from monitor.config import Config, config_relative, config_section
from monitor.errors import ConfigError

DEFAULT_LOCAL = "akims-local.csv"
ENV = "MONITOR_AKIMS_FILE"


def local_registry_path(config: Config) -> Path:
    raw, where = config_section(config, "akims", {"local_file"})
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    name = raw.get("local_file", DEFAULT_LOCAL)
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}: akims.local_file: expected a file path")
    return config_relative(config, name)


def load_registry(config: Config) -> Registry:
    """The shipped registry with the user's local file merged over it."""
    return Registry.load(local=local_registry_path(config))
