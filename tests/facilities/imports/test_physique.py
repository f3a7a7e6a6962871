"""Physique results graded by the version's cut-offs; contradictions, unknown versions refused."""

from decimal import Decimal

import pytest

from facilities.surveys.models import PhysiqueResult, PhysiqueStandard

from .conftest import counts, csv_bytes, problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "测试年份",
    "受测者编码",
    "年龄组",
    "性别",
    "城乡",
    "标准版本",
    "乡镇",
    "综合得分",
    "评定等级",
]


@pytest.fixture
def graded():
    """Version 2023 with cut-offs; 2003 (from the migration) has none."""
    standard = PhysiqueStandard.objects.get(code="2023")
    standard.pass_min, standard.good_min, standard.excellent_min = 60, 75, 85
    standard.save()
    return standard


@pytest.mark.parametrize(("build", "name"), [(csv_bytes, "2024.csv"), (xlsx_bytes, "2024.xlsx")])
def test_a_score_alone_is_graded_and_a_grade_alone_is_kept(townships, graded, build, name):
    rows = [
        [2024, "T001", "20-59", "女", "城镇", "2023", "金钟街道", 88, ""],
        [2024, "T002", "60–79岁", "男", "乡村", "2023", "", "61.5", ""],
        [2024, "T003", "3至6岁", "male", "rural", "2023", "大海乡", 40, None],
        [2024, "T004", "20-59", "female", "urban", "2003", "", "", "良好"],
        [2024, "T005", "20-59", "女", "城镇", "2023", "", 80, "good"],
        [2024, "T006", "Adults 20–59", "女", "城镇", "2023", "", 80, ""],
        [2024, "T007", "老年人（60–79岁）", "女", "城镇", "2023", "", 80, ""],
    ]
    plan, log = run("physique", build(HEADER, rows), name)
    assert problems(plan) == []
    assert counts(plan) == (7, 0, 0)
    results = {r.subject_code: r for r in PhysiqueResult.objects.select_related("standard")}
    assert [results[code].grade for code in ("T001", "T002", "T003", "T004", "T005")] == [
        "excellent",
        "pass",
        "fail",
        "good",
        "good",
    ]
    assert results["T002"].age_group == "60-79" and results["T002"].township is None
    assert results["T003"].age_group == "3-6" and results["T003"].sex == "male"
    assert (results["T006"].age_group, results["T007"].age_group) == ("20-59", "60-79")
    assert results["T004"].standard.code == "2003" and results["T004"].score is None
    assert results["T002"].score == Decimal("61.5")
    assert {r.import_run_id for r in results.values()} == {log.pk}


def test_problems_of_grading_are_row_errors(townships, graded):
    rows = [
        [2024, "T010", "20-59", "女", "城镇", "2003", "", 70, ""],  # row 2: no cut-offs
        [2024, "T011", "20-59", "女", "城镇", "2023", "", 70, "优秀"],  # row 3: contradicts
        [2024, "T012", "20-59", "女", "城镇", "1999", "", "", "合格"],  # row 4: no such version
        [2024, "T013", "20-59", "女", "城镇", "2023", "", "", ""],  # row 5: neither
        [2024, "T014", "7-19", "?", "城镇", "2023", "", -3, ""],  # row 6: three bad cells
    ]
    plan, log = run("physique", csv_bytes(HEADER, rows))
    assert log is None and not PhysiqueResult.objects.exists()
    assert problems(plan) == [
        (
            2,
            "Version 2003 has no score cut-offs, so a score alone cannot be graded: give the "
            "grade too, or enter the cut-offs first.",
        ),
        (3, "A score of 70 is Pass (合格) under version 2023, not Excellent (优秀)."),
        (4, "标准版本: Unknown version “1999” of the physique standard."),
        (5, "Give the composite score, the grade, or both."),
        (6, "年龄组: Unknown value “7-19”: use one of 3-6、20-59、60-79."),
        (6, "性别: Unknown value “?”: use one of 男、女."),
        (6, "综合得分: -3 is less than 0."),
    ]


def test_a_regraded_row_is_an_update_and_the_same_file_changes_nothing(townships, graded):
    rows = [[2024, "T001", "20-59", "女", "城镇", "2023", "金钟街道", 74, ""]]
    run("physique", csv_bytes(HEADER, rows))
    assert PhysiqueResult.objects.get().grade == "pass"
    rows[0][7] = 76
    plan, _log = run("physique", csv_bytes(HEADER, rows))
    assert counts(plan) == (0, 1, 0)
    assert ("评定等级", "Pass (合格)", "Good (良好)") in plan.changes[0].diff
    plan, _log = run("physique", csv_bytes(HEADER, rows))
    assert counts(plan) == (0, 0, 1)
