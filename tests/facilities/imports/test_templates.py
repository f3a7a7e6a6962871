"""The templates to download: filled in with their example row they import as they are."""

import io

import pytest
from openpyxl import load_workbook

from facilities.imports.kinds import IMPORTERS, importer_for
from facilities.imports.sheet_templates import template_csv, template_xlsx

from .conftest import problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", list(IMPORTERS))
@pytest.mark.parametrize(("build", "name"), [(template_xlsx, "t.xlsx"), (template_csv, "t.csv")])
def test_each_template_imports_its_example_row(townships, kind, build, name):
    importer = importer_for(kind)
    plan, log = importer.import_file(build(importer), name)
    assert problems(plan) == []
    assert (log.rows, log.created) == (1, 1)


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_the_xlsx_template_explains_every_column_on_a_second_sheet(kind):
    importer = importer_for(kind)
    workbook = load_workbook(io.BytesIO(template_xlsx(importer)))
    data, notes = workbook.worksheets
    headers = [column.header for column in importer.columns]
    assert [cell.value for cell in data[1]] == headers
    assert data.max_row == 2  # the header and one example row
    rows = list(notes.iter_rows(values_only=True))
    assert ("Column", "English name", "Required", "What to enter", "Values") in rows
    assert set(headers) <= {row[0] for row in rows}


def test_the_csv_template_has_the_bom_excel_needs_for_chinese():
    data = template_csv(importer_for("exercise"))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("调查年份,受访者编码,权重")
