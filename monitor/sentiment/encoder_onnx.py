"""The fine-tuned encoder's layers as an onnxruntime session, linear layers in int8.

numpy in float32 managed ~20 mentions/s per member on one core; onnxruntime runs the
same float32 layers ~3x faster, and its int8 kernels (VNNI where the CPU has it) ~3x
faster again (benchmarks/sentiment.py --speed --model accurate). The graph is written
here from the merged weights, so torch is not needed at run time, with its linear layers
in int8 as onnxruntime's dynamic quantiser writes them (int8_columns()).

int8 activations are quantised per tensor, and a few channels of this encoder's
activations reach 100x their RMS (the GELU outputs most), which costs precision in all
the others: the plain int8 model changed 6% of the akim holdout's labels. So before
quantising, each linear layer's input is divided per channel by s = amax^a / wmax^(1-a)
and the layer's weight rows multiplied by s (SmoothQuant, Xiao et al. 2023): the same
function, with the outliers moved into the weights, which are quantised per channel.
amax (each input channel's largest value) is measured at training time on RuSentNE
sentences and shipped in the model file (`<layer>.amax`).

Input: embeddings (batch, tokens, hidden) before the embedding layer norm, and the
attention mask (batch, tokens) of 1/0. Output: the last layer's hidden states.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np

from .e5_base import BaseModelError, E5Config

OPSET = 20  # Gelu (exact) is an operator from opset 20
IR_VERSION = 9  # opset 20's; onnx writes its newest by default, which onnxruntime may not read yet
# Encoder labels changed against float32 on the akim holdout: unsmoothed 6%, alpha 0.5 5%,
# 0.7 2%, 0.8 0-0.5%.
SMOOTH_ALPHA = 0.8


def runtime():
    """onnx and onnxruntime, or a BaseModelError naming the extra to install."""
    try:
        import onnx
        import onnxruntime
    except ImportError as exc:
        raise BaseModelError(
            "the accurate sentiment model needs onnxruntime and onnx (pip install 'akim-monitor[accurate]')"
        ) from exc
    return onnx, onnxruntime


SITES = ("qkv", "ao", "fi", "fo")  # a layer's linear inputs: q, k and v share theirs


def int8_columns(wt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """wt (in, out) as int8 with one float32 scale per output column, symmetric: the
    values and scales onnxruntime's quantize_dynamic(per_channel=True, QInt8) writes
    (tests/test_sentiment_encoder.py compares them), computed for the whole matrix at
    once: its per-column Python loop took ~11 s a model on a slow core."""
    absmax = np.abs(wt).max(0).astype(np.float32)
    scale = (absmax + absmax) / np.float32(254)  # (rmax - rmin) / (qmax - qmin) over [-127, 127]
    scale[scale == 0] = 1.0
    return np.clip(np.rint(wt / scale), -127, 127).astype(np.int8), scale


def build_graph(w: dict[str, np.ndarray], cfg: E5Config, probes: bool = False, int8: bool = False,
                release: bool = False):
    """The encoder (embedding layer norm, then cfg.layers post-LN BERT layers) as an ONNX model.

    q, k and v run as one MatMul. Where w has `<layer>.<site>.inv` (smoothed()), that
    input is multiplied by it first. int8=True writes each linear layer's product as
    onnxruntime's dynamic quantiser would (int8 weights per column, uint8 activations
    quantised per call), which onnxruntime fuses into one DynamicQuantizeMatMul.
    probes=True also outputs each site's input as `<layer>.<site>.in` (for activation_ranges).
    release=True takes each linear weight out of w once it is in the graph, for a caller that
    owns w: the float32 copies are freed as the int8 graph grows, not all at the end."""
    runtime()
    from onnx import TensorProto, helper, numpy_helper

    nodes, inits, probed = [], [], {}
    head_dim = cfg.hidden // cfg.heads

    def const(key: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32)
                                             if array.dtype.kind == "f" else array, key))
        return key

    def node(op: str, inputs: list[str], out: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def linear(x: str, site: str, names: list[str]) -> str:
        probed[site] = x
        if site + ".inv" in w:
            x = node("Mul", [x, const(site + ".inv", w[site + ".inv"])], site + ".sx")
        p = site.rsplit(".", 1)[0] + "."
        wt = np.concatenate([w.pop(p + n + ".w") if release else w[p + n + ".w"] for n in names]).T
        if int8:
            y = int8_matmul(x, wt, site)
        else:
            y = node("MatMul", [x, const(site + ".wt", wt)], site + ".mm")
        return node("Add", [y, const(site + ".b", np.concatenate([w[p + n + ".b"] for n in names]))], site + ".out")

    def int8_matmul(x: str, wt: np.ndarray, site: str) -> str:
        wq, wscale = int8_columns(wt)
        nodes.append(helper.make_node("DynamicQuantizeLinear", [x], [site + ".xq", site + ".xs", site + ".xz"],
                                      name=site + ".xq"))
        product = node("MatMulInteger", [site + ".xq", const(site + ".wq", wq), site + ".xz",
                                         const(site + ".wz", np.zeros(wq.shape[1], np.int8))], site + ".mmi")
        scale = node("Mul", [site + ".xs", const(site + ".wscale", wscale)], site + ".scale")
        return node("Mul", [node("Cast", [product], site + ".mmf", to=TensorProto.FLOAT), scale], site + ".mm")

    def norm(x: str, p: str) -> str:
        return node("LayerNormalization", [x, const(p + ".w", w[p + ".w"]), const(p + ".b", w[p + ".b"])],
                    p + ".out", axis=-1, epsilon=cfg.eps)

    split = const("split_shape", np.array([0, 0, cfg.heads, head_dim], np.int64))
    merge = const("merge_shape", np.array([0, 0, cfg.hidden], np.int64))
    thirds = const("thirds", np.array([cfg.hidden] * 3, np.int64))
    # Padded positions get -10000 before the softmax: exp() of it is 0 in float32.
    unsq = node("Unsqueeze", ["mask", const("mask_axes", np.array([1, 2], np.int64))], "mask4")
    keep = node("Sub", [unsq, const("one", np.array(1.0, np.float32))], "mask_off")
    bias = node("Mul", [keep, const("big", np.array(10000.0, np.float32))], "mask_bias")
    scale = const("scale", np.array(1.0 / np.sqrt(head_dim), np.float32))

    x = norm("x", "emb.ln")
    for layer in range(cfg.layers):
        p = f"l{layer}."
        qkv = linear(x, p + "qkv", ["q", "k", "v"])
        nodes.append(helper.make_node("Split", [qkv, thirds], [p + "q", p + "k", p + "v"], name=p + "split", axis=-1))
        heads = {n: node("Reshape", [p + n, split], p + n + ".heads") for n in ("q", "k", "v")}
        q = node("Transpose", [heads["q"]], p + "qt", perm=[0, 2, 1, 3])
        k = node("Transpose", [heads["k"]], p + "kt", perm=[0, 2, 3, 1])
        v = node("Transpose", [heads["v"]], p + "vt", perm=[0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k], p + "qk"), scale], p + "qks"), bias], p + "att_in")
        att = node("Softmax", [scores], p + "att", axis=-1)
        ctx = node("Transpose", [node("MatMul", [att, v], p + "ctx4")], p + "ctxt", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, merge], p + "ctx")
        x = norm(node("Add", [x, linear(ctx, p + "ao", ["ao"])], p + "res1"), p + "aln")
        mid = node("Gelu", [linear(x, p + "fi", ["fi"])], p + "gelu")
        x = norm(node("Add", [x, linear(mid, p + "fo", ["fo"])], p + "res2"), p + "oln")
    outputs = [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", cfg.hidden])]
    nodes.append(helper.make_node("Identity", [x], ["hidden"], name="hidden"))
    if probes:
        for site, source in probed.items():
            nodes.append(helper.make_node("Identity", [source], [site + ".in"], name=site + ".in"))
            outputs.append(helper.make_tensor_value_info(site + ".in", TensorProto.FLOAT, None))
    graph = helper.make_graph(
        nodes, "encoder",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", cfg.hidden]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"])],
        outputs, inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)


def site_names(cfg: E5Config) -> list[str]:
    return [f"l{layer}.{site}" for layer in range(cfg.layers) for site in SITES]


def activation_ranges(w: dict[str, np.ndarray], cfg: E5Config,
                      inputs: Iterable[np.ndarray]) -> dict[str, np.ndarray]:
    """Each site's largest |input| per channel (`<layer>.<site>.amax`) over inputs
    (embeddings (tokens, hidden), as EncoderHead.hidden feeds them), run in float32."""
    _, ort = runtime()
    sess = ort.InferenceSession(build_graph(w, cfg, probes=True).SerializeToString(),
                                providers=["CPUExecutionProvider"])
    names = [site + ".in" for site in site_names(cfg)]
    amax: dict[str, np.ndarray] = {}
    for x in inputs:
        outs = sess.run(names, {"x": x[None].astype(np.float32), "mask": np.ones((1, len(x)), np.float32)})
        for name, out in zip(names, outs):
            m = np.abs(out[0]).max(0)
            amax[name] = np.maximum(amax[name], m) if name in amax else m
    return {name[: -len(".in")] + ".amax": v.astype(np.float32) for name, v in amax.items()}


def smoothed(w: dict[str, np.ndarray], cfg: E5Config, alpha: float = SMOOTH_ALPHA,
             inplace: bool = False) -> dict[str, np.ndarray]:
    """w with its linear layers' inputs divided per channel by s and their weights' input
    columns multiplied by s, where w has the ranges (`.amax`). The attention output's s
    is folded into v (the context is linear in v); the others become `.inv` for the graph.
    inplace=True puts the new arrays into w itself (the same values), so that each old
    one is freed as it is replaced rather than the model being held twice."""
    out = w if inplace else dict(w)
    for layer in range(cfg.layers):
        p = f"l{layer}."
        if p + "qkv.amax" not in w:
            continue
        for site, names in (("qkv", ["q", "k", "v"]), ("ao", ["ao"]), ("fi", ["fi"]), ("fo", ["fo"])):
            # Read before this site writes; v.w is rewritten at "ao" only after "qkv" read it.
            wmax = np.max([np.abs(w[p + n + ".w"]).max(0) for n in names], axis=0)  # per input channel
            s = np.clip(w[p + site + ".amax"], 1e-5, None) ** alpha / np.clip(wmax, 1e-5, None) ** (1 - alpha)
            for n in names:
                out[p + n + ".w"] = w[p + n + ".w"] * s[None, :]
            if site == "ao":
                out[p + "v.w"], out[p + "v.b"] = out[p + "v.w"] / s[:, None], w[p + "v.b"] / s
            else:
                out[p + site + ".inv"] = (1.0 / s).astype(np.float32)
    return out


def session(w: dict[str, np.ndarray], cfg: E5Config, quantize: bool = True, owned: bool = False):
    """An inference session over the encoder with weights w: int8 MatMuls (inputs smoothed
    where w has activation ranges) unless quantize=False. owned=True: w is the caller's to
    give up; it is smoothed in place and emptied of its linear weights while the graph is
    written, which halves the peak memory of a load (~180 MB less per member).

    Threads: OMP_NUM_THREADS when set (the crawl child sets 1 so that parallel crawls do
    not fight over cores), else onnxruntime's default (all cores)."""
    _, ort = runtime()
    w = smoothed(w, cfg, inplace=owned) if quantize else w
    data = build_graph(w, cfg, int8=quantize, release=owned).SerializeToString()
    options = ort.SessionOptions()
    threads = os.environ.get("OMP_NUM_THREADS", "")
    if threads.isdigit():
        options.intra_op_num_threads = int(threads)
        options.inter_op_num_threads = 1
    # onnxruntime's fused SkipLayerNormalization kernel ran slower on CPU than the Add and
    # LayerNormalization it replaces (one core: 124 -> 168 sentences/s without it).
    sess = ort.InferenceSession(data, options, providers=["CPUExecutionProvider"],
                                disabled_optimizers=["SkipLayerNormFusion"])
    # onnxruntime's Python wrapper keeps the model's bytes (21 MB a member) to re-create the
    # session on another provider after a failure ("TODO: This is bad as we're holding the
    # memory indefinitely", its source says); with the CPU provider alone that never happens.
    if getattr(sess, "_model_bytes", None) is data:
        sess._model_bytes = None
    return sess
