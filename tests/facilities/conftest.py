"""Registry fixtures: small, explicit rows that each test can read at a glance."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from facilities.models import BookableUnit, Facility, FacilityPhoto, School, Sport, Township


def make_township(name="金钟街道", code="530326001000", **kwargs):
    kwargs.setdefault("kind", "subdistrict")
    return Township.objects.create(name=name, code=code, **kwargs)


def make_image(title="photo", colour=(30, 120, 80)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 400), colour).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.jpg")
    )


def make_facility(township, name, *, publish=True, sports=(), photo=False, **kwargs):
    defaults = {
        "kind": "basketball_outdoor",
        "owner_type": "public_institution",
        "latitude": 26.42,
        "longitude": 103.30,
        "playing_area": Decimal("420"),
    }
    defaults.update(kwargs)
    facility = Facility.objects.create(name=name, township=township, live=publish, **defaults)
    facility.sports.set(sports)
    if photo:
        FacilityPhoto.objects.create(
            facility=facility, image=make_image(name), caption=f"{name}的照片"
        )
    if publish:
        facility.save_revision().publish()
        facility.refresh_from_db()
    return facility


@pytest.fixture
def townships():
    return (
        make_township("金钟街道", "530326001000", is_urban=True),
        make_township("大海乡", "530326201000", kind="township"),
    )


@pytest.fixture
def sports():
    return (
        Sport.objects.create(name="篮球", name_en="Basketball", slug="basketball"),
        Sport.objects.create(name="游泳", name_en="Swimming", slug="swimming"),
    )


@pytest.fixture
def schools(townships):
    jinzhong, dahai = townships
    return (
        School.objects.create(
            name="会泽县东陆高级中学", township=jinzhong, stage="senior", pupils=3200
        ),
        School.objects.create(name="大海乡中心学校", township=dahai, stage="primary", pupils=600),
    )


def make_manager(django_user_model, username, school):
    """A school facility manager: admin access, venue permissions, scoped to one school."""
    group = Group.objects.create(name=f"{school.name} 管理员")
    codenames = [
        "access_admin",
        "add_facility",
        "change_facility",
        "view_facility",
        "publish_facility",
        "add_bookableunit",
        "change_bookableunit",
        "view_bookableunit",
        *(
            f"{action}_{model}"
            for model in ("openingrule", "hoursexception")
            for action in ("add", "change", "delete", "view")
        ),
    ]
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    school.manager_groups.add(group)
    user = django_user_model.objects.create_user(username=username, password="pw-123456-x")
    user.groups.add(group)
    return user


def make_unit(facility, name="1号场", **kwargs):
    return BookableUnit.objects.create(facility=facility, name=name, **kwargs)


def make_resident(django_user_model, phone="13800000001", real_name="王丽", **kwargs):
    return django_user_model.objects.create_user(
        username=phone, phone=phone, real_name=real_name, password="pw-123456-x", **kwargs
    )
