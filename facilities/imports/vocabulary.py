"""The words a sheet may use for coded values, and the township column every import shares.

Codes and English labels are always accepted; the Chinese words are the survey's own, listed
here so that a file filled in by a township office reads the same whatever the site's language.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import (
    CommunityKind,
    FacilityKind,
    FacilityStatus,
    FeePolicy,
    OwnerType,
    Setting,
)
from ..models import Township
from ..surveys.models import AgeGroup, Grade, Intensity, Sex
from .base import Column
from .cells import CellError, Words, text, to_text, word

FACILITY_KINDS = Words(
    FacilityKind,
    {
        "athletics_track": "田径场（有400米跑道）",
        "athletics_other": "田径场（无400米跑道）",
        "pool_outdoor": "室外游泳池",
        "pool_indoor": "室内游泳馆",
        "natural_water": "天然游泳场",
        "football_11": "十一人制足球场",
        "football_7": "七人制足球场",
        "football_5": "五人制足球场",
        "basketball_outdoor": "室外篮球场",
        "basketball_3x3": "三人制篮球场",
        "basketball_hall": "篮球馆",
        "volleyball": "排球场",
        "tennis": "网球场",
        "table_tennis": "乒乓球场地",
        "badminton": "羽毛球场地",
        "ice_snow": "冰雪运动场地",
        "fitness_path": "全民健身路径",
        "gym": "健身房",
        "fitness_trail": "健身步道",
        "fitness_centre": "全民健身中心",
        "multi_purpose_hall": "多功能室内训练馆",
        "physique_test_centre": "体质健康测试中心",
        "outdoor_camp": "户外运动营地",
        "other": "其他体育场地",
    },
)
OWNER_TYPES = Words(
    OwnerType,
    {
        "public_institution": "事业单位",
        "school": "学校",
        "village_committee": "村民委员会",
        "residents_committee": "居民委员会",
        "enterprise": "企业",
        "government": "机关",
        "other": "其他",
    },
    extra={
        "village_committee": ("村委会",),
        "residents_committee": ("居委会",),
        "government": ("政府机关", "行政机关", "机关单位"),
    },
)
SETTINGS = Words(
    Setting,
    {"indoor": "室内", "outdoor": "室外", "both": "室内外"},
    extra={"both": ("室内室外", "室内和室外")},
)
STATUSES = Words(
    FacilityStatus,
    {"planned": "规划中", "open": "正常使用", "closed": "已停用"},
    extra={
        "planned": ("规划", "在建"),
        "open": ("开放", "使用中", "在用"),
        "closed": ("停用", "关闭", "废弃"),
    },
)
FEES = Words(
    FeePolicy,
    {"free": "免费", "low": "低收费", "paid": "收费"},
    extra={"free": ("免费开放",), "low": ("低价", "低收费开放"), "paid": ("收费开放",)},
)
COMMUNITY_KINDS = Words(
    CommunityKind,
    {"village": "行政村", "community": "社区"},
    extra={"village": ("村",), "community": ("社区居委会", "居委会")},
)
INTENSITIES = Words(
    Intensity,
    {"light": "轻度", "moderate": "中等", "vigorous": "剧烈"},
    extra={
        "light": ("低", "低强度", "小强度"),
        "moderate": ("中", "中等强度", "中强度"),
        "vigorous": ("高", "高强度", "大强度"),
    },
)
SEXES = Words(
    Sex, {"male": "男", "female": "女"}, extra={"male": ("男性", "m"), "female": ("女性", "f")}
)
GRADES = Words(
    Grade,
    {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"},
    extra={"pass": ("及格",), "fail": ("不及格",)},
)
_AGE_GROUPS = Words(
    AgeGroup,
    {"3-6": "3-6", "20-59": "20-59", "60-79": "60-79"},
    extra={"3-6": ("幼儿",), "20-59": ("成年人",), "60-79": ("老年人",)},
)


def to_age_group(value):
    """3-6, 3–6, 3~6岁, 3至6岁, 幼儿, the labels (成年人（20–59岁）, Adults 20–59) → the code."""
    try:
        return _AGE_GROUPS(value)
    except CellError:
        cell = re.sub(r"\s*[–—~～至到]\s*", "-", word(value)).replace("岁", "").replace(" ", "")
        return _AGE_GROUPS(cell)


to_age_group.shown = _AGE_GROUPS.shown

URBAN_WORDS = {"城镇", "城市", "城区", "城", "urban"}
RURAL_WORDS = {"乡村", "农村", "乡", "rural"}


def to_urban(value):
    cell = value.strip() if isinstance(value, str) else ""
    if cell not in URBAN_WORDS and cell not in RURAL_WORDS:
        cell = word(value)
    if cell in URBAN_WORDS:
        return True
    if cell in RURAL_WORDS:
        return False
    raise CellError(
        _("“%(value)s” is neither 城镇 nor 乡村 (urban/rural).") % {"value": text(value)}
    )


to_urban.shown = ["城镇", "乡村"]


def township_lookup():
    """{official code or name: township}, the words a sheet may use for a township."""
    found = {}
    for township in Township.objects.all():
        found[word(township.code)] = township
        found[word(township.name)] = township
    return found


def township_column(required=True, example="金钟街道"):
    return Column(
        "township",
        "乡镇",
        aliases=("township", "乡镇街道", "乡镇名称", "乡镇代码"),
        parse=to_text,
        required=required,
        lookup="townships",
        not_found=gettext_lazy(
            "No township “%(value)s”: give its official code or its exact name."
        ),
        help=gettext_lazy(
            "The township or sub-district: its official code (530326…) or its exact name."
        ),
        example=example,
    )


def urban_column(example="城镇"):
    return Column(
        "is_urban",
        "城乡",
        aliases=("urban_rural", "urban"),
        parse=to_urban,
        required=True,
        help=gettext_lazy("Where the person lives: 城镇 (urban) or 乡村 (rural)."),
        example=example,
    )
