"""What the import commands (import_data, import_holidays) print about a plan's bad rows."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def row_prefix(row):
    """The "row 5: " before a row's message; nothing for the file as a whole (row 0)."""
    return _("row %(row)d: ") % {"row": row} if row else ""


def report_problems(command, plan):
    """Write the plan's warnings, then every problem with its row number, to the command's
    stderr; raises CommandError (exit status 1) when any row is bad."""
    for problem in plan.warnings:
        command.stderr.write(_("warning: ") + row_prefix(problem.row) + problem.message)
    if plan.ok:
        return
    for problem in plan.errors:
        command.stderr.write(row_prefix(problem.row) + problem.message)
    raise CommandError(_("%(n)d problem(s); nothing was imported.") % {"n": len(plan.errors)})
