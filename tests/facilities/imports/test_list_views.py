"""The survey data's admin lists: the filters the dashboard links with, read-only rows, cut-offs."""

import pytest
from django.urls import reverse

from facilities.imports.models import ImportRun
from facilities.surveys.models import PhysiqueStandard

from .conftest import bureau_editor
from .conftest import make_response as response
from .conftest import make_result as result

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = bureau_editor(django_user_model)
    client.force_login(user)
    return user


def listing(client, name, **params):
    page = client.get(reverse(f"wagtailsnippets_facilities_{name}:list"), params)
    assert page.status_code == 200
    return page.content.decode()


def test_exercise_responses_filter_by_year_township_urban_and_import(client, editor, townships):
    jinzhong, dahai = townships
    run = ImportRun.objects.create(kind="exercise", file_name="a.csv", file_sha256="0" * 64)
    response("R-A", jinzhong, run=run)
    response("R-B", dahai, urban=False)
    response("R-C", jinzhong, year=2023)
    found = listing(client, "exerciseresponse", survey_year=2024, township=jinzhong.pk)
    assert "R-A" in found and "R-B" not in found and "R-C" not in found
    found = listing(client, "exerciseresponse", is_urban="false")
    assert "R-B" in found and "R-A" not in found
    found = listing(client, "exerciseresponse", import_run=run.pk)
    assert "R-A" in found and "R-B" not in found


def test_physique_results_filter_by_every_breakdown(client, editor, townships):
    jinzhong, dahai = townships
    result("T-A", jinzhong)
    result("T-B", dahai, standard="2003", sex="male", age_group="60-79", is_urban=False)
    result("T-C", None, year=2023)
    for params in (
        {"year": 2024, "standard": PhysiqueStandard.objects.get(code="2003").pk},
        {"township": dahai.pk},
        {"age_group": "60-79", "sex": "male"},
        {"is_urban": "false"},
    ):
        found = listing(client, "physiqueresult", **params)
        assert "T-B" in found and "T-A" not in found and "T-C" not in found, params


def test_the_import_log_filters_by_kind(client, editor):
    ImportRun.objects.create(kind="exercise", file_name="exercise-2024.csv", file_sha256="0" * 64)
    ImportRun.objects.create(kind="physique", file_name="physique-2024.csv", file_sha256="1" * 64)
    found = listing(client, "importrun", kind="physique")
    assert "physique-2024.csv" in found and "exercise-2024.csv" not in found


def test_survey_rows_are_read_only_but_inspectable(client, editor, townships):
    row = response("R-A", townships[0])
    assert client.get(reverse("wagtailsnippets_facilities_exerciseresponse:add")).status_code == 302
    edit = reverse("wagtailsnippets_facilities_exerciseresponse:edit", args=[row.pk])
    assert client.post(edit, {"age": 99}).status_code == 302
    row.refresh_from_db()
    assert row.age == 30
    inspect = reverse("wagtailsnippets_facilities_exerciseresponse:inspect", args=[row.pk])
    assert client.get(inspect).status_code == 200
    assert inspect in listing(client, "exerciseresponse")


def test_the_cut_offs_of_a_version_are_edited_in_the_admin(client, editor):
    standard = PhysiqueStandard.objects.get(code="2023")
    url = reverse("wagtailsnippets_facilities_physiquestandard:edit", args=[standard.pk])
    data = {"code": "2023", "name": standard.name, "pass_min": "60", "good_min": "50"}
    page = client.post(url, {**data, "excellent_min": "85"})
    assert page.status_code == 200 and "The cut-offs must rise" in page.content.decode()
    assert client.post(url, {**data, "good_min": "75", "excellent_min": "85"}).status_code == 302
    standard.refresh_from_db()
    assert (standard.pass_min, standard.good_min, standard.excellent_min) == (60, 75, 85)


def test_a_version_with_results_cannot_be_deleted(client, editor, townships):
    result("T-A")
    standard = PhysiqueStandard.objects.get(code="2023")
    url = reverse("wagtailsnippets_facilities_physiquestandard:delete", args=[standard.pk])
    page = client.post(url, follow=True)
    assert page.status_code in (200, 400)
    assert PhysiqueStandard.objects.filter(pk=standard.pk).exists()
