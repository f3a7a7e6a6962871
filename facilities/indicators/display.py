"""What the indicator pages show: figures formatted, met or not in words, charts, capped lists.

The templates only lay this out; every number a page prints is formatted here, so the cards,
the sections and the home page agree on precision and on how a missing value reads.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from events import charts

from .base import Breakdown, Gap, Indicator, Row, meets, number_text

GAP_PREVIEW = 20  # items behind a shortfall listed on the dashboard; the indicator page has all


def decimals(unit):
    """m² per resident to the hundredth (2.5 is the target), percentages to the tenth."""
    return 2 if unit == "m²" else 1


def format_figure(value, unit):
    """The bare number, e.g. for a chart's point labels."""
    return number_text(value, decimals(unit))


def format_value(value, unit):
    if value is None:
        return _("no data")
    number = format_figure(value, unit)
    return f"{number}%" if unit == "%" else f"{number} {unit}"


def format_target(target, unit):
    """A target as the plan writes it: "≥ 2.5 m²", "≥ 42%", no trailing zeros."""
    if target is None:
        return ""
    value = float(target)
    number = number_format(int(value) if value.is_integer() else value, force_grouping=True)
    return f"≥ {number}%" if unit == "%" else f"≥ {number} {unit}"


def format_number(number):
    """A numerator or denominator: whole numbers grouped, fractions to two places."""
    if number is None:
        return "–"
    if isinstance(number, float | Decimal) and number != int(number):
        return number_text(number, 2)
    return number_format(int(number), force_grouping=True)


@dataclass
class Status:
    """Met or not, as a CSS hook, an icon and words: the words carry it, never the colour."""

    code: str
    icon: str
    text: str


def _verdict(met, has_value, not_comparable=""):
    if not has_value:
        return Status("no-data", "?", _("No data"))
    if not_comparable:
        return Status("not-comparable", "≠", not_comparable)
    if met is None:
        return Status("no-target", "•", _("No target set"))
    if met:
        return Status("met", "✓", _("Target met"))
    return Status("not-met", "✗", _("Below target"))


def status(value, target):
    """A table row's verdict, by the one rule of `base.meets`."""
    return _verdict(meets(value, target), value is not None)


def headline_status(indicator):
    """The headline's verdict (`Indicator.meets_target`), or in words why there is none."""
    return _verdict(indicator.meets_target, indicator.value is not None, indicator.target_note)


@dataclass
class RowView:
    row: Row
    value: str
    numerator: str
    denominator: str
    interval: str
    status: Status


def _row_view(row, unit, target):
    interval = ""
    if row.low is not None and row.high is not None:
        interval = f"{format_value(row.low, unit)} – {format_value(row.high, unit)}"
    return RowView(
        row=row,
        value=format_value(row.value, unit),
        numerator=format_number(row.numerator),
        denominator=format_number(row.denominator),
        interval=interval,
        status=status(row.value, target),
    )


@dataclass
class Table:
    """A Breakdown (or the township table) laid out: its own labels, its own target or none."""

    anchor: str  # the id its heading and caption hang on
    title: str
    rows: list
    has_sample: bool
    has_interval: bool
    target: str = ""  # formatted; empty when the rows are judged against nothing
    numerator_label: str = ""
    denominator_label: str = ""

    @property
    def has_status(self):
        return bool(self.target)


def _table(anchor, breakdown, unit):
    rows = breakdown.rows
    return Table(
        anchor=anchor,
        title=breakdown.title,
        rows=[_row_view(row, unit, breakdown.target) for row in rows],
        has_sample=any(row.sample is not None for row in rows),
        has_interval=any(row.low is not None for row in rows),
        target=format_target(breakdown.target, unit),
        numerator_label=breakdown.numerator_label,
        denominator_label=breakdown.denominator_label,
    )


def township_breakdown(indicator):
    """The township table: the headline's measure, so its target and its labels."""
    return Breakdown(
        _("By township"),
        indicator.by_township,
        indicator.target,
        indicator.numerator_label,
        indicator.denominator_label,
    )


@dataclass
class Trend:
    """The trend's series (one per physique standard version, never mixed) and their chart."""

    years: list
    labels: list
    rows: list  # (year, [text per series])
    chart: charts.Chart | None


def _trend(indicator):
    series = dict(indicator.trend_series)
    if any(value is not None for _year, value in indicator.trend):
        series = {indicator.trend_label or indicator.title: indicator.trend, **series}
    years = sorted({year for points in series.values() for year, _value in points})
    if not years:
        return Trend([], [], [], None)
    columns = []
    for points in series.values():
        by_year = dict(points)
        columns.append([by_year.get(year) for year in years])
    rows = [
        (year, [format_value(column[i], indicator.unit) for column in columns])
        for i, year in enumerate(years)
    ]
    has_values = any(v is not None for column in columns for v in column)
    chart = None
    if has_values:
        chart = charts.line_chart(
            [str(year) for year in years],
            [
                {
                    "label": label,
                    "css": f"series-{index}",
                    "values": column,
                    "texts": [
                        "" if v is None else format_figure(v, indicator.unit) for v in column
                    ],
                }
                for index, (label, column) in enumerate(zip(series, columns, strict=True))
            ],
            target=indicator.target,
            target_text=format_target(indicator.target, indicator.unit),
        )
    return Trend(years, list(series), rows, chart)


@dataclass
class Section:
    """One indicator as a page section (the dashboard's, the indicator page's, a card's)."""

    indicator: Indicator
    value: str
    target: str
    baseline: str
    status: Status
    numerator: str
    denominator: str
    trend: Trend | None = None
    townships: Table | None = None
    breakdowns: list = field(default_factory=list)  # Table per breakdown
    gaps: list[Gap] = field(default_factory=list)
    gap_count: int = 0
    rows_allowed: bool = False  # may this user download the trace rows?

    @property
    def key(self):
        return self.indicator.key

    @property
    def gaps_capped(self):
        return len(self.gaps) < self.gap_count


def card(indicator):
    """The headline only: value, target and whether it is met (the cards, the home page)."""
    return Section(
        indicator=indicator,
        value=format_value(indicator.value, indicator.unit),
        target=format_target(indicator.target, indicator.unit),
        baseline=format_value(indicator.baseline, indicator.unit)
        if indicator.baseline is not None
        else "",
        status=headline_status(indicator),
        numerator=format_number(indicator.numerator),
        denominator=format_number(indicator.denominator),
    )


def section(indicator, gap_limit=None):
    """The whole figure; `gap_limit` caps the list behind a shortfall (None: list them all)."""
    result = card(indicator)
    result.trend = _trend(indicator)
    key = indicator.key
    result.townships = _table(f"{key}-townships", township_breakdown(indicator), indicator.unit)
    result.breakdowns = [
        _table(f"{key}-breakdown-{index}", breakdown, indicator.unit)
        for index, breakdown in enumerate(indicator.breakdowns, start=1)
    ]
    result.gap_count = len(indicator.gaps)
    result.gaps = indicator.gaps[:gap_limit] if gap_limit is not None else indicator.gaps
    return result
