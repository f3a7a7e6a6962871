"""`/indicators/`: the dashboard, one indicator in full, the exports and the trace rows.

Views parse `?year=` and the key, ask the registry and hand the figures to display or export.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from sportsportal.accounts import audit

from . import display, export, registry


def _entry(key):
    entry = registry.get(key)
    if entry is None:
        raise Http404(_("No indicator is called “%(key)s”.") % {"key": key[:40]})
    return entry


def _bad_year_text(form):
    response = HttpResponse(
        "\n".join(form.errors["year"]) + "\n", status=400, content_type="text/plain"
    )
    response["Content-Type"] = "text/plain; charset=utf-8"
    return response


def _page(request, template, context, form):
    context = {"form": form, **context}
    response = TemplateResponse(request, f"facilities/indicators/{template}", context)
    if form.errors:
        response.status_code = 400
    return response


def _section(request, indicator, gap_limit=None):
    result = display.section(indicator, gap_limit=gap_limit)
    result.rows_allowed = registry.may_download_rows(request.user, indicator)
    return result


def dashboard(request):
    year, form = registry.parse_year(request.GET)
    context = {"page_title": _("The plan's indicators"), "year": year}
    if year is not None:
        indicators = registry.compute_all(year)
        context["sections"] = [
            _section(request, indicator, display.GAP_PREVIEW) for indicator in indicators
        ]
        context["computed_at"] = min(
            (i.computed_at for i in indicators if i.computed_at), default=None
        )
        context["cache_minutes"] = settings.PORTAL_INDICATOR_CACHE_SECONDS // 60
    return _page(request, "dashboard.html", context, form)


def indicator_detail(request, key):
    entry = _entry(key)
    year, form = registry.parse_year(request.GET)
    context = {"year": year, "key": key}
    if year is not None:
        section = _section(request, registry.compute(entry, year))
        context.update(section=section, page_title=section.indicator.title)
    return _page(request, "indicator_detail.html", context, form)


def export_csv(request):
    year, form = registry.parse_year(request.GET)
    if year is None:
        return _bad_year_text(form)
    audit.record_data_export(request, f"indicators-{year}.csv")
    return export.figures_csv(registry.compute_all(year), f"indicators-{year}.csv")


def export_xlsx(request):
    year, form = registry.parse_year(request.GET)
    if year is None:
        return _bad_year_text(form)
    audit.record_data_export(request, f"indicators-{year}.xlsx")
    return export.figures_xlsx(registry.compute_all(year), f"indicators-{year}.xlsx")


def rows_csv(request, key):
    """The trace; survey microdata only for bureau staff (others sign in, or get 403)."""
    entry = _entry(key)
    year, form = registry.parse_year(request.GET)
    if year is None:
        return _bad_year_text(form)
    indicator = registry.compute(entry, year)
    if not registry.may_download_rows(request.user, indicator):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        context = {"indicator": indicator, "page_title": _("Survey microdata"), "year": year}
        return TemplateResponse(
            request, "facilities/indicators/rows_forbidden.html", context, status=403
        )
    audit.record_data_export(request, f"{key}-{year}-rows.csv")
    return export.trace_csv(entry.trace(year), f"{key}-{year}-rows.csv")


def headline_context():
    """The home page's cards: the headline indicators for the default year."""
    year = registry.default_year()
    return {
        "headline_year": year,
        "headline_indicators": [display.card(i) for i in registry.compute_headline(year)],
    }
