"""Line charts of stepped metrics as standalone SVG text: no plotting library needed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

__all__ = ["line_chart"]

_WIDTH, _HEIGHT = 480, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 28, 32
# Two series only (base, candidate); colours readable on light and dark pages.
_SERIES = (("base", "#1f77b4"), ("candidate", "#ff7f0e"))


def line_chart(title: str, series: Sequence[Sequence[tuple[int, float]]]) -> str:
    """An SVG chart of ``series`` (base, candidate: ``(step, value)`` points) titled ``title``."""
    points = [(s, v) for line in series for s, v in line if math.isfinite(v)]
    steps = [s for s, _ in points] or [0, 1]
    values = [v for _, v in points] or [0.0, 1.0]
    x0, x1 = min(steps), max(steps)
    y0, y1 = min(values), max(values)
    if x0 == x1:
        x1 = x0 + 1
    if y0 == y1:
        y0, y1 = y0 - 0.5, y1 + 0.5
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM

    def x(step: float) -> float:
        return _LEFT + (step - x0) / (x1 - x0) * plot_w

    def y(value: float) -> float:
        return _TOP + (1 - (value - y0) / (y1 - y0)) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{escape(title)}">',
        f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="white"/>',
        f'<text x="{_LEFT}" y="18" font-family="sans-serif" font-size="13">{escape(title)}</text>',
        f'<line x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{_LEFT + plot_w}" y2="{_TOP + plot_h}" '
        'stroke="#888"/>',
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_TOP + plot_h}" stroke="#888"/>',
    ]
    for value in (y0, y1):
        parts.append(
            f'<text x="{_LEFT - 4}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'font-family="sans-serif" font-size="10">{value:.4g}</text>'
        )
    for step in (x0, x1):
        parts.append(
            f'<text x="{x(step):.1f}" y="{_HEIGHT - 14}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="10">{step}</text>'
        )
    for (label, colour), line in zip(_SERIES, series, strict=False):
        finite = [(s, v) for s, v in line if math.isfinite(v)]
        if finite:
            path = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in finite)
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>'
            )
        index = _SERIES.index((label, colour))
        legend_x = _LEFT + plot_w - 150 + index * 80
        parts.append(
            f'<rect x="{legend_x}" y="8" width="10" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="17" font-family="sans-serif" font-size="11">'
            f"{label}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
