"""Read logic of the calendar, shared by the list, the month grid, the feeds, the tracker, the
home page and the venue pages (and the API later).

The database narrows by the stored span of each series (`series_start`, `series_end`); the exact
occurrences inside a range come from `events.recurrence`.
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from wagtail.models import PageQuerySet

from .choices import Status
from .recurrence import SHANGHAI, midnight


def day_range(date_from=None, date_to=None, tz=SHANGHAI):
    """[start, end) instants for local dates `date_from` … `date_to` (inclusive); None = open."""
    start = midnight(date_from, tz) if date_from else None
    end = midnight(date_to + timedelta(days=1), tz) if date_to else None
    return start, end


class EventPageQuerySet(PageQuerySet):
    def visible(self):
        """What the public may see: live pages without view restrictions."""
        return self.live().public()

    def upcoming(self, now=None):
        """Events with an occurrence that has not ended yet."""
        return self.filter(series_end__gt=now or timezone.now())

    def in_range(self, start=None, end=None):
        """Events with an occurrence overlapping [start, end); either bound may be None."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(series_end__gt=start)
        if end is not None:
            queryset = queryset.filter(series_start__lt=end)
        return queryset

    def for_filters(self, data):
        """Apply the calendar's filters, as cleaned by `events.filters.EventFilter`.

        `data` keys: tier (a Tier value or ""), sport (a Sport or None), township (a Township or
        None), from and to (local dates or None).
        """
        queryset = self
        if data.get("tier"):
            queryset = queryset.filter(tier=data["tier"])
        if data.get("sport") is not None:
            queryset = queryset.filter(sports=data["sport"])
        if data.get("township") is not None:
            queryset = queryset.filter(township=data["township"])
        start, end = day_range(data.get("from"), data.get("to"))
        return queryset.in_range(start, end)

    def at_venue(self, facility):
        return self.filter(venue=facility)

    def counting_towards_plan(self):
        """Events counted for the 1-2-2-5 plan: ticked, with a plan year, not cancelled."""
        return self.filter(counts_towards_plan=True, plan_year__isnull=False).exclude(
            status=Status.CANCELLED
        )

    def taking_place(self):
        """Events with dates that stand: not cancelled, not postponed to a date to follow."""
        return self.exclude(status__in=[Status.CANCELLED, Status.POSTPONED])

    def for_listing(self):
        """Everything a list row, a grid cell or the tracker shows, in a fixed number of queries."""
        return self.select_related(
            "venue", "venue__township", "township", "hero_image"
        ).prefetch_related("sports", "occurrence_changes")

    def by_start(self):
        return self.order_by("series_start", "pk")


class FeedEntryQuerySet(models.QuerySet):
    def for_pages(self, pages):
        return self.filter(page__in=pages.values("pk"), withdrawn_at__isnull=True)

    def withdrawn_since(self, cutoff):
        """Entries of events unpublished or deleted at or after `cutoff` (the feeds' tombstones)."""
        return self.filter(withdrawn_at__gte=cutoff)
