"""A resident finds an event in the browser: filter the calendar by sport, open the event, add it
to their calendar (the downloaded .ics parses, with a second library, to the right local time).

Checked along the way: no WCAG 2.x A/AA violations (axe-core) on the list, the month grid, the
event page and the 1-2-2-5 tracker; no HTTP or JavaScript errors; on a phone no sideways
scrolling, in standard and in elder mode. Screenshots land in test-artifacts/.
"""

from datetime import datetime, time, timedelta

import pytest
import vobject
from django.utils import timezone

from events.models import EventCalendarPage, EventOccurrenceChange, EventPage
from facilities.models import Sport, Township

# live_server flushes the database after each test; serialized_rollback puts back what the
# migrations created (the home page, the Wagtail Site and the event calendar page).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHANGHAI = timezone.get_fixed_timezone(8 * 60)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def publish(calendar, title, slug, start, end, sports, changes=(), **fields):
    event = EventPage(title=title, slug=slug, start=start, end=end, live=False, **fields)
    event.sports = sports
    event.occurrence_changes = [EventOccurrenceChange(**change) for change in changes]
    calendar.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def programme():
    calendar = EventCalendarPage.objects.get()
    jinzhong = Township.objects.create(
        name="金钟街道", code="530326001000", kind="subdistrict", is_urban=True
    )
    dahai = Township.objects.create(name="大海乡", code="530326201000", kind="township")
    basketball = Sport.objects.create(name="篮球", name_en="Basketball", slug="basketball")
    skiing = Sport.objects.create(name="滑雪", name_en="Skiing", slug="skiing")
    today = timezone.localdate()
    league_day = today + timedelta(days=9)
    festival_day = today + timedelta(days=5)
    return {
        "league": publish(
            calendar,
            "金钟街道职工篮球联赛",
            "league",
            at(league_day, 19, 30),
            at(league_day, 21),
            [basketball],
            repeat="weekly",
            repeat_count=4,
            changes=[{"original_date": league_day + timedelta(days=7), "action": "cancel"}],
            location_name="金钟街道全民健身广场",
            latitude=26.417,
            longitude=103.297,
            township=jinzhong,
            summary="每周一场，欢迎观赛。",
        ),
        "festival": publish(
            calendar,
            "大海草山滑雪节",
            "festival",
            at(festival_day, 0),
            at(festival_day + timedelta(days=2), 0),
            [skiing],
            all_day=True,
            tier="signature",
            location_name="大海草山滑雪场",
            latitude=26.052,
            longitude=103.012,
            township=dahai,
        ),
        "league_day": league_day,
    }


def event_links(page, slug):
    return page.locator(f'main .event-title a[href$="/events/{slug}/"]')


def test_resident_filters_by_sport_opens_the_event_and_adds_it_to_their_calendar(
    live_server, page, page_problems, axe, screenshot, programme
):
    response = page.goto(f"{live_server.url}/events/")
    assert response.status == 200
    assert event_links(page, "league").count() == 1
    assert event_links(page, "festival").count() == 1
    screenshot(page, "events-list")
    violations = axe(page)
    assert not violations, f"/events/: {violations}"

    page.select_option("select[name=sport]", "basketball")
    with page.expect_navigation() as navigation:
        page.locator("form.event-filters [type=submit]").click()
    assert navigation.value.status == 200
    assert "sport=basketball" in page.url
    assert event_links(page, "league").count() == 1
    assert event_links(page, "festival").count() == 0, "the ski festival is not basketball"
    assert page.locator("select[name=sport]").input_value() == "basketball"
    subscribe = page.locator(".subscribe-box a[href^='webcal://']")
    assert subscribe.get_attribute("href").endswith("/events/calendar.ics?sport=basketball")
    screenshot(page, "events-filtered")
    violations = axe(page)
    assert not violations, f"/events/?sport=basketball: {violations}"

    with page.expect_navigation() as navigation:
        event_links(page, "league").first.click()
    assert navigation.value.status == 200
    assert page.locator("h1").inner_text().strip() == "金钟街道职工篮球联赛"
    assert page.locator(".occurrence-list .is-cancelled").count() == 1
    screenshot(page, "event-page")
    violations = axe(page)
    assert not violations, f"/events/league/: {violations}"

    with page.expect_download() as download_info:
        page.locator("a[href$='/events/league/event.ics']").click()
    download = download_info.value
    assert download.suggested_filename == "league.ics"
    with open(download.path(), encoding="utf-8") as handle:
        calendar_ics = vobject.readOne(handle.read())
    [master] = calendar_ics.contents["vevent"]
    assert master.summary.value == "金钟街道职工篮球联赛"
    starts = [s.astimezone(SHANGHAI) for s in master.getrruleset(addRDate=True)]
    league_day = programme["league_day"]
    assert starts == [
        at(league_day, 19, 30),
        # a week later is cancelled (EXDATE)
        at(league_day + timedelta(days=14), 19, 30),
        at(league_day + timedelta(days=21), 19, 30),
    ]
    assert master.geo.value
    assert page_problems == [], "\n".join(page_problems)


def test_month_grid_and_tracker_are_accessible(live_server, page, page_problems, axe, programme):
    month = programme["league_day"].strftime("%Y-%m")
    response = page.goto(f"{live_server.url}/events/?view=month&month={month}")
    assert response.status == 200
    assert page.locator("table.month-grid a[href$='/events/league/']").count() >= 1
    violations = axe(page)
    assert not violations, f"month grid: {violations}"

    response = page.goto(f"{live_server.url}/events/plan/")
    assert response.status == 200
    assert page.locator("svg.chart").count() == 3
    violations = axe(page)
    assert not violations, f"/events/plan/: {violations}"
    assert page_problems == [], "\n".join(page_problems)


def _layout(page):
    return page.evaluate(
        """() => ({
            scrollWidth: document.scrollingElement.scrollWidth,
            fontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
        })"""
    )


@pytest.mark.parametrize("path", ["/events/", "/events/?view=month", "/events/plan/"])
def test_calendar_fits_a_phone_in_both_modes(
    live_server, phone_page, page_problems, screenshot, programme, path
):
    page = phone_page
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    assert _layout(page)["scrollWidth"] <= 390, f"{path} scrolls sideways on a phone"
    name = path.strip("/").replace("/", "-").replace("?view=", "-") or "events"
    screenshot(page, f"phone-{name}")
    with page.expect_navigation():
        page.locator('form[action$="/elder-mode/"] [type=submit]').click()
    layout = _layout(page)
    assert layout["fontSize"] >= 18
    assert layout["scrollWidth"] <= 390, f"{path} scrolls sideways in elder mode"
    screenshot(page, f"phone-{name}-elder")
    assert page_problems == [], "\n".join(page_problems)
