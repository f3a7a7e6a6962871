"""Reading a CSV or XLSX upload into numbered rows under known column names.

Every import (the holiday calendar, population, venues, survey data) reads through here, so they
accept the same files and refuse bad ones with the same clear messages:

- XLSX through openpyxl (read-only); old .xls is refused with a hint to save as .xlsx.
- CSV through the csv module, as UTF-8 (with or without the BOM Excel writes), UTF-16 with a BOM
  (Excel's "Unicode text") or GB18030/GBK (what Chinese Excel writes as "CSV"); comma, tab or
  semicolon separated.
- The header is the first row naming every required column (a title row above it does no harm);
  a header cell matches a column by its whole text or by one of its words, so "日期 date" and
  "场地面积（m²）" both work. In a workbook the first sheet with such a header is read, so a
  cover sheet in front does no harm; the templates' instructions sheet is never read.
- Row numbers are the spreadsheet's own (the header usually being row 1); blank rows are
  skipped but keep the numbering.
- Hostile files are refused before they cost memory or time: a workbook's archive is checked
  first (archive.py); at most `max_sheet_rows` rows of a sheet are read, blank ones included,
  CSV lines are capped in length, and no value may stand beyond column MAX_COLUMNS.
- A workbook with the columns on two sheets is refused rather than half imported, and so is a
  formula in a column that is read: its saved result may be stale or missing, and formula text
  must not reach the database (and from there someone's spreadsheet).
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.utils.translation import gettext as _

from .cells import blank, shown, word
from .sheet_templates import instructions_titles

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_SEARCH_ROWS = 10
BLANK_ROWS_ALLOWED = 1000  # besides the data rows and the rows above the header
MAX_COLUMNS = 200
MAX_LINE_CHARS = 20_000
LINES_PER_ROW = 2  # on average, at most: cells with line breaks are rare
FORMULAS_LISTED = 20


@dataclass
class RowProblem:
    """A reason a row (or, as row 0, the whole file) cannot be imported."""

    row: int
    message: str


class FileError(Exception):
    """The file as a whole cannot be read; `messages` says every reason found."""

    def __init__(self, *messages):
        super().__init__(" ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


class HeaderError(FileError):
    """No sheet names the required columns; `header` is what the first sheet's header says."""

    def __init__(self, *messages, header=()):
        super().__init__(*messages)
        self.header = list(header)


@dataclass(frozen=True)
class Layout:
    """The columns a sheet may have and the limits of one file.

    `words` maps each column's key to the header words that name it (compared as `cells.word`
    folds them); `labels` names a column in messages, as the template's header does.
    """

    words: dict
    required: tuple
    labels: dict
    max_rows: int
    max_bytes: int
    allow_unknown: bool = False

    @property
    def max_sheet_rows(self):
        """The rows of a sheet that are read at most, blank ones included."""
        return self.max_rows + HEADER_SEARCH_ROWS + BLANK_ROWS_ALLOWED

    def column_of(self, cell):
        """The key a header cell names, or None; the whole text wins over single words."""
        header = word(cell)
        if not header:
            return None
        for key, words in self.words.items():
            if header in words:
                return key
        tokens = {token for token in re.split(r"[\s/()（）:：,，、]+", header) if token}
        found = [key for key, words in self.words.items() if tokens & words]
        return found[0] if len(found) == 1 else None


@dataclass
class Table:
    """The data rows of one sheet: (row number, cells in the order of `keys`)."""

    keys: list
    rows: list = field(default_factory=list)
    sheet: str = ""
    header_row: int = 1

    def __iter__(self):
        for number, cells in self.rows:
            yield number, dict(zip(self.keys, cells, strict=True))

    def __len__(self):
        return len(self.rows)


def too_big_message(max_bytes):
    return _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}


def too_many_rows_message(layout):
    return _(
        "The sheet has more than %(n)d rows, blank rows included: delete the empty rows below "
        "the data, or split the file."
    ) % {"n": layout.max_sheet_rows}


def read_table(data, filename, layout):
    """The file's data rows under the layout's column keys; raises FileError when unreadable."""
    if len(data) > layout.max_bytes:
        raise FileError(too_big_message(layout.max_bytes))
    if not data.strip():
        raise FileError(_("The file is empty."))
    name = filename.lower()
    if data[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        return _read_workbook(data, layout)
    if name.endswith(".xls") or data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileError(_("Old .xls workbooks cannot be read: save the file as .xlsx or .csv."))
    return _read_sheet(_csv_rows(data, layout), layout)


def _decode(data):
    encodings = ("utf-8-sig", "gb18030")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings = ("utf-16",)
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file is not text in UTF-8 or GB18030 (GBK)."))


def _csv_rows(data, layout):
    """The file's records, read one at a time, so that the row cap stops a long file early."""
    text = _decode(data)
    if "\x00" in text:
        raise FileError(_("The file is neither a CSV file nor an Excel workbook (.xlsx)."))
    first_line = next((line for line in _checked_lines(text, layout) if line.strip()), "")
    delimiter = max(",\t;", key=first_line.count)
    try:
        yield from csv.reader(_checked_lines(text, layout), delimiter=delimiter)
    except csv.Error as exc:
        raise FileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def _checked_lines(text, layout):
    """The lines of the text, refused when one is too long or there are too many (a cell may
    hold a line break, so a row may take more than one line, but not many more)."""
    most = layout.max_sheet_rows * LINES_PER_ROW
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise FileError(
                _("Line %(line)d is longer than %(n)d characters; this is not a table's row.")
                % {"line": number, "n": MAX_LINE_CHARS}
            )
        if number > most:
            raise FileError(
                _("The file has more than %(n)d lines; split it into smaller files.") % {"n": most}
            )
        yield line


def _read_workbook(data, layout):
    from openpyxl import load_workbook

    from .archive import check_archive

    check_archive(data, layout)
    try:
        # Formulas as formulas, not their saved results: they are refused (see _formulas).
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise FileError(_("The file cannot be read as an Excel workbook (.xlsx).")) from exc
    except Exception as exc:  # openpyxl has its own exceptions for damaged workbooks
        raise FileError(_("The file cannot be read as an Excel workbook (.xlsx).")) from exc
    try:
        first_error, table, more = None, None, []
        skipped = instructions_titles()
        for sheet in workbook.worksheets:
            if sheet.title in skipped:
                continue
            sheet.reset_dimensions()  # some writers record a wrong used range
            try:
                found = _read_sheet(sheet.iter_rows(values_only=True), layout)
            except HeaderError as error:
                first_error = first_error or error
                continue
            found.sheet = sheet.title
            if table is None:
                table = found
            elif found.rows:
                more.append(sheet.title)
        if more:
            raise FileError(
                _(
                    "More than one sheet holds data with these columns: %(sheets)s. Import one "
                    "sheet at a time (one sheet per file), so that none is left out."
                )
                % {"sheets": "、".join(f"“{title}”" for title in [table.sheet, *more])}
            )
        if table is not None:
            return table
        if first_error is None:
            raise FileError(_("The workbook has no sheets."))
        if len(workbook.sheetnames) > 1:
            first_error.messages.append(
                _("No sheet of the workbook has these columns (sheets: %(sheets)s).")
                % {"sheets": "、".join(workbook.sheetnames)}
            )
        raise first_error
    except FileError:
        raise
    except Exception as exc:  # a damaged sheet part shows only while iterating
        raise FileError(_("The file cannot be read as an Excel workbook (.xlsx).")) from exc
    finally:
        workbook.close()


def _read_sheet(rows, layout):
    numbered = enumerate(_capped(rows, layout), start=1)
    header_row, header_cells = _find_header(numbered, layout)
    positions = _header_positions(header_cells, header_row, layout)
    table = Table(keys=list(positions), header_row=header_row)
    formulas = []
    for number, cells in numbered:
        values = tuple(cells[i] if i < len(cells) else None for i in positions.values())
        if all(blank(value) for value in values):
            continue
        if len(table.rows) >= layout.max_rows:
            raise FileError(
                _("The file has more than %(n)d data rows; split it into smaller files.")
                % {"n": layout.max_rows}
            )
        formulas.extend(_formulas(number, positions, values, layout))
        table.rows.append((number, values))
    if formulas:
        raise FileError(*_formula_messages(formulas))
    return table


def _capped(rows, layout):
    """The rows, refused past the sheet's row cap or with a value beyond MAX_COLUMNS."""
    for number, cells in enumerate(rows, start=1):
        if number > layout.max_sheet_rows:
            raise FileError(too_many_rows_message(layout))
        if len(cells) > MAX_COLUMNS and not all(blank(cell) for cell in cells[MAX_COLUMNS:]):
            raise FileError(
                _("Row %(row)d has values beyond column %(n)d; this import reads no more.")
                % {"row": number, "n": MAX_COLUMNS}
            )
        yield cells


def _is_formula(value):
    if isinstance(value, str):
        return value.lstrip().startswith("=")
    return value is not None and not isinstance(value, int | float | date | time | timedelta)


def _formulas(number, positions, values, layout):
    """(row, column label, formula) of each formula among a row's values."""
    return [
        (number, layout.labels[key], str(getattr(value, "text", value)))
        for key, value in zip(positions, values, strict=True)
        if _is_formula(value)
    ]


def _formula_messages(formulas):
    messages = [
        _(
            "Row %(row)d, %(column)s: a formula (%(formula)s). Enter the value itself: copy "
            "the column and paste it as values."
        )
        % {"row": row, "column": column, "formula": shown(formula)}
        for row, column, formula in formulas[:FORMULAS_LISTED]
    ]
    if len(formulas) > FORMULAS_LISTED:
        messages.append(
            _("… and %(n)d more cells with formulas.") % {"n": len(formulas) - FORMULAS_LISTED}
        )
    return messages


def _find_header(numbered, layout):
    """(row number, cells) of the header: the first row naming every required column, looked
    for in the first rows so that a title above it does no harm; else the first non-empty row."""
    first = None
    for number, cells in numbered:
        if all(blank(cell) for cell in cells):
            continue
        cells = list(cells)
        first = first or (number, cells)
        if set(layout.required) <= {layout.column_of(cell) for cell in cells}:
            return number, cells
        if number - first[0] >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise HeaderError(_("The file is empty."))
    return first


def _header_positions(cells, row, layout):
    """{column key: cell index} of a header row; HeaderError with every problem found."""
    positions, unknown, repeated = {}, [], []
    for index, cell in enumerate(cells):
        key = layout.column_of(cell)
        if key is None:
            if not blank(cell):
                unknown.append(str(cell).strip())
        elif key in positions:
            repeated.append(layout.labels[key])
        else:
            positions[key] = index
    problems = []
    missing = [layout.labels[key] for key in layout.required if key not in positions]
    if missing:
        problems.append(
            _("Row %(row)d must name the columns; missing: %(columns)s. Download the template.")
            % {"row": row, "columns": ", ".join(missing)}
        )
    if unknown and not layout.allow_unknown:
        problems.append(
            _(
                "Row %(row)d names columns this import does not know: %(unknown)s. "
                "The columns are: %(columns)s."
            )
            % {
                "row": row,
                "unknown": "、".join(f"“{cell}”" for cell in unknown),
                "columns": "、".join(layout.labels.values()),
            }
        )
    if repeated:
        problems.append(
            _("Row %(row)d names a column twice: %(columns)s.")
            % {"row": row, "columns": "、".join(repeated)}
        )
    if problems:
        raise HeaderError(*problems, header=[str(cell or "") for cell in cells])
    return positions
