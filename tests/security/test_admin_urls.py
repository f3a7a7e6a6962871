"""The admin walker: every /admin/ URL, as every role, with rows of two schools.

Asserts, for every door the resolver knows (see admin_walk.py): no 500 for anyone; a school's
manager never sees another school's row names or edit URLs; a manager's GET or POST through
any door changes no row of another school. The scene is built once for the module and each
request runs in a savepoint that is rolled back, so a superuser's bulk delete does not empty the
scene for the next door.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from facilities.models import BookableUnit, Facility, HoursException, OpeningRule, School
from tests.facilities.conftest import (
    make_image,
    make_manager,
    make_township,
)

from .admin_walk import SKIPPED, Rows, admin_patterns, doors_of, school_rows

SCOPED = (Facility, BookableUnit, OpeningRule, HoursException, School)
ROLES = ("anonymous", "resident", "manager1", "manager2", "editor", "superuser")


def _grant_images(group, *codenames):
    root = Collection.get_first_root_node()
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=codenames
    )
    for permission in permissions:
        GroupCollectionPermission.objects.create(
            group=group, collection=root, permission=permission
        )


def _manager(User, username, school):
    """A school's manager as facilities/demo/builder.py makes one, image permissions included."""
    user = make_manager(User, username, school)
    _grant_images(user.groups.get(), "add_image", "choose_image")
    return user


def _editor(User):
    """A bureau editor as facilities/demo/builder.py makes one."""
    group = Group.objects.create(name="体育局编辑")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="facilities").exclude(
            codename__startswith="manage_"
        )
        | Permission.objects.filter(codename__in=["manage_all_facilities", "access_admin"])
    )
    _grant_images(group, "add_image", "change_image", "choose_image")
    home = Page.objects.filter(depth=2).first()
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    )
    for permission in permissions:
        GroupPagePermission.objects.create(group=group, page=home, permission=permission)
    user = User.objects.create_user(username="editor", password="pw-123456-x")
    user.groups.add(group)
    return user


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    with django_db_blocker.unblock(), transaction.atomic():
        jinzhong = make_township("金钟街道", "530326001000")
        dahai = make_township("大海乡", "530326201000", kind="township")
        school_a = School.objects.create(name="甲中学", township=jinzhong, stage="senior")
        school_b = School.objects.create(name="乙小学", township=dahai, stage="primary")
        a = school_rows(school_a, jinzhong, "甲")
        b = school_rows(school_b, dahai, "乙")
        users = {
            "manager1": _manager(User, "manager1", school_a),
            "manager2": _manager(User, "manager2", school_b),
            "editor": _editor(User),
            "superuser": User.objects.create_superuser("root", password="pw-123456-x"),
            "resident": User.objects.create_user("13800000001", password="pw-123456-x"),
        }
        for rows, manager in ((a, users["manager1"]), (b, users["manager2"])):
            for model in (Facility, BookableUnit, OpeningRule, HoursException):
                log(instance=rows[model], action="wagtail.edit", user=manager)
            log(instance=rows["draft"], action="wagtail.create", user=manager)
        image = make_image("walker")
        fallback = {
            "page_id": Page.objects.filter(depth=2).first().pk,
            "parent_page_id": Page.objects.filter(depth=1).first().pk,
            "page_to_move_id": Page.objects.filter(depth=2).first().pk,
            "destination_id": Page.objects.filter(depth=1).first().pk,
            "page_pk": Page.objects.filter(depth=2).first().pk,
            "image_id": image.pk,
        }
        yield {"a": a, "b": b, "users": users, "fallback": fallback}
        transaction.set_rollback(True)


def secrets_of(rows):
    """What a manager of another school must never see: names and edit URLs of these rows."""
    names = [
        rows[Facility].name,
        rows["draft"].name,
        rows[BookableUnit].name,
        rows[HoursException].note,
    ]
    urls = [
        reverse(f"wagtailsnippets_facilities_{model._meta.model_name}:edit", args=[rows[model].pk])
        for model in (Facility, BookableUnit, OpeningRule, HoursException)
    ]
    urls.append(reverse("wagtailsnippets_facilities_facility:edit", args=[rows["draft"].pk]))
    return [*names, *urls]


def snapshot(rows):
    """Every field of one school's rows, to tell whether a request changed any."""
    school = rows[School]
    return (
        list(Facility.objects.filter(school=school).order_by("pk").values()),
        list(BookableUnit.objects.filter(facility__school=school).order_by("pk").values()),
        list(OpeningRule.objects.filter(unit__facility__school=school).order_by("pk").values()),
        list(HoursException.objects.filter(facility__school=school).order_by("pk").values()),
        list(School.objects.filter(pk=school.pk).values()),
    )


def walk(scene, role):
    """Request every door as `role`; return the problems found.

    POSTs run in a savepoint that is rolled back (a superuser's bulk delete must not empty the
    scene for the next door), after checking that the other school's rows are unchanged; GETs
    are checked once, at the end of the walk. For roles that see every school, a door pointing
    at "the other school's" row is the same door as "their own", so it is walked once.
    """
    users = scene["users"]
    own, other = ("b", "a") if role == "manager2" else ("a", "b")
    rows = Rows(
        own={m: scene[own][m] for m in SCOPED},
        other={m: scene[other][m] for m in SCOPED},
        fallback=scene["fallback"],
    )
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    if role in users:
        client.force_login(users[role])
    is_manager = role.startswith("manager")
    secrets = secrets_of(scene[other]) if is_manager else []
    before_walk = snapshot(scene[other])
    problems = []

    def check(request, response):
        body = b"".join(response) if response.streaming else response.content
        text = body.decode(errors="replace")
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else ""
            problems.append(f"{request}: {response.status_code} {error!r}")
        leaked = [secret for secret in secrets if secret in text]
        if leaked:
            problems.append(f"{request}: shows {leaked}")

    for entry in admin_patterns():
        if entry.key in SKIPPED:
            continue
        for door in doors_of(entry, rows):
            if door.points_at == "other" and not is_manager:
                continue
            check(f"GET {door.url}", client.get(door.url))
            with transaction.atomic():
                response = client.post(door.url)
                check(f"POST {door.url}", response)
                if is_manager and snapshot(scene[other]) != before_walk:
                    problems.append(f"POST {door.url}: changed another school's rows")
                transaction.set_rollback(True)
    if snapshot(scene[other]) != before_walk:
        problems.append(f"a GET as {role} changed another school's rows")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_admin_door_is_safe_for(scene, role):
    problems = walk(scene, role)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_every_admin_pattern_is_walked_or_skipped(scene):
    """A new admin URL pattern is walked by default; one that cannot be must be listed."""
    from .admin_walk import Rows as _Rows

    rows = _Rows(
        own={m: scene["a"][m] for m in SCOPED},
        other={m: scene["b"][m] for m in SCOPED},
        fallback=scene["fallback"],
    )
    unwalked = [
        entry.route
        for entry in admin_patterns()
        if entry.key not in SKIPPED and not doors_of(entry, rows)
    ]
    assert not unwalked, f"neither walked nor listed in SKIPPED: {unwalked}"
    assert set(SKIPPED) <= {entry.key for entry in admin_patterns()}, "a stale SKIPPED entry"
