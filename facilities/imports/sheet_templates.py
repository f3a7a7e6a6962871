"""Blank sheets to fill in: an XLSX (header, an example row, pick lists, a sheet explaining every
column) and a CSV (header and example row, UTF-8 with the BOM Excel needs to show Chinese).

Both are built from the importer's own columns, so a template always imports as it is. The
reader skips the instructions sheet, whatever language its title was written in, so that its
examples are never taken for a second sheet of data.
"""

import csv
import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .cells import text, to_text

MAX_LIST_CHARS = 255  # Excel's limit for an inline pick list
PICK_LIST_ROWS = 5000
MAX_SHEET_TITLE = 31  # Excel's limit
INSTRUCTIONS = gettext_lazy("Instructions")


def instructions_title():
    return str(INSTRUCTIONS)[:MAX_SHEET_TITLE]


def instructions_titles():
    """The title of the templates' instructions sheet in every language of the site."""
    titles = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(instructions_title())
    return titles


def template_xlsx(importer):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = importer.sheet_title
    sheet.append([column.header for column in importer.columns])
    sheet.append([column.example for column in importer.columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(importer.columns, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
        if column.parse is to_text:  # keeps codes such as 000123 from becoming numbers
            sheet.column_dimensions[letter].number_format = "@"
        choices = ",".join(column.choices or ())
        if choices and len(choices) + 2 <= MAX_LIST_CHARS:
            pick = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
            pick.add(f"{letter}2:{letter}{PICK_LIST_ROWS}")
            sheet.add_data_validation(pick)

    notes = workbook.create_sheet(instructions_title())
    lines = [
        importer.description,
        _("Row 1 of the first sheet names the columns; keep it. Row 2 is an example: replace it."),
        _(
            "Every row is checked first; if any row is wrong nothing is saved and every wrong "
            "row is listed with its number. Importing the same file again changes nothing."
        ),
        _("The file can also be saved as CSV (UTF-8 or GBK) with the same columns."),
    ]
    for line in lines:
        notes.append([str(line)])
    notes.append([])
    heading = [_("Column"), _("English name"), _("Required"), _("What to enter"), _("Values")]
    notes.append([str(label) for label in heading])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        notes.append(
            [
                column.header,
                column.aliases[0] if column.aliases else column.key,
                str(_("yes") if column.required else _("no")),
                str(column.help),
                "、".join(column.choices or ()),
            ]
        )
    for letter, width in zip("ABCDE", (18, 26, 10, 80, 60), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(importer):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in importer.columns])
    writer.writerow([text(column.example) for column in importer.columns])
    return buffer.getvalue().encode("utf-8-sig")
