"""The [engine] config section (no engine needed)."""

from __future__ import annotations

import pytest

from monitor.config import load_config
from monitor.engines.settings import engine_config
from monitor.errors import ConfigError


@pytest.fixture
def write(tmp_path, monkeypatch):
    for name in ("MONITOR_CONFIG", "MONITOR_ENGINE_URL", "MONITOR_ENGINE_PASSWORD", "MONITOR_ENGINE_API_KEY"):
        monkeypatch.delenv(name, raising=False)

    def write(text: str):
        path = tmp_path / "monitor.toml"
        path.write_text(text, "utf-8")
        return load_config(path, tmp_path / "m.db")

    return write


def test_no_engine_section_means_no_engine(write):
    assert engine_config(write("")) is None


def test_full_section_with_secrets_from_the_environment(write, monkeypatch):
    monkeypatch.setenv("MONITOR_ENGINE_PASSWORD", "s3cret")
    cfg = engine_config(write('[engine]\nkind = "opensearch"\nurl = "https://es:9200"\nusername = "mon"\n'
                              'index_prefix = "press"\nca_certs = "/ca.pem"\nverify = true\ntimeout = 5\n'))
    assert (cfg.kind, cfg.url, cfg.username, cfg.password, cfg.ca_certs, cfg.timeout) == (
        "opensearch", "https://es:9200", "mon", "s3cret", "/ca.pem", 5.0)
    assert cfg.alias("mentions") == "press-mentions"
    assert "s3cret" not in repr(cfg)


def test_env_url_overrides_the_file(write, monkeypatch):
    monkeypatch.setenv("MONITOR_ENGINE_URL", "http://127.0.0.1:9999")
    assert engine_config(write('[engine]\nurl = "http://elsewhere:9200"\n')).url == "http://127.0.0.1:9999"


@pytest.mark.parametrize("body, message", [
    ('password = "x"', r"engine\.password: secrets do not belong in files; set MONITOR_ENGINE_PASSWORD"),
    ('api_key = "x"', r"engine\.api_key: .*MONITOR_ENGINE_API_KEY"),
    ('kind = "solr"', r"engine\.kind: must be one of elasticsearch, opensearch"),
    ('verify = "no"', r"engine\.verify: expected true or false"),
    ('timeout = -1', r"engine\.timeout: expected a positive number"),
    ('index_prefix = "Press"', r"engine\.index_prefix: lowercase"),
    ('colour = "red"', r"engine\.colour: unknown setting"),
    # URLs the client libraries refuse with a bare ValueError when the first command connects.
    ('url = "ftp://es:9200"', r"engine\.url: must be an http\(s\) URL with a host, got 'ftp://es:9200'"),
    ('url = "localhost:9200"', r"engine\.url: must be an http\(s\) URL with a host"),
    ('url = "http://:9200"', r"engine\.url: must be an http\(s\) URL with a host"),
    ('url = "http://es"', r"engine\.url: give the port, e\.g\. http://es:9200"),
    ('url = "http://es:port"', r"engine\.url: not a valid URL: 'http://es:port'"),
])
def test_errors_name_the_file_and_the_field(write, body, message):
    url = "" if body.startswith("url =") else 'url = "http://x:9200"\n'
    with pytest.raises(ConfigError, match=r"monitor\.toml: " + message):
        engine_config(write(f'[engine]\n{url}{body}\n'))


def test_a_bad_url_from_the_environment_names_the_variable(write, monkeypatch):
    monkeypatch.setenv("MONITOR_ENGINE_URL", "elasticsearch:9200")
    with pytest.raises(ConfigError, match=r"^MONITOR_ENGINE_URL: must be an http\(s\) URL"):
        engine_config(write('[engine]\nurl = "http://x:9200"\n'))
