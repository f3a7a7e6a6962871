"""The holiday calendar import: CSV and XLSX, every bad row reported, all or nothing, idempotent,
dry runs, the admin views, the management command and the prefill from the holidays package."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from facilities.hours import holiday_import
from facilities.hours.models import CalendarDay, SchoolVacation
from facilities.hours.planner import SlotPlanner

pytestmark = pytest.mark.django_db

HEADER = ["date", "kind", "name", "follows_weekday", "last_day"]
GOOD_ROWS = [
    ["2026-10-01", "法定节假日", "国庆节", "", ""],
    ["2026/10/2", "法定节假日", "国庆节", "", ""],
    ["2026年10月5日", "holiday", "国庆节（补假）", "", ""],
    ["2026-09-20", "调休上班", "国庆节调休上班", "周二", ""],
    ["2026-10-10", "workday", "", "3", ""],
    ["2026-07-11", "暑假", "", "", "2026-08-31"],
]


@pytest.fixture(autouse=True)
def english():
    """English source strings, whatever the catalogue translates later."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def csv_bytes(rows, header=HEADER, encoding="utf-8"):
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def calendar_state():
    return (
        sorted(CalendarDay.objects.values_list("date", "kind", "name", "follows_weekday")),
        sorted(SchoolVacation.objects.values_list("name", "first_day", "last_day")),
    )


def problems(plan):
    return [(p.row, p.message) for p in plan.errors]


# -- good files ---------------------------------------------------------------------------------


def test_a_good_csv_file_is_imported():
    plan = holiday_import.import_file(csv_bytes(GOOD_ROWS), "2026.csv")
    assert plan.ok and problems(plan) == []
    assert (plan.created, plan.updated, plan.unchanged) == (6, 0, 0)
    days = {day.date: day for day in CalendarDay.objects.all()}
    assert days[date(2026, 10, 1)].kind == "holiday" and days[date(2026, 10, 1)].name == "国庆节"
    assert days[date(2026, 10, 5)].name == "国庆节（补假）"
    assert (
        days[date(2026, 9, 20)].kind == "workday" and days[date(2026, 9, 20)].follows_weekday == 1
    )
    assert (
        days[date(2026, 10, 10)].name == "调休上班"
        and days[date(2026, 10, 10)].follows_weekday == 2
    )
    vacation = SchoolVacation.objects.get()
    assert (vacation.name, vacation.first_day, vacation.last_day) == (
        "2026年暑假",
        date(2026, 7, 11),
        date(2026, 8, 31),
    )


def test_a_good_xlsx_file_with_real_date_cells_and_chinese_headers_is_imported():
    rows = [
        [date(2026, 10, 1), "法定节假日", "国庆节", None, None],
        [date(2026, 9, 20), "调休上班", "国庆节调休上班", 2, None],
        [date(2026, 1, 24), "寒假", "2026年寒假", None, date(2026, 2, 28)],
    ]
    header = ["日期 date", "类型", "名称", "按星期几", "结束日期"]
    plan = holiday_import.import_file(xlsx_bytes(rows, header), "2026.xlsx")
    assert problems(plan) == []
    assert plan.created == 3
    assert CalendarDay.objects.get(date=date(2026, 9, 20)).follows_weekday == 1
    assert SchoolVacation.objects.get().last_day == date(2026, 2, 28)


def test_a_gbk_csv_saved_by_excel_is_read():
    plan = holiday_import.import_file(csv_bytes(GOOD_ROWS[:1], encoding="gb18030"), "2026.csv")
    assert problems(plan) == []
    assert CalendarDay.objects.get().name == "国庆节"


def test_the_imported_workday_follows_weekday_hours_in_the_planner():
    holiday_import.import_file(csv_bytes(GOOD_ROWS), "2026.csv")
    planner = SlotPlanner([], date(2026, 9, 20), date(2026, 10, 10))
    assert planner.profile(date(2026, 9, 20)) == ("term", 1)
    assert planner.profile(date(2026, 10, 1)) == ("vacation", 3)
    assert planner.profile(date(2026, 7, 20)) == ("term", 0)  # outside the planner's range


# -- idempotent, dry run ----------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing():
    data = xlsx_bytes([[*row[:3], row[3], row[4]] for row in GOOD_ROWS])
    holiday_import.import_file(data, "2026.xlsx")
    before = calendar_state()
    ids = sorted(CalendarDay.objects.values_list("pk", flat=True))
    plan = holiday_import.import_file(data, "2026.xlsx")
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 6)
    assert not plan.has_changes
    assert calendar_state() == before
    assert sorted(CalendarDay.objects.values_list("pk", flat=True)) == ids


def test_a_dry_run_changes_nothing_and_says_what_would_change():
    CalendarDay.objects.create(date=date(2026, 10, 1), kind="holiday", name="国庆")
    CalendarDay.objects.create(date=date(2026, 12, 31), kind="holiday", name="跨年")
    before = calendar_state()
    plan = holiday_import.import_file(csv_bytes(GOOD_ROWS), "2026.csv", dry_run=True)
    assert plan.ok
    assert (plan.created, plan.updated, plan.unchanged) == (5, 1, 0)
    update = next(change for change in plan.changes if change.action == "update")
    assert update.record.date == date(2026, 10, 1) and "国庆" in update.before
    assert [day.date for day in plan.kept] == [date(2026, 12, 31)]  # listed, never deleted
    assert calendar_state() == before


def test_a_changed_name_updates_the_day_and_a_renamed_vacation_is_not_duplicated():
    holiday_import.import_file(csv_bytes(GOOD_ROWS), "2026.csv")
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][2] = "国庆节（中华人民共和国成立纪念日）"
    rows[5][4] = "2026-09-01"
    plan = holiday_import.import_file(csv_bytes(rows), "2026.csv")
    assert (plan.created, plan.updated) == (0, 2)
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).name.startswith("国庆节（中华")
    assert SchoolVacation.objects.get().last_day == date(2026, 9, 1)


# -- bad rows ---------------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_number_and_nothing_changes():
    CalendarDay.objects.create(date=date(2026, 5, 1), kind="holiday", name="劳动节")
    before = calendar_state()
    rows = [
        ["2026-10-01", "法定节假日", "国庆节", "", ""],  # row 2, good
        ["2026-13-01", "法定节假日", "国庆节", "", ""],  # row 3, bad date
        ["2026-10-02", "放风筝", "国庆节", "", ""],  # row 4, unknown kind
        ["2026-10-01", "法定节假日", "国庆节", "", ""],  # row 5, duplicate of row 2
        ["2026-09-22", "调休上班", "", "", ""],  # row 6, a Tuesday
        ["2026-10-10", "调休上班", "", "周八", ""],  # row 7, bad weekday
        ["2026-08-31", "暑假", "", "", "2026-07-11"],  # row 8, ends before it starts
        ["", "法定节假日", "国庆节", "", ""],  # row 9, no date
        ["2026-10-03", "法定节假日", "", "", ""],  # row 10, no name
    ]
    for data, name in ((csv_bytes(rows), "bad.csv"), (xlsx_bytes(rows), "bad.xlsx")):
        plan = holiday_import.import_file(data, name)
        assert not plan.ok
        numbers = [row for row, _message in problems(plan)]
        assert numbers == [3, 4, 5, 6, 7, 8, 9, 10]
        messages = dict(problems(plan))
        assert "is not a date" in messages[3]
        assert "Unknown kind “放风筝”" in messages[4]
        assert "also in row 2" in messages[5]
        assert "is a Tuesday" in messages[6] and "Saturday or Sunday" in messages[6]
        assert "not a weekday" in messages[7]
        assert "ends before it starts" in messages[8]
        assert "date is missing" in messages[9]
        assert "holiday's name" in messages[10]
        assert calendar_state() == before


def test_a_row_can_have_several_problems_and_blank_rows_keep_the_numbering():
    rows = [["", "", "", "", ""], ["tomorrow", "假日?", "x" * 60, "", ""]]
    plan = holiday_import.plan_import(csv_bytes(rows), "bad.csv")
    assert [row for row, _message in problems(plan)] == [3, 3, 3]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"day,what\n2026-10-01,holiday\n", "x.csv", "missing: 日期 date, 类型 kind"),
        (csv_bytes([]), "header-only.csv", "no data rows"),
        (b"PK\x03\x04 not really a zip", "fake.xlsx", "cannot be read as an Excel workbook"),
        (b"\xd0\xcf\x11\xe0 old excel", "old.xls", "Old .xls workbooks"),
        (b"\x00\x01\x02binary", "x.bin", "neither a CSV file nor an Excel workbook"),
        (b"x" * (holiday_import.MAX_FILE_BYTES + 1), "big.csv", "larger than 2 MB"),
    ],
)
def test_unreadable_files_are_reported_not_raised(data, name, expected):
    plan = holiday_import.import_file(data, name)
    assert not plan.ok
    assert expected in " ".join(message for _row, message in problems(plan))
    assert not CalendarDay.objects.exists()


def test_warnings_do_not_stop_the_import():
    rows = [["2026-10-01", "法定节假日", "国庆节", "周一", "2026-10-07"]]
    plan = holiday_import.import_file(csv_bytes(rows), "w.csv")
    assert plan.ok and plan.created == 1
    assert [p.row for p in plan.warnings] == [2, 2]


def test_overlapping_vacations_in_the_file_are_refused():
    rows = [
        ["2026-07-11", "暑假", "", "", "2026-08-31"],
        ["2026-08-20", "vacation", "秋令营", "", "2026-09-05"],
    ]
    plan = holiday_import.import_file(csv_bytes(rows), "v.csv")
    assert problems(plan) == [(3, "This vacation overlaps the one in row 2.")]
    assert not SchoolVacation.objects.exists()


def test_two_vacations_of_one_name_in_a_year_are_refused():
    rows = [
        ["2026-01-24", "寒假", "", "", "2026-02-10"],
        ["2026-02-20", "寒假", "", "", "2026-02-28"],
    ]
    plan = holiday_import.import_file(csv_bytes(rows), "v.csv")
    assert problems(plan) == [(3, "The vacation “2026年寒假” of 2026 is also in row 2.")]
    assert not SchoolVacation.objects.exists()


def test_vacations_need_the_permission_to_change_them():
    plan = holiday_import.plan_import(csv_bytes(GOOD_ROWS), "x.csv", allow_vacations=False)
    assert problems(plan) == [(7, "You may not change school vacations.")]


# -- the template -----------------------------------------------------------------------------


def test_the_template_filled_in_imports_and_left_empty_says_so():
    data = holiday_import.template_workbook()
    plan = holiday_import.plan_import(data, "template.xlsx")
    assert [message for _row, message in problems(plan)] == [
        "The file has a header but no data rows."
    ]
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    sheet.append([date(2026, 10, 1), "法定节假日", "国庆节", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = holiday_import.import_file(buffer.getvalue(), "filled.xlsx")
    assert problems(plan) == [] and plan.created == 1


# -- prefill from the holidays package --------------------------------------------------------


def test_the_holidays_package_gives_2026_with_moved_working_days():
    records = {record.date: record for record in holiday_import.china_records(2026)}
    national_day = [
        d for d, r in records.items() if r.name.startswith("国庆节") and r.kind == "holiday"
    ]
    assert min(national_day) == date(2026, 10, 1) and max(national_day) == date(2026, 10, 7)
    assert len(national_day) == 7  # the weekend day inside the break is part of it
    new_year_workday = records[date(2026, 1, 4)]  # a Sunday that pays for Friday 2 January
    assert new_year_workday.kind == "workday"
    assert new_year_workday.follows_weekday == 4
    assert new_year_workday.name == "元旦调休上班"
    assert all(r.date.weekday() >= 5 for r in records.values() if r.kind == "workday")


def test_the_prefill_is_a_dry_run_and_applying_it_twice_changes_nothing():
    plan = holiday_import.plan_china_year(2026)
    assert plan.ok and plan.created > 30 and not CalendarDay.objects.exists()
    holiday_import.apply(plan.records)
    count = CalendarDay.objects.count()
    again = holiday_import.plan_china_year(2026)
    assert not again.has_changes
    holiday_import.apply(again.records)
    assert CalendarDay.objects.count() == count


# -- the management command -------------------------------------------------------------------


def test_the_command_dry_run_saves_nothing_and_the_import_saves(tmp_path):
    path = tmp_path / "2026.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))
    out = io.StringIO()
    call_command("import_holidays", str(path), "--dry-run", stdout=out)
    assert "Dry run, nothing saved. 6 to add, 0 to change, 0 unchanged." in out.getvalue()
    assert not CalendarDay.objects.exists()
    out = io.StringIO()
    call_command("import_holidays", str(path), stdout=out)
    assert "6 added" in out.getvalue()
    assert CalendarDay.objects.count() == 5
    out = io.StringIO()
    call_command("import_holidays", str(path), stdout=out)
    assert out.getvalue().strip() == (
        "Nothing to change; nothing was written. 0 to add, 0 to change, 6 unchanged."
    )


def test_the_command_lists_bad_rows_and_imports_nothing(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes([*GOOD_ROWS, ["2026-10-01", "法定节假日", "国庆节", "", ""]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_holidays", str(path), stderr=err)
    assert "row 8: 2026-10-01 is also in row 2." in err.getvalue()
    assert not CalendarDay.objects.exists() and not SchoolVacation.objects.exists()
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_holidays", str(tmp_path / "missing.csv"))


def test_the_command_prefills_a_year():
    out = io.StringIO()
    call_command("import_holidays", "--china-year", "2026", "--dry-run", stdout=out)
    assert "2026-10-01" in out.getvalue()
    assert not CalendarDay.objects.exists()


# -- the admin views --------------------------------------------------------------------------


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="pw-123456-x")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="facilities")
        | Permission.objects.filter(codename="access_admin")
    )
    client.force_login(user)
    return user


def upload(client, data, name):
    return client.post(
        reverse("facilities_holiday_import"),
        {"action": "file", "file": SimpleUploadedFile(name, data)},
    )


def test_admin_upload_shows_a_dry_run_then_applies_once(client, editor):
    assert client.get(reverse("facilities_holiday_import")).status_code == 200
    response = upload(client, xlsx_bytes(GOOD_ROWS), "2026.xlsx")
    assert response.status_code == 200
    content = response.content.decode()
    assert "6 to add, 0 to change, 0 unchanged." in content
    assert "国庆节调休上班" in content
    assert not CalendarDay.objects.exists()  # a dry run first
    token = response.context["token"]

    response = client.post(reverse("facilities_holiday_apply"), {"token": token})
    assert response.status_code == 302
    assert CalendarDay.objects.count() == 5 and SchoolVacation.objects.count() == 1
    before = calendar_state()
    # A second click (or a stale page) is refused politely and changes nothing.
    response = client.post(reverse("facilities_holiday_apply"), {"token": token}, follow=True)
    assert "out of date or was already applied" in response.content.decode()
    assert calendar_state() == before


def test_admin_upload_of_a_bad_file_lists_rows_and_offers_no_apply(client, editor):
    rows = [*GOOD_ROWS, ["2026-10-01", "法定节假日", "国庆节", "", ""]]
    response = upload(client, csv_bytes(rows), "bad.csv")
    assert response.status_code == 400
    content = response.content.decode()
    assert "2026-10-01 is also in row 2." in content
    assert 'role="alert"' in content
    assert response.context["token"] == ""
    assert "Apply these changes" not in content
    assert not CalendarDay.objects.exists()


def test_admin_upload_without_a_file_is_a_form_error(client, editor):
    response = client.post(reverse("facilities_holiday_import"), {"action": "file"})
    assert response.status_code == 400
    assert response.context["file_form"].errors


def test_admin_prefill_shows_a_dry_run(client, editor):
    response = client.post(
        reverse("facilities_holiday_import"), {"action": "prefill", "year": "2026"}
    )
    assert response.status_code == 200
    assert "元旦调休上班" in response.content.decode()
    assert not CalendarDay.objects.exists()
    client.post(reverse("facilities_holiday_apply"), {"token": response.context["token"]})
    assert CalendarDay.objects.filter(kind="workday").count() == 6
    response = client.post(
        reverse("facilities_holiday_import"), {"action": "prefill", "year": "1900"}
    )
    assert response.status_code == 400


def test_admin_template_download(client, editor):
    response = client.get(reverse("facilities_holiday_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "holiday-calendar-template.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]][:2] == ["日期 date", "类型 kind"]
