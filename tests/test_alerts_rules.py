"""Rule files: valid ones parse into typed rules, broken ones name file, rule and field."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from monitor.alerts.render import plural, subject, surname
from monitor.alerts.rules import load_rules
from monitor.config import load_config
from monitor.errors import ConfigError


def config_with(tmp_path, main: str, rules_file: str | None = None):
    if rules_file is not None:
        (tmp_path / "alerts.toml").write_text(rules_file, "utf-8")
        main = '[alerts]\nrules_file = "alerts.toml"\n' + main
    path = tmp_path / "monitor.toml"
    path.write_text(main, "utf-8")
    return load_config(path, tmp_path / "x.db")


def test_rules_from_main_file_and_rules_file(tmp_path):
    config = config_with(tmp_path, """
[[alerts.rules]]
name = "almaty-negative"
recipients = ["press@akimat.test"]
regions = ["almaty"]
sentiment = ["negative"]
main_subject = true
keywords = ["снег"]
outlets = ["tengrinews"]
languages = ["ru", "kk"]
""", rules_file="""
[[rules]]
name = "weekly"
recipients = ["chief@akimat.test"]
delivery = "digest"
every = "weekly"
day = "friday"
at = "17:30"
max_age = "2w"

[[rules]]
name = "off"
recipients = ["x@akimat.test"]
enabled = false
""")
    first, second = load_rules(config)
    assert first.filters.sentiment == ("negative",) and first.filters.main_subject and first.digest is None
    assert first.source.endswith("monitor.toml") and second.source.endswith("alerts.toml")
    assert second.digest.every == "weekly" and second.digest.weekday == 4 and second.digest.at == time(17, 30)
    assert second.digest.zone == "Asia/Almaty" and second.max_age == timedelta(weeks=2)


@pytest.mark.parametrize("body, field, fragment", [
    ('sentiment = ["bad"]', "sentiment", "unknown value 'bad'"),
    ('recipients = ["not-an-address"]', "recipients", "not an email address"),
    ('delivery = "digest"\nat = "25:00"', "at", "HH:MM"),
    ('delivery = "hourly"', "delivery", "'immediate' or 'digest'"),
    ('delivery = "digest"\nday = "someday"', "day", "monday"),
    ('delivery = "digest"\ntimezone = "Mars/Olympus"', "timezone", "unknown time zone"),
    ('outlets = ["nosuch"]', "outlets", "unknown outlet 'nosuch'"),
    ('backfill = "soon"', "backfill", "not a duration"),
    ('main_subject = "yes"', "main_subject", "true or false"),
    ('akim = ["Досаев"]', "akim", "unknown field"),
    ('every = "daily"', "every", "only meaningful with delivery = 'digest'"),
])
def test_errors_name_file_rule_and_field(tmp_path, body, field, fragment):
    base = 'name = "broken-rule"\n' + ('recipients = ["a@akimat.test"]\n' if field != "recipients" else "")
    with pytest.raises(ConfigError) as err:
        load_rules(config_with(tmp_path, "", rules_file=f"[[rules]]\n{base}{body}\n"))
    message = str(err.value)
    assert str(tmp_path / "alerts.toml") in message
    assert "rule 'broken-rule'" in message and f"field '{field}'" in message and fragment in message


def test_missing_name_and_duplicates(tmp_path):
    with pytest.raises(ConfigError, match=r"monitor\.toml: alerts\.rules\[1\]: field 'name'"):
        load_rules(config_with(tmp_path, '[[alerts.rules]]\nname="a"\nrecipients=["a@b.kz"]\n'
                                         '[[alerts.rules]]\nrecipients=["a@b.kz"]\n'))
    with pytest.raises(ConfigError, match=r"alerts\.toml: rule 'a': field 'name': already used by a rule in .*monitor\.toml"):
        load_rules(config_with(tmp_path, '[[alerts.rules]]\nname="a"\nrecipients=["a@b.kz"]\n',
                               rules_file='[[rules]]\nname="a"\nrecipients=["c@b.kz"]\n'))


def test_missing_rules_file_and_secret_in_file(tmp_path):
    path = tmp_path / "monitor.toml"
    path.write_text('[alerts]\nrules_file = "nope.toml"\n', "utf-8")
    with pytest.raises(ConfigError, match="nope.toml: alert rules file not found"):
        load_rules(load_config(path, tmp_path / "x.db"))
    from monitor.alerts.mailer import load_smtp
    path.write_text('[smtp]\npassword = "hunter2"\n', "utf-8")
    with pytest.raises(ConfigError, match="smtp.password: credentials belong in MONITOR_SMTP_USER"):
        load_smtp(load_config(path, tmp_path / "x.db"))


def test_smtp_credentials_from_env_never_in_repr(tmp_path, monkeypatch):
    from monitor.alerts.mailer import load_smtp
    monkeypatch.setenv("MONITOR_SMTP_USER", "robot")
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", "s3cret")
    path = tmp_path / "monitor.toml"
    path.write_text('[smtp]\nhost = "smtp.example.kz"\nsecurity = "ssl"\n', "utf-8")
    smtp = load_smtp(load_config(path, tmp_path / "x.db"))
    assert (smtp.user, smtp.password, smtp.port) == ("robot", "s3cret", 465)
    assert "s3cret" not in repr(smtp)


@pytest.mark.parametrize("n, word", [(1, "упоминание"), (2, "упоминания"), (4, "упоминания"), (5, "упоминаний"),
                                     (11, "упоминаний"), (12, "упоминаний"), (21, "упоминание"),
                                     (22, "упоминания"), (111, "упоминаний"), (0, "упоминаний")])
def test_russian_plurals(n, word):
    assert plural(n, "упоминание", "упоминания", "упоминаний") == word


def test_subject_lists_three_people_then_the_rest():
    from monitor.alerts.compose import AkimGroup, Entry

    def entries(k, negative):
        return [Entry("t", "u", "o", "p", str(i), "akim", "", "negative" if i < negative else "neutral", [], "ru")
                for i in range(k)]
    groups = [AkimGroup("Ерболат Досаев", "", entries(5, 1)), AkimGroup("Жениса Касымбек", "", entries(2, 0)),
              AkimGroup("Маликова Айгуль Ерлановна", "", entries(1, 1)), AkimGroup("Иван Петров", "", entries(1, 0)),
              AkimGroup("Асан Асанов", "", entries(1, 0))]
    assert subject(groups) == "10 новых упоминаний: Досаев (1 негативное), Касымбек, Маликова (1 негативное) и ещё 2"
    assert surname("Досаев Ерболат Аскарбекович") == "Досаев"


def test_a_broken_rules_file_switches_off_its_own_rules_only_and_tells_the_admin(tmp_path):
    from email import message_from_bytes, policy

    from monitor.alerts.rules import load_rule_sets
    from monitor.alerts.service import run_alerts
    from monitor.store import open_store

    (tmp_path / "good.toml").write_text('[[rules]]\nname = "good"\nrecipients = ["a@b.kz"]\n', "utf-8")
    (tmp_path / "bad.toml").write_text('[[rules]]\nname = "bad"\nrecipients = ["a@b.kz"]\nkeywords = ["\x7f"]\n',
                                       "utf-8")
    path = tmp_path / "monitor.toml"
    path.write_text('[alerts]\nrules_file = ["bad.toml", "good.toml"]\n[[alerts.rules]]\nname = "main"\n'
                    'recipients = ["c@d.kz"]\n[smtp]\nfake = true\nadmin = "admin@akimat.kz"\n', "utf-8")
    config = load_config(path, tmp_path / "x.db")
    rules, problems = load_rule_sets(config)
    assert [r.name for r in rules] == ["main", "good"]
    [problem] = problems
    assert problem.source == str(tmp_path / "bad.toml") and "not valid TOML" in problem.message
    with pytest.raises(ConfigError, match="bad.toml"):  # `load_rules` (strict) still refuses
        load_rules(config)
    with open_store(config.db_path) as store:
        report = run_alerts(store, config)
        again = run_alerts(store, config)
        rows = store.db.execute("SELECT recipient, message FROM alert_outbox WHERE rule='!ops'").fetchall()
    assert report.rules == 2 and any("bad.toml" in e for e in report.errors) and again.errors == report.errors
    [(recipient, raw)] = rows  # once while the problem lasts, not every run
    text = message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()
    assert recipient == "admin@akimat.kz" and "bad.toml" in text and "отключены" in text


@pytest.mark.parametrize("body", ['keywords = ["a\\u0007b"]', 'akims = ["\\u007f"]'])
def test_control_characters_in_rule_strings_are_refused(tmp_path, body):
    base = 'name = "r"\nrecipients = ["a@b.kz"]\n'
    with pytest.raises(ConfigError, match="control characters"):
        load_rules(config_with(tmp_path, "", rules_file=f"[[rules]]\n{base}{body}\n"))


@pytest.mark.parametrize(("body", "message"), [
    ('akims = ["dosaev_yerbolat"]', "field 'akims': 'dosaev_yerbolat' is not an akim id of the registry; did you mean"),
    ('regions = ["almati"]', "field 'regions': unknown region 'almati'"),
])
def test_unknown_akim_ids_and_regions_are_refused_like_unknown_outlets(tmp_path, body, message):
    base = 'name = "r"\nrecipients = ["a@b.kz"]\n'
    with pytest.raises(ConfigError, match=message):
        load_rules(config_with(tmp_path, "", rules_file=f"[[rules]]\n{base}{body}\n"))


def test_cyrillic_names_and_places_outside_the_registry_stay_allowed(tmp_path):
    base = 'name = "r"\nrecipients = ["a@b.kz"]\n'
    [rule] = load_rules(config_with(tmp_path, "", rules_file=f'[[rules]]\n{base}akims = ["Ахметов", "dossayev_yerbolat"]\n'
                                                          'regions = ["Экибастуз", "almaty"]\n'))
    assert rule.filters.akims == ("Ахметов", "dossayev_yerbolat")


def test_a_keyword_of_punctuation_only_is_refused_not_silently_matching_nothing(tmp_path):
    base = 'name = "r"\nrecipients = ["a@b.kz"]\n'
    with pytest.raises(ConfigError, match="no word to look for"):
        load_rules(config_with(tmp_path, "", rules_file=f'[[rules]]\n{base}keywords = ["!!!"]\n'))
