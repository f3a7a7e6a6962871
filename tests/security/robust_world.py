"""A small county for the robustness tests: one of every kind of row a public URL can name.

Each URL pattern with parameters takes its values from these rows (see test_fuzz_get.py), so
the fuzzer reaches the real pages behind the patterns, not only their 404s.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cms.models import StandardPage
from events.models import EventCalendarPage, EventPage
from facilities.booking.models import Booking, BookingFeed
from facilities.hours.fields import mask_of
from facilities.hours.models import OpeningRule
from facilities.models import Facility, School, Sport
from tests.facilities.conftest import (
    make_facility,
    make_manager,
    make_resident,
    make_township,
    make_unit,
)


@dataclass
class World:
    facility: Facility
    unit: object
    school: School
    resident: object
    manager: object
    booking: Booking
    feed: BookingFeed
    event: EventPage
    calendar: EventCalendarPage
    private_page: StandardPage
    page_restriction: PageViewRestriction
    document: object
    collection_restriction: CollectionViewRestriction


def open_every_day(unit, opens=time(6), closes=time(22)):
    return OpeningRule.objects.create(
        unit=unit,
        season="always",
        weekdays=mask_of(range(7)),
        opens_at=opens,
        closes_at=closes,
        valid_from=date(2020, 1, 1),
    )


def build_world(django_user_model, *, photo=True):
    township = make_township()
    sport = Sport.objects.create(name="篮球", name_en="Basketball", slug="basketball")
    school = School.objects.create(
        name="会泽县东陆高级中学", township=township, stage="senior", pupils=3200
    )
    facility = make_facility(
        township,
        "东陆高中篮球场",
        owner_type="school",
        school=school,
        sports=[sport],
        photo=photo,
    )
    unit = make_unit(facility, "1号场", sport=sport, capacity=10, slot_minutes=60)
    open_every_day(unit)
    resident = make_resident(django_user_model)
    manager = make_manager(django_user_model, "teacher", school)
    tomorrow = timezone.localdate() + timedelta(days=1)
    starts_at = datetime.combine(tomorrow, time(9), timezone.get_current_timezone())
    booking = Booking.objects.create(
        unit=unit,
        user=resident,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        party_size=2,
        code="ABCD2345",
    )
    feed = BookingFeed.objects.create(user=resident)

    calendar = EventCalendarPage.objects.get()
    event = EventPage(
        title="会泽县全民健身运动会",
        slug="county-games",
        start=starts_at,
        end=starts_at + timedelta(hours=3),
        tier="county",
        location_name="会泽县体育场",
        latitude=26.42,
        longitude=103.30,
        township=township,
        live=False,
    )
    calendar.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()

    home = Page.objects.get(depth=2)
    private_page = home.add_child(instance=StandardPage(title="内部通知", slug="internal"))
    page_restriction = PageViewRestriction.objects.create(
        page=private_page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    collection = Collection.get_first_root_node().add_child(name="内部文件")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="s3cret",
    )
    document = get_document_model().objects.create(
        title="场馆开放办法", file=ContentFile(b"%PDF-1.4\n", name="rules.pdf")
    )
    return World(
        facility=facility,
        unit=unit,
        school=school,
        resident=resident,
        manager=manager,
        booking=booking,
        feed=feed,
        event=event,
        calendar=calendar,
        private_page=private_page,
        page_restriction=page_restriction,
        document=document,
        collection_restriction=collection_restriction,
    )
