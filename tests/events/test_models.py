"""Event pages: validation (model and admin), whole days, the stored span, the venue's township."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventFeedEntry, EventPage

from .conftest import local, make_event

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": list(EventPage.objects.order_by("pk").values_list("pk", "title", "start", "end")),
        "revisions": Revision.objects.count(),
        "feed entries": list(EventFeedEntry.objects.values_list("uid", "sequence", "modified_at")),
    }


def test_an_event_at_a_venue_takes_the_venues_township_and_point(calendar, county):
    event = make_event(
        calendar,
        "县篮球联赛",
        start=local(2027, 4, 10, 9),
        end=local(2027, 4, 10, 12),
        venue=county["stadium"],
        sports=[county["basketball"]],
    )
    assert event.township == county["jinzhong"]
    assert event.point == (county["stadium"].latitude, county["stadium"].longitude)
    assert event.location_text == "会泽县体育场，金钟街道，体育路 1 号"
    assert event.series_start == local(2027, 4, 10, 9)
    assert event.series_end == local(2027, 4, 10, 12)


def test_a_free_location_needs_its_name_point_and_township(calendar, county):
    with pytest.raises(ValidationError) as caught:
        make_event(
            calendar,
            "以礼河漂流赛",
            start=local(2027, 7, 3, 9),
            end=local(2027, 7, 3, 12),
            location_name="",
            township=None,
        )
    assert {"location_name", "latitude", "township"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        make_event(
            calendar,
            "以礼河漂流赛",
            start=local(2027, 7, 3, 9),
            end=local(2027, 7, 3, 12),
            location_name="以礼河小菜园段",
            latitude=26.331,
            township=county["jinzhong"],
        )
    assert "longitude" in caught.value.message_dict  # half a point is no point
    assert not EventPage.objects.live().exists()  # drafts may be incomplete; nothing went live
    assert not EventFeedEntry.objects.exists()


def test_all_day_events_are_stored_as_whole_days(calendar, county):
    event = make_event(
        calendar,
        "大海草山滑雪节",
        start=local(2027, 1, 29, 15, 20),
        end=local(2027, 1, 31, 8, 0),
        all_day=True,
        township=county["dahai"],
    )
    assert event.start == local(2027, 1, 29)
    assert event.end == local(2027, 1, 31)  # the last day, as the editor sees it
    assert event.series_end == local(2027, 2, 1)  # the exclusive end, for range queries


def test_the_span_covers_moved_occurrences(calendar, county):
    event = make_event(
        calendar,
        "周末太极拳",
        start=local(2027, 3, 6, 8),
        end=local(2027, 3, 6, 9),
        repeat="weekly",
        repeat_count=4,
        changes=[
            {
                "original_date": date(2027, 3, 27),
                "action": "move",
                "new_start": local(2027, 4, 3, 8),
                "new_end": local(2027, 4, 3, 9),
            }
        ],
    )
    assert event.series_start == local(2027, 3, 6, 8)
    assert event.series_end == local(2027, 4, 3, 9)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end": local(2027, 5, 1, 8)}, "end"),  # end before start
        ({"repeat": "minutely", "repeat_count": 5}, "repeat"),  # not a choice at all
        ({"repeat": "daily", "repeat_until": date(2127, 5, 1)}, "repeat"),
        ({"repeat": "weekly", "repeat_until": date(2127, 5, 1)}, "repeat_until"),
        ({"repeat": "weekly"}, "repeat_until"),  # repeats without end
        ({"repeat": "weekly", "repeat_count": 500}, "repeat_count"),
        ({"repeat": "weekly", "repeat_count": 3, "repeat_interval": 0}, "repeat_interval"),
        ({"repeat_until": date(2027, 6, 1)}, "repeat"),  # a last date without a rule
        ({"counts_towards_plan": True}, "plan_year"),
        ({"counts_towards_plan": True, "plan_year": 2024}, "plan_year"),  # not the event's year
        ({"plan_year": 2025}, "plan_year"),  # a year without the tick
    ],
)
def test_bad_input_is_refused_and_changes_nothing(calendar, county, fields, field):
    event = make_event(calendar, "健身日", start=local(2027, 5, 1, 9), end=local(2027, 5, 1, 11))
    before = snapshot()
    edited = EventPage.objects.get(pk=event.pk)
    for name, value in fields.items():
        setattr(edited, name, value)
    with pytest.raises(ValidationError) as caught:
        edited.save_revision().publish()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert snapshot() == before


def test_changed_occurrences_must_belong_to_the_rule(calendar, county):
    with pytest.raises(ValidationError) as caught:
        make_event(
            calendar,
            "周末太极拳",
            start=local(2027, 3, 6, 8),
            end=local(2027, 3, 6, 9),
            repeat="weekly",
            repeat_count=4,
            changes=[{"original_date": date(2027, 3, 7), "action": "cancel"}],
        )
    assert "There is no occurrence on" in str(caught.value.message_dict["__all__"])
    assert not EventPage.objects.live().exists()


def test_a_venue_event_may_not_carry_a_point_of_its_own_half_given(calendar, county):
    with pytest.raises(ValidationError):
        make_event(
            calendar,
            "县篮球联赛",
            start=local(2027, 4, 10, 9),
            end=local(2027, 4, 10, 12),
            venue=county["stadium"],
            latitude=26.4,
        )


# ---------------------------------------------------------------------------------------------
# The Wagtail admin: the editor's form validates the same rules, inline changes included
# ---------------------------------------------------------------------------------------------


def _cancel(day, note=""):
    return {"original_date": day, "action": "cancel", "new_start": "", "new_end": "", "note": note}


def _form(county, **overrides):
    data = {
        "title": "周末太极拳公益课",
        "slug": "taiji",
        "summary": "",
        "tier": "county",
        "status": "scheduled",
        "status_note": "",
        "sports": [],
        "start": "2027-03-06 08:00",
        "end": "2027-03-06 09:30",
        "repeat": "weekly",
        "repeat_interval": "1",
        "repeat_until": "2027-04-24",
        "repeat_count": "",
        "occurrence_changes": inline_formset([_cancel("2027-04-03", "清明")]),
        "venue": "",
        "location_name": "蔓海公园",
        "latitude": "26.446",
        "longitude": "103.327",
        "township": str(county["jinzhong"].pk),
        "organiser": "",
        "registration": rich_text(""),
        "plan_year": "",
        "hero_image": "",
        "body": streamfield([]),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_editor_publishes_a_weekly_event_with_a_cancelled_date(admin_client, calendar, county):
    response = admin_client.post(f"/admin/pages/add/events/eventpage/{calendar.pk}/", _form(county))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="taiji")
    assert event.live
    assert [c.original_date for c in event.occurrence_changes.all()] == [date(2027, 4, 3)]
    assert [o.cancelled for o in event.occurrences()].count(True) == 1
    assert EventFeedEntry.objects.get(page=event).sequence == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": "2027-03-06 07:00"}, "The end must be after the start."),
        ({"repeat_until": "2127-03-06"}, "at most 200 occurrences"),
        ({"repeat_until": "", "repeat_count": ""}, "needs an end"),
        ({"repeat": "minutely"}, "minutely"),
        (
            {"occurrence_changes": inline_formset([_cancel("2027-04-04")])},
            "There is no occurrence on",
        ),
    ],
)
def test_the_admin_refuses_bad_events_with_a_message(
    admin_client, calendar, county, overrides, message
):
    before = snapshot()
    with_en = {"HTTP_ACCEPT_LANGUAGE": "en"}
    response = admin_client.post(
        f"/admin/pages/add/events/eventpage/{calendar.pk}/", _form(county, **overrides), **with_en
    )
    assert response.status_code == 200  # the form again, with its errors
    assert message in response.content.decode()
    assert snapshot() == before


def test_the_admin_edit_with_a_changed_rule_checks_the_changes_entered_with_it(
    admin_client, calendar, county
):
    admin_client.post(f"/admin/pages/add/events/eventpage/{calendar.pk}/", _form(county))
    event = EventPage.objects.get(slug="taiji")
    # Moving the series to Sundays and the cancelled date with it: valid together.
    response = admin_client.post(
        f"/admin/pages/{event.pk}/edit/",
        _form(
            county,
            start="2027-03-07 08:00",
            end="2027-03-07 09:30",
            occurrence_changes=inline_formset(
                [
                    {
                        "id": str(event.occurrence_changes.get().pk),
                        "original_date": "2027-04-04",
                        "action": "cancel",
                        "new_start": "",
                        "new_end": "",
                        "note": "清明",
                    }
                ],
                initial=1,
            ),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.start == local(2027, 3, 7, 8)
    assert [c.original_date for c in event.occurrence_changes.all()] == [date(2027, 4, 4)]
