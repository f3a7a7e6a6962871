"""Large files off the request: the worker checks and applies them, the editor's status page
shows how far they are; pending files wait in the private storage, not in one machine's /tmp.

The tests run tasks with the immediate backend, after the commit, as production's worker would.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from facilities.imports import pending
from facilities.imports.models import ImportJob, ImportRun
from facilities.models import TownshipPopulation

from ..conftest import make_manager
from .conftest import bureau_editor, csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["乡镇", "年份", "常住人口", "来源"]
ROWS = [["金钟街道", 2020, 61234, "普查"], ["大海乡", 2020, 18012, "普查"]]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Storages of this test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private = {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path / "private"}}
    settings.STORAGES = {**settings.STORAGES, "private": private}


@pytest.fixture
def editor(client, django_user_model):
    user = bureau_editor(django_user_model)
    client.force_login(user)
    return user


@pytest.fixture
def large(settings):
    """Every upload counts as large."""
    settings.PORTAL_IMPORT_BACKGROUND_BYTES = 10


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    """Run what a request hands to the worker once the request's transaction commits."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def upload(client, data, name="人口.csv"):
    url = reverse("facilities_import", kwargs={"kind": "population"})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def apply(client, job, token):
    url = reverse("facilities_import_job_apply", kwargs={"pk": job.pk})
    return client.post(url, {"token": token})


def job_page(client, job):
    return client.get(reverse("facilities_import_job", kwargs={"pk": job.pk}))


def stored_files():
    try:
        return pending.private_storage().listdir(pending.FOLDER)[1]
    except FileNotFoundError:
        return []


def test_a_large_file_is_checked_then_applied_by_the_worker(
    client, editor, townships, large, worker
):
    response = worker(lambda: upload(client, csv_bytes(HEADER, ROWS)))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("facilities_import_job", kwargs={"pk": job.pk})
    page = job_page(client, job)
    content = page.content.decode()
    assert "2 to add, 0 to change, 0 unchanged." in content and "金钟街道 2020" in content
    assert "Apply these changes" in content and not page.has_header("Refresh")
    assert not TownshipPopulation.objects.exists()  # a dry run first
    assert pending.private_storage().exists(job.stored_as)  # shared by app servers and worker

    job.refresh_from_db()
    response = worker(lambda: apply(client, job, page.context["token"]))
    assert response["Location"] == reverse("facilities_import_job", kwargs={"pk": job.pk})
    run = ImportRun.objects.get()
    done = job_page(client, job)
    assert done["Location"] == reverse("facilities_import_done", kwargs={"pk": run.pk})
    assert TownshipPopulation.objects.count() == 2
    assert (run.imported_by, run.file_name, run.created) == (editor, "人口.csv", 2)
    assert not pending.private_storage().exists(job.stored_as)  # removed once applied

    # A second click is refused politely and changes nothing.
    response = worker(lambda: apply(client, job, page.context["token"]))
    shown = client.get(response["Location"], follow=True).content.decode()
    assert "out of date or was already applied" in shown
    assert ImportRun.objects.count() == 1 and TownshipPopulation.objects.count() == 2


def test_the_status_page_refreshes_itself_until_the_worker_is_done(
    client, editor, townships, large, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        upload(client, csv_bytes(HEADER, ROWS))
    job = ImportJob.objects.get()
    index = client.get(reverse("facilities_import_index")).content.decode()
    assert reverse("facilities_import_job", kwargs={"pk": job.pk}) in index  # found again
    page = job_page(client, job)
    content = page.content.decode()
    assert page.status_code == 200 and page["Refresh"] == "5"
    assert "Checking 人口.csv…" in content and ">Refresh</a>" in content
    assert "Apply these changes" not in content
    assert apply(client, job, "").status_code == 302  # nothing to apply yet
    assert ImportJob.objects.get().status == ImportJob.Status.CHECKING

    for callback in waiting:  # the worker gets to it
        callback()
    page = job_page(client, job)
    assert not page.has_header("Refresh")
    assert "Apply these changes" in page.content.decode()


def test_every_bad_row_of_a_large_file_is_listed_and_nothing_can_be_applied(
    client, editor, townships, large, worker
):
    rows = [*ROWS, ["金钟", 2020, 1, "x"], *[["无此乡镇", 1990, 1, "x"]] * 501]
    worker(lambda: upload(client, csv_bytes(HEADER, rows), "bad.csv"))
    job = ImportJob.objects.get()
    page = job_page(client, job)
    content = page.content.decode()
    assert "Nothing was saved: 502 problems must be fixed first." in content
    assert "No township “金钟”" in content and "Apply these changes" not in content
    assert [p.row for p in page.context["problems"]][:2] == [4, 5]
    job.refresh_from_db()
    assert job.stored_as == ""  # nothing can be applied: the file is not kept
    problems = client.get(page.context["problems_url"])
    lines = b"".join(problems.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Row,Problem" and len(lines) == 503
    assert worker(lambda: apply(client, job, "x")).status_code == 302
    assert not TownshipPopulation.objects.exists() and not ImportRun.objects.exists()


def test_a_hostile_large_file_gets_its_message_on_the_status_page(
    client, editor, townships, large, worker
):
    worker(lambda: upload(client, b"\n" * 1_000_000, "blank.csv"))
    content = job_page(client, ImportJob.objects.get()).content.decode()
    assert "The file is empty." in content and "Apply these changes" not in content


def test_a_change_since_the_dry_run_shows_the_new_dry_run_and_writes_nothing(
    client, editor, townships, large, worker
):
    worker(lambda: upload(client, csv_bytes(HEADER, [["金钟街道", 2019, 60000, "年鉴"]])))
    job = ImportJob.objects.get()
    token = job_page(client, job).context["token"]
    other = TownshipPopulation.objects.create(
        township=townships[0], year=2019, population=59000, source="别人的文件"
    )
    worker(lambda: apply(client, job, token))
    page = job_page(client, job)
    content = page.content.decode()
    assert "The data changed since the preview: nothing was written." in content
    assert "常住人口: 59000 → 60000" in content
    other.refresh_from_db()
    assert other.population == 59000 and not ImportRun.objects.exists()
    assert worker(lambda: apply(client, job, token)).status_code == 302  # the old page is spent
    assert not ImportRun.objects.exists()
    worker(lambda: apply(client, job, page.context["token"]))
    other.refresh_from_db()
    assert other.population == 60000 and ImportRun.objects.get().updated == 1


def test_a_worker_that_fails_says_so_and_saves_nothing(
    client, editor, townships, large, worker, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("facilities.imports.base.Importer.plan", crash)
    worker(lambda: upload(client, csv_bytes(HEADER, ROWS)))
    job = ImportJob.objects.get()
    content = job_page(client, job).content.decode()
    assert "The import failed on the server; nothing was saved." in content
    assert job.status == ImportJob.Status.FAILED and stored_files() == []
    assert not TownshipPopulation.objects.exists()


def test_only_the_editor_who_uploaded_sees_the_job(
    client, editor, townships, large, worker, django_user_model, schools
):
    worker(lambda: upload(client, csv_bytes(HEADER, ROWS)))
    job = ImportJob.objects.get()
    token = job.fingerprint
    client.force_login(bureau_editor(django_user_model, "other-editor"))
    assert job_page(client, job).status_code == 404
    assert apply(client, job, token).status_code == 404
    client.force_login(make_manager(django_user_model, "teacher", schools[0]))
    assert job_page(client, job).status_code == 403
    assert apply(client, job, token).status_code == 403
    assert not TownshipPopulation.objects.exists()


def test_a_small_files_preview_waits_in_the_private_storage(client, editor, townships):
    response = upload(client, csv_bytes(HEADER, ROWS))
    [name] = stored_files()
    assert name not in response.content.decode()  # the stored name never leaves the server
    client.post(
        reverse("facilities_import_apply", kwargs={"kind": "population"}),
        {"token": response.context["token"]},
    )
    assert TownshipPopulation.objects.count() == 2 and stored_files() == []


def test_pending_files_are_kept_outside_the_served_media_folder(settings):
    stored = pending.store(b"population,2025")
    path = Path(pending.private_storage().path(stored.name))
    assert path.exists() and not path.is_relative_to(Path(settings.MEDIA_ROOT))


def test_files_left_for_more_than_a_day_are_removed(monkeypatch):
    old = pending.store(b"old").name
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now + pending.MAX_AGE + timedelta(minutes=1))
    new = pending.store(ContentFile(b"new")).name
    assert not pending.private_storage().exists(old) and pending.private_storage().exists(new)
    assert pending.read(new, "0" * 64) is None  # not the file that was stored
