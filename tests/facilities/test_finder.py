"""The public venue finder at /venues/: filters, distance, pagination, bad input."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from facilities.geo import haversine_km
from facilities.hours.models import OpeningRule

from .conftest import make_facility, make_unit

pytestmark = pytest.mark.django_db


def names(response):
    return [venue.name for venue in response.context["venues"]]


@pytest.fixture
def venues(townships, sports, schools):
    jinzhong, dahai = townships
    basketball, swimming = sports
    return {
        "court": make_facility(jinzhong, "金钟篮球场", sports=[basketball], fee_policy="free"),
        "pool": make_facility(
            jinzhong,
            "县游泳馆",
            sports=[swimming],
            kind="pool_indoor",
            fee_policy="paid",
            price=20,
            latitude=26.43,
            longitude=103.31,
        ),
        "grassland": make_facility(
            dahai,
            "大海草山健身步道",
            kind="fitness_trail",
            fee_policy="low",
            price=5,
            latitude=26.10,
            longitude=103.55,
        ),
        "draft": make_facility(jinzhong, "未发布的球场", publish=False, sports=[basketball]),
        "school_hall": make_facility(
            jinzhong,
            "东陆高中体育馆",
            owner_type="school",
            school=schools[0],
            sports=[basketball],
            kind="basketball_hall",
        ),
    }


def test_lists_only_published_venues(client, venues):
    response = client.get("/venues/")
    assert response.status_code == 200
    assert "未发布的球场" not in names(response)
    assert set(names(response)) == {"金钟篮球场", "县游泳馆", "大海草山健身步道", "东陆高中体育馆"}


def test_filters_by_township_and_sport(client, venues):
    response = client.get("/venues/", {"township": "530326001000", "sport": "basketball"})
    assert sorted(names(response)) == ["东陆高中体育馆", "金钟篮球场"]
    response = client.get("/venues/", {"township": "530326201000"})
    assert names(response) == ["大海草山健身步道"]


def test_filters_by_kind_and_fee(client, venues):
    assert names(client.get("/venues/", {"kind": "pool_indoor"})) == ["县游泳馆"]
    assert names(client.get("/venues/", {"fee": "low"})) == ["大海草山健身步道"]
    assert sorted(names(client.get("/venues/", {"fee": "free"}))) == [
        "东陆高中体育馆",
        "金钟篮球场",
    ]


def test_text_search_matches_chinese_names(client, venues):
    assert names(client.get("/venues/", {"q": "草山"})) == ["大海草山健身步道"]
    assert sorted(names(client.get("/venues/", {"q": "东陆"}))) == ["东陆高中体育馆"]


def add_hours(unit, opens=time(6), closes=time(22), **kwargs):
    kwargs.setdefault("valid_from", timezone.localdate() - timedelta(days=30))
    return OpeningRule.objects.create(
        unit=unit, season="always", weekdays=127, opens_at=opens, closes_at=closes, **kwargs
    )


def test_bookable_filter_needs_public_hours_on_an_active_unit(client, venues):
    add_hours(make_unit(venues["court"]))
    add_hours(make_unit(venues["pool"], is_active=False))
    make_unit(venues["grassland"])  # a unit without public hours cannot be booked
    expired = make_unit(venues["school_hall"])
    add_hours(expired, valid_until=timezone.localdate() - timedelta(days=1))
    assert names(client.get("/venues/", {"bookable": "on"})) == ["金钟篮球场"]


def test_open_now_follows_the_slot_planner(client, venues):
    now = timezone.localtime()
    add_hours(make_unit(venues["court"]), opens=time(0), closes=time(23, 59))
    closed_now = make_unit(venues["pool"])
    # Open only in the vacation season, and there is no vacation on the calendar.
    OpeningRule.objects.create(
        unit=closed_now,
        season="vacation",
        weekdays=127,
        opens_at=time(0),
        closes_at=time(23, 59),
        valid_from=now.date() - timedelta(days=1),
    )
    listed = names(client.get("/venues/", {"open_now": "on"}))
    if now.time() < time(23, 59):
        assert listed == ["金钟篮球场"]


def test_near_sorts_by_distance_and_shows_it(client, venues):
    response = client.get("/venues/", {"near": "26.10,103.55"})
    assert response.status_code == 200
    listed = list(response.context["venues"])
    assert listed[0].name == "大海草山健身步道"
    distances = [venue.distance_km for venue in listed]
    assert distances == sorted(distances)
    expected = haversine_km(26.10, 103.55, 26.43, 103.31)
    pool = next(v for v in listed if v.name == "县游泳馆")
    assert pool.distance_km == pytest.approx(expected, rel=1e-6)
    assert f"{expected:.1f}" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"township": "999999999999"},
        {"sport": "quidditch"},
        {"kind": "spaceport"},
        {"fee": "gratis"},
        {"near": "abc"},
        {"near": "48.85,2.35"},  # Paris: outside China
        {"near": "nan,nan"},
        {"near": "26.4"},
        {"page": "x"},
    ],
)
def test_bad_filter_values_give_a_form_error_not_a_500(client, venues, query):
    response = client.get("/venues/", query)
    if "page" in query:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'id="filter-errors"' in response.content.decode()


def test_error_message_is_in_chinese_by_default(client, venues):
    response = client.get("/venues/", {"near": "48.85,2.35"})
    assert "纬度" in response.content.decode()


def test_paginates(client, townships, settings):
    settings.PORTAL_VENUES_PER_PAGE = 2
    for i in range(5):
        make_facility(townships[0], f"球场{i}")
    first = client.get("/venues/")
    assert len(first.context["venues"]) == 2
    last = client.get("/venues/", {"page": 3})
    assert names(last) == ["球场4"]


def test_query_count_does_not_grow_with_venues(client, townships, sports, settings):
    settings.PORTAL_VENUES_PER_PAGE = 50

    def count_queries():
        client.get("/venues/")  # warm: renditions are generated on first view
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/venues/", {"near": "26.4,103.3"})
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["venues"])

    for i in range(3):
        make_facility(townships[0], f"少量{i}", sports=sports, photo=True)
    few, shown_few = count_queries()
    for i in range(12):
        make_facility(townships[1], f"大量{i}", sports=sports[:1], photo=True)
    many, shown_many = count_queries()
    assert (shown_few, shown_many) == (3, 15)
    assert many == few
