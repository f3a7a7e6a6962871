"""Public venue pages: the finder and the detail page. Views parse and render; querysets decide."""

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .filters import FacilityFilter
from .hours.planner import SlotPlanner
from .models import Facility

WEEK_DAYS = 7


def venue_list(request):
    filterset = FacilityFilter(
        request.GET,
        queryset=Facility.objects.published().for_listing().order_by("township__code", "name"),
    )
    valid = filterset.is_valid()
    page = Paginator(filterset.qs, settings.PORTAL_VENUES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page_obj": page,
        "venues": page.object_list,
        "query_without_page": query.urlencode(),
        "near": filterset.form.cleaned_data.get("near"),
    }
    return render(request, "facilities/facility_list.html", context, status=200 if valid else 400)


def week_of_slots(units, first_day, now=None):
    """The venue page's week: per day, the opening hours and each unit's bookable slots."""
    last_day = first_day + timedelta(days=WEEK_DAYS - 1)
    planner = SlotPlanner(units, first_day, last_day)
    slots = {unit.pk: planner.slots(unit, now=now) for unit in units}
    days = []
    for offset in range(WEEK_DAYS):
        day = first_day + timedelta(days=offset)
        rows = []
        for unit in units:
            day_slots = [s for s in slots[unit.pk] if timezone.localtime(s.start).date() == day]
            hours = planner.open_intervals(unit, day)
            rows.append({"unit": unit, "slots": day_slots, "hours": _format_hours(hours)})
        days.append({"date": day, "rows": rows, "open": any(r["hours"] for r in rows)})
    return days


def _format_hours(intervals):
    return [f"{a // 60:02d}:{a % 60:02d}–{b // 60:02d}:{b % 60:02d}" for a, b in intervals]


def detail_context(facility, request):
    # Only a venue taking bookings shows units and slots; an unsaved one (previewed while being
    # added) has no units yet.
    bookable = facility.pk and facility.takes_bookings
    units = list(facility.units.active().select_related("sport")) if bookable else []
    week = week_of_slots(units, timezone.localdate()) if units else []
    return {"facility": facility, "page_title": facility.name, "units": units, "week": week}


def venue_detail(request, slug):
    facility = get_object_or_404(Facility.objects.published().for_listing(), slug=slug)
    return render(request, "facilities/facility_detail.html", detail_context(facility, request))
