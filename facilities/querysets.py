"""Read logic of the registry, shared by the finder, the admin, the seed command and the API.

Scope is enforced here: `for_manager(user)` is the only way views reach a school manager's rows.
"""

from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone

from .choices import FacilityStatus

EARTH_RADIUS_KM = 6371.0088


def _expression(value):
    return value if hasattr(value, "resolve_expression") else Value(value)


def counted_on_q(day):
    """The condition of `FacilityQuerySet.counted_on`, for filtered aggregates over many days."""
    return (
        Q(live=True)
        & ~Q(status="planned")
        & (Q(opened_on__isnull=True) | Q(opened_on__lte=day))
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))
    )


# The one rule of which venues take bookings: published, open, and open to the public. The finder
# reads it through `FacilityQuerySet.takes_bookings()` and `bookable()`; the venue page, the
# confirm page and the booking service through `Facility.takes_bookings` and
# `BookableUnit.takes_bookings` (an active unit of such a venue).
BOOKABLE_VENUE = {"live": True, "open_to_public": True, "status": FacilityStatus.OPEN}


def user_manages_all(user):
    """Bureau editors and administrators see every school; managers only their own."""
    return bool(
        user.is_active and (user.is_superuser or user.has_perm("facilities.manage_all_facilities"))
    )


class SchoolQuerySet(models.QuerySet):
    def for_manager(self, user):
        if not user.is_authenticated:
            return self.none()
        if user_manages_all(user):
            return self
        return self.filter(manager_groups__user=user).distinct()


class FacilityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)

    def counted_on(self, day):
        """Live venues that existed on `day`: built, opened by then (or undated), not yet closed.

        The indicators count these; a venue without an opening date is taken as long open.
        """
        return self.filter(counted_on_q(day))

    def for_manager(self, user):
        """Venues a user may edit: all for the bureau, their schools' venues for a manager."""
        from .models import School

        if not user.is_authenticated:
            return self.none()
        if user_manages_all(user):
            return self
        return self.filter(school__in=School.objects.for_manager(user))

    def takes_bookings(self):
        """Venues that meet BOOKABLE_VENUE, whatever their units and hours."""
        return self.filter(**BOOKABLE_VENUE)

    def bookable(self, today=None):
        """Venues taking bookings with an active unit that has public hours from today on."""
        from .models import BookableUnit, OpeningRule

        today = today or timezone.localdate()
        current_rules = OpeningRule.objects.filter(unit=OuterRef("pk")).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
        active_units = BookableUnit.objects.filter(
            Exists(current_rules), facility=OuterRef("pk"), is_active=True
        )
        return self.takes_bookings().filter(Exists(active_units))

    def open_at(self, moment):
        """Venues with a unit open to the public at `moment`, as the slot planner says."""
        from .hours.planner import units_open_at
        from .models import BookableUnit

        units = list(
            BookableUnit.objects.active()
            .filter(facility__in=self.bookable(timezone.localdate(moment)).values("pk"))
            .only("pk", "facility_id", "slot_minutes", "capacity")
        )
        open_ids = units_open_at(units, moment)
        return self.filter(pk__in={unit.facility_id for unit in units if unit.pk in open_ids})

    def with_distance_from(self, lat, lon):
        """Annotate `distance_km` (haversine, computed by the database on SQLite and PostgreSQL).

        `lat` and `lon` are numbers, or float expressions such as a community's centroid taken
        through OuterRef (wrapped in an ExpressionWrapper with a FloatField output).
        """
        lat1, lon1 = Radians(_expression(lat)), Radians(_expression(lon))
        lat2, lon2 = Radians(F("latitude")), Radians(F("longitude"))
        h = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(
            Sin((lon2 - lon1) / 2), 2
        )
        return self.annotate(distance_km=2 * EARTH_RADIUS_KM * ASin(Sqrt(h)))

    def for_listing(self):
        """Everything a list card shows, in a fixed number of queries whatever the page size."""
        from .models import FacilityPhoto

        photos = FacilityPhoto.objects.select_related("image").prefetch_related("image__renditions")
        return self.select_related("township", "school").prefetch_related(
            "sports", Prefetch("photos", queryset=photos)
        )


class UnitQuerySet(models.QuerySet):
    def for_manager(self, user):
        from .models import Facility

        return self.filter(facility__in=Facility.objects.for_manager(user))

    def active(self):
        return self.filter(is_active=True)
