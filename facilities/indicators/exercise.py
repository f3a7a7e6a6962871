"""Share of people who exercise regularly (经常参加体育锻炼人数比例), from the weighted survey.

Regular: aged 7+, at least 3 sessions a week of at least 30 minutes at moderate intensity or
more; walking after meals and commuting do not count. Beside it, Sport England's "active" band
(≥ 150 moderate-equivalent minutes a week) for comparison. Every sum runs in the database; a
95 % Wilson interval on the Kish effective sample size goes with every cell, and cells with
fewer respondents than PORTAL_INDICATOR_MIN_SAMPLE show their sample size but no figure.
"""

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Township
from ..surveys.models import ExerciseResponse, Intensity
from . import targets
from .base import (
    Breakdown,
    Gap,
    Indicator,
    Trace,
    below_target,
    imported_on,
    no_data_note,
    number_text,
    survey_row,
)

MIN_AGE = 7
ACTIVE_MINUTES = 150

ELIGIBLE = Q(age__gte=MIN_AGE)
REGULAR = ELIGIBLE & Q(
    sessions_per_week__gte=3,
    minutes_per_session__gte=30,
    intensity__in=(Intensity.MODERATE, Intensity.VIGOROUS),
    commuting_or_after_meal_walk=False,
)
# Cast first: PostgreSQL multiplies two smallints as a smallint, which 28 × 600 × 2 overflows.
MODERATE_EQUIVALENT_MINUTES = (
    Cast("sessions_per_week", IntegerField())
    * Cast("minutes_per_session", IntegerField())
    * Case(
        When(intensity=Intensity.VIGOROUS, then=Value(2)),
        When(intensity=Intensity.MODERATE, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
)
# Sport England counts walking and cycling for travel, so commuting is not excluded here.
ACTIVE = ELIGIBLE & Q(GreaterThanOrEqual(MODERATE_EQUIVALENT_MINUTES, ACTIVE_MINUTES))

AGE_GROUPS = (
    ("7-19", gettext_lazy("7–19"), 20),
    ("20-39", gettext_lazy("20–39"), 40),
    ("40-59", gettext_lazy("40–59"), 60),
    ("60+", gettext_lazy("60 and over"), None),
)
AGE_GROUP = Case(
    *(When(age__lt=upper, then=Value(key)) for key, _label, upper in AGE_GROUPS if upper),
    default=Value(AGE_GROUPS[-1][0]),
    output_field=CharField(),
)


def _sums():
    weight = F("weight")
    return {
        "n": Count("pk", filter=ELIGIBLE),
        "w": Sum(weight, filter=ELIGIBLE, output_field=FloatField()),
        "w2": Sum(weight * weight, filter=ELIGIBLE, output_field=FloatField()),
        "regular": Sum(weight, filter=REGULAR, output_field=FloatField()),
        "active": Sum(weight, filter=ACTIVE, output_field=FloatField()),
    }


def effective_sample_size(sum_w, sum_w2):
    """Kish's n_eff = (Σw)² / Σw²: unequal weights carry less information than n equal ones."""
    if not sum_w2:
        return None
    return sum_w * sum_w / sum_w2


def _row(key, label, sums, measure="regular", empty_note=""):
    sums = sums or {}
    return survey_row(
        key,
        str(label),
        part=sums.get(measure),
        whole=sums.get("w"),
        sample=sums.get("n"),
        n_eff=effective_sample_size(sums.get("w"), sums.get("w2")),
        min_sample=settings.PORTAL_INDICATOR_MIN_SAMPLE,
        empty_note=empty_note,
    )


def _grouped(queryset, field):
    rows = queryset.filter(ELIGIBLE).values(field).order_by().annotate(**_sums())
    return {row[field]: row for row in rows}


def _percent(value):
    return _("%(value)s %%") % {"value": number_text(value, 1)}


def _interval(row):
    if row.low is None:
        return "–"
    return _("%(low)s–%(high)s %%") % {
        "low": number_text(row.low, 1),
        "high": number_text(row.high, 1),
    }


def _with_interval(row):
    if row.value is None:
        return row.note or "–"
    return _("%(value)s (95 %% CI %(interval)s)") % {
        "value": _percent(row.value),
        "interval": _interval(row),
    }


def regular_exercise(year):
    """The weighted regular-exercise rate of `year`'s survey, with its breakdowns and trend."""
    by_year = {
        row["survey_year"]: row
        for row in ExerciseResponse.objects.values("survey_year")
        .order_by()
        .annotate(
            **_sums(),
            excluded=Count("pk", filter=~ELIGIBLE),
            imported=Max("import_run__imported_at"),
        )
    }
    sums = by_year.get(year)
    no_data = _("no respondents in %(year)s") % {"year": year}
    headline = _row("county", _("County"), sums, empty_note=no_data)
    active = _row("active", _("Sport England 'active'"), sums, "active", empty_note=no_data)

    responses = ExerciseResponse.objects.filter(survey_year=year)
    by_township = _grouped(responses, "township")
    by_area = _grouped(responses, "is_urban")
    by_age = _grouped(responses.annotate(age_group=AGE_GROUP), "age_group")
    township_rows = [
        _row(code, name, by_township.get(pk), empty_note=_("no respondents"))
        for pk, code, name in Township.objects.order_by("code").values_list("pk", "code", "name")
    ]
    target = targets.REGULAR_EXERCISE_PERCENT
    numerator_label = _("Weighted respondents who exercise regularly")
    denominator_label = _("Weighted respondents aged 7 and over")

    def same_measure(title, rows):
        """A table of the headline's own measure: judged against its target, with its labels."""
        return Breakdown(title, rows, target, numerator_label, denominator_label)

    notes = [
        _(
            "Weighted by the survey weights. 95 %% confidence intervals are Wilson intervals on "
            "the Kish effective sample size (Σw)²/Σw²; they ignore the survey's strata and "
            "clusters, so they are approximate. Cells with fewer than %(min)d respondents show "
            "no figure."
        )
        % {"min": settings.PORTAL_INDICATOR_MIN_SAMPLE},
        _(
            "Age groups 7–19, 20–39, 40–59 and 60 and over: the national survey's split into "
            "children and adolescents, adults and the elderly, with adults in two halves."
        ),
        _(
            "Sport England's 'active' band: at least 150 moderate-equivalent minutes a week, "
            "vigorous minutes counting double and light activity not at all. Walking or cycling "
            "to get about and after-meal walks count there, as Active Lives counts walking and "
            "cycling for travel. Sport England measures adults (16+) this way; it is applied here "
            "to the same respondents aged 7 and over, for comparison only."
        ),
    ]
    if sums is None:
        latest = max(by_year, default=None)
        notes.insert(
            0,
            no_data_note(
                year,
                latest,
                nothing_yet=_("No exercise survey data have been imported yet."),
                not_this_year=_(
                    "No survey data for %(year)s; the latest year with data is %(latest)s."
                ),
            ),
        )
        sums = {}
    elif headline.note:
        notes.insert(0, headline.note)
    n_eff = effective_sample_size(sums.get("w"), sums.get("w2"))

    return Indicator(
        key="regular_exercise",
        title=_("People who exercise regularly"),
        unit="%",
        year=year,
        value=headline.value,
        target=target,
        target_text=_("At least %(target)d %% of people exercise regularly by 2025")
        % {"target": target},
        definition=_(
            "Share of residents aged 7 and over who take part in physical exercise at least 3 "
            "times a week, at least 30 minutes each time, at moderate intensity or more "
            "(经常参加体育锻炼); walking after meals and commuting on foot or by bike do not "
            "count. Weighted survey estimate."
        ),
        source=_(
            "Huize County education and sports plan 2021–2025, chapter 2 §3(5) and chapter 3 §9; "
            "definition of the national fitness activity survey (全民健身活动状况调查)."
        ),
        numerator_label=numerator_label,
        numerator=headline.numerator,
        denominator_label=denominator_label,
        denominator=headline.denominator,
        data_date=imported_on(sums["imported"], year) if sums else None,
        sample=headline.sample,
        low=headline.low,
        high=headline.high,
        extras=[
            (_("Respondents aged 7 and over"), number_text(sums.get("n") or 0)),
            (_("%(level)d %% confidence interval") % {"level": 95}, _interval(headline)),
            (
                _("Effective sample size (Kish)"),
                number_text(n_eff, 0) if n_eff else "–",
            ),
            (_("Sport England 'active' (150+ minutes a week)"), _with_interval(active)),
            (_("Under 7, not counted"), number_text(sums.get("excluded") or 0)),
        ],
        by_township=township_rows,
        breakdowns=[
            same_measure(
                _("Urban or rural"),
                [
                    _row("urban", _("Urban"), by_area.get(True)),
                    _row("rural", _("Rural"), by_area.get(False)),
                ],
            ),
            same_measure(
                _("Age group"),
                [_row(key, label, by_age.get(key)) for key, label, _u in AGE_GROUPS],
            ),
            # Another definition: the plan's 42 % does not apply to it.
            Breakdown(
                _("Sport England 'active'"),
                [active],
                numerator_label=_("Weighted respondents active 150+ minutes a week"),
                denominator_label=denominator_label,
            ),
        ],
        gaps_title=_("Townships below %(target)d %%") % {"target": target},
        gaps=[
            Gap(r.label, r.label, _with_interval(r)) for r in below_target(township_rows, target)
        ],
        trend=[(y, _row(str(y), str(y), by_year.get(y)).value) for y in targets.TREND_YEARS],
        trend_series={
            _("Sport England 'active'"): [
                (y, _row(str(y), str(y), by_year.get(y), "active").value)
                for y in targets.TREND_YEARS
            ]
        },
        notes=notes,
        trace_public=False,
    )


def regular_exercise_trace(year):
    """Every respondent of `year`, with what decides whether and how they count."""
    responses = (
        ExerciseResponse.objects.filter(survey_year=year)
        .annotate(
            excluded=ExpressionWrapper(~ELIGIBLE, output_field=BooleanField()),
            regular=ExpressionWrapper(REGULAR, output_field=BooleanField()),
            minutes=MODERATE_EQUIVALENT_MINUTES,
            active=ExpressionWrapper(ACTIVE, output_field=BooleanField()),
        )
        .order_by("respondent_code")
    )
    return Trace.of(
        responses,
        [
            ("respondent_code", _("respondent code")),
            ("township__name", _("township")),
            ("is_urban", _("urban")),
            ("age", _("age")),
            ("weight", _("weight")),
            ("sessions_per_week", _("sessions per week")),
            ("minutes_per_session", _("minutes per session")),
            ("intensity", _("intensity")),
            ("commuting_or_after_meal_walk", _("commuting or after-meal walking")),
            ("excluded", _("excluded (under 7)")),
            ("regular", _("exercises regularly")),
            ("minutes", _("moderate-equivalent minutes a week")),
            ("active", _("active (Sport England)")),
        ],
    )
