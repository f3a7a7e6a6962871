"""Wagtail admin views of the holiday calendar import (bureau only: facilities.add_calendarday).

Upload a spreadsheet, or prefill a year from the `holidays` package: both show a dry run first
(what would be added, changed or kept; every bad row with its number). The checked rows wait in
the session until the editor applies them; applying plans again inside one transaction, so a
second click or a stale page changes nothing twice.
"""

import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..imports.reading import XLSX_TYPE, FileError, RowProblem, too_big_message
from ..imports.uploads import upload_refused
from . import holiday_import
from .holiday_import import ImportPlan, Record

PERMISSION = "facilities.add_calendarday"
SESSION_KEY = "facilities_holiday_import"


class HolidayFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        help_text=gettext_lazy("One row per day or vacation, with the template's columns."),
    )


class PrefillForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=holiday_import.FIRST_YEAR,
        max_value=holiday_import.LAST_YEAR,
    )


class BureauOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _may_change_vacations(user):
    return user.has_perm("facilities.add_schoolvacation") and user.has_perm(
        "facilities.change_schoolvacation"
    )


class HolidayImportView(BureauOnlyMixin, WagtailAdminTemplateMixin, View):
    template_name = "facilities/admin/holiday_import.html"
    page_title = gettext_lazy("Import the holiday calendar")
    header_icon = "calendar"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_facilities_calendarday:list"),
                "label": _("Holiday calendar"),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request):
        return self.render_page()

    def render_page(self, *, plan=None, source="", token="", file_form=None, prefill_form=None):
        year = timezone.localdate().year
        context = self.get_context_data(
            file_form=file_form or HolidayFileForm(),
            prefill_form=prefill_form or PrefillForm(initial={"year": year + 1}),
            plan=plan,
            source=source,
            token=token,
            summary=holiday_import.calendar_summary(),
            changes=[c for c in plan.changes if c.action != "unchanged"] if plan else [],
        )
        status = 400 if plan is not None and not plan.ok else 200
        if (file_form and file_form.errors) or (prefill_form and prefill_form.errors):
            status = 400
        return self.render_to_response(context, status=status)

    def post(self, request):
        if request.POST.get("action") == "prefill":
            form = PrefillForm(request.POST)
            if not form.is_valid():
                return self.render_page(prefill_form=form)
            year = form.cleaned_data["year"]
            plan = holiday_import.plan_china_year(year)
            source = _("the holidays package, %(year)d") % {"year": year}
        else:
            form = HolidayFileForm(request.POST, request.FILES)
            refused = upload_refused(request)  # the file was cut off at the limit
            if not refused and not form.is_valid():
                return self.render_page(file_form=form)
            upload = None if refused else form.cleaned_data["file"]
            source = "" if refused else upload.name
            if refused or upload.size > holiday_import.MAX_FILE_BYTES:
                plan = ImportPlan(
                    errors=[RowProblem(0, too_big_message(holiday_import.MAX_FILE_BYTES))]
                )
            else:
                plan = holiday_import.plan_import(
                    upload.read(), upload.name, allow_vacations=_may_change_vacations(request.user)
                )
        token = ""
        if plan.ok:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token,
                "source": str(source),
                "records": [record.to_json() for record in plan.records],
            }
        return self.render_page(plan=plan, source=source, token=token)


class HolidayApplyView(BureauOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        pending = request.session.get(SESSION_KEY) or {}
        if not pending or pending.get("token") != request.POST.get("token"):
            messages.error(
                request,
                _("This preview is out of date or was already applied; check the file again."),
            )
            return redirect("facilities_holiday_import")
        records = [Record.from_json(data) for data in pending["records"]]
        try:
            plan = holiday_import.apply(records)
        except FileError as error:
            messages.error(request, str(error))
            return redirect("facilities_holiday_import")
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _("Holiday calendar updated from %(source)s: %(summary)s")
            % {"source": pending.get("source", ""), "summary": plan.done_summary()},
        )
        return redirect("wagtailsnippets_facilities_calendarday:list")


class HolidayTemplateView(BureauOnlyMixin, View):
    def get(self, request):
        response = HttpResponse(holiday_import.template_workbook(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="holiday-calendar-template.xlsx"'
        return response
