"""Responses of the weighted household survey on taking part in exercise (经常参加体育锻炼).

One row per respondent, known only by the survey's code, never by name; a row is matched on
survey year and respondent code. Rows the run creates or changes point to the ImportRun.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..surveys.models import ExerciseResponse
from .base import MB, Column, Importer, field_bounds
from .cells import more_than, to_bool, to_int, year_between
from .models import ImportKind
from .vocabulary import INTENSITIES, township_column, township_lookup, urban_column


class ExerciseImporter(Importer):
    kind = ImportKind.EXERCISE
    model = ExerciseResponse
    key_fields = ("survey_year", "respondent_code")
    sheet_title = "锻炼调查 exercise"
    description = _(
        "One row per respondent of the household survey on exercise, with the respondent's "
        "weight in the sample. Matched on survey year and respondent code; no names."
    )
    max_rows = 200_000
    max_bytes = 50 * MB
    columns = (
        Column(
            "survey_year",
            "调查年份",
            aliases=("survey_year", "年份", "year"),
            parse=year_between(*field_bounds(ExerciseResponse, "survey_year")),
            required=True,
            help=_("The year of the survey."),
            example=2024,
        ),
        Column(
            "respondent_code",
            "受访者编码",
            aliases=("respondent_code", "编码", "code"),
            required=True,
            help=_("The respondent's code in the survey, unique within the year; never a name."),
            example="HZ2024-000001",
        ),
        Column(
            "weight",
            "权重",
            aliases=("weight",),
            parse=more_than(Decimal(0)),
            required=True,
            help=_("How many residents the respondent stands for in the weighted sample (> 0)."),
            example=812.5,
        ),
        Column(
            "age",
            "年龄",
            aliases=("age",),
            parse=to_int,
            required=True,
            help=_("Age in whole years."),
            example=35,
        ),
        township_column(),
        urban_column(),
        Column(
            "sessions_per_week",
            "每周锻炼次数",
            aliases=("sessions_per_week", "次数"),
            parse=to_int,
            required=True,
            help=_("Exercise sessions in a usual week; 0 when none."),
            example=3,
        ),
        Column(
            "minutes_per_session",
            "每次锻炼分钟数",
            aliases=("minutes_per_session", "每次锻炼时长", "分钟数"),
            parse=to_int,
            required=True,
            help=_("Minutes of a usual session; 0 when none."),
            example=40,
        ),
        Column(
            "intensity",
            "锻炼强度",
            aliases=("intensity", "强度"),
            parse=INTENSITIES,
            required=True,
            help=_("轻度/中等/剧烈, 低/中/高 or light/moderate/vigorous."),
            example="中等",
        ),
        Column(
            "commuting_or_after_meal_walk",
            "通勤或饭后散步",
            aliases=("commuting_or_after_meal_walk", "walking_only"),
            parse=to_bool,
            empty=False,
            help=_(
                "是 when the only activity is walking after meals or commuting on foot or by "
                "bike, which the official definition does not count; 否 otherwise."
            ),
            example="否",
        ),
    )

    def lookups(self):
        return {"townships": township_lookup()}
