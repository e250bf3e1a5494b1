"""Server-side SVG charts: no JavaScript, no library, readable offline.

Every label goes through markupsafe.escape (names come from crawled text).
Text uses fonts with Cyrillic and Kazakh letters, and long labels are cut with
an ellipsis rather than overflowing, since names and outlet ids vary widely.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from monitor.web.stats import LABELS, Bucket, Ranked

COLORS = {"negative": "#c62828", "neutral": "#90a4ae", "positive": "#2e7d32"}
NAMES = {"negative": "негатив", "neutral": "нейтрально", "positive": "позитив"}
FONT = "font-family=\"'DejaVu Sans','Noto Sans',Arial,sans-serif\" font-size=\"12\""


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="chart" {FONT}><title>{escape(title)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _legend(x: int, y: int) -> list[str]:
    out = []
    for label in LABELS:
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLORS[label]}"/>')
        out.append(f'<text x="{x + 14}" y="{y}">{NAMES[label]}</text>')
        x += 24 + 8 * len(NAMES[label])
    return out


def timeline_svg(buckets: Sequence[Bucket], title: str = "Упоминания по времени") -> Markup:
    """Stacked bars per period: negative at the bottom, where the eye starts."""
    width, height, left, top, bottom = 1000, 230, 40, 24, 40
    if not buckets:
        return _svg(width, 60, title, ['<text x="10" y="35">Нет данных за период</text>'])
    peak = max(b.total for b in buckets) or 1
    plot_h, plot_w = height - top - bottom, width - left - 10
    step = plot_w / len(buckets)
    body = _legend(left, 14) + _y_axis(left, top, plot_h, peak, width)
    every = max(1, round(len(buckets) / 16))  # at most ~16 labels, so they never overlap
    for i, bucket in enumerate(buckets):
        x, y = left + i * step, top + plot_h
        for label in LABELS:
            h = bucket.counts[label] / peak * plot_h
            if h > 0:
                y -= h
                tip = f"{bucket.label}: {NAMES[label]} {bucket.counts[label]}"
                body.append(
                    f'<rect x="{x + step * 0.1:.1f}" y="{y:.1f}" width="{max(step * 0.8, 1):.1f}" '
                    f'height="{h:.1f}" fill="{COLORS[label]}"><title>{escape(tip)}</title></rect>'
                )
        if i % every == 0:
            body.append(f'<text x="{x + step / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                        f"{escape(bucket.label)}</text>")
    return _svg(width, height, title, body)


def _y_axis(left: int, top: int, plot_h: int, peak: int, width: int) -> list[str]:
    out = []
    for frac in (0, 0.5, 1):
        y = top + plot_h - frac * plot_h
        value = round(peak * frac)
        out.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    return out


def ranking_svg(items: Sequence[Ranked], title: str, link: Callable[[Ranked], str] | None = None) -> Markup:
    """Horizontal stacked bars with the name on the left and the total on the right."""
    row, label_w, width = 24, 210, 480
    if not items:
        return _svg(width, 40, title, ['<text x="10" y="25">Нет данных</text>'])
    peak = max(i.total for i in items) or 1
    bar_w = width - label_w - 50
    body: list[str] = []
    for n, item in enumerate(items):
        y = n * row + 4
        name = f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(_cut(item.name, 30))}' \
               f"<title>{escape(item.name)}</title></text>"
        body.append(f'<a href="{escape(link(item))}">{name}</a>' if link else name)
        x = float(label_w)
        for label in LABELS:
            w = item.counts[label] / peak * bar_w
            if w > 0:
                body.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="16" fill="{COLORS[label]}">'
                            f"<title>{NAMES[label]}: {item.counts[label]}</title></rect>")
                x += w
        body.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{item.total}</text>')
    return _svg(width, len(items) * row + 8, title, body)


def tone_svg(buckets: Sequence[Bucket], title: str = "Тональность (средняя оценка)") -> Markup:
    """Mean sentiment score per period, -1..1, around a zero line."""
    width, height, left, top, bottom = 1000, 160, 40, 12, 28
    points = [(i, b.mean_score) for i, b in enumerate(buckets) if b.mean_score is not None]
    if not points:
        return _svg(width, 60, title, ['<text x="10" y="35">Нет данных за период</text>'])
    plot_h, plot_w = height - top - bottom, width - left - 10
    step = plot_w / len(buckets)
    y_of = lambda score: top + (1 - score) / 2 * plot_h  # noqa: E731
    body = [f'<line x1="{left}" x2="{width - 10}" y1="{y_of(0):.1f}" y2="{y_of(0):.1f}" stroke="#999"/>']
    for score, text in ((1, "+1"), (0, "0"), (-1, "−1")):
        body.append(f'<text x="{left - 4}" y="{y_of(score) + 4:.1f}" text-anchor="end">{text}</text>')
    coords = " ".join(f"{left + (i + 0.5) * step:.1f},{y_of(s):.1f}" for i, s in points)
    body.append(f'<polyline points="{coords}" fill="none" stroke="#1565c0" stroke-width="2"/>')
    for i, s in points:
        tip = f"{buckets[i].label}: {s:+.2f}"
        body.append(f'<circle cx="{left + (i + 0.5) * step:.1f}" cy="{y_of(s):.1f}" r="3" fill="#1565c0">'
                    f"<title>{escape(tip)}</title></circle>")
    return _svg(width, height, title, body)
