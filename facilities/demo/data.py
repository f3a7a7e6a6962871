"""The demo county's tables: townships, communities, schools, sports and the places the plan names.

Township names and kinds follow the county's real division (5 街道, 7 镇, 13 乡); the codes,
populations, coordinates, village and school details are fabricated but plausible, and every row
the seed writes is flagged `is_demo`. The 2020 populations add up to the census figure, 794,000.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

RANDOM_SEED = 20211226
COUNTY_PREFIX = "530326"  # 会泽县's six-digit administrative code
COUNTY_POPULATION_2020 = 794_000
COUNTY_SEAT = (26.417, 103.297)
# The county's rough extent; every generated point is clamped inside it.
LAT_RANGE = (25.80, 26.65)
LON_RANGE = (102.90, 104.00)
CENSUS_SOURCE = "第七次全国人口普查（演示数据）"
YEARLY_SOURCE = "会泽县国民经济和社会发展统计公报（演示数据）"
POPULATION_YEARS = range(2021, 2026)
DEMO_NOTE = "本条目为演示数据，仅用于展示平台功能，不代表真实场地信息。"
DEMO_PASSWORD = "demo-pass-2025"  # noqa: S105 - documented demo password


@dataclass(frozen=True)
class TownshipRow:
    name: str
    slug: str
    kind: str  # TownshipKind value
    code: str  # the three digits after 530326; the last three are always 000
    lat: float
    lon: float
    population: int  # 2020 resident population
    communities: tuple  # (name, slug) pairs; the first is the township's seat

    @property
    def official_code(self):
        return f"{COUNTY_PREFIX}{self.code}000"

    @property
    def is_urban(self):
        return self.kind == "subdistrict"


def _c(*pairs):
    return tuple(pairs)


TOWNSHIPS = (
    # 街道 (urban sub-districts around the county seat)
    TownshipRow(
        "金钟街道",
        "jinzhong",
        "subdistrict",
        "001",
        26.417,
        103.297,
        94_000,
        _c(
            ("五龙社区", "wulong"),
            ("城南社区", "chengnan"),
            ("北门社区", "beimen"),
            ("青云社区", "qingyun"),
            ("西屯社区", "xitun"),
            ("翠屏社区", "cuiping"),
        ),
    ),
    TownshipRow(
        "古城街道",
        "gucheng",
        "subdistrict",
        "002",
        26.425,
        103.272,
        62_000,
        _c(
            ("古城社区", "gucheng"),
            ("东门社区", "dongmen"),
            ("西门社区", "ximen"),
            ("钱王社区", "qianwang"),
        ),
    ),
    TownshipRow(
        "宝云街道",
        "baoyun",
        "subdistrict",
        "003",
        26.438,
        103.318,
        56_000,
        _c(
            ("宝云社区", "baoyun"),
            ("蔓海社区", "manhai"),
            ("菜园社区", "caiyuan"),
            ("水城社区", "shuicheng"),
            ("黄梨社区", "huangli"),
        ),
    ),
    TownshipRow(
        "钟屏街道",
        "zhongping",
        "subdistrict",
        "004",
        26.398,
        103.318,
        50_000,
        _c(
            ("钟屏社区", "zhongping"),
            ("东陆社区", "donglu"),
            ("新区社区", "xinqu"),
            ("水桥社区", "shuiqiao"),
        ),
    ),
    TownshipRow(
        "以礼街道",
        "yili",
        "subdistrict",
        "005",
        26.372,
        103.262,
        46_000,
        _c(
            ("以礼社区", "yili"),
            ("毛家社区", "maojia"),
            ("小菜园社区", "xiaocaiyuan"),
            ("河口社区", "hekou"),
        ),
    ),
    # 镇
    TownshipRow(
        "娜姑镇",
        "nagu",
        "town",
        "101",
        26.535,
        103.115,
        37_000,
        _c(
            ("娜姑村", "nagu"),
            ("白雾村", "baiwu"),
            ("发露村", "falu"),
            ("岩头村", "yantou"),
            ("云峰村", "yunfeng"),
        ),
    ),
    TownshipRow(
        "者海镇",
        "zhehai",
        "town",
        "102",
        26.472,
        103.452,
        42_000,
        _c(
            ("者海村", "zhehai"),
            ("宗营村", "zongying"),
            ("木城村", "mucheng"),
            ("松林村", "songlin"),
            ("大营村", "daying"),
            ("火烧铺村", "huoshaopu"),
        ),
    ),
    TownshipRow(
        "矿山镇",
        "kuangshan",
        "town",
        "103",
        26.545,
        103.395,
        32_000,
        _c(
            ("矿山村", "kuangshan"),
            ("鲁机村", "luji"),
            ("牛栏江村", "niulanjiang"),
            ("小营村", "xiaoying"),
        ),
    ),
    TownshipRow(
        "乐业镇",
        "leye",
        "town",
        "104",
        26.305,
        103.565,
        29_000,
        _c(("乐业村", "leye"), ("德鲁村", "delu"), ("新田村", "xintian"), ("秧田村", "yangtian")),
    ),
    TownshipRow(
        "迤车镇",
        "yiche",
        "town",
        "105",
        26.255,
        103.340,
        34_000,
        _c(
            ("迤车村", "yiche"),
            ("杨梅村", "yangmei"),
            ("阿都村", "adu"),
            ("大德村", "dade"),
            ("迤博村", "yibo"),
        ),
    ),
    TownshipRow(
        "大井镇",
        "dajing",
        "town",
        "106",
        26.205,
        103.485,
        33_000,
        _c(
            ("大井村", "dajing"), ("盐水村", "yanshui"), ("土城村", "tucheng"), ("坪地村", "pingdi")
        ),
    ),
    TownshipRow(
        "待补镇",
        "daibu",
        "town",
        "107",
        26.110,
        103.170,
        39_000,
        _c(
            ("待补村", "daibu"),
            ("野马村", "yema"),
            ("块所村", "kuaisuo"),
            ("老营村", "laoying"),
            ("塘子村", "tangzi"),
        ),
    ),
    # 乡
    TownshipRow(
        "大海乡",
        "dahai",
        "township",
        "201",
        26.070,
        103.040,
        20_000,
        _c(
            ("大海村", "dahai"),
            ("二道坪村", "erdaoping"),
            ("梨园村", "liyuan"),
            ("营盘村", "yingpan"),
        ),
    ),
    TownshipRow(
        "老厂乡",
        "laochang",
        "township",
        "202",
        25.985,
        103.315,
        19_000,
        _c(("老厂村", "laochang"), ("竹园村", "zhuyuan"), ("拖姑村", "tuogu")),
    ),
    TownshipRow(
        "五星乡",
        "wuxing",
        "township",
        "203",
        26.015,
        103.175,
        16_000,
        _c(("五星村", "wuxing"), ("阿依村", "ayi"), ("红岩村", "hongyan")),
    ),
    TownshipRow(
        "雨碌乡",
        "yulu",
        "township",
        "204",
        26.405,
        103.825,
        19_000,
        _c(("雨碌村", "yulu"), ("以则村", "yize"), ("米粮村", "miliang"), ("坡头村", "potou")),
    ),
    TownshipRow(
        "纸厂乡",
        "zhichang",
        "township",
        "205",
        26.345,
        103.925,
        15_000,
        _c(("纸厂村", "zhichang"), ("石龙村", "shilong"), ("新发村", "xinfa")),
    ),
    TownshipRow(
        "新街回族乡",
        "xinjie",
        "ethnic_township",
        "206",
        26.560,
        103.690,
        17_000,
        _c(("新街村", "xinjie"), ("回民村", "huimin"), ("海嘎村", "haiga"), ("大路村", "dalu")),
    ),
    TownshipRow(
        "上村乡",
        "shangcun",
        "township",
        "207",
        25.905,
        103.255,
        21_000,
        _c(("上村村", "shangcun"), ("木垮村", "mukua"), ("嘎德村", "gade"), ("大村村", "dacun")),
    ),
    TownshipRow(
        "大桥乡",
        "daqiao",
        "township",
        "208",
        26.600,
        103.580,
        22_000,
        _c(
            ("大桥村", "daqiao"),
            ("仙人洞村", "xianrendong"),
            ("小河村", "xiaohe"),
            ("水塘村", "shuitang"),
            ("黑土村", "heitu"),
        ),
    ),
    TownshipRow(
        "火红乡",
        "huohong",
        "township",
        "209",
        26.615,
        103.235,
        14_000,
        _c(("火红村", "huohong"), ("银厂村", "yinchang"), ("雪坪村", "xueping")),
    ),
    TownshipRow(
        "田坝乡",
        "tianba",
        "township",
        "210",
        26.455,
        103.590,
        18_000,
        _c(("田坝村", "tianba"), ("木树村", "mushu"), ("岔河村", "chahe"), ("长坡村", "changpo")),
    ),
    TownshipRow(
        "鲁纳乡",
        "luna",
        "township",
        "211",
        26.205,
        103.705,
        20_000,
        _c(("鲁纳村", "luna"), ("新华村", "xinhua"), ("大山村", "dashan"), ("小坝村", "xiaoba")),
    ),
    TownshipRow(
        "驾车乡",
        "jiache",
        "township",
        "212",
        25.900,
        103.060,
        18_000,
        _c(
            ("驾车村", "jiache"),
            ("华山村", "huashan"),
            ("长箐村", "changqing"),
            ("东坡村", "dongpo"),
        ),
    ),
    TownshipRow(
        "马路乡",
        "malu",
        "township",
        "213",
        26.180,
        103.245,
        21_000,
        _c(("马路村", "malu"), ("麻栗村", "mali"), ("梭落村", "suoluo"), ("中营村", "zhongying")),
    ),
)

# Deliberate gaps, so the plan's "every township" indicators have something to show.
TOWNSHIPS_WITHOUT_FITNESS_CENTRE = ("wuxing", "zhichang")
TOWNSHIPS_WITH_PLANNED_FITNESS_CENTRE = ("huohong",)
TOWNSHIPS_WITHOUT_TRAIL = ("kuangshan", "xinjie", "malu")
# Townships whose trail is one of the named places below (no generic trail is added there).
TOWNSHIPS_WITH_NAMED_TRAIL = ("yili", "yulu", "daqiao")

# Relocation communities built at the edge of the county seat for families moved out of remote
# villages (易地扶贫搬迁安置社区): (township slug, name, slug, population, latitude, longitude,
# the day its fitness square opened or None). Until a square opens, the community lies outside
# the 15-minute fitness circle: nothing else is within 1 km.
RESETTLEMENT_COMMUNITIES = (
    ("zhongping", "安泰社区", "antai", 8_600, 26.3742, 103.3481, date(2023, 6, 18)),
    ("baoyun", "锦城社区", "jincheng", 6_900, 26.4615, 103.3456, None),
    ("yili", "福康社区", "fukang", 5_400, 26.3520, 103.2900, None),
)

# A few trail names with a local landmark; the others are "<township>健身步道".
TRAIL_NAMES = {
    "jinzhong": "金钟山健身步道",
    "gucheng": "古城环城健身步道",
    "baoyun": "宝云山健身步道",
    "zhongping": "钟屏湿地健身步道",
    "nagu": "白雾古村健身步道",
    "dahai": "大海草山徒步道",
    "jiache": "驾车华山松林健身步道",
    "shangcun": "上村梯田健身步道",
}


@dataclass(frozen=True)
class SchoolRow:
    name: str
    short: str  # how people say it; used for manager group names
    slug: str
    township: str  # township slug
    community: str  # community slug in that township
    stage: str  # SchoolStage value
    pupils: int
    eligible: bool = True
    founded: int = 1990


SCHOOLS = (
    # County seat
    SchoolRow(
        "会泽县东陆高级中学",
        "东陆高中",
        "donglu-high",
        "zhongping",
        "donglu",
        "senior",
        4_260,
        founded=2014,
    ),
    SchoolRow(
        "会泽县体育运动学校",
        "县体校",
        "sports-school",
        "zhongping",
        "donglu",
        "sports",
        380,
        founded=1984,
    ),
    SchoolRow(
        "会泽县第一中学",
        "会泽一中",
        "no1-middle",
        "jinzhong",
        "wulong",
        "complete",
        5_100,
        founded=1956,
    ),
    SchoolRow(
        "会泽县茚旺高级中学",
        "茚旺高中",
        "yinwang-high",
        "gucheng",
        "dongmen",
        "senior",
        5_380,
        founded=2003,
    ),
    SchoolRow(
        "会泽县实验高级中学",
        "实验高中",
        "shiyan-high",
        "baoyun",
        "baoyun",
        "senior",
        3_050,
        founded=2010,
    ),
    SchoolRow(
        "会泽县职业技术学校",
        "县职校",
        "vocational",
        "yili",
        "yili",
        "vocational",
        3_420,
        founded=1985,
    ),
    SchoolRow(
        "会泽县金钟中学",
        "金钟中学",
        "jinzhong-middle",
        "jinzhong",
        "chengnan",
        "junior",
        2_460,
        founded=1978,
    ),
    SchoolRow(
        "会泽县金钟第一小学",
        "金钟一小",
        "jinzhong-primary-1",
        "jinzhong",
        "beimen",
        "primary",
        2_640,
        founded=1952,
    ),
    SchoolRow(
        "会泽县金钟第二小学",
        "金钟二小",
        "jinzhong-primary-2",
        "jinzhong",
        "xitun",
        "primary",
        2_080,
        founded=1986,
    ),
    SchoolRow(
        "会泽县古城小学",
        "古城小学",
        "gucheng-primary",
        "gucheng",
        "gucheng",
        "primary",
        1_760,
        eligible=False,
        founded=1938,
    ),
    SchoolRow(
        "会泽县宝云中学",
        "宝云中学",
        "baoyun-middle",
        "baoyun",
        "caiyuan",
        "junior",
        2_210,
        founded=2008,
    ),
    SchoolRow(
        "会泽县钟屏中学",
        "钟屏中学",
        "zhongping-middle",
        "zhongping",
        "zhongping",
        "junior",
        1_930,
        founded=2012,
    ),
    SchoolRow(
        "会泽县钟屏小学",
        "钟屏小学",
        "zhongping-primary",
        "zhongping",
        "xinqu",
        "primary",
        1_640,
        founded=2012,
    ),
    SchoolRow(
        "会泽县以礼小学",
        "以礼小学",
        "yili-primary",
        "yili",
        "hekou",
        "primary",
        1_280,
        founded=1995,
    ),
    # Towns
    SchoolRow("会泽县娜姑镇中学", "娜姑中学", "nagu-middle", "nagu", "nagu", "junior", 1_420),
    SchoolRow(
        "会泽县娜姑镇中心小学",
        "娜姑中心小学",
        "nagu-primary",
        "nagu",
        "baiwu",
        "primary",
        1_080,
        founded=1960,
    ),
    SchoolRow(
        "会泽县者海镇中学",
        "者海中学",
        "zhehai-middle",
        "zhehai",
        "zhehai",
        "junior",
        1_630,
        founded=1972,
    ),
    SchoolRow(
        "会泽县者海镇中心小学",
        "者海中心小学",
        "zhehai-primary",
        "zhehai",
        "zongying",
        "primary",
        1_510,
        founded=1958,
    ),
    SchoolRow(
        "会泽县矿山镇中学",
        "矿山中学",
        "kuangshan-middle",
        "kuangshan",
        "kuangshan",
        "junior",
        1_190,
    ),
    SchoolRow("会泽县乐业镇中学", "乐业中学", "leye-middle", "leye", "leye", "junior", 980),
    SchoolRow("会泽县迤车镇中学", "迤车中学", "yiche-middle", "yiche", "yiche", "junior", 1_320),
    SchoolRow(
        "会泽县迤车镇中心小学",
        "迤车中心小学",
        "yiche-primary",
        "yiche",
        "yangmei",
        "primary",
        1_040,
        founded=1965,
    ),
    SchoolRow("会泽县大井镇中学", "大井中学", "dajing-middle", "dajing", "dajing", "junior", 1_110),
    SchoolRow(
        "会泽县待补镇中学",
        "待补中学",
        "daibu-middle",
        "daibu",
        "daibu",
        "junior",
        1_540,
        founded=1970,
    ),
    SchoolRow(
        "会泽县待补镇中心小学",
        "待补中心小学",
        "daibu-primary",
        "daibu",
        "kuaisuo",
        "primary",
        1_230,
        founded=1962,
    ),
    # 乡
    SchoolRow(
        "会泽县大海乡中心学校", "大海中心学校", "dahai-school", "dahai", "dahai", "nine_year", 920
    ),
    SchoolRow(
        "会泽县老厂乡中学", "老厂中学", "laochang-middle", "laochang", "laochang", "junior", 810
    ),
    SchoolRow(
        "会泽县五星乡中心小学",
        "五星中心小学",
        "wuxing-primary",
        "wuxing",
        "wuxing",
        "primary",
        620,
        eligible=False,
    ),
    SchoolRow("会泽县雨碌乡中学", "雨碌中学", "yulu-middle", "yulu", "yulu", "junior", 880),
    SchoolRow(
        "会泽县纸厂乡九年一贯制学校",
        "纸厂学校",
        "zhichang-school",
        "zhichang",
        "zhichang",
        "nine_year",
        710,
    ),
    SchoolRow(
        "会泽县新街回族乡中学", "新街中学", "xinjie-middle", "xinjie", "xinjie", "junior", 830
    ),
    SchoolRow(
        "会泽县上村乡中学", "上村中学", "shangcun-middle", "shangcun", "shangcun", "junior", 1_020
    ),
    SchoolRow("会泽县大桥乡中学", "大桥中学", "daqiao-middle", "daqiao", "daqiao", "junior", 1_090),
    SchoolRow(
        "会泽县火红乡中心学校",
        "火红中心学校",
        "huohong-school",
        "huohong",
        "huohong",
        "nine_year",
        650,
    ),
    SchoolRow(
        "会泽县田坝乡中心小学",
        "田坝中心小学",
        "tianba-primary",
        "tianba",
        "tianba",
        "primary",
        760,
        eligible=False,
    ),
    SchoolRow("会泽县鲁纳乡中学", "鲁纳中学", "luna-middle", "luna", "luna", "junior", 940),
    SchoolRow("会泽县驾车乡中学", "驾车中学", "jiache-middle", "jiache", "jiache", "junior", 870),
    SchoolRow("会泽县马路乡中学", "马路中学", "malu-middle", "malu", "malu", "junior", 1_010),
    SchoolRow(
        "会泽县马路乡中心小学",
        "马路中心小学",
        "malu-primary",
        "malu",
        "mali",
        "primary",
        840,
        founded=1970,
    ),
)

# When each eligible school began publishing public hours: two pilots in 2019, then the county
# seat, the towns and the townships. 大井中学 is eligible but has published none yet, and 鲁纳中学
# opens at weekends only, below the weekly-hours policy: the shortfalls the indicator finds.
SCHOOL_HOURS_SINCE = {
    date(2019, 3, 1): ("donglu-high", "sports-school"),
    date(2020, 9, 1): ("no1-middle", "yinwang-high", "shiyan-high", "jinzhong-middle"),
    date(2021, 9, 1): (
        "vocational",
        "jinzhong-primary-1",
        "jinzhong-primary-2",
        "baoyun-middle",
        "zhongping-middle",
        "zhongping-primary",
        "yili-primary",
    ),
    date(2022, 9, 1): (
        "nagu-middle",
        "nagu-primary",
        "zhehai-middle",
        "zhehai-primary",
        "yiche-middle",
        "daibu-middle",
    ),
    date(2023, 9, 1): (
        "kuangshan-middle",
        "leye-middle",
        "yiche-primary",
        "daibu-primary",
        "dahai-school",
        "shangcun-middle",
        "daqiao-middle",
    ),
    date(2024, 9, 1): (
        "laochang-middle",
        "yulu-middle",
        "zhichang-school",
        "xinjie-middle",
        "huohong-school",
        "jiache-middle",
        "malu-middle",
    ),
    date(2025, 3, 1): ("luna-middle", "malu-primary"),
}
SCHOOLS_WEEKEND_HOURS_ONLY = ("luna-middle",)

# The two schools whose demo managers log in as manager1 and manager2.
MANAGED_SCHOOLS = (("manager1", "donglu-high"), ("manager2", "yinwang-high"))

DEMO_USERS = (
    # username, real name, first name, email, phone, group key
    ("editor", "周敏", "县体育局编辑", "editor@huize-sports.example", None, "editors"),
    ("manager1", "李建华", "东陆高中体育组", "manager1@huize-sports.example", None, "manager1"),
    ("manager2", "杨帆", "茚旺高中体育组", "manager2@huize-sports.example", None, "manager2"),
    ("resident", "王丽", "会泽居民", "resident@huize-sports.example", "13800000001", None),
)

# (slug, Chinese name, English name); slugs are stable, other code refers to them.
SPORTS = (
    ("athletics", "田径", "Athletics"),
    ("running", "跑步", "Running"),
    ("walking", "健步走", "Walking"),
    ("football", "足球", "Football"),
    ("basketball", "篮球", "Basketball"),
    ("volleyball", "排球", "Volleyball"),
    ("tennis", "网球", "Tennis"),
    ("table-tennis", "乒乓球", "Table tennis"),
    ("badminton", "羽毛球", "Badminton"),
    ("swimming", "游泳", "Swimming"),
    ("diving", "潜水", "Diving"),
    ("fitness", "健身", "Fitness"),
    ("square-dance", "广场舞", "Square dance"),
    ("tai-chi", "太极拳", "Tai chi"),
    ("martial-arts", "武术", "Martial arts"),
    ("gateball", "门球", "Gateball"),
    ("cycling", "骑行", "Cycling"),
    ("hiking", "徒步", "Hiking"),
    ("skiing", "滑雪", "Skiing"),
    ("camping", "露营", "Camping"),
    ("rafting", "漂流", "Rafting"),
    ("rock-climbing", "攀岩", "Rock climbing"),
    ("physique-testing", "体质测试", "Physique testing"),
)


@dataclass(frozen=True)
class UnitRow:
    name: str
    sport: str | None  # sport slug
    capacity: int
    slot_minutes: int
    price: Decimal = Decimal("0")


@dataclass(frozen=True)
class KindProfile:
    """What a typical site of one survey kind looks like in a Yunnan county."""

    sports: tuple
    setting: str
    playing: tuple  # (low, high) m²
    building: tuple = (0, 0)  # (low, high) m²; 0 for open-air sites
    land_factor: tuple = (1.2, 1.6)  # land area = playing × factor; (0, 0) leaves it unknown
    units: tuple = ()  # bookable units when the site is bookable


_FREE = Decimal("0")
KIND_PROFILES = {
    "athletics_track": KindProfile(
        ("athletics", "running", "football"),
        "outdoor",
        (10_800, 14_500),
        land_factor=(1.15, 1.35),
        units=(
            UnitRow("跑道（第1—4道）", "running", 40, 60),
            UnitRow("跑道（第5—8道）", "running", 40, 60),
            UnitRow("中心足球场", "football", 30, 90),
        ),
    ),
    "athletics_other": KindProfile(
        ("athletics", "running"),
        "outdoor",
        (3_200, 6_800),
        units=(UnitRow("环形跑道", "running", 30, 60),),
    ),
    "pool_indoor": KindProfile(
        ("swimming",),
        "indoor",
        (1_050, 1_250),
        (3_800, 5_200),
        units=(
            UnitRow("成人泳道（1—4道）", "swimming", 32, 90, Decimal("15")),
            UnitRow("教学泳道（5—6道）", "swimming", 16, 90, Decimal("10")),
        ),
    ),
    "pool_outdoor": KindProfile(
        ("swimming",),
        "outdoor",
        (600, 1_250),
        units=(UnitRow("露天泳池", "swimming", 40, 120, Decimal("10")),),
    ),
    "natural_water": KindProfile(("swimming",), "outdoor", (20_000, 60_000), land_factor=(0, 0)),
    "football_11": KindProfile(
        ("football",),
        "outdoor",
        (7_140, 8_250),
        units=(UnitRow("全场", "football", 30, 90), UnitRow("半场", "football", 16, 90)),
    ),
    "football_7": KindProfile(
        ("football",),
        "outdoor",
        (2_200, 3_000),
        units=(UnitRow("七人制场地", "football", 18, 90),),
    ),
    "football_5": KindProfile(
        ("football",),
        "outdoor",
        (800, 1_100),
        units=(
            UnitRow("1号五人制场", "football", 12, 60),
            UnitRow("2号五人制场", "football", 12, 60),
        ),
    ),
    "basketball_outdoor": KindProfile(
        ("basketball",),
        "outdoor",
        (600, 2_400),
        units=(
            UnitRow("1号篮球场", "basketball", 12, 60),
            UnitRow("2号篮球场", "basketball", 12, 60),
        ),
    ),
    "basketball_3x3": KindProfile(
        ("basketball",),
        "outdoor",
        (200, 320),
        units=(UnitRow("三人篮球场", "basketball", 8, 60),),
    ),
    "basketball_hall": KindProfile(
        ("basketball", "volleyball", "badminton"),
        "indoor",
        (1_200, 1_600),
        (3_000, 4_500),
        units=(
            UnitRow("主场地（全场）", "basketball", 20, 120, Decimal("10")),
            UnitRow("副场地（半场）", "basketball", 10, 60, Decimal("5")),
        ),
    ),
    "volleyball": KindProfile(
        ("volleyball",),
        "outdoor",
        (360, 800),
        units=(UnitRow("排球场", "volleyball", 14, 60),),
    ),
    "tennis": KindProfile(
        ("tennis",),
        "outdoor",
        (670, 1_400),
        units=(UnitRow("1号网球场", "tennis", 4, 60), UnitRow("2号网球场", "tennis", 4, 60)),
    ),
    "table_tennis": KindProfile(
        ("table-tennis",),
        "indoor",
        (200, 480),
        (300, 700),
        units=(
            UnitRow("1号球台", "table-tennis", 4, 60),
            UnitRow("2号球台", "table-tennis", 4, 60),
            UnitRow("3号球台", "table-tennis", 4, 60),
        ),
    ),
    "badminton": KindProfile(
        ("badminton",),
        "indoor",
        (400, 900),
        (700, 1_500),
        units=(
            UnitRow("1号场", "badminton", 4, 60),
            UnitRow("2号场", "badminton", 4, 60),
            UnitRow("3号场", "badminton", 4, 60),
        ),
    ),
    "ice_snow": KindProfile(("skiing",), "outdoor", (50_000, 150_000), land_factor=(1.5, 2.5)),
    "fitness_path": KindProfile(
        ("fitness", "square-dance", "tai-chi"), "outdoor", (200, 900), land_factor=(1.0, 1.3)
    ),
    "gym": KindProfile(("fitness",), "indoor", (300, 900), (400, 1_200), land_factor=(0, 0)),
    "fitness_trail": KindProfile(
        ("walking", "running", "hiking"), "outdoor", (5_000, 15_000), land_factor=(1.5, 2.0)
    ),
    "fitness_centre": KindProfile(
        ("basketball", "badminton", "table-tennis", "fitness"),
        "both",
        (900, 2_200),
        (1_200, 3_200),
        land_factor=(1.8, 3.0),
        units=(
            UnitRow("篮球场", "basketball", 12, 60),
            UnitRow("羽毛球1号场", "badminton", 4, 60),
            UnitRow("羽毛球2号场", "badminton", 4, 60),
            UnitRow("乒乓球区", "table-tennis", 8, 60),
        ),
    ),
    "multi_purpose_hall": KindProfile(
        ("basketball", "volleyball", "badminton", "table-tennis"),
        "indoor",
        (1_300, 2_000),
        (2_500, 4_200),
        units=(
            UnitRow("篮球场（全场）", "basketball", 20, 90),
            UnitRow("排球场", "volleyball", 14, 90),
            UnitRow("羽毛球区（4片）", "badminton", 16, 60),
        ),
    ),
    "physique_test_centre": KindProfile(
        ("physique-testing",),
        "indoor",
        (240, 480),
        (300, 600),
        land_factor=(0, 0),
        units=(UnitRow("体质测试时段", "physique-testing", 20, 30),),
    ),
    "outdoor_camp": KindProfile(
        ("camping", "hiking"), "outdoor", (20_000, 60_000), land_factor=(1.5, 2.5)
    ),
    "other": KindProfile(("fitness",), "outdoor", (300, 1_200)),
}


# Which school sites each stage gets (the seed varies the details).
SCHOOL_SITES_BY_STAGE = {
    "primary": ("basketball_outdoor", "athletics_other"),
    "junior": ("athletics_track", "basketball_outdoor"),
    "nine_year": ("athletics_other", "basketball_outdoor"),
    "senior": ("athletics_track", "basketball_outdoor", "volleyball"),
    "complete": ("athletics_track", "basketball_outdoor", "volleyball"),
    "vocational": ("athletics_track", "basketball_outdoor", "gym"),
    "sports": ("athletics_other",),
}
# Extra sites that the plan requires of schools with more than 1,500 pupils; the schools listed
# here have them (the others are realistic gaps for the indicator to find).
LARGE_SCHOOL_SITES = {
    "no1-middle": ("multi_purpose_hall", "tennis", "physique_test_centre", "football_11"),
    "yinwang-high": ("multi_purpose_hall", "volleyball_2", "physique_test_centre"),
    "shiyan-high": ("multi_purpose_hall", "tennis"),
    "jinzhong-middle": ("football_5", "table_tennis"),
    "vocational": ("multi_purpose_hall",),
}

SITE_NAMES = {
    "athletics_track": "田径场",
    "athletics_other": "运动场",
    "basketball_outdoor": "篮球场",
    "basketball_3x3": "三人篮球场",
    "volleyball": "排球场",
    "volleyball_2": "气排球场",
    "tennis": "网球场",
    "table_tennis": "乒乓球室",
    "badminton": "羽毛球馆",
    "gym": "健身房",
    "multi_purpose_hall": "室内综合训练馆",
    "physique_test_centre": "体质健康测试中心",
    "football_11": "足球场",
    "football_5": "五人制足球场",
}
SITE_SLUGS = {
    "athletics_track": "track",
    "athletics_other": "sports-ground",
    "basketball_outdoor": "basketball",
    "basketball_3x3": "basketball-3x3",
    "volleyball": "volleyball",
    "volleyball_2": "air-volleyball",
    "tennis": "tennis",
    "table_tennis": "table-tennis",
    "badminton": "badminton",
    "gym": "gym",
    "multi_purpose_hall": "hall",
    "physique_test_centre": "physique-test-centre",
    "football_11": "football",
    "football_5": "football-5",
}

FAMILY_NAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何罗高林"

# ---------------------------------------------------------------------------------------------
# Places the plan names, and the county-level venues, written out in full.
# Keys match Facility fields; "township"/"community" are slugs, "school" a school slug,
# "sports" sport slugs and "units" UnitRow tuples (None: use the kind's profile when bookable).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceRow:
    slug: str
    name: str
    kind: str
    township: str
    community: str | None
    owner_type: str
    lat: float
    lon: float
    playing: int
    sports: tuple
    description: str
    building: int = 0
    land: int = 0
    setting: str = "outdoor"
    status: str = "open"
    opened_on: date | None = None
    closed_on: date | None = None
    open_to_public: bool = True
    fee_policy: str = "free"
    price: Decimal | None = None
    school: str | None = None
    units: tuple | None = ()
    step_free: bool = False
    accessible_toilet: bool = False
    accessible_parking: bool = False
    accessibility_notes: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    extra: dict = field(default_factory=dict)


HALF_PRICE = "老年人、残疾人、学生、现役军人凭证半价"

PLACES = (
    PlaceRow(
        "yilihe-fitness-belt",
        "以礼河沿岸健身休闲带（毛家村大坝—小菜园）",
        "fitness_trail",
        "yili",
        "maojia",
        "government",
        26.356,
        103.236,
        96_000,
        ("cycling", "walking", "running", "rafting"),
        "<p>沿以礼河从毛家村大坝至小菜园，全长约16公里，集自行车骑行道、健步走道和以礼河漂流于一体的"
        "综合性健身休闲带，是《会泽县“十四五”教育体育发展规划》规划建设的重点项目。</p>"
        "<p>沿线设有休息驿站、饮水点和里程标识，骑行道与步行道分设。</p>",
        land=180_000,
        opened_on=date(2024, 4, 28),
        step_free=True,
        accessible_toilet=True,
        accessible_parking=True,
        accessibility_notes="步行道全程无台阶，驿站设无障碍卫生间",
        contact_name="以礼街道文化体育服务中心",
        contact_phone="0874-5121816",
    ),
    PlaceRow(
        "yilihe-rafting",
        "以礼河漂流（小菜园段）",
        "natural_water",
        "yili",
        "xiaocaiyuan",
        "enterprise",
        26.331,
        103.214,
        42_000,
        ("rafting",),
        "<p>以礼河健身休闲带的漂流段，终点在小菜园，全程约6公里，每年5月至10月开放。"
        "漂流须穿救生衣并听从安全员指挥。</p>",
        opened_on=date(2024, 7, 1),
        fee_policy="paid",
        price=Decimal("80.00"),
        contact_name="漂流服务中心",
        contact_phone="0874-5122702",
        extra={"concessions": "12岁以下儿童须由成人陪同；学生凭证八折"},
    ),
    PlaceRow(
        "dahai-caoshan-ski-ground",
        "大海草山滑雪场",
        "ice_snow",
        "dahai",
        "dahai",
        "enterprise",
        26.052,
        103.012,
        120_000,
        ("skiing",),
        "<p>位于海拔3570米至4017米的大海草山，是规划中的“大海草山滑雪露营地”冬季部分，"
        "设初级道、中级道和魔毯，冬季（12月至次年2月）开放，雪况以当日公告为准。</p>",
        land=260_000,
        opened_on=date(2022, 12, 20),
        fee_policy="paid",
        price=Decimal("90.00"),
        contact_name="大海草山景区",
        contact_phone="0874-5330118",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "dahai-caoshan-campground",
        "大海草山露营地",
        "outdoor_camp",
        "dahai",
        "liyuan",
        "village_committee",
        26.061,
        103.028,
        60_000,
        ("camping", "hiking"),
        "<p>大海草山高山草甸上的露营地，海拔3570米至4017米，夏秋可露营、观星、徒步，"
        "设帐篷营位、房车营位和公共卫生间。高海拔地区请注意防寒防晒、量力而行。</p>",
        land=120_000,
        opened_on=date(2021, 7, 15),
        fee_policy="low",
        price=Decimal("30.00"),
        contact_name="梨园村委会",
        contact_phone="0874-5330236",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "yulu-dadifeng-gorge-trail",
        "雨碌大地缝峡谷步道",
        "fitness_trail",
        "yulu",
        "yize",
        "government",
        26.418,
        103.861,
        25_000,
        ("hiking", "walking"),
        "<p>雨碌大地缝是一条长约10公里的喀斯特峡谷，谷底最窄处不足1米，步道沿谷底溪流铺设，"
        "是规划中的体育旅游精品线路之一。雨季（6月至9月）遇强降雨时封闭。</p>",
        land=40_000,
        opened_on=date(2020, 5, 1),
        fee_policy="low",
        price=Decimal("20.00"),
        contact_name="雨碌乡文化站",
        contact_phone="0874-5460109",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "daqiao-sports-tourism-route",
        "大桥乡体育旅游精品线路",
        "fitness_trail",
        "daqiao",
        "xianrendong",
        "government",
        26.612,
        103.566,
        56_000,
        ("hiking", "cycling", "running"),
        "<p>串联大桥乡山地村落与峡谷的体育旅游线路，全长约28公里，可徒步或骑行，"
        "沿途设补给点和观景台。</p>",
        land=90_000,
        opened_on=date(2023, 10, 1),
        contact_name="大桥乡人民政府",
        contact_phone="0874-5470012",
    ),
    PlaceRow(
        "qingyun-outdoor-camp",
        "青云户外运动休闲特色营地",
        "outdoor_camp",
        "jinzhong",
        "qingyun",
        "enterprise",
        26.446,
        103.279,
        45_000,
        ("camping", "hiking", "rock-climbing", "cycling"),
        "<p>青云村体育特色小镇的核心项目，设攀岩墙、山地自行车道、露营区和拓展训练场，"
        "周末和节假日开放团体预约。</p>",
        land=80_000,
        opened_on=date(2022, 5, 1),
        fee_policy="low",
        price=Decimal("30.00"),
        step_free=True,
        accessible_toilet=True,
        contact_name="青云营地服务台",
        contact_phone="0874-5128866",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "manhai-park-fitness-camp",
        "蔓海公园大众健身营地",
        "outdoor_camp",
        "baoyun",
        "manhai",
        "public_institution",
        26.446,
        103.327,
        30_000,
        ("fitness", "walking", "running", "square-dance", "tai-chi"),
        "<p>蔓海湿地公园内的大众健身营地，环湖健步道、健身器材区、广场舞场地和儿童活动区"
        "全天免费开放，是城区居民晨练和晚间健身的主要去处。</p>",
        land=150_000,
        opened_on=date(2021, 10, 1),
        step_free=True,
        accessible_toilet=True,
        accessible_parking=True,
        accessibility_notes="环湖步道平坦，入口设无障碍坡道",
        contact_name="蔓海公园管理处",
        contact_phone="0874-5136620",
    ),
    PlaceRow(
        "high-altitude-diving-base",
        "亚洲高海拔潜水训练基地",
        "natural_water",
        "yili",
        "maojia",
        "enterprise",
        26.322,
        103.201,
        50_000,
        ("diving", "swimming"),
        "<p>规划建设中的集潜水训练、温泉疗养、休闲度假于一体的高海拔潜水训练基地，"
        "已列入省级体育产业项目库，建成前不对外开放。</p>",
        land=80_000,
        status="planned",
        open_to_public=False,
        contact_name="会泽县文化和旅游局（体育）",
        contact_phone="0874-5122035",
    ),
    PlaceRow(
        "national-high-altitude-training-base",
        "会泽国家高原运动训练基地",
        "athletics_track",
        "zhongping",
        "xinqu",
        "public_institution",
        26.386,
        103.334,
        14_200,
        ("athletics", "running", "football"),
        "<p>规划中的国家高原运动训练基地，借鉴国内外高原训练基地模式，建设标准田径场、"
        "高原训练公寓和科研监测中心，面向专业队伍和群众开放。</p>",
        building=12_000,
        land=60_000,
        status="planned",
        open_to_public=False,
        contact_name="会泽县体育运动发展中心",
        contact_phone="0874-5122035",
    ),
    PlaceRow(
        "sports-school-complex",
        "会泽县体育运动学校综合楼",
        "multi_purpose_hall",
        "zhongping",
        "donglu",
        "school",
        26.394,
        103.326,
        1_450,
        ("martial-arts", "table-tennis", "fitness"),
        "<p>县体育运动学校迁建工程新建的综合楼，建筑面积2490平方米，设武术训练厅、"
        "乒乓球训练室和体能训练室；田径、球类训练与东陆高中共用体育场馆。</p>",
        building=2_490,
        land=3_200,
        setting="indoor",
        opened_on=date(2024, 9, 1),
        fee_policy="low",
        price=Decimal("10.00"),
        school="sports-school",
        units=(
            UnitRow("武术训练厅", "martial-arts", 30, 90, Decimal("5")),
            UnitRow("乒乓球训练室", "table-tennis", 12, 60, Decimal("5")),
        ),
        step_free=True,
        accessible_toilet=True,
        contact_name="体校办公室 赵老师",
        contact_phone="0874-5139021",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "donglu-high-gymnasium",
        "东陆高中体育馆（与县体校共用）",
        "multi_purpose_hall",
        "zhongping",
        "donglu",
        "school",
        26.392,
        103.323,
        1_860,
        ("basketball", "volleyball", "badminton"),
        "<p>东陆高级中学的室内体育馆，与县体育运动学校共用，课余和节假日向社会开放，"
        "实名预约入场。</p>",
        building=3_650,
        land=4_600,
        setting="indoor",
        opened_on=date(2015, 9, 1),
        fee_policy="low",
        price=Decimal("10.00"),
        school="donglu-high",
        units=None,
        step_free=True,
        accessible_toilet=True,
        contact_name="东陆高中体育组 李老师",
        contact_phone="0874-5139008",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "donglu-high-track",
        "东陆高中田径场（与县体校共用）",
        "athletics_track",
        "zhongping",
        "donglu",
        "school",
        26.391,
        103.321,
        13_600,
        ("athletics", "running", "football"),
        "<p>标准400米塑胶跑道和11人制人造草足球场，县体校田径队在此训练；"
        "工作日早晚和周末向社会免费开放。</p>",
        land=16_500,
        opened_on=date(2014, 9, 1),
        school="donglu-high",
        units=None,
        step_free=True,
        contact_name="东陆高中体育组 李老师",
        contact_phone="0874-5139008",
    ),
    PlaceRow(
        "donglu-high-tennis",
        "东陆高中网球场",
        "tennis",
        "zhongping",
        "donglu",
        "school",
        26.3925,
        103.3205,
        1_340,
        ("tennis",),
        "<p>两片标准硬地网球场，夜间有灯光。</p>",
        land=1_600,
        opened_on=date(2016, 3, 1),
        school="donglu-high",
        units=None,
        contact_name="东陆高中体育组 李老师",
        contact_phone="0874-5139008",
    ),
    PlaceRow(
        "donglu-high-volleyball",
        "东陆高中排球场",
        "volleyball",
        "zhongping",
        "donglu",
        "school",
        26.3918,
        103.3222,
        720,
        ("volleyball",),
        "<p>两片室外排球场，与网球场相邻。</p>",
        land=900,
        opened_on=date(2016, 3, 1),
        school="donglu-high",
        units=None,
        contact_name="东陆高中体育组 李老师",
        contact_phone="0874-5139008",
    ),
    PlaceRow(
        "donglu-high-physique-test-centre",
        "东陆高中体质健康测试中心",
        "physique_test_centre",
        "zhongping",
        "donglu",
        "school",
        26.3929,
        103.3231,
        420,
        ("physique-testing",),
        "<p>按《国民体质测定标准》配置的测试中心，学生测试之外，每周六上午为居民提供免费"
        "体质测试。</p>",
        building=520,
        setting="indoor",
        opened_on=date(2021, 11, 1),
        school="donglu-high",
        units=None,
        step_free=True,
        accessible_toilet=True,
        contact_name="东陆高中体育组 李老师",
        contact_phone="0874-5139008",
    ),
    # County-level public venues in the county seat
    PlaceRow(
        "huize-stadium",
        "会泽县体育场",
        "athletics_track",
        "jinzhong",
        "wulong",
        "public_institution",
        26.4195,
        103.2935,
        21_800,
        ("athletics", "running", "football"),
        "<p>县城的主体育场，400米标准跑道、天然草足球场和看台，县运会和中小学生运动会在此举办。"
        "跑道全天免费开放；足球场需预约。</p>",
        building=6_500,
        land=38_000,
        opened_on=date(1998, 10, 1),
        units=(
            UnitRow("足球场（全场）", "football", 30, 90),
            UnitRow("足球场（半场）", "football", 16, 90),
        ),
        step_free=True,
        accessible_toilet=True,
        accessible_parking=True,
        accessibility_notes="主看台设轮椅席位",
        contact_name="县体育运动发展中心",
        contact_phone="0874-5122035",
    ),
    PlaceRow(
        "huize-gymnasium",
        "会泽县体育馆",
        "basketball_hall",
        "baoyun",
        "baoyun",
        "public_institution",
        26.4362,
        103.3158,
        1_520,
        ("basketball", "volleyball", "badminton"),
        "<p>可容纳3000名观众的综合体育馆，举办篮球、排球比赛和大型群众文体活动，"
        "平时分时段向市民开放。</p>",
        building=8_600,
        land=12_000,
        setting="indoor",
        opened_on=date(2012, 9, 20),
        fee_policy="low",
        price=Decimal("20.00"),
        units=None,
        step_free=True,
        accessible_toilet=True,
        accessible_parking=True,
        contact_name="体育馆服务台",
        contact_phone="0874-5136010",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "huize-swimming-hall",
        "会泽县游泳馆",
        "pool_indoor",
        "zhongping",
        "xinqu",
        "public_institution",
        26.3968,
        103.3212,
        1_250,
        ("swimming",),
        "<p>25米×50米恒温室内泳池和儿童戏水池，全年开放；进入泳池须持有效健康证明。</p>",
        building=5_100,
        land=7_800,
        setting="indoor",
        opened_on=date(2023, 6, 18),
        fee_policy="low",
        price=Decimal("15.00"),
        units=None,
        step_free=True,
        accessible_toilet=True,
        accessible_parking=True,
        accessibility_notes="泳池设入水扶梯",
        contact_name="游泳馆服务台",
        contact_phone="0874-5139110",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "huize-tennis-centre",
        "会泽县网球中心",
        "tennis",
        "baoyun",
        "huangli",
        "public_institution",
        26.4418,
        103.3121,
        2_680,
        ("tennis",),
        "<p>四片硬地网球场，夜间灯光照明，可预约。</p>",
        land=3_400,
        opened_on=date(2019, 5, 1),
        fee_policy="low",
        price=Decimal("20.00"),
        units=(
            UnitRow("1号场", "tennis", 4, 60, Decimal("10")),
            UnitRow("2号场", "tennis", 4, 60, Decimal("10")),
            UnitRow("3号场", "tennis", 4, 60, Decimal("10")),
            UnitRow("4号场", "tennis", 4, 60, Decimal("10")),
        ),
        contact_name="网球中心",
        contact_phone="0874-5136033",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "huize-table-tennis-hall",
        "会泽县乒乓球馆",
        "table_tennis",
        "gucheng",
        "qianwang",
        "public_institution",
        26.4238,
        103.2751,
        460,
        ("table-tennis",),
        "<p>设12张比赛球台，县乒乓球协会活动基地。</p>",
        building=680,
        setting="indoor",
        opened_on=date(2008, 6, 1),
        fee_policy="low",
        price=Decimal("8.00"),
        units=None,
        contact_name="乒乓球协会",
        contact_phone="0874-5125518",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "huize-physique-monitoring-centre",
        "会泽县国民体质监测中心",
        "physique_test_centre",
        "jinzhong",
        "beimen",
        "public_institution",
        26.4221,
        103.2986,
        380,
        ("physique-testing",),
        "<p>为20—79岁居民提供免费国民体质测定，测后出具报告和运动处方，需提前预约。</p>",
        building=460,
        setting="indoor",
        opened_on=date(2021, 8, 8),
        units=None,
        step_free=True,
        accessible_toilet=True,
        contact_name="县体育运动发展中心",
        contact_phone="0874-5122035",
    ),
    PlaceRow(
        "jinzhong-gateball-court",
        "金钟门球场",
        "other",
        "jinzhong",
        "cuiping",
        "residents_committee",
        26.4128,
        103.3009,
        620,
        ("gateball",),
        "<p>老年人门球队的训练场地，两片人造草门球场，清晨和傍晚使用最多。</p>",
        land=800,
        opened_on=date(2016, 4, 1),
        step_free=True,
        contact_name="翠屏社区居委会",
        contact_phone="0874-5127301",
    ),
    PlaceRow(
        "gucheng-martial-arts-hall",
        "古城武术馆",
        "other",
        "gucheng",
        "ximen",
        "other",
        26.4262,
        103.2679,
        320,
        ("martial-arts", "tai-chi"),
        "<p>县武术协会训练馆，教授太极拳、长拳和南拳，面向青少年和中老年人开班。</p>",
        building=420,
        setting="indoor",
        opened_on=date(2011, 3, 1),
        fee_policy="low",
        price=Decimal("10.00"),
        units=(UnitRow("太极拳晨练班", "tai-chi", 30, 60),),
        contact_name="县武术协会",
        contact_phone="0874-5124420",
        extra={"concessions": HALF_PRICE},
    ),
    PlaceRow(
        "yunling-badminton-hall",
        "云岭羽毛球馆",
        "badminton",
        "zhongping",
        "zhongping",
        "enterprise",
        26.4003,
        103.3156,
        820,
        ("badminton",),
        "<p>8片专业木地板羽毛球场，民营场馆，可按小时订场。</p>",
        building=1_350,
        setting="indoor",
        opened_on=date(2020, 10, 1),
        fee_policy="paid",
        price=Decimal("40.00"),
        units=tuple(UnitRow(f"{n}号场", "badminton", 4, 60, Decimal("40")) for n in range(1, 5)),
        contact_name="前台",
        contact_phone="0874-5139256",
    ),
    PlaceRow(
        "dongli-fitness-jinzhong",
        "动力健身（金钟店）",
        "gym",
        "jinzhong",
        "chengnan",
        "enterprise",
        26.4118,
        103.2957,
        650,
        ("fitness",),
        "<p>民营健身房，器械区、团课室和淋浴间，办卡或按次消费。</p>",
        building=900,
        setting="indoor",
        opened_on=date(2019, 1, 8),
        fee_policy="paid",
        price=Decimal("30.00"),
        contact_name="前台",
        contact_phone="0874-5126688",
    ),
    PlaceRow(
        "old-lighted-court-gucheng",
        "古城老灯光球场",
        "basketball_outdoor",
        "gucheng",
        "gucheng",
        "public_institution",
        26.4247,
        103.2712,
        1_200,
        ("basketball",),
        "<p>建于上世纪八十年代的灯光球场，2022年因古城保护改造拆除，场地功能已迁至县体育馆。</p>",
        land=1_500,
        status="closed",
        opened_on=date(1984, 5, 1),
        closed_on=date(2022, 8, 31),
        open_to_public=False,
        contact_name="古城街道文化站",
        contact_phone="0874-5125003",
    ),
    PlaceRow(
        "zhehai-old-pool",
        "者海镇露天游泳池",
        "pool_outdoor",
        "zhehai",
        "zhehai",
        "village_committee",
        26.4745,
        103.4548,
        800,
        ("swimming",),
        "<p>村集体修建的露天泳池，因设施老化于2023年停止开放，待改造。</p>",
        land=1_100,
        status="closed",
        opened_on=date(2006, 6, 1),
        closed_on=date(2023, 10, 1),
        open_to_public=False,
        contact_name="者海村委会",
        contact_phone="0874-5310021",
    ),
)


# The site footer of the demo (the ICP number is a placeholder, not a real filing).
FOOTER = {
    "organisation": "会泽县教育体育局（演示）",
    "address": "云南省曲靖市会泽县金钟街道",
    "phone": "0874-5120000",
    "icp_number": "演示站点，无ICP备案号",
}


# ---------------------------------------------------------------------------------------------
# Survey microdata: the weighted exercise survey and the national physique monitoring.
# The seed calibrates each year to the rate given here, so the dashboard tells this story.
# ---------------------------------------------------------------------------------------------

# Survey rows have no is_demo flag: their codes start with this instead.
DEMO_CODE_PREFIX = "DEMO-"

# (survey year, respondents, weighted share of regular exercisers aged 7+ in %): rising towards,
# but short of, the plan's 42 % (national 2020: 37.2 %).
EXERCISE_SURVEYS = (
    (2020, 1_480, 33.0),
    (2022, 1_620, 35.8),
    (2024, 1_760, 39.2),
    (2025, 1_900, 41.1),
)
# Urban minus rural, in points (national 2020: 40.1 % against 32.7 %).
EXERCISE_URBAN_GAP = 7.0
# Urban households are over-sampled (the rural young work away from home and are rarely in).
EXERCISE_URBAN_OVERSAMPLING = 1.4
# (first age, last age, share of the sample, design weight, exercise propensity): the weights
# undo the over-sampling of the elderly and the under-sampling of young adults, so the weighted
# rate sits about two points below the raw share. Under-7s answered too; the indicator drops them.
EXERCISE_AGE_BANDS = (
    (4, 6, 0.006, 1.0, 1.2),
    (7, 19, 0.17, 1.0, 0.9),
    (20, 39, 0.19, 1.9, -0.3),
    (40, 59, 0.32, 1.1, -0.1),
    (60, 69, 0.19, 0.6, 0.5),
    (70, 85, 0.12, 0.6, 0.0),
)
EXERCISE_URBAN_WEIGHT = 0.8
EXERCISE_RURAL_WEIGHT = 1.2
# How the people who do not exercise regularly answered: (pattern, share).
NON_REGULAR_PATTERNS = (
    ("none", 0.38),
    ("too_few", 0.22),
    ("too_short", 0.10),
    ("too_light", 0.14),
    ("walking", 0.16),  # commuting or after-meal walks: long and often, but not exercise
)

# (year, standard version, people tested, pass rate in %). The 2023 revision took effect in the
# middle of 2023: that spring's tests were still graded under the 2003 standard, which scores more
# leniently, so 2023 has results under both versions and the two are never added together.
PHYSIQUE_MONITORING = (
    (2020, "2003", 620, 85.0),
    (2021, "2003", 880, 86.1),
    (2022, "2003", 1_040, 87.2),
    (2023, "2003", 420, 88.3),
    (2023, "2023", 980, 86.9),
    (2024, "2023", 1_280, 88.2),
    (2025, "2023", 1_460, 89.4),
)
# (age group, share of those tested, pass-rate propensity)
PHYSIQUE_AGE_GROUPS = (("3-6", 0.2, 0.1), ("20-59", 0.55, 0.1), ("60-79", 0.25, -0.3))
PHYSIQUE_URBAN_EDGE = 0.12  # urban residents pass a little more often
# Of those who pass: share graded 优秀 and 良好 (the rest 合格).
PHYSIQUE_EXCELLENT_SHARE = 0.16
PHYSIQUE_GOOD_SHARE = 0.36
