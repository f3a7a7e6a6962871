"""The school facility manager's pages. Views parse input, ask the querysets for the rows in the
user's scope (another school's school or booking id is a 404) and call the booking services."""

from datetime import date, datetime, time, timedelta
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..booking.models import Booking, BookingStatus
from ..booking.services import BookingError, check_in, mark_no_show, normalise_code
from ..models import School
from ..querysets import user_manages_all
from . import policy


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Check-in code"),
        max_length=40,
        help_text=gettext_lazy("The 8 letters and digits on the resident's booking."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


def manager_required(view):
    """Signed in, and managing at least one school (bureau staff manage all); else 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not School.objects.for_manager(request.user).exists():
            return render(request, "facilities/manage/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _school(request, school_id):
    return get_object_or_404(School.objects.for_manager(request.user), pk=school_id)


def _school_bookings(request, school):
    return Booking.objects.for_manager(request.user).filter(unit__facility__school=school)


def _day_bounds(day):
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tz)
    return start, start + timedelta(days=1)


def _parse_day(value):
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return day if policy.FIRST_YEAR <= day.year <= policy.LAST_YEAR else None


def _day_url(school, day):
    return reverse("manage:day", args=[school.pk]) + "?" + urlencode({"date": day.isoformat()})


@manager_required
def index(request):
    schools = School.objects.for_manager(request.user).select_related("township")
    return render(
        request,
        "facilities/manage/index.html",
        {
            "schools": schools,
            "page_title": _("My schools"),
            "today": timezone.localdate(),
            "sees_all": user_manages_all(request.user),
        },
    )


@manager_required
def school_detail(request, school_id):
    school = _school(request, school_id)
    this_monday = policy.monday_of(timezone.localdate())
    week_param = request.GET.get("week")
    monday = policy.parse_iso_week(week_param) if week_param else this_monday
    week_error = ""
    if monday is None:
        week_error = _("“%(value)s” is not a week; showing this week.") % {"value": week_param[:20]}
        monday = this_monday
    week = policy.school_week(school, monday)
    attendance = policy.weekly_attendance(_school_bookings(request, school), monday)
    context = {
        "school": school,
        "week": week,
        "attendance": attendance,
        "week_value": policy.iso_week(monday),
        "previous_week": policy.iso_week(monday - timedelta(weeks=1)),
        "next_week": policy.iso_week(monday + timedelta(weeks=1)),
        "is_this_week": monday == this_monday,
        "week_error": week_error,
        "thresholds": week.report.thresholds,
        "weekly_hours": week.report.thresholds.weekly_minutes // 60,
        "total_text": policy.format_duration(week.report.total_minutes),
        "today": timezone.localdate(),
        "can_edit_rules": request.user.has_perm("facilities.change_openingrule"),
        "can_edit_closures": request.user.has_perm("facilities.change_hoursexception"),
        "page_title": school.name,
    }
    return render(
        request, "facilities/manage/school.html", context, status=400 if week_error else 200
    )


def _day_context(request, school, day, form=None):
    start, end = _day_bounds(day)
    bookings = list(
        _school_bookings(request, school)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("unit__facility", "user")
        .order_by("starts_at", "unit__facility__name", "unit__name", "pk")
    )
    kept = [b for b in bookings if b.status != BookingStatus.CANCELLED]
    return {
        "school": school,
        "day": day,
        "bookings": bookings,
        "now": timezone.now(),
        "form": form or CodeForm(),
        "count_bookings": len(kept),
        "count_people": sum(b.party_size for b in kept),
        "count_checked_in": sum(1 for b in kept if b.status == BookingStatus.CHECKED_IN),
        "previous_day": (day - timedelta(days=1)).isoformat(),
        "next_day": (day + timedelta(days=1)).isoformat(),
        "is_today": day == timezone.localdate(),
        "page_title": _("Bookings of %(date)s") % {"date": day.isoformat()},
    }


@manager_required
def school_day(request, school_id):
    school = _school(request, school_id)
    raw = request.GET.get("date")
    day = _parse_day(raw) if raw else timezone.localdate()
    status = 200
    if day is None:
        messages.error(
            request, _("“%(value)s” is not a date; showing today.") % {"value": raw[:20]}
        )
        day, status = timezone.localdate(), 400
    context = _day_context(request, school, day)
    return render(request, "facilities/manage/day.html", context, status=status)


@require_POST
@manager_required
def school_check_in(request, school_id):
    """The check-in form of the day page: a code typed in at the gate."""
    school = _school(request, school_id)
    day = _parse_day(request.POST.get("date")) or timezone.localdate()
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            booking = check_in(request.user, form.cleaned_data["code"])
        except BookingError as error:
            form.add_error("code", error.message)
            status = 404 if error.code == "not_found" else 400
            context = _day_context(request, school, day, form=form)
            return render(request, "facilities/manage/day.html", context, status=status)
        messages.success(request, _checked_in_message(booking))
        # A manager of several schools may check in a booking of another of them.
        booking_school = booking.unit.facility.school or school
        return redirect(_day_url(booking_school, timezone.localtime(booking.starts_at).date()))
    context = _day_context(request, school, day, form=form)
    return render(request, "facilities/manage/day.html", context, status=400)


@require_POST
@manager_required
def school_no_show(request, school_id, booking_id):
    school = _school(request, school_id)
    booking = get_object_or_404(_school_bookings(request, school), pk=booking_id)
    day = timezone.localtime(booking.starts_at).date()
    try:
        booking = mark_no_show(request.user, booking.pk)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Marked as a no-show: %(name)s, %(unit)s %(time)s.")
            % {
                "name": booking.user.masked_name,
                "unit": booking.unit,
                "time": timezone.localtime(booking.starts_at).strftime("%H:%M"),
            },
        )
    return redirect(_day_url(school, day))


def _checked_in_message(booking):
    return _("Checked in: %(name)s, %(people)d people, %(unit)s %(time)s.") % {
        "name": booking.user.masked_name,
        "people": booking.party_size,
        "unit": booking.unit,
        "time": timezone.localtime(booking.starts_at).strftime("%H:%M"),
    }


@manager_required
def qr_check_in(request):
    """Where a booking's QR code points: the booking, masked, and a button to check it in.

    A code that is not one of the manager's schools' bookings (another school's, mistyped or
    tampered with) shows the same clear message with status 404, and changes nothing.
    """
    raw = request.POST.get("code") if request.method == "POST" else request.GET.get("code")
    if raw is None:
        return render(
            request,
            "facilities/manage/check_in.html",
            {"form": CodeForm(), "page_title": _("Check in")},
        )
    code = normalise_code(raw)
    booking = (
        Booking.objects.for_manager(request.user)
        .select_related("unit__facility__school", "user")
        .filter(code=code)
        .first()
        if code
        else None
    )
    if booking is None:
        context = {
            "form": CodeForm(initial={"code": raw[:40]}),
            "not_found": True,
            "page_title": _("Check in"),
        }
        return render(request, "facilities/manage/check_in.html", context, status=404)
    if request.method == "POST":
        try:
            check_in(request.user, code)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _checked_in_message(booking))
        return redirect(reverse("manage:check_in") + "?" + urlencode({"code": code}))
    context = {
        "booking": booking,
        "code": code,
        "form": CodeForm(),
        "can_check_in": booking.status == BookingStatus.CONFIRMED,
        "page_title": _("Check in"),
        "day_url": _day_url(
            booking.unit.facility.school, timezone.localtime(booking.starts_at).date()
        )
        if booking.unit.facility.school_id
        else "",
    }
    return render(request, "facilities/manage/check_in.html", context)
