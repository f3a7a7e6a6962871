"""`manage.py import_data`: progress on stderr, bad rows with numbers, exit status, templates."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from facilities.imports.models import ImportRun
from facilities.models import TownshipPopulation

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["乡镇", "年份", "常住人口", "来源"]
ROWS = [["金钟街道", 2020, 61234, "普查"], ["大海乡", 2020, 18012, "普查"]]


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_lists_the_changes_and_saves_nothing(townships, tmp_path):
    path = tmp_path / "人口.csv"
    path.write_bytes(csv_bytes(HEADER, ROWS))
    out, err = command("population", str(path), "--dry-run")
    assert "row 2: add: 金钟街道 2020" in out
    assert out.strip().endswith("Dry run, nothing saved. 2 to add, 0 to change, 0 unchanged.")
    assert "Checking rows" in err and "100%" in err  # the progress bar
    assert not TownshipPopulation.objects.exists() and not ImportRun.objects.exists()


def test_the_import_saves_logs_and_a_second_run_changes_and_logs_nothing(townships, tmp_path):
    path = tmp_path / "人口.csv"
    path.write_bytes(csv_bytes(HEADER, ROWS))
    out, _err = command("population", str(path))
    run = ImportRun.objects.get()
    assert f"Imported. 2 added, 0 changed, 0 unchanged. (import log #{run.pk})" in out
    assert run.file_name == "人口.csv"
    out, _err = command("population", str(path), "--show", "1")
    assert out.strip() == (
        "Nothing to change; nothing was written. 0 to add, 0 to change, 2 unchanged."
    )
    assert TownshipPopulation.objects.count() == 2 and ImportRun.objects.count() == 1


def test_only_the_first_changes_are_listed(townships, tmp_path):
    path = tmp_path / "人口.csv"
    path.write_bytes(csv_bytes(HEADER, ROWS))
    out, _err = command("population", str(path), "--dry-run", "--show", "1")
    assert "row 2: add" in out and "row 3: add" not in out and "… and 1 more." in out


def test_bad_rows_are_listed_with_their_numbers_and_the_exit_status_is_not_zero(
    townships, tmp_path
):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(HEADER, [*ROWS, ["金钟", 2020, 1, "x"], ["大海乡", 2020, 2, "y"]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problem") as failure:
        call_command("import_data", "population", str(path), stderr=err)
    assert failure.value.returncode == 1
    assert "row 4: 乡镇: No township “金钟”" in err.getvalue()
    assert "row 5: “大海乡 2020” is also in row 3." in err.getvalue()
    assert not TownshipPopulation.objects.exists()


def test_a_missing_file_or_kind_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        command("population", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="Give the FILE"):
        command("population")
    with pytest.raises(CommandError, match="invalid choice"):
        command("weather", "x.csv")


def test_the_template_is_written(tmp_path):
    out, _err = command("physique", "--template", str(tmp_path / "physique.xlsx"))
    assert "Template written" in out
    sheet = load_workbook(tmp_path / "physique.xlsx").worksheets[0]
    assert [cell.value for cell in sheet[1]][:2] == ["测试年份", "受测者编码"]
    command("physique", "--template", str(tmp_path / "physique.csv"))
    assert (tmp_path / "physique.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(CommandError, match=r"end in \.xlsx or \.csv"):
        command("physique", "--template", str(tmp_path / "physique.txt"))
