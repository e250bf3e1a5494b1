"""Undeclared charsets are detected; text read in the wrong one is never taken for an article."""

from __future__ import annotations

from monitor.extract import decode_html, extract
from monitor.textcheck import garbled_reason

TEXT = ("Аким Павлодарской области Асаин Байханов провел совещание по отопительному сезону. "
        "Он поручил завершить ремонт котельных до конца месяца и проверить готовность сетей. ") * 4
KAZAKH = "Қостанай облысының әкімі Құмар Ақсақалов егін науқанының барысын тексерді. " * 4
PAGE = f"<html><head><title>Байханов провел совещание</title></head><body><article><h1>Байханов провел совещание</h1><p>{TEXT}</p></article></body></html>"


def test_windows_1251_without_declaration_is_detected():
    assert decode_html(PAGE.encode("cp1251")) == PAGE
    result = extract(PAGE.encode("cp1251"))
    assert result.is_article and "Байханов провел совещание" in result.text


def test_a_declared_charset_still_wins_and_utf8_stays_utf8():
    assert decode_html(PAGE.encode("cp1251"), "text/html; charset=windows-1251") == PAGE
    assert decode_html(PAGE.encode("utf-8")) == PAGE


def test_mojibake_is_recognised():
    assert garbled_reason(TEXT.encode("cp1251").decode("cp1252", "replace"))
    assert garbled_reason(TEXT.encode("utf-8").decode("latin-1"))
    assert garbled_reason(TEXT.encode("cp1251").decode("utf-8", "replace"))
    assert garbled_reason(TEXT) is None
    assert garbled_reason(KAZAKH) is None
    assert garbled_reason("Le préfet a visité l'école « Les Érables » à Noël. " * 5) is None


def test_a_page_read_in_the_wrong_charset_is_not_an_article():
    # A page that declares the wrong charset: the declaration is believed, the result is refused.
    result = extract(PAGE.encode("cp1251"), content_type="text/html; charset=utf-8")
    assert not result.is_article and "wrong character encoding" in result.reason
    result = extract(PAGE.encode("cp1251"), content_type="text/html; charset=iso-8859-1")
    assert not result.is_article and "wrong character encoding" in result.reason
