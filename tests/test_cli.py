"""The `monitor` command as a person runs it: real processes, real stores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.replica import articles as samples
from replica_support import shared_path


def monitor(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def test_offline_crawl_ends_with_a_message_per_outlet(tmp_path):
    # Every outlet pointed at a closed local port: what an offline laptop sees.
    lines = []
    for outlet, langs in {"tengrinews": ("ru", "kk"), "nur": ("ru", "kk"), "bnews": ("ru",), "ratel": ("ru",)}.items():
        lines += [f'[outlets.{outlet}.editions.{lang}]\nbase_url = "http://127.0.0.1:9"\n' for lang in langs]
    (tmp_path / "offline.toml").write_text("[crawl]\ndownload_delay = 0.0\n" + "\n".join(lines), "utf-8")
    result = monitor("--config", "offline.toml", "--db", "x.db", "crawl", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for outlet in ("tengrinews", "nur", "bnews", "ratel"):
        assert f"{outlet}: fetched 0 pages" in result.stdout
        assert "could not be reached" in result.stdout
    assert "Ни одно издание не ответило" in result.stderr


def test_broken_config_is_one_clear_line(tmp_path):
    (tmp_path / "bad.toml").write_text("[outlets.x\n", "utf-8")
    result = monitor("--config", "bad.toml", "crawl", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "bad.toml: not valid TOML" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["search", "--until", "2025-02-30"], "Invalid value for '--until': '2025-02-30': нужна дата"),
    (["search", "--limit", "-5"], "Invalid value for '--limit'"),
    (["search", "--since", "2026-01-01", "--until", "2025-01-01"], "--since 2026-01-01 позже, чем --until"),
    (["search", "--outlet", "nope"], "unknown outlet 'nope'; known outlets: azattyq, baq, bnews"),
    (["reprocess", "--outlet", "nope"], "unknown outlet 'nope'"),
])
def test_bad_search_flags_are_named_not_an_empty_or_unlimited_result(tmp_path, args, message):
    result = monitor("--db", "x.db", *args, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert message in result.stderr


def test_reading_a_mistyped_store_is_an_error_not_an_empty_new_store(tmp_path):
    for command in (["search"], ["reprocess"], ["alerts", "send"], ["alerts", "preview", "x"]):
        result = monitor("--db", "typo.db", *command, cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "нет базы typo.db: сначала выполните `monitor crawl`" in result.stderr
    assert not list(tmp_path.iterdir())


def test_an_unknown_region_id_is_an_error_listing_the_known_ones(tmp_path):
    for command in (["search", "--region", "almaty_oblast"], ["akims", "list", "--region", "almaty_oblast"]):
        result = monitor(*command, cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "нет такого региона 'almaty_oblast'" in result.stderr and "almaty_region" in result.stderr
    listed = monitor("akims", "list", "--region", "Almaty_Region", cwd=tmp_path)
    assert listed.returncode == 0 and "аким Алматинской области" in listed.stdout


def test_demo_then_search_and_analyze(tmp_path):
    demo = monitor("--db", "demo.db", "demo", "--json", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr[-2000:]
    summary = json.loads(demo.stdout)
    assert summary["counts"]["articles"] == len(samples.SAMPLES)
    assert summary["counts"]["reprints"] == 1
    assert summary["counts"]["mentions"] >= 8
    names = {m["name"] for a in summary["articles"] for m in a["mentions"]}
    assert {"Женис Касымбек", "Асаин Байханов", "Мариям Маликова"} <= names
    assert not names & {"Нуралхан Кушеров", "Нурдаулет Кильбай", "Серик Шапкенов"}  # sidebars, infinite scroll

    found = monitor("--db", "demo.db", "search", "акима Астаны", "--json", cwd=tmp_path)
    hits = json.loads(found.stdout)["hits"]
    assert {h["source"] for h in hits} >= {"tengrinews"}
    [hit] = [h for h in hits if h["source"] == "tengrinews" and h["language"] == "ru"]
    assert [r["source"] for r in hit["reprints"]] == ["bnews"]

    by_akim = monitor("--db", "demo.db", "search", "--akim", "Байханов", cwd=tmp_path)
    assert "Аким Павлодарской области открыл новую школу" in by_akim.stdout
    assert "Найдено статей: 1" in by_akim.stdout


def test_analyze_an_html_page_to_json(tmp_path, site):
    path = site.article_paths["ratel.ru"][0]
    (tmp_path / "page.html").write_bytes(site.routes["ratel.ru"][path].body)
    result = monitor("analyze", "page.html", "--url", f"https://ratel.kz{path}", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout)
    assert data["is_article"] and data["source"] == "ratel" and data["language"] == "ru"
    assert data["published_at"] and data["title"].startswith("Почему блог акима")
    assert data["sentiment"]["label"] in ("negative", "neutral", "positive")
    [isabayev] = [m for m in data["mentions"] if "Исабаев" in m["person"]["name"]]
    assert isabayev["person"]["role"] == "akim" and isabayev["snippets"]
    assert samples.COMMENT_TEXT not in data["text"]


def test_analyze_a_listing_says_it_is_not_an_article(tmp_path, site):
    (tmp_path / "list.html").write_bytes(site.routes["tengrinews.ru"]["/news/"].body)
    result = monitor("analyze", "list.html", "--url", "https://tengrinews.kz/news/", "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["is_article"] is False and data["mentions"] == []


def test_analyze_seed_texts(tmp_path):
    seed = shared_path("seeds", "001_65f7b012d37a55f8.txt")
    result = monitor("analyze", str(seed), "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["title"].startswith("Касымбек рассказал")
    assert data["language"] == "ru"
    assert "Женис Касымбек" in {m["person"]["name"] for m in data["mentions"]}


def test_analyze_a_binary_or_empty_file_says_it_is_not_an_article(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    (tmp_path / "empty.html").write_bytes(b" \n")
    for name, reason in (("photo.jpg", "binary data"), ("empty.html", "empty document")):
        result = monitor("analyze", name, cwd=tmp_path)
        assert result.returncode == 0 and "Traceback" not in result.stderr
        assert result.stdout.startswith(f"Не статья: {reason}")


def test_missing_file_is_a_clear_error(tmp_path):
    result = monitor("analyze", "absent.html", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "absent.html" in result.stderr


def test_analyze_refuses_other_schemes_and_oversized_pages(tmp_path, replica, site):
    from monitor.analyze import fetch
    from monitor.errors import FetchError

    result = monitor("analyze", "ftp://example.kz/page.html", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "ftp://example.kz/page.html: only http(s) URLs and files can be analysed" in result.stderr
    url = replica.base_url("nur.ru") + site.article_paths["nur.ru"][0]
    assert len(fetch(url, "test")) > 1000
    with pytest.raises(FetchError, match="over 1,000 bytes, the crawl's limit"):
        fetch(url, "test", limit=1000)


def test_analyze_a_url(tmp_path, replica, site):
    path = site.article_paths["nur.ru"][0]
    url = replica.base_url("nur.ru") + path
    result = monitor("analyze", url, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout)
    assert data["is_article"] and data["title"] == "Аким Павлодарской области открыл новую школу в Экибастузе"
    assert [m["person"]["name"] for m in data["mentions"]] == ["Асаин Байханов"]
    missing = monitor("analyze", replica.base_url("nur.ru") + "/no-such-page/", cwd=tmp_path)
    assert missing.returncode == 2 and "HTTP 404" in missing.stderr and "Traceback" not in missing.stderr
