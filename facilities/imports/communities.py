"""Administrative villages and residents' communities (行政村/社区) with population and centroid.

The coverage indicators count villages and measure the 15-minute circle from each centroid.
A row is matched on township and name; a community already in the registry but not in the file
is kept.
"""

from django.utils.translation import gettext_lazy as _

from ..models import Community
from .base import Column, Importer
from .cells import to_float, to_int
from .models import ImportKind
from .vocabulary import COMMUNITY_KINDS, township_column, township_lookup


class CommunityImporter(Importer):
    kind = ImportKind.COMMUNITIES
    model = Community
    key_fields = ("township", "name")
    sheet_title = "村社区 communities"
    description = _(
        "Administrative villages (行政村) and residents' communities (社区): kind, township, "
        "population and the centroid the 15-minute fitness circle is measured from. Matched on "
        "township and name."
    )
    max_rows = 20_000
    columns = (
        township_column(),
        Column(
            "name",
            "名称",
            aliases=("name", "村/社区", "村社区名称"),
            required=True,
            help=_("The village's or community's name as the township writes it."),
            example="金钟社区",
        ),
        Column(
            "kind",
            "类型",
            aliases=("kind", "type"),
            parse=COMMUNITY_KINDS,
            required=True,
            help=_("行政村 (administrative village) or 社区 (residents' community)."),
            example="社区",
        ),
        Column(
            "population",
            "人口",
            aliases=("population", "常住人口"),
            parse=to_int,
            help=_("Resident population; may be left empty."),
            example=8200,
        ),
        Column(
            "latitude",
            "纬度",
            aliases=("latitude", "lat"),
            parse=to_float,
            help=_("Latitude of the centroid, WGS-84 (GPS), for example 26.4178."),
            example=26.4178,
        ),
        Column(
            "longitude",
            "经度",
            aliases=("longitude", "lon", "lng"),
            parse=to_float,
            help=_("Longitude of the centroid, WGS-84 (GPS), for example 103.2958."),
            example=103.2958,
        ),
    )

    def lookups(self):
        return {"townships": township_lookup()}

    def queryset(self):
        return super().queryset().select_related("township")

    def key_label(self, fields):
        return f"{fields['township'].name} {fields['name']}"
