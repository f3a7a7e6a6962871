"""The dashboard's figures as CSV and XLSX, and an indicator's trace rows as streamed CSV.

CSV files start with a UTF-8 byte-order mark: without it Excel on a Chinese Windows reads them as
GBK and garbles every name. Text cells that a spreadsheet would run as a formula (=, +, -, @)
get a leading apostrophe, since village and venue names are typed in by editors; control
characters that XLSX cannot hold are dropped from the workbook's cells.

A row's target is the one it is judged against: the headline's for the county and township rows,
a breakdown's own for its rows, and none where none applies.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..formulas import defused
from .base import Breakdown, Row

BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns():
    return [
        _("Year"),
        _("Indicator key"),
        _("Indicator"),
        _("Group"),
        _("Label"),
        _("Value"),
        pgettext("unit of measure", "Unit"),
        _("Target"),
        _("Numerator"),
        _("Denominator"),
        _("Sample size"),
        _("CI low (95%)"),
        _("CI high (95%)"),
        _("Note"),
        _("Data date"),
    ]


def _number(value):
    if isinstance(value, float):
        return round(value, 4)
    return value


def _line(indicator, table, row):
    return [
        indicator.year,
        indicator.key,
        str(indicator.title),
        str(table.title),
        str(row.label),
        _number(row.value),
        indicator.unit,
        _number(table.target),
        _number(row.numerator),
        _number(row.denominator),
        row.sample,
        _number(row.low),
        _number(row.high),
        str(row.note or ""),
        indicator.data_date,
    ]


def figure_rows(indicators):
    """One row per indicator for the county, then each township, then each breakdown's rows."""
    for indicator in indicators:
        county = Row(
            "county",
            _("Whole county"),
            indicator.value,
            indicator.numerator,
            indicator.denominator,
            sample=indicator.sample,
            low=indicator.low,
            high=indicator.high,
            note=" ".join(str(note) for note in indicator.notes),
        )
        tables = (
            Breakdown(_("County"), [county], indicator.target),
            Breakdown(_("Township"), indicator.by_township, indicator.target),
            *indicator.breakdowns,
        )
        for table in tables:
            for row in table.rows:
                yield _line(indicator, table, row)


def definition_rows(indicators):
    yield [
        _("Indicator key"),
        _("Indicator"),
        pgettext("unit of measure", "Unit"),
        _("Target"),
        _("Target in words"),
        _("Baseline"),
        _("Definition"),
        _("Source"),
        _("Numerator"),
        _("Denominator"),
        _("Data date"),
        _("Notes"),
    ]
    for indicator in indicators:
        yield [
            indicator.key,
            str(indicator.title),
            indicator.unit,
            _number(indicator.target),
            str(indicator.target_text),
            _number(indicator.baseline),
            str(indicator.definition),
            str(indicator.source),
            str(indicator.numerator_label),
            str(indicator.denominator_label),
            indicator.data_date,
            " ".join(str(note) for note in indicator.notes),
        ]


def _text(value):
    """One CSV cell: numbers as plain digits, dates ISO, yes/no, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return defused(str(value))


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def figures_csv(indicators, filename):
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(columns())
    writer.writerows([_text(cell) for cell in row] for row in figure_rows(indicators))
    return _attachment(HttpResponse(buffer.getvalue(), content_type=CSV_TYPE), filename)


def _cell(value):
    """An XLSX cell: formulas defused, control characters XML 1.0 cannot hold dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    return defused(ILLEGAL_CHARACTERS_RE.sub("", value))


def _sheet(book, title, header, rows, *, first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31]
    sheet.append([_cell(c) for c in header])
    for row in rows:
        sheet.append([_cell(c) for c in row])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column[:200])
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    return sheet


def figures_xlsx(indicators, filename):
    """Sheet 1: the figures (as `figures_csv`); sheet 2: each indicator's definition."""
    from openpyxl import Workbook

    book = Workbook()
    _sheet(book, _("Figures"), columns(), figure_rows(indicators), first=True)
    header, *definitions = definition_rows(indicators)
    _sheet(book, _("Definitions"), header, definitions)
    buffer = io.BytesIO()
    book.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can stream."""

    def write(self, value):
        return value


def trace_csv(trace, filename):
    """The rows behind a figure, streamed: a trace may be every venue or survey response."""
    writer = csv.writer(_Echo())

    def lines():
        yield BOM + writer.writerow([str(header) for header in trace.headers])
        for row in trace.rows:
            yield writer.writerow([_text(cell) for cell in row])

    return _attachment(StreamingHttpResponse(lines(), content_type=CSV_TYPE), filename)
