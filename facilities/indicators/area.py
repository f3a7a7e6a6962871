"""Per-capita sports ground area (人均体育场地面积): playing area ÷ resident population.

Venues count as the registry's `counted_on(day)` says (live, built, opened, not closed) on the
year's reference day; only playing area counts, never building or land area. A township without
a population figure for the year borrows its latest earlier one; a township with none at all is
left out of both sides of the county ratio, so the county figure never divides one set of
townships' area by another set's residents.
"""

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..choices import OwnerType, Setting
from ..models import Facility, Township, TownshipPopulation
from ..querysets import counted_on_q
from . import targets
from .base import (
    Breakdown,
    Gap,
    Indicator,
    Row,
    Trace,
    below_target,
    number_text,
    ratio,
    reference_day,
)
from .coverage import finder_url

SCHOOL_GROUNDS = Q(owner_type=OwnerType.SCHOOL) | Q(school__isnull=False)


def per_capita(area, population):
    """m² of playing area per resident, or None without residents."""
    return ratio(area, population)


def _populations(years):
    """Townships with, per year, the population used and the year it is from (one query)."""
    annotations = {}
    for year in years:
        latest = TownshipPopulation.objects.filter(
            township=OuterRef("pk"), year__lte=year
        ).order_by("-year")[:1]
        annotations[f"pop_{year}"] = Subquery(latest.values("population"))
        annotations[f"pop_year_{year}"] = Subquery(latest.values("year"))
    return list(Township.objects.annotate(**annotations).order_by("code"))


def _areas(day):
    """Counted playing area per township on `day`, split by setting and school ownership."""
    rows = (
        Facility.objects.counted_on(day)
        .values("township")
        .order_by()
        .annotate(
            venues=Count("pk"),
            area=Sum("playing_area"),
            school=Sum("playing_area", filter=SCHOOL_GROUNDS),
            indoor=Sum("playing_area", filter=Q(setting=Setting.INDOOR)),
            outdoor=Sum("playing_area", filter=Q(setting=Setting.OUTDOOR)),
            both=Sum("playing_area", filter=Q(setting=Setting.BOTH)),
            published=Max("last_published_at"),
        )
    )
    return {row["township"]: row for row in rows}


def _trend_areas(years):
    """Counted playing area per township for each year, in one grouped query."""
    sums = {
        f"area_{year}": Sum(
            "playing_area",
            filter=counted_on_q(reference_day(year)),
        )
        for year in years
    }
    rows = Facility.objects.published().values("township").order_by().annotate(**sums)
    return {row["township"]: row for row in rows}


def _area_text(area):
    return _("%(area)s m²") % {"area": number_text(area, 0)}


def _m2_text(value):
    if value is None:
        return "–"
    return _("%(value)s m² per resident") % {"value": number_text(value, 2)}


def _share_text(part, whole):
    share = ratio(part, whole)
    if share is None:
        return _area_text(part)
    return _("%(area)s (%(share)s %% of the area)") % {
        "area": _area_text(part),
        "share": number_text(share * 100, 1),
    }


def _township_rows(townships, areas, year):
    """One row per township; returns the rows and the notes on borrowed or missing populations."""
    rows, notes = [], []
    for township in townships:
        sums = areas.get(township.pk, {})
        area = sums.get("area") or 0
        population = getattr(township, f"pop_{year}")
        pop_year = getattr(township, f"pop_year_{year}")
        if population is None:
            note = _("no population figure for %(year)s or earlier; left out of the county figure")
            note %= {"year": year}
            rows.append(Row(township.code, township.name, None, numerator=area, note=note))
            notes.append(
                _("%(township)s: %(note)s (%(area)s of playing area).")
                % {"township": township.name, "note": note, "area": _area_text(area)}
            )
            continue
        note = ""
        if pop_year != year:
            note = _("population of %(used)s used (none for %(year)s)") % {
                "used": pop_year,
                "year": year,
            }
            notes.append(_("%(township)s: %(note)s.") % {"township": township.name, "note": note})
        elif not sums:
            note = _("no venue counted")
        row = Row(
            township.code,
            township.name,
            per_capita(area, population),
            numerator=area,
            denominator=population,
            note=note,
            url=finder_url(township=township.code),
        )
        rows.append(row)
    return rows, notes


def _trend(years, townships):
    """County figure per year, with the same population rule and exclusions as the headline."""
    this_year = timezone.localdate().year
    areas = _trend_areas([y for y in years if y <= this_year])
    trend = []
    for year in years:
        if year > this_year:
            trend.append((year, None))
            continue
        covered = [t for t in townships if getattr(t, f"pop_{year}") is not None]
        area = sum((areas.get(t.pk, {}).get(f"area_{year}") or 0) for t in covered)
        population = sum(getattr(t, f"pop_{year}") for t in covered)
        trend.append((year, per_capita(area, population)))
    return trend


def sports_area(year):
    """Per-capita sports ground area for `year`, by township, with the trend over the plan."""
    day = reference_day(year)
    townships = _populations(sorted({year, *targets.TREND_YEARS}))
    areas = _areas(day)
    rows, notes = _township_rows(townships, areas, year)

    # The county sums only townships with a population, so both sides cover the same places.
    sums = [
        areas[t.pk] for t in townships if getattr(t, f"pop_{year}") is not None and t.pk in areas
    ]

    def total(name):
        return sum((s[name] or 0) for s in sums)

    area, school, venues = total("area"), total("school"), total("venues")
    population = sum(row.denominator for row in rows if row.denominator is not None)
    value = per_capita(area, population)
    published = [s["published"] for s in sums if s["published"]]

    split = [
        ("indoor", _("Indoor"), total("indoor")),
        ("outdoor", _("Outdoor"), total("outdoor")),
        ("both", _("Indoor and outdoor (not split)"), total("both")),
    ]
    owners = [
        ("school", _("School grounds"), school),
        ("other", _("Other venues"), area - school),
    ]
    target = float(targets.SPORTS_AREA_M2)
    below = below_target(rows, target)

    return Indicator(
        key="sports_area",
        title=_("Per-capita sports ground area"),
        unit="m²",
        year=year,
        value=value,
        target=target,
        target_text=_("At least 2.5 m² of sports ground per resident by 2025"),
        definition=_(
            "Total playing area of sports grounds (场地面积, not building area or land area) "
            "divided by the resident population (常住人口), counted on 31 December."
        ),
        source=_(
            "Huize County education and sports plan 2021–2025, chapter 2 §3(5) and chapter 3 §9; "
            "definition of the national sports-ground survey."
        ),
        numerator_label=_("Playing area of venues counted (m²)"),
        numerator=area,
        denominator_label=_("Resident population"),
        denominator=population,
        data_date=max(timezone.localdate(p) for p in published) if published else day,
        extras=[
            (_("Counted on"), date_format(day)),
            (_("Venues counted"), number_text(venues)),
            (_("Playing area"), _area_text(area)),
            (_("Resident population"), number_text(population)),
            (_("Without school grounds"), _m2_text(per_capita(area - school, population))),
            (_("School grounds"), _share_text(school, area)),
            *((label, _share_text(part, area)) for _key, label, part in split),
        ],
        by_township=rows,
        breakdowns=[
            _split(_("Indoor or outdoor"), split, population),
            _split(_("School grounds"), owners, population),
        ],
        gaps_title=_("Townships below 2.5 m² per resident"),
        gaps=[
            Gap(r.label, r.label, _m2_text(r.value) + " · " + _area_text(r.numerator))
            for r in below
        ],
        trend=_trend(targets.TREND_YEARS, townships),
        notes=[
            _(
                "Counted on %(day)s: live venues opened by then (or without an opening date) and "
                "not yet closed; planned and unpublished venues are left out. Only playing area "
                "counts, not building or land area. Past years are counted from the registry as "
                "it stands now, by each venue's opening and closing dates."
            )
            % {"day": date_format(day)},
            _(
                "Venues marked indoor and outdoor are shown as a group of their own: the registry "
                "does not record how their area divides."
            ),
            *notes,
        ],
    )


def _split(title, parts, population):
    """A part of the playing area per resident: no target, the plan's is for all of it."""
    note = _("m² per resident of the county population counted")
    return Breakdown(
        title,
        [
            Row(key, label, per_capita(part, population), part, population, note=note)
            for key, label, part in parts
        ],
        numerator_label=_("Playing area of these venues (m²)"),
        denominator_label=_("Resident population"),
    )


def sports_area_trace(year):
    """Every published venue with the columns that decide whether and how it counts that year.

    Drafts are left out: they are not public. The township's population (and the year it is
    from) sits on each row so the per-township ratio can be recomputed from this table alone.
    """
    day = reference_day(year)
    population = TownshipPopulation.objects.filter(
        township=OuterRef("township"), year__lte=year
    ).order_by("-year")[:1]
    counted = Q(pk__in=Facility.objects.counted_on(day).values("pk"))
    rows = (
        Facility.objects.published()
        .annotate(
            counted=ExpressionWrapper(counted, output_field=BooleanField()),
            school_ground=ExpressionWrapper(SCHOOL_GROUNDS, output_field=BooleanField()),
            population=Subquery(population.values("population")),
            population_year=Subquery(population.values("year")),
        )
        .order_by("township__code", "name", "pk")
        .values_list(
            "survey_code",
            "name",
            "township__name",
            "kind",
            "status",
            "opened_on",
            "closed_on",
            "counted",
            "owner_type",
            "school_ground",
            "setting",
            "playing_area",
            "population",
            "population_year",
        )
    )
    headers = [
        _("survey code"),
        _("name"),
        _("township"),
        _("kind"),
        _("status"),
        _("opened on"),
        _("closed on"),
        _("counted on %(day)s") % {"day": day.isoformat()},
        _("owner type"),
        _("school ground"),
        _("indoor or outdoor"),
        _("playing area (m²)"),
        _("township population"),
        _("population year"),
    ]
    return Trace(headers=headers, rows=rows)
