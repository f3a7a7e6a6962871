"""The plan's indicators in the order the dashboard, the exports and the home page show them.

Years: the dashboard offers the baseline year, the plan years and every year since, up to the
current one. It opens on the last complete calendar year (2025 while it is 2026): survey rounds
and year-end registry counts (31 December) belong to a finished year, while the current year is
a running count up to today and is offered, but not shown first.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ..querysets import user_manages_all
from . import area, circle, coverage, exercise, physique, schools, targets, utilisation
from .base import Indicator, Trace


@dataclass(frozen=True)
class Entry:
    key: str
    compute: Callable[[int], Indicator]
    trace: Callable[[int], Trace]  # the rows behind the figure


INDICATORS = (
    Entry("sports_area", area.sports_area, area.sports_area_trace),
    Entry("regular_exercise", exercise.regular_exercise, exercise.regular_exercise_trace),
    Entry("physique_pass", physique.physique_pass, physique.physique_pass_trace),
    Entry("fitness_circle", circle.fitness_circle, circle.fitness_circle_trace),
    Entry("village_coverage", coverage.village_coverage, coverage.village_coverage_trace),
    Entry("school_opening", schools.school_opening, schools.school_opening_trace),
    Entry("township_fitness", coverage.township_fitness, coverage.township_fitness_trace),
    Entry("large_schools", coverage.large_schools, coverage.large_schools_trace),
    Entry(
        "booking_utilisation",
        utilisation.booking_utilisation,
        utilisation.booking_utilisation_trace,
    ),
)
BY_KEY = {entry.key: entry for entry in INDICATORS}
# The home page's cards: few, so the home page stays cheap to compute.
HEADLINE_KEYS = ("sports_area", "regular_exercise", "physique_pass", "school_opening")


def get(key):
    """The registry entry for `key`, or None for a key the dashboard does not know."""
    return BY_KEY.get(key)


def may_download_rows(user, indicator):
    """Trace rows are public unless they are survey microdata, which only bureau staff see."""
    return indicator.trace_public or user_manages_all(user)


DATA_VERSION_KEY = "indicators:data-version"


def data_version():
    return cache.get_or_set(DATA_VERSION_KEY, 0, None)


def data_changed():
    """After an import: the next request recomputes every figure instead of using the cache."""
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:  # not in the cache (yet, or any more)
        cache.set(DATA_VERSION_KEY, 1, None)


def compute(entry, year):
    """The entry's figure for `year`; kept PORTAL_INDICATOR_CACHE_SECONDS, per language.

    A province-sized registry takes seconds per figure (bench/indicators.py), too long to
    recompute on every visit of the home page; imports clear the cache through data_changed().
    """
    seconds = settings.PORTAL_INDICATOR_CACHE_SECONDS
    if not seconds:
        return entry.compute(year)
    key = f"indicators:{data_version()}:{get_language()}:{year}:{entry.key}"
    indicator = cache.get(key)
    if indicator is None:
        indicator = entry.compute(year)
        indicator.computed_at = timezone.now()
        cache.set(key, indicator, seconds)
    return indicator


def compute_all(year):
    return [compute(entry, year) for entry in INDICATORS]


def compute_headline(year):
    return [compute(BY_KEY[key], year) for key in HEADLINE_KEYS]


def offered_years(today=None):
    today = today or timezone.localdate()
    last = max(targets.PLAN_YEARS[-1], today.year)
    return list(range(targets.TREND_YEARS[0], last + 1))


def default_year(today=None):
    """The last complete calendar year, kept inside the years offered."""
    years = offered_years(today)
    today = today or timezone.localdate()
    return min(max(today.year - 1, years[0]), years[-1])


class YearForm(forms.Form):
    """`?year=`: one of the years offered; anything else is a form error (HTTP 400)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, data, years):
        super().__init__(data)
        field = self.fields["year"]
        field.choices = [(year, str(year)) for year in years]
        field.error_messages["invalid_choice"] = gettext(
            "Choose a year from %(first)s to %(last)s."
        ) % {"first": years[0], "last": years[-1]}


def parse_year(query, today=None):
    """(year, form) from a request's GET; year is None when `?year=` is not a year offered.

    Without `?year=` the form is bound to the default year, so its select shows that year.
    """
    form = YearForm({"year": query.get("year") or default_year(today)}, offered_years(today))
    return (form.cleaned_data["year"] if form.is_valid() else None), form
