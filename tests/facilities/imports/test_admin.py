"""The admin pages: upload → dry run → confirm → summary for the bureau; nothing for a school."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from facilities.imports.kinds import importer_for
from facilities.imports.models import ImportRun
from facilities.models import TownshipPopulation

from ..conftest import make_manager
from .conftest import bureau_editor, counts, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["乡镇", "年份", "常住人口", "来源"]
ROWS = [["金钟街道", 2020, 61234, "普查"], ["大海乡", 2020, 18012, "普查"]]


@pytest.fixture
def editor(client, django_user_model):
    user = bureau_editor(django_user_model)
    client.force_login(user)
    return user


@pytest.fixture
def manager(client, django_user_model, schools):
    user = make_manager(django_user_model, "teacher", schools[0])
    # Even with the survey models' own permissions a school's manager stays out.
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="exerciseresponse"))
    client.force_login(user)
    return user


def upload(client, data, name, kind="population"):
    url = reverse("facilities_import", kwargs={"kind": kind})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def apply(client, token, kind="population"):
    return client.post(reverse("facilities_import_apply", kwargs={"kind": kind}), {"token": token})


def test_an_editor_uploads_sees_the_dry_run_confirms_and_gets_a_summary(client, editor, townships):
    index = client.get(reverse("facilities_import_index")).content.decode()
    assert reverse("facilities_import", kwargs={"kind": "physique"}) in index
    page = client.get(reverse("facilities_import", kwargs={"kind": "population"}))
    assert page.status_code == 200 and "常住人口" in page.content.decode()

    response = upload(client, xlsx_bytes(HEADER, ROWS), "人口.xlsx")
    assert response.status_code == 200
    content = response.content.decode()
    assert "2 to add, 0 to change, 0 unchanged." in content
    assert "金钟街道 2020" in content and "Apply these changes" in content
    assert not TownshipPopulation.objects.exists()  # a dry run first

    token = response.context["token"]
    response = apply(client, token)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("facilities_import_done", kwargs={"pk": run.pk})
    assert TownshipPopulation.objects.count() == 2
    assert (run.imported_by, run.file_name, run.created) == (editor, "人口.xlsx", 2)
    done = client.get(response["Location"]).content.decode()
    assert "人口.xlsx" in done and run.file_sha256 in done

    # A second click (or a stale page) is refused politely and changes nothing.
    response = apply(client, token)
    assert response.status_code == 302
    message = client.get(response["Location"]).content.decode()
    assert "out of date or was already applied" in message
    assert ImportRun.objects.count() == 1 and TownshipPopulation.objects.count() == 2


def test_the_same_file_again_says_nothing_changes_and_logs_nothing(client, editor, townships):
    data = csv_bytes(HEADER, ROWS)
    apply(client, upload(client, data, "a.csv").context["token"])
    response = upload(client, data, "a.csv")
    content = response.content.decode()
    assert "0 to add, 0 to change, 2 unchanged." in content
    assert "Nothing to change; nothing was written" in content
    assert "Apply these changes" not in content
    # Even when posted (an old page, a second tab), applying writes nothing, not even the log.
    response = apply(client, response.context["token"])
    assert response.status_code == 302
    assert (
        "Nothing to change; nothing was written."
        in client.get(response["Location"]).content.decode()
    )
    assert ImportRun.objects.count() == 1


def test_a_bad_file_lists_every_bad_row_and_offers_no_apply(client, editor, townships):
    rows = [*ROWS, ["金钟", 2020, 1, "x"], ["大海乡", "y", 1, ""]]
    response = upload(client, csv_bytes(HEADER, rows), "bad.csv")
    assert response.status_code == 400
    content = response.content.decode()
    assert 'role="alert"' in content and "3 problems must be fixed first" in content
    assert "No township “金钟”" in content and "来源: the value is missing." in content
    assert [p.row for p in response.context["problems"]] == [4, 5, 5]
    assert "Apply these changes" not in content
    assert apply(client, response.context["token"]).status_code == 400  # still bad
    assert not TownshipPopulation.objects.exists() and not ImportRun.objects.exists()


def test_more_problems_than_the_page_shows_can_be_downloaded(client, editor, townships):
    rows = [["无此乡镇", 2000 + i % 90, 1, "x"] for i in range(501)]
    response = upload(client, csv_bytes(HEADER, rows), "many.csv")
    assert len(response.context["problems"]) == 500
    assert "1 more problem is not shown here" in response.content.decode()
    problems_csv = client.get(response.context["problems_url"])
    assert problems_csv.status_code == 200
    lines = problems_csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Row,Problem" and len(lines) == 502
    assert lines[-1].startswith("502,")


def test_a_form_without_a_file_and_an_unknown_kind(client, editor):
    response = client.post(reverse("facilities_import", kwargs={"kind": "population"}), {})
    assert response.status_code == 400 and response.context["form"].errors
    assert client.get(reverse("facilities_import", kwargs={"kind": "weather"})).status_code == 404


def test_the_templates_download_and_import(client, editor, townships):
    for fmt, content_type in (("xlsx", "application/vnd.openxml"), ("csv", "text/csv")):
        url = reverse("facilities_import_template", kwargs={"kind": "exercise", "fmt": fmt})
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert f'filename="exercise-template.{fmt}"' in response["Content-Disposition"]
        preview = upload(client, response.content, f"template.{fmt}", kind="exercise")
        assert preview.status_code == 200 and "1 to add" in preview.content.decode()
    sheet = load_workbook(io.BytesIO(client.get(url.replace(".csv", ".xlsx")).content)).active
    assert sheet["A1"].value == "调查年份"


def test_a_school_manager_is_refused_everywhere(client, manager, townships):
    run = ImportRun.objects.create(kind="population", file_name="a.csv", file_sha256="0" * 64)
    urls = [
        reverse("facilities_import_index"),
        reverse("facilities_import", kwargs={"kind": "population"}),
        reverse("facilities_import_template", kwargs={"kind": "population", "fmt": "xlsx"}),
        reverse("facilities_import_problems", kwargs={"kind": "population"}),
        reverse("facilities_import_done", kwargs={"pk": run.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
    assert upload(client, csv_bytes(HEADER, ROWS), "a.csv").status_code == 403
    assert apply(client, "x").status_code == 403
    for name in ("exerciseresponse", "physiqueresult", "physiquestandard", "importrun"):
        response = client.get(reverse(f"wagtailsnippets_facilities_{name}:list"))
        assert response.status_code in (302, 403)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import data" not in menu and "Data imports" not in menu
    assert not TownshipPopulation.objects.exists()


def test_the_menu_shows_the_imports_to_the_bureau(client, editor):
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Data imports" in menu and "Import data" in menu


def test_applying_writes_nothing_the_dry_run_did_not_show(client, editor, townships):
    """Dry run: add 金钟街道 2019. Another import then adds that row with other figures. Apply
    must not overwrite it: nothing is written and the new dry run (a change) is shown."""
    rows = [["金钟街道", 2019, 60000, "统计年鉴"]]
    preview = upload(client, csv_bytes(HEADER, rows), "mine.csv")
    assert "Add" in preview.content.decode() and "金钟街道 2019" in preview.content.decode()
    token = preview.context["token"]

    other = TownshipPopulation.objects.create(
        township=townships[0], year=2019, population=59000, source="别人的文件"
    )
    response = apply(client, token)
    assert response.status_code == 409
    content = response.content.decode()
    assert "The data changed since the preview: nothing was written." in content
    assert "0 to add, 1 to change, 0 unchanged." in content
    assert "常住人口: 59000 → 60000" in content
    other.refresh_from_db()
    assert (other.population, other.source) == (59000, "别人的文件")
    assert not ImportRun.objects.exists()

    # The old preview is spent; the new one, once checked, applies.
    assert apply(client, token).status_code == 302
    assert apply(client, response.context["token"]).status_code == 302
    other.refresh_from_db()
    assert (other.population, other.source) == (60000, "统计年鉴")
    assert ImportRun.objects.get().updated == 1


def test_a_change_elsewhere_in_the_database_does_not_stop_the_apply(client, editor, townships):
    preview = upload(client, csv_bytes(HEADER, ROWS), "a.csv")
    TownshipPopulation.objects.create(township=townships[0], year=2010, population=1, source="x")
    response = apply(client, preview.context["token"])
    assert response.status_code == 302
    assert ImportRun.objects.get().created == 2


def test_an_import_applies_only_the_planned_changes(townships):
    importer = importer_for("population")
    data = csv_bytes(HEADER, ROWS)
    expected = importer.plan(data, "a.csv").fingerprint()
    assert importer.plan(data, "a.csv").fingerprint() == expected  # the same file, the same plan
    TownshipPopulation.objects.create(township=townships[1], year=2020, population=1, source="x")
    plan, run = importer.import_file(data, "a.csv", expect=expected)
    assert plan.stale and plan.ok and run is None
    assert counts(plan) == (1, 1, 0)
    assert TownshipPopulation.objects.get(township=townships[1]).population == 1
    plan, run = importer.import_file(data, "a.csv", expect=plan.fingerprint())
    assert not plan.stale and run.created == 1 and run.updated == 1
