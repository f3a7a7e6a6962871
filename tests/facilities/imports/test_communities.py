"""Communities and villages: kinds in the survey's words, the centroid rule, matched by name."""

import pytest

from facilities.models import Community

from .conftest import counts, csv_bytes, problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["乡镇", "名称", "类型", "人口", "纬度", "经度"]
ROWS = [
    ["金钟街道", "金钟社区", "社区", 8200, 26.4178, 103.2958],
    ["大海乡", "大海村", "行政村", 2100, "", ""],
    ["530326201000", "二村", "village", "", 26.51, "103.41°"],
]


@pytest.mark.parametrize(("build", "name"), [(csv_bytes, "村.csv"), (xlsx_bytes, "村.xlsx")])
def test_a_good_file_is_imported(townships, build, name):
    plan, log = run("communities", build(HEADER, ROWS), name)
    assert problems(plan) == [] and counts(plan) == (3, 0, 0) and log.created == 3
    rows = {c.name: c for c in Community.objects.all()}
    assert rows["金钟社区"].kind == "community" and rows["金钟社区"].latitude == 26.4178
    assert rows["大海村"].kind == "village" and rows["大海村"].latitude is None
    assert rows["二村"].population is None and rows["二村"].longitude == 103.41


def test_the_models_rules_give_their_own_messages(townships):
    rows = [
        ["金钟街道", "半个坐标", "社区", 100, 26.4, ""],  # row 2: latitude without longitude
        ["金钟街道", "海外", "社区", 100, 48.85, 2.35],  # row 3: Paris is outside China
        ["金钟街道", "金钟社区", "小区", 100, "", ""],  # row 4: unknown kind
    ]
    plan, _log = run("communities", csv_bytes(HEADER, rows))
    assert problems(plan) == [
        (2, "Give both latitude and longitude of the centroid, or neither."),
        (3, "经度: Longitude 2.35 is outside China (73.4–135.1° E)."),
        (4, "类型: Unknown value “小区”: use one of 行政村、社区."),
    ]
    assert not Community.objects.exists()


def test_a_community_is_matched_by_township_and_name(townships):
    run("communities", csv_bytes(HEADER, ROWS))
    ids = dict(Community.objects.values_list("name", "pk"))
    rows = [list(row) for row in ROWS]
    rows[0][3] = 8500
    plan, _log = run("communities", csv_bytes(HEADER, rows))
    assert counts(plan) == (0, 1, 2)
    assert dict(Community.objects.values_list("name", "pk")) == ids
    assert Community.objects.get(name="金钟社区").population == 8500
