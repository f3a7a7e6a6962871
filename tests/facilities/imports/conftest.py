"""Helpers of the import tests: files built in memory, English messages, a bureau editor and
survey rows."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from facilities.imports.kinds import importer_for
from facilities.surveys.models import ExerciseResponse, PhysiqueResult, PhysiqueStandard


@pytest.fixture(autouse=True)
def english():
    """English source strings, whatever the catalogue translates later."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def csv_bytes(header, rows, encoding="utf-8", delimiter=","):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(header, rows, *, title="Sheet", sheets_before=()):
    """A workbook whose data sheet may come after other sheets (title, rows) of any content."""
    workbook = Workbook()
    first = workbook.active
    data_sheet = first
    for index, (other_title, other_rows) in enumerate(sheets_before):
        sheet = first if index == 0 else workbook.create_sheet()
        sheet.title = other_title
        for row in other_rows:
            sheet.append(row)
        data_sheet = None
    if data_sheet is None:
        data_sheet = workbook.create_sheet()
    data_sheet.title = title
    data_sheet.append(header)
    for row in rows:
        data_sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(kind, data, name="data.csv", **kwargs):
    """Import a file of a kind; returns (plan, run)."""
    return importer_for(kind).import_file(data, name, **kwargs)


def problems(plan):
    return [(problem.row, problem.message) for problem in plan.errors]


def counts(plan):
    return plan.created, plan.updated, plan.unchanged


def bureau_editor(django_user_model, username="editor"):
    """A bureau editor as the demo county makes one: the app's permissions and "every school"."""
    user = django_user_model.objects.create_user(username=username, password="pw-123456-x")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="facilities")
        | Permission.objects.filter(codename="access_admin")
    )
    return user


def make_response(code, township, year=2024, urban=True, run=None):
    return ExerciseResponse.objects.create(
        survey_year=year,
        respondent_code=code,
        township=township,
        is_urban=urban,
        age=30,
        weight=Decimal(1),
        sessions_per_week=3,
        minutes_per_session=30,
        intensity="moderate",
        import_run=run,
    )


def make_result(code, township=None, year=2024, standard="2023", **kwargs):
    values = {"age_group": "20-59", "sex": "female", "is_urban": True, "grade": "pass"}
    values.update(kwargs)
    return PhysiqueResult.objects.create(
        year=year,
        subject_code=code,
        township=township,
        standard=PhysiqueStandard.objects.get(code=standard),
        **values,
    )
