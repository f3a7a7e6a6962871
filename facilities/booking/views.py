"""The resident's booking pages. Views parse input and call services; nothing here decides."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..hours.planner import find_slot
from ..models import BookableUnit, Facility
from . import services
from .feeds import bookings_calendar
from .forms import BookingForm, SlotChoiceForm
from .models import Booking, BookingFeed, new_feed_token
from .qr import qr_svg


def _unit_of(facility, unit_id):
    return (
        BookableUnit.objects.active()
        .filter(facility=facility, pk=unit_id)
        .select_related("facility")
        .first()
    )


@login_required
def book(request, slug):
    """GET: confirm a slot chosen in the week view; POST: book it."""
    facility = get_object_or_404(Facility.objects.published(), slug=slug)
    slot_form = SlotChoiceForm(request.POST if request.method == "POST" else request.GET)
    unit = None
    if slot_form.is_valid():
        unit = _unit_of(facility, slot_form.cleaned_data["unit"])
    if unit is None:
        messages.error(request, _("That slot is not available any more. Choose another time."))
        return redirect(facility.get_absolute_url())
    try:
        services.check_bookable(unit)
    except services.BookingError as error:
        # Closed, or no longer open to the public, since the week view was drawn.
        messages.error(request, error.message)
        return redirect(facility.get_absolute_url())
    slot_start = slot_form.cleaned_data["start"]
    slot = find_slot(unit, slot_start) if request.method == "GET" else None
    if request.method == "GET" and (slot is None or slot.is_full):
        # Taken, past or closed since the week view was drawn: say so before the form.
        messages.error(request, _("That slot is not available any more. Choose another time."))
        return redirect(facility.get_absolute_url())
    form = BookingForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            booking = services.book(
                request.user,
                unit,
                slot_start,
                form.cleaned_data["party_size"],
                form.cleaned_data["children"],
            )
        except services.BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Booked. Show the code or the QR code at the gate."))
            return redirect("bookings:detail", code=booking.code)
    context = {
        "facility": facility,
        "unit": unit,
        "start": timezone.localtime(slot_start),
        "end": timezone.localtime(slot_start) + timedelta(minutes=unit.slot_minutes),
        "slot_form": slot_form,
        "form": form,
        "suspension": services.active_suspension(request.user),
        "page_title": facility.name,
    }
    return render(
        request, "facilities/booking/confirm.html", context, status=400 if form.errors else 200
    )


@login_required
def my_bookings(request):
    bookings = (
        Booking.objects.filter(user=request.user)
        .select_related("unit__facility")
        .order_by("-starts_at")[:100]
    )
    now = timezone.now()
    feed = BookingFeed.objects.get_or_create(user=request.user)[0]
    context = {
        "upcoming": [b for b in bookings if b.ends_at > now and b.status == "confirmed"],
        "past": [b for b in bookings if not (b.ends_at > now and b.status == "confirmed")],
        "suspension": services.active_suspension(request.user, now),
        "feed_url": request.build_absolute_uri(reverse("bookings:feed", args=[feed.token])),
        "now": now,
    }
    return render(request, "facilities/booking/my_bookings.html", context)


@login_required
def booking_detail(request, code):
    booking = get_object_or_404(
        Booking.objects.select_related("unit__facility"), user=request.user, code=code
    )
    check_in_url = request.build_absolute_uri(f"/manage/check-in/?code={booking.code}")
    context = {
        "booking": booking,
        "qr": qr_svg(check_in_url),
        "can_cancel": booking.can_cancel(),
        "deadline": timezone.localtime(booking.cancellation_deadline()),
        "page_title": booking.unit.facility.name,
    }
    return render(request, "facilities/booking/detail.html", context)


@login_required
@require_POST
def cancel(request, code):
    booking = Booking.objects.filter(user=request.user, code=code).first()
    if booking is None:
        raise Http404
    try:
        services.cancel(request.user, booking.pk)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Cancelled. The places are free for others again."))
    return redirect("bookings:detail", code=code)


@login_required
@require_POST
def reset_feed(request):
    BookingFeed.objects.update_or_create(user=request.user, defaults={"token": new_feed_token()})
    messages.success(
        request, _("Your calendar address has been changed; the old one no longer works.")
    )
    return redirect("bookings:mine")


def feed(request, token):
    feed = BookingFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    bookings = Booking.objects.filter(user=feed.user).select_related("unit__facility")
    body = bookings_calendar(bookings, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
