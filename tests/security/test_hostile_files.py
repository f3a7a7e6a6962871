"""Hostile spreadsheets, uploaded as the bureau editor and given to `manage.py import_data`.

Every file is built here. Each one gets a clear message, changes nothing in the database and
never a server error; the bombs are refused before openpyxl opens the workbook, so they cost
neither the memory nor the time they were made to cost.
"""

import io
import zipfile
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from facilities.hours import holiday_import
from facilities.hours.models import CalendarDay
from facilities.imports.kinds import importer_for
from facilities.imports.models import ImportRun
from facilities.models import TownshipPopulation
from tests.facilities.conftest import make_township
from tests.facilities.imports.conftest import bureau_editor, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["乡镇", "年份", "常住人口", "来源"]
ROWS = [["金钟街道", 2020, 61234, "普查"], ["大海乡", 2020, 18012, "普查"]]
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def townships():
    return (
        make_township("金钟街道", "530326001000", is_urban=True),
        make_township("大海乡", "530326201000", kind="township"),
    )


@pytest.fixture
def editor(client, django_user_model):
    user = bureau_editor(django_user_model)
    client.force_login(user)
    return user


@pytest.fixture
def openpyxl_never_opens(monkeypatch):
    """The workbook must be refused from its archive alone, before openpyxl reads it."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file that should have been refused before")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


# -- building the files ----------------------------------------------------------------------


def replace_part(workbook, name, content):
    """The workbook with one part's content replaced (deflated, as Excel writes it)."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = content if part.filename == name else source.read(part)
            target.writestr(part.filename, data)
    return buffer.getvalue()


def inline_row(number, values):
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for i, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows_xml, doctype=""):
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f'<worksheet xmlns="{MAIN_NS}"><sheetData>{rows_xml}</sheetData></worksheet>'
    ).encode()


def workbook_with_sheet(rows_xml, doctype=""):
    good = xlsx_bytes(HEADER, ROWS)
    return replace_part(good, "xl/worksheets/sheet1.xml", sheet_xml(rows_xml, doctype))


def data_rows_xml():
    return inline_row(1, HEADER) + "".join(
        inline_row(number, row) for number, row in enumerate(ROWS, start=2)
    )


def zip_bomb():
    """Tens of MB of blank rows, compressed a thousand to one (a few dozen KB)."""
    return workbook_with_sheet(data_rows_xml() + "<row/>" * 4_000_000)


def million_rows():
    """A stray cell a million rows down: openpyxl would hand over every row in between."""
    return workbook_with_sheet(data_rows_xml() + inline_row(1_000_000, ["x"]))


def a_row_wider_than_excel():
    return workbook_with_sheet(data_rows_xml() + '<row r="5">' + "<c/>" * 20_000 + "</row>")


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def billion_laughs():
    rows = inline_row(1, HEADER) + inline_row(2, ["金钟街道", 2020, 61234, "&lol9;"])
    return workbook_with_sheet(rows, doctype=BILLION_LAUGHS)


def unknown_compression():
    """A workbook whose parts claim a compression method zipfile cannot unpack (99)."""
    data = bytearray(xlsx_bytes(HEADER, ROWS))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset : start + offset + 2] = (99).to_bytes(2, "little")
            start += 4
    return bytes(data)


def zip_not_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "乡镇,年份,常住人口,来源\n")
    return buffer.getvalue()


def formulas():
    rows = [["金钟街道", 2020, "=60000+1234", "普查"], ["大海乡", 2020, 18012, '=HYPERLINK("x")']]
    return xlsx_bytes(HEADER, rows)


def two_data_sheets():
    return xlsx_bytes(HEADER, ROWS[:1], title="2020", sheets_before=[("2019", [HEADER, *ROWS])])


def value_beyond_the_columns():
    return xlsx_bytes(HEADER, [ROWS[0], [*ROWS[1], *[None] * 300, "x"]])


def long_line_csv():
    return csv_bytes(HEADER, ROWS) + b"x" * (10 * 1024 * 1024) + b"\n"


def million_blank_lines_csv():
    return csv_bytes(HEADER, ROWS) + b"\n" * 1_000_000 + "金钟街道,2021,1,x\n".encode()


@dataclass(frozen=True)
class Hostile:
    file_name: str
    build: object
    message: str  # a part of the message that refuses it
    before_openpyxl: bool = True  # refused before openpyxl opens the workbook
    kind: str = "population"


HOSTILE = {
    "zip bomb": Hostile("bomb.xlsx", zip_bomb, "compressed more than 100 to 1"),
    "a million empty rows": Hostile("rows.xlsx", million_rows, "more than 6010 rows"),
    "a row wider than Excel": Hostile("wide.xlsx", a_row_wider_than_excel, "more cells than Excel"),
    "billion laughs": Hostile("laughs.xlsx", billion_laughs, "(DOCTYPE or ENTITY)"),
    "not a ZIP named .xlsx": Hostile(
        "fake.xlsx", lambda: b"just text", "cannot be read as an Excel workbook (.xlsx)."
    ),
    "an unknown compression method": Hostile(
        "packed.xlsx", unknown_compression, "cannot be read as an Excel workbook (.xlsx)."
    ),
    "a ZIP that is not a workbook": Hostile(
        "archive.xlsx", zip_not_workbook, "a ZIP archive but not an Excel workbook"
    ),
    "formula cells": Hostile(
        "formulas.xlsx", formulas, "Row 2, 常住人口: a formula (=60000+1234)", False
    ),
    "two data sheets": Hostile(
        "two.xlsx", two_data_sheets, "sheet holds data with these columns: “2019”、“2020”", False
    ),
    "a value beyond column 200": Hostile(
        "wide-values.xlsx", value_beyond_the_columns, "Row 3 has values beyond column 200", False
    ),
    "a CSV with a 10 MB line": Hostile(
        "long.csv", long_line_csv, "Line 4 is longer than 20000 characters", kind="exercise"
    ),
    "a CSV larger than the limit": Hostile(
        "big.csv", long_line_csv, "The file is larger than 5 MB."
    ),
    "a CSV of a million blank lines": Hostile(
        "blank.csv", million_blank_lines_csv, "more than 6010 rows"
    ),
    "NUL bytes": Hostile(
        "nul.csv",
        lambda: csv_bytes(HEADER, ROWS).replace(b"\n", b"\x00\n"),
        "neither a CSV file nor an Excel workbook",
    ),
    "UTF-16 cut in the middle": Hostile(
        "half.csv",
        lambda: csv_bytes(HEADER, ROWS, "utf-16")[:-1],
        "The file is not text in UTF-8 or GB18030 (GBK).",
    ),
    "an old binary .xls": Hostile(
        "old.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        "Old .xls workbooks cannot be read",
    ),
}


def nothing_changed():
    return not TownshipPopulation.objects.exists() and not ImportRun.objects.exists()


# -- the admin page --------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_admin_page_refuses_each_hostile_file_clearly(
    client, editor, townships, case, request, django_capture_on_commit_callbacks
):
    hostile = HOSTILE[case]
    if hostile.before_openpyxl:
        request.getfixturevalue("openpyxl_never_opens")
    url = reverse("facilities_import", kwargs={"kind": hostile.kind})
    upload = SimpleUploadedFile(hostile.file_name, hostile.build())
    with django_capture_on_commit_callbacks(execute=True):  # a large file goes to the worker
        response = client.post(url, {"file": upload})
    if response.status_code == 302:  # the large file's status page, once the worker is done
        response = client.get(response["Location"])
    # 400 for the upload's dry run; 200 for a large file's status page, once the worker is done
    assert response.status_code in (200, 400)
    content = response.content.decode()
    assert hostile.message in content
    assert "Nothing was saved" in content and "Apply these changes" not in content
    assert nothing_changed()


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_command_refuses_each_hostile_file_clearly(townships, tmp_path, case, request):
    hostile = HOSTILE[case]
    if hostile.before_openpyxl:
        request.getfixturevalue("openpyxl_never_opens")
    path = tmp_path / hostile.file_name
    path.write_bytes(hostile.build())
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_data", hostile.kind, str(path), stdout=io.StringIO(), stderr=err)
    assert hostile.message in err.getvalue() + str(refused.value)
    assert nothing_changed()


@pytest.mark.parametrize("case", ["zip bomb", "billion laughs", "two data sheets", "formula cells"])
def test_the_holiday_calendar_import_refuses_them_too(case):
    hostile = HOSTILE[case]
    plan = holiday_import.plan_import(hostile.build(), hostile.file_name)
    assert not plan.ok and all(problem.row == 0 for problem in plan.errors)
    assert not CalendarDay.objects.exists()


def test_openpyxl_parses_through_defusedxml():
    """Behind the archive check, openpyxl itself refuses entity declarations."""
    from defusedxml import DefusedXmlException

    with pytest.raises(ValueError) as refused:
        workbook = openpyxl.load_workbook(io.BytesIO(billion_laughs()), read_only=True)
        list(workbook.worksheets[0].iter_rows(values_only=True))
    assert isinstance(refused.value.__cause__ or refused.value, DefusedXmlException)


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030", "gbk"])
def test_csv_as_chinese_excel_writes_it_is_read(client, editor, townships, encoding):
    url = reverse("facilities_import", kwargs={"kind": "population"})
    upload = SimpleUploadedFile("人口.csv", csv_bytes(HEADER, ROWS, encoding, "\t"))
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "2 to add, 0 to change, 0 unchanged." in response.content.decode()


def test_the_templates_instructions_sheet_is_not_a_second_data_sheet(client, editor, townships):
    template = client.get(
        reverse("facilities_import_template", kwargs={"kind": "population", "fmt": "xlsx"})
    ).content
    assert len(openpyxl.load_workbook(io.BytesIO(template)).sheetnames) == 2
    url = reverse("facilities_import", kwargs={"kind": "population"})
    response = client.post(url, {"file": SimpleUploadedFile("template.xlsx", template)})
    assert "More than one sheet" not in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "kwargs", "limit_mb"),
    [("facilities_import", {"kind": "population"}, 5), ("facilities_holiday_import", {}, 2)],
)
def test_an_upload_over_the_limit_is_cut_off_while_it_arrives(
    client, editor, townships, monkeypatch, url_name, kwargs, limit_mb
):
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    kept = []
    keep_chunk = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        kept.append(len(raw_data))
        return keep_chunk(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    upload = SimpleUploadedFile("big.csv", b"x" * (30 * 1024 * 1024))
    response = client.post(reverse(url_name, kwargs=kwargs), {"file": upload})
    assert response.status_code == 400
    assert f"The file is larger than {limit_mb} MB." in response.content.decode()
    assert sum(kept) <= limit_mb * 1024 * 1024  # the rest never reached the disk
    assert nothing_changed() and not CalendarDay.objects.exists()


def test_a_csv_row_of_endless_quoted_line_breaks_stops_at_the_line_cap(townships):
    """One record made of many quoted cells each holding a line break: no line is long, but
    the record would be huge; the line cap stops it."""
    data = csv_bytes(HEADER, ROWS) + b'"\n",' * 100_000 + b"x\n"
    plan = importer_for("population").plan(data, "quoted.csv")
    assert [problem.message for problem in plan.errors] == [
        "The file has more than 12020 lines; split it into smaller files."
    ]
