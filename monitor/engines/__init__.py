"""Search engines beside the SQLite store: Elasticsearch 8/9 and OpenSearch 2/3.

- settings.py: the typed `[engine]` config;   templates.py: analysis and mappings;
- indices.py: templates, versioned indices, aliases;  documents.py: rows → docs;
- sync.py: bulk shipping of unsynced rows;  query.py / results.py / search.py: search;
- client.py: the seam over both client libraries;  es.py, opensearch.py: thin adapters.
"""

from monitor.engines.client import EngineClient, EngineUnavailable
from monitor.engines.connect import open_engine
from monitor.engines.search import engine_search
from monitor.engines.settings import EngineConfig, engine_config

__all__ = ["EngineClient", "EngineConfig", "EngineUnavailable", "engine_config", "engine_search", "open_engine"]
