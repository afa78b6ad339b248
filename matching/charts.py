"""Bar charts drawn on the server as SVG: they need no JavaScript and no internet."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Bar:
    label: str
    value: int | None  # None: a hidden count (drawn as no bar, titled as hidden)
    x: float
    y: float
    width: float
    height: float
    label_x: float


@dataclass
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    max_value: int
    baseline: float
    gridlines: list[tuple[float, int]]


def bar_chart(
    items: list[tuple[str, int | None]], *, width: int = 640, height: int = 240
) -> BarChart:
    """Vertical bars for ``(label, value)`` pairs, with a few labelled gridlines; a value of
    ``None`` (a hidden small count) gets no bar."""
    top, bottom, left, right = 16, 32, 36, 8
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v or 0 for _, v in items] + [1])
    step = max(1, -(-peak // 4))
    scale_max = step * 4
    slot = plot_w / max(len(items), 1)
    bars = []
    for i, (label, value) in enumerate(items):
        h = plot_h * (value or 0) / scale_max
        x = left + i * slot + slot * 0.15
        bars.append(
            Bar(
                label,
                value,
                round(x, 1),
                round(top + plot_h - h, 1),
                round(slot * 0.7, 1),
                round(h, 1),
                round(left + i * slot + slot / 2, 1),
            )
        )
    grid = [(round(top + plot_h - plot_h * k / 4, 1), step * k) for k in range(5)]
    return BarChart(width, height, bars, scale_max, top + plot_h, grid)
