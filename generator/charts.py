"""Small inline SVG bar charts, drawn at build time: no JavaScript, and an
accessible name (title) and description (desc) for screen readers. Pure."""
from __future__ import annotations

from html import escape

BAR = 14
GAP = 4
HEIGHT = 64
LABEL = 16


def month_range(first: str, last: str) -> list[str]:
    """'2025-11', '2026-02' → every month in between, both included."""
    year, month = (int(p) for p in first.split("-"))
    end = tuple(int(p) for p in last.split("-"))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def bar_chart(values: list[tuple[str, int]], title: str, desc: str, ident: str) -> str:
    """One bar per (label, count); labels show under the first and last bar."""
    top = max((count for _, count in values), default=0) or 1
    width = max(120, len(values) * (BAR + GAP) + GAP)
    height = HEIGHT + LABEL
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'aria-labelledby="{ident}-title {ident}-desc">',
             f'<title id="{ident}-title">{escape(title)}</title>',
             f'<desc id="{ident}-desc">{escape(desc)}</desc>']
    for position, (label, count) in enumerate(values):
        bar = round(count / top * (HEIGHT - 4)) if count else 0
        x = GAP + position * (BAR + GAP)
        parts.append(f'<rect class="bar" x="{x}" y="{HEIGHT - bar}" width="{BAR}" height="{bar}">'
                     f'<title>{escape(label)}: {count}</title></rect>')
    parts.append(f'<line class="axis" x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}"/>')
    if values:
        parts.append(f'<text class="tick" x="{GAP}" y="{height - 3}">{escape(values[0][0])}</text>')
        if len(values) > 4:
            parts.append(f'<text class="tick" x="{width - GAP}" y="{height - 3}" text-anchor="end">'
                         f'{escape(values[-1][0])}</text>')
    parts.append("</svg>")
    return "".join(parts)
