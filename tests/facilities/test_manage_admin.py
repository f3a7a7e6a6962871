"""Wagtail admin of opening hours: managers see and edit only their own units' rules and closures;
the holiday calendar and its import are the bureau's."""

from datetime import date, time

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from facilities.hours.fields import mask_of
from facilities.hours.models import CalendarDay, HoursException, OpeningRule

from .conftest import make_facility, make_manager, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """English source strings, whatever the catalogue translates later."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def scene(django_user_model, townships, schools):
    donglu, dahai = schools
    ours = make_facility(townships[0], "东陆高中篮球馆", owner_type="school", school=donglu)
    theirs = make_facility(townships[1], "大海中心学校操场", owner_type="school", school=dahai)
    our_unit, their_unit = make_unit(ours, "东陆1号场"), make_unit(theirs, "大海1号场")

    def rule(unit):
        return OpeningRule.objects.create(
            unit=unit,
            weekdays=mask_of(range(5)),
            opens_at=time(18),
            closes_at=time(21),
            valid_from=date(2026, 1, 1),
        )

    def closure(facility):
        return HoursException.objects.create(
            facility=facility, kind="closure", reason="exam", date=date(2026, 6, 7), note="中考"
        )

    return {
        "manager": make_manager(django_user_model, "manager1", donglu),
        "ours": ours,
        "theirs": theirs,
        "our_unit": our_unit,
        "their_unit": their_unit,
        "our_rule": rule(our_unit),
        "their_rule": rule(their_unit),
        "our_closure": closure(ours),
        "their_closure": closure(theirs),
    }


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="pw-123456-x")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="facilities")
        | Permission.objects.filter(codename="access_admin")
    )
    return user


def url(model, action, obj=None):
    name = f"wagtailsnippets_facilities_{model}:{action}"
    return reverse(name, args=[obj.pk]) if obj else reverse(name)


def rule_form(unit, **overrides):
    data = {
        "unit": unit.pk,
        "season": "term",
        "weekdays": ["5", "6"],
        "opens_at": "08:00",
        "closes_at": "12:00",
        "valid_from": "2026-01-01",
        "valid_until": "",
    }
    data.update(overrides)
    return data


def test_manager_lists_only_own_rules_and_filters_offer_only_own_venues(client, scene):
    client.force_login(scene["manager"])
    response = client.get(url("openingrule", "list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "东陆1号场" in content
    assert "大海1号场" not in content and "大海中心学校操场" not in content


def test_manager_lists_only_own_closures(client, scene):
    client.force_login(scene["manager"])
    response = client.get(url("hoursexception", "list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "东陆高中篮球馆" in content
    assert "大海中心学校操场" not in content


@pytest.mark.parametrize("action", ["edit", "delete", "copy", "usage", "inspect"])
def test_other_schools_rules_and_closures_are_404(client, scene, action):
    client.force_login(scene["manager"])
    for model, obj in (("openingrule", "their_rule"), ("hoursexception", "their_closure")):
        try:
            target = url(model, action, scene[obj])
        except NoReverseMatch:  # the view is not enabled for this model
            continue
        assert client.get(target).status_code == 404, target


def test_posting_to_another_schools_rule_changes_nothing(client, scene):
    client.force_login(scene["manager"])
    theirs = scene["their_rule"]
    response = client.post(url("openingrule", "edit", theirs), rule_form(scene["their_unit"]))
    assert response.status_code == 404
    assert client.post(url("openingrule", "delete", theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.opens_at == time(18)


def test_the_rule_form_offers_only_own_units_and_weekday_checkboxes(client, scene):
    client.force_login(scene["manager"])
    response = client.get(url("openingrule", "edit", scene["our_rule"]))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["unit"].queryset) == [scene["our_unit"]]
    content = response.content.decode()
    assert 'type="checkbox" name="weekdays"' in content
    assert "大海1号场" not in content


def test_manager_adds_a_weekend_rule(client, scene):
    client.force_login(scene["manager"])
    response = client.post(url("openingrule", "add"), rule_form(scene["our_unit"]))
    assert response.status_code == 302
    rule = OpeningRule.objects.get(unit=scene["our_unit"], opens_at=time(8))
    assert rule.weekdays == mask_of([5, 6])


def test_a_rule_for_another_schools_unit_is_refused(client, scene):
    client.force_login(scene["manager"])
    response = client.post(url("openingrule", "add"), rule_form(scene["their_unit"]))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert OpeningRule.objects.filter(unit=scene["their_unit"]).count() == 1


def test_an_overlapping_rule_is_refused_with_a_clear_error(client, scene):
    client.force_login(scene["manager"])
    data = rule_form(scene["our_unit"], weekdays=["0"], opens_at="20:00", closes_at="22:00")
    response = client.post(url("openingrule", "add"), data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "These hours overlap another rule of this unit" in errors
    assert OpeningRule.objects.filter(unit=scene["our_unit"]).count() == 1


def test_a_closure_for_another_schools_venue_is_refused(client, scene):
    client.force_login(scene["manager"])
    data = {
        "facility": scene["theirs"].pk,
        "unit": "",
        "kind": "closure",
        "reason": "maintenance",
        "date": "2026-06-08",
        "starts_at": "",
        "ends_at": "",
        "note": "",
    }
    response = client.post(url("hoursexception", "add"), data)
    assert response.status_code == 200
    assert "facility" in response.context["form"].errors
    data.update(facility=scene["ours"].pk, unit=scene["their_unit"].pk)
    response = client.post(url("hoursexception", "add"), data)
    assert "unit" in response.context["form"].errors
    assert HoursException.objects.count() == 2

    data.update(unit=scene["our_unit"].pk)
    assert client.post(url("hoursexception", "add"), data).status_code == 302
    assert HoursException.objects.filter(facility=scene["ours"]).count() == 2


def test_managers_cannot_reach_the_holiday_calendar(client, scene):
    client.force_login(scene["manager"])
    response = client.get(url("calendarday", "list"))
    assert response.status_code in (302, 403)
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    for response in (
        client.get(reverse("facilities_holiday_import")),
        client.get(reverse("facilities_holiday_template")),
        client.post(reverse("facilities_holiday_apply"), {"token": "x"}),
    ):
        assert response.status_code in (302, 403)
        assert response.get("Content-Type", "").startswith("text/html")
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import holidays" not in menu


def test_the_bureau_sees_every_rule_and_the_holiday_menu(client, scene, editor):
    client.force_login(editor)
    content = client.get(url("openingrule", "list")).content.decode()
    assert "东陆1号场" in content and "大海1号场" in content
    assert client.get(url("openingrule", "edit", scene["their_rule"])).status_code == 200
    assert client.get(url("calendarday", "list")).status_code == 200
    assert client.get(url("schoolvacation", "list")).status_code == 200
    assert "Import holidays" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_moved_working_day_on_a_weekday_is_refused_in_the_admin(client, editor):
    client.force_login(editor)
    data = {"date": "2026-09-22", "kind": "workday", "name": "调休上班", "follows_weekday": "1"}
    response = client.post(url("calendarday", "add"), data)
    assert response.status_code == 200
    assert "already a working day" in str(response.context["form"].errors["date"])
    data["date"] = "2026-09-20"  # a Sunday
    assert client.post(url("calendarday", "add"), data).status_code == 302
    assert CalendarDay.objects.get().follows_weekday == 1
