"""Regular exercise: weights, exclusions, intervals and small cells, worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from facilities.imports.models import ImportRun
from facilities.indicators.base import wilson_interval
from facilities.indicators.exercise import (
    effective_sample_size,
    regular_exercise,
    regular_exercise_trace,
)
from facilities.indicators.targets import TREND_YEARS
from facilities.surveys.models import ExerciseResponse

from ..conftest import make_township

pytestmark = pytest.mark.django_db


@pytest.fixture
def min_sample(settings):
    settings.PORTAL_INDICATOR_MIN_SAMPLE = 1
    return settings


def respond(township, code, age, weight, sessions, minutes, intensity, *, year=2023, **kwargs):
    kwargs.setdefault("is_urban", township.is_urban)
    return ExerciseResponse(
        survey_year=year,
        respondent_code=code,
        township=township,
        age=age,
        weight=Decimal(weight),
        sessions_per_week=sessions,
        minutes_per_session=minutes,
        intensity=intensity,
        **kwargs,
    )


@pytest.fixture
def towns():
    return (
        make_township("金钟街道", "530326001000", is_urban=True),
        make_township("大海乡", "530326201000", kind="township"),
        make_township("老厂乡", "530326202000", kind="township"),
    )


@pytest.fixture
def survey(towns):
    """Eligible weight 11, regular weight 5 (r1, r7, r8), Sport England active 4 (r5, r7, r8)."""
    urban, rural, _ = towns
    ExerciseResponse.objects.bulk_create(
        [
            respond(urban, "r1", 30, "2", 3, 30, "moderate"),  # exactly 3 × 30 moderate: yes
            respond(urban, "r2", 45, "1", 2, 45, "moderate"),  # 2 × 45: too few sessions
            respond(urban, "r3", 25, "1", 3, 20, "vigorous"),  # 3 × 20: too short
            respond(rural, "r4", 65, "3", 5, 30, "light"),  # light intensity
            respond(
                rural, "r5", 35, "1", 5, 40, "moderate", commuting_or_after_meal_walk=True
            ),  # commuting: not regular, but 200 minutes for Sport England
            respond(rural, "r6", 5, "10", 5, 60, "vigorous"),  # under 7: left out
            respond(urban, "r7", 12, "2", 4, 40, "vigorous"),  # yes; 320 minutes
            respond(rural, "r8", 50, "1", 3, 50, "moderate"),  # yes; exactly 150 minutes
        ]
    )


def test_wilson_interval_matches_the_textbook_value():
    low, high = wilson_interval(0.5, 100)
    assert (round(low, 4), round(high, 4)) == (0.4038, 0.5962)
    assert wilson_interval(0.0, 10)[0] == 0.0
    assert wilson_interval(0.5, 0) == (None, None)


def test_effective_sample_size():
    assert effective_sample_size(4.0, 4.0) == 4.0  # four weights of 1
    assert effective_sample_size(11.0, 21.0) == pytest.approx(121 / 21)
    assert effective_sample_size(None, None) is None


def test_weighted_rate_with_every_exclusion(survey, min_sample):
    indicator = regular_exercise(2023)

    assert indicator.value == pytest.approx(5 / 11 * 100)  # unweighted it would be 3/7
    assert (indicator.numerator, indicator.denominator) == (5.0, 11.0)
    assert indicator.trace_public is False
    assert indicator.target == 42 and indicator.meets_target
    extras = dict(indicator.extras)
    assert extras["Respondents aged 7 and over"] == "7"
    assert extras["Under 7, not counted"] == "1"
    assert extras["Sport England 'active' (150+ minutes a week)"].startswith("36.4 %")
    active_table = indicator.breakdown("Sport England 'active'")
    [active] = active_table.rows
    assert active.value == pytest.approx(4 / 11 * 100)
    # Another definition: not judged against the plan's 42 %, nor labelled as regular exercise.
    assert active_table.target is None
    assert active_table.numerator_label == "Weighted respondents active 150+ minutes a week"
    # Urban/rural and age groups measure what the target measures: judged like townships.
    for title in ("Urban or rural", "Age group"):
        table = indicator.breakdown(title)
        assert table.target == 42
        assert table.numerator_label == indicator.numerator_label


def test_interval_uses_the_kish_effective_sample_size(survey, min_sample):
    indicator = regular_exercise(2023)

    county_low, county_high = wilson_interval(5 / 11, 121 / 21)  # Σw² = 4+1+1+9+1+4+1
    assert (indicator.sample, indicator.low, indicator.high) == (
        7,
        pytest.approx(county_low * 100),
        pytest.approx(county_high * 100),
    )
    assert dict(indicator.extras)["95 % confidence interval"] == (
        f"{county_low * 100:.1f}–{county_high * 100:.1f} %"
    )
    rows = [*indicator.by_township, *indicator.breakdown("Age group").rows]
    for row in rows:
        if row.value is not None:
            assert 0 <= row.low <= row.value <= row.high <= 100


def test_breakdowns_by_township_urban_rural_and_age(survey, min_sample):
    indicator = regular_exercise(2023)

    towns = {row.label: (row.value, row.sample) for row in indicator.by_township}
    assert towns["金钟街道"] == (pytest.approx(4 / 6 * 100), 4)
    assert towns["大海乡"] == (pytest.approx(1 / 5 * 100), 3)
    assert towns["老厂乡"] == (None, 0)
    areas = {row.key: (row.value, row.sample) for row in indicator.breakdown("Urban or rural").rows}
    assert areas == {"urban": (pytest.approx(4 / 6 * 100), 4), "rural": (20.0, 3)}
    ages = {row.key: (row.value, row.sample) for row in indicator.breakdown("Age group").rows}
    assert ages == {"7-19": (100.0, 1), "20-39": (50.0, 3), "40-59": (50.0, 2), "60+": (0.0, 1)}
    assert [gap.label for gap in indicator.gaps] == ["大海乡"]


def test_small_cells_show_their_sample_but_no_figure(survey, settings):
    settings.PORTAL_INDICATOR_MIN_SAMPLE = 3
    indicator = regular_exercise(2023)

    ages = {row.key: row for row in indicator.breakdown("Age group").rows}
    assert (ages["7-19"].value, ages["7-19"].sample, ages["7-19"].low) == (None, 1, None)
    assert ages["7-19"].numerator is None
    assert "sample too small" in ages["7-19"].note
    assert ages["20-39"].value == 50.0
    township = {row.label: row for row in indicator.by_township}
    assert township["大海乡"].value == 20.0  # exactly the minimum is shown
    assert township["老厂乡"].note == "no respondents"


def test_a_small_survey_has_no_headline(survey):
    indicator = regular_exercise(2023)  # 7 respondents, fewer than the default 30

    assert indicator.value is None
    assert "sample too small" in indicator.notes[0]
    assert dict(indicator.extras)["Respondents aged 7 and over"] == "7"


def test_a_year_without_survey_names_the_latest_year_with_data(survey, min_sample):
    indicator = regular_exercise(2025)

    assert indicator.value is None
    assert indicator.data_date is None
    assert "2023" in indicator.notes[0]
    assert all(row.value is None for row in indicator.by_township)


def test_no_data_at_all(towns):
    indicator = regular_exercise(2023)
    assert indicator.value is None
    assert "No exercise survey data" in indicator.notes[0]


def test_trend_and_data_date(towns, min_sample):
    run = ImportRun.objects.create(kind="exercise", file_name="2021.csv", file_sha256="0" * 64)
    ExerciseResponse.objects.bulk_create(
        [
            respond(towns[0], "a", 30, "1", 3, 30, "moderate", year=2021, import_run=run),
            respond(towns[0], "b", 30, "3", 1, 30, "moderate", year=2021, import_run=run),
            respond(towns[0], "a", 30, "1", 3, 30, "moderate", year=2023),
        ]
    )

    indicator = regular_exercise(2021)

    trend = dict(indicator.trend)
    assert list(trend) == list(TREND_YEARS)
    assert (trend[2021], trend[2023], trend[2022]) == (25.0, 100.0, None)
    assert indicator.data_date == timezone.localdate(run.imported_at)
    assert regular_exercise(2023).data_date == date(2023, 12, 31)  # not imported: year end


def test_trace_has_one_row_per_respondent_with_the_deciding_columns(survey):
    trace = regular_exercise_trace(2023)
    rows = {row[0]: dict(zip(trace.headers, row, strict=True)) for row in trace.rows}

    assert len(rows) == 8
    assert rows["r6"]["excluded (under 7)"] is True
    assert rows["r6"]["exercises regularly"] is False
    assert rows["r1"]["exercises regularly"] is True
    assert rows["r5"]["exercises regularly"] is False
    assert rows["r5"]["active (Sport England)"] is True
    assert rows["r7"]["moderate-equivalent minutes a week"] == 320
    assert rows["r4"]["moderate-equivalent minutes a week"] == 0
    assert rows["r3"]["township"] == "金钟街道"


@pytest.mark.parametrize(
    "function", [regular_exercise, lambda year: list(regular_exercise_trace(year).rows)]
)
def test_query_count_does_not_grow_with_the_rows(function, towns, django_assert_max_num_queries):
    counts = []
    for count in (10, 200):
        ExerciseResponse.objects.all().delete()
        ExerciseResponse.objects.bulk_create(
            respond(towns[i % 3], f"n{i}", 5 + i % 80, "1.5", i % 7, 10 * (i % 9), "moderate")
            for i in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            function(2023)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(5):
        function(2023)


respondent = st.tuples(
    st.integers(min_value=0, max_value=90),  # age
    st.integers(min_value=0, max_value=7),  # sessions
    st.sampled_from([10, 20, 30, 45, 60]),  # minutes
    st.sampled_from(["light", "moderate", "vigorous"]),
    st.booleans(),  # commuting
)


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(respondent, min_size=1, max_size=25), weight=st.sampled_from(["1", "2.5"]))
def test_equal_weights_give_the_unweighted_rate(people, weight, towns, min_sample):
    ExerciseResponse.objects.all().delete()
    ExerciseResponse.objects.bulk_create(
        respond(
            towns[0],
            f"p{i}",
            age,
            weight,
            sessions,
            minutes,
            intensity,
            commuting_or_after_meal_walk=commuting,
        )
        for i, (age, sessions, minutes, intensity, commuting) in enumerate(people)
    )
    eligible = [p for p in people if p[0] >= 7]
    regular = [p for p in eligible if p[1] >= 3 and p[2] >= 30 and p[3] != "light" and not p[4]]

    value = regular_exercise(2023).value

    if not eligible:
        assert value is None
    else:
        assert 0 <= value <= 100
        assert value == pytest.approx(len(regular) * 100 / len(eligible))
