"""What the planner reads: weekly opening rules, dated exceptions, and the county calendar."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .fields import ALL_DAYS, WEEKDAY_CHOICES, WeekdaysField, days_of


class Season(models.TextChoices):
    """Which days a rule applies to: term time, school holidays, or both."""

    TERM = "term", _("School days and term-time weekends")
    VACATION = "vacation", _("School holidays and public holidays")
    ALWAYS = "always", _("All year")


class OpeningRuleQuerySet(models.QuerySet):
    def for_manager(self, user):
        from ..models import BookableUnit

        return self.filter(unit__in=BookableUnit.objects.for_manager(user))

    def valid_between(self, first, last):
        return self.filter(valid_from__lte=last).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=first)
        )


class OpeningRule(models.Model):
    """Weekly public hours of one unit, e.g. weekdays 18:00–21:00 in term time."""

    unit = models.ForeignKey(
        "facilities.BookableUnit",
        on_delete=models.CASCADE,
        related_name="opening_rules",
        verbose_name=_("bookable unit"),
    )
    season = models.CharField(
        _("applies to"), max_length=10, choices=Season.choices, default=Season.TERM
    )
    weekdays = WeekdaysField(_("weekdays"), default=ALL_DAYS)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = OpeningRuleQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "season", "opens_at"]
        verbose_name = _("opening rule")
        verbose_name_plural = _("opening rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="rule_opens_before_it_closes"
            ),
            models.CheckConstraint(
                condition=Q(weekdays__gt=0) & Q(weekdays__lte=ALL_DAYS), name="rule_has_weekdays"
            ),
        ]

    def __str__(self):
        names = "、".join(str(WEEKDAY_CHOICES[d][1]) for d in days_of(self.weekdays))
        return f"{self.unit} · {names} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def seasons_overlapping(self):
        if self.season == Season.ALWAYS:
            return [Season.TERM, Season.VACATION, Season.ALWAYS]
        return [self.season, Season.ALWAYS]

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            errors["closes_at"] = _(
                "The closing time must be after the opening time (hours past midnight are "
                "entered as two rules)."
            )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("A rule cannot end before it starts.")
        if not self.weekdays:
            errors["weekdays"] = _("Choose at least one weekday.")
        if errors:
            raise ValidationError(errors)
        if not self.unit_id:
            return
        overlapping = (
            OpeningRule.objects.filter(unit_id=self.unit_id, season__in=self.seasons_overlapping())
            .exclude(pk=self.pk)
            .filter(opens_at__lt=self.closes_at, closes_at__gt=self.opens_at)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        )
        if self.valid_until:
            overlapping = overlapping.filter(valid_from__lte=self.valid_until)
        clash = next((r for r in overlapping if r.weekdays & self.weekdays), None)
        if clash:
            raise ValidationError(
                _("These hours overlap another rule of this unit: %(rule)s."),
                params={"rule": clash},
                code="overlapping_rule",
            )


class ExceptionKind(models.TextChoices):
    CLOSURE = "closure", _("Closure")
    EXTRA = "extra", _("Extra opening")


class ClosureReason(models.TextChoices):
    EXAM = "exam", _("Examination")
    SCHOOL_EVENT = "school_event", _("School event")
    MAINTENANCE = "maintenance", _("Maintenance")
    WEATHER = "weather", _("Weather")
    HOLIDAY = "holiday", _("Holiday opening")
    OTHER = "other", _("Other")


class HoursExceptionQuerySet(models.QuerySet):
    def for_manager(self, user):
        from ..models import Facility

        return self.filter(facility__in=Facility.objects.for_manager(user))


class HoursException(models.Model):
    """A dated closure or extra opening of one unit, or of every unit of a venue."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.CASCADE,
        related_name="hours_exceptions",
        verbose_name=_("venue"),
    )
    unit = models.ForeignKey(
        "facilities.BookableUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hours_exceptions",
        verbose_name=_("bookable unit"),
        help_text=_("Leave empty to apply to every unit of the venue."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ExceptionKind.choices)
    reason = models.CharField(
        _("reason"), max_length=20, choices=ClosureReason.choices, default=ClosureReason.OTHER
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"), null=True, blank=True, help_text=_("Empty: all day."))
    ends_at = models.TimeField(_("until"), null=True, blank=True, help_text=_("Empty: all day."))
    note = models.CharField(_("note for the public"), max_length=200, blank=True)

    objects = HoursExceptionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "starts_at"]
        verbose_name = _("closure or extra opening")
        verbose_name_plural = _("closures and extra openings")
        indexes = [models.Index(fields=["facility", "date"], name="hours_exception_day")]

    def __str__(self):
        span = (
            f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
            if self.starts_at and self.ends_at
            else _("all day")
        )
        return f"{self.get_kind_display()} {self.date} {span}"

    @property
    def all_day(self):
        return self.starts_at is None and self.ends_at is None

    def clean(self):
        if (self.starts_at is None) != (self.ends_at is None):
            raise ValidationError(_("Give both the start and the end time, or neither (all day)."))
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})
        if self.kind == ExceptionKind.EXTRA and self.all_day:
            raise ValidationError(_("An extra opening needs its hours."))
        if self.unit_id and self.facility_id and self.unit.facility_id != self.facility_id:
            raise ValidationError({"unit": _("This unit belongs to another venue.")})


class DayKind(models.TextChoices):
    PUBLIC_HOLIDAY = "holiday", _("Public holiday (day off)")
    WORKDAY = "workday", _("Moved working day (school day)")


class CalendarDay(models.Model):
    """A county-wide dated day: a public holiday, or a weekend day that is a working day."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=50, help_text=_("For example: 国庆节."))
    follows_weekday = models.PositiveSmallIntegerField(
        _("follows the hours of"),
        choices=WEEKDAY_CHOICES,
        default=0,
        help_text=_("A moved working day keeps the school-day hours of this weekday."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar")

    def __str__(self):
        return f"{self.date} {self.name} ({self.get_kind_display()})"


class SchoolVacation(models.Model):
    """Winter and summer vacations, set each year by the province's education department."""

    name = models.CharField(_("name"), max_length=50)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("school vacation")
        verbose_name_plural = _("school vacations")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=models.F("last_day")), name="vacation_in_order"
            )
        ]

    def __str__(self):
        return f"{self.name} {self.first_day}–{self.last_day}"

    def clean(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("The vacation cannot end before it starts.")})
