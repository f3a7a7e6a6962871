"""Geometry of the tracker's charts, drawn as inline SVG by the templates (no JavaScript).

Every chart states its numbers as text too (on the bars and in a data table beside it), and
series differ by pattern as well as colour, so colour is never the only signal.
"""

import math
from dataclasses import dataclass, field


@dataclass
class Bar:
    label: str
    value: int
    text: str
    x: float
    y: float
    width: float
    height: float
    css: str = ""
    target_x: float | None = None
    label_x: float = 0
    label_y: float = 0
    text_x: float = 0
    text_y: float = 0


@dataclass
class Chart:
    width: int
    height: int
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # (position, label)
    groups: list = field(default_factory=list)  # (x, label) under grouped columns
    axis: tuple = (0, 0, 0, 0)  # x1, y1, x2, y2


def _nice_max(value):
    if value <= 5:
        return 5
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _tick_values(top):
    step = max(1, top // 5)
    return list(range(0, top + 1, step))


def horizontal_bars(items, *, width=640, label_width=210, bar_height=26, gap=16, top=None):
    """Bars from the left for items of {label, value, text, css, target (optional)}."""
    values = [item["value"] for item in items] + [item.get("target") or 0 for item in items]
    top = top or _nice_max(max([*values, 1]))
    plot_left, plot_right = label_width, width - 90
    scale = (plot_right - plot_left) / top
    chart = Chart(width=width, height=gap + len(items) * (bar_height + gap) + 24)
    for index, item in enumerate(items):
        y = gap + index * (bar_height + gap)
        bar_width = item["value"] * scale
        target = item.get("target")
        chart.bars.append(
            Bar(
                label=item["label"],
                value=item["value"],
                text=item["text"],
                x=plot_left,
                y=y,
                width=round(bar_width, 1),
                height=bar_height,
                css=item.get("css", ""),
                target_x=round(plot_left + target * scale, 1) if target else None,
                label_x=plot_left - 8,
                label_y=y + bar_height * 0.68,
                text_x=round(plot_left + max(bar_width, target * scale if target else 0) + 8, 1),
                text_y=y + bar_height * 0.68,
            )
        )
    axis_y = chart.height - 20
    chart.axis = (plot_left, gap / 2, plot_left, axis_y)
    chart.ticks = [(round(plot_left + value * scale, 1), value) for value in _tick_values(top)]
    return chart


def grouped_columns(groups, series, *, width=640, height=260, top=None):
    """Columns grouped by `groups` (labels); `series` is [{label, css, values: [..]}]."""
    values = [value for entry in series for value in entry["values"]]
    top = top or _nice_max(max(values + [1]))
    left, right, top_margin, bottom = 40, width - 10, 16, height - 36
    scale = (bottom - top_margin) / top
    group_width = (right - left) / max(len(groups), 1)
    column_width = min(28, (group_width - 16) / max(len(series), 1))
    chart = Chart(width=width, height=height, axis=(left, bottom, right, bottom))
    for g, label in enumerate(groups):
        x0 = left + g * group_width + (group_width - column_width * len(series)) / 2
        chart.groups.append((round(left + (g + 0.5) * group_width, 1), label))
        for s, entry in enumerate(series):
            value = entry["values"][g]
            bar_height = value * scale
            x = x0 + s * column_width
            chart.bars.append(
                Bar(
                    label=f"{label} {entry['label']}",
                    value=value,
                    text=str(value),
                    x=round(x, 1),
                    y=round(bottom - bar_height, 1),
                    width=round(column_width - 3, 1),
                    height=round(bar_height, 1),
                    css=entry.get("css", ""),
                    text_x=round(x + (column_width - 3) / 2, 1),
                    text_y=round(bottom - bar_height - 4, 1),
                )
            )
    chart.ticks = [(round(bottom - value * scale, 1), value) for value in _tick_values(top)]
    return chart
