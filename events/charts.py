"""Geometry of the portal's charts, drawn as inline SVG by the templates (no JavaScript).

Used by the events plan tracker (bars, columns) and the indicator dashboard (lines). Every chart
states its numbers as text too (on the bars or points and in a data table beside it), and series
differ by pattern or marker shape as well as colour, so colour is never the only signal.
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
    lines: list = field(default_factory=list)  # Line per series of a line chart
    target_y: float | None = None  # a horizontal target line across the plot
    target_text: str = ""


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


@dataclass
class Point:
    x: float
    y: float
    text: str
    text_y: float
    marker: str  # SVG path data: each series has its own shape


@dataclass
class Line:
    label: str
    css: str
    path: str  # SVG path data, broken where a value is missing
    legend: str  # the series' marker for a 24×12 legend swatch
    points: list = field(default_factory=list)


MARKERS = ("circle", "square", "triangle", "diamond")


def _marker(shape, x, y, r=5.5):
    """SVG path data of a marker centred on (x, y)."""
    if shape == "square":
        return f"M{x - r:.1f} {y - r:.1f}h{2 * r}v{2 * r}h{-2 * r}Z"
    if shape == "triangle":
        return f"M{x:.1f} {y - r * 1.2:.1f}l{r} {r * 2.2:.1f}h{-2 * r}Z"
    if shape == "diamond":
        h = round(r * 1.3, 1)
        return f"M{x:.1f} {y - h:.1f}l{r} {h}l{-r} {h}l{-r} {-h}Z"
    return f"M{x - r:.1f} {y:.1f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0Z"


def _highest(series, group):
    """Index of the series with the highest value in `group`, or None if none has one."""
    present = [
        (float(entry["values"][group]), index)
        for index, entry in enumerate(series)
        if entry["values"][group] is not None
    ]
    return max(present)[1] if present else None


def _label_y(y, highest, target_y, bottom):
    """Baseline of a point's number: above the highest point of its group, below the others,
    and off the target line (a number struck through by the dashes is hard to read)."""
    above, below = y - 10, y + 20
    text_y = above if highest else below
    if target_y is not None and text_y - 14 <= target_y <= text_y + 4:
        text_y = below if text_y == above else above
    return above if text_y > bottom - 4 else text_y  # never into the year labels


def line_chart(groups, series, *, target=None, target_text="", width=480, height=240, top=None):
    """Lines over `groups` (x labels, e.g. years); `series` is [{label, css, values, texts}].

    A value of None leaves a gap in its line. Each series gets its own marker shape (and the
    template its own dash pattern). In each group the highest point's number sits above it and
    the others' below theirs, so two close lines keep their numbers apart.
    """
    values = [v for entry in series for v in entry["values"] if v is not None]
    top = top or _nice_max(max([*values, float(target or 0), 1]))
    left, right, top_margin, bottom = 44, width - 84, 22, height - 30
    scale = (bottom - top_margin) / top
    step = (right - left) / max(len(groups), 1)
    chart = Chart(width=width, height=height, axis=(left, bottom, right, bottom))
    chart.groups = [(round(left + (i + 0.5) * step, 1), label) for i, label in enumerate(groups)]
    chart.ticks = [(round(bottom - value * scale, 1), value) for value in _tick_values(top)]
    if target is not None:
        chart.target_y = round(bottom - float(target) * scale, 1)
        chart.target_text = target_text
    highest = [_highest(series, g) for g in range(len(groups))]
    for index, entry in enumerate(series):
        shape = MARKERS[index % len(MARKERS)]
        css = entry.get("css", f"series-{index}")
        line = Line(label=entry["label"], css=css, path="", legend=_marker(shape, 12, 6, r=4.5))
        pen_down = False
        for g, ((x, _label), value, text) in enumerate(
            zip(chart.groups, entry["values"], entry["texts"], strict=True)
        ):
            if value is None:
                pen_down = False
                continue
            y = round(bottom - float(value) * scale, 1)
            line.path += f"{'L' if pen_down else 'M'}{x} {y}"
            pen_down = True
            text_y = _label_y(y, highest[g] == index, chart.target_y, bottom)
            line.points.append(Point(x, y, text, round(text_y, 1), _marker(shape, x, y)))
        chart.lines.append(line)
    return chart
