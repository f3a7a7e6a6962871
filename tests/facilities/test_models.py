"""Registry validation: what an editor is told when a row makes no sense."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from facilities.models import BookableUnit, Facility

from .conftest import make_facility

pytestmark = pytest.mark.django_db


def build(township, **overrides):
    values = {
        "name": "测试场地",
        "kind": "football_7",
        "owner_type": "public_institution",
        "township": township,
        "latitude": 26.42,
        "longitude": 103.30,
        "playing_area": Decimal("1200"),
    }
    values.update(overrides)
    return Facility(**values)


def errors_of(instance):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def test_a_sensible_facility_is_valid(townships):
    build(townships[0]).full_clean()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("playing_area", Decimal("-1")),
        ("building_area", Decimal("-5")),
        ("land_area", Decimal("99999999")),
        ("latitude", 60.0),
        ("longitude", 2.35),
    ],
)
def test_absurd_areas_and_foreign_coordinates_are_rejected(townships, field, value):
    assert field in errors_of(build(townships[0], **{field: value}))


def test_school_owned_facility_must_name_its_school(townships, schools):
    assert "school" in errors_of(build(townships[0], owner_type="school"))
    assert "owner_type" in errors_of(build(townships[0], school=schools[0]))
    build(townships[0], owner_type="school", school=schools[0]).full_clean()


def test_database_refuses_school_owned_facility_without_school(townships):
    with pytest.raises(IntegrityError), transaction.atomic():
        build(townships[0], owner_type="school").save()


def test_database_refuses_negative_area(townships):
    with pytest.raises(IntegrityError), transaction.atomic():
        build(townships[0], playing_area=Decimal("-3")).save()


def test_playing_area_cannot_exceed_land_area(townships):
    facility = build(townships[0], playing_area=Decimal("900"), land_area=Decimal("500"))
    assert "playing_area" in errors_of(facility)


def test_closed_facility_needs_a_closing_date_after_opening(townships):
    assert "closed_on" in errors_of(build(townships[0], status="closed"))
    reversed_dates = build(
        townships[0], status="closed", opened_on="2020-05-01", closed_on="2019-01-01"
    )
    assert "closed_on" in errors_of(reversed_dates)


def test_paid_facility_needs_a_price(townships):
    assert "price" in errors_of(build(townships[0], fee_policy="paid"))


def test_slug_is_generated_and_unique(townships):
    first = make_facility(townships[0], "甲")
    second = make_facility(townships[0], "乙")
    assert first.slug and second.slug and first.slug != second.slug
    assert first.slug.startswith("basketball-outdoor-")


def test_unit_capacity_and_slot_length_are_checked(townships):
    facility = make_facility(townships[0], "球场")
    unit = BookableUnit(facility=facility, name="1号场", capacity=0, slot_minutes=50)
    with pytest.raises(ValidationError) as excinfo:
        unit.full_clean()
    assert {"capacity", "slot_minutes"} <= set(excinfo.value.message_dict)


def test_unit_needs_a_facility():
    with pytest.raises(IntegrityError), transaction.atomic():
        BookableUnit.objects.create(name="孤儿场地", capacity=5)


def test_navigation_link_uses_gcj02(townships):
    facility = make_facility(townships[0], "县体育场", latitude=26.417, longitude=103.297)
    url = facility.navigation_url
    assert url.startswith("https://uri.amap.com/marker?position=103.298938,26.413546")
    assert "coordinate=gaode" in url
