"""The registry: townships, communities, schools, sports, facilities (venues) and bookable units.

Facilities are Wagtail snippets with drafts, revisions and publishing; the public sees live rows
only. Read logic lives on the querysets so the finder, the admin and the later API share it.
"""

import secrets

from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)

from .choices import (
    CommunityKind,
    FacilityKind,
    FacilityStatus,
    FeePolicy,
    OwnerType,
    SchoolStage,
    Setting,
    TownshipKind,
)
from .geo import validate_latitude, validate_longitude
from .querysets import BOOKABLE_VENUE, FacilityQuerySet, SchoolQuerySet, UnitQuerySet

# The largest area the registry accepts for one site: 5 km², more than any trail or ski ground.
MAX_AREA_M2 = 5_000_000
area_validators = [MinValueValidator(0), MaxValueValidator(MAX_AREA_M2)]


class Township(ClusterableModel):
    """乡/镇/街道: the unit every indicator is broken down by."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.CharField(
        _("official code"),
        max_length=12,
        unique=True,
        help_text=_("The 9- or 12-digit statistical division code."),
        validators=[RegexValidator(r"^\d{9}(\d{3})?$", _("The code is 9 or 12 digits."))],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TownshipKind.choices)
    is_urban = models.BooleanField(
        _("urban"), default=False, help_text=_("Sub-districts and the county seat are urban.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("township")
        verbose_name_plural = _("townships")

    def __str__(self):
        return self.name


class TownshipPopulation(models.Model):
    township = ParentalKey(Township, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    population = models.PositiveIntegerField(
        _("resident population"), validators=[MaxValueValidator(20_000_000)]
    )
    source = models.CharField(
        _("source"), max_length=200, help_text=_("For example: the 2020 census bulletin.")
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("resident population")
        verbose_name_plural = _("resident population by year")
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="one_population_per_year")
        ]

    def __str__(self):
        return f"{self.township} {self.year}: {self.population}"


class Community(models.Model):
    """行政村/社区, with the centroid the 15-minute fitness circle is measured from."""

    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="communities", verbose_name=_("township")
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=CommunityKind.choices)
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, validators=[MaxValueValidator(2_000_000)]
    )
    latitude = models.FloatField(
        _("centroid latitude (WGS-84)"), null=True, blank=True, validators=[validate_latitude]
    )
    longitude = models.FloatField(
        _("centroid longitude (WGS-84)"), null=True, blank=True, validators=[validate_longitude]
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["township__code", "name"]
        verbose_name = _("community or village")
        verbose_name_plural = _("communities and villages")
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="unique_community_name")
        ]

    def __str__(self):
        return f"{self.township.name} {self.name}"

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Give both latitude and longitude of the centroid, or neither.")
            )


class School(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="schools", verbose_name=_("township")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=SchoolStage.choices)
    pupils = models.PositiveIntegerField(
        _("pupils"), default=0, validators=[MaxValueValidator(50_000)]
    )
    eligible_for_opening = models.BooleanField(
        _("meets the conditions for opening to the public"),
        default=True,
        help_text=_(
            "Sports area separable from teaching areas, safe access: the plan wants every "
            "eligible school's grounds open to the public."
        ),
    )
    manager_groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="managed_schools",
        verbose_name=_("manager groups"),
        help_text=_("Members of these groups manage this school's venues and bookings."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["township__code", "name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self):
        return self.name


class Sport(models.Model):
    name = models.CharField(_("name"), max_length=30, unique=True)
    name_en = models.CharField(_("English name"), max_length=40, blank=True)
    slug = models.SlugField(_("web address"), max_length=40, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("sport")
        verbose_name_plural = _("sports")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class Facility(PreviewableMixin, LockableMixin, DraftStateMixin, RevisionMixin, ClusterableModel):
    """A sports site (场地) as counted by the survey: one kind, one point, its areas."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("web address"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Latin letters, digits and hyphens; filled in automatically when empty."),
    )
    survey_code = models.CharField(
        _("survey code"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The site's code in the national sports-ground survey; imports match on it."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=FacilityKind.choices)
    owner_type = models.CharField(_("owner type"), max_length=30, choices=OwnerType.choices)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("school"),
    )
    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("township")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("community or village"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude (WGS-84)"), validators=[validate_latitude])
    longitude = models.FloatField(_("longitude (WGS-84)"), validators=[validate_longitude])
    playing_area = models.DecimalField(
        _("playing area (m²)"),
        max_digits=11,
        decimal_places=2,
        validators=area_validators,
        help_text=_("The area of the sports ground itself: the area the indicators count."),
    )
    building_area = models.DecimalField(
        _("building area (m²)"),
        max_digits=11,
        decimal_places=2,
        default=0,
        validators=area_validators,
    )
    land_area = models.DecimalField(
        _("land area (m²)"), max_digits=11, decimal_places=2, default=0, validators=area_validators
    )
    setting = models.CharField(
        _("indoor or outdoor"), max_length=10, choices=Setting.choices, default=Setting.OUTDOOR
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FacilityStatus.choices, default=FacilityStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    open_to_public = models.BooleanField(_("open to the public"), default=True)
    fee_policy = models.CharField(
        _("fee policy"), max_length=10, choices=FeePolicy.choices, default=FeePolicy.FREE
    )
    price = models.DecimalField(
        _("price (yuan per hour)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10_000)],
    )
    concessions = models.CharField(
        _("concessions"),
        max_length=200,
        blank=True,
        help_text=_("For example: half price for the elderly, the disabled, students, military."),
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    accessible_parking = models.BooleanField(_("accessible parking"), default=False)
    accessibility_notes = models.CharField(_("accessibility notes"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    description = RichTextField(_("description"), blank=True)
    sports = ParentalManyToManyField(
        Sport, blank=True, related_name="facilities", verbose_name=_("sports")
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    # Lets deleting a venue delete its revisions too.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="facility")

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["township__code", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        permissions = [("manage_all_facilities", _("Can manage every school's venues"))]
        indexes = [
            models.Index(fields=["live", "township"], name="facility_live_township"),
            models.Index(fields=["live", "kind"], name="facility_live_kind"),
            # The 15-minute circle looks for venues in a box around each community's centroid.
            models.Index(fields=["latitude", "longitude"], name="facility_lat_lon"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(playing_area__gte=0) & Q(building_area__gte=0) & Q(land_area__gte=0),
                name="facility_areas_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(owner_type="school") | Q(school__isnull=False),
                name="school_owned_facility_names_school",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("facilities:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.owner_type == OwnerType.SCHOOL and not self.school_id:
            errors["school"] = _("A school-owned venue must name its school.")
        if self.school_id and self.owner_type != OwnerType.SCHOOL:
            errors["owner_type"] = _("A venue that belongs to a school has the owner type School.")
        if self.land_area and self.playing_area and self.playing_area > self.land_area:
            errors["playing_area"] = _("The playing area cannot be larger than the land area.")
        if self.status == FacilityStatus.CLOSED and not self.closed_on:
            errors["closed_on"] = _("A closed venue needs the date it closed.")
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A venue cannot close before it opened.")
        if self.fee_policy != FeePolicy.FREE and self.price is None:
            errors["price"] = _("Give the hourly price of a venue that charges a fee.")
        if (
            self.community_id
            and self.township_id
            and self.community.township_id != self.township_id
        ):
            errors["community"] = _("The community lies in another township.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.kind.replace("_", "-")) or "venue"
            self.slug = f"{base}-{secrets.token_hex(3)}"
        super().save(*args, **kwargs)

    def get_preview_template(self, request, mode_name):
        return "facilities/facility_detail.html"

    def get_preview_context(self, request, mode_name):
        from .views import detail_context

        return detail_context(self, request)

    @property
    def navigation_url(self):
        """Amap marker link, converted to GCJ-02 so the pin lands on the venue, not 500 m off."""
        from urllib.parse import quote

        from .geo import wgs84_to_gcj02

        lat, lon = wgs84_to_gcj02(self.latitude, self.longitude)
        return (
            f"https://uri.amap.com/marker?position={lon:.6f},{lat:.6f}"
            f"&name={quote(self.name)}&coordinate=gaode&callnative=1"
        )

    @property
    def takes_bookings(self):
        """Meets BOOKABLE_VENUE, the rule `Facility.objects.takes_bookings()` filters by."""
        return all(getattr(self, name) == value for name, value in BOOKABLE_VENUE.items())

    @property
    def main_photo(self):
        photos = list(self.photos.all())
        return photos[0] if photos else None


class FacilityPhoto(Orderable):
    facility = ParentalKey(Facility, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("description for people who cannot see the photo"), max_length=200)

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class BookableUnit(models.Model):
    """A court, lane or pitch that residents book by the slot; belongs to exactly one venue."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="units", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=60)
    sport = models.ForeignKey(
        Sport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("sport"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity (people per slot)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    price = models.DecimalField(
        _("price per person and slot (yuan)"),
        max_digits=7,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(10_000)],
    )
    is_active = models.BooleanField(_("bookable"), default=True)
    booking_window_days = models.PositiveSmallIntegerField(
        _("booking window (days ahead)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    cancellation_hours = models.PositiveSmallIntegerField(
        _("cancellation deadline (hours before the start)"),
        default=2,
        validators=[MaxValueValidator(72)],
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["facility", "name"]
        verbose_name = _("bookable unit")
        verbose_name_plural = _("bookable units")
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="unique_unit_name"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="unit_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.facility.name} · {self.name}"

    @property
    def takes_bookings(self):
        """An active unit of a venue that takes bookings (BOOKABLE_VENUE)."""
        return self.is_active and self.facility.takes_bookings

    def clean(self):
        if self.slot_minutes and self.slot_minutes % 15:
            raise ValidationError(
                {"slot_minutes": _("Slot lengths are whole quarter hours (15, 30, 45 … minutes).")}
            )


# Models of the app's sub-packages, so Django sees them as this app's models.
from .booking.models import Booking, BookingFeed, SlotLedger, Suspension  # noqa: E402, F401
from .hours.models import (  # noqa: E402, F401
    CalendarDay,
    HoursException,
    OpeningRule,
    SchoolVacation,
)
from .imports.models import ImportJob, ImportRun  # noqa: E402, F401
from .surveys.models import (  # noqa: E402, F401
    ExerciseResponse,
    PhysiqueResult,
    PhysiqueStandard,
)
