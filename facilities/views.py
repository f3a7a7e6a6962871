"""Public venue pages: the finder and the detail page. Views parse and render; querysets decide."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .filters import FacilityFilter
from .models import Facility


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


def detail_context(facility, request):
    # An unsaved venue (previewed while being added) has no units yet.
    units = list(facility.units.active().select_related("sport")) if facility.pk else []
    return {"facility": facility, "page_title": facility.name, "units": units}


def venue_detail(request, slug):
    facility = get_object_or_404(Facility.objects.published().for_listing(), slug=slug)
    return render(request, "facilities/facility_detail.html", detail_context(facility, request))
