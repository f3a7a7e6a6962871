"""`python manage.py import_data KIND FILE [--dry-run]`: one of the bureau's spreadsheets (CSV or
XLSX) into the database, all rows or none; `--template PATH` writes the sheet to fill in.

KIND is population, facilities, communities, exercise or physique. A progress bar goes to
stderr, then every bad row with its number; the exit status is non-zero when any row is bad.
A file that changes nothing writes nothing, not even the import log. The logic is in
facilities/imports/.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from tqdm import tqdm

from facilities.imports.base import Progress
from facilities.imports.console import report_problems, row_prefix
from facilities.imports.kinds import IMPORTERS, importer_for
from facilities.imports.reading import too_big_message
from facilities.imports.sheet_templates import template_csv, template_xlsx


class BarProgress(Progress):
    """One tqdm bar per stage (checking, comparing, saving) on the command's stderr."""

    def __init__(self, stream):
        self.stream = stream
        self.bar = None

    def stage(self, label, total):
        self.close()
        self.bar = tqdm(
            total=total,
            desc=str(label),
            unit=pgettext("progress bar unit", "rows"),
            file=self.stream,
            mininterval=0.5,
        )
        return self.bar.update

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class RawStream:
    """The command's stderr without the newline Django adds to every write, as tqdm needs."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")

    def flush(self):
        self.wrapper.flush()


class Command(BaseCommand):
    help = (
        "Import township population, venues, communities, exercise survey responses or "
        "physique test results from a CSV or XLSX file; nothing is saved when any row is bad. "
        "Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(IMPORTERS), help="What the file holds.")
        parser.add_argument("file", nargs="?", help="The .xlsx or .csv file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change and save nothing."
        )
        parser.add_argument(
            "--template",
            metavar="PATH",
            help="Write the template (.xlsx or .csv, by the extension) to PATH instead.",
        )
        parser.add_argument(
            "--show", type=int, default=20, metavar="N", help="List the first N changes."
        )

    def handle(self, *args, kind, file=None, dry_run=False, template=None, show=20, **options):
        importer = importer_for(kind)
        if template:
            return self.write_template(importer, Path(template))
        if not file:
            raise CommandError(_("Give the FILE to import, or --template PATH."))
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        if path.stat().st_size > importer.max_bytes:
            raise CommandError(too_big_message(importer.max_bytes))

        progress = BarProgress(RawStream(self.stderr))
        try:
            plan, run = importer.import_file(
                path.read_bytes(), path.name, dry_run=dry_run, progress=progress
            )
        finally:
            progress.close()
        report_problems(self, plan)
        self.list_changes(plan, show)
        if dry_run:
            self.stdout.write(_("Dry run, nothing saved.") + " " + plan.summary())
        elif run is None:
            self.stdout.write(_("Nothing to change; nothing was written.") + " " + plan.summary())
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported.")
                    + " "
                    + plan.done_summary()
                    + " "
                    + _("(import log #%(id)d)") % {"id": run.pk}
                )
            )

    def list_changes(self, plan, show):
        shown = plan.preview(limit=show) if show > 0 else []
        for change in shown:
            verb = _("add") if change.action == "create" else _("change")
            line = row_prefix(change.row) + f"{verb}: {change.label}"
            if change.diff:
                line += " (" + "; ".join(f"{c}: {a} → {b}" for c, a, b in change.diff) + ")"
            self.stdout.write(line)
        hidden = plan.created + plan.updated - len(shown)
        if hidden > 0:
            self.stdout.write(_("… and %(n)d more.") % {"n": hidden})

    def write_template(self, importer, path):
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError(_("The template's file name must end in .xlsx or .csv."))
        body = template_xlsx(importer) if path.suffix.lower() == ".xlsx" else template_csv(importer)
        try:
            path.write_bytes(body)
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Template written to %(path)s.") % {"path": path})
