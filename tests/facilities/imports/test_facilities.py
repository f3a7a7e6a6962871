"""Venues in the survey's columns: published with revisions, updated in place, the model's rules."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Revision

from facilities.imports.vocabulary import FACILITY_KINDS, OWNER_TYPES
from facilities.models import Community, Facility

from ..conftest import make_facility
from .conftest import bureau_editor, counts, csv_bytes, problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "场地编码",
    "场地名称",
    "场地类型",
    "单位类型",
    "所属学校",
    "乡镇",
    "村/社区",
    "地址",
    "经度",
    "纬度",
    "场地面积",
    "建筑面积",
    "用地面积",
    "室内/室外",
    "状态",
    "启用日期",
    "停用日期",
    "是否对外开放",
    "收费",
    "收费标准",
]
# fmt: off
ROWS = [
    ["S001", "金钟全民健身广场", "室外篮球场", "事业单位", "", "金钟街道", "金钟社区",
     "金钟街道文化路", 103.2958, 26.4178, 608, 0, 800, "室外", "正常使用", "2019-06-01", "",
     "是", "免费", ""],
    ["S002", "东陆高中体育馆", "篮球馆", "学校", "会泽县东陆高级中学", "530326001000", "", "",
     103.30, 26.42, 1200, 1500, 2000, "室内", "正常使用", "2015/9/1", "", "是", "低收费", 20],
    ["S003", "大海草山步道", "fitness_trail", "village_committee", "", "大海乡", "", "",
     103.55, 26.20, "12,000", "", "", "室外", "规划中", "", "", "否", "", ""],
]
# fmt: on


@pytest.fixture
def registry(townships, schools):
    return Community.objects.create(township=townships[0], name="金钟社区", kind="community")


def revisions(facility):
    return Revision.objects.for_instance(facility).count()


@pytest.mark.parametrize(("build", "name"), [(csv_bytes, "场地.csv"), (xlsx_bytes, "场地.xlsx")])
def test_new_venues_are_published_with_a_revision(registry, build, name, django_user_model):
    editor = django_user_model.objects.create_user(username="bureau", password="pw-123456-x")
    plan, log = run("facilities", build(HEADER, ROWS), name, user=editor)
    assert problems(plan) == []
    assert counts(plan) == (3, 0, 0)
    venues = {f.survey_code: f for f in Facility.objects.select_related("school", "community")}
    square, hall, trail = venues["S001"], venues["S002"], venues["S003"]
    assert all(v.live and v.live_revision_id and revisions(v) == 1 for v in venues.values())
    assert Revision.objects.for_instance(square).get().user == editor
    assert (square.kind, square.owner_type, square.community.name) == (
        "basketball_outdoor",
        "public_institution",
        "金钟社区",
    )
    assert (square.playing_area, square.land_area, square.fee_policy) == (608, 800, "free")
    assert hall.school.name == "会泽县东陆高级中学" and hall.price == Decimal("20")
    assert hall.setting == "indoor" and str(hall.opened_on) == "2015-09-01"
    assert trail.playing_area == 12000 and trail.status == "planned"
    assert trail.open_to_public is False and trail.building_area == 0
    assert log.created == 3


def test_a_changed_venue_gets_a_published_revision_and_an_unchanged_one_none(registry):
    run("facilities", csv_bytes(HEADER, ROWS))
    square = Facility.objects.get(survey_code="S001")
    rows = [list(row) for row in ROWS]
    rows[0][10] = 650  # the square was enlarged
    plan, log = run("facilities", csv_bytes(HEADER, rows))
    assert counts(plan) == (0, 1, 2)
    assert ("场地面积", "608.00", "650") in plan.changes[0].diff
    square.refresh_from_db()
    assert square.playing_area == 650 and square.live
    assert revisions(square) == 2
    assert square.live_revision == square.latest_revision
    assert revisions(Facility.objects.get(survey_code="S002")) == 1

    before = list(Facility.objects.order_by("pk").values())
    plan, log = run("facilities", csv_bytes(HEADER, rows))
    assert counts(plan) == (0, 0, 3) and log is None
    assert list(Facility.objects.order_by("pk").values()) == before
    assert revisions(square) == 2


def test_columns_left_out_keep_their_values(registry, townships):
    venue = make_facility(townships[0], "老体育场", survey_code="S009", address="老街1号")
    header = ["场地编码", "场地名称", "场地类型", "单位类型", "乡镇", "经度", "纬度", "场地面积"]
    row = ["S009", "新体育场", "室外篮球场", "事业单位", "金钟街道", 103.30, 26.42, 420]
    plan, _log = run("facilities", csv_bytes(header, [row]))
    assert counts(plan) == (0, 1, 0)
    assert plan.changes[0].diff == [("场地名称", "老体育场", "新体育场")]
    venue.refresh_from_db()
    assert (venue.name, venue.address) == ("新体育场", "老街1号")


def test_bad_rows_get_the_models_own_messages_and_nothing_is_saved(registry):
    assert (
        "、".join(OWNER_TYPES.shown) == "事业单位、学校、村民委员会、居民委员会、企业、机关、其他"
    )
    rows = [list(row) for row in ROWS]
    rows[0][12] = 500  # row 2: playing area 608 > land area 500
    rows[1][4] = ""  # row 3: a school-owned venue without its school
    rows[2][14] = "已停用"  # row 4: closed without a date
    # fmt: off
    extra = [
        ["S004", "某场地", "冰壶馆", "个人", "无名学校", "金钟街道", "海边村", "", "abc", 26.4,
         10, "", "", "", "", "2020-02-30", "", "", "收费", ""],  # row 5
        ["S001", "重复", "gym", "enterprise", "", "金钟街道", "", "", 103.3, 26.4,
         10, "", "", "", "", "", "", "", "", ""],  # row 6
    ]
    # fmt: on
    plan, log = run("facilities", xlsx_bytes(HEADER, [*rows, *extra]), "bad.xlsx")
    assert log is None and not Facility.objects.exists()
    assert problems(plan) == [
        (2, "场地面积: The playing area cannot be larger than the land area."),
        (3, "所属学校: A school-owned venue must name its school."),
        (4, "停用日期: A closed venue needs the date it closed."),
        (
            5,
            "场地类型: Unknown value “冰壶馆”: use one of " + "、".join(FACILITY_KINDS.shown) + ".",
        ),
        (5, "单位类型: Unknown value “个人”: use one of " + "、".join(OWNER_TYPES.shown) + "."),
        (5, "所属学校: No school “无名学校” in the registry: add it first."),
        (5, "经度: “abc” is not a number."),
        (5, "启用日期: “2020-02-30” is not a date; write it as 2026-10-01."),
        (6, "“S001” is also in row 2."),
    ]


def test_a_community_of_another_township_is_refused(registry):
    rows = [list(ROWS[2])]
    rows[0][6] = "金钟社区"  # 大海乡 has no 金钟社区
    plan, _log = run("facilities", csv_bytes(HEADER, rows))
    assert problems(plan) == [(2, "村/社区: no community or village “金钟社区” in 大海乡.")]


def test_a_venue_with_a_draft_is_published_with_a_warning(registry, townships):
    venue = make_facility(townships[0], "老体育场", survey_code="S009")
    venue.name = "草稿里的新名字"
    venue.save_revision()
    header = ["场地编码", "场地名称", "场地类型", "单位类型", "乡镇", "经度", "纬度", "场地面积"]
    row = ["S009", "老体育场", "室外篮球场", "事业单位", "金钟街道", 103.30, 26.42, 500]
    plan, _log = run("facilities", csv_bytes(header, [row]))
    assert plan.ok and plan.updated == 1
    assert [w.row for w in plan.warnings] == [2]
    assert "has a draft with unpublished changes" in plan.warnings[0].message
    venue.refresh_from_db()
    assert venue.playing_area == 500 and venue.name == "老体育场"


# -- venues already in the registry without a survey code ------------------------------------

SHORT_HEADER = ["场地编码", "场地名称", "场地类型", "单位类型", "乡镇", "经度", "纬度", "场地面积"]


def survey_row(code="S100", name="金钟全民健身广场", kind="室外篮球场", lon=103.2958, lat=26.4178):
    return [code, name, kind, "事业单位", "金钟街道", lon, lat, 608]


def test_a_venue_entered_by_hand_with_the_same_name_is_not_added_twice(townships):
    by_hand = make_facility(townships[0], "金钟全民健身广场", latitude=26.40, longitude=103.31)
    plan, log = run("facilities", csv_bytes(SHORT_HEADER, [survey_row()]))
    assert log is None and Facility.objects.count() == 1
    assert problems(plan) == [
        (
            2,
            "The registry already has a venue without a survey code that may be this one: "
            f"“金钟全民健身广场” in 金钟街道 (no. {by_hand.pk}; the same name in the same "
            "township). Put its survey code on it first (S100 if it is this venue), then import "
            "again, so that it is not counted twice.",
        )
    ]

    # With the survey code on it, the row updates that venue.
    by_hand.survey_code = "S100"
    by_hand.save()
    plan, log = run("facilities", csv_bytes(SHORT_HEADER, [survey_row()]))
    assert problems(plan) == [] and counts(plan) == (0, 1, 0)
    assert Facility.objects.get().pk == by_hand.pk
    by_hand.refresh_from_db()
    assert (by_hand.latitude, by_hand.playing_area) == (26.4178, 608)


def test_a_venue_of_the_same_kind_within_20_m_is_not_added_twice(townships):
    near = make_facility(townships[1], "广场篮球场", latitude=26.4179, longitude=103.2958)  # 11 m
    plan, _log = run("facilities", csv_bytes(SHORT_HEADER, [survey_row()]))
    assert [problem.row for problem in plan.errors] == [2]
    message = plan.errors[0].message
    assert f"“广场篮球场” in 大海乡 (no. {near.pk}; the same kind, 11 m away)" in message
    assert Facility.objects.count() == 1


def test_other_kinds_nearby_farther_ones_and_coded_ones_do_not_stop_a_new_venue(townships):
    make_facility(townships[0], "广场健身路径", kind="fitness_path", latitude=26.4178)  # 0 m
    make_facility(townships[0], "隔壁篮球场", latitude=26.4182, longitude=103.2958)  # 44 m
    make_facility(townships[0], "金钟全民健身广场", survey_code="S999")  # coded: another site
    plan, _log = run("facilities", csv_bytes(SHORT_HEADER, [survey_row()]))
    assert problems(plan) == [] and plan.created == 1
    assert Facility.objects.filter(survey_code="S100").exists()


def test_the_dry_run_in_the_admin_names_the_venue_to_code_first(
    client, django_user_model, townships
):
    by_hand = make_facility(townships[0], "金钟全民健身广场")
    client.force_login(bureau_editor(django_user_model))
    data = csv_bytes(SHORT_HEADER, [survey_row()])
    url = reverse("facilities_import", kwargs={"kind": "facilities"})
    response = client.post(url, {"file": SimpleUploadedFile("场地.csv", data)})
    assert response.status_code == 400
    content = response.content.decode()
    assert f"“金钟全民健身广场” in 金钟街道 (no. {by_hand.pk}" in content
    assert "Put its survey code on it first (S100 if it is this venue)" in content
    assert "Apply these changes" not in content
