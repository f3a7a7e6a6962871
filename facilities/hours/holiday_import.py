"""The county holiday calendar from a spreadsheet (CSV or XLSX) or from the `holidays` package.

One sheet, one row per day or vacation; the first row names the columns (Chinese or English,
either is recognised, so "日期 date" works too):

    date / 日期                the day, or a vacation's first: 2026-10-01, 2026/10/1, 2026年10月1日
    kind / 类型                法定节假日 (holiday), 调休上班 (workday), 寒假 or 暑假 (vacation)
    name / 名称                国庆节 …; optional for a moved working day and for 寒假/暑假
    follows_weekday / 按星期几  moved working days only: 1–7 or 周一…周日 (default: Monday)
    last_day / 结束日期         vacations only: the last day of the vacation

The file is read by the shared reader of the bureau's imports (facilities/imports/reading.py).
Reading, checking and planning never write: `plan_import` says what would change and lists every
bad row with its row number (the spreadsheet's own numbering, the header being row 1).
`import_file` writes only when no row is bad, in one transaction (`apply`), planning again inside
it, so importing the same file twice changes nothing the second time. Days already in the
calendar but missing from the file are kept and listed, never deleted here.
"""

import io
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from ..imports.base import Tally
from ..imports.cells import CellError, blank, check_text, parse_date, text, word
from ..imports.reading import FileError, Layout, RowProblem, read_table
from ..imports.sheet_templates import instructions_title
from .fields import WEEKDAY_CHOICES
from .models import CalendarDay, DayKind, SchoolVacation

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_VACATION_DAYS = 120
FIRST_YEAR, LAST_YEAR = 2000, 2100
NAME_MAX = 50
DEFAULT_WORKDAY_NAME = "调休上班"

HOLIDAY, WORKDAY, VACATION = DayKind.PUBLIC_HOLIDAY.value, DayKind.WORKDAY.value, "vacation"

# Column -> the header words that name it (compared in lower case, token by token).
COLUMNS = {
    "date": {"date", "日期", "first_day", "开始日期", "日期/开始日期"},
    "kind": {"kind", "类型", "类别"},
    "name": {"name", "名称", "节日"},
    "follows_weekday": {"follows_weekday", "按星期几", "按星期", "作息"},
    "last_day": {"last_day", "结束日期", "截止日期"},
}
REQUIRED_COLUMNS = ("date", "kind")
TEMPLATE_HEADERS = {
    "date": "日期 date",
    "kind": "类型 kind",
    "name": "名称 name",
    "follows_weekday": "按星期几 follows_weekday",
    "last_day": "结束日期 last_day",
}
LAYOUT = Layout(
    words={key: frozenset(word(name) for name in names) for key, names in COLUMNS.items()},
    required=REQUIRED_COLUMNS,
    labels=TEMPLATE_HEADERS,
    max_rows=MAX_ROWS,
    max_bytes=MAX_FILE_BYTES,
    allow_unknown=True,
)

# The words of the kind column (compared in lower case) -> the kind.
KINDS = {
    "法定节假日": HOLIDAY,
    "节假日": HOLIDAY,
    "假日": HOLIDAY,
    "休息日": HOLIDAY,
    "放假": HOLIDAY,
    "holiday": HOLIDAY,
    "public holiday": HOLIDAY,
    "调休上班": WORKDAY,
    "上班": WORKDAY,
    "补班": WORKDAY,
    "workday": WORKDAY,
    "working day": WORKDAY,
    "寒假": VACATION,
    "暑假": VACATION,
    "假期": VACATION,
    "vacation": VACATION,
}
VACATION_DEFAULT_NAMES = {"寒假": "{year}年寒假", "暑假": "{year}年暑假"}

WEEKDAY_WORDS = {}
for _index, _names in enumerate(
    [
        ("一", "周一", "星期一", "礼拜一", "monday", "mon"),
        ("二", "周二", "星期二", "礼拜二", "tuesday", "tue"),
        ("三", "周三", "星期三", "礼拜三", "wednesday", "wed"),
        ("四", "周四", "星期四", "礼拜四", "thursday", "thu"),
        ("五", "周五", "星期五", "礼拜五", "friday", "fri"),
        ("六", "周六", "星期六", "礼拜六", "saturday", "sat"),
        ("日", "周日", "星期日", "星期天", "礼拜日", "礼拜天", "周天", "sunday", "sun"),
    ]
):
    for _word in (*_names, str(_index + 1)):
        WEEKDAY_WORDS[_word] = _index


@dataclass
class Record:
    """One good row: a calendar day (holiday or moved working day) or a school vacation."""

    row: int
    kind: str
    date: date
    name: str
    follows_weekday: int = 0
    last_day: date | None = None

    def to_json(self):
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["last_day"] = self.last_day.isoformat() if self.last_day else None
        return data

    @classmethod
    def from_json(cls, data):
        return cls(
            row=int(data["row"]),
            kind=data["kind"],
            date=date.fromisoformat(data["date"]),
            name=data["name"],
            follows_weekday=int(data.get("follows_weekday") or 0),
            last_day=date.fromisoformat(data["last_day"]) if data.get("last_day") else None,
        )

    @property
    def kind_label(self):
        if self.kind == VACATION:
            return _("School vacation")
        return DayKind(self.kind).label

    @property
    def follows_label(self):
        return WEEKDAY_CHOICES[self.follows_weekday][1] if self.kind == WORKDAY else ""


@dataclass
class Change:
    """What applying a record does: "create", "update" or "unchanged"; `before` for updates."""

    action: str
    record: Record
    before: str = ""


@dataclass
class ImportPlan(Tally):
    records: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # calendar days of the file's years not in it

    @property
    def ok(self):
        return not self.errors and bool(self.records)


# ---------------------------------------------------------------------------------------------
# Checking rows
# ---------------------------------------------------------------------------------------------


def parse_weekday(value):
    """0 (Monday) … 6 (Sunday) from 1–7, 周一…周日, 星期三, Monday…; None when unreadable."""
    return WEEKDAY_WORDS.get(text(value).lower())


def _weekday_name(day):
    return str(WEEKDAY_CHOICES[day.weekday()][1])


def check_rows(table, *, allow_vacations=True):
    """Records, errors and warnings of the rows: every bad row with its number and the reason."""
    records, errors, warnings = [], [], []
    seen_days = {}
    vacations = []
    for number, values in table:
        problems = []
        raw_date = values.get("date")
        day = parse_date(raw_date)
        if blank(raw_date):
            problems.append(_("The date is missing."))
        elif day is None:
            problems.append(
                _("“%(value)s” is not a date; write it as 2026-10-01.") % {"value": text(raw_date)}
            )
        elif not FIRST_YEAR <= day.year <= LAST_YEAR:
            problems.append(_("The year %(year)d is out of range.") % {"year": day.year})
            day = None

        kind_word = text(values.get("kind"))
        kind = KINDS.get(kind_word.lower())
        if not kind_word:
            problems.append(_("The kind is missing: 法定节假日, 调休上班, 寒假 or 暑假."))
        elif kind is None:
            problems.append(
                _("Unknown kind “%(value)s”: use 法定节假日, 调休上班, 寒假 or 暑假.")
                % {"value": kind_word}
            )

        name = text(values.get("name"))
        try:
            check_text(name)
        except CellError as error:
            problems.append(
                _("%(column)s: %(problem)s")
                % {"column": TEMPLATE_HEADERS["name"], "problem": error}
            )
        if len(name) > NAME_MAX:
            problems.append(_("The name is longer than %(n)d characters.") % {"n": NAME_MAX})

        follows = 0
        raw_follows = values.get("follows_weekday")
        if not blank(raw_follows):
            parsed = parse_weekday(raw_follows)
            if kind in (HOLIDAY, VACATION):
                warnings.append(
                    RowProblem(
                        number,
                        _("“Follows weekday” applies to moved working days only; ignored."),
                    )
                )
            elif parsed is None:
                problems.append(
                    _("“%(value)s” is not a weekday: write 1–7 or 周一…周日.")
                    % {"value": text(raw_follows)}
                )
            else:
                follows = parsed

        last_day = None
        raw_last = values.get("last_day")
        if kind == VACATION:
            last_day = parse_date(raw_last)
            if blank(raw_last):
                problems.append(_("A vacation needs its last day (column last_day)."))
            elif last_day is None:
                problems.append(
                    _("The last day “%(value)s” is not a date; write it as 2026-08-31.")
                    % {"value": text(raw_last)}
                )
            elif day and last_day < day:
                problems.append(_("The vacation ends before it starts."))
            elif day and (last_day - day).days + 1 > MAX_VACATION_DAYS:
                problems.append(
                    _("A vacation of more than %(n)d days: check the dates.")
                    % {"n": MAX_VACATION_DAYS}
                )
            if not allow_vacations:
                problems.append(_("You may not change school vacations."))
            if not name and day:
                pattern = VACATION_DEFAULT_NAMES.get(kind_word)
                if pattern:
                    name = pattern.format(year=day.year)
                else:
                    problems.append(_("Give the vacation's name, for example 2026年暑假."))
        elif not blank(raw_last):
            warnings.append(RowProblem(number, _("“Last day” applies to vacations only; ignored.")))

        if kind == HOLIDAY and not name:
            problems.append(_("Give the holiday's name, for example 国庆节."))
        if kind == WORKDAY:
            name = name or DEFAULT_WORKDAY_NAME
            if day and day.weekday() < 5:
                problems.append(
                    _(
                        "%(date)s is a %(weekday)s, already a working day: a moved working "
                        "day is a Saturday or Sunday."
                    )
                    % {"date": day.isoformat(), "weekday": _weekday_name(day)}
                )

        if day and kind in (HOLIDAY, WORKDAY):
            if day in seen_days:
                problems.append(
                    _("%(date)s is also in row %(row)d.")
                    % {"date": day.isoformat(), "row": seen_days[day]}
                )
            else:
                seen_days[day] = number
        if day and kind == VACATION and last_day and last_day >= day:
            clash = next((v for v in vacations if v[1] <= last_day and day <= v[2]), None)
            # A vacation is found again by its name and year, so both must be unique.
            namesake = next((v for v in vacations if v[3] == name and v[1].year == day.year), None)
            if clash:
                problems.append(
                    _("This vacation overlaps the one in row %(row)d.") % {"row": clash[0]}
                )
            elif namesake:
                problems.append(
                    _("The vacation “%(name)s” of %(year)d is also in row %(row)d.")
                    % {"name": name, "year": day.year, "row": namesake[0]}
                )
            else:
                vacations.append((number, day, last_day, name))

        if problems:
            errors.extend(RowProblem(number, message) for message in problems)
            continue
        records.append(
            Record(
                row=number,
                kind=kind,
                date=day,
                name=name,
                follows_weekday=follows if kind == WORKDAY else 0,
                last_day=last_day,
            )
        )
    return records, errors, warnings


# ---------------------------------------------------------------------------------------------
# Planning and applying
# ---------------------------------------------------------------------------------------------


def _day_values(day):
    if day.kind == WORKDAY:
        return (day.kind, day.name, day.follows_weekday)
    return (day.kind, day.name)


def _describe_day(day):
    description = f"{day.get_kind_display()} · {day.name}"
    if day.kind == WORKDAY:
        description += " · " + str(
            _("follows %(weekday)s") % {"weekday": WEEKDAY_CHOICES[day.follows_weekday][1]}
        )
    return description


def _vacation_match(record, vacations):
    same_name = [
        v for v in vacations if v.name == record.name and v.first_day.year == record.date.year
    ]
    if same_name:
        return same_name[0]
    return next(
        (v for v in vacations if v.first_day == record.date and v.last_day == record.last_day),
        None,
    )


def plan_records(records, *, errors=(), warnings=()):
    """Compare good records with the calendar: what would be added, changed or stay."""
    plan = ImportPlan(records=list(records), errors=list(errors), warnings=list(warnings))
    day_records = [r for r in records if r.kind != VACATION]
    existing = {
        d.date: d for d in CalendarDay.objects.filter(date__in=[r.date for r in day_records])
    }
    for record in sorted(records, key=lambda r: (r.date, r.row)):
        if record.kind == VACATION:
            continue
        current = existing.get(record.date)
        if current is None:
            plan.changes.append(Change("create", record))
            continue
        wanted = CalendarDay(
            date=record.date,
            kind=record.kind,
            name=record.name,
            follows_weekday=record.follows_weekday,
        )
        if _day_values(current) == _day_values(wanted):
            plan.changes.append(Change("unchanged", record))
        else:
            plan.changes.append(Change("update", record, before=_describe_day(current)))

    vacation_records = [r for r in records if r.kind == VACATION]
    if vacation_records:
        vacations = list(SchoolVacation.objects.all())
        for record in sorted(vacation_records, key=lambda r: r.date):
            current = _vacation_match(record, vacations)
            if current is None:
                plan.changes.append(Change("create", record))
            elif (current.name, current.first_day, current.last_day) == (
                record.name,
                record.date,
                record.last_day,
            ):
                plan.changes.append(Change("unchanged", record))
            else:
                plan.changes.append(Change("update", record, before=str(current)))
            others = [
                v
                for v in vacations
                if v is not current and v.first_day <= record.last_day and record.date <= v.last_day
            ]
            for other in others:
                plan.warnings.append(
                    RowProblem(
                        record.row,
                        _("Overlaps the vacation already in the calendar: %(vacation)s.")
                        % {"vacation": other},
                    )
                )

    years = sorted({r.date.year for r in day_records})
    if years:
        in_file = {r.date for r in day_records}
        plan.kept = [
            day
            for day in CalendarDay.objects.filter(date__year__in=years).order_by("date")
            if day.date not in in_file
        ]
    return plan


def plan_import(data, filename="", *, allow_vacations=True):
    """Read and check a file and compare it with the calendar; writes nothing."""
    try:
        table = read_table(data, filename, LAYOUT)
    except FileError as error:
        return ImportPlan(errors=[RowProblem(0, message) for message in error.messages])
    records, errors, warnings = check_rows(table, allow_vacations=allow_vacations)
    if not table:
        errors.append(RowProblem(0, _("The file has a header but no data rows.")))
    return plan_records(records, errors=errors, warnings=warnings)


def import_file(data, filename="", *, dry_run=False, allow_vacations=True):
    """Plan a file and, unless `dry_run` or a row is bad, apply it: all rows or none."""
    plan = plan_import(data, filename, allow_vacations=allow_vacations)
    if dry_run or not plan.ok:
        return plan
    applied = apply(plan.records)
    applied.warnings = plan.warnings
    return applied


def apply(records):
    """Write records in one transaction; plans again inside it so a repeat changes nothing.

    Returns the plan that was applied. Raises FileError, leaving everything as it was,
    when the calendar changed under the import (another import of the same dates at once).
    """
    try:
        with transaction.atomic():
            plan = plan_records(records)
            vacations = list(SchoolVacation.objects.select_for_update())
            for change in plan.changes:
                record = change.record
                if change.action == "unchanged":
                    continue
                if record.kind == VACATION:
                    current = _vacation_match(record, vacations)
                    vacation = current or SchoolVacation()
                    vacation.name = record.name
                    vacation.first_day = record.date
                    vacation.last_day = record.last_day
                    vacation.save()
                    if current is None:
                        vacations.append(vacation)
                    continue
                CalendarDay.objects.update_or_create(
                    date=record.date,
                    defaults={
                        "kind": record.kind,
                        "name": record.name,
                        "follows_weekday": record.follows_weekday,
                    },
                )
    except IntegrityError as exc:
        raise FileError(
            _("The calendar changed while importing; nothing was saved. Please try again.")
        ) from exc
    return plan


# ---------------------------------------------------------------------------------------------
# Prefill from the `holidays` package
# ---------------------------------------------------------------------------------------------

_SUBSTITUTE_PREFIX = "休息日"
FESTIVAL_REACH_DAYS = 15
# The days around New Year's Eve are the Spring Festival break.
FESTIVAL_OF = {"农历除夕": "春节"}


def china_records(year):
    """Records for a year from `holidays.China`: public holidays and moved working days.

    - A day off moved from a weekend (the package calls it "休息日（由 <workday> 调休）") is named
      after its festival: "国庆节（调休）".
    - A Saturday or Sunday joined to a holiday, and not a working day, is part of the break as the
      State Council announces it ("10月1日至7日放假调休，共7天"): the package leaves such days out
      because they are weekend days anyway, but the planner must give them holiday hours too.
    - A moved working day keeps the school-day hours of the weekday whose day off it pays for
      (Monday when the package names none) and is called "<festival>调休上班".
    Vacations are not in the package: the province sets them, the bureau enters them.
    """
    import holidays

    calendar = holidays.China(years=year, language="zh_CN")
    named = {day: str(name) for day, name in calendar.items() if day.year == year}
    workdays = sorted(day for day in calendar.weekend_workdays if day.year == year)
    festivals = sorted(
        (day, FESTIVAL_OF.get(name, re.sub(r"（.*?）", "", name)))
        for day, name in named.items()
        if not name.startswith(_SUBSTITUTE_PREFIX)
    )

    def festival_near(day):
        if not festivals:
            return None
        nearest_day, name = min(festivals, key=lambda item: abs((item[0] - day).days))
        return name if abs((nearest_day - day).days) <= FESTIVAL_REACH_DAYS else None

    days = {}
    for day, name in named.items():
        if name.startswith(_SUBSTITUTE_PREFIX) and festival_near(day):
            name = f"{festival_near(day)}（调休）"
        days[day] = name
    for day in sorted(named):
        for step in (timedelta(days=1), timedelta(days=-1)):
            joined = day + step
            while (
                joined.weekday() >= 5
                and joined.year == year
                and joined not in named
                and joined not in workdays
            ):
                days.setdefault(joined, festival_near(joined) or days[day])
                joined += step

    records = [
        Record(row=number, kind=HOLIDAY, date=day, name=name[:NAME_MAX])
        for number, (day, name) in enumerate(sorted(days.items()), start=1)
    ]
    for number, workday in enumerate(workdays, start=len(records) + 1):
        day_off = next((d for d, n in named.items() if workday.isoformat() in n), None)
        follows = day_off.weekday() if day_off and day_off.weekday() < 5 else 0
        festival = festival_near(day_off or workday)
        name = f"{festival}{DEFAULT_WORKDAY_NAME}" if festival else DEFAULT_WORKDAY_NAME
        records.append(
            Record(row=number, kind=WORKDAY, date=workday, name=name, follows_weekday=follows)
        )
    return records


def plan_china_year(year):
    """A dry run of the prefill for a year; an error, not an exception, when there is nothing."""
    try:
        records = china_records(year)
    except (ImportError, KeyError, ValueError) as exc:
        return ImportPlan(
            errors=[
                RowProblem(
                    0,
                    _("The holidays package cannot give %(year)d: %(error)s")
                    % {"year": year, "error": exc},
                )
            ]
        )
    if not records:
        return ImportPlan(
            errors=[
                RowProblem(0, _("The holidays package has no dates for %(year)d.") % {"year": year})
            ]
        )
    plan = plan_records(records)
    if not any(r.kind == WORKDAY for r in records):
        plan.warnings.append(
            RowProblem(
                0,
                _(
                    "No moved working days for %(year)d yet: the State Council announces them "
                    "late in the year before. Check the list against the official notice."
                )
                % {"year": year},
            )
        )
    return plan


# ---------------------------------------------------------------------------------------------
# The template workbook
# ---------------------------------------------------------------------------------------------


def template_workbook():
    """An .xlsx with the header row, a pick list for the kind and a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "节假日 holidays"
    sheet.append(list(TEMPLATE_HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (16, 14, 24, 26, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    kinds = DataValidation(
        type="list", formula1='"法定节假日,调休上班,寒假,暑假"', allow_blank=False
    )
    kinds.add("B2:B1000")
    sheet.add_data_validation(kinds)
    for row in range(2, 1001):
        sheet.cell(row=row, column=1).number_format = "yyyy-mm-dd"
        sheet.cell(row=row, column=5).number_format = "yyyy-mm-dd"

    notes = workbook.create_sheet(instructions_title())
    lines = [
        _("Fill in the first sheet, one row per day; row 1 names the columns. Leave it as is."),
        _("date: the day, for example 2026-10-01 (for a vacation: its first day)."),
        _(
            "kind: 法定节假日 (public holiday, day off), 调休上班 (a Saturday or Sunday that is a "
            "working day), 寒假 or 暑假 (school vacations)."
        ),
        _("name: the holiday's name, for example 国庆节; optional for the other kinds."),
        _(
            "follows_weekday: for a moved working day, the weekday whose school-day hours it "
            "keeps: 1–7 or 周一…周日. Empty: Monday."
        ),
        _("last_day: for a vacation, its last day."),
        _(
            "Every row is checked first; if any row is wrong nothing is saved and every wrong "
            "row is listed with its number. Importing the same file again changes nothing."
        ),
        _("The file can also be saved as CSV (UTF-8 or GBK) with the same columns."),
        "",
        _("Examples:"),
    ]
    for line in lines:
        notes.append([str(line)])
    notes.append(list(TEMPLATE_HEADERS.values()))
    for example in (
        ("2026-10-01", "法定节假日", "国庆节", "", ""),
        ("2026-09-20", "调休上班", "国庆节调休上班", "周二", ""),
        ("2026-07-11", "暑假", "2026年暑假", "", "2026-08-31"),
    ):
        notes.append(list(example))
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def calendar_summary():
    """[(year, holidays, moved working days, vacations)] in the calendar, newest first."""
    summary = {}

    def counts(year):
        return summary.setdefault(year, {"holidays": 0, "workdays": 0, "vacations": 0})

    days = (
        CalendarDay.objects.annotate(year=ExtractYear("date"))
        .values("year", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in days:
        counts(row["year"])["workdays" if row["kind"] == WORKDAY else "holidays"] += row["n"]
    vacations = (
        SchoolVacation.objects.annotate(year=ExtractYear("first_day"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in vacations:
        counts(row["year"])["vacations"] += row["n"]
    return [
        (year, c["holidays"], c["workdays"], c["vacations"])
        for year, c in sorted(summary.items(), reverse=True)
    ]
