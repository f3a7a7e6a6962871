"""The event calendar: one calendar page (`/events/`) with event pages under it.

Editors use Wagtail's drafts, scheduled publishing and moderation; the public (pages, feeds, the
tracker, the home page and venue pages) reads live events only, through `EventPageQuerySet`.

`EventFeedEntry` is what calendar subscribers were last sent about an event (its UID, SEQUENCE,
LAST-MODIFIED and a snapshot of the published event). It is updated whenever the live version of
an event is saved (publishing, unpublishing, scheduled publishing, a venue's move) and outlives
the page, so a withdrawn or deleted event stays in the feeds as cancelled for 30 days.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from cms.blocks import BodyBlock
from facilities.geo import validate_latitude, validate_longitude

from . import recurrence
from .choices import PLAN_YEARS, ChangeAction, Repeat, Status, Tier
from .querysets import EventPageQuerySet, FeedEntryQuerySet

FEED_FILENAME = "calendar.ics"
EVENT_FILENAME = "event.ics"


class EventCalendarPage(RoutablePageMixin, Page):
    """`/events/`: the list and month views, the iCalendar feed and the 1-2-2-5 tracker."""

    introduction = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("event calendar")

    @path("", name="index")
    def index_route(self, request, *args, **kwargs):
        from .views import calendar_index

        return calendar_index(self, request)

    # Wagtail's routing passes "calendar.ics" on with a slash added; the public address has none.
    @re_path(r"^calendar\.ics/$", name="feed")
    def feed_route(self, request):
        from .views import calendar_feed

        return calendar_feed(self, request)

    @path("plan/", name="plan")
    def plan_route(self, request):
        from .views import plan_tracker

        return plan_tracker(self, request)

    def get_context(self, request, *args, **kwargs):
        from .views import calendar_context

        context = super().get_context(request, *args, **kwargs)
        context.update(calendar_context(self, request))
        return context

    def feed_path(self, request=None):
        return f"{self.get_url(request)}{FEED_FILENAME}"

    def plan_path(self, request=None):
        return f"{self.get_url(request)}{self.reverse_subpage('plan')}"


class EventPageForm(WagtailAdminPageForm):
    """Validates the changed occurrences in the admin against the rule being entered.

    Django validates the page (model.clean()) before the child rows reach the page, so the rows
    from the inline formset are handed to the page here, before model validation runs.
    """

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("occurrence_changes")
        if formset is not None and formset.is_valid():
            pending = []
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or data.get("DELETE") or not data.get("original_date"):
                    continue
                pending.append(
                    recurrence.Change(
                        original_date=data["original_date"],
                        action=data.get("action") or ChangeAction.CANCEL,
                        new_start=data.get("new_start"),
                        new_end=data.get("new_end"),
                        note=data.get("note") or "",
                    )
                )
            self.instance._pending_changes = tuple(pending)
        return cleaned_data


class EventPage(RoutablePageMixin, Page):
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for lists and calendar apps."),
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.COUNTY)
    counts_towards_plan = models.BooleanField(
        _("counts towards the 1-2-2-5 plan"),
        default=False,
        help_text=_(
            "Tick for the event the plan counts: the national major event brought in, a "
            "provincial event hosted, the first edition of a new signature festival."
        ),
    )
    plan_year = models.PositiveSmallIntegerField(
        _("plan year"),
        null=True,
        blank=True,
        choices=[(year, str(year)) for year in PLAN_YEARS],
        help_text=_("The year of the plan (2021–2025) the event counts for."),
    )
    sports = ParentalManyToManyField(
        "facilities.Sport", blank=True, related_name="events", verbose_name=_("sports")
    )

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(
        _("all-day event"),
        default=False,
        help_text=_("The times are ignored: the event runs from the start day to the end day."),
    )
    repeat = models.CharField(
        _("repeat"), max_length=20, choices=Repeat.choices, blank=True, default=Repeat.NONE
    )
    repeat_interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        help_text=_("1 for every week or month, 2 for every other one, and so on."),
    )
    repeat_until = models.DateField(
        _("last date"),
        null=True,
        blank=True,
        help_text=_("The last day on which the event may take place."),
    )
    repeat_count = models.PositiveSmallIntegerField(
        _("number of occurrences"),
        null=True,
        blank=True,
        help_text=_("Instead of a last date."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    status_note = models.CharField(
        _("status note"),
        max_length=200,
        blank=True,
        help_text=_("Why the event was postponed, cancelled or moved, and what happens next."),
    )

    venue = models.ForeignKey(
        "facilities.Facility",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("venue"),
        help_text=_("A venue from the registry; or leave empty and name the place below."),
    )
    location_name = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_("For events outside the registry's venues, such as on the 以礼河 river."),
    )
    latitude = models.FloatField(
        _("latitude (WGS-84)"), null=True, blank=True, validators=[validate_latitude]
    )
    longitude = models.FloatField(
        _("longitude (WGS-84)"), null=True, blank=True, validators=[validate_longitude]
    )
    township = models.ForeignKey(
        "facilities.Township",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("township"),
        help_text=_("Filled in from the venue when left empty."),
    )

    organiser = models.CharField(_("organiser"), max_length=120, blank=True)
    registration = RichTextField(
        _("how to register"), blank=True, features=["bold", "link", "ol", "ul"]
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    # Derived on save from the times, the rule and the changes: the first start and last end of
    # every occurrence, so that the database can narrow a date range before Python expands.
    series_start = models.DateTimeField(null=True, editable=False, db_index=True)
    series_end = models.DateTimeField(null=True, editable=False, db_index=True)

    objects = PageManager.from_queryset(EventPageQuerySet)()

    base_form_class = EventPageForm
    parent_page_types = ["events.EventCalendarPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("tier"), FieldPanel("status")]),
                FieldPanel("status_note"),
                FieldPanel("sports", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("What"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Weekly or monthly, with a last date or a number of occurrences "
                        "(at most 200, within two years). Cancel or move single occurrences "
                        "below."
                    )
                ),
                FieldRowPanel([FieldPanel("repeat"), FieldPanel("repeat_interval")]),
                FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("repeat_count")]),
                InlinePanel("occurrence_changes", label=_("Changed occurrences")),
            ],
            heading=_("Repeat"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("location_name"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("township"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("organiser"), FieldPanel("registration")],
            heading=_("Organiser and registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("counts_towards_plan"), FieldPanel("plan_year")],
            heading=_("1-2-2-5 plan"),
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("tier"),
        index.FilterField("series_start"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["tier", "series_start"], name="event_tier_start")]

    # -- routes ---------------------------------------------------------------------------------

    @re_path(r"^event\.ics/$", name="ics")
    def ics_route(self, request):
        from .views import event_ics

        return event_ics(self, request)

    def ics_path(self, request=None):
        return f"{self.get_url(request)}{EVENT_FILENAME}"

    def get_context(self, request, *args, **kwargs):
        from .views import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request))
        return context

    # -- the series -----------------------------------------------------------------------------

    def _changes(self):
        pending = getattr(self, "_pending_changes", None)
        if pending is not None:
            return pending
        return tuple(change.as_change() for change in self.occurrence_changes.all())

    @property
    def rule(self):
        if not self.repeat:
            return None
        return recurrence.Rule(
            freq=self.repeat,
            interval=self.repeat_interval or 1,
            until=self.repeat_until,
            count=self.repeat_count,
        )

    def series(self):
        return recurrence.Series.build(
            self.start,
            self.end,
            all_day=self.all_day,
            rule=self.rule,
            changes=self._changes(),
        )

    def occurrences(self, window_start=None, window_end=None):
        return recurrence.expand(self.series(), window_start, window_end)

    def next_occurrence(self, now=None):
        return recurrence.next_occurrence(self.series(), now or timezone.now())

    @property
    def recurrence_text(self):
        return recurrence.describe(self.series())

    # -- the place ------------------------------------------------------------------------------

    @cached_property
    def point(self):
        """(latitude, longitude) in WGS-84, the event's own or its venue's; None if unknown."""
        if self.latitude is not None and self.longitude is not None:
            return (self.latitude, self.longitude)
        if self.venue_id and self.venue is not None:
            return (self.venue.latitude, self.venue.longitude)
        return None

    @property
    def place_name(self):
        if self.location_name:
            return self.location_name
        return self.venue.name if self.venue_id and self.venue is not None else ""

    @property
    def location_text(self):
        """One line for calendar apps: the place, its township and address."""
        parts = [self.place_name]
        township = self.township or (self.venue.township if self.venue else None)
        if township is not None:
            parts.append(township.name)
        if not self.location_name and self.venue is not None and self.venue.address:
            parts.append(self.venue.address)
        return "，".join(part for part in parts if part)

    @property
    def navigation_url(self):
        from urllib.parse import quote

        from facilities.geo import wgs84_to_gcj02

        if self.point is None:
            return ""
        lat, lon = wgs84_to_gcj02(*self.point)
        return (
            f"https://uri.amap.com/marker?position={lon:.6f},{lat:.6f}"
            f"&name={quote(self.place_name)}&coordinate=gaode&callnative=1"
        )

    @property
    def is_cancelled(self):
        return self.status == Status.CANCELLED

    # -- validation and saving ------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        self._clean_place(errors)
        self._clean_plan(errors)
        self._clean_times(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_place(self, errors):
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = [_("Give both latitude and longitude, or neither.")]
        if self.venue_id:
            if not self.township_id:
                self.township_id = self.venue.township_id
            return
        if not self.location_name:
            errors["location_name"] = [_("Choose a venue, or name the place of the event.")]
        if self.latitude is None and self.longitude is None:
            errors["latitude"] = [
                _("An event away from the registry's venues needs its point (latitude, longitude).")
            ]
        if not self.township_id:
            errors["township"] = [_("Choose the township the event takes place in.")]

    def _clean_plan(self, errors):
        if self.counts_towards_plan and not self.plan_year:
            errors["plan_year"] = [_("Choose the plan year the event counts for.")]
        elif self.plan_year and not self.counts_towards_plan:
            errors["plan_year"] = [
                _("Tick “counts towards the 1-2-2-5 plan”, or leave the plan year empty.")
            ]
        elif self.plan_year and self.start and self.end:
            years = {
                timezone.localtime(self.start).year,
                timezone.localtime(self.end).year,
            }
            if self.plan_year not in years:
                errors["plan_year"] = [
                    _("An event counts for the plan year in which it takes place.")
                ]

    def _clean_times(self, errors):
        if self.start is None or self.end is None:
            return
        if timezone.is_naive(self.start) or timezone.is_naive(self.end):
            errors["start"] = [_("Give the start and end with their time zone.")]
            return
        if self.all_day:
            # Store whole days: midnight of the first and of the last day (inclusive).
            series = self.series()
            self.start = series.start
            self.end = recurrence.midnight(series.last_day, series.tz)
        if self.repeat and (self.repeat_interval or 0) < 1:
            errors["repeat_interval"] = [_("Repeat every 1 to 12 weeks or months.")]
            return
        if not self.repeat and (self.repeat_until or self.repeat_count):
            errors["repeat"] = [_("Choose how the event repeats, or clear the last date.")]
            return
        for name, messages in recurrence.validate(self.series()).items():
            # The changed occurrences are an inline list, not a field: their errors head the form.
            name = NON_FIELD_ERRORS if name == "occurrence_changes" else name
            errors.setdefault(name, []).extend(messages)

    def _update_span(self):
        if self.start is None or self.end is None:
            return
        try:
            self.series_start, self.series_end = recurrence.span(self.series())
        except (ValueError, TypeError, OverflowError):
            # Unvalidated values (a script that skipped full_clean): fall back to the times.
            self.series_start, self.series_end = self.start, self.end

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self._update_span()
        result = super().save(*args, **kwargs)
        # A full save of the live row is a publish (or a script editing the live event); an
        # unpublish saves the row with live=False. Draft saves only touch revision fields.
        if update_fields is None or "live" in update_fields:
            from .feedstate import sync

            sync(self)
        self.__dict__.pop("point", None)
        self.__dict__.pop("_pending_changes", None)
        return result


class EventOccurrenceChange(Orderable):
    """One occurrence of a repeating event cancelled or moved, named by its date in the rule."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="occurrence_changes")
    original_date = models.DateField(
        _("date of the occurrence"), help_text=_("The date on which the rule puts it.")
    )
    action = models.CharField(
        _("change"), max_length=10, choices=ChangeAction.choices, default=ChangeAction.CANCEL
    )
    new_start = models.DateTimeField(_("new start"), null=True, blank=True)
    new_end = models.DateTimeField(_("new end"), null=True, blank=True)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For example: rain, the holiday.")
    )

    panels = [
        FieldRowPanel([FieldPanel("original_date"), FieldPanel("action")]),
        FieldRowPanel([FieldPanel("new_start"), FieldPanel("new_end")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("changed occurrence")
        verbose_name_plural = _("changed occurrences")

    def __str__(self):
        return f"{self.original_date} {self.get_action_display()}"

    def clean(self):
        if self.action == ChangeAction.MOVE and (self.new_start is None or self.new_end is None):
            raise ValidationError(
                {"new_start": _("Give the new start and end of a moved occurrence.")}
            )
        if self.action == ChangeAction.CANCEL and (self.new_start or self.new_end):
            raise ValidationError({"new_start": _("Only a moved occurrence has new times.")})

    def as_change(self):
        return recurrence.Change(
            original_date=self.original_date,
            action=self.action,
            new_start=self.new_start,
            new_end=self.new_end,
            note=self.note,
        )


class EventFeedEntry(models.Model):
    """What calendar subscribers were last sent about one event.

    The UID is made once and kept for the event's life; SEQUENCE rises when a published change
    touches the times, the status, the place or the recurrence (RFC 5546's "significant"
    changes), LAST-MODIFIED on every published change. `snapshot` holds the published event as
    the feeds render it, so the entry can stand in for a withdrawn or deleted page.
    """

    uid = models.CharField(_("iCalendar UID"), max_length=120, unique=True)
    page = models.OneToOneField(
        EventPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_entry",
        verbose_name=_("event"),
    )
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    schedule_fingerprint = models.CharField(max_length=64)
    content_fingerprint = models.CharField(max_length=64)
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("first published"))
    modified_at = models.DateTimeField(_("last changed"), db_index=True)
    withdrawn_at = models.DateTimeField(
        _("withdrawn"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When the event was unpublished or deleted."),
    )

    objects = FeedEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed entry")
        verbose_name_plural = _("calendar feed entries")

    def __str__(self):
        return f"{self.snapshot.get('title', self.uid)} (SEQUENCE {self.sequence})"
