"""Township population: CSV and XLSX, dry runs, every bad row, all or nothing, idempotent."""

import pytest

from facilities.imports.models import ImportRun
from facilities.indicators import registry
from facilities.models import TownshipPopulation

from .conftest import counts, csv_bytes, problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["乡镇", "年份", "常住人口", "来源"]
ROWS = [
    ["金钟街道", 2020, 61234, "第七次全国人口普查公报"],
    ["530326201000", 2020, 18012, "第七次全国人口普查公报"],  # 大海乡 by its code
    ["金钟街道", 2023, "62,001", "会泽县统计年鉴2024"],
]


def state():
    return sorted(
        TownshipPopulation.objects.values_list("township__name", "year", "population", "source")
    )


@pytest.mark.parametrize(("build", "name"), [(csv_bytes, "人口.csv"), (xlsx_bytes, "人口.xlsx")])
def test_a_good_file_is_imported_and_logged(townships, build, name):
    plan, log = run("population", build(HEADER, ROWS), name)
    assert problems(plan) == []
    assert counts(plan) == (3, 0, 0)
    assert state() == [
        ("大海乡", 2020, 18012, "第七次全国人口普查公报"),
        ("金钟街道", 2020, 61234, "第七次全国人口普查公报"),
        ("金钟街道", 2023, 62001, "会泽县统计年鉴2024"),
    ]
    assert (log.kind, log.file_name, log.rows, log.created, log.updated) == (
        "population",
        name,
        3,
        3,
        0,
    )
    assert len(log.file_sha256) == 64


def test_a_dry_run_says_what_would_change_and_writes_nothing(townships):
    run("population", csv_bytes(HEADER, ROWS[:1]))
    before = state()
    rows = [["金钟街道", 2020, 61300, "第七次全国人口普查公报（修正）"], *ROWS[1:]]
    plan, log = run("population", csv_bytes(HEADER, rows), dry_run=True)
    assert log is None
    assert counts(plan) == (2, 1, 0)
    update = next(change for change in plan.changes if change.action == "update")
    assert update.label == "金钟街道 2020"
    assert ("常住人口", "61234", "61300") in update.diff
    assert state() == before
    assert ImportRun.objects.count() == 1


def test_importing_the_same_file_again_changes_nothing_and_logs_nothing(townships):
    data = csv_bytes(HEADER, ROWS)
    run("population", data)
    before = list(TownshipPopulation.objects.order_by("pk").values())
    plan, log = run("population", data)
    assert counts(plan) == (0, 0, 3) and plan.ok and not plan.has_changes
    assert log is None and ImportRun.objects.count() == 1
    assert list(TownshipPopulation.objects.order_by("pk").values()) == before


def test_a_new_figure_for_a_year_replaces_the_old_one(townships):
    run("population", csv_bytes(HEADER, ROWS))
    plan, _log = run("population", csv_bytes(HEADER, [["金钟街道", 2020, 61300, "修正"]]))
    assert counts(plan) == (0, 1, 0)
    assert TownshipPopulation.objects.get(township__name="金钟街道", year=2020).population == 61300
    assert TownshipPopulation.objects.count() == 3


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_saved(townships):
    rows = [
        ROWS[0],  # row 2, good
        ["金钟", 2021, 100, "x"],  # row 3, no such township
        ["金钟街道", "二〇二一", 100, "x"],  # row 4, not a number
        ["金钟街道", 1900, 100, "x"],  # row 5, before 1949 (as the model's validator says)
        ["金钟街道", 2022, 12.5, "x"],  # row 6, not whole
        ["金钟街道", 2019, 100, ""],  # row 7, no source
        ["530326001000", 2020, 61234, "again"],  # row 8, same township and year as row 2
    ]
    for data, name in (
        (csv_bytes(HEADER, rows), "bad.csv"),
        (xlsx_bytes(HEADER, rows), "bad.xlsx"),
    ):
        plan, log = run("population", data, name)
        assert log is None and not plan.ok
        found = dict(problems(plan))
        assert sorted(found) == [3, 4, 5, 6, 7, 8]
        assert found[3] == "乡镇: No township “金钟”: give its official code or its exact name."
        assert found[4] == "年份: “二〇二一” is not a year from 1949 to 2100."
        assert found[5] == "年份: “1900” is not a year from 1949 to 2100."
        assert found[6] == "常住人口: “12.5” is not a whole number."
        assert found[7] == "来源: the value is missing."
        assert found[8] == "“金钟街道 2020” is also in row 2."
    assert not TownshipPopulation.objects.exists()
    assert not ImportRun.objects.exists()


def test_one_bad_row_among_good_ones_changes_nothing(townships):
    run("population", csv_bytes(HEADER, ROWS[:1]))
    before = state()
    rows = [["金钟街道", 2020, 70000, "新"], *ROWS[1:], ["金钟街道", 2024, -5, "x"]]
    plan, log = run("population", csv_bytes(HEADER, rows))
    assert [row for row, _message in problems(plan)] == [5]
    assert log is None
    assert state() == before


def test_an_import_refreshes_the_cached_indicator_figures(
    townships, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_INDICATOR_CACHE_SECONDS = 300
    area = registry.get("sports_area")
    registry.data_changed()
    assert not registry.compute(area, 2023).denominator  # no residents yet, and now cached

    with django_capture_on_commit_callbacks(execute=True):
        run("population", csv_bytes(HEADER, ROWS))

    # 金钟街道's 2023 figure, and 大海乡's 2020 one borrowed for 2023.
    assert registry.compute(area, 2023).denominator == 62001 + 18012
