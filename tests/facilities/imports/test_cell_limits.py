"""Values no column may take: numbers the database cannot hold and invisible control characters.

Each fails as a problem of its row and column, in the dry run, the admin and the command alike,
instead of a crash (a 500 page, a traceback) or a row that later breaks the XLSX export.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from facilities.imports.models import ImportRun
from facilities.models import Community, Facility, TownshipPopulation
from facilities.surveys.models import ExerciseResponse, PhysiqueResult

from . import test_exercise, test_facilities, test_physique, test_population
from .conftest import bureau_editor, csv_bytes, problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
HUGE_VALUES = [HUGE, "-" + HUGE, "1" + "0" * 400, "9" * 5000, 10**20]

# One good row of each kind, under its header.
SAMPLES = {
    "exercise": (test_exercise.HEADER, test_exercise.ROWS[0]),
    "physique": (
        test_physique.HEADER,
        [2024, "T001", "20-59", "女", "城镇", "2023", "金钟街道", 70, "合格"],
    ),
    "population": (test_population.HEADER, test_population.ROWS[0]),
    "communities": (
        ["乡镇", "名称", "类型", "人口", "纬度", "经度"],
        ["金钟街道", "新村", "社区", 100, 26.41, 103.29],
    ),
    "facilities": (test_facilities.HEADER, test_facilities.ROWS[0]),
}


@pytest.fixture
def registry(townships, schools):
    return Community.objects.create(township=townships[0], name="金钟社区", kind="community")


def one_row(kind, column, value, build=csv_bytes):
    """Import a file of one good row of `kind` with `value` in `column`; returns the plan."""
    header, row = SAMPLES[kind]
    row = list(row)
    row[header.index(column)] = value
    plan, log = run(kind, build(header, [row]), "data.csv" if build is csv_bytes else "data.xlsx")
    assert log is None
    return plan


def test_the_samples_import(registry):
    for kind in SAMPLES:
        header, row = SAMPLES[kind]
        plan, _log = run(kind, csv_bytes(header, [row]))
        assert problems(plan) == [], kind


@pytest.mark.parametrize("build", [csv_bytes, xlsx_bytes])
@pytest.mark.parametrize(
    ("kind", "column", "first"),
    [("exercise", "调查年份", 2000), ("physique", "测试年份", 2000), ("population", "年份", 1949)],
)
def test_a_huge_year_is_a_problem_of_its_row_not_a_crash(townships, kind, column, first, build):
    plan = one_row(kind, column, int(HUGE), build)
    shown = HUGE if build is csv_bytes else "100000000000000000000"  # a float in a workbook
    assert problems(plan) == [(2, f"{column}: “{shown}” is not a year from {first} to 2100.")]


@pytest.mark.parametrize(
    ("kind", "column"),
    [
        ("exercise", "权重"),
        ("exercise", "年龄"),
        ("exercise", "每周锻炼次数"),
        ("exercise", "每次锻炼分钟数"),
        ("physique", "综合得分"),
        ("population", "常住人口"),
        ("communities", "人口"),
        ("communities", "纬度"),
        ("communities", "经度"),
        ("facilities", "经度"),
        ("facilities", "纬度"),
        ("facilities", "场地面积"),
        ("facilities", "建筑面积"),
        ("facilities", "用地面积"),
        ("facilities", "收费标准"),
    ],
)
@pytest.mark.parametrize("value", HUGE_VALUES, ids=["huge", "-huge", "1e400", "5000 digits", "int"])
def test_every_number_column_refuses_numbers_too_large_for_the_database(
    registry, kind, column, value
):
    plan = one_row(kind, column, value)
    assert plan.errors and {problem.row for problem in plan.errors} == {2}
    assert all(p.message.startswith(f"{column}: ") for p in plan.errors), problems(plan)


def test_a_too_long_key_is_left_out_of_the_lookup(townships):
    plan = one_row("exercise", "受访者编码", "R" * 41)
    message = "受访者编码: Ensure this value has at most 40 characters (it has 41)."
    assert problems(plan) == [(2, message)]


def test_the_admin_dry_run_of_a_huge_year_lists_the_row(client, django_user_model, townships):
    client.force_login(bureau_editor(django_user_model))
    rows = [test_exercise.ROWS[0], [HUGE, *test_exercise.ROWS[1][1:]]]  # a text cell
    data = xlsx_bytes(test_exercise.HEADER, rows)
    url = reverse("facilities_import", kwargs={"kind": "exercise"})
    response = client.post(url, {"file": SimpleUploadedFile("2024.xlsx", data)})
    assert response.status_code == 400
    content = response.content.decode()
    assert "1 problem must be fixed first" in content
    assert f"调查年份: “{HUGE}” is not a year from 2000 to 2100." in content
    assert [problem.row for problem in response.context["problems"]] == [3]
    assert not ExerciseResponse.objects.exists()


@pytest.mark.parametrize("kind", ["exercise", "physique"])
def test_the_command_dry_run_of_a_huge_year_lists_the_row(townships, tmp_path, kind):
    header, row = SAMPLES[kind]
    path = tmp_path / "huge.csv"
    path.write_bytes(csv_bytes(header, [[HUGE, *row[1:]]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_data", kind, str(path), "--dry-run", stderr=err, stdout=io.StringIO())
    assert f"row 2: {header[0]}: “{HUGE}” is not a year from 2000 to 2100." in err.getvalue()
    assert not ExerciseResponse.objects.exists() and not PhysiqueResult.objects.exists()


# -- control characters ---------------------------------------------------------------------


CONTROL_MESSAGE = (
    "The text contains an invisible control character (U+000B) that spreadsheets cannot hold: "
    "delete it and type the text again."
)


@pytest.mark.parametrize(
    ("kind", "column"),
    [
        ("exercise", "受访者编码"),
        ("physique", "受测者编码"),
        ("population", "来源"),
        ("facilities", "场地名称"),
        ("facilities", "地址"),
        ("facilities", "场地编码"),
        ("communities", "名称"),
    ],
)
def test_a_control_character_in_a_text_cell_is_refused_naming_the_column(registry, kind, column):
    plan = one_row(kind, column, "金钟\x0b广场")
    assert problems(plan) == [(2, f"{column}: {CONTROL_MESSAGE}")]


def test_a_file_with_control_characters_writes_nothing_and_the_export_still_works(
    client, django_user_model, townships
):
    rows = [list(row) for row in test_exercise.ROWS]
    rows[2][1] = "R\x0c003"  # a form feed, as a copy from a PDF brings
    plan, log = run("exercise", csv_bytes(test_exercise.HEADER, rows))
    assert log is None and [problem.row for problem in plan.errors] == [4]
    assert "(U+000C)" in plan.errors[0].message
    assert not ExerciseResponse.objects.exists() and not ImportRun.objects.exists()
    run("exercise", csv_bytes(test_exercise.HEADER, test_exercise.ROWS))
    client.force_login(bureau_editor(django_user_model))
    export = client.get(
        reverse("wagtailsnippets_facilities_exerciseresponse:list"), {"export": "xlsx"}
    )
    assert export.status_code == 200


def test_tabs_and_line_breaks_in_text_are_kept(townships):
    rows = [["金钟街道", 2020, 61234, "普查\n公报"]]
    plan, _log = run("population", csv_bytes(test_population.HEADER, rows))
    assert plan.ok
    assert TownshipPopulation.objects.get().source == "普查\n公报"


def test_a_venue_without_control_characters_is_still_imported(registry):
    plan, _log = run("facilities", csv_bytes(test_facilities.HEADER, test_facilities.ROWS[:1]))
    assert plan.ok and Facility.objects.count() == 1
