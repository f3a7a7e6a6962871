"""The venue page: what a resident needs to decide and to get there."""

import re

import pytest

from .conftest import make_facility, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(townships, sports, schools):
    facility = make_facility(
        townships[0],
        "东陆高中体育馆",
        owner_type="school",
        school=schools[0],
        kind="basketball_hall",
        setting="indoor",
        sports=sports[:1],
        photo=True,
        fee_policy="low",
        price=10,
        concessions="老年人、残疾人半价",
        step_free=True,
        address="金钟街道东陆路1号",
        contact_phone="0874-5123456",
        playing_area=1800,
    )
    make_unit(facility, "1号篮球场", capacity=12, sport=sports[0])
    return facility


def test_detail_shows_facts_photo_units_and_navigation(client, hall):
    response = client.get(f"/venues/{hall.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "东陆高中体育馆" in html
    assert re.search(r"1,?800 m²", html)
    assert "老年人、残疾人半价" in html
    assert "金钟街道东陆路1号" in html
    assert 'href="tel:0874-5123456"' in html
    assert "1号篮球场" in html
    assert "https://uri.amap.com/marker?position=" in html
    assert 'class="gallery"' in html and "srcset=" in html
    assert 'alt="东陆高中体育馆的照片"' in html


def test_draft_venue_is_not_found(client, townships):
    draft = make_facility(townships[0], "草稿场地", publish=False)
    assert client.get(f"/venues/{draft.slug}/").status_code == 404


def test_unknown_slug_is_a_friendly_404(client, townships):
    response = client.get("/venues/no-such-venue/")
    assert response.status_code == 404


def test_unpublished_after_publishing_disappears(client, townships):
    venue = make_facility(townships[0], "将下线场地")
    assert client.get(f"/venues/{venue.slug}/").status_code == 200
    venue.unpublish()
    assert client.get(f"/venues/{venue.slug}/").status_code == 404


def test_draft_changes_stay_private_until_published(client, townships):
    venue = make_facility(townships[0], "旧名称")
    venue.name = "新名称"
    venue.save_revision()  # a draft edit, as the admin's "save draft" does
    html = client.get(f"/venues/{venue.slug}/").content.decode()
    assert "旧名称" in html and "新名称" not in html
    venue.get_latest_revision().publish()
    html = client.get(f"/venues/{venue.slug}/").content.decode()
    assert "新名称" in html
