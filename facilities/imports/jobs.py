"""Large imports off the request: the task worker checks the file, the editor confirms, the
worker applies it.

Planning a survey file of 200,000 rows takes minutes, longer than a request may keep an app
server's worker, so an upload larger than `settings.PORTAL_IMPORT_BACKGROUND_BYTES` becomes an
ImportJob: its file waits in the default storage (pending.py), so the worker may run on another
machine than the one that took the upload, and the editor's status page shows the job until the
dry run is there. Applying is the same `import_file(expect=fingerprint)` as on the page: all rows
or none, and only the changes the dry run showed; if the data changed in between, the job shows
the new dry run instead. The status moves from "checked" to "applying" in one UPDATE, so a job
is applied once however often its button is clicked.
"""

import csv
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from . import pending
from .kinds import importer_for
from .models import ImportJob
from .reading import RowProblem

MAX_PROBLEMS_SHOWN = 500

logger = logging.getLogger(__name__)
Status = ImportJob.Status


def runs_in_background(size):
    return size > settings.PORTAL_IMPORT_BACKGROUND_BYTES


def start(kind, upload, user):
    """Store the upload, log the job and have the worker check it."""
    from .tasks import check_import

    stored = pending.store(upload)
    job = ImportJob.objects.create(
        kind=kind,
        file_name=upload.name[-200:],
        file_sha256=stored.sha256,
        stored_as=stored.name,
        started_by=user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


def confirm(job, fingerprint):
    """Have the worker apply a checked job, if `fingerprint` is what its dry run shows now;
    False when the job was applied, is busy or was checked again since."""
    from .tasks import apply_import

    if not fingerprint:
        return False
    claimed = ImportJob.objects.filter(
        pk=job.pk, status=Status.CHECKED, fingerprint=fingerprint
    ).update(status=Status.APPLYING)
    if claimed:
        transaction.on_commit(lambda: apply_import.enqueue(job.pk))
    return bool(claimed)


def check(job_id):
    """The worker's dry run of a job."""
    job = ImportJob.objects.filter(pk=job_id, status=Status.CHECKING).first()
    if job is not None:
        _run(job, _check)


def apply(job_id):
    """The worker's apply of a confirmed job."""
    job = ImportJob.objects.filter(pk=job_id, status=Status.APPLYING).first()
    if job is not None:
        _run(job, _apply)


def _run(job, step):
    with translation.override(job.language):
        try:
            data = pending.read(job.stored_as, job.file_sha256)
            if data is None:
                _fail(job, _("The file is no longer on the server; upload it again."))
                return
            step(job, data)
        except Exception:  # the page must say it failed rather than wait forever
            logger.exception("import job %s failed", job.pk)
            _fail(job, _("The import failed on the server; nothing was saved. Try again."))


def _check(job, data):
    plan = importer_for(job.kind).plan(data, job.file_name)
    _record(job, plan)


def _apply(job, data):
    importer = importer_for(job.kind)
    plan, run = importer.import_file(
        data, job.file_name, user=job.started_by, expect=job.fingerprint
    )
    if not plan.ok or plan.stale:  # the data changed since the dry run: show the new one
        _record(job, plan)
        return
    pending.remove(job.stored_as)
    job.stored_as, job.status, job.run, job.fingerprint = "", Status.APPLIED, run, ""
    job.report = report_of(plan)
    job.save()


def _record(job, plan):
    """Save the dry run on the job, with every problem as CSV when the page shows only some."""
    job.report = report_of(plan)
    job.fingerprint = plan.fingerprint() if plan.ok and plan.has_changes else ""
    job.status = Status.CHECKED
    pending.remove(job.problems_stored_as)
    job.problems_stored_as = ""
    if len(plan.errors) > MAX_PROBLEMS_SHOWN:
        body = ContentFile(problems_csv(plan.errors))
        job.problems_stored_as = pending.store(body).name
    if not job.fingerprint:  # nothing can be applied: the file is no longer needed
        pending.remove(job.stored_as)
        job.stored_as = ""
    job.save()


def _fail(job, message):
    pending.remove(job.stored_as)
    job.stored_as, job.status, job.fingerprint = "", Status.FAILED, ""
    job.report = {"failure": str(message)}
    job.save()


def problems_csv(problems):
    """Every problem as CSV (UTF-8 with the BOM Excel needs to show Chinese)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([_("Row"), _("Problem")])
    for problem in problems:
        writer.writerow([problem.row or _("File"), problem.message])
    return buffer.getvalue().encode("utf-8-sig")


def report_of(plan):
    """The dry run as JSON: what the status page shows of a base.Plan."""
    return {
        "filename": plan.filename,
        "errors": [[p.row, str(p.message)] for p in plan.errors[:MAX_PROBLEMS_SHOWN]],
        "error_count": len(plan.errors),
        "warnings": [[p.row, str(p.message)] for p in plan.warnings],
        "summary": str(plan.summary()),
        "done_summary": str(plan.done_summary()),
        "has_changes": plan.has_changes,
        "preview": [
            {
                "row": c.row,
                "action": c.action,
                "label": str(c.label),
                "diff": [[str(part) for part in column] for column in c.diff],
            }
            for c in plan.preview()
        ],
        "not_shown": plan.not_shown,
        "stale": plan.stale,
    }


class Report:
    """A job's dry run read back from its JSON, with what the templates read of a base.Plan."""

    def __init__(self, report):
        self.filename = report.get("filename", "")
        self.errors = [RowProblem(row, message) for row, message in report.get("errors", [])]
        self.error_count = report.get("error_count", len(self.errors))
        self.warnings = [RowProblem(row, message) for row, message in report.get("warnings", [])]
        self.summary = report.get("summary", "")
        self.done_summary = report.get("done_summary", "")
        self.has_changes = report.get("has_changes", False)
        self.preview = [_Change(**change) for change in report.get("preview", [])]
        self.not_shown = report.get("not_shown", 0)
        self.stale = report.get("stale", False)
        self.failure = report.get("failure", "")

    @property
    def ok(self):
        return not self.error_count


class _Change:
    def __init__(self, row, action, label, diff):
        self.row, self.action, self.label, self.diff = row, action, label, diff
