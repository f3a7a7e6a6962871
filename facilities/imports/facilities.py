"""Venues in the columns of the national sports-ground survey (全国体育场地调查), matched on the
survey's site code (场地编码).

Venues are published content with revisions: a new venue is created live with a first revision,
and a changed venue gets a new revision that is published, so the venue's history shows who
imported what and when. An unchanged venue gets no revision. Columns left out of the file keep
their values; a column in the file with an empty cell clears the value (or sets the default).

Venues entered by hand have no survey code, so a row is not matched with them. Rather than add
such a venue a second time, a row that would create a venue is refused while the registry has a
venue without a survey code of the same name in the same township, or of the same kind within
20 m: the editor puts the survey code on that venue first (the Survey code field of the venue's
edit page), and the row then updates it. Matching it silently instead could overwrite the wrong
venue, since courts of one kind often lie side by side.
"""

import math
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction

from ..models import Community, Facility, School
from .base import MB, Column, Importer
from .cells import at_least, to_bool, to_date, to_float, to_text, word
from .models import ImportKind
from .vocabulary import (
    FACILITY_KINDS,
    FEES,
    OWNER_TYPES,
    SETTINGS,
    STATUSES,
    township_column,
    township_lookup,
)

AREA_HELP = gettext_lazy("In square metres (m²).")
NEAR_METRES = 20  # an uncoded venue of the same kind this close may be the survey's row
EARTH_RADIUS_M = 6_371_008.8


def metres_between(lat1, lon1, lat2, lon2):
    """The great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))


class FacilityImporter(Importer):
    kind = ImportKind.FACILITIES
    model = Facility
    key_fields = ("survey_code",)
    sheet_title = "场地 venues"
    description = gettext_lazy(
        "Sports grounds in the columns of the national sports-ground survey. Matched on the "
        "survey code (场地编码): new venues are published, changed ones get a new published "
        "revision, so their history shows the import."
    )
    max_rows = 20_000
    max_bytes = 20 * MB
    columns = (
        Column(
            "survey_code",
            "场地编码",
            aliases=("survey_code", "code"),
            required=True,
            help=gettext_lazy("The site's code in the national survey; the import matches on it."),
            example="530326-0001",
        ),
        Column(
            "name",
            "场地名称",
            aliases=("name",),
            required=True,
            help=gettext_lazy("The venue's name."),
            example="金钟街道全民健身广场",
        ),
        Column(
            "kind",
            "场地类型",
            aliases=("kind", "type"),
            parse=FACILITY_KINDS,
            required=True,
            help=gettext_lazy("The survey category, in Chinese (as listed) or by code."),
            example="室外篮球场",
        ),
        Column(
            "owner_type",
            "单位类型",
            aliases=("owner_type", "owner"),
            parse=OWNER_TYPES,
            required=True,
            help=gettext_lazy("Who owns the venue, in Chinese (as listed) or by code."),
            example="事业单位",
        ),
        Column(
            "school",
            "所属学校",
            aliases=("school",),
            parse=to_text,
            lookup="schools",
            not_found=gettext_lazy("No school “%(value)s” in the registry: add it first."),
            help=gettext_lazy("For a school-owned venue (单位类型 学校): the school's exact name."),
        ),
        township_column(),
        Column(
            "community",
            "村/社区",
            aliases=("community", "村社区"),
            parse=to_text,
            help=gettext_lazy(
                "The administrative village or community, by its name in the township; optional."
            ),
        ),
        Column(
            "address",
            "地址",
            aliases=("address",),
            empty="",
            help=gettext_lazy("Street address; optional."),
            example="会泽县金钟街道",
        ),
        Column(
            "longitude",
            "经度",
            aliases=("longitude", "lon", "lng"),
            parse=to_float,
            required=True,
            help=gettext_lazy("WGS-84 (GPS) longitude, for example 103.2958."),
            example=103.2958,
        ),
        Column(
            "latitude",
            "纬度",
            aliases=("latitude", "lat"),
            parse=to_float,
            required=True,
            help=gettext_lazy("WGS-84 (GPS) latitude, for example 26.4178."),
            example=26.4178,
        ),
        Column(
            "playing_area",
            "场地面积",
            aliases=("playing_area",),
            parse=at_least(Decimal(0)),
            required=True,
            help=gettext_lazy(
                "The area of the ground itself in m²: the area the per-capita indicator counts."
            ),
            example=608,
        ),
        Column(
            "building_area",
            "建筑面积",
            aliases=("building_area",),
            parse=at_least(Decimal(0)),
            empty=Decimal(0),
            help=AREA_HELP,
            example=0,
        ),
        Column(
            "land_area",
            "用地面积",
            aliases=("land_area",),
            parse=at_least(Decimal(0)),
            empty=Decimal(0),
            help=AREA_HELP,
            example=800,
        ),
        Column(
            "setting",
            "室内/室外",
            aliases=("setting", "室内室外"),
            parse=SETTINGS,
            empty="outdoor",
            help=gettext_lazy("室内, 室外 or 室内外; empty means 室外."),
            example="室外",
        ),
        Column(
            "status",
            "状态",
            aliases=("status",),
            parse=STATUSES,
            empty="open",
            help=gettext_lazy("规划中, 正常使用 or 已停用; empty means 正常使用."),
            example="正常使用",
        ),
        Column(
            "opened_on",
            "启用日期",
            aliases=("opened_on",),
            parse=to_date,
            help=gettext_lazy("When the venue opened, for example 2019-06-01."),
            example="2019-06-01",
        ),
        Column(
            "closed_on",
            "停用日期",
            aliases=("closed_on",),
            parse=to_date,
            help=gettext_lazy("When it closed; needed when the status is 已停用."),
        ),
        Column(
            "open_to_public",
            "是否对外开放",
            aliases=("open_to_public",),
            parse=to_bool,
            empty=True,
            help=gettext_lazy("是 or 否; empty means 是."),
            example="是",
        ),
        Column(
            "fee_policy",
            "收费",
            aliases=("fee_policy", "fee", "收费情况"),
            parse=FEES,
            empty="free",
            help=gettext_lazy("免费, 低收费 or 收费 (free/low/paid); empty means 免费."),
            example="免费",
        ),
        Column(
            "price",
            "收费标准",
            aliases=("price",),
            parse=at_least(Decimal(0)),
            help=gettext_lazy("Yuan per hour; needed when the venue charges a fee."),
        ),
    )

    def lookups(self):
        communities = {
            (c.township_id, word(c.name)): c for c in Community.objects.select_related("township")
        }
        uncoded = Facility.objects.filter(Q(survey_code__isnull=True) | Q(survey_code=""))
        return {
            "townships": township_lookup(),
            "schools": {word(school.name): school for school in School.objects.all()},
            "communities": communities,
            "uncoded": list(
                uncoded.select_related("township")
                .only("pk", "name", "kind", "latitude", "longitude", "township__name")
                .order_by("pk")
            ),
        }

    def finish(self, fields, lookups):
        name = fields.get("community")
        if not name:  # an empty cell clears it; a missing column keeps the venue's
            return []
        community = lookups["communities"].get((fields["township"].pk, word(name)))
        if community is None:
            return [
                _("%(column)s: no community or village “%(value)s” in %(township)s.")
                % {"column": "村/社区", "value": name, "township": fields["township"].name}
            ]
        fields["community"] = community
        return []

    def queryset(self):
        return super().queryset().select_related("township", "community", "school")

    def create_problems(self, candidate, lookups):
        """A new venue that may be one already in the registry without a survey code."""
        for venue in lookups["uncoded"]:
            if venue.township_id == candidate.township_id and word(venue.name) == word(
                candidate.name
            ):
                reason = _("the same name in the same township")
            else:
                if venue.kind != candidate.kind:
                    continue
                metres = metres_between(
                    venue.latitude, venue.longitude, candidate.latitude, candidate.longitude
                )
                if metres > NEAR_METRES:
                    continue
                reason = _("the same kind, %(metres)d m away") % {"metres": round(metres)}
            return [
                _(
                    "The registry already has a venue without a survey code that may be this "
                    "one: “%(venue)s” in %(township)s (no. %(id)d; %(reason)s). Put its survey "
                    "code on it first (%(code)s if it is this venue), then import again, so "
                    "that it is not counted twice."
                )
                % {
                    "venue": venue.name,
                    "township": venue.township.name,
                    "id": venue.pk,
                    "reason": reason,
                    "code": candidate.survey_code,
                }
            ]
        return []

    def describe(self, instance):
        return f"{instance.survey_code} {instance.name}"

    def warnings_for(self, current, candidate):
        if current.has_unpublished_changes and current.live:
            return [
                _(
                    "%(venue)s has a draft with unpublished changes: the import publishes the "
                    "live version with the imported values; the draft stays in its history."
                )
                % {"venue": current.name}
            ]
        if not current.live:
            return [_("%(venue)s is not live: the import publishes it.") % {"venue": current.name}]
        return []

    def write(self, plan, run, user, progress):
        """One published revision per new or changed venue, logged as the importing user."""
        changes = [c for c in plan.changes if c.action != "unchanged"]
        advance = progress.stage(_("Saving"), len(changes))
        for change in changes:
            action = CreateAction if change.action == "create" else EditAction
            action(change.instance, user=user, publish=True, clean=False).execute(
                skip_permission_checks=True
            )
            advance()
