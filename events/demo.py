"""The demo event programme of Huize County, written by `manage.py seed_demo`.

`plan_events(today)` is pure: the same list comes out for the same year. It holds

* the plan period 2021–2025 as it might have gone: the events that count towards "1-2-2" (the
  national major event in 2024, provincial events, the first 大海草山 and 以礼河 festivals) and a
  few county events a year;
* a two-year programme for the current year and the next (never before 2026): county mass events
  in every season spread over the townships, school sports meets and ball leagues, provincial
  events, the signature festivals at 大海草山 and on the 以礼河, one cancelled and one postponed
  event, a weekly tai chi class with a cancelled and a moved Saturday, a monthly walk.

`seed_events(stats)` writes it idempotently, keyed on the slug under the calendar page: a second
run (in the same year) saves nothing and makes no revision. Every event is flagged `is_demo` and
says so in its summary.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from wagtail.log_actions import log

from facilities.demo import data as county_data
from facilities.models import Facility, Sport, Township

from .choices import ChangeAction, Repeat, Status, Tier
from .models import EventCalendarPage, EventOccurrenceChange, EventPage
from .recurrence import SHANGHAI

FIRST_PROGRAMME_YEAR = 2026
DEMO_SUMMARY_NOTE = "（演示数据）"
CALENDAR_SLUG = "events"


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    tier: str
    start: datetime
    end: datetime
    township: str  # township slug in facilities.demo.data
    summary: str
    all_day: bool = False
    venue: str | None = None  # facility slug
    place: tuple | None = None  # (name, latitude, longitude) when there is no venue
    sports: tuple = ()
    organiser: str = "会泽县教育体育局"
    registration: str = ""
    status: str = Status.SCHEDULED
    status_note: str = ""
    plan_year: int | None = None
    repeat: str = Repeat.NONE
    interval: int = 1
    until: date | None = None
    count: int | None = None
    changes: tuple = field(default=())  # (date, action, new_start, new_end, note)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def whole(day):
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def nth_weekday(year, month, weekday, n):
    """The n-th `weekday` (0 = Monday) of a month; n = -1 for the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


SATURDAY, SUNDAY, FRIDAY = 5, 6, 4

_TOWNSHIPS = {row.slug: row for row in county_data.TOWNSHIPS}


def square(township):
    """A township's sports square (文体广场), at its seat, for events without a registry venue."""
    row = _TOWNSHIPS[township]
    return (f"{row.name}文体广场", row.lat, row.lon)


YILIHE = ("以礼河毛家村大坝下游河段", 26.356, 103.236)
DAHAI_MEADOW = ("大海草山高原草甸", 26.058, 103.021)
REGISTER_ONLINE = (
    "<p>在“会泽体育”公众号或本平台报名，报名截止日为活动前7天；未成年人须由监护人代为报名。</p>"
)
REGISTER_ON_SITE = "<p>无需报名，现场参加，免费。</p>"
REGISTER_SCHOOLS = "<p>由各学校统一报名，报名表请于赛前两周报送县教育体育局体卫艺股。</p>"


def _ordinal(year, first_year):
    return year - first_year + 1


def plan_history():
    """2021–2025: what counts towards "1-2-2", and a few county events each year."""
    specs = []
    for year in range(2021, 2026):
        day = date(year, 8, 8)  # 全民健身日
        specs.append(
            EventSpec(
                slug=f"demo-{year}-fitness-day",
                title=f"{year}年“全民健身日”主题活动",
                tier=Tier.COUNTY,
                start=at(day, 8),
                end=at(day, 11, 30),
                township="baoyun",
                venue="manhai-park-fitness-camp",
                sports=("fitness", "square-dance", "tai-chi"),
                summary="环湖健步走、广场舞和太极拳展示，市民免费参加。",
                registration=REGISTER_ON_SITE,
            )
        )
        meet = nth_weekday(year, 4, FRIDAY, 3)
        specs.append(
            EventSpec(
                slug=f"demo-{year}-school-athletics",
                title=f"会泽县{year}年中小学生田径运动会",
                tier=Tier.SCHOOL,
                start=whole(meet),
                end=whole(meet + timedelta(days=2)),
                all_day=True,
                township="zhongping",
                venue="huize-stadium",
                sports=("athletics", "running"),
                summary="全县中小学代表队参加的田径运动会，分小学、初中、高中三个组别。",
                registration=REGISTER_SCHOOLS,
            )
        )
    for year in range(2022, 2026):
        first = nth_weekday(year, 1, FRIDAY, -1)
        edition = _ordinal(year, 2022)
        specs.append(
            EventSpec(
                slug=f"demo-{year}-dahai-ski-festival",
                title=f"第{edition}届大海草山滑雪露营节",
                tier=Tier.SIGNATURE,
                start=whole(first),
                end=whole(first + timedelta(days=2)),
                all_day=True,
                township="dahai",
                venue="dahai-caoshan-ski-ground",
                sports=("skiing", "camping"),
                summary="在海拔3570米以上的大海草山滑雪、露营、观星，设大众滑雪体验和青少年滑雪比赛。",
                registration=REGISTER_ONLINE,
                plan_year=2022 if year == 2022 else None,  # the first edition creates it
            )
        )
    for year in range(2024, 2026):
        first = nth_weekday(year, 7, FRIDAY, 3)
        edition = _ordinal(year, 2024)
        specs.append(
            EventSpec(
                slug=f"demo-{year}-yilihe-water-festival",
                title=f"第{edition}届以礼河水上运动节",
                tier=Tier.SIGNATURE,
                start=whole(first),
                end=whole(first + timedelta(days=2)),
                all_day=True,
                township="yili",
                place=YILIHE,
                sports=("rafting", "cycling", "walking"),
                summary="以礼河漂流赛、沿河骑行和健步走，终点设在小菜园。",
                registration=REGISTER_ONLINE,
                plan_year=2024 if year == 2024 else None,
            )
        )
    specs += [
        EventSpec(
            slug="demo-2022-provincial-youth-basketball",
            title="2022年云南省青少年篮球锦标赛（会泽赛区）",
            tier=Tier.PROVINCIAL,
            start=whole(date(2022, 8, 12)),
            end=whole(date(2022, 8, 16)),
            all_day=True,
            township="zhongping",
            venue="huize-gymnasium",
            sports=("basketball",),
            summary="全省16支U15、U17代表队参赛，会泽县体育馆为主赛场。",
            organiser="云南省体育局、会泽县人民政府",
            plan_year=2022,
        ),
        EventSpec(
            slug="demo-2023-provincial-mountain-bike",
            title="2023年云南省山地自行车邀请赛（会泽大桥站）",
            tier=Tier.PROVINCIAL,
            start=at(date(2023, 5, 20), 8),
            end=at(date(2023, 5, 20), 17),
            township="daqiao",
            venue="daqiao-sports-tourism-route",
            sports=("cycling",),
            summary="沿大桥乡体育旅游精品线路设男子、女子和大众组。",
            organiser="云南省自行车运动协会、会泽县教育体育局",
            plan_year=2023,
        ),
        EventSpec(
            slug="demo-2024-national-highland-trail-race",
            title="2024中国·会泽大海草山高原越野跑挑战赛",
            tier=Tier.NATIONAL,
            start=at(date(2024, 7, 6), 7),
            end=at(date(2024, 7, 7), 18),
            township="dahai",
            place=DAHAI_MEADOW,
            sports=("running", "hiking"),
            summary="中国田径协会认证的高原越野跑赛事，设50公里、25公里和10公里组，引进的全国性品牌赛事。",
            organiser="中国田径协会、会泽县人民政府",
            registration=REGISTER_ONLINE,
            plan_year=2024,
        ),
        EventSpec(
            slug="demo-2025-provincial-mountaineering",
            title="2025年云南省全民健身登山大会（会泽站）",
            tier=Tier.PROVINCIAL,
            start=at(date(2025, 10, 11), 8),
            end=at(date(2025, 10, 11), 15),
            township="yulu",
            venue="yulu-dadifeng-gorge-trail",
            sports=("hiking", "walking"),
            summary="沿雨碌大地缝峡谷步道登山健身，全省各州市代表队和市民参加。",
            organiser="云南省体育局、会泽县人民政府",
            registration=REGISTER_ONLINE,
            plan_year=2025,
        ),
    ]
    return specs


def programme_year_events(year, first_year):
    """One year of the two-year programme: every season, many townships, every tier."""
    y = year
    n = _ordinal(year, 2022)  # editions of the 大海草山 festival
    w = _ordinal(year, 2024)  # editions of the 以礼河 festival
    ski = nth_weekday(y, 1, FRIDAY, -1)
    water = nth_weekday(y, 7, FRIDAY, 3)
    school_basketball = nth_weekday(y, 5, FRIDAY, 2)
    athletics = nth_weekday(y, 4, FRIDAY, 3)
    climb = nth_weekday(y, 4, SATURDAY, 2)
    gorge = nth_weekday(y, 5, SATURDAY, 1)
    football = nth_weekday(y, 10, SATURDAY, 2)
    return [
        # Winter (January, February, December)
        EventSpec(
            slug=f"demo-{y}-new-year-walk",
            title=f"{y}年元旦迎新健步走",
            tier=Tier.COUNTY,
            start=at(date(y, 1, 1), 9),
            end=at(date(y, 1, 1), 12),
            township="baoyun",
            venue="manhai-park-fitness-camp",
            sports=("walking",),
            summary="蔓海公园环湖6公里健步走，迎接新年。",
            registration=REGISTER_ON_SITE,
        ),
        EventSpec(
            slug=f"demo-{y}-dahai-ski-festival",
            title=f"第{n}届大海草山滑雪露营节",
            tier=Tier.SIGNATURE,
            start=whole(ski),
            end=whole(ski + timedelta(days=2)),
            all_day=True,
            township="dahai",
            venue="dahai-caoshan-ski-ground",
            sports=("skiing", "camping"),
            summary="大众滑雪体验、青少年滑雪比赛和雪地露营，高海拔地区请注意防寒。",
            registration=REGISTER_ONLINE,
        ),
        EventSpec(
            slug=f"demo-{y}-spring-festival-basketball-nagu",
            title=f"{y}年娜姑镇春节农民篮球赛",
            tier=Tier.COUNTY,
            start=whole(date(y, 2, 10)),
            end=whole(date(y, 2, 12)),
            all_day=True,
            township="nagu",
            place=square("nagu"),
            sports=("basketball",),
            summary="各村代表队参加的春节篮球赛，白天小组赛，最后一天决赛。",
            organiser="娜姑镇人民政府",
            registration="<p>各村委会组队，报名到镇文化站。</p>",
        ),
        EventSpec(
            slug=f"demo-{y}-winter-run-zhehai",
            title=f"{y}年者海镇冬季长跑",
            tier=Tier.COUNTY,
            start=at(date(y, 12, 12), 9),
            end=at(date(y, 12, 12), 11, 30),
            township="zhehai",
            place=square("zhehai"),
            sports=("running",),
            summary="5公里和10公里两个组别，完赛发纪念奖牌。",
            organiser="者海镇人民政府",
            registration=REGISTER_ONLINE,
        ),
        EventSpec(
            slug=f"demo-{y}-school-winter-run",
            title=f"会泽县{y}年中小学生冬季长跑比赛",
            tier=Tier.SCHOOL,
            start=at(date(y, 12, 18), 9),
            end=at(date(y, 12, 18), 12),
            township="zhongping",
            venue="huize-stadium",
            sports=("running",),
            summary="“阳光体育”冬季长跑，各校选派代表队。",
            registration=REGISTER_SCHOOLS,
        ),
        # Spring (March to May)
        EventSpec(
            slug=f"demo-{y}-school-athletics",
            title=f"会泽县{y}年中小学生田径运动会",
            tier=Tier.SCHOOL,
            start=whole(athletics),
            end=whole(athletics + timedelta(days=2)),
            all_day=True,
            township="zhongping",
            venue="huize-stadium",
            sports=("athletics", "running"),
            summary="全县中小学代表队参加的田径运动会，分小学、初中、高中三个组别。",
            registration=REGISTER_SCHOOLS,
        ),
        EventSpec(
            slug=f"demo-{y}-daqiao-climbing-festival",
            title=f"{y}年大桥乡全民健身登山节",
            tier=Tier.COUNTY,
            start=at(climb, 8),
            end=at(climb, 16),
            township="daqiao",
            venue="daqiao-sports-tourism-route",
            sports=("hiking",),
            summary="沿大桥乡体育旅游精品线路登山，设12公里和5公里两条线路。",
            organiser="大桥乡人民政府",
            registration=REGISTER_ONLINE,
        ),
        EventSpec(
            slug=f"demo-{y}-school-basketball-league",
            title=f"会泽县{y}年中小学生篮球联赛",
            tier=Tier.SCHOOL,
            start=whole(school_basketball),
            end=whole(school_basketball + timedelta(days=2)),
            all_day=True,
            township="zhongping",
            venue="donglu-high-gymnasium",
            sports=("basketball",),
            summary="初中组和高中组男女篮球联赛，在东陆高中体育馆进行。",
            registration=REGISTER_SCHOOLS,
        ),
        EventSpec(
            slug=f"demo-{y}-dadifeng-hike",
            title=f"{y}年雨碌大地缝徒步大会",
            tier=Tier.COUNTY,
            start=at(gorge, 8, 30),
            end=at(gorge, 15),
            township="yulu",
            venue="yulu-dadifeng-gorge-trail",
            sports=("hiking",),
            summary="10公里峡谷徒步，雨天顺延以当日公告为准。",
            organiser="雨碌乡人民政府",
            registration=REGISTER_ONLINE,
        ),
        # Summer (June to August)
        EventSpec(
            slug=f"demo-{y}-yilihe-water-festival",
            title=f"第{w}届以礼河水上运动节",
            tier=Tier.SIGNATURE,
            start=whole(water),
            end=whole(water + timedelta(days=2)),
            all_day=True,
            township="yili",
            place=YILIHE,
            sports=("rafting", "cycling", "walking"),
            summary="以礼河漂流赛、沿河骑行和健步走，终点设在小菜园。",
            registration=REGISTER_ONLINE,
        ),
        EventSpec(
            slug=f"demo-{y}-huohong-torch-wrestling",
            title=f"{y}年火红乡火把节彝族摔跤比赛",
            tier=Tier.COUNTY,
            start=at(date(y, 7, 28), 14),
            end=at(date(y, 7, 28), 18),
            township="huohong",
            place=square("huohong"),
            sports=("martial-arts",),
            summary="火把节期间的彝族传统摔跤比赛，按体重分组。",
            organiser="火红乡人民政府",
            registration="<p>现场报名，须年满16周岁。</p>",
        ),
        EventSpec(
            slug=f"demo-{y}-fitness-day",
            title=f"{y}年“全民健身日”主题活动",
            tier=Tier.COUNTY,
            start=at(date(y, 8, 8), 8),
            end=at(date(y, 8, 8), 11, 30),
            township="baoyun",
            venue="manhai-park-fitness-camp",
            sports=("fitness", "square-dance", "tai-chi"),
            summary="环湖健步走、广场舞和太极拳展示，市民免费参加。",
            registration=REGISTER_ON_SITE,
        ),
        EventSpec(
            slug=f"demo-{y}-dahai-camping-meet",
            title=f"{y}年大海草山高原露营大会",
            tier=Tier.COUNTY,
            start=whole(date(y, 8, 14)),
            end=whole(date(y, 8, 15)),
            all_day=True,
            township="dahai",
            venue="dahai-caoshan-campground",
            sports=("camping", "hiking"),
            summary="草甸露营、观星和亲子徒步，营位有限，须提前预约。",
            organiser="大海乡人民政府",
            registration=REGISTER_ONLINE,
        ),
        # Autumn (September to November)
        EventSpec(
            slug=f"demo-{y}-harvest-games-yiche",
            title=f"{y}年迤车镇农民丰收节趣味运动会",
            tier=Tier.COUNTY,
            start=at(date(y, 9, 23), 9),
            end=at(date(y, 9, 23), 16),
            township="yiche",
            place=square("yiche"),
            sports=("fitness",),
            summary="背玉米接力、拔河、趣味跳绳，庆祝中国农民丰收节。",
            organiser="迤车镇人民政府",
            registration=REGISTER_ON_SITE,
        ),
        EventSpec(
            slug=f"demo-{y}-elders-gateball",
            title=f"{y}年重阳节老年人门球赛",
            tier=Tier.COUNTY,
            start=at(date(y, 10, 16), 9),
            end=at(date(y, 10, 16), 16),
            township="gucheng",
            place=square("gucheng"),
            sports=("gateball",),
            summary="各乡镇（街道）老年门球队参加的重阳节门球赛。",
            organiser="会泽县老年人体育协会",
            registration="<p>以乡镇（街道）为单位报名。</p>",
        ),
        EventSpec(
            slug=f"demo-{y}-xinjie-ethnic-games",
            title=f"{y}年新街回族乡民族传统体育运动会",
            tier=Tier.COUNTY,
            start=whole(date(y, 10, 20)),
            end=whole(date(y, 10, 21)),
            all_day=True,
            township="xinjie",
            place=square("xinjie"),
            sports=("martial-arts", "running"),
            summary="武术、押加和民族传统项目展示与比赛。",
            organiser="新街回族乡人民政府",
            registration=REGISTER_ON_SITE,
        ),
        EventSpec(
            slug=f"demo-{y}-school-football-league",
            title=f"会泽县{y}年校园足球联赛",
            tier=Tier.SCHOOL,
            start=at(football, 9),
            end=at(football, 12),
            township="zhongping",
            venue="huize-stadium",
            sports=("football",),
            summary="小学组和初中组校园足球联赛，每两周一个比赛日。",
            registration=REGISTER_SCHOOLS,
            repeat=Repeat.WEEKLY,
            interval=2,
            count=4,
        ),
    ]


def _special_events(first_year):
    """Provincial events, the cancelled and the postponed event, the recurring classes."""
    y1, y2 = first_year, first_year + 1
    taiji_first = nth_weekday(y2, 3, SATURDAY, 1)
    taiji_until = nth_weekday(y2, 6, SATURDAY, -1)
    taiji_off = nth_weekday(y2, 5, SATURDAY, 1)  # the Labour Day holiday
    taiji_moved = nth_weekday(y2, 6, SATURDAY, 2)
    walk_first = nth_weekday(y2, 4, SUNDAY, 1)
    return [
        EventSpec(
            slug=f"demo-{y1}-provincial-youth-athletics",
            title=f"{y1}年云南省青少年高原田径邀请赛",
            tier=Tier.PROVINCIAL,
            start=whole(date(y1, 7, 21)),
            end=whole(date(y1, 7, 23)),
            all_day=True,
            township="yili",
            venue="national-high-altitude-training-base",
            sports=("athletics",),
            summary="全省青少年中长跑选手在国家高原训练基地比赛。",
            organiser="云南省体育局",
        ),
        EventSpec(
            slug=f"demo-{y2}-provincial-mountaineering",
            title=f"{y2}年云南省全民健身登山大会（会泽站）",
            tier=Tier.PROVINCIAL,
            start=at(nth_weekday(y2, 9, SATURDAY, 3), 8),
            end=at(nth_weekday(y2, 9, SATURDAY, 3), 15),
            township="dahai",
            place=DAHAI_MEADOW,
            sports=("hiking",),
            summary="登大海草山，全省各州市代表队和市民参加。",
            organiser="云南省体育局、会泽县人民政府",
            registration=REGISTER_ONLINE,
        ),
        EventSpec(
            slug=f"demo-{y1}-city-cycling-race",
            title=f"{y1}年会泽环城自行车赛",
            tier=Tier.COUNTY,
            start=at(date(y1, 9, 26), 9),
            end=at(date(y1, 9, 26), 12),
            township="jinzhong",
            place=square("jinzhong"),
            sports=("cycling",),
            summary="环绕县城的公路自行车赛。",
            status=Status.CANCELLED,
            status_note="因城区道路改造，本届比赛取消，已报名的选手将收到短信通知。",
        ),
        EventSpec(
            slug=f"demo-{y2}-elders-qigong-show",
            title=f"{y2}年老年人健身气功展演",
            tier=Tier.COUNTY,
            start=at(date(y2, 5, 20), 9),
            end=at(date(y2, 5, 20), 11, 30),
            township="zhongping",
            venue="huize-gymnasium",
            sports=("tai-chi",),
            summary="各乡镇（街道）老年健身气功队展演。",
            status=Status.POSTPONED,
            status_note="因县体育馆维修延期，新日期另行通知。",
        ),
        EventSpec(
            slug=f"demo-{y2}-manhai-taiji-class",
            title="蔓海公园周末太极拳公益课",
            tier=Tier.COUNTY,
            start=at(taiji_first, 7, 30),
            end=at(taiji_first, 9),
            township="baoyun",
            venue="manhai-park-fitness-camp",
            sports=("tai-chi",),
            summary="每周六早上的免费太极拳课，社会体育指导员带练，初学者欢迎。",
            organiser="会泽县社会体育指导员协会",
            registration=REGISTER_ON_SITE,
            repeat=Repeat.WEEKLY,
            until=taiji_until,
            changes=(
                (taiji_off, ChangeAction.CANCEL, None, None, "劳动节假期停课一次"),
                (
                    taiji_moved,
                    ChangeAction.MOVE,
                    at(taiji_moved + timedelta(days=1), 7, 30),
                    at(taiji_moved + timedelta(days=1), 9),
                    "周六场地借用，改到周日",
                ),
            ),
        ),
        EventSpec(
            slug=f"demo-{y2}-yilihe-monthly-walk",
            title="以礼河健身休闲带每月健步走",
            tier=Tier.COUNTY,
            start=at(walk_first, 8),
            end=at(walk_first, 10),
            township="yili",
            venue="yilihe-fitness-belt",
            sports=("walking", "running"),
            summary="每月第一个周日沿以礼河健步走，8公里，自带饮水。",
            organiser="以礼街道文化体育服务中心",
            registration=REGISTER_ON_SITE,
            repeat=Repeat.MONTHLY_WEEKDAY,
            count=6,
        ),
    ]


def programme_years(today):
    first = max(today.year, FIRST_PROGRAMME_YEAR)
    return first, first + 1


def plan_events(today):
    """Every demo event, for the programme that starts in the year of `today` (≥ 2026)."""
    first, second = programme_years(today)
    specs = plan_history()
    for year in (first, second):
        specs += programme_year_events(year, first)
    specs += _special_events(first)
    return specs


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def ensure_calendar(stats):
    """The calendar page at /events/ (the migration makes it; put it back if it was deleted)."""
    from wagtail.models import Site

    calendar = EventCalendarPage.objects.first()
    if calendar is not None:
        stats.record("event calendar", "unchanged")
        return calendar
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    home = site.root_page.specific
    if home.get_children().filter(slug=CALENDAR_SLUG).exists():
        return None  # /events/ is another page; leave it to the editors
    calendar = EventCalendarPage(
        title="赛事活动",
        slug=CALENDAR_SLUG,
        introduction="会泽县各级体育赛事和全民健身活动，可按级别、项目、乡镇和日期查找，并可订阅到手机日历。",
    )
    home.add_child(instance=calendar)
    calendar.save_revision().publish()
    stats.record("event calendar", "created", calendar)
    return calendar


def _values(spec, ctx):
    venue = ctx["venues"].get(spec.venue) if spec.venue else None
    if spec.venue and venue is None:
        raise LookupError(f"demo venue {spec.venue!r} is missing: seed the registry first")
    place = spec.place or ("", None, None)
    return {
        "title": spec.title,
        "draft_title": spec.title,
        "summary": f"{spec.summary}{DEMO_SUMMARY_NOTE}",
        "tier": spec.tier,
        "counts_towards_plan": spec.plan_year is not None,
        "plan_year": spec.plan_year,
        "start": spec.start,
        "end": spec.end,
        "all_day": spec.all_day,
        "repeat": spec.repeat,
        "repeat_interval": spec.interval,
        "repeat_until": spec.until,
        "repeat_count": spec.count,
        "status": spec.status,
        "status_note": spec.status_note,
        "venue_id": venue.pk if venue else None,
        "location_name": place[0],
        "latitude": place[1],
        "longitude": place[2],
        "township_id": ctx["townships"][spec.township].pk,
        "organiser": spec.organiser,
        "registration": spec.registration,
        "is_demo": True,
    }


def _changes(spec):
    return [
        (original, action, new_start, new_end, note)
        for original, action, new_start, new_end, note in spec.changes
    ]


def _stored_changes(page):
    return [
        (c.original_date, c.action, c.new_start, c.new_end, c.note)
        for c in page.occurrence_changes.order_by("sort_order", "pk")
    ]


def _apply(page, spec, values, ctx):
    for name, value in values.items():
        setattr(page, name, value)
    page.sports = [ctx["sports"][slug] for slug in spec.sports if slug in ctx["sports"]]
    page.occurrence_changes = [
        EventOccurrenceChange(
            original_date=original,
            action=action,
            new_start=new_start,
            new_end=new_end,
            note=note,
            sort_order=index,
        )
        for index, (original, action, new_start, new_end, note) in enumerate(_changes(spec))
    ]


def seed_event(spec, calendar, ctx, stats):
    values = _values(spec, ctx)
    sport_ids = {ctx["sports"][slug].pk for slug in spec.sports if slug in ctx["sports"]}
    page = EventPage.objects.child_of(calendar).filter(slug=spec.slug).first()
    if page is None:
        page = EventPage(slug=spec.slug, live=False)
        _apply(page, spec, values, ctx)
        calendar.add_child(instance=page)
        revision = page.save_revision()
        log(instance=page, action="wagtail.create", revision=revision, content_changed=True)
        revision.publish()
        stats.record("events", "created", page)
        return page
    changed = any(getattr(page, name) != value for name, value in values.items())
    changed |= set(page.sports.values_list("pk", flat=True)) != sport_ids
    changed |= _stored_changes(page) != _changes(spec)
    changed |= not page.live
    if not changed:
        stats.record("events", "unchanged")
        return page
    _apply(page, spec, values, ctx)
    page.save_revision(log_action=True).publish()
    stats.record("events", "updated", page)
    return page


def seed_events(stats, today=None):
    """Write the demo programme; returns the number of demo events."""
    calendar = ensure_calendar(stats)
    if calendar is None:
        return 0
    specs = plan_events(today or timezone.localdate())
    ctx = {
        "townships": {
            row.slug: Township.objects.get(code=row.official_code) for row in county_data.TOWNSHIPS
        },
        "sports": {sport.slug: sport for sport in Sport.objects.all()},
        "venues": {
            facility.slug: facility
            for facility in Facility.objects.filter(
                slug__in={spec.venue for spec in specs if spec.venue}
            )
        },
    }
    for spec in specs:
        seed_event(spec, calendar, ctx, stats)
    return len(specs)


def demo_event_count():
    return EventPage.objects.filter(is_demo=True).count()
