"""Wagtail admin pages of the bureau's imports (bureau editors and administrators only).

Upload a file → a dry run lists every bad row with its number, or what would change → confirm
→ the import is applied in one transaction and a summary links to the rows. Confirming needs no
second upload: the file waits on the server (see pending.py) and is planned again when applied,
so a second click or a stale page changes nothing twice. If the database changed since the dry
run, so that the file would now change other rows or values than the editor saw, nothing is
written and the new dry run is shown instead. A file that changes nothing offers no apply and
logs no import. A large file is checked and applied the same way by the task worker (jobs.py):
the upload leads to the job's status page, which refreshes itself until the dry run is there.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..querysets import user_manages_all
from . import jobs, pending
from .base import Plan
from .kinds import all_importers, importer_for
from .models import ImportJob, ImportKind, ImportRun
from .reading import XLSX_TYPE, RowProblem, too_big_message
from .sheet_templates import template_csv, template_xlsx
from .uploads import upload_refused

MAX_PROBLEMS_SHOWN = jobs.MAX_PROBLEMS_SHOWN
REFRESH_SECONDS = 5
FORBIDDEN_TEMPLATE = "facilities/admin/imports/forbidden.html"

# Where the rows of each kind can be seen, and the filter that picks one run's rows.
ROWS_URLS = {
    ImportKind.POPULATION: ("wagtailsnippets_facilities_township:list", ""),
    ImportKind.FACILITIES: ("wagtailsnippets_facilities_facility:list", ""),
    ImportKind.COMMUNITIES: ("wagtailsnippets_facilities_community:list", ""),
    ImportKind.EXERCISE: ("wagtailsnippets_facilities_exerciseresponse:list", "import_run"),
    ImportKind.PHYSIQUE: ("wagtailsnippets_facilities_physiqueresult:list", "import_run"),
}


def rows_url(kind, run=None):
    url_name, parameter = ROWS_URLS[kind]
    url = reverse(url_name)
    if run is not None and parameter:
        url += f"?{parameter}={run.pk}"
    return url


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        help_text=gettext_lazy("With the template's columns; the first row names them."),
    )


class BureauOnlyMixin:
    """Bureau editors and administrators only; anyone else, a school's manager too, gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not user_manages_all(request.user):
            title = _("Bureau editors only")
            context = {"page_title": title, "header_title": title, "header_icon": "lock"}
            return TemplateResponse(request, FORBIDDEN_TEMPLATE, context, status=403)
        return super().dispatch(request, *args, **kwargs)


class KindMixin(BureauOnlyMixin):
    def dispatch(self, request, *args, kind, **kwargs):
        self.importer = importer_for(kind)
        if self.importer is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class JobMixin(BureauOnlyMixin):
    """The job of the URL; only the editor who started it sees it (anyone else gets 404)."""

    def get_job(self, pk):
        self.job = get_object_or_404(ImportJob, pk=pk, started_by=self.request.user)
        self.importer = importer_for(self.job.kind)
        return self.job


class AdminPage(WagtailAdminTemplateMixin, View):
    header_icon = "upload"
    under_index = True  # the breadcrumbs lead back to the index of imports

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.under_index:
            items.append({"url": reverse("facilities_import_index"), "label": _("Import data")})
        return [*items, {"url": "", "label": self.get_page_title()}]


class ImportIndexView(BureauOnlyMixin, AdminPage):
    template_name = "facilities/admin/imports/index.html"
    page_title = gettext_lazy("Import data")
    under_index = False

    def get(self, request):
        runs = ImportRun.objects.select_related("imported_by")[:10]
        waiting = ImportJob.objects.filter(
            started_by=request.user, created_at__gte=timezone.now() - pending.MAX_AGE
        ).exclude(status=ImportJob.Status.APPLIED)[:10]
        context = self.get_context_data(importers=all_importers(), runs=runs, jobs=waiting)
        return self.render_to_response(context)


class ImportPage(AdminPage):
    """The page of one kind of import: its dry run, if any, and the form to upload a file."""

    template_name = "facilities/admin/imports/import.html"

    def get_page_title(self):
        return _("Import: %(kind)s") % {"kind": ImportKind(self.importer.kind).label}

    def render_page(self, *, form=None, plan=None, token="", status=200, notice="", **extra):
        context = {
            "importer": self.importer,
            "notice": notice,
            "form": form or UploadForm(),
            "plan": plan,
            "token": token,
            "apply_url": reverse("facilities_import_apply", kwargs={"kind": self.importer.kind}),
            "cancel_url": reverse("facilities_import", kwargs={"kind": self.importer.kind}),
            "problems": plan.errors[:MAX_PROBLEMS_SHOWN] if plan else [],
            "problems_hidden": max(0, plan.error_count - MAX_PROBLEMS_SHOWN) if plan else 0,
            "problems_url": self.problems_url(token),
            **extra,
        }
        return self.render_to_response(self.get_context_data(**context), status=status)

    def problems_url(self, token):
        url = reverse("facilities_import_problems", kwargs={"kind": self.importer.kind})
        return f"{url}?{urlencode({'token': token})}"


class ImportView(KindMixin, ImportPage):
    def get(self, request):
        return self.render_page()

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)  # reading the body may cut the file off
        if upload_refused(request):
            return self.too_big()
        if not form.is_valid():
            return self.render_page(form=form, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > self.importer.max_bytes:
            return self.too_big(upload.name)
        if jobs.runs_in_background(upload.size):
            job = jobs.start(self.importer.kind, upload, request.user)
            return redirect("facilities_import_job", pk=job.pk)
        data = upload.read()
        plan = self.importer.plan(data, upload.name)
        token = self.keep(data, upload.name, plan)
        return self.render_page(plan=plan, token=token, status=200 if plan.ok else 400)

    def too_big(self, filename=""):
        plan = Plan(kind=self.importer.kind, filename=filename)
        plan.errors.append(RowProblem(0, too_big_message(self.importer.max_bytes)))
        return self.render_page(plan=plan, status=400)

    def keep(self, data, filename, plan):
        """Keep the file until it is applied, with the fingerprint of what the editor sees."""
        fingerprint = plan.fingerprint() if plan.ok else ""
        return pending.keep(self.request, self.importer.kind, data, filename, fingerprint)


class ImportApplyView(ImportView):
    http_method_names = ["post"]

    def post(self, request):
        kind = self.importer.kind
        kept = pending.take(request, kind, request.POST.get("token", ""))
        if kept is None:
            messages.error(
                request,
                _("This preview is out of date or was already applied; check the file again."),
            )
            return redirect("facilities_import", kind=kind)
        plan, run = self.importer.import_file(
            kept.data, kept.filename, user=request.user, expect=kept.fingerprint
        )
        if not plan.ok:  # the database changed since the dry run and a row is now bad
            return self.render_page(plan=plan, token=request.POST["token"], status=400)
        if plan.stale:  # it would now change other rows or values than the dry run showed
            notice = _(
                "The data changed since the preview: nothing was written. This is the new dry "
                "run; check it and apply it again if it is right."
            )
            token = self.keep(kept.data, kept.filename, plan)
            return self.render_page(plan=plan, token=token, status=409, notice=notice)
        pending.forget(request, kind)
        if run is None:
            messages.info(request, _("Nothing to change; nothing was written."))
            return redirect("facilities_import", kind=kind)
        messages.success(
            request,
            _("Imported %(file)s: %(summary)s")
            % {"file": kept.filename, "summary": plan.done_summary()},
        )
        return redirect("facilities_import_done", pk=run.pk)


class ImportJobView(JobMixin, ImportPage):
    """A large file's status while the worker checks or applies it, then its dry run."""

    def get(self, request, pk):
        job = self.get_job(pk)
        if job.status == ImportJob.Status.APPLIED and job.run_id:
            return redirect("facilities_import_done", pk=job.run_id)
        report = jobs.Report(job.report)
        notice = ""
        if job.status == ImportJob.Status.CHECKED and report.stale:
            notice = _(
                "The data changed since the preview: nothing was written. This is the new dry "
                "run; check it and apply it again if it is right."
            )
        shown = job.status in (ImportJob.Status.CHECKED, ImportJob.Status.APPLIED)
        response = self.render_page(
            plan=report if shown else None,
            token=job.fingerprint if job.status == ImportJob.Status.CHECKED else "",
            notice=notice,
            job=job,
            failure=report.failure,
            refresh_seconds=REFRESH_SECONDS,
            apply_url=reverse("facilities_import_job_apply", kwargs={"pk": job.pk}),
        )
        if job.busy:
            response["Refresh"] = str(REFRESH_SECONDS)
        return response

    def problems_url(self, token):
        return reverse("facilities_import_job_problems", kwargs={"pk": self.job.pk})


class ImportJobApplyView(JobMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        job = self.get_job(pk)
        if not jobs.confirm(job, request.POST.get("token", "")):
            messages.error(
                request,
                _("This preview is out of date or was already applied; check the file again."),
            )
        return redirect("facilities_import_job", pk=job.pk)


class ImportJobProblemsView(JobMixin, View):
    """Every problem of a large file, as the worker wrote them down."""

    def get(self, request, pk):
        job = self.get_job(pk)
        storage = pending.private_storage()
        if not job.problems_stored_as or not storage.exists(job.problems_stored_as):
            raise Http404
        response = FileResponse(storage.open(job.problems_stored_as, "rb"), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{job.kind}-problems.csv"'
        return response


class ImportDoneView(BureauOnlyMixin, AdminPage):
    template_name = "facilities/admin/imports/done.html"
    page_title = gettext_lazy("Import done")

    def get(self, request, pk):
        run = get_object_or_404(ImportRun.objects.select_related("imported_by"), pk=pk)
        again_url = reverse("facilities_import", kwargs={"kind": run.kind})
        context = self.get_context_data(
            run=run, rows_url=rows_url(run.kind, run), again_url=again_url
        )
        return self.render_to_response(context)


class ImportProblemsView(KindMixin, View):
    """Every problem of the kept file as CSV, for files with more than the page shows."""

    def get(self, request):
        kept = pending.take(request, self.importer.kind, request.GET.get("token", ""))
        if kept is None:
            raise Http404
        plan = self.importer.plan(kept.data, kept.filename)
        response = HttpResponse(jobs.problems_csv(plan.errors), content_type="text/csv")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.importer.kind}-problems.csv"'
        )
        return response


class ImportTemplateView(KindMixin, View):
    def get(self, request, fmt):
        if fmt == "xlsx":
            body, content_type = template_xlsx(self.importer), XLSX_TYPE
        else:
            body, content_type = template_csv(self.importer), "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.importer.kind}-template.{fmt}"'
        )
        return response
