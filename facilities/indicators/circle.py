"""The 15-minute fitness circle (城市社区15分钟健身圈): urban communities with a public venue
within walking distance of their centroid, weighted by population.

Distances are great circles computed by the database; a latitude/longitude box around each
centroid comes first so that the (latitude, longitude) index narrows the venues before any
trigonometry, which keeps the count fast for tens of thousands of communities and hundreds of
thousands of venues.
"""

import math
from itertools import islice

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Cos, Radians, Round
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..choices import CommunityKind
from ..models import Community, Facility
from ..querysets import EARTH_RADIUS_KM
from .base import Breakdown, Gap, Indicator, Row, Trace, percent, reference_day
from .coverage import (
    Tally,
    all_of,
    all_townships,
    counting_note,
    edit_url,
    flag,
    public_counted,
    share_text,
    township_rows,
    years_with,
)
from .targets import FULL_COVERAGE_PERCENT, TREND_YEARS

METRES_PER_DEGREE = EARTH_RADIUS_KM * 1000 * math.pi / 180  # of latitude
# The box must hold the whole circle; near its east and west edges the circle bulges a hair
# beyond radius / cos(latitude), which 1 % more covers.
BOX_MARGIN = 1.01
# Gaps name the nearest public venue when it is within this many radii (a wider box costs more).
NEAREST_RADII = 3
PK_SPAN = 10**10  # see _venue_key: venue ids stay below ten billion
TRACE_CHUNK = 2000
URBAN = CommunityKind.COMMUNITY


def radius_metres():
    return settings.PORTAL_FITNESS_CIRCLE_METRES


def _centroid():
    def outer(name):
        return ExpressionWrapper(OuterRef(name), output_field=FloatField())

    return outer("latitude"), outer("longitude")


def venues_near_centroid(day, metres):
    """Counted public venues within `metres` of the outer community's centroid."""
    lat, lon = _centroid()
    dlat = metres * BOX_MARGIN / METRES_PER_DEGREE
    dlon = Value(dlat) / Cos(Radians(lat))
    return (
        public_counted(day)
        .filter(latitude__gte=lat - dlat, latitude__lte=lat + dlat)
        .filter(longitude__gte=lon - dlon, longitude__lte=lon + dlon)
        .with_distance_from(lat, lon)
        .filter(distance_km__lte=metres / 1000)
    )


def _assessable():
    return Q(latitude__isnull=False, longitude__isnull=False, population__isnull=False)


def _venue_key(venues, *, nearest):
    """One venue of `venues` as one integer, metres × PK_SPAN + pk: the nearest, or (cheaper,
    the search stops at the first) any one.

    One integer because SQLite cannot order a correlated subquery by an expression of outer
    columns, only by its selected column; of venues equally near, the first registered wins.
    """
    key = Cast(Round(F("distance_km") * 1000), BigIntegerField()) * PK_SPAN + F("pk")
    keyed = venues.annotate(key=key)
    keyed = keyed.order_by("key") if nearest else keyed.order_by()
    return Subquery(keyed.values("key")[:1])


def _with_nearest_venue(rows):
    """Rows ending in a nearest key, the key replaced by the venue's name and its distance (m).

    Lazy, and one query per TRACE_CHUNK rows for the names.
    """
    rows = iter(rows)
    while chunk := list(islice(rows, TRACE_CHUNK)):
        pks = [row[-1] % PK_SPAN for row in chunk if row[-1] is not None]
        names = dict(Facility.objects.filter(pk__in=pks).values_list("pk", "name"))
        for *cells, key in chunk:
            if key is None:
                yield (*cells, None, None)
            else:
                metres, pk = divmod(key, PK_SPAN)
                yield (*cells, names.get(pk), metres)


def _tally(days, metres, year):
    """Each community with its population: assessable?, covered in `year` and, for urban
    communities only (the headline's trend), covered in each trend year."""
    flags = {"assessable": all_of(_assessable())}
    for y, day in days.items():
        covered = Exists(venues_near_centroid(day, metres))
        # CASE, not AND: the database then skips the search for villages.
        flags[flag(y)] = (
            covered
            if y == year
            else Case(
                When(kind=URBAN, then=covered), default=Value(False), output_field=BooleanField()
            )
        )
    return Tally(Community.objects.all(), flags, group=("kind",), weight="population")


def _gaps(day, metres):
    search = metres * NEAREST_RADII
    community_url = edit_url("community")
    rows = _with_nearest_venue(
        Community.objects.filter(_assessable(), kind=URBAN)
        .filter(~Exists(venues_near_centroid(day, metres)))
        .annotate(nearest=_venue_key(venues_near_centroid(day, search), nearest=True))
        .order_by("-population", "township__code", "name")
        .values_list("pk", "name", "township__name", "population", "nearest")
    )
    return [
        Gap(
            label=name,
            township=township,
            detail=_("population %(population)s; nearest public venue: %(venue)s, %(metres)d m")
            % {"population": population, "venue": venue, "metres": distance}
            if venue
            else _("population %(population)s; no public venue within %(km)g km")
            % {"population": population, "km": search / 1000},
            url=community_url(pk),
        )
        for pk, name, township, population, venue, distance in rows
    ]


def _not_assessed():
    """Communities and villages without a centroid or a population: listed, never counted."""
    rows = (
        Community.objects.exclude(_assessable())
        .order_by("township__code", "kind", "name")
        .values_list("pk", "name", "kind", "township__name", "latitude", "population")
    )
    community_url = edit_url("community")
    result = []
    for pk, name, kind, township, latitude, population in rows:
        missing = []
        if latitude is None:
            missing.append(_("no centroid"))
        if population is None:
            missing.append(_("no population"))
        result.append(
            Row(
                key=str(pk),
                label=f"{township} {name}",
                value=None,
                note=f"{CommunityKind(kind).label}: {', '.join(missing)}",
                url=community_url(pk),
            )
        )
    return result


def fitness_circle(year):
    """Population-weighted share of urban communities with a public venue within the radius."""
    day = reference_day(year)
    metres = radius_metres()
    tally = _tally(years_with(year), metres, year)
    covered = flag(year)

    def population(*flags, **where):
        return tally.total("assessable", *flags, field="weight", **where)

    def communities(*flags, **where):
        return tally.total("assessable", *flags, **where)

    urban_population = population(kind=URBAN)
    not_assessed = tally.total(kind=URBAN) - communities(kind=URBAN)
    villages_not_assessed = tally.total(kind=CommunityKind.VILLAGE) - communities(
        kind=CommunityKind.VILLAGE
    )
    kinds = [
        (URBAN.value, _("Urban communities (社区)"), {"kind": URBAN}),
        (
            CommunityKind.VILLAGE.value,
            _("Administrative villages (行政村)"),
            {"kind": CommunityKind.VILLAGE},
        ),
        ("all", _("All communities and villages"), {}),
    ]
    return Indicator(
        key="fitness_circle",
        title=_("Urban communities inside a 15-minute fitness circle"),
        unit="%",
        year=year,
        value=percent(population(covered, kind=URBAN), urban_population),
        target=FULL_COVERAGE_PERCENT,
        target_text=_("Every urban community (100 %) by 2025"),
        definition=_(
            "The 15-minute fitness circle of urban communities (城市社区15分钟健身圈): a sports "
            "facility within 15 minutes on foot of the community. Measured as the share of the "
            "population of urban communities (社区) with a counted public venue within "
            "%(metres)s m in a straight line of the community's centroid."
        )
        % {"metres": metres},
        source=_(
            "Huize County education and sports plan 2021–2025, chapter 2 §三(五); walking "
            "distance of about 1 km from planning guides; counted from the portal's registry."
        ),
        numerator_label=_("Residents of covered urban communities"),
        numerator=population(covered, kind=URBAN),
        denominator_label=_("Residents of assessed urban communities"),
        denominator=urban_population,
        data_date=day,
        extras=[
            (_("Radius"), _("%(metres)s m") % {"metres": metres}),
            (
                _("Urban communities covered (unweighted)"),
                share_text(communities(covered, kind=URBAN), communities(kind=URBAN)),
            ),
            (
                _("All communities and villages, by population"),
                share_text(population(covered), population()),
            ),
            (
                _("All communities and villages (unweighted)"),
                share_text(communities(covered), communities()),
            ),
            (_("Urban communities not assessed"), str(not_assessed)),
            (_("Villages not assessed"), str(villages_not_assessed)),
        ],
        by_township=township_rows(
            all_townships(),
            lambda pk: population(covered, kind=URBAN, township_id=pk),
            lambda pk: population(kind=URBAN, township_id=pk),
        ),
        breakdowns=[
            # The plan's target is for urban communities only: no verdict on villages or all.
            Breakdown(
                _("Communities and villages, by population"),
                [
                    Row(
                        key=key,
                        label=label,
                        value=percent(population(covered, **where), population(**where)),
                        numerator=population(covered, **where),
                        denominator=population(**where),
                        note=share_text(communities(covered, **where), communities(**where)),
                    )
                    for key, label, where in kinds
                ],
                numerator_label=_("Residents of covered communities and villages"),
                denominator_label=_("Residents of assessed communities and villages"),
            ),
            Breakdown(_("Not assessed: no centroid or no population"), _not_assessed()),
        ],
        gaps_title=_("Urban communities without a public venue within %(metres)s m")
        % {"metres": metres},
        gaps=_gaps(day, metres),
        trend=[
            (y, percent(population(flag(y), kind=URBAN), urban_population)) for y in TREND_YEARS
        ],
        notes=[
            _(
                "Communities and villages without a centroid or a population cannot be "
                "assessed: they are left out of both the numerator and the denominator and "
                "listed in the table “Not assessed” (%(urban)d urban communities, %(villages)d "
                "villages)."
            )
            % {"urban": not_assessed, "villages": villages_not_assessed},
            _(
                "Distance is the great-circle distance from the community's centroid, not the "
                "walking route; a venue open to the public counts whoever owns it."
            ),
            _("Population and centroids are today's registry figures, used for every year."),
            counting_note(day),
        ],
    )


def fitness_circle_trace(year):
    """Every community and village, and the venue that decides it: for a covered one a venue
    within the radius (the first found, which is cheap), else the nearest within
    NEAREST_RADII radii (searching for the nearest everywhere costs minutes in a dense city)."""
    day = reference_day(year)
    metres = radius_metres()
    within = venues_near_centroid(day, metres)
    beyond = venues_near_centroid(day, metres * NEAREST_RADII)
    return Trace(
        headers=[
            _("Township"),
            _("Community or village"),
            pgettext("village or residents' community", "Kind"),
            _("Population"),
            _("Centroid latitude"),
            _("Centroid longitude"),
            _("Assessed"),
            _("Covered"),
            _("Public venue within %(metres)s m, else the nearest within %(km)g km")
            % {"metres": metres, "km": metres * NEAREST_RADII / 1000},
            _("Distance (m)"),
        ],
        rows=_with_nearest_venue(
            Community.objects.annotate(
                assessed=all_of(_assessable()),
                covered=Exists(within),
            )
            .annotate(
                nearest=Case(
                    When(covered=True, then=_venue_key(within, nearest=False)),
                    default=_venue_key(beyond, nearest=True),
                )
            )
            .order_by("township__code", "kind", "name")
            .values_list(
                "township__name",
                "name",
                "kind",
                "population",
                "latitude",
                "longitude",
                "assessed",
                "covered",
                "nearest",
            )
            .iterator(chunk_size=TRACE_CHUNK)
        ),
    )
