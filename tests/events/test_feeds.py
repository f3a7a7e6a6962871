"""The iCalendar feeds as a subscriber's calendar app reads them (parsed with vobject).

`/events/calendar.ics` and `/events/<slug>/event.ics`: headers and conditional GET, VTIMEZONE,
stable UIDs, SEQUENCE and LAST-MODIFIED, cancellations kept, recurrence expanded by the reader
onto the right local dates and times, LOCATION / GEO / URL, filters, live events only.
"""

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext as _

from events.models import EventFeedEntry, EventPage

from . import ical_reader as ical
from .conftest import local, make_event, republish

pytestmark = pytest.mark.django_db

FEED = "/events/calendar.ics"


def feed(client, **params):
    response = client.get(FEED, params)
    assert response.status_code == 200, response.content[:500]
    return ical.parse(response.content)


def events_of(calendar_ics):
    return ical.by_uid(calendar_ics)


def uid_of(event):
    return EventFeedEntry.objects.get(page=event).uid


@pytest.fixture
def weekly(calendar, county):
    """Saturday tai chi, 08:00–09:30, 6 March to 10 April 2027; 3 April off, 27 March moved."""
    return make_event(
        calendar,
        "蔓海公园周末太极拳",
        slug="taiji",
        start=local(2027, 3, 6, 8),
        end=local(2027, 3, 6, 9, 30),
        repeat="weekly",
        repeat_until=date(2027, 4, 10),
        changes=[
            {"original_date": date(2027, 4, 3), "action": "cancel", "note": "清明节"},
            {
                "original_date": date(2027, 3, 27),
                "action": "move",
                "new_start": local(2027, 3, 28, 15),
                "new_end": local(2027, 3, 28, 16, 30),
                "note": "雨天改期",
            },
        ],
        sports=[county["basketball"]],
    )


@pytest.fixture
def festival(calendar, county):
    """An all-day signature festival on 大海草山, Friday 29 to Sunday 31 January 2027."""
    return make_event(
        calendar,
        "大海草山滑雪节",
        slug="ski-festival",
        tier="signature",
        start=local(2027, 1, 29),
        end=local(2027, 1, 31),
        all_day=True,
        location_name="大海草山滑雪场",
        latitude=26.052,
        longitude=103.012,
        township=county["dahai"],
        sports=[county["skiing"]],
    )


# ---------------------------------------------------------------------------------------------
# The text itself
# ---------------------------------------------------------------------------------------------


def test_the_feed_is_icalendar_for_calendar_apps(client, weekly):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Last-Modified"] == http_date(local(2027, 3, 1, 10).timestamp())
    assert "max-age" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]  # the texts follow the app's language
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded lines
    calendar_ics = ical.parse(response.content)
    assert ical.value(calendar_ics, "version") == "2.0"
    assert "Huize County" in ical.value(calendar_ics, "prodid")


def test_times_carry_a_vtimezone_for_asia_shanghai(client, weekly):
    text = client.get(FEED).content.decode()
    calendar_ics = ical.parse(text)
    [zone] = calendar_ics.vtimezone_list
    assert ical.value(zone, "tzid") == "Asia/Shanghai"
    assert "TZOFFSETTO:+0800" in text and "DTSTART;TZID=Asia/Shanghai:20270306T080000" in text
    master = next(e for e in ical.vevents(calendar_ics) if not hasattr(e, "recurrence_id"))
    start = ical.value(master, "dtstart")
    assert start.utcoffset() == timedelta(hours=8)
    assert start.astimezone(local(2027, 1, 1).tzinfo) == local(2027, 3, 6, 8)


def test_a_weekly_series_lands_on_the_right_local_dates_and_times(client, weekly):
    seen = ical.occurrences(feed(client))
    assert [(s.start, s.end, s.moved) for s in seen] == [
        (datetime(2027, 3, 6, 8, 0), datetime(2027, 3, 6, 9, 30), False),
        (datetime(2027, 3, 13, 8, 0), datetime(2027, 3, 13, 9, 30), False),
        (datetime(2027, 3, 20, 8, 0), datetime(2027, 3, 20, 9, 30), False),
        (datetime(2027, 3, 28, 15, 0), datetime(2027, 3, 28, 16, 30), True),  # moved
        # 3 April is cancelled (EXDATE): not shown
        (datetime(2027, 4, 10, 8, 0), datetime(2027, 4, 10, 9, 30), False),
    ]
    assert {s.uid for s in seen} == {uid_of(weekly)}
    text = client.get(FEED).content.decode()
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270410T000000Z;BYDAY=SA" in text
    assert "EXDATE;TZID=Asia/Shanghai:20270403T080000" in text
    assert "RECURRENCE-ID;TZID=Asia/Shanghai:20270327T080000" in text


def test_a_monthly_series_on_the_second_saturday(client, calendar, county):
    make_event(
        calendar,
        "每月第二个周六健步走",
        start=local(2027, 1, 9, 7, 30),
        end=local(2027, 1, 9, 9),
        repeat="monthly_weekday",
        repeat_count=4,
    )
    seen = ical.occurrences(feed(client))
    assert [s.start for s in seen] == [
        datetime(2027, 1, 9, 7, 30),
        datetime(2027, 2, 13, 7, 30),
        datetime(2027, 3, 13, 7, 30),
        datetime(2027, 4, 10, 7, 30),
    ]


def test_all_day_events_have_dates_and_an_exclusive_end(client, festival):
    text = client.get(FEED).content.decode()
    assert "DTSTART;VALUE=DATE:20270129" in text
    assert "DTEND;VALUE=DATE:20270201" in text  # the day after the last day
    [seen] = ical.occurrences(ical.parse(text))
    assert (seen.start, seen.end) == (date(2027, 1, 29), date(2027, 2, 1))
    assert "BEGIN:VTIMEZONE" not in text  # no timed event, no time zone needed


def test_location_geo_url_and_description(client, weekly, festival):
    calendar_ics = feed(client)
    master = events_of(calendar_ics)[uid_of(festival)][0]
    assert ical.value(master, "location") == "大海草山滑雪场，大海乡"
    assert ical.value(master, "geo") in ("26.052;103.012", ["26.052", "103.012"])
    assert ical.value(master, "url") == "http://testserver/events/ski-festival/"
    assert "大海草山滑雪场" in ical.value(master, "location")
    with translation.override("en"):
        assert "Skiing" in client.get(FEED, {"lang": "en"}).content.decode()


def test_the_calendar_name_is_in_the_users_language(client, weekly, county):
    names = {}
    for lang in ("zh-hans", "en"):
        calendar_ics = feed(client, lang=lang, sport="basketball")
        names[lang] = ical.value(calendar_ics, "x-wr-calname")
        with translation.override(lang):
            assert names[lang].startswith(_("Huize County sports events"))
    assert names["en"].endswith("Basketball")
    assert names["zh-hans"].endswith("篮球")
    # Without `lang`, the Accept-Language of the calendar app decides.
    response = client.get(FEED, {"sport": "basketball"}, HTTP_ACCEPT_LANGUAGE="en")
    assert ical.value(ical.parse(response.content), "x-wr-calname").endswith("Basketball")


# ---------------------------------------------------------------------------------------------
# UID, SEQUENCE, LAST-MODIFIED
# ---------------------------------------------------------------------------------------------


def _master(calendar_ics, uid):
    return next(e for e in events_of(calendar_ics)[uid] if not hasattr(e, "recurrence_id"))


def test_uids_are_stable_and_unique(client, weekly, festival):
    first = set(events_of(feed(client)))
    assert first == {uid_of(weekly), uid_of(festival)}
    republish(weekly, title="蔓海公园周末太极拳（公益）", slug="taiji-free")
    assert set(events_of(feed(client))) == first  # a new title or address keeps the UID


def test_sequence_rises_for_significant_changes_only(client, clock, weekly):
    uid = uid_of(weekly)
    master = _master(feed(client), uid)
    assert ical.value(master, "sequence") == "0"
    assert ical.value(master, "dtstamp") == local(2027, 3, 1, 10)

    clock.advance(minutes=5)
    weekly = republish(weekly, title="太极拳公益课", summary="免费，自带水杯")
    master = _master(feed(client), uid)
    assert ical.value(master, "sequence") == "0"  # a new title is not a new time
    assert ical.value(master, "last-modified") == local(2027, 3, 1, 10, 5)
    assert ical.value(master, "dtstamp") == local(2027, 3, 1, 10, 5)
    assert ical.value(master, "summary") == "太极拳公益课"

    clock.advance(minutes=5)
    weekly = republish(weekly, start=local(2027, 3, 6, 8, 30), end=local(2027, 3, 6, 10))
    calendar_ics = feed(client)
    assert ical.value(_master(calendar_ics, uid), "sequence") == "1"
    assert ical.occurrences(calendar_ics)[0].start == datetime(2027, 3, 6, 8, 30)

    clock.advance(minutes=5)
    weekly = republish(
        weekly,
        occurrence_changes=[{"original_date": date(2027, 3, 13), "action": "cancel"}],
    )
    assert ical.value(_master(feed(client), uid), "sequence") == "2"  # recurrence changed

    clock.advance(minutes=5)
    republish(weekly, location_name="蔓海公园南门广场")
    assert ical.value(_master(feed(client), uid), "sequence") == "3"  # the place changed


def test_saving_a_draft_changes_nothing_subscribers_see(client, clock, weekly):
    before = client.get(FEED).content
    clock.advance(hours=1)
    draft = EventPage.objects.get(pk=weekly.pk)
    draft.start, draft.end = local(2027, 3, 6, 18), local(2027, 3, 6, 19)
    draft.save_revision()  # not published
    assert client.get(FEED).content == before
    assert EventFeedEntry.objects.get(page=weekly).sequence == 0


def test_a_moved_venue_moves_its_events_location(client, clock, calendar, county):
    event = make_event(
        calendar,
        "县篮球联赛",
        start=local(2027, 4, 10, 9),
        end=local(2027, 4, 10, 12),
        venue=county["stadium"],
    )
    uid = uid_of(event)
    clock.advance(days=1)
    stadium = county["stadium"]
    stadium.name = "会泽县全民健身中心体育场"
    stadium.save_revision().publish()
    master = _master(feed(client), uid)
    assert ical.value(master, "location").startswith("会泽县全民健身中心体育场")
    assert ical.value(master, "sequence") == "1"


# ---------------------------------------------------------------------------------------------
# Cancellations stay visible
# ---------------------------------------------------------------------------------------------


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(client, clock, festival):
    uid = uid_of(festival)
    clock.advance(days=1)
    republish(festival, status="cancelled", status_note="雪量不足，本届取消")
    master = _master(feed(client), uid)
    assert ical.value(master, "status") == "CANCELLED"
    assert ical.value(master, "sequence") == "1"
    with translation.override("zh-hans"):
        assert ical.value(master, "summary") == _("[Cancelled] %(title)s") % {
            "title": "大海草山滑雪节"
        }
    assert "雪量不足" in ical.value(master, "description")
    clock.advance(days=400)  # long after the event: still there while the page is live
    assert uid in events_of(feed(client))


def test_a_postponed_event_is_tentative(client, clock, festival):
    republish(festival, status="postponed", status_note="因天气原因延期，新日期另行通知")
    master = _master(feed(client), uid_of(festival))
    assert ical.value(master, "status") == "TENTATIVE"
    assert ical.value(master, "sequence") == "1"


@pytest.mark.parametrize("how", ["unpublish", "delete"])
def test_a_withdrawn_event_stays_cancelled_for_thirty_days(client, clock, weekly, how):
    uid = uid_of(weekly)
    clock.advance(days=2)
    withdrawn_at = clock.now
    if how == "unpublish":
        EventPage.objects.get(pk=weekly.pk).unpublish()
    else:
        EventPage.objects.get(pk=weekly.pk).delete()
    calendar_ics = feed(client)
    assert set(events_of(calendar_ics)) == {uid}
    master = _master(calendar_ics, uid)
    assert ical.value(master, "status") == "CANCELLED"
    assert ical.value(master, "sequence") == "1"
    assert ical.value(master, "last-modified") == withdrawn_at
    # Its moved occurrence is cancelled too, so no calendar keeps a stray date.
    assert {s.status for s in ical.occurrences(calendar_ics)} == {"CANCELLED"}
    # The page itself is gone for the public.
    assert client.get("/events/taiji/").status_code == 404
    assert client.get("/events/taiji/event.ics").status_code == 404

    clock.set(withdrawn_at + timedelta(days=29, hours=23))
    assert uid in events_of(feed(client))
    clock.set(withdrawn_at + timedelta(days=30, minutes=1))
    assert uid not in events_of(feed(client))


def test_a_republished_event_comes_back_with_a_higher_sequence(client, clock, weekly):
    uid = uid_of(weekly)
    clock.advance(days=1)
    EventPage.objects.get(pk=weekly.pk).unpublish()
    clock.advance(days=1)
    page = EventPage.objects.get(pk=weekly.pk)
    page.save_revision().publish()
    master = _master(feed(client), uid)
    assert ical.value(master, "status") == "CONFIRMED"
    assert ical.value(master, "sequence") == "2"


def test_tombstones_follow_the_filters(client, clock, weekly, festival):
    clock.advance(days=1)
    EventPage.objects.get(pk=weekly.pk).unpublish()
    uid = EventFeedEntry.objects.get(snapshot__slug="taiji").uid
    assert uid in events_of(feed(client, sport="basketball"))
    assert uid not in events_of(feed(client, sport="skiing"))
    assert uid not in events_of(feed(client, tier="signature"))
    assert uid in events_of(feed(client, **{"from": "2027-04-01", "to": "2027-04-30"}))
    assert uid not in events_of(feed(client, **{"from": "2027-05-01"}))


# ---------------------------------------------------------------------------------------------
# Live events only
# ---------------------------------------------------------------------------------------------


def test_drafts_and_future_publications_stay_out_until_they_are_live(
    client, clock, calendar, county
):
    make_event(
        calendar,
        "尚未发布的赛事",
        start=local(2027, 6, 1, 9),
        end=local(2027, 6, 1, 11),
        publish=False,
    )
    scheduled = make_event(
        calendar,
        "定时发布的赛事",
        start=local(2027, 6, 2, 9),
        end=local(2027, 6, 2, 11),
        publish=False,
    )
    scheduled.go_live_at = local(2027, 3, 2, 8)
    scheduled.save_revision().publish()  # scheduled, not live yet
    assert not EventPage.objects.get(pk=scheduled.pk).live
    assert events_of(feed(client)) == {}

    clock.set(local(2027, 3, 2, 8, 1))
    call_command("publish_scheduled")
    uids = set(events_of(feed(client)))
    assert uids == {uid_of(scheduled)}


def test_moderation_publishes_only_when_approved(client, calendar, county, django_user_model):
    from wagtail.models import Workflow

    event = make_event(
        calendar,
        "待审核的赛事",
        start=local(2027, 6, 1, 9),
        end=local(2027, 6, 1, 11),
        publish=False,
    )
    editor = django_user_model.objects.create_superuser("moderator", "m@example.com", "pw-123456-x")
    workflow = Workflow.objects.get(name="Moderators approval")
    workflow.start(event, editor)
    assert events_of(feed(client)) == {}
    event.refresh_from_db()
    task_state = event.current_workflow_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")
    assert set(events_of(feed(client))) == {uid_of(EventPage.objects.get(pk=event.pk))}


def test_a_live_event_with_an_unpublished_draft_shows_its_live_version(client, weekly):
    draft = EventPage.objects.get(pk=weekly.pk)
    draft.title = "草稿标题"
    draft.save_revision()
    assert "草稿标题" not in client.get(FEED).content.decode()
    assert "草稿标题" not in client.get("/events/taiji/event.ics").content.decode()


# ---------------------------------------------------------------------------------------------
# Conditional GET
# ---------------------------------------------------------------------------------------------


def test_an_unchanged_feed_answers_304(client, clock, calendar, weekly):
    first = client.get(FEED)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    clock.advance(hours=6)
    by_etag = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == etag
    by_date = client.get(FEED, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert by_date.status_code == 304
    # Unchanged means byte for byte the same.
    assert client.get(FEED).content == first.content


def test_the_304_answer_does_not_read_the_events(client, calendar, county):
    def queries_for_304():
        etag = client.get(FEED)["ETag"]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304
        return len(queries)

    make_event(calendar, "一场赛事", start=local(2027, 5, 1, 9), end=local(2027, 5, 1, 11))
    few = queries_for_304()
    for n in range(15):
        day = 2 + n
        make_event(calendar, f"赛事{n}", start=local(2027, 5, day, 9), end=local(2027, 5, day, 11))
    assert queries_for_304() == few


def test_a_change_is_downloaded_again(client, clock, weekly):
    first = client.get(FEED)
    clock.advance(minutes=10)
    republish(weekly, title="太极拳公益课")
    again = client.get(
        FEED, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "太极拳公益课" in again.content.decode()


def test_filters_and_language_have_their_own_etags(client, weekly):
    tags = {
        client.get(FEED)["ETag"],
        client.get(FEED, {"sport": "basketball"})["ETag"],
        client.get(FEED, {"lang": "en"})["ETag"],
    }
    assert len(tags) == 3


def test_a_tombstone_expiring_counts_as_a_change(client, clock, weekly):
    clock.advance(days=1)
    EventPage.objects.get(pk=weekly.pk).unpublish()
    first = client.get(FEED)
    clock.advance(days=31)
    again = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "BEGIN:VEVENT" not in again.content.decode()
    assert again["Last-Modified"] != first["Last-Modified"]


# ---------------------------------------------------------------------------------------------
# One event alone, filters, bad input
# ---------------------------------------------------------------------------------------------


def test_an_events_own_ics_for_add_to_calendar(client, clock, weekly, festival):
    response = client.get("/events/ski-festival/event.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ski-festival.ics"'
    calendar_ics = ical.parse(response.content)
    assert set(events_of(calendar_ics)) == {uid_of(festival)}  # only this event
    assert ical.value(calendar_ics, "x-wr-calname") == "大海草山滑雪节"
    again = client.get("/events/ski-festival/event.ics", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.get("/events/ski-festival/event.ics", {"colour": "red"}).status_code == 400


def test_feed_filters(client, weekly, festival, county):
    def uids(**params):
        return set(events_of(feed(client, **params)))

    both = {uid_of(weekly), uid_of(festival)}
    assert uids() == both
    assert uids(tier="signature") == {uid_of(festival)}
    assert uids(sport="basketball") == {uid_of(weekly)}
    assert uids(township=county["dahai"].code) == {uid_of(festival)}
    assert uids(**{"from": "2027-03-07", "to": "2027-03-31"}) == {uid_of(weekly)}
    assert uids(**{"from": "2027-01-31", "to": "2027-01-31"}) == {uid_of(festival)}
    assert uids(**{"from": "2027-04-11"}) == set()


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"colour": "red"}, "Unknown filter"),
        ({"tier": "olympic"}, "valid choice"),
        ({"sport": "quidditch"}, "valid choice"),
        ({"township": "999"}, "valid choice"),
        ({"from": "2027-05-01", "to": "2027-04-01"}, "before the start date"),
        ({"from": "yesterday"}, "valid date"),
        ({"from": "1066-10-14"}, "between 2000 and 2100"),
        ({"lang": "tlh"}, "valid choice"),
    ],
)
def test_bad_feed_filters_get_a_plain_400(client, weekly, params, reason):
    before = list(EventFeedEntry.objects.values_list("uid", "sequence", "modified_at"))
    response = client.get(FEED, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert reason in response.content.decode()
    assert list(EventFeedEntry.objects.values_list("uid", "sequence", "modified_at")) == before
