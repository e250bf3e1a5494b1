"""Look-alike Latin and Greek letters inside Cyrillic words (monitor.homoglyphs)."""

from datetime import datetime

from monitor.homoglyphs import repair
from monitor.mentions import MentionFinder


def test_lookalikes_in_cyrillic_words_become_cyrillic():
    # Greek kappa and omicron, Latin o and i, as some sites mix them in against copying.
    assert repair("бывший аκим гοрοда Атырау Асκар Керимoв") == "бывший аким города Атырау Аскар Керимов"
    assert repair("Шымкентiнің әкiмi") == "Шымкентінің әкімі"


def test_words_without_cyrillic_stay_as_they_are():
    text = "iPhone, COVID-19, Qazaqstan oblysynyń ákimi, ТОО «Kaspi Bank»"
    assert repair(text) == text


def test_the_mention_finder_reads_a_repaired_text():
    text = "Бывший аκим гοрοда Атырау Асκар Керимοв осуждён."
    finder = MentionFinder.default()
    assert finder.find(text, language="ru", published_at=datetime(2014, 11, 1)) == []
    found = finder.find(repair(text), language="ru", published_at=datetime(2014, 11, 1))
    assert [(m.person.name, m.person.role) for m in found] == [("Аскар Керимов", "former_akim")]


def test_analyze_and_extraction_repair_the_text(tmp_path):
    import json

    from monitor.extract import extract
    from test_cli import monitor

    (tmp_path / "a.txt").write_text("Приговор\nБывший аκим гοрοда Атырау Асκар Керимοв осуждён.\n", "utf-8")
    result = json.loads(monitor("analyze", "a.txt", "--json", "--date", "2014-11-01", cwd=tmp_path).stdout)
    assert "аким города" in result["text"]
    assert [m["person"]["name"] for m in result["mentions"]] == ["Аскар Керимов"]
    page = ("<html><head><title>Приговор</title></head><body><article><h1>Приговор</h1>"
            + "<p>Бывший аκим гοрοда Атырау Асκар Керимοв осуждён. Суд огласил приговор по делу.</p>" * 5
            + "</article></body></html>")
    assert "аким города Атырау Аскар Керимов" in extract(page, "https://example.kz/a", min_chars=50).text
