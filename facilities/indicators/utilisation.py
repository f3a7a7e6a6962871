"""Booking utilisation: places taken ÷ places offered at the units that take bookings.

The period is the last PERIOD_WEEKS complete Monday–Sunday weeks up to the reference day (for a
past year, the weeks up to the last Sunday of December). Not the whole year: the places offered
come from the slot planner, which works out every unit's hours day by day in Python. Measured
on SQLite with 6,000 units: a whole year of hours takes 28 s, four weeks 1.7 s (and counting
`day_slots` instead of the open intervals would take 12 s for the same four weeks).

Places offered are the planner's slots (rules, closures, extra openings and the county holiday
calendar) times each unit's capacity: an open interval holds (its length // slot length) slots,
exactly the slots `SlotPlanner.day_slots` lists. Places taken are the people of the bookings
that hold a place: confirmed, checked in or no-show.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ..booking.models import HOLDING_STATUSES, Booking, BookingStatus
from ..choices import FacilityKind
from ..hours.planner import SlotPlanner
from ..models import BookableUnit
from .base import Breakdown, Indicator, Row, Trace, percent, reference_day
from .coverage import all_townships, flag, public_counted, share_text, township_rows
from .targets import TREND_YEARS

PERIOD_WEEKS = 4


def period(year, today=None):
    """(first, last) day of the PERIOD_WEEKS complete weeks ending on or before the reference
    day; a week still in progress today is not complete."""
    today = today or timezone.localdate()
    end = min(reference_day(year, today), today - timedelta(days=1))
    last = end - timedelta(days=(end.weekday() + 1) % 7)  # the latest Sunday
    return last - timedelta(weeks=PERIOD_WEEKS) + timedelta(days=1), last


@dataclass
class UnitUse:
    unit: BookableUnit
    slots: int = 0
    offered: int = 0
    taken: int = 0
    bookings: int = 0
    no_shows: int = 0
    checked_in: int = 0


def _units(days):
    """Active units of public venues, each flagged for the years whose day counts its venue."""
    flags = {
        flag(y): Exists(public_counted(day).filter(pk=OuterRef("facility_id")))
        for y, day in days.items()
    }
    return list(
        BookableUnit.objects.active()
        .filter(facility__live=True, facility__open_to_public=True)
        .annotate(
            **flags,
            township_pk=F("facility__township_id"),
            venue_kind=F("facility__kind"),
            venue_name=F("facility__name"),
            township_name=F("facility__township__name"),
        )
        .only("pk", "name", "facility_id", "slot_minutes", "capacity")
        .order_by("facility__township__code", "facility__name", "name")
    )


def _bounds(first, last):
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tz),
        datetime.combine(last + timedelta(days=1), time.min, tz),
    )


def _bookings(periods):
    """{unit id: {year: (places taken, bookings, no-shows, checked in)}}, one grouped query."""
    windows = {}
    for y, (first, last) in periods.items():
        start, end = _bounds(first, last)
        windows[y] = Q(starts_at__gte=start, starts_at__lt=end)
    holding = Q(status__in=HOLDING_STATUSES)
    aggregates = {}
    for y, window in windows.items():
        aggregates[f"taken_{y}"] = Coalesce(Sum("party_size", filter=window & holding), 0)
        aggregates[f"bookings_{y}"] = Count("pk", filter=window & holding)
        aggregates[f"no_shows_{y}"] = Count("pk", filter=window & Q(status=BookingStatus.NO_SHOW))
        aggregates[f"checked_in_{y}"] = Count(
            "pk", filter=window & Q(status=BookingStatus.CHECKED_IN)
        )
    any_window = Q()
    for window in windows.values():
        any_window |= window
    rows = (
        Booking.objects.filter(any_window, holding)
        .values("unit_id")
        .annotate(**aggregates)
        .order_by()
    )
    fields = ("taken", "bookings", "no_shows", "checked_in")
    return {
        row["unit_id"]: {y: tuple(row[f"{name}_{y}"] for name in fields) for y in periods}
        for row in rows
    }


def _slots_offered(planner, unit, days, profiles):
    """Slots the planner opens for `unit` over `days`.

    A unit whose rules all hold through the period has the same hours on every day of the same
    profile (season and weekday) without a dated exception, so such days are worked out once:
    a province's units over four weeks then cost a week or two of planner calls each.
    """
    rules = planner.rules.get(unit.pk, ())
    steady = all(
        rule.valid_from <= days[0] and (rule.valid_until is None or rule.valid_until >= days[-1])
        for rule in rules
    )
    per_profile, total = {}, 0
    for day in days:
        dated = (unit.facility_id, day) in planner.exceptions
        key = profiles[day] if steady and not dated else None
        if key is not None and key in per_profile:
            total += per_profile[key]
            continue
        slots = sum(
            (end - start) // unit.slot_minutes for start, end in planner.open_intervals(unit, day)
        )
        if key is not None:
            per_profile[key] = slots
        total += slots
    return total


def usage(years, today=None):
    """{year: [UnitUse]} for each of `years` whose period has bookings at all; a year without
    is left out (the portal was not yet taking bookings), which spares its planner."""
    today = today or timezone.localdate()
    periods = {y: period(y, today) for y in years}
    units = _units({y: reference_day(y, today) for y in years})
    booked = _bookings(periods)
    result = {}
    for y, (first, last) in periods.items():
        if not any(per_year[y][1] for per_year in booked.values()):
            continue
        counted = [unit for unit in units if getattr(unit, flag(y))]
        planner = SlotPlanner(counted, first, last)
        days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
        profiles = {day: planner.profile(day) for day in days}
        uses = []
        for unit in counted:
            slots = _slots_offered(planner, unit, days, profiles)
            taken, bookings, no_shows, checked_in = booked.get(unit.pk, {}).get(y, (0,) * 4)
            uses.append(
                UnitUse(
                    unit=unit,
                    slots=slots,
                    offered=slots * unit.capacity,
                    taken=taken,
                    bookings=bookings,
                    no_shows=no_shows,
                    checked_in=checked_in,
                )
            )
        result[y] = uses
    return result


def _sum(uses, field):
    return sum(getattr(use, field) for use in uses)


def _period_text(year):
    first, last = period(year)
    return _("%(first)s – %(last)s (%(weeks)d weeks)") % {
        "first": first,
        "last": last,
        "weeks": PERIOD_WEEKS,
    }


def booking_utilisation(year):
    """Places taken ÷ places offered over the period; by township and venue kind."""
    years = sorted({*TREND_YEARS, year})
    uses_by_year = usage(years)
    uses = uses_by_year.get(year, [])
    taken, offered = _sum(uses, "taken"), _sum(uses, "offered")
    by_township, by_kind = defaultdict(list), defaultdict(list)
    for use in uses:
        by_township[use.unit.township_pk].append(use)
        by_kind[use.unit.venue_kind].append(use)
    decided = _sum(uses, "no_shows") + _sum(uses, "checked_in")
    return Indicator(
        key="booking_utilisation",
        title=_("Booking utilisation of bookable venues"),
        unit="%",
        year=year,
        value=percent(taken, offered),
        target=None,
        target_text=_("No target in the plan: how well the bookable venues are used"),
        definition=_(
            "Places taken (the people of bookings confirmed, checked in or not shown up) ÷ "
            "places offered (each bookable unit's capacity × the slots its public opening "
            "hours, closures and the county holiday calendar open) over the last %(weeks)d "
            "complete weeks up to the reference day."
        )
        % {"weeks": PERIOD_WEEKS},
        source=_("The portal's own bookings and opening hours."),
        numerator_label=_("Places taken"),
        numerator=taken,
        denominator_label=_("Places offered"),
        denominator=offered,
        data_date=period(year)[1],
        extras=[
            (_("Period"), _period_text(year)),
            (_("Bookings"), str(_sum(uses, "bookings"))),
            (_("Slots open"), str(_sum(uses, "slots"))),
            (_("Bookable units"), str(len(uses))),
            (_("No-show rate"), share_text(_sum(uses, "no_shows"), decided)),
        ],
        by_township=township_rows(
            all_townships(),
            lambda pk: _sum(by_township[pk], "taken"),
            lambda pk: _sum(by_township[pk], "offered"),
        ),
        breakdowns=[
            Breakdown(
                _("By venue kind"),
                [
                    Row(
                        key=kind,
                        label=str(FacilityKind(kind).label),
                        value=percent(_sum(group, "taken"), _sum(group, "offered")),
                        numerator=_sum(group, "taken"),
                        denominator=_sum(group, "offered"),
                    )
                    for kind, group in sorted(by_kind.items())
                ],
                numerator_label=_("Places taken"),
                denominator_label=_("Places offered"),
            )
        ],
        trend=[
            (y, percent(_sum(uses_by_year[y], "taken"), _sum(uses_by_year[y], "offered")))
            if y in uses_by_year
            else (y, None)
            for y in TREND_YEARS
        ],
        notes=[
            _(
                "Period: the last %(weeks)d complete Monday–Sunday weeks up to the reference "
                "day (%(period)s); each year of the trend is measured over its own last "
                "%(weeks)d weeks of December. A whole year is not used: the slot planner "
                "works out every unit's hours day by day, which for a large registry takes "
                "too long for a page."
            )
            % {"weeks": PERIOD_WEEKS, "period": _period_text(year)},
            _(
                "Units count when they take bookings, belong to a venue open to the public "
                "that counts on the reference day and are still bookable today."
            ),
            _(
                "No-show rate: bookings not shown up ÷ bookings whose attendance was recorded "
                "(checked in or not shown up). Cancelled bookings free their places and are "
                "not counted."
            ),
            _("A year whose period has no bookings at all has no figure."),
        ],
    )


def _trace_rows(year):
    for use in usage([year]).get(year, []):
        unit = use.unit
        yield (
            unit.township_name,
            unit.venue_name,
            unit.name,
            str(FacilityKind(unit.venue_kind).label),
            unit.capacity,
            unit.slot_minutes,
            use.slots,
            use.offered,
            use.taken,
            use.bookings,
            use.no_shows,
            percent(use.taken, use.offered),
        )


def booking_utilisation_trace(year):
    return Trace(
        headers=[
            _("Township"),
            _("Venue"),
            _("Bookable unit"),
            _("Kind"),
            _("Capacity"),
            _("Slot length (minutes)"),
            _("Slots open"),
            _("Places offered"),
            _("Places taken"),
            _("Bookings"),
            _("No-shows"),
            _("Utilisation (%)"),
        ],
        rows=_trace_rows(year),
    )
