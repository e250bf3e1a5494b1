"""The web interface's parts alone: config, passwords, URL state, aggregates, SVG, CLI."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from monitor.errors import ConfigError
from monitor.models import Article, Mention, Person, Sentiment
from monitor.search import SearchQuery
from monitor.store import open_store
from monitor.web import charts, stats
from monitor.web.query import parse_filters, to_search_query
from monitor.web.settings import check_login, hash_password, verify_password, web_config

ALMATY = ZoneInfo("Asia/Almaty")


def test_passwords_are_salted_scrypt_hashes():
    one, two = hash_password("пароль"), hash_password("пароль")
    assert one.startswith("scrypt$") and one != two
    assert verify_password("пароль", one) and not verify_password("Пароль", one)
    assert not verify_password("x", "scrypt$broken")


def test_web_config_reads_users_and_rejects_plain_passwords(monkeypatch):
    monkeypatch.setenv("MONITOR_WEB_SECRET", "from-env")
    hashed = hash_password("p")
    web = web_config({"web": {"users": {"press": hashed}, "page_size": 50}}, "m.toml")
    assert web.login_required and web.secret_key == "from-env" and web.page_size == 50
    assert check_login(web, "press", "p") and not check_login(web, "nobody", "p")
    with pytest.raises(ConfigError, match=r"m.toml: web.users.press"):
        web_config({"web": {"users": {"press": "plain-text"}}}, "m.toml")
    with pytest.raises(ConfigError, match=r"web.colour: unknown setting"):
        web_config({"web": {"colour": "red"}}, "m.toml")
    assert not web_config({}).login_required


def test_web_rules_file_is_relative_to_the_config_file(tmp_path, monkeypatch):
    from monitor.config import load_config
    from monitor.web.settings import web_config_of

    conf = tmp_path / "etc" / "monitor.toml"
    conf.parent.mkdir()
    conf.write_text('[alerts]\nrules_file = "alerts.toml"\n[web]\nalert_rules_file = "alerts.toml"\n',
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # another directory than the config's
    assert web_config_of(load_config(conf, tmp_path / "m.db")).alert_rules_file == conf.parent / "alerts.toml"


def test_filters_round_trip_through_the_url():
    f = parse_filters({"q": " дороги ", "akim": "dossayev_yerbolat", "sentiment": "weird", "page": "3",
                       "since": "2024-03-01", "until": "2024-03-31", "main": "on", "utm": "x"})
    assert f.errors and f.sentiment == ""
    assert f.params() == {"q": "дороги", "akim": "dossayev_yerbolat", "since": "2024-03-01",
                          "until": "2024-03-31", "main": "1", "page": "3"}
    assert "page" not in f.query_string
    q = to_search_query(f, page_size=10)
    assert q.offset == 20 and q.main_subject
    assert q.since == datetime(2024, 3, 1, tzinfo=ALMATY)
    assert q.until == datetime(2024, 4, 1, tzinfo=ALMATY)  # "until" day included
    assert parse_filters({"page": "999999"}).page == 500


def _mention_article(n: int, when: datetime, label_score: float, person: Person) -> Article:
    a = Article(url=f"https://x.kz/{n}", source="tengrinews", title=f"t{n}", text="аким " * 50,
                published_at=when, crawled_at=when, language="ru")
    a.mentions = [Mention(a.id, person, sentiment=Sentiment.from_score(label_score))]
    return a


def test_timeline_buckets_are_almaty_days_with_gaps_filled(tmp_path):
    p = Person("Ерболат Досаев", "akim", "dossayev_yerbolat", region="almaty")
    with open_store(tmp_path / "s.db") as store:
        # 00:30 in Almaty is the previous day in UTC: it must count on the Almaty day.
        store.save_article(_mention_article(1, datetime(2024, 3, 2, 0, 30, tzinfo=ALMATY), -0.8, p))
        store.save_article(_mention_article(2, datetime(2024, 3, 2, 23, 0, tzinfo=ALMATY), 0.8, p))
        store.save_article(_mention_article(3, datetime(2024, 3, 5, 12, 0, tzinfo=ALMATY), 0.0, p))
        buckets = stats.timeline(store.db, SearchQuery(akim="dossayev_yerbolat"))
        assert [b.label for b in buckets] == ["02.03", "03.03", "04.03", "05.03"]
        assert buckets[0].counts == {"negative": 1, "neutral": 0, "positive": 1}
        assert buckets[1].total == 0 and buckets[3].counts["neutral"] == 1
        assert buckets[0].mean_score == pytest.approx(0.0)
        assert stats.timeline(store.db, SearchQuery(akim="dossayev_yerbolat", sentiment="negative"))[0].total == 1
        top = stats.top_people(store.db, SearchQuery())
        assert top[0].key == "dossayev_yerbolat" and top[0].total == 3


def test_long_timelines_switch_to_weeks_and_months():
    from datetime import date

    assert stats._period(date(2024, 1, 1), date(2024, 2, 1)) == "day"
    assert stats._period(date(2024, 1, 1), date(2024, 6, 1)) == "week"
    assert stats._period(date(2022, 1, 1), date(2024, 6, 1)) == "month"
    assert stats._next(date(2024, 1, 31).replace(day=1), "month") == date(2024, 2, 1)


def test_svg_escapes_labels_and_cuts_long_names():
    item = stats.Ranked("k", "<script>alert(1)</script> Очень длинное имя с отчеством и должностью")
    item.counts["negative"] = 3
    svg = str(charts.ranking_svg([item], "Топ", link=lambda r: "/?akim=a&b=<c>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "…" in svg and 'href="/?akim=a&amp;b=&lt;c&gt;"' in svg
    assert "Нет данных" in str(charts.timeline_svg([]))


def test_cli_binds_loopback_by_default_and_warns_on_open_interfaces(tmp_path, monkeypatch):
    import uvicorn

    from monitor.cli import main

    runs = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: runs.append(kw))
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "w.db")
    result = CliRunner().invoke(main, ["--db", db, "web"])
    assert result.exit_code == 0, result.output
    assert runs[-1]["host"] == "127.0.0.1" and runs[-1]["port"] == 8080
    assert "ВНИМАНИЕ" not in result.output
    result = CliRunner().invoke(main, ["--db", db, "web", "--host", "0.0.0.0", "--port", "9000"])
    assert result.exit_code == 0
    assert runs[-1]["host"] == "0.0.0.0" and "БЕЗ ВХОДА ПО ПАРОЛЮ" in result.output


def test_cli_hash_password():
    from monitor.cli import main

    result = CliRunner().invoke(main, ["web", "--hash-password"], input="пароль\nпароль\n")
    hashed = result.output.strip().splitlines()[-1]
    assert verify_password("пароль", hashed)
