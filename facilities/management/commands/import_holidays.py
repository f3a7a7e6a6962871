"""`python manage.py import_holidays FILE [--dry-run]`: the county holiday calendar from a
spreadsheet (CSV or XLSX, columns as in the admin's template), all rows or none.

`python manage.py import_holidays --china-year 2026 [--dry-run]` takes a year's public holidays and
moved working days from the `holidays` package instead. The logic is in
facilities/hours/holiday_import.py; a bad row stops everything and is listed with its number.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from facilities.hours import holiday_import
from facilities.imports.console import report_problems
from facilities.imports.reading import FileError, too_big_message


class Command(BaseCommand):
    help = (
        "Import public holidays, moved working days (调休上班) and school vacations from a CSV or "
        "XLSX file; nothing is saved when any row is bad. Re-importing the same file changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="The .xlsx or .csv file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change and save nothing."
        )
        parser.add_argument(
            "--china-year",
            type=int,
            metavar="YEAR",
            help="Instead of a file, take the year's holidays from the holidays package.",
        )

    def handle(self, *args, file=None, dry_run=False, china_year=None, **options):
        if bool(file) == bool(china_year):
            raise CommandError(_("Give either a FILE or --china-year YEAR."))
        if china_year:
            plan = holiday_import.plan_china_year(china_year)
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(_("No such file: %(file)s") % {"file": file})
            if path.stat().st_size > holiday_import.MAX_FILE_BYTES:
                raise CommandError(too_big_message(holiday_import.MAX_FILE_BYTES))
            plan = holiday_import.plan_import(path.read_bytes(), path.name)

        report_problems(self, plan)

        for change in plan.changes:
            if change.action == "unchanged":
                continue
            record = change.record
            span = record.date.isoformat()
            if record.last_day:
                span += f"–{record.last_day.isoformat()}"
            verb = _("add") if change.action == "create" else _("change")
            line = f"{verb}: {span} {record.kind_label} {record.name}"
            if record.follows_label:
                line += f" ({record.follows_label})"
            if change.before:
                line += " " + _("[was: %(before)s]") % {"before": change.before}
            self.stdout.write(line)
        for day in plan.kept:
            self.stdout.write(_("kept, not in the file: %(day)s") % {"day": day})

        if dry_run:
            self.stdout.write(_("Dry run, nothing saved.") + " " + plan.summary())
            return
        if not plan.has_changes:
            self.stdout.write(_("Nothing to change; nothing was written.") + " " + plan.summary())
            return
        try:
            applied = holiday_import.apply(plan.records)
        except FileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("Imported.") + " " + applied.done_summary()))
