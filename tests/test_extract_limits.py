"""The crawl's limits hold for saved files too, and a huge page costs bounded work."""

from __future__ import annotations

import pytest

from monitor import extract as extraction
from monitor.analyze import read_file
from monitor.errors import ExtractionError

PARAGRAPH = ("Аким района провел встречу с жителями и ответил на вопросы о ремонте дорог, "
             "школ и больниц, о тарифах на воду и отоплении в новом сезоне. ")


def test_a_file_over_the_page_limit_is_refused_without_reading_it_whole(tmp_path):
    path = tmp_path / "big.html"
    path.write_bytes(b"<html><body>" + b"x" * 2000 + b"</body></html>")
    assert read_file(path, limit=4096).startswith(b"<html>")
    with pytest.raises(ExtractionError, match="over 1,000 bytes"):
        read_file(path, limit=1000)


def test_a_huge_article_keeps_a_bounded_text(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_TEXT_CHARS", 20_000)
    monkeypatch.setattr(extraction, "PAGE_TEXT_BUDGET", 80_000)
    body = "".join(f"<p>{i}. {PARAGRAPH}</p>" for i in range(3000))  # ~480,000 chars of text
    html = (f'<html><head><meta property="og:type" content="article"><title>Встреча с жителями</title></head>'
            f'<body><article><h1>Встреча с жителями</h1>{body}</article><div id="tail">Конец страницы</div></body></html>')
    result = extraction.extract(html)
    assert result.is_article
    assert 15_000 < len(result.text) <= 20_000
    assert result.text.startswith("0. Аким района") and result.text.endswith(".")
    assert "Конец страницы" not in result.text
