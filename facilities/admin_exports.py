"""Every Wagtail admin CSV/XLSX export with formula cells defused.

Admin listings and reports (snippet listings, site history, page reports, form submissions)
all export through Wagtail's `SpreadsheetExportMixin`, which writes text cells as they are: a
venue named `-2+3+cmd|' /C calc'!A0` came out as a live formula. Wagtail offers no hook for cell
values and the exporting views are many (and more arrive with each viewset), so the app's
ready() wraps the mixin's one per-cell method, `preprocess_field_value`, once; numbers and
dates pass unchanged, text goes through `formulas.defused`. Each such download (survey
microdata among them) is recorded in the audit trail, wrapping the mixin's one response method.
"""

from functools import wraps

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from sportsportal.accounts import audit

from .formulas import defused


def defuse_cell(value):
    return defused(value) if isinstance(value, str) else value


def defuse_admin_exports() -> None:
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "defuses_formulas", False):
        return

    @wraps(original)
    def preprocess_field_value(self, field, value, export_format):
        return defuse_cell(original(self, field, value, export_format))

    preprocess_field_value.defuses_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


def audit_admin_exports() -> None:
    original = SpreadsheetExportMixin.as_spreadsheet
    if getattr(original, "records_exports", False):
        return

    @wraps(original)
    def as_spreadsheet(self, queryset, spreadsheet_format):
        audit.record_data_export(self.request, f"{self.request.path} ({spreadsheet_format})")
        return original(self, queryset, spreadsheet_format)

    as_spreadsheet.records_exports = True
    SpreadsheetExportMixin.as_spreadsheet = as_spreadsheet
