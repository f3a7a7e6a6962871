"""Two triggers the feed bookkeeping cannot get from EventPage.save(); the rules are in feedstate.

* An event page is deleted: its feed entry stays, withdrawn, so subscribers see a cancellation.
* A venue is published again (renamed, moved): its events' LOCATION and GEO follow, and their
  SEQUENCE rises.
"""

from django.db.models.signals import pre_delete
from wagtail.signals import published

from . import feedstate


def event_deleted(sender, instance, **kwargs):
    feedstate.withdraw(instance)


def venue_published(sender, instance, **kwargs):
    feedstate.resync_venue(instance)


def connect():
    from facilities.models import Facility

    from .models import EventPage

    pre_delete.connect(event_deleted, sender=EventPage, dispatch_uid="events.event_deleted")
    published.connect(venue_published, sender=Facility, dispatch_uid="events.venue_published")
