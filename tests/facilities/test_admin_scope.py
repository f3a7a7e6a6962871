"""School managers see and edit only their own schools' venues and units in Wagtail admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from facilities.models import Facility

from .conftest import make_facility, make_manager, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(django_user_model, townships, schools):
    donglu, dahai_school = schools
    ours = make_facility(townships[0], "东陆高中篮球馆", owner_type="school", school=donglu)
    theirs = make_facility(
        townships[1], "大海中心学校操场", owner_type="school", school=dahai_school
    )
    public = make_facility(townships[0], "县体育场")
    return {
        "manager": make_manager(django_user_model, "manager1", donglu),
        "ours": ours,
        "theirs": theirs,
        "public": public,
        "our_unit": make_unit(ours),
        "their_unit": make_unit(theirs),
    }


def url(model, action, obj=None):
    name = f"wagtailsnippets_facilities_{model}:{action}"
    return reverse(name, args=[obj.pk]) if obj else reverse(name)


def test_manager_lists_only_their_schools_venues(client, scene):
    client.force_login(scene["manager"])
    response = client.get(url("facility", "list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "东陆高中篮球馆" in content
    assert "大海中心学校操场" not in content
    assert "县体育场" not in content


def test_manager_lists_only_their_units(client, scene):
    client.force_login(scene["manager"])
    content = client.get(url("bookableunit", "list")).content.decode()
    assert "东陆高中篮球馆" in content
    assert "大海中心学校操场" not in content


@pytest.mark.parametrize("action", ["edit", "history", "usage", "delete", "unpublish"])
def test_direct_urls_to_another_schools_venue_are_refused(client, scene, action):
    client.force_login(scene["manager"])
    response = client.get(url("facility", action, scene["theirs"]))
    assert response.status_code in (403, 404)
    assert client.get(url("facility", action, scene["public"])).status_code in (403, 404)


def test_posting_an_edit_to_another_schools_venue_changes_nothing(client, scene):
    client.force_login(scene["manager"])
    response = client.post(url("facility", "edit", scene["theirs"]), {"name": "被篡改"})
    assert response.status_code in (403, 404)
    assert Facility.objects.get(pk=scene["theirs"].pk).name == "大海中心学校操场"


def test_direct_urls_to_another_schools_unit_are_refused(client, scene):
    client.force_login(scene["manager"])
    assert client.get(url("bookableunit", "edit", scene["their_unit"])).status_code == 404
    assert client.get(url("bookableunit", "edit", scene["our_unit"])).status_code == 200


def test_manager_can_edit_own_venue(client, scene):
    client.force_login(scene["manager"])
    response = client.get(url("facility", "edit", scene["ours"]))
    assert response.status_code == 200
    school_field = response.context["form"].fields["school"]
    assert list(school_field.queryset.values_list("name", flat=True)) == ["会泽县东陆高级中学"]


def test_garbage_primary_key_is_a_404(client, scene):
    client.force_login(scene["manager"])
    response = client.get("/admin/snippets/facilities/facility/edit/not-a-number/")
    assert response.status_code == 404


def test_bureau_editor_sees_every_venue(client, django_user_model, scene):
    editor = django_user_model.objects.create_user(username="editor", password="pw-123456-x")
    editor.user_permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "change_facility", "manage_all_facilities"]
        )
    )
    client.force_login(editor)
    content = client.get(url("facility", "list")).content.decode()
    for name in ("东陆高中篮球馆", "大海中心学校操场", "县体育场"):
        assert name in content
    assert client.get(url("facility", "edit", scene["theirs"])).status_code == 200


def admin_form_data(**overrides):
    data = {
        "name": "新建球场",
        "slug": "",
        "kind": "basketball_outdoor",
        "setting": "outdoor",
        "owner_type": "public_institution",
        "school": "",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "address": "",
        "latitude": "26.42",
        "longitude": "103.30",
        "playing_area": "500",
        "building_area": "0",
        "land_area": "600",
        "status": "open",
        "opened_on": "",
        "closed_on": "",
        "open_to_public": "on",
        "fee_policy": "free",
        "price": "",
        "concessions": "",
        "accessibility_notes": "",
        "contact_name": "",
        "contact_phone": "",
    }
    data.update(overrides)
    return data


def test_manager_cannot_create_a_venue_for_another_school(client, scene, townships, schools):
    client.force_login(scene["manager"])
    data = admin_form_data(
        township=townships[1].pk, owner_type="school", school=schools[1].pk, name="越权场地"
    )
    response = client.post(url("facility", "add"), data)
    assert response.status_code == 200  # the form comes back with errors
    assert "school" in response.context["form"].errors
    assert not Facility.objects.filter(name="越权场地").exists()


def test_manager_creates_a_draft_for_own_school(client, scene, townships, schools):
    client.force_login(scene["manager"])
    data = admin_form_data(
        township=townships[0].pk, owner_type="school", school=schools[0].pk, name="东陆新球场"
    )
    response = client.post(url("facility", "add"), data)
    assert response.status_code == 302, response.context["form"].errors
    created = Facility.objects.get(name="东陆新球场")
    assert created.school == schools[0]
    assert not created.live  # saved as a draft: the public does not see it yet
    assert client.get("/venues/", {"q": "东陆新球场"}).context["venues"].__len__() == 0


def test_editor_previews_a_venue_before_publishing(client, scene):
    client.force_login(scene["manager"])
    preview_url = reverse(
        "wagtailsnippets_facilities_facility:preview_on_edit", args=[scene["ours"].pk]
    )
    data = admin_form_data(
        township=scene["ours"].township_id,
        owner_type="school",
        school=scene["ours"].school_id,
        name="预览中的新名称",
    )
    assert client.post(preview_url, data).json()["is_valid"]
    html = client.get(preview_url).content.decode()
    assert "预览中的新名称" in html
    assert Facility.objects.get(pk=scene["ours"].pk).name == "东陆高中篮球馆"


def test_venue_chooser_offers_only_own_venues(client, scene):
    client.force_login(scene["manager"])
    response = client.get(reverse("wagtailsnippetchoosers_facilities_facility:choose"))
    html = response.json()["html"]
    assert "东陆高中篮球馆" in html
    assert "大海中心学校操场" not in html
    chosen = reverse("wagtailsnippetchoosers_facilities_facility:chosen", args=[scene["theirs"].pk])
    assert client.get(chosen).status_code == 404


# -- the survey data and the import log: the bureau's alone -------------------------------------

BUREAU_MODELS = ("exerciseresponse", "physiqueresult", "physiquestandard", "importrun")


def bureau_rows(townships):
    """One row of each bureau-only model, whose identifiers must not reach a school."""
    from facilities.imports.models import ImportRun
    from facilities.surveys.models import PhysiqueStandard

    from .imports.conftest import make_response, make_result

    run = ImportRun.objects.create(kind="exercise", file_name="秘密-2024.csv", file_sha256="0" * 64)
    return {
        "exerciseresponse": make_response("HZ-SECRET-01", townships[0], run=run),
        "physiqueresult": make_result("TZ-SECRET-01"),
        "physiquestandard": PhysiqueStandard.objects.get(code="2023"),
        "importrun": run,
    }


SECRETS = ("HZ-SECRET-01", "TZ-SECRET-01", "秘密-2024.csv")


def every_url(model, row):
    """Every admin URL of a model's snippet and chooser views, with the row's pk where needed."""
    from django.urls import URLResolver, get_resolver

    namespaces = {
        f"wagtailsnippets_facilities_{model}",
        f"wagtailsnippetchoosers_facilities_{model}",
    }
    found = []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, pattern.namespace or namespace)
            elif namespace in namespaces and pattern.name:
                name = f"{namespace}:{pattern.name}"
                takes_pk = "pk" in pattern.pattern.regex.groupindex
                found.append(reverse(name, args=[row.pk]) if takes_pk else reverse(name))

    walk(get_resolver(), None)
    return found


@pytest.mark.parametrize("model", BUREAU_MODELS)
def test_a_school_manager_reaches_no_survey_row_through_any_view(client, scene, townships, model):
    # Even with the models' own permissions, a school's manager sees none of their rows.
    scene["manager"].user_permissions.add(
        *Permission.objects.filter(codename__endswith=model).exclude(codename__startswith="add")
    )
    rows = bureau_rows(townships)
    before = model_count(model)
    client.force_login(scene["manager"])
    urls = every_url(model, rows[model])
    assert len(urls) >= 10  # list, results, edit, delete, inspect, history, choose, chosen …
    assert any("/choose" in url for url in urls)
    for url in [*urls, url_with_export(model)]:
        for response in (client.get(url), client.post(url, {"q": "SECRET"})):
            body = response.content.decode(errors="replace")
            assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
            assert not any(secret in body for secret in SECRETS), url
    assert model_count(model) == before  # nothing deleted


def url_with_export(model):
    return reverse(f"wagtailsnippets_facilities_{model}:list") + "?export=csv"


def model_count(model):
    from django.apps import apps

    return apps.get_model("facilities", model).objects.count()


def test_the_chooser_of_survey_data_refuses_a_manager(client, scene, townships):
    rows = bureau_rows(townships)
    client.force_login(scene["manager"])
    for model in BUREAU_MODELS:
        choose = reverse(f"wagtailsnippetchoosers_facilities_{model}:choose")
        chosen = reverse(f"wagtailsnippetchoosers_facilities_{model}:chosen", args=[rows[model].pk])
        for response in (
            client.get(choose),
            client.get(choose, {"q": "SECRET"}),
            client.get(chosen),
        ):
            # Wagtail turns the refusal into a redirect to the dashboard with a message.
            assert response.status_code in (302, 403)
            assert "SECRET" not in response.content.decode()


def test_a_bureau_editor_still_chooses_and_lists_survey_data(client, django_user_model, townships):
    rows = bureau_rows(townships)
    editor = django_user_model.objects.create_user(username="bureau", password="pw-123456-x")
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="facilities")
        | Permission.objects.filter(codename="access_admin")
    )
    client.force_login(editor)
    expected = {
        "exerciseresponse": "HZ-SECRET-01",
        "physiqueresult": "TZ-SECRET-01",
        "importrun": "秘密-2024.csv",
    }
    for model, shown in expected.items():
        choose = client.get(reverse(f"wagtailsnippetchoosers_facilities_{model}:choose"))
        assert choose.status_code == 200 and shown in choose.json()["html"]
        chosen = reverse(f"wagtailsnippetchoosers_facilities_{model}:chosen", args=[rows[model].pk])
        assert client.get(chosen).status_code == 200
        listing = client.get(reverse(f"wagtailsnippets_facilities_{model}:list"))
        assert listing.status_code == 200 and shown in listing.content.decode()


# -- the survey code of a venue: set by the bureau, searched and filtered -----------------------


def bureau_editor_of_venues(django_user_model):
    editor = django_user_model.objects.create_user(username="bureau", password="pw-123456-x")
    editor.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "access_admin",
                "change_facility",
                "view_facility",
                "publish_facility",
                "manage_all_facilities",
            ]
        )
    )
    return editor


def test_the_bureau_puts_a_survey_code_on_a_venue_and_finds_it(client, django_user_model, scene):
    client.force_login(bureau_editor_of_venues(django_user_model))
    venue = scene["public"]
    page = client.get(url("facility", "edit", venue))
    assert "survey_code" in page.context["form"].fields
    assert 'name="survey_code"' in page.content.decode()
    data = admin_form_data(
        name=venue.name, slug=venue.slug, township=venue.township_id, survey_code="530326-0042"
    )
    response = client.post(url("facility", "edit", venue), {**data, "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors
    venue.refresh_from_db()
    assert venue.survey_code == "530326-0042"

    found = client.get(url("facility", "list"), {"q": "530326-0042"}).content.decode()
    assert "县体育场" in found and "东陆高中篮球馆" not in found
    coded = client.get(url("facility", "list"), {"has_survey_code": "true"}).content.decode()
    assert "县体育场" in coded and "东陆高中篮球馆" not in coded
    uncoded = client.get(url("facility", "list"), {"has_survey_code": "false"}).content.decode()
    assert "县体育场" not in uncoded and "东陆高中篮球馆" in uncoded


def test_a_school_manager_cannot_set_the_survey_code(client, scene):
    ours = scene["ours"]
    Facility.objects.filter(pk=ours.pk).update(survey_code="530326-0007")
    client.force_login(scene["manager"])
    page = client.get(url("facility", "edit", ours))
    assert "survey_code" not in page.context["form"].fields
    data = admin_form_data(
        name="东陆高中篮球馆",
        slug=ours.slug,
        township=ours.township_id,
        owner_type="school",
        school=ours.school_id,
        survey_code="HIJACK",
    )
    response = client.post(url("facility", "edit", ours), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Facility.objects.get(pk=ours.pk).survey_code == "530326-0007"  # neither set nor cleared
