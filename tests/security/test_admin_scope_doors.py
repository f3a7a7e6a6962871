"""The audit's findings on the Wagtail admin, one by one, as a school's manager meets them.

The admin walker (test_admin_urls.py) covers every door; these tests spell out the findings:
bulk actions across schools, chooser doors, the site history report and its export, the 500s.
"""

import csv
import inspect
import io

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import log

from facilities.models import BookableUnit, Facility, HoursException, OpeningRule, School
from tests.facilities.conftest import make_facility, make_manager, make_township

from .admin_walk import school_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(django_user_model):
    jinzhong = make_township("金钟街道", "530326001000")
    dahai = make_township("大海乡", "530326201000", kind="township")
    school_a = School.objects.create(name="甲中学", township=jinzhong, stage="senior")
    school_b = School.objects.create(name="乙小学", township=dahai, stage="primary")
    return {
        "ours": school_rows(school_a, jinzhong, "甲"),
        "theirs": school_rows(school_b, dahai, "乙"),
        "manager": make_manager(django_user_model, "manager1", school_a),
        "school_b": school_b,
        "dahai": dahai,
    }


@pytest.fixture
def client(scene):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(scene["manager"])
    return client


def bulk_delete(model):
    return reverse("wagtail_bulk_action", args=["facilities", model._meta.model_name, "delete"])


@pytest.mark.parametrize("model", [OpeningRule, HoursException])
def test_bulk_delete_of_another_schools_row_is_refused(client, scene, model):
    theirs = scene["theirs"][model]
    url = f"{bulk_delete(model)}?id={theirs.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("model", [OpeningRule, HoursException])
def test_bulk_delete_of_all_means_all_of_mine(client, scene, model):
    ours, theirs = scene["ours"][model], scene["theirs"][model]
    url = f"{bulk_delete(model)}?id=all"
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert "乙校篮球馆" not in confirmation.content.decode()
    assert client.post(url).status_code == 302
    assert not type(ours).objects.filter(pk=ours.pk).exists()
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


def test_a_selection_mixing_schools_deletes_only_the_managers_row(client, scene):
    ours, theirs = scene["ours"][OpeningRule], scene["theirs"][OpeningRule]
    url = f"{bulk_delete(OpeningRule)}?id={ours.pk}&id={theirs.pk}"
    assert "乙校" not in client.get(url).content.decode()
    client.post(url)
    assert list(OpeningRule.objects.values_list("pk", flat=True)) == [theirs.pk]


@pytest.mark.parametrize("model", [Facility, BookableUnit, OpeningRule, HoursException])
def test_chosen_multiple_returns_only_the_managers_rows(client, scene, model):
    ours, theirs = scene["ours"][model], scene["theirs"][model]
    url = reverse(f"wagtailsnippetchoosers_facilities_{model._meta.model_name}:chosen_multiple")
    response = client.get(url, {"id": [ours.pk, theirs.pk]})
    assert response.status_code == 200
    chosen = response.json()["result"]
    assert [item["id"] for item in chosen] == [str(ours.pk)]
    assert f"/edit/{theirs.pk}/" not in response.content.decode()


def test_site_history_leaves_out_another_schools_draft(client, scene, django_user_model):
    draft = make_facility(
        scene["dahai"], "乙校秘密草稿", owner_type="school", school=scene["school_b"], publish=False
    )
    log(instance=draft, action="wagtail.create")
    log(instance=scene["ours"][Facility], action="wagtail.edit")
    page = client.get(reverse("wagtailadmin_reports:site_history"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "甲校篮球馆" in html
    assert "乙校秘密草稿" not in html
    for export in ("csv", "xlsx"):
        response = client.get(reverse("wagtailadmin_reports:site_history"), {"export": export})
        assert response.status_code == 200
        body = b"".join(response) if response.streaming else response.content
        assert "乙校秘密草稿".encode() not in body

    client.force_login(django_user_model.objects.create_superuser("root", password="pw-123456-x"))
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "乙校秘密草稿" in html


# -- malformed requests: 400 or 404, never 500 ---------------------------------------------------


def test_junk_ids_at_the_chooser_and_bulk_doors_are_refused_cleanly(client):
    chooser = "wagtailsnippetchoosers_facilities_openingrule"
    assert client.get(reverse(f"{chooser}:chosen", args=["abc"])).status_code == 404
    multiple = client.get(reverse(f"{chooser}:chosen_multiple"), {"id": "abc"})
    assert multiple.status_code == 400
    assert "not valid" in multiple.content.decode()
    bulk = client.get(f"{bulk_delete(OpeningRule)}?id=abc")
    assert bulk.status_code == 400
    assert client.post(f"{bulk_delete(OpeningRule)}?id=abc").status_code == 400
    assert client.get(reverse("wagtailimages_chooser:chosen", args=["abc"])).status_code == 404


def test_posting_to_a_choosers_create_door_is_a_404(client):
    url = reverse("wagtailsnippetchoosers_facilities_facility:create")
    assert client.post(url, {"name": "x"}).status_code == 404


def test_an_incomplete_page_form_is_a_400_for_the_superuser(django_user_model):
    from wagtail.models import Page

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(django_user_model.objects.create_superuser("root", password="pw-1234567"))
    page = Page.objects.filter(depth=2).first()
    response = client.post(reverse("wagtailadmin_pages:copy", args=[page.pk]))
    assert response.status_code == 400
    assert "incomplete" in response.content.decode()


# -- formula injection in admin exports ----------------------------------------------------------

EVIL = "-2+3+cmd|' /C calc'!A0"


def test_admin_csv_and_xlsx_exports_defuse_formulas(django_user_model):
    from openpyxl import load_workbook

    # The site history report exports each entry's "Name": here the venue's.
    venue = make_facility(make_township("金钟街道", "530326001000"), EVIL)
    log(instance=venue, action="wagtail.edit")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(django_user_model.objects.create_superuser("root", password="pw-1234567"))
    listing = reverse("wagtailadmin_reports:site_history")

    response = client.get(listing, {"export": "csv"})
    cells = [cell for row in csv.reader(io.StringIO(b"".join(response).decode())) for cell in row]
    assert f"'{EVIL}" in cells
    assert EVIL not in cells

    response = client.get(listing, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert f"'{EVIL}" in values
    assert EVIL not in values


def test_every_admin_export_goes_through_the_defused_cell_writer():
    """A view overriding Wagtail's per-cell method would write cells around the defusing."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from .admin_walk import admin_patterns

    writer = SpreadsheetExportMixin.preprocess_field_value
    assert writer.defuses_formulas
    views = [entry.view_class for entry in admin_patterns() if inspect.isclass(entry.view_class)]
    exporting = [view for view in views if issubclass(view, SpreadsheetExportMixin)]
    assert exporting  # the snippet listings and the reports at least
    assert all(view.preprocess_field_value is writer for view in exporting)
