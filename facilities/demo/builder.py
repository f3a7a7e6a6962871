"""Builds the demo county: plan everything from the tables first, then write it idempotently.

`plan_demo()` is pure: it turns the tables in `data.py` and one `random.Random(20211226)` into
specs, so the same demo comes out on every run whatever is already in the database. `seed_demo()`
writes the plan inside one transaction, keyed on natural keys (township code, community name in
its township, school name, sport slug, venue slug, unit name in its venue, username, group name),
and only saves what differs, so a second run creates, changes and publishes nothing.
"""

import hashlib
import io
import random
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    ReferenceIndex,
    Site,
)
from wagtail.signal_handlers import disable_reference_index_auto_update

from events.demo import demo_event_count, seed_events

from ..models import (
    BookableUnit,
    Community,
    Facility,
    FacilityPhoto,
    School,
    Sport,
    Township,
    TownshipPopulation,
)
from ..surveys.models import ExerciseResponse, PhysiqueResult
from . import data
from .hours import seed_opening_hours
from .pictures import caption_for, draw_picture
from .surveys import plan_exercise, plan_physique, seed_surveys

EDITORS_GROUP = "Bureau editors"
MANAGER_GROUP_SUFFIX = " 场地管理员"

# Bookable when open to the public: courts, lanes, pitches and halls (not paths, trails, camps).
PUBLIC_BOOKABLE_KINDS = {
    "basketball_hall",
    "multi_purpose_hall",
    "fitness_centre",
    "pool_indoor",
    "pool_outdoor",
    "tennis",
    "badminton",
    "table_tennis",
    "football_5",
    "football_7",
    "football_11",
    "physique_test_centre",
}
SCHOOL_BOOKABLE_KINDS = PUBLIC_BOOKABLE_KINDS | {
    "athletics_track",
    "athletics_other",
    "basketball_outdoor",
    "volleyball",
}
# Schools whose venues are written out in full in data.PLACES.
SCHOOLS_WITH_PLACES = {"donglu-high", "sports-school"}


# ---------------------------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------------------------


@dataclass
class CommunitySpec:
    township: str  # township slug
    name: str
    slug: str
    kind: str
    population: int
    latitude: float
    longitude: float


@dataclass
class FacilitySpec:
    slug: str
    name: str
    kind: str
    township: str  # township slug
    community: str | None  # community slug in that township
    school: str | None  # school slug
    values: dict  # plain field values (no relations)
    sports: tuple
    units: tuple = ()
    picture_seed: int = 0


@dataclass
class DemoPlan:
    populations: dict = field(default_factory=dict)  # township slug -> {year: population}
    communities: list = field(default_factory=list)
    facilities: list = field(default_factory=list)
    exercise: dict = field(default_factory=dict)  # (year, code) -> field values
    physique: dict = field(default_factory=dict)


def _clamp(value, bounds):
    return min(max(value, bounds[0]), bounds[1])


def _point(rng, lat, lon, spread_lat, spread_lon):
    return (
        round(_clamp(lat + rng.uniform(-spread_lat, spread_lat), data.LAT_RANGE), 6),
        round(_clamp(lon + rng.uniform(-spread_lon, spread_lon), data.LON_RANGE), 6),
    )


def _date(rng, first_year, last_year):
    return date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def _area(rng, bounds, step=10):
    low, high = bounds
    if not high:
        return Decimal("0")
    return Decimal(rng.randint(low // step, high // step) * step)


def _phone(rng):
    return f"0874-5{rng.randint(100000, 999999)}"


def _picture_seed(slug):
    return data.RANDOM_SEED ^ zlib.crc32(slug.encode())


def _describe(*paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs if p)
    return f"{body}<p>{data.DEMO_NOTE}</p>"


def plan_populations(rng):
    populations = {}
    for row in data.TOWNSHIPS:
        years = {2020: row.population}
        value = row.population
        for year in data.POPULATION_YEARS:
            rate = rng.uniform(0.006, 0.016) if row.is_urban else rng.uniform(-0.009, -0.002)
            value = round(value * (1 + rate))
            years[year] = value
        populations[row.slug] = years
    return populations


def plan_communities(rng):
    specs = []
    for row in data.TOWNSHIPS:
        for index, (name, slug) in enumerate(row.communities):
            if row.is_urban:
                population = round(row.population * rng.uniform(0.12, 0.2), -1)
                lat, lon = _point(rng, row.lat, row.lon, 0.012, 0.014)
            else:
                population = rng.randint(150, 420) * 10
                spread = (0.004, 0.004) if index == 0 else (0.055, 0.065)
                lat, lon = _point(rng, row.lat, row.lon, *spread)
            kind = "community" if row.is_urban else "village"
            specs.append(CommunitySpec(row.slug, name, slug, kind, int(population), lat, lon))
    for township, name, slug, population, lat, lon, _square in data.RESETTLEMENT_COMMUNITIES:
        specs.append(CommunitySpec(township, name, slug, "community", population, lat, lon))
    return specs


class _FacilityPlanner:
    """Turns townships, communities and schools into venue specs, one rng for all of them."""

    def __init__(self, rng, communities):
        self.rng = rng
        self.townships = {row.slug: row for row in data.TOWNSHIPS}
        self.communities = {(c.township, c.slug): c for c in communities}
        self.schools_by_slug = {s.slug: s for s in data.SCHOOLS}
        self.specs = []

    def add(
        self,
        *,
        slug,
        name,
        kind,
        township,
        community,
        school=None,
        sports=None,
        units=(),
        description="",
        owner_type,
        lat,
        lon,
        **overrides,
    ):
        rng = self.rng
        profile = data.KIND_PROFILES[kind]
        playing = overrides.pop("playing_area", None) or _area(rng, profile.playing)
        building = overrides.pop("building_area", None)
        if building is None:
            building = _area(rng, profile.building)
        land = overrides.pop("land_area", None)
        if land is None:
            low, high = profile.land_factor
            land = (
                (playing * Decimal(str(round(rng.uniform(low, high), 2)))).quantize(Decimal("10"))
                if high
                else Decimal("0")
            )
        values = {
            "name": name,
            "kind": kind,
            "owner_type": owner_type,
            "address": self.address(township, community, school),
            "latitude": lat,
            "longitude": lon,
            "playing_area": Decimal(playing),
            "building_area": Decimal(building),
            "land_area": Decimal(land),
            "setting": profile.setting,
            "status": "open",
            "opened_on": None,
            "closed_on": None,
            "open_to_public": True,
            "fee_policy": "free",
            "price": None,
            "concessions": "",
            "step_free": False,
            "accessible_toilet": False,
            "accessible_parking": False,
            "accessibility_notes": "",
            "contact_name": "",
            "contact_phone": "",
            "description": description,
            "is_demo": True,
        }
        values.update(overrides)
        if values["fee_policy"] != "free" and values["concessions"] == "":
            values["concessions"] = data.HALF_PRICE
        if units is None:
            units = self.default_units(kind, values, school)
        elif units:
            units = tuple(self.priced(u, values) for u in units)
        spec = FacilitySpec(
            slug=slug,
            name=name,
            kind=kind,
            township=township,
            community=community,
            school=school,
            values=values,
            sports=tuple(sports or profile.sports),
            units=units,
            picture_seed=_picture_seed(slug),
        )
        self.specs.append(spec)
        return spec

    def address(self, township, community, school):
        row = self.townships[township]
        place = f"云南省曲靖市会泽县{row.name}"
        if community:
            place += self.communities[(township, community)].name
        if school:
            place += f" {self.schools_by_slug[school].name}校内"
        return place

    @staticmethod
    def priced(unit, values):
        if values["fee_policy"] == "free":
            return data.UnitRow(unit.name, unit.sport, unit.capacity, unit.slot_minutes)
        return unit

    def default_units(self, kind, values, school):
        bookable = SCHOOL_BOOKABLE_KINDS if school else PUBLIC_BOOKABLE_KINDS
        if kind not in bookable or values["status"] != "open" or not values["open_to_public"]:
            return ()
        units = data.KIND_PROFILES[kind].units
        if values["fee_policy"] == "low":
            units = tuple(
                data.UnitRow(u.name, u.sport, u.capacity, u.slot_minutes, u.price or Decimal("5"))
                for u in units
            )
        return tuple(self.priced(u, values) for u in units)

    def near(self, township, community, spread=0.0018):
        c = self.communities[(township, community)]
        return _point(self.rng, c.latitude, c.longitude, spread, spread)

    # --- the kinds of venue the county has ------------------------------------------------------

    def plan(self):
        for place in data.PLACES:
            self.place(place)
        for row in data.TOWNSHIPS:
            self.community_sites(row)
            self.township_sites(row)
        for school in data.SCHOOLS:
            if school.slug not in SCHOOLS_WITH_PLACES:
                self.school_sites(school)
        self.resettlement_squares()  # last, so the venues above keep their random draws
        return self.specs

    def place(self, p):
        overrides = {
            "setting": p.setting,
            "status": p.status,
            "opened_on": p.opened_on,
            "closed_on": p.closed_on,
            "open_to_public": p.open_to_public,
            "fee_policy": p.fee_policy,
            "price": p.price,
            "step_free": p.step_free,
            "accessible_toilet": p.accessible_toilet,
            "accessible_parking": p.accessible_parking,
            "accessibility_notes": p.accessibility_notes,
            "contact_name": p.contact_name,
            "contact_phone": p.contact_phone,
            "playing_area": Decimal(p.playing),
            "building_area": Decimal(p.building),
            "land_area": Decimal(p.land),
            **p.extra,
        }
        self.add(
            slug=p.slug,
            name=p.name,
            kind=p.kind,
            township=p.township,
            community=p.community,
            school=p.school,
            sports=p.sports,
            units=p.units,
            description=f"{p.description}<p>{data.DEMO_NOTE}</p>",
            owner_type=p.owner_type,
            lat=p.lat,
            lon=p.lon,
            **overrides,
        )

    def community_sites(self, row):
        rng = self.rng
        for index, (cname, cslug) in enumerate(row.communities):
            if row.is_urban:
                kinds = ["fitness_path"]
                if rng.random() < 0.4:
                    kinds.append("basketball_3x3")
            elif index == 0:
                kinds = ["fitness_path", "basketball_outdoor"]
            else:
                roll = rng.random()
                kinds = (
                    ["basketball_outdoor"]
                    if roll < 0.5
                    else ["fitness_path"]
                    if roll < 0.92
                    else []  # a village still without a public sports ground
                )
            owner = "residents_committee" if row.is_urban else "village_committee"
            committee = f"{cname}居委会" if row.is_urban else f"{cname}委会"
            for kind in kinds:
                lat, lon = self.near(row.slug, cslug)
                if kind == "fitness_path":
                    devices = rng.randint(8, 20)
                    name = f"{cname}{'健身广场' if row.is_urban else '全民健身路径'}"
                    slug = f"{row.slug}-{cslug}-fitness-path"
                    text = (
                        f"{cname}居民家门口的全民健身路径，配有{devices}件健身器材（单杠、双杠、"
                        "太空漫步机、扭腰器等），全天免费开放，早晚常有广场舞和太极拳活动。"
                    )
                    opened = _date(rng, 2010, 2024)
                elif kind == "basketball_3x3":
                    name = f"{cname}三人篮球场"
                    slug = f"{row.slug}-{cslug}-basketball-3x3"
                    text = "社区里的三人制篮球场，塑胶地面，夜间有路灯照明。"
                    opened = _date(rng, 2019, 2025)
                else:
                    courts = rng.choice((1, 1, 1, 2))
                    name = f"{cname}灯光篮球场"
                    slug = f"{row.slug}-{cslug}-basketball"
                    text = (
                        f"村里的灯光篮球场，{courts}片标准场地，晚上有照明，"
                        "农闲和节日常举办“村BA”篮球赛。"
                    )
                    opened = _date(rng, 2008, 2025)
                step_free = rng.random() < 0.45
                self.add(
                    slug=slug,
                    name=name,
                    kind=kind,
                    township=row.slug,
                    community=cslug,
                    description=_describe(text),
                    owner_type=owner,
                    lat=lat,
                    lon=lon,
                    opened_on=opened,
                    step_free=step_free,
                    contact_name=committee,
                    contact_phone=_phone(rng),
                    **(
                        {"playing_area": Decimal(courts * 600 + rng.randint(0, 8) * 10)}
                        if kind == "basketball_outdoor"
                        else {}
                    ),
                )

    def township_sites(self, row):
        rng = self.rng
        seat_slug = row.communities[0][1]
        station = f"{row.name}综合文化站"
        if row.slug not in data.TOWNSHIPS_WITHOUT_FITNESS_CENTRE:
            planned = row.slug in data.TOWNSHIPS_WITH_PLANNED_FITNESS_CENTRE
            lat, lon = self.near(row.slug, seat_slug, 0.003)
            fee = "low" if rng.random() < 0.4 else "free"
            self.add(
                slug=f"{row.slug}-fitness-centre",
                name=f"{row.name}全民健身中心",
                kind="fitness_centre",
                township=row.slug,
                community=seat_slug,
                units=None,
                description=_describe(
                    f"{row.name}的全民健身中心，室内设篮球、羽毛球、乒乓球场地和健身房，室外有"
                    "健身路径和门球场。" + ("正在建设中，预计2026年投入使用。" if planned else ""),
                    "周一闭馆维护，其余时间开放；节假日延长开放时间。" if not planned else "",
                ),
                owner_type="government",
                lat=lat,
                lon=lon,
                status="planned" if planned else "open",
                opened_on=None if planned else _date(rng, 2021, 2025),
                open_to_public=not planned,
                fee_policy="free" if planned else fee,
                price=Decimal("10.00") if fee == "low" and not planned else None,
                step_free=True,
                accessible_toilet=True,
                accessible_parking=row.is_urban,
                accessibility_notes="一层设无障碍卫生间，入口有坡道",
                contact_name=station,
                contact_phone=_phone(rng),
            )
        if (
            row.slug not in data.TOWNSHIPS_WITHOUT_TRAIL
            and row.slug not in data.TOWNSHIPS_WITH_NAMED_TRAIL
        ):
            km = round(rng.uniform(1.8, 6.5), 1)
            width = rng.choice((2, 2.5, 3))
            playing = Decimal(round(km * 1000 * width, -1))
            lat, lon = self.near(row.slug, seat_slug, 0.006)
            self.add(
                slug=f"{row.slug}-fitness-trail",
                name=data.TRAIL_NAMES.get(row.slug, f"{row.name}健身步道"),
                kind="fitness_trail",
                township=row.slug,
                community=seat_slug,
                description=_describe(
                    f"全长约{km}公里、宽约{width}米的健身步道，沿途设休息座椅、"
                    "里程标识和安全提示牌，全天免费开放。"
                ),
                owner_type="government",
                lat=lat,
                lon=lon,
                playing_area=playing,
                opened_on=_date(rng, 2021, 2025),
                step_free=rng.random() < 0.5,
                contact_name=station,
                contact_phone=_phone(rng),
            )

    def resettlement_squares(self):
        rng = self.rng
        for township, cname, cslug, _pop, _lat, _lon, opened in data.RESETTLEMENT_COMMUNITIES:
            if opened is None:
                continue
            lat, lon = self.near(township, cslug)
            self.add(
                slug=f"{township}-{cslug}-fitness-path",
                name=f"{cname}健身广场",
                kind="fitness_path",
                township=township,
                community=cslug,
                description=_describe(
                    f"{cname}是易地扶贫搬迁安置社区，健身广场随社区配套设施建成，配有健身器材、"
                    "乒乓球台和广场舞场地，全天免费开放。"
                ),
                owner_type="residents_committee",
                lat=lat,
                lon=lon,
                opened_on=opened,
                step_free=True,
                contact_name=f"{cname}居委会",
                contact_phone=_phone(rng),
            )

    def school_sites(self, school):
        rng = self.rng
        sites = list(data.SCHOOL_SITES_BY_STAGE[school.stage])
        if school.stage in ("junior", "primary") and school.pupils < 1000:
            sites = [s.replace("athletics_track", "athletics_other") for s in sites]
        sites += data.LARGE_SCHOOL_SITES.get(school.slug, ())
        base = self.near(school.township, school.community, 0.0015)
        phone = _phone(rng)
        teacher = f"{school.short}体育组 {rng.choice(data.FAMILY_NAMES)}老师"
        for site in sites:
            kind = "volleyball" if site == "volleyball_2" else site
            lat = round(base[0] + rng.uniform(-0.0006, 0.0006), 6)
            lon = round(base[1] + rng.uniform(-0.0006, 0.0006), 6)
            overrides = {}
            if kind == "basketball_outdoor":
                courts = {"primary": (2, 4), "nine_year": (2, 4), "junior": (3, 6)}.get(
                    school.stage, (6, 10)
                )
                n = rng.randint(*courts)
                overrides["playing_area"] = Decimal(n * 608)
                text = f"{n}片室外篮球场，塑胶地面。"
            elif kind == "athletics_track":
                text = "400米标准塑胶跑道，内场为人造草足球场。"
            elif kind == "athletics_other":
                metres = rng.choice((200, 250, 300))
                text = f"{metres}米环形跑道和小型运动场。"
            else:
                text = f"{data.SITE_NAMES[site]}。"
            hall = kind in ("multi_purpose_hall", "table_tennis", "gym", "physique_test_centre")
            fee = "low" if hall and school.eligible and kind != "physique_test_centre" else "free"
            if school.eligible:
                opening = "课余时间和节假日向社会开放，实名预约，凭预约码入校。"
            else:
                opening = "运动区与教学区尚未分隔，暂不具备向社会开放的条件，仅供本校师生使用。"
            self.add(
                slug=f"{school.slug}-{data.SITE_SLUGS[site]}",
                name=f"{school.name}{data.SITE_NAMES[site]}",
                kind=kind,
                township=school.township,
                community=school.community,
                school=school.slug,
                units=None,
                description=_describe(f"{school.name}的{data.SITE_NAMES[site]}：{text}", opening),
                owner_type="school",
                lat=lat,
                lon=lon,
                opened_on=_date(rng, max(school.founded, 1995), 2024),
                open_to_public=school.eligible,
                fee_policy=fee,
                price=Decimal("10.00") if fee == "low" else None,
                step_free=hall or rng.random() < 0.4,
                accessible_toilet=hall and rng.random() < 0.6,
                contact_name=teacher,
                contact_phone=phone,
                **overrides,
            )


def plan_demo():
    """Everything the seed writes, computed from the tables and one seeded rng."""
    rng = random.Random(data.RANDOM_SEED)
    plan = DemoPlan()
    plan.populations = plan_populations(rng)
    plan.communities = plan_communities(rng)
    plan.facilities = _FacilityPlanner(rng, plan.communities).plan()
    plan.exercise = plan_exercise(plan.populations)
    plan.physique = plan_physique(plan.populations)
    return plan


# ---------------------------------------------------------------------------------------------
# Writing the plan
# ---------------------------------------------------------------------------------------------


class Stats:
    """Counts created / updated / deleted / unchanged rows per model, for the command's summary."""

    def __init__(self):
        self.created = Counter()
        self.updated = Counter()
        self.deleted = Counter()
        self.unchanged = Counter()
        self.touched = []  # rows written, for one reference-index update at the end

    def record(self, label, outcome, obj=None):
        getattr(self, outcome)[label] += 1
        if obj is not None and outcome != "unchanged":
            self.touched.append(obj)

    @property
    def changes(self):
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())


def _differs(obj, values):
    return {k for k, v in values.items() if getattr(obj, k) != v}


def upsert(model, lookup, values, stats, label=None):
    """get-or-create keyed on `lookup`; save only the fields that differ. Returns the row."""
    if label is None:
        with translation.override("en"):
            label = str(model._meta.verbose_name_plural)
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        stats.record(label, "created", obj)
        return obj
    changed = _differs(obj, values)
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save(update_fields=sorted(changed))
        stats.record(label, "updated", obj)
    else:
        stats.record(label, "unchanged")
    return obj


def seed_townships(plan, stats):
    townships = {}
    for row in data.TOWNSHIPS:
        township = upsert(
            Township,
            {"code": row.official_code},
            {"name": row.name, "kind": row.kind, "is_urban": row.is_urban, "is_demo": True},
            stats,
        )
        townships[row.slug] = township
        for year, population in plan.populations[row.slug].items():
            source = data.CENSUS_SOURCE if year == 2020 else data.YEARLY_SOURCE
            upsert(
                TownshipPopulation,
                {"township": township, "year": year},
                {"population": population, "source": source},
                stats,
            )
    return townships


def seed_communities(plan, townships, stats):
    communities = {}
    for spec in plan.communities:
        communities[(spec.township, spec.slug)] = upsert(
            Community,
            {"township": townships[spec.township], "name": spec.name},
            {
                "kind": spec.kind,
                "population": spec.population,
                "latitude": spec.latitude,
                "longitude": spec.longitude,
                "is_demo": True,
            },
            stats,
        )
    return communities


def seed_sports(stats):
    sports = {}
    for slug, name, name_en in data.SPORTS:
        existing = Sport.objects.filter(name=name).exclude(slug=slug).first()
        if existing is not None:
            # Someone already filed this sport under another slug: use theirs, change nothing.
            sports[slug] = existing
            stats.record("sports", "unchanged")
            continue
        sports[slug] = upsert(Sport, {"slug": slug}, {"name": name, "name_en": name_en}, stats)
    return sports


def seed_schools(townships, stats):
    return {
        row.slug: upsert(
            School,
            {"name": row.name},
            {
                "township_id": townships[row.township].pk,
                "stage": row.stage,
                "pupils": row.pupils,
                "eligible_for_opening": row.eligible,
                "is_demo": True,
            },
            stats,
        )
        for row in data.SCHOOLS
    }


class _Images:
    """One drawn picture per venue, found again by its content hash on later runs."""

    def __init__(self, stats):
        self.model = get_image_model()
        self.collection = Collection.get_first_root_node()
        self.stats = stats

    def get(self, spec):
        content = draw_picture(spec.kind, spec.picture_seed)
        digest = hashlib.sha1(content).hexdigest()  # noqa: S324 - Wagtail's own file hash
        image = self.model.objects.filter(file_hash=digest).first()
        if image is not None:
            self.stats.record("images", "unchanged")
            return image
        image = self.model(
            title=f"{spec.name}（演示图片）",
            file=ImageFile(io.BytesIO(content), name=f"demo-{spec.slug}.jpg"),
            collection=self.collection,
            file_size=len(content),
            file_hash=digest,
        )
        image.save()
        self.stats.record("images", "created", image)
        return image


def _facility_values(spec, townships, communities, schools):
    values = dict(spec.values)
    values["township_id"] = townships[spec.township].pk
    values["community_id"] = (
        communities[(spec.township, spec.community)].pk if spec.community else None
    )
    values["school_id"] = schools[spec.school].pk if spec.school else None
    return values


def seed_facility(spec, ctx, stats):
    """Create or update one venue and publish it, so it is live with a revision."""
    values = _facility_values(spec, ctx["townships"], ctx["communities"], ctx["schools"])
    sport_ids = {ctx["sports"][slug].pk for slug in spec.sports}
    facility = Facility.objects.filter(slug=spec.slug).first()
    created = facility is None
    if created:
        facility = Facility(slug=spec.slug, live=False, **values)
        changed = True
    else:
        changed = bool(_differs(facility, values))
        for name, value in values.items():
            setattr(facility, name, value)
        changed |= set(facility.sports.values_list("pk", flat=True)) != sport_ids
        changed |= not facility.live or facility.latest_revision_id is None
    if created or not facility.photos.exists():
        image = ctx["images"].get(spec)
        facility.photos.add(
            FacilityPhoto(image=image, caption=caption_for(spec.kind, spec.name), sort_order=0)
        )
        changed = True
    if not changed:
        stats.record("venues", "unchanged")
        return facility
    facility.sports.set([ctx["sports"][slug] for slug in sorted(set(spec.sports))])
    facility.save()  # save_revision() below runs full_clean() inside the transaction
    revision = facility.save_revision(log_action=not created)
    if created:
        log(instance=facility, action="wagtail.create", revision=revision, content_changed=True)
    revision.publish()
    stats.record("venues", "created" if created else "updated", facility)
    return facility


def seed_units(spec, facility, sports, stats):
    for unit in spec.units:
        upsert(
            BookableUnit,
            {"facility": facility, "name": unit.name},
            {
                "sport_id": sports[unit.sport].pk if unit.sport else None,
                "capacity": unit.capacity,
                "slot_minutes": unit.slot_minutes,
                "price": unit.price,
                "is_active": True,
            },
            stats,
        )


def _perms(*names):
    """Permission rows for "app_label.codename" names; fails loudly when one is missing."""
    found = {}
    for name in names:
        app_label, codename = name.split(".")
        found[name] = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return list(found.values())


def _grant(group, permissions, stats):
    missing = set(permissions) - set(group.permissions.all())
    if missing:
        group.permissions.add(*missing)
        stats.record("group permissions", "created")
    else:
        stats.record("group permissions", "unchanged")


def _grant_collection(group, codenames, stats):
    root = Collection.get_first_root_node()
    for codename in codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailimages", codename=codename
        )
        _, created = GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
        stats.record("image permissions", "created" if created else "unchanged")


def _group(name, stats):
    group, created = Group.objects.get_or_create(name=name)
    stats.record("groups", "created" if created else "unchanged")
    return group


def seed_groups(schools, stats):
    editors = _group(EDITORS_GROUP, stats)
    editor_perms = list(
        Permission.objects.filter(content_type__app_label="facilities").exclude(
            codename__startswith="manage_"
        )
    )
    editor_perms += _perms("facilities.manage_all_facilities", "wagtailadmin.access_admin")
    _grant(editors, editor_perms, stats)
    _grant_collection(editors, ("add_image", "change_image", "choose_image"), stats)
    # The bureau also publishes the CMS pages (news, events) under the site's home page.
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else Page.objects.filter(depth=2).first()
    if home is not None:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            _, created = GroupPagePermission.objects.get_or_create(
                group=editors, page=home, permission=permission
            )
            stats.record("page permissions", "created" if created else "unchanged")

    manager_perms = _perms(
        "wagtailadmin.access_admin",
        "facilities.add_facility",
        "facilities.change_facility",
        "facilities.view_facility",
        "facilities.publish_facility",
        "facilities.add_bookableunit",
        "facilities.change_bookableunit",
        "facilities.view_bookableunit",
        # Their units' weekly opening hours and dated closures (scoped to their schools).
        *(
            f"facilities.{action}_{model}"
            for model in ("openingrule", "hoursexception")
            for action in ("add", "change", "delete", "view")
        ),
    )
    groups = {"editors": editors}
    for username, school_slug in data.MANAGED_SCHOOLS:
        row = next(s for s in data.SCHOOLS if s.slug == school_slug)
        group = _group(f"{row.short}{MANAGER_GROUP_SUFFIX}", stats)
        _grant(group, manager_perms, stats)
        _grant_collection(group, ("add_image", "choose_image"), stats)
        school = schools[school_slug]
        if not school.manager_groups.filter(pk=group.pk).exists():
            school.manager_groups.add(group)
            stats.record("school managers", "created")
        else:
            stats.record("school managers", "unchanged")
        groups[username] = group
    return groups


def seed_users(groups, stats):
    User = get_user_model()
    users = {}
    for username, real_name, first_name, email, phone, group_key in data.DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            # The password is set once, when the account is made; later runs leave it alone.
            user = User.objects.create_user(
                username=username,
                email=email,
                password=data.DEMO_PASSWORD,
                first_name=first_name,
                real_name=real_name,
                phone=phone,
            )
            stats.record("users", "created")
        else:
            upsert(
                User,
                {"username": username},
                {"email": email, "first_name": first_name, "real_name": real_name, "phone": phone},
                stats,
                label="users",
            )
        if group_key and not user.groups.filter(pk=groups[group_key].pk).exists():
            user.groups.add(groups[group_key])
            stats.record("group memberships", "created")
        users[username] = user
    return users


def seed_demo(progress=None):
    """Write the demo county; returns the Stats. `progress(iterable, total)` wraps the venues."""
    plan = plan_demo()
    stats = Stats()
    # Wagtail refreshes its reference index on every save (several per published venue); do it
    # once per written row instead, at the end.
    with transaction.atomic(), disable_reference_index_auto_update():
        townships = seed_townships(plan, stats)
        communities = seed_communities(plan, townships, stats)
        sports = seed_sports(stats)
        schools = seed_schools(townships, stats)
        ctx = {
            "townships": townships,
            "communities": communities,
            "schools": schools,
            "sports": sports,
            "images": _Images(stats),
        }
        specs = plan.facilities
        iterable = progress(specs, len(specs)) if progress else specs
        for spec in iterable:
            facility = seed_facility(spec, ctx, stats)
            seed_units(spec, facility, sports, stats)
        demo_units = BookableUnit.objects.filter(facility__is_demo=True).select_related("facility")
        seed_opening_hours(demo_units, schools, upsert, stats)
        groups = seed_groups(schools, stats)
        seed_users(groups, stats)
        seed_site_shell(stats)
        seed_events(stats)
        seed_surveys(plan, townships, stats)
        for obj in stats.touched:
            if ReferenceIndex.is_indexed(type(obj)):
                ReferenceIndex.create_or_update_for_object(obj)
    return stats


def seed_site_shell(stats):
    """The footer's bureau details, so the demo site looks like the bureau's own."""
    from cms.models import FooterSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    footer = FooterSettings.for_site(site)
    values = data.FOOTER
    if _differs(footer, values):
        for name, value in values.items():
            setattr(footer, name, value)
        footer.save()
        stats.record("site settings", "updated")


def real_rows():
    """How many registry and survey rows are real data (the command refuses to mix demo in)."""
    return {
        "townships": Township.objects.filter(is_demo=False).count(),
        "venues": Facility.objects.filter(is_demo=False).count(),
        "survey responses": ExerciseResponse.objects.exclude(
            respondent_code__startswith=data.DEMO_CODE_PREFIX
        ).count(),
        "physique results": PhysiqueResult.objects.exclude(
            subject_code__startswith=data.DEMO_CODE_PREFIX
        ).count(),
    }


def demo_counts():
    """What the demo holds now, for the summary line and the tests."""
    return {
        "townships": Township.objects.filter(is_demo=True).count(),
        "communities": Community.objects.filter(is_demo=True).count(),
        "schools": School.objects.filter(is_demo=True).count(),
        "sports": Sport.objects.count(),
        "venues": Facility.objects.filter(is_demo=True).count(),
        "live venues": Facility.objects.filter(is_demo=True, live=True).count(),
        "bookable units": BookableUnit.objects.filter(facility__is_demo=True).count(),
        "photos": FacilityPhoto.objects.filter(facility__is_demo=True).count(),
        "events": demo_event_count(),
        "survey responses": ExerciseResponse.objects.filter(
            respondent_code__startswith=data.DEMO_CODE_PREFIX
        ).count(),
        "physique results": PhysiqueResult.objects.filter(
            subject_code__startswith=data.DEMO_CODE_PREFIX
        ).count(),
    }
