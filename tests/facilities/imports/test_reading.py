"""Whole-file problems get one clear message each; encodings and workbooks Excel writes are read."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from facilities.imports.kinds import importer_for
from facilities.imports.sheet_templates import template_xlsx
from facilities.models import TownshipPopulation

from .conftest import csv_bytes, problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["乡镇", "年份", "常住人口", "来源"]
ROWS = [["金钟街道", 2020, 61234, "普查"], ["大海乡", 2020, 18012, "普查"]]


def messages(data, name="data.csv", kind="population"):
    plan, log = run(kind, data, name)
    assert log is None and not plan.ok
    assert all(row == 0 for row, _message in problems(plan))
    return [message for _row, message in problems(plan)]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("gb18030", ","), ("utf-16", "\t"), ("utf-8", ";")],
)
def test_the_encodings_and_separators_excel_writes_are_read(townships, encoding, delimiter):
    plan, log = run("population", csv_bytes(HEADER, ROWS, encoding, delimiter))
    assert problems(plan) == [] and log.created == 2


def test_text_that_is_neither_utf8_nor_gb18030_is_refused(townships):
    data = "乡镇,年份,常住人口,来源\nCafé,2020,1,x\n".encode().replace(b"\xc3\xa9", b"\xe9")
    assert messages(data) == ["The file is not text in UTF-8 or GB18030 (GBK)."]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"\n\n ,,\n", "blank.csv", "The file is empty."),
        (csv_bytes(HEADER, []), "header.csv", "The file has a header but no data rows."),
        (b"PK\x03\x04 not a zip", "fake.xlsx", "cannot be read as an Excel workbook (.xlsx)."),
        (b"\xd0\xcf\x11\xe0 old", "old.xls", "Old .xls workbooks cannot be read: save"),
        (b"\x00\x01\x02binary", "x.bin", "neither a CSV file nor an Excel workbook (.xlsx)."),
    ],
)
def test_unreadable_files_get_one_clear_message(townships, data, name, expected):
    [message] = messages(data, name)
    assert expected in message


def test_missing_unknown_and_repeated_columns_are_all_reported(townships):
    header = ["乡镇", "year", "备注", "年份", "Population"]
    assert messages(csv_bytes(header, ROWS)) == [
        "Row 1 must name the columns; missing: 来源. Download the template.",
        "Row 1 names columns this import does not know: “备注”. "
        "The columns are: 乡镇、年份、常住人口、来源.",
        "Row 1 names a column twice: 年份.",
    ]


def test_headers_with_both_languages_units_and_full_width_brackets_are_recognised(townships):
    header = ["乡镇 township", "年份（year）", "常住人口 (人)", "SOURCE"]
    plan, _log = run("population", csv_bytes(header, ROWS))
    assert problems(plan) == [] and plan.created == 2


def test_blank_lines_above_the_header_and_between_rows_keep_the_numbering(townships):
    data = b"\n" + csv_bytes(HEADER, [ROWS[0], ["", "", "", ""], ["金钟", 2020, 1, "x"]])
    plan, _log = run("population", data)
    assert problems(plan) == [
        (5, "乡镇: No township “金钟”: give its official code or its exact name.")
    ]


def test_a_title_row_above_the_header_is_skipped(townships):
    data = xlsx_bytes(["会泽县各乡镇常住人口（2020年）"], [[], HEADER, *ROWS])
    plan, _log = run("population", data, "人口.xlsx")
    assert problems(plan) == [] and plan.created == 2
    assert [change.row for change in plan.changes] == [4, 5]


def test_the_data_sheet_may_follow_a_cover_sheet(townships):
    data = xlsx_bytes(HEADER, ROWS, sheets_before=[("说明", [["2020年人口"], ["来源：普查"]])])
    plan, log = run("population", data, "人口.xlsx")
    assert problems(plan) == [] and log.created == 2


def test_a_second_sheet_with_the_columns_but_no_rows_is_no_second_data_sheet(townships):
    data = xlsx_bytes(HEADER, [], title="2021", sheets_before=[("2020", [HEADER, *ROWS])])
    plan, log = run("population", data, "人口.xlsx")
    assert problems(plan) == [] and log.created == 2


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_filled_in_template_imports_whatever_language_wrote_its_instructions(
    townships, language
):
    with translation.override(language):
        template = load_workbook(io.BytesIO(template_xlsx(importer_for("population"))))
    template.active.delete_rows(2)  # the example row
    for row in ROWS:
        template.active.append(row)
    buffer = io.BytesIO()
    template.save(buffer)
    plan, log = run("population", buffer.getvalue(), "人口.xlsx")
    assert problems(plan) == [] and log.created == 2


def test_a_workbook_without_the_columns_on_any_sheet_names_its_sheets(townships):
    data = xlsx_bytes(["名称", "数量"], [["a", 1]], title="汇总", sheets_before=[("封面", [["x"]])])
    assert messages(data, "x.xlsx") == [
        "Row 1 must name the columns; missing: 乡镇, 年份, 常住人口, 来源. Download the template.",
        "Row 1 names columns this import does not know: “x”. "
        "The columns are: 乡镇、年份、常住人口、来源.",
        "No sheet of the workbook has these columns (sheets: 封面、汇总).",
    ]


def test_a_file_of_another_kind_says_which_import_it_belongs_to(townships):
    found = messages(csv_bytes(HEADER, ROWS), kind="exercise")
    assert found[-1] == (
        "This looks like a file of “Township population by year”: use that import instead."
    )


def test_size_and_row_limits_have_clear_messages(townships):
    importer = importer_for("population")
    too_big = b"x" * (importer.max_bytes + 1)
    assert messages(too_big) == ["The file is larger than 5 MB."]
    rows = [["金钟街道", 2000 + i % 50, 1, f"s{i}"] for i in range(importer.max_rows + 1)]
    assert messages(csv_bytes(HEADER, rows)) == [
        "The file has more than 5000 data rows; split it into smaller files."
    ]
    assert not TownshipPopulation.objects.exists()
