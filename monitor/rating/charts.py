"""SVG charts of a rating, for the web page and the printable HTML (no JavaScript).

Every label goes through markupsafe.escape: names come from crawled text.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from monitor.rating.compute import Row
from monitor.rating.stories import Series

FONT = "font-family=\"'DejaVu Sans','Noto Sans',Arial,sans-serif\" font-size=\"12\""
LINE_COLORS = ("#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#ad1457")


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-label="{escape(title)}" class="chart" {FONT}><title>{escape(title)}</title>')
    return Markup(head + "".join(body) + "</svg>")


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def tone_by_region_svg(rows: list[Row], title: str = "Индекс тональности по регионам") -> Markup:
    """One bar per region from the zero line, -1..1, with the number of mentions beside it."""
    rows = [r for r in rows if r.current.mentions]
    row_h, label_w, width = 24, 230, 720
    if not rows:
        return _svg(width, 40, title, ['<text x="10" y="25">Нет данных за период</text>'])
    half = (width - label_w - 90) / 2
    zero = label_w + half
    body = [f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="0" y2="{len(rows) * row_h + 4}" stroke="#999"/>']
    for n, row in enumerate(sorted(rows, key=lambda r: (-(r.current.tone_index or 0), r.name))):
        y, index = n * row_h + 4, row.current.tone_index or 0.0
        w = abs(index) * half
        x = zero if index >= 0 else zero - w
        color = "#2e7d32" if index > 0 else "#c62828" if index < 0 else "#90a4ae"
        tip = f"{row.name}: индекс {index:+.2f} при {row.current.mentions} упоминаниях"
        body.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(_cut(row.name, 32))}</text>')
        body.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" height="16" fill="{color}">'
                    f"<title>{escape(tip)}</title></rect>")
        body.append(f'<text x="{width - 84}" y="{y + 15}">{index:+.2f} ({row.current.mentions})</text>')
    return _svg(width, len(rows) * row_h + 8, title, body)


def timeline_svg(series: Series, names: dict[str, str], title: str = "Упоминания по времени") -> Markup:
    """A line per person over the period's days (weeks, months), with a legend on top."""
    width, height, left, top, bottom = 1000, 260, 40, 44, 30
    if not series.labels or not any(any(c) for c in series.counts.values()):
        return _svg(width, 60, title, ['<text x="10" y="35">Нет данных за период</text>'])
    peak = max(max(c) for c in series.counts.values()) or 1
    plot_w, plot_h = width - left - 10, height - top - bottom
    step = plot_w / len(series.labels)
    body, x = [], left
    for n, key in enumerate(series.counts):
        color, name = LINE_COLORS[n % len(LINE_COLORS)], _cut(names.get(key, key), 24)
        body.append(f'<rect x="{x}" y="{8 + 20 * (n // 4)}" width="12" height="4" fill="{color}"/>'
                    f'<text x="{x + 16}" y="{14 + 20 * (n // 4)}">{escape(name)}</text>')
        x = left if n % 4 == 3 else x + 230
    for frac in (0, 0.5, 1):
        y = top + plot_h - frac * plot_h
        body.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                    f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{round(peak * frac)}</text>')
    for n, (key, counts) in enumerate(series.counts.items()):
        color = LINE_COLORS[n % len(LINE_COLORS)]
        points = " ".join(f"{left + (i + 0.5) * step:.1f},{top + plot_h - c / peak * plot_h:.1f}"
                          for i, c in enumerate(counts))
        body.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2">'
                    f"<title>{escape(names.get(key, key))}</title></polyline>")
    every = max(1, round(len(series.labels) / 16))
    for i, label in enumerate(series.labels):
        if i % every == 0:
            body.append(f'<text x="{left + (i + 0.5) * step:.1f}" y="{height - 10}" text-anchor="middle">'
                        f"{escape(label)}</text>")
    return _svg(width, height, title, body)
