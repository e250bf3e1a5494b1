"""One tree of errors, so the CLI can turn any of them into a clear message."""


class MonitorError(Exception):
    """Base of every error akim-monitor raises on purpose."""


class ConfigError(MonitorError):
    """A configuration file or value is wrong; the message names the file and field."""


class FetchError(MonitorError):
    """An outlet could not be reached or answered with an error."""


class ExtractionError(MonitorError):
    """A page could not be turned into an article."""


class StoreError(MonitorError):
    """The store could not be opened, read or written."""


class EngineError(MonitorError):
    """A search engine (Elasticsearch / OpenSearch) refused or is unreachable."""


class AlertError(MonitorError):
    """An alert rule is invalid or an email could not be delivered."""


class RegistryChangeError(MonitorError):
    """A proposed registry change cannot be found, or accepting it would break the registry."""
