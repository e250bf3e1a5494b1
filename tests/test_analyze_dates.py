"""`monitor analyze` on a document without date metadata: --date, else its dateline."""

from __future__ import annotations

import json
from datetime import date

import pytest

from monitor.dates import date_in_lead
from test_cli import monitor

# "Аким Алматы" without a name resolves to whoever held the office that day.
BODY = "Аким Алматы поручил отремонтировать дороги к зиме. Работы начнутся в понедельник.\n"


@pytest.mark.parametrize("lead, expected", [
    ("Алматы, 30 декабря 2017. Аким города", date(2017, 12, 30)),
    ("Опубликовано 05.03.2024 в 10:15", date(2024, 3, 5)),
    ("2024 жылғы 5 наурыз. Қала әкімі", date(2024, 3, 5)),
])
def test_a_dateline_in_the_first_lines_is_the_date(lead, expected):
    assert date_in_lead(lead).date() == expected


def test_a_year_alone_or_a_date_deep_in_the_text_is_no_date():
    assert date_in_lead("В 2017 году аким открыл школу.") is None
    assert date_in_lead("Текст статьи. " * 40 + "30 декабря 2017") is None


def test_analyze_uses_the_dateline(tmp_path):
    (tmp_path / "a.txt").write_text(f"Дороги Алматы\n30 декабря 2019\n{BODY}", "utf-8")
    result = json.loads(monitor("analyze", "a.txt", "--json", cwd=tmp_path).stdout)
    assert result["published_at"].startswith("2019-12-30")
    assert [m["person"]["akim_id"] for m in result["mentions"]] == ["sagintayev_bakhytzhan"]


def test_analyze_date_option_for_a_file_without_one(tmp_path):
    (tmp_path / "a.txt").write_text(f"Дороги Алматы\n{BODY}", "utf-8")
    undated = json.loads(monitor("analyze", "a.txt", "--json", cwd=tmp_path).stdout)
    assert undated["published_at"] is None and undated["mentions"] == []
    dated = json.loads(monitor("analyze", "a.txt", "--date", "2024-03-15", "--json", cwd=tmp_path).stdout)
    assert dated["published_at"].startswith("2024-03-15")
    assert [m["person"]["akim_id"] for m in dated["mentions"]] == ["dossayev_yerbolat"]
    # The user's date wins over a date in the lead, which is only a guess.
    (tmp_path / "b.txt").write_text("Выборы пройдут 10 января 2021\n\nАким Алматы Ерболат Досаев провёл встречу.",
                                    encoding="utf-8")
    given = json.loads(monitor("analyze", "b.txt", "--date", "2020-12-31", "--json", cwd=tmp_path).stdout)
    assert given["published_at"].startswith("2020-12-31")
    bad = monitor("analyze", "a.txt", "--date", "15.03.2024", cwd=tmp_path)
    assert bad.returncode == 2 and "--date" in bad.stderr and "Traceback" not in bad.stderr
