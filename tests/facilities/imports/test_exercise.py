"""Exercise survey responses: the survey's words, the import log on the rows, all or nothing."""

from decimal import Decimal

import pytest

from facilities.imports.models import ImportRun
from facilities.surveys.models import ExerciseResponse

from .conftest import counts, csv_bytes, problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "调查年份",
    "受访者编码",
    "权重",
    "年龄",
    "乡镇",
    "城乡",
    "每周锻炼次数",
    "每次锻炼分钟数",
    "锻炼强度",
    "通勤或饭后散步",
]
ROWS = [
    [2024, "R001", "812.5", 35, "金钟街道", "城镇", 3, 40, "中等", "否"],
    [2024, "R002", 640, 67, "530326201000", "乡村", 5, 30, "低", "是"],
    [2024, "R003", "1,020.25", 19, "大海乡", "rural", 4, 60, "vigorous", "no"],
    [2024, "R004", "700", 45, "金钟街道", "urban", 0, 0, "轻度", ""],
]
ENGLISH_HEADER = [
    "survey_year",
    "respondent_code",
    "weight",
    "age",
    "township",
    "urban_rural",
    "sessions_per_week",
    "minutes_per_session",
    "intensity",
    "commuting_or_after_meal_walk",
]


def state():
    return sorted(
        ExerciseResponse.objects.values_list(
            "survey_year",
            "respondent_code",
            "weight",
            "age",
            "township__name",
            "is_urban",
            "sessions_per_week",
            "minutes_per_session",
            "intensity",
            "commuting_or_after_meal_walk",
            "import_run",
        )
    )


@pytest.mark.parametrize(("build", "name"), [(csv_bytes, "2024.csv"), (xlsx_bytes, "2024.xlsx")])
def test_a_good_file_is_imported_with_the_survey_words(townships, build, name):
    plan, log = run("exercise", build(HEADER, ROWS), name)
    assert problems(plan) == []
    assert counts(plan) == (4, 0, 0)
    rows = {row.respondent_code: row for row in ExerciseResponse.objects.all()}
    first, second, third, fourth = rows["R001"], rows["R002"], rows["R003"], rows["R004"]
    assert (first.weight, first.intensity, first.is_urban) == (Decimal("812.5"), "moderate", True)
    assert first.commuting_or_after_meal_walk is False
    assert (second.township.name, second.intensity, second.is_urban) == ("大海乡", "light", False)
    assert second.commuting_or_after_meal_walk is True
    assert (third.weight, third.intensity) == (Decimal("1020.25"), "vigorous")
    assert fourth.commuting_or_after_meal_walk is False  # empty: the default
    assert all(row.import_run_id == log.pk for row in rows.values())


def test_english_headers_in_another_order_work_too(townships):
    order = list(reversed(range(len(HEADER))))
    header = [ENGLISH_HEADER[i] for i in order]
    rows = [[row[i] for i in order] for row in ROWS]
    plan, _log = run("exercise", csv_bytes(header, rows))
    assert problems(plan) == [] and plan.created == 4


def test_a_gbk_csv_with_tabs_from_chinese_excel_is_read(townships):
    data = csv_bytes(HEADER, ROWS, encoding="gb18030", delimiter="\t")
    plan, _log = run("exercise", data, "2024.csv")
    assert problems(plan) == [] and plan.created == 4


def test_a_re_import_changes_only_changed_rows_and_tags_only_those(townships):
    _plan, first_run = run("exercise", csv_bytes(HEADER, ROWS))
    rows = [list(row) for row in ROWS]
    rows[1][6] = 6  # R002 now exercises six times a week
    plan, second_run = run("exercise", csv_bytes(HEADER, rows))
    assert counts(plan) == (0, 1, 3)
    assert (second_run.created, second_run.updated, second_run.unchanged) == (0, 1, 3)
    tags = dict(ExerciseResponse.objects.values_list("respondent_code", "import_run"))
    assert tags == {
        "R001": first_run.pk,
        "R002": second_run.pk,
        "R003": first_run.pk,
        "R004": first_run.pk,
    }

    before = state()
    plan, third_run = run("exercise", csv_bytes(HEADER, rows))
    assert counts(plan) == (0, 0, 4)
    assert third_run is None and ImportRun.objects.count() == 2  # nothing changed, no log
    assert state() == before  # not even the import tag moved


def test_a_dry_run_writes_nothing(townships):
    plan, log = run("exercise", csv_bytes(HEADER, ROWS), dry_run=True)
    assert plan.ok and plan.created == 4 and log is None
    assert not ExerciseResponse.objects.exists()


def test_every_bad_row_is_reported_and_nothing_is_saved(townships):
    rows = [
        ROWS[0],  # row 2
        [2024, "R010", 0, 35, "金钟街道", "城镇", 3, 40, "中等", "否"],  # row 3, weight 0
        [2024, "R011", 1, 130, "金钟街道", "城镇", 3, 40, "中等", "否"],  # row 4, age > 120
        [2024, "R012", 1, 30, "金钟街道", "郊区", 3, 40, "很猛", "也许"],  # row 5, three words
        [2024, "R001", 1, 30, "金钟街道", "城镇", 3, 40, "中等", "否"],  # row 6, R001 again
        [2024, "", 1, 30, "金钟街道", "城镇", 30, 40, "中等", "否"],  # row 7, no code, 30 a week
    ]
    plan, log = run("exercise", xlsx_bytes(HEADER, rows), "bad.xlsx")
    assert log is None
    assert problems(plan) == [
        (3, "权重: 0 must be more than 0."),
        (4, "年龄: Ensure this value is less than or equal to 120."),
        (5, "城乡: “郊区” is neither 城镇 nor 乡村 (urban/rural)."),
        (5, "锻炼强度: Unknown value “很猛”: use one of 轻度、中等、剧烈."),
        (5, "通勤或饭后散步: “也许” is neither 是 nor 否 (yes/no, 1/0)."),
        (6, "“2024 R001” is also in row 2."),
        (7, "受访者编码: the value is missing."),
    ]
    assert not ExerciseResponse.objects.exists()


def test_a_row_over_the_models_limits_is_refused_after_the_cells_are_read(townships):
    rows = [[2024, "R020", 1, 30, "金钟街道", "城镇", 30, 40, "中等", "否"]]
    plan, _log = run("exercise", csv_bytes(HEADER, rows))
    assert problems(plan) == [(2, "每周锻炼次数: Ensure this value is less than or equal to 28.")]
