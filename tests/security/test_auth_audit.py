"""The audit trail, residents' data export and who may delete an account (Low)."""

import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sportsportal.accounts import services
from sportsportal.accounts.models import AuditEvent
from tests.accounts.conftest import last_code, make_resident

from .conftest import PASSWORD, make_editor

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action


def actions():
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_sign_ins_through_every_door_are_recorded_with_the_address(django_user_model):
    editor = make_editor(django_user_model, is_staff=True)
    client = Client(REMOTE_ADDR="198.51.100.7")
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    client.post("/admin/logout/")
    client.post("/django-admin/login/", {"username": "editor", "password": PASSWORD})
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == [
        Action.SIGN_IN_FAILED,
        Action.SIGN_IN,
        Action.SIGN_OUT,
        Action.SIGN_IN,
    ]
    assert {e.address for e in events} == {"198.51.100.7"}
    assert {e.user for e in events} == {editor}
    assert events[0].path == "/admin/login/" and events[3].path == "/django-admin/login/"


def test_failed_attempts_for_no_account_keep_only_a_masked_name(client):
    client.post("/accounts/login/", {"username": "13912345678", "password": "x"})
    client.post("/accounts/login/", {"username": "my-secret-password", "password": "x"})
    subjects = list(AuditEvent.objects.order_by("pk").values_list("subject", flat=True))
    assert subjects[0] == "139****5678"
    assert subjects[1].startswith("#") and "secret" not in subjects[1]


def test_a_lock_is_recorded_once(client):
    for _ in range(8):
        client.post("/accounts/login/", {"username": "someone", "password": "x"})
    assert actions().count(Action.LOCKED) == 1


def test_export_and_deletion_are_recorded(client):
    resident = make_resident()
    client.force_login(resident)
    client.get("/accounts/me/export.json")
    client.post("/accounts/me/delete/", {"password": PASSWORD})
    assert actions()[-3:] == [
        Action.PERSONAL_DATA_EXPORTED,
        Action.ACCOUNT_DELETED,
        Action.SIGN_OUT,
    ]


def test_staff_downloads_of_indicator_exports_are_recorded(client, django_user_model):
    year = timezone.localdate().year
    client.get(f"/indicators/export.csv?year={year}")
    assert not AuditEvent.objects.exists()  # the public's downloads are not personal events
    editor = make_editor(django_user_model)
    client.force_login(editor)
    AuditEvent.objects.all().delete()
    client.get(f"/indicators/export.csv?year={year}")
    event = AuditEvent.objects.get()
    assert event.action == Action.DATA_EXPORTED and event.user == editor
    assert event.detail == f"indicators-{year}.csv"


def test_staff_downloads_of_survey_rows_from_the_admin_are_recorded(client, django_user_model):
    admin = django_user_model.objects.create_superuser("chief", password=PASSWORD)
    client.force_login(admin)
    url = reverse("wagtailsnippets_facilities_exerciseresponse:list")
    assert client.get(url, {"export": "csv"}).status_code == 200
    event = AuditEvent.objects.get(action=Action.DATA_EXPORTED)
    assert event.user == admin and event.detail == f"{url} (csv)"


def test_purge_never_deletes_entries_younger_than_180_days(settings):
    settings.PORTAL_AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    for days in (179, 181):
        AuditEvent.objects.create(action=Action.SIGN_IN, at=now - timedelta(days=days))
    call_command("purge_audit_log", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [(now - e.at).days for e in AuditEvent.objects.all()] == [179]


def test_audit_trail_is_for_administrators_only(client, django_user_model):
    AuditEvent.objects.create(action=Action.SIGN_IN, address="198.51.100.7")
    editor = make_editor(django_user_model, is_staff=True)
    client.force_login(editor)
    assert client.get("/admin/audit_trail/").status_code in (302, 403)
    assert "/admin/audit_trail/" not in client.get("/admin/").content.decode()
    admin = django_user_model.objects.create_superuser("boss", password=PASSWORD)
    client.force_login(admin)
    response = client.get("/admin/audit_trail/?action=sign_in")
    assert response.status_code == 200
    assert "198.51.100.7" in response.content.decode()
    pk = AuditEvent.objects.first().pk
    assert client.get(f"/admin/audit_trail/inspect/{pk}/").status_code == 200
    assert client.get(f"/admin/audit_trail/edit/{pk}/").status_code in (302, 403)
    assert client.get("/admin/audit_trail/new/").status_code in (302, 403)


def test_export_holds_cancellations_check_ins_suspensions_and_the_security_log(client):
    from facilities.booking.models import Suspension

    resident = make_resident()
    Suspension.objects.create(
        user=resident, ends_at=timezone.now() + timedelta(days=14), reason="3 no-shows"
    )
    client.post("/accounts/login/", {"username": resident.phone, "password": PASSWORD})
    data = json.loads(client.get("/accounts/me/export.json").content)
    assert data["booking_suspensions"][0]["reason"] == "3 no-shows"
    assert data["private_calendar_feed"] == {"exists": False}
    assert [row["event"] for row in data["security_log"]] == [Action.SIGN_IN]
    services.delete_personal_data(resident)
    assert not Suspension.objects.filter(user=resident).exists()


def test_a_password_reset_by_sms_is_recorded(client, outbox):
    resident = make_resident()
    client.post("/accounts/send-code/", {"phone": resident.phone, "purpose": "password_reset"})
    new = "xin-mi-ma-2026"
    client.post(
        "/accounts/password-reset/",
        {"code": last_code(resident.phone), "password1": new, "password2": new},
    )
    assert actions() == [Action.PASSWORD_RESET_REQUESTED, Action.PASSWORD_RESET, Action.SIGN_IN]
    assert set(AuditEvent.objects.values_list("user", flat=True)) == {resident.pk}


def test_a_wrong_sms_code_is_recorded_with_the_number_masked(client):
    client.post("/accounts/send-code/", {"phone": "13912345678", "purpose": "password_reset"})
    new = "xin-mi-ma-2026"
    for _ in range(6):
        client.post(
            "/accounts/password-reset/", {"code": "000000", "password1": new, "password2": new}
        )
    failed = AuditEvent.objects.filter(action__in=[Action.SIGN_IN_FAILED, Action.LOCKED])
    assert failed.count() == 7  # five wrong codes, the lock, the refused sixth
    assert set(failed.values_list("subject", flat=True)) == {"139****5678"}
    assert not AuditEvent.objects.filter(subject__contains="13912345678").exists()


def test_a_staff_password_reset_by_email_is_recorded(client, django_user_model, mailoutbox):
    editor = make_editor(django_user_model, email="editor@example.org")
    client.post("/admin/password_reset/", {"email": "editor@example.org"})
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+/)", mailoutbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    new = "xin-mi-ma-2026"
    client.post(form_page.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    editor.refresh_from_db()
    assert editor.check_password(new)
    assert actions() == [Action.PASSWORD_RESET_REQUESTED, Action.PASSWORD_RESET]
