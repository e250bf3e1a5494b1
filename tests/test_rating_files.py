"""`monitor report` as a person runs it, and the files it writes, read back cell by cell."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from monitor.models import Article, Mention, Sentiment
from monitor.store import open_store
from rating_sample import ALMATY, DOSSAYEV, build_store


def monitor(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = build_store(tmp_path_factory.mktemp("report") / "monitor.db")
    # December: a hostile title, to check it stays text in every format
    when = datetime(2026, 12, 10, 12, 0, tzinfo=ALMATY)
    hostile = Article(url="https://ratel.example.kz/news/99", source="ratel", title='=HYPERLINK("http://x","<b>")',
                      text="Текст. " * 5, published_at=when, crawled_at=when, language="ru")
    hostile.mentions = [Mention(hostile.id, DOSSAYEV, sentiment=Sentiment.from_score(-0.8), main_subject=True)]
    with open_store(path) as store:
        store.save_article(hostile)
    return path


def rows_after(sheet, heading: str, second: str | None = None) -> tuple[list, list[tuple]]:
    """The first header row starting with `heading` (then `second`, if given) and the rows under it
    up to a blank one."""
    values = list(sheet.iter_rows(values_only=True))
    start = next(n for n, row in enumerate(values)
                 if row[0] == heading and row[1] is not None and second in (None, row[1]))
    body = []
    for row in values[start + 1:]:
        if all(v is None for v in row):
            break
        body.append(row)
    return list(values[start]), body


def test_xlsx_summary_regions_and_stories(db, tmp_path):
    result = monitor("--db", str(db), "report", "--period", "2026-11", "-o", "r.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Рейтинг за ноябрь 2026: акимов 3, упоминаний 9, сюжетов 5" in result.stderr
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["Сводка", "г. Алматы", "г. Астана", "Павлодарская область", "Сюжеты"]
    summary = book["Сводка"]
    assert summary["A1"].value == "Медиарейтинг акимов: ноябрь 2026"
    assert (summary["A2"].value, summary["B2"].value) == ("Период", "01.11.2026 — 30.11.2026")
    assert summary["B3"].value == "01.10.2026 — 31.10.2026"
    head, akims = rows_after(summary, "Место", "Аким")
    assert head[:7] == ["Место", "Аким", "Должность", "Регион", "Упоминаний", "Сюжетов (без перепечаток)", "Изданий"]
    dossayev = dict(zip(head, akims[0]))
    assert dossayev["Аким"] == "Ерболат Досаев" and dossayev["Регион"] == "г. Алматы"
    assert (dossayev["Упоминаний"], dossayev["Сюжетов (без перепечаток)"], dossayev["Изданий"]) == (5, 3, 4)
    assert (dossayev["Доля негативных"], dossayev["Доля позитивных"], dossayev["Индекс тональности"]) == (0.4, 0.4, 0)
    assert (dossayev["Доля «главный герой»"], dossayev["Упоминаний в пред. периоде"]) == (0.8, 3)
    assert dossayev["Рост упоминаний"] == pytest.approx(2 / 3)
    kassymbek = dict(zip(head, akims[1]))
    assert kassymbek["Индекс тональности"] == pytest.approx(-1 / 3)
    assert kassymbek["Изменение индекса"] == pytest.approx(-4 / 3)
    akhmetov = dict(zip(head, akims[2]))
    assert (akhmetov["Рост упоминаний"], akhmetov["Место в пред. периоде"]) == (None, None)
    # shares are numbers shown in per cent, not text
    cell = next(c for c in summary["J"] if c.value == pytest.approx(-1 / 3))
    assert cell.number_format == "+0.00;-0.00;0.00"
    regions_head, regions = rows_after(summary, "Место")
    assert regions_head[1] == "Регион"
    assert [r[1] for r in regions] == ["г. Алматы", "г. Астана", "Павлодарская область", "Всего"]
    assert regions[-1][2:5] == (9, 5, 4)

    almaty = book["г. Алматы"]
    head, rows = rows_after(almaty, "Место")
    assert [r[1] for r in rows] == ["Ерболат Досаев"]
    stories = book["Сюжеты"]
    head, rows = rows_after(stories, "Дата")
    assert len(rows) == 6  # Досаев 3, Касымбек 2, Ахметов 1
    roads = next(r for r in rows if r[1] == "Ерболат Досаев" and r[4] == "Tengrinews")
    assert (roads[0], roads[5], roads[6], roads[7], roads[8]) == (
        datetime(2026, 11, 3, 10, 30), "позитивная", "да", 1, "NUR.KZ")
    link = next(c for c in stories["D"] if c.value == roads[3])
    assert link.hyperlink.target == "https://tengrinews.example.kz/news/1"


def test_crawled_text_is_never_a_formula(db, tmp_path):
    assert monitor("--db", str(db), "report", "--period", "2026-12", "-o", "d.xlsx", cwd=tmp_path).returncode == 0
    book = openpyxl.load_workbook(tmp_path / "d.xlsx")
    cell = next(c for c in book["Сюжеты"]["D"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert monitor("--db", str(db), "report", "--period", "2026-12", "-o", "d.html", cwd=tmp_path).returncode == 0
    page = (tmp_path / "d.html").read_text("utf-8")
    assert "&lt;b&gt;" in page and "<b>" not in page


def test_csv_and_html(db, tmp_path):
    result = monitor("--db", str(db), "report", "--period", "2026-11", "--language", "ru", "--format", "csv",
                     "-o", "r.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "r.txt").read_text("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    dossayev = next(r for r in rows if r["Аким"] == "Ерболат Досаев")
    # Russian only: the Kazakh article 4 is left out
    assert (dossayev["Строка"], dossayev["Упоминаний"], dossayev["Сюжетов (без перепечаток)"]) == ("аким", "4", "2")
    assert dossayev["Индекс тональности"] == "0.0" and dossayev["Период"] == "01.11.2026-30.11.2026"
    total = next(r for r in rows if r["Строка"] == "всего")
    assert (total["Аким"], total["Упоминаний"]) == ("Всего", "8")

    assert monitor("--db", str(db), "report", "--period", "2026-11", "-o", "r.html", cwd=tmp_path).returncode == 0
    page = (tmp_path / "r.html").read_text("utf-8")
    assert page.count("<svg") == 2 and "Индекс тональности по регионам" in page
    assert "Медиарейтинг акимов: ноябрь 2026" in page and "<td>Ерболат Досаев</td>" in page
    assert 'href="https://nur.example.kz/news/2"' in page  # the reprint, beside its story
    assert "@media print" in page


def test_bad_requests_are_clear(db, tmp_path):
    pdf = monitor("--db", str(db), "report", "--format", "pdf", "-o", "r.pdf", cwd=tmp_path)
    assert pdf.returncode == 2 and "PDF не поддерживается" in pdf.stderr
    month = monitor("--db", str(db), "report", "--period", "2026-13", cwd=tmp_path)
    assert month.returncode == 2 and "ГГГГ-ММ" in month.stderr
    outlet = monitor("--db", str(db), "report", "--outlet", "nosuch", "-o", "x.csv", cwd=tmp_path)
    assert outlet.returncode == 2 and "nosuch" in outlet.stderr and "Traceback" not in outlet.stderr
    missing = monitor("--db", str(tmp_path / "none.db"), "report", "-o", "x.csv", cwd=tmp_path)
    assert missing.returncode == 2 and "нет базы" in missing.stderr
    assert not (tmp_path / "x.csv").exists()
    unwritable = monitor("--db", str(db), "report", "-o", str(tmp_path / "no" / "such" / "dir.xlsx"), cwd=tmp_path)
    assert unwritable.returncode == 2 and "Ошибка: не удалось записать отчёт" in unwritable.stderr
    assert "Traceback" not in unwritable.stderr
