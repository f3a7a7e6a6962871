"""What every indicator function returns, so the dashboard, the exports and the API share one shape.

Values are in display units: m² per resident, or percent (0–100). A value is None when its
denominator is zero or the data are missing; the page then says so instead of showing 0.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

Number = int | float | Decimal


def percent(part, whole):
    """part / whole × 100 as a float, or None when there is nothing to divide by."""
    if not whole:
        return None
    return float(part) * 100 / float(whole)


def ratio(part, whole):
    if not whole:
        return None
    return float(part) / float(whole)


def meets(value, target):
    """The one rule for "target met": value ≥ target; None when either is missing."""
    if value is None or target is None:
        return None
    return float(value) >= float(target)


@dataclass
class Row:
    """One line of a breakdown table: a township, an age group, urban or rural, a version…"""

    key: str
    label: str
    value: float | None
    numerator: Number | None = None
    denominator: Number | None = None
    sample: int | None = None  # respondents or people tested behind a survey figure
    low: float | None = None  # 95 % confidence interval, survey figures only
    high: float | None = None
    note: str = ""  # e.g. "sample too small", "population of 2020 used"
    url: str = ""  # where the rows behind this line can be seen


@dataclass
class Breakdown:
    """A titled table beside the township table, with its own measure.

    `target` is set only when the rows measure what the plan's target measures (the pass rate
    by age group, say), never for a different measure (good or better, m² of indoor area, Sport
    England's "active"): rows are judged against it and against nothing else. The labels name
    what this table's numerator and denominator count; empty when the rows have none.
    """

    title: str
    rows: list[Row]
    target: float | None = None
    numerator_label: str = ""
    denominator_label: str = ""


@dataclass
class Gap:
    """One item behind a shortfall: a village without a ground, a school without hours."""

    label: str
    township: str
    detail: str
    url: str = ""


@dataclass
class Indicator:
    key: str  # stable id used in URLs and exports: "sports_area", "regular_exercise", …
    title: str
    unit: str  # "m²" or "%"
    year: int
    value: float | None
    target: float | None  # None when the plan sets none, or when `target_note` says why not
    target_text: str
    definition: str  # the official definition, in words
    source: str  # where the definition and target come from
    numerator_label: str = ""
    numerator: Number | None = None
    denominator_label: str = ""
    denominator: Number | None = None
    data_date: date | None = None  # newest date of the data the figure rests on
    baseline: float | None = None  # only when comparable with the value
    # Why the value is not judged against the plan's target (target and baseline are then None),
    # e.g. a pass rate graded under another version of the standard than the target's.
    target_note: str = ""
    # Survey figures: respondents or people tested behind the headline, and its 95 % CI.
    sample: int | None = None
    low: float | None = None
    high: float | None = None
    # Further figures beside the headline: with/without schools, CI, sample, 150-min band …
    extras: list[tuple[str, str]] = field(default_factory=list)
    # Judged against `target`, with the headline's numerator and denominator labels.
    by_township: list[Row] = field(default_factory=list)
    # Other tables ("Urban or rural", "Age group", …), each with its own target and labels.
    breakdowns: list[Breakdown] = field(default_factory=list)
    gaps_title: str = ""
    gaps: list[Gap] = field(default_factory=list)
    # (year, value) over TREND_YEARS; a second series (e.g. another standard version) goes in
    # `trend_series` as {label: [(year, value), …]}, never mixed into one line.
    trend: list[tuple[int, float | None]] = field(default_factory=list)
    trend_label: str = ""  # the main line's name in the chart, when not the title
    trend_series: dict[str, list[tuple[int, float | None]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    trace_public: bool = True  # False for survey microdata: staff only
    computed_at: datetime | None = None  # set when the figure is kept in the cache

    @property
    def meets_target(self):
        return meets(self.value, self.target)

    def breakdown(self, title):
        """The breakdown titled `title`; KeyError when there is none."""
        for table in self.breakdowns:
            if str(table.title) == str(title):
                return table
        raise KeyError(title)


@dataclass
class Trace:
    """The rows behind a figure, as the CSV a statistician downloads to check it."""

    headers: list[str]
    rows: Iterable[Sequence]  # any iterable of tuples; ideally a lazy queryset

    @classmethod
    def of(cls, queryset, columns):
        """A lazy trace of `queryset`: `columns` are (field or annotation, header) pairs."""
        return cls(
            headers=[header for _field, header in columns],
            rows=queryset.values_list(*(name for name, _header in columns)),
        )


def imported_on(imported, year):
    """The data date of survey rows: the day they were last imported, else the year's end."""
    from django.utils import timezone

    return timezone.localdate(imported) if imported else date(year, 12, 31)


def no_data_note(year, latest, *, nothing_yet, not_this_year):
    """Why a survey year has no figure: nothing imported at all, or only other years.

    `not_this_year` is a translated text with %(year)s and %(latest)s.
    """
    if latest is None:
        return nothing_yet
    return not_this_year % {"year": year, "latest": latest}


def below_target(rows, target):
    """The rows that miss `target` by the rule of `meets`, the lowest first."""
    return sorted((row for row in rows if meets(row.value, target) is False), key=_value)


def _value(row):
    return row.value


def reference_day(year, today=None):
    """The day a year's registry figures are counted on: 31 December, or today this year."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return min(date(year, 12, 31), today)


def wilson_interval(share, n, z=1.96):
    """95 % Wilson score interval of a share (0–1) from n (or an effective n), in 0–1.

    Wilson rather than the normal approximation: it stays inside [0, 1] and behaves for shares
    near 0 or 1 and for the small cells a township breakdown produces.
    """
    if not n or share is None:
        return None, None
    z2 = z * z
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = z * ((share * (1 - share) / n + z2 / (4 * n * n)) ** 0.5) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def survey_row(key, label, *, part, whole, sample, n_eff=None, min_sample, empty_note=""):
    """A breakdown line of a survey figure: percent, 95 % CI, sample; hidden if the cell is small.

    `part` and `whole` may be weighted sums; `n_eff` is then the effective sample size behind
    the interval (defaults to the unweighted `sample`). A small cell keeps its sample size so
    readers see why the figure is missing.
    """
    from django.utils.translation import gettext as _

    sample = sample or 0
    if not sample:
        return Row(key, label, None, sample=0, note=empty_note)
    if sample < min_sample:
        note = _("sample too small (%(n)d, fewer than %(min)d)") % {"n": sample, "min": min_sample}
        return Row(key, label, None, sample=sample, note=note)
    share = ratio(part or 0, whole)
    low, high = wilson_interval(share, n_eff if n_eff is not None else sample)
    return Row(
        key,
        label,
        None if share is None else share * 100,
        numerator=part or 0,
        denominator=whole,
        sample=sample,
        low=None if low is None else low * 100,
        high=None if high is None else high * 100,
    )


def rounded(value, places):
    """Half-up to `places` as a Decimal: number_format cuts a float off (1.2084 → "1.20")."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number_text(value, places=0):
    """A localised number rounded half-up to `places`, grouped by thousands."""
    from django.utils.formats import number_format

    return number_format(rounded(value, places), decimal_pos=places, force_grouping=True)
