"""Turning spreadsheet cells into Python values, the same way for every import.

A cell is whatever the reader gives: text from a CSV file; text, a number, a bool, a date or a
datetime from an XLSX cell. Each parser returns the value or raises CellError with a translated
reason that the importer reports with the row number and the column's header.
"""

import math
import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.utils import translation
from django.utils.translation import gettext as _


class CellError(ValueError):
    """One cell cannot be read; the message says why and how to write it."""


def blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def text(value):
    """The cell as trimmed text; 1001.0 from Excel becomes "1001", as the sheet shows it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time.min else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# What an XLSX file cannot hold (openpyxl refuses them), so the exports would break on them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SHOWN_CHARS = 30


def shown(value):
    """The cell for a message: as text, cut short when it is very long."""
    cell = text(value)
    return cell if len(cell) <= SHOWN_CHARS else cell[: SHOWN_CHARS - 1] + "…"


def check_text(cell):
    """Refuses text with a control character (a vertical tab, a form feed …); returns it."""
    found = _CONTROL.search(cell)
    if found:
        raise CellError(
            _(
                "The text contains an invisible control character (U+%(code)04X) that "
                "spreadsheets cannot hold: delete it and type the text again."
            )
            % {"code": ord(found.group())}
        )
    return cell


def to_text(value):
    """The parser of plain text columns: the trimmed cell, without control characters."""
    return check_text(text(value))


def word(value):
    """A cell as a comparable word: full-width forms folded (ＡＢ→ab, （）→()), spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text(value)).lower()
    return re.sub(r"\s+", " ", folded).strip()


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value):
    """A date from a cell: a date, a datetime, or text such as 2026-10-01 or 2026年10月1日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    cell = re.sub(r"\s+00:00(:00)?$", "", text(value))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(cell)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def to_date(value):
    day = parse_date(value)
    if day is None:
        raise CellError(
            _("“%(value)s” is not a date; write it as 2026-10-01.") % {"value": text(value)}
        )
    return day


_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def to_decimal(value):
    """A number as Decimal: 1,234.5 and full-width digits are read; 1.5e3 and NaN are not."""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": shown(value)})
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        cell = value.strip() if isinstance(value, str) else text(value)
        try:
            number = Decimal(cell)
        except InvalidOperation:
            cell = unicodedata.normalize("NFKC", cell).replace(" ", "")
            try:
                number = Decimal(cell.replace(",", "") if _GROUPED.match(cell) else cell)
            except InvalidOperation:
                number = None
    if number is None or not number.is_finite() or "e" in str(number).lower():
        raise CellError(_("“%(value)s” is not a number.") % {"value": shown(value)})
    return number


MAX_INT_DIGITS = 15  # far above any count the registry keeps, far below what a database holds


def _too_large(value):
    return CellError(_("“%(value)s” has too many digits.") % {"value": shown(value)})


def to_int(value):
    """A whole number; one of more than 15 digits is refused here, before any query sees it."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10**MAX_INT_DIGITS:
            raise _too_large(value)
        return value
    if isinstance(value, str) and value.isascii() and value.strip().isdigit():
        if len(value.strip().lstrip("0")) > MAX_INT_DIGITS:
            raise _too_large(value)
        return int(value)
    number = to_decimal(value)
    if number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": shown(value)})
    if number and number.adjusted() >= MAX_INT_DIGITS:
        raise _too_large(value)
    return int(number)


def year_between(first, last):
    """A parser of years from `first` to `last`, as the model's validators allow."""

    def parse_year(value):
        try:
            year = to_int(value)
        except CellError:
            year = None
        if year is None or not first <= year <= last:
            raise CellError(
                _("“%(value)s” is not a year from %(first)d to %(last)d.")
                % {"value": shown(value), "first": first, "last": last}
            )
        return year

    return parse_year


def to_float(value):
    if isinstance(value, str):
        value = value.strip().rstrip("°")
    number = float(to_decimal(value))
    if not math.isfinite(number):
        raise _too_large(value)
    return number


def at_least(minimum, parse=to_decimal):
    """A parser that refuses numbers below `minimum`, for rules the model leaves to the database."""

    def parse_bounded(value):
        number = parse(value)
        if number < minimum:
            raise CellError(
                _("%(value)s is less than %(minimum)s.")
                % {"value": shown(number), "minimum": minimum}
            )
        return number

    return parse_bounded


def more_than(minimum, parse=to_decimal):
    def parse_bounded(value):
        number = parse(value)
        if number <= minimum:
            raise CellError(
                _("%(value)s must be more than %(minimum)s.")
                % {"value": shown(number), "minimum": minimum}
            )
        return number

    return parse_bounded


YES_WORDS = {"是", "有", "对", "yes", "y", "true", "1", "√", "✓"}
NO_WORDS = {"否", "无", "不", "no", "n", "false", "0", "×", "✗"}


def to_bool(value):
    if isinstance(value, bool):
        return value
    cell = value.strip() if isinstance(value, str) else ""
    if cell not in YES_WORDS and cell not in NO_WORDS:
        cell = word(value)
    if cell in YES_WORDS:
        return True
    if cell in NO_WORDS:
        return False
    raise CellError(_("“%(value)s” is neither 是 nor 否 (yes/no, 1/0).") % {"value": text(value)})


class Words:
    """A fixed vocabulary: the words a sheet may use for each value of a choice field.

    Accepted: the codes, the English labels, the labels of the Chinese catalogue and the
    survey's own Chinese words given here (so matching does not hang on the catalogue alone).
    `shown` are the words the template and the error messages offer.
    """

    def __init__(self, choices, chinese, *, extra=None):
        self.choices = choices
        self.chinese = chinese  # value -> the preferred Chinese word, as the template writes it
        self.extra = extra or {}  # value -> further accepted words

    @cached_property
    def mapping(self):
        words = {}
        for value, label in self.choices.choices:
            synonyms = [value, self.chinese.get(value, ""), *self.extra.get(value, ())]
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    synonyms.append(str(label))
            english = re.sub(r"\s*\(.*?\)\s*", " ", synonyms[-2]).strip()
            for synonym in (*synonyms, english):
                words.setdefault(word(synonym), value)
        words.pop("", None)
        return words

    @property
    def shown(self):
        return [self.chinese.get(value, value) for value in self.choices.values]

    def __call__(self, value):
        found = self.mapping.get(value.strip()) if isinstance(value, str) else None
        if found is None:
            found = self.mapping.get(word(value))
        if found is None:
            raise CellError(
                _("Unknown value “%(value)s”: use one of %(words)s.")
                % {"value": text(value), "words": "、".join(self.shown)}
            )
        return found
