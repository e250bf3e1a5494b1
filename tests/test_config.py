"""Configuration: bundled outlets, user overrides, and errors that name file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import config_relative, load_config
from monitor.errors import ConfigError


def test_bundled_registry_has_the_four_outlets_and_their_editions():
    config = load_config(None, "x.db")
    assert set(config.outlets) >= {"tengrinews", "nur", "bnews", "ratel"}
    assert [e.language for e in config.outlet("tengrinews").editions] == ["ru", "kk"]
    assert config.outlet("tengrinews").is_article_url("https://tengrinews.kz/kazakhstan_news/slug-12345/")
    assert not config.outlet("tengrinews").is_article_url("https://tengrinews.kz/news/page/2/")
    assert config.outlet("nur").is_article_url("https://www.nur.kz/politics/kazakhstan/2086925-slug/")
    assert config.outlet("bnews").is_article_url("https://bnews.kz/ru/news/x") is None


def test_adding_an_outlet_and_overriding_a_base_url(tmp_path):
    path = tmp_path / "monitor.toml"
    path.write_text("""
[outlets.orda]
name = "Orda.kz"
article_pattern = '^/[a-z0-9-]+-\\d+/?$'
[outlets.orda.editions.ru]
base_url = "https://orda.kz"
feeds = ["/feed/"]

[outlets.nur.editions.ru]
base_url = "http://127.0.0.1:8080"
""", "utf-8")
    config = load_config(path, "x.db")
    assert config.outlet("orda").editions[0].url("/feed/") == "https://orda.kz/feed/"
    assert config.outlet("nur").editions[0].base_url == "http://127.0.0.1:8080"
    assert config.outlet("nur").editions[0].feeds == ("/rss/all.rss",)  # the rest stays as bundled
    assert config.outlet_for_url("http://127.0.0.1:8080/latest/").id == "nur"


@pytest.mark.parametrize(("text", "message"), [
    ("[outlets.x\nname = 1", "not valid TOML"),
    ('[outlets.x]\nname = "X"\n', "outlets.x: an outlet needs a base_url (its homepage) or [editions]"),
    ('[outlets.x.editions.ru]\nbase_url = "ftp://x"\n', "outlets.x.editions.ru.base_url"),
    ('[outlets.x.editions.de]\nbase_url = "https://x.de"\n', "outlets.x.editions.de: edition language"),
    ('[outlets.x]\narticle_pattern = "(["\n[outlets.x.editions.ru]\nbase_url = "https://x.kz"\n',
     "outlets.x.article_pattern: invalid regex"),
    ('[outlets.x.selectors]\nbody = "div"\n[outlets.x.editions.ru]\nbase_url = "https://x.kz"\n',
     "outlets.x.selectors.body: unknown setting (known: authors, date, drop, root, title)"),
    ('[crawl]\nsince_days = "week"\n', "crawl.since_days: expected a whole number"),
    ('[crawl]\nspeed = 3\n', "crawl.speed: unknown setting"),
    ('db = 5\n', "db: expected a file path"),
    ('[outlets.x]\narticle_pattern = 5\n[outlets.x.editions.ru]\nbase_url = "https://x.kz"\n',
     "outlets.x.article_pattern: expected a string"),
    ('[outlets.x.selectors]\ntitle = "h1::text"\n[outlets.x.editions.ru]\nbase_url = "https://x.kz"\n',
     "outlets.x.selectors.title: invalid CSS selector 'h1::text'"),
    ('[outlets.x.selectors]\ndrop = ["div[[["]\n[outlets.x.editions.ru]\nbase_url = "https://x.kz"\n',
     "outlets.x.selectors.drop: invalid CSS selector"),
])
def test_broken_config_names_file_and_field(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, "x.db")
    assert str(path) in str(error.value) and message in str(error.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.toml", "x.db")


def test_db_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MONITOR_DB", str(tmp_path / "env.db"))
    assert load_config(None).db_path == tmp_path / "env.db"


def test_paths_in_the_config_file_are_relative_to_it(tmp_path, monkeypatch):
    path = tmp_path / "etc" / "monitor.toml"
    path.parent.mkdir()
    path.write_text("", "utf-8")
    monkeypatch.chdir(tmp_path)  # a working directory other than the config file's
    config = load_config(path, "x.db")
    assert config_relative(config, "rules/alerts.toml") == tmp_path / "etc" / "rules" / "alerts.toml"
    assert config_relative(config, tmp_path / "ca.pem") == tmp_path / "ca.pem"
    # without a config file (bundled defaults only) there is nothing else to be relative to
    assert config_relative(load_config(None, "x.db"), "alerts.toml") == Path("alerts.toml")


def test_db_in_the_config_file_is_relative_to_it_and_the_command_line_wins(tmp_path, monkeypatch):
    path = tmp_path / "etc" / "monitor.toml"
    path.parent.mkdir()
    path.write_text('db = "data/monitor.db"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MONITOR_DB", raising=False)
    assert load_config(path).db_path == tmp_path / "etc" / "data" / "monitor.db"
    assert load_config(path, "x.db").db_path == Path("x.db")
    monkeypatch.setenv("MONITOR_DB", "env.db")
    assert load_config(path).db_path == Path("env.db")


def test_a_config_file_saved_with_a_bom_is_read(tmp_path):
    path = tmp_path / "monitor.toml"
    path.write_bytes("\ufeff[crawl]\nsince_days = 3\n".encode())
    assert load_config(path, "x.db").crawl.since_days == 3


@pytest.mark.parametrize(("text", "message"), [
    ('[smtp]\nfake = "false"\n', "smtp.fake: expected true or false (without quotes), got 'false'"),
    ('[smtp]\ntimeout = "abc"\n', "smtp.timeout: expected a positive number up to 86400"),
    ("[smtp]\nport = 0\n", "smtp.port: expected a whole number from 1 to 65535"),
    ("[crawl]\nsince_days = true\n", "crawl.since_days: expected a whole number"),
    ("[crawl]\nconcurrency_per_domain = -1\n", "crawl.concurrency_per_domain: expected a whole number from 1"),
    ("[crawl]\ndownload_delay = -0.5\n", "crawl.download_delay: expected a number from 0"),
    ("[crawl]\ndownload_delay = nan\n", "crawl.download_delay: expected a number"),
    ("[crawl]\nsincedays = 3\n", "crawl.sincedays: unknown setting; did you mean 'since_days'?"),
    ('[smpt]\nhost = "x"\n', "smpt: unknown setting; did you mean 'smtp'?"),
    ('[engine]\nverify = "no"\n', "engine.verify: expected true or false"),
    ('[engine]\ntimeot = 3\n', "engine.timeot: unknown setting; did you mean 'timeout'?"),
    ('[web]\nsecure_cookies = "yes"\n', "web.secure_cookies: expected true or false"),
    ('[web]\nalert_rule_file = "x.toml"\n', "did you mean 'alert_rules_file'?"),
    ("[alerts.ops]\nwindow = 0\n", "alerts.ops.window: expected a whole number from 1"),
    ("[alerts]\nrules_file = 5\n", "alerts.rules_file: expected a file path"),
    ('[sentiment]\nmodle = "fast"\n', "did you mean 'model'?"),
    ('db = ""\n', "db: expected a file path"),
    ('[outlets.nur.editions.ru]\nrobots_sitemaps = "false"\n', "outlets.nur.editions.ru.robots_sitemaps: expected true or false"),
])
def test_every_value_is_type_checked_and_unknown_keys_name_the_nearest(tmp_path, text, message):
    test_broken_config_names_file_and_field(tmp_path, text, message)
