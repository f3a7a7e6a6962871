"""A venue page whose thumbnails cannot be written (read-only media folder) still answers 200,
without those images, and says so in the log instead of failing with a server error."""

import errno
import logging

import pytest
from django.core.files.storage import FileSystemStorage

from .robust_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def read_only_media(monkeypatch):
    def refuse(self, name, content):
        raise OSError(errno.EROFS, "Read-only file system", name)

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)


@pytest.fixture
def world(django_user_model):
    return build_world(django_user_model, photo=True)


@pytest.mark.parametrize("page", ["detail", "finder"])
def test_the_venue_answers_without_the_image_that_cannot_be_made(
    world, client, read_only_media, caplog, page
):
    url = world.facility.get_absolute_url() if page == "detail" else "/venues/"
    with caplog.at_level(logging.WARNING, logger="cms.templatetags.portal_images"):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.facility.name in html
    assert "/media/images/" not in html
    assert "rendition could not be written" in caplog.text


def test_images_are_shown_when_they_can_be_made(world, client):
    html = client.get(world.facility.get_absolute_url()).content.decode()
    assert "/media/images/" in html
