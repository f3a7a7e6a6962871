"""The public pages: `/events/` as a list and a month grid with filters, the event page, the home
page's upcoming events, a venue's upcoming events; bad filters answer 400 with the form."""

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from events.models import EventPage

from .conftest import local, make_event, republish

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(calendar, county):
    return {
        "league": make_event(
            calendar,
            "县职工篮球联赛",
            slug="league",
            start=local(2027, 3, 20, 14),
            end=local(2027, 3, 20, 17),
            venue=county["stadium"],
            sports=[county["basketball"]],
        ),
        "festival": make_event(
            calendar,
            "大海草山滑雪露营节",
            slug="festival",
            tier="signature",
            start=local(2027, 3, 12),
            end=local(2027, 3, 14),
            all_day=True,
            location_name="大海草山",
            latitude=26.052,
            longitude=103.012,
            township=county["dahai"],
            sports=[county["skiing"]],
        ),
        "taiji": make_event(
            calendar,
            "周末太极拳",
            slug="taiji",
            start=local(2027, 3, 6, 8),
            end=local(2027, 3, 6, 9),
            repeat="weekly",
            repeat_count=6,
            changes=[{"original_date": date(2027, 3, 13), "action": "cancel", "note": "下雪"}],
        ),
        "past": make_event(
            calendar,
            "去年的健步走",
            slug="past",
            start=local(2026, 10, 1, 8),
            end=local(2026, 10, 1, 11),
        ),
        "draft": make_event(
            calendar,
            "还没发布的比赛",
            slug="draft",
            start=local(2027, 3, 21, 9),
            end=local(2027, 3, 21, 11),
            publish=False,
        ),
    }


def titles(html):
    return re.findall(r'<h3 class="event-title"><a href="[^"]+">([^<]+)</a>', html)


def test_the_list_shows_upcoming_live_events_soonest_first(client, programme):
    response = client.get("/events/")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == ["周末太极拳", "大海草山滑雪露营节", "县职工篮球联赛"]
    assert "去年的健步走" not in html  # over
    assert "还没发布的比赛" not in html  # a draft
    assert 'href="webcal://testserver/events/calendar.ics"' in html
    assert 'href="http://testserver/events/calendar.ics"' in html


def test_list_filters(client, programme, county):
    def shown(**params):
        return titles(client.get("/events/", params).content.decode())

    assert shown(sport="basketball") == ["县职工篮球联赛"]
    assert shown(tier="signature") == ["大海草山滑雪露营节"]
    assert shown(township=county["dahai"].code) == ["大海草山滑雪露营节"]
    assert shown(**{"from": "2026-09-01", "to": "2026-10-31"}) == ["去年的健步走"]
    one_day = {"from": "2027-03-13", "to": "2027-03-13"}
    assert shown(**one_day) == ["大海草山滑雪露营节", "周末太极拳"]
    html = client.get("/events/", {"sport": "basketball"}).content.decode()
    # The subscription keeps the filter; the form keeps the choice.
    assert 'href="webcal://testserver/events/calendar.ics?sport=basketball"' in html
    assert re.search(r'<option value="basketball" selected>', html)


def test_a_series_whose_date_in_range_is_cancelled_is_listed_as_cancelled(client, programme):
    html = client.get("/events/", {"from": "2027-03-13", "to": "2027-03-13"}).content.decode()
    row = html[html.index("周末太极拳") - 600 : html.index("周末太极拳")]
    assert "status-cancelled" in row


def test_the_month_grid(client, programme):
    response = client.get("/events/", {"view": "month", "month": "2027-03"})
    assert response.status_code == 200
    html = response.content.decode()
    cells = dict(
        re.findall(r'<time datetime="(2027-03-\d\d)">.*?</span>(.*?)</td>', html, flags=re.S)
    )
    assert "大海草山滑雪露营节" in cells["2027-03-12"]
    assert "大海草山滑雪露营节" in cells["2027-03-14"]  # every day of a multi-day event
    assert "县职工篮球联赛" in cells["2027-03-20"] and "14:00" in cells["2027-03-20"]
    assert "周末太极拳" in cells["2027-03-06"] and "08:00" in cells["2027-03-06"]
    assert "周末太极拳" in cells["2027-03-13"] and "is-cancelled" in cells["2027-03-13"]
    assert "还没发布的比赛" not in html
    assert "view=month&amp;month=2027-04" in html and "view=month&amp;month=2027-02" in html
    # Filters apply to the grid too.
    html = client.get(
        "/events/", {"view": "month", "month": "2027-03", "sport": "skiing"}
    ).content.decode()
    assert "大海草山滑雪露营节" in html and "县职工篮球联赛" not in html


def test_the_month_grid_defaults_to_this_month(client, programme):
    html = client.get("/events/", {"view": "month"}).content.decode()
    assert 'datetime="2027-03-01"' in html and "today" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"colour": "red"}, "Unknown filter"),
        ({"from": "2027-05-01", "to": "2027-04-01"}, "before the start date"),
        ({"tier": "olympic"}, "valid choice"),
        ({"view": "year"}, "valid choice"),
        ({"view": "month", "month": "2027-13"}, "no month"),
        ({"month": "March"}, "YYYY-MM"),
    ],
)
def test_bad_filters_answer_400_with_the_form(client, programme, params, message):
    response = client.get("/events/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and message in html
    assert '<form class="filter-form event-filters"' in html
    assert titles(html) == []


def test_the_event_page(client, programme):
    response = client.get("/events/taiji/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>周末太极拳</h1>" in html
    assert 'href="/events/taiji/event.ics"' in html
    assert 'href="webcal://testserver/events/calendar.ics"' in html
    assert "webcal://testserver/events/calendar.ics?tier=county" in html
    assert "下雪" in html  # the cancelled date and why
    assert html.count("is-cancelled") == 1
    assert "uri.amap.com/marker" in html  # navigation for a free location


def test_a_venue_event_links_its_venue(client, programme, county):
    html = client.get("/events/league/").content.decode()
    assert f'href="/venues/{county["stadium"].slug}/"' in html
    assert "webcal://testserver/events/calendar.ics?sport=basketball" in html


def test_a_cancelled_event_says_so(client, programme):
    republish(programme["league"], status="cancelled", status_note="场馆维修")
    html = client.get("/events/league/").content.decode()
    assert "status-banner status-cancelled" in html and "场馆维修" in html
    listed = client.get("/events/").content.decode()
    assert "县职工篮球联赛" in listed and "status-cancelled" in listed


def test_drafts_are_not_public(client, programme):
    assert client.get("/events/draft/").status_code == 404
    assert client.get("/events/draft/event.ics").status_code == 404


def test_the_home_page_shows_upcoming_events(client, programme):
    republish(programme["festival"], status="cancelled")
    html = client.get("/").content.decode()
    section = html[html.index('id="upcoming-events"') :]
    assert titles(section)[:2] == ["周末太极拳", "县职工篮球联赛"]
    assert "大海草山滑雪露营节" not in section  # cancelled: not "upcoming"
    assert 'href="/events/"' in section


def test_a_venue_page_lists_its_upcoming_events(client, programme, county):
    template = Template("{% load events_tags %}{% upcoming_events_for_venue facility %}")
    request = RequestFactory().get("/")
    html = template.render(Context({"facility": county["stadium"], "request": request}))
    assert titles(html) == ["县职工篮球联赛"]
    other = make_facility_without_events(county)
    assert template.render(Context({"facility": other, "request": request})).strip() == ""


def make_facility_without_events(county):
    from tests.facilities.conftest import make_facility

    return make_facility(county["dahai"], "大海乡篮球场")


def test_the_venue_detail_page_shows_them(client, programme, county):
    html = client.get(f"/venues/{county['stadium'].slug}/").content.decode()
    assert "县职工篮球联赛" in html


def test_event_search_finds_events(client, programme):
    html = client.get("/search/", {"q": "太极"}).content.decode()
    assert "周末太极拳" in html
    assert EventPage.objects.visible().count() == 4
