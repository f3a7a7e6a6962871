"""Coverage targets counted from the registry: villages with a public sports ground, townships
with a fitness centre and a fitness trail, large schools with their required venues.

The helpers at the top are shared by the other registry indicators (circle, schools,
utilisation): a figure is a grouped count in the database with one boolean flag per year, so the
headline, the township table and the trend come from one query whatever the registry's size.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from ..choices import CommunityKind, FacilityKind
from ..models import Community, Facility, School, Township
from .base import Gap, Indicator, Row, Trace, percent, reference_day
from .targets import FULL_COVERAGE_PERCENT, TREND_YEARS

# ---------------------------------------------------------------------------------------------
# Shared by the registry indicators
# ---------------------------------------------------------------------------------------------


def years_with(year):
    """{year: reference day} for the trend years and `year`; each becomes one flag of a query."""
    return {y: reference_day(y) for y in sorted({*TREND_YEARS, year})}


def flag(year):
    return f"in_{year}"


def public_counted(day):
    """Venues counted on `day` that are open to the public: what "public venue" means here."""
    return Facility.objects.counted_on(day).filter(open_to_public=True)


def all_of(*conditions):
    """One boolean column, true when every condition (Exists, Q) is."""
    combined = Q()
    for condition in conditions:
        combined &= condition if isinstance(condition, Q) else Q(condition)
    return ExpressionWrapper(combined, output_field=BooleanField())


def count_of(queryset, outer_field):
    """Correlated COUNT of the rows of `queryset` pointing at the outer row by `outer_field`."""
    rows = queryset.filter(**{outer_field: OuterRef("pk")}).order_by()
    return Coalesce(Subquery(rows.values(outer_field).annotate(n=Count("pk")).values("n")), 0)


class Tally:
    """Counts per township and per combination of boolean flags, from one grouped query.

    The database evaluates each flag once per row and returns a handful of rows (townships ×
    the patterns of flags that occur); the indicators add those up for the headline, the
    township table and the trend.
    """

    def __init__(self, queryset, flags, *, group=(), weight=None):
        aggregates = {"n": Count("pk")}
        if weight:
            aggregates["weight"] = Coalesce(Sum(weight), 0)
        self.rows = list(
            queryset.annotate(**flags)
            .values("township_id", *group, *flags)
            .annotate(**aggregates)
            .order_by()
        )
        # Township tables ask once per township: index the rows so that stays linear.
        self.by_township = defaultdict(list)
        for row in self.rows:
            self.by_township[row["township_id"]].append(row)

    def total(self, *flags, field="n", **where):
        rows = self.rows
        if "township_id" in where:
            rows = self.by_township.get(where.pop("township_id"), ())
        return sum(
            row[field]
            for row in rows
            if all(row[name] for name in flags)
            and all(row[key] == value for key, value in where.items())
        )


def all_townships():
    return list(Township.objects.only("pk", "code", "name").order_by("code"))


def township_rows(townships, numerator, denominator):
    """One Row per township, every township (value None where there is nothing to count)."""
    rows = []
    for township in townships:
        part, whole = numerator(township.pk), denominator(township.pk)
        rows.append(
            Row(
                key=township.code,
                label=township.name,
                value=percent(part, whole),
                numerator=part,
                denominator=whole,
            )
        )
    return rows


def share_text(part, whole):
    """An extra's text, such as "8 of 10 (80.0 %)"."""
    value = percent(part, whole)
    if value is None:
        return _("none to count")
    return _("%(part)s of %(whole)s (%(percent).1f %%)") % {
        "part": part,
        "whole": whole,
        "percent": value,
    }


def pk_url(name):
    """pk → reverse(name, args=[pk]) for URLs ending in "<pk>/", reversed once: a gap list can
    run to thousands of rows."""
    prefix = reverse(name, args=[0]).removesuffix("0/")
    return lambda pk: f"{prefix}{pk}/"


def edit_url(model_name):
    """pk → the admin edit page of a registry row."""
    return pk_url(f"wagtailsnippets_facilities_{model_name}:edit")


def finder_url(**params):
    return f"{reverse('facilities:list')}?{urlencode(params)}"


def items_text(kinds):
    return "; ".join(str(FacilityKind(kind).label) for kind in kinds)


def counting_note(day):
    return _(
        "Venues count when they are published, built, opened on or before %(day)s (or undated) "
        "and not closed by then; opening and closing dates decide the earlier years."
    ) % {"day": day}


# ---------------------------------------------------------------------------------------------
# Administrative villages with a public sports ground
# ---------------------------------------------------------------------------------------------


def _village_has_venue(day):
    return Exists(public_counted(day).filter(community=OuterRef("pk")))


def _villages():
    return Community.objects.filter(kind=CommunityKind.VILLAGE)


def village_coverage(year):
    """Share of administrative villages with a counted public venue registered in the village."""
    day = reference_day(year)
    days = years_with(year)
    townships = all_townships()
    tally = Tally(_villages(), {flag(y): _village_has_venue(d) for y, d in days.items()})
    covered, villages = tally.total(flag(year)), tally.total()
    community_url = edit_url("community")
    uncovered = (
        _villages()
        .filter(~_village_has_venue(day))
        .annotate(registered=count_of(Facility.objects.all(), "community"))
        .order_by("township__code", "name")
        .values_list("pk", "name", "township__name", "registered")
    )
    return Indicator(
        key="village_coverage",
        title=_("Administrative villages with a public sports ground"),
        unit="%",
        year=year,
        value=percent(covered, villages),
        target=FULL_COVERAGE_PERCENT,
        target_text=_("Every administrative village (100 %) by 2025"),
        definition=_(
            "Public sports ground facilities cover every administrative village and above "
            "(行政村以上公共体育场地设施全覆盖): the share of administrative villages with at "
            "least one sports ground open to the public that is registered in the village."
        ),
        source=_(
            "Huize County education and sports plan 2021–2025, chapter 1 §一(七) and chapter 2 "
            "§三(五); counted from the portal's venue registry."
        ),
        numerator_label=_("Villages with a public sports ground"),
        numerator=covered,
        denominator_label=_("Administrative villages"),
        denominator=villages,
        data_date=day,
        extras=[(_("Villages without a public sports ground"), str(villages - covered))],
        by_township=township_rows(
            townships,
            lambda pk: tally.total(flag(year), township_id=pk),
            lambda pk: tally.total(township_id=pk),
        ),
        gaps_title=_("Villages without a public sports ground"),
        gaps=[
            Gap(
                label=name,
                township=township,
                detail=_village_gap_detail(registered),
                url=community_url(pk),
            )
            for pk, name, township, registered in uncovered
        ],
        trend=[(y, percent(tally.total(flag(y)), villages)) for y in TREND_YEARS],
        notes=[
            _(
                "A village counts when a venue open to the public names it as its community or "
                "village; a ground just across the boundary, in another village, does not count."
            ),
            counting_note(day),
            _("The villages are those in the registry today, for every year of the trend."),
        ],
    )


def _village_gap_detail(registered):
    if not registered:
        return _("No sports ground registered in the village.")
    return _(
        "%(n)d venue(s) registered, none of them counted and open to the public "
        "(closed, planned, not open to the public or not published)."
    ) % {"n": registered}


def village_coverage_trace(year):
    day = reference_day(year)
    return Trace(
        headers=[
            _("Township"),
            _("Village"),
            _("Population"),
            _("Counted public venues in the village"),
            _("Covered"),
        ],
        rows=_villages()
        .annotate(venues=count_of(public_counted(day), "community"))
        .annotate(covered=all_of(Q(venues__gt=0)))
        .order_by("township__code", "name")
        .values_list("township__name", "name", "population", "venues", "covered"),
    )


# ---------------------------------------------------------------------------------------------
# Townships with a national fitness centre and a fitness trail
# ---------------------------------------------------------------------------------------------

TOWNSHIP_ITEMS = (FacilityKind.FITNESS_CENTRE, FacilityKind.FITNESS_TRAIL)


def _township_has(kind, day):
    return Exists(Facility.objects.counted_on(day).filter(township=OuterRef("pk"), kind=kind))


def township_fitness(year):
    """Share of townships with both a counted national fitness centre and a fitness trail."""
    day = reference_day(year)
    days = years_with(year)
    items = {
        f"{kind}_{y}": _township_has(kind, d) for y, d in days.items() for kind in TOWNSHIP_ITEMS
    }
    rows = list(
        Township.objects.annotate(**items).order_by("code").values("pk", "code", "name", *items)
    )

    def missing(row, y=year):
        return [kind for kind in TOWNSHIP_ITEMS if not row[f"{kind}_{y}"]]

    def complete(y):
        return sum(1 for row in rows if not missing(row, y))

    done = complete(year)
    return Indicator(
        key="township_fitness",
        title=_("Townships with a national fitness centre and a fitness trail"),
        unit="%",
        year=year,
        value=percent(done, len(rows)),
        target=FULL_COVERAGE_PERCENT,
        target_text=_("Every township and sub-district by 2025"),
        definition=_(
            "Every township, town and sub-district builds a national fitness centre "
            "(全民健身中心) and a fitness trail (健身步道): the share of townships with at least "
            "one counted venue of each kind."
        ),
        source=_(
            "Huize County education and sports plan 2021–2025, chapter 3 §五(五); counted from "
            "the portal's venue registry."
        ),
        numerator_label=_("Townships with both"),
        numerator=done,
        denominator_label=_("Townships and sub-districts"),
        denominator=len(rows),
        data_date=day,
        extras=[
            (
                str(FacilityKind(kind).label),
                share_text(sum(1 for row in rows if row[f"{kind}_{year}"]), len(rows)),
            )
            for kind in TOWNSHIP_ITEMS
        ],
        by_township=[
            Row(
                key=row["code"],
                label=row["name"],
                value=0.0 if missing(row) else 100.0,
                numerator=0 if missing(row) else 1,
                denominator=1,
                note=_("lacks: %(items)s") % {"items": items_text(missing(row))}
                if missing(row)
                else "",
            )
            for row in rows
        ],
        gaps_title=_("Townships lacking a fitness centre or a fitness trail"),
        gaps=[
            Gap(
                label=row["name"],
                township=row["name"],
                detail=_("Lacks: %(items)s") % {"items": items_text(missing(row))},
                url=finder_url(township=row["code"]),
            )
            for row in rows
            if missing(row)
        ],
        trend=[(y, percent(complete(y), len(rows))) for y in TREND_YEARS],
        notes=[
            _(
                "A fitness centre or trail counts for the township it is registered in, whoever "
                "owns it and whether or not it takes bookings."
            ),
            counting_note(day),
        ],
    )


def township_fitness_trace(year):
    day = reference_day(year)
    counts = {
        kind: count_of(Facility.objects.counted_on(day).filter(kind=kind), "township")
        for kind in TOWNSHIP_ITEMS
    }
    return Trace(
        headers=[
            _("Township"),
            _("Counted national fitness centres"),
            _("Counted fitness trails"),
            _("Has both"),
        ],
        rows=Township.objects.annotate(**counts)
        .annotate(both=all_of(Q(**{f"{kind}__gt": 0 for kind in TOWNSHIP_ITEMS})))
        .order_by("code")
        .values_list("name", *counts, "both"),
    )


# ---------------------------------------------------------------------------------------------
# Schools with more than 1,500 pupils: hall, volleyball, tennis, physique test centre
# ---------------------------------------------------------------------------------------------

SCHOOL_ITEMS = (
    FacilityKind.MULTI_PURPOSE_HALL,
    FacilityKind.VOLLEYBALL,
    FacilityKind.TENNIS,
    FacilityKind.PHYSIQUE_TEST_CENTRE,
)


def _large_schools():
    return School.objects.filter(pupils__gt=settings.PORTAL_LARGE_SCHOOL_PUPILS)


def _school_has(kind, day):
    return Exists(Facility.objects.counted_on(day).filter(school=OuterRef("pk"), kind=kind))


def _school_items(day):
    return {kind.value: _school_has(kind, day) for kind in SCHOOL_ITEMS}


def _complete(day):
    return all_of(*_school_items(day).values())


def large_schools(year):
    """Share of schools above the pupil threshold that own every venue the plan requires."""
    day = reference_day(year)
    days = years_with(year)
    threshold = settings.PORTAL_LARGE_SCHOOL_PUPILS
    townships = all_townships()
    tally = Tally(_large_schools(), {flag(y): _complete(d) for y, d in days.items()})
    done, schools = tally.total(flag(year)), tally.total()
    school_url = edit_url("school")
    lacking = (
        _large_schools()
        .annotate(**_school_items(day))
        .exclude(**{kind.value: True for kind in SCHOOL_ITEMS})
        .order_by("township__code", "name")
        .values("pk", "name", "pupils", "township__name", *(kind.value for kind in SCHOOL_ITEMS))
    )
    return Indicator(
        key="large_schools",
        title=_("Large schools with a hall, volleyball and tennis courts and a test centre"),
        unit="%",
        year=year,
        value=percent(done, schools),
        target=FULL_COVERAGE_PERCENT,
        target_text=_("Every school with more than %(pupils)s pupils by 2025")
        % {"pupils": threshold},
        definition=_(
            "Schools with more than %(pupils)s pupils build an indoor multi-purpose hall, "
            "volleyball and tennis courts and a physique test centre (对超过1500人的学校规划新建"
            "多功能室内训练馆、排球场、网球场、体质健康测试中心): the share of such schools that "
            "own a counted venue of each of the four kinds."
        )
        % {"pupils": threshold},
        source=_(
            "Huize County education and sports plan 2021–2025, chapter 3 §五(五); counted from "
            "the portal's registry of schools and venues."
        ),
        numerator_label=_("Large schools with all four"),
        numerator=done,
        denominator_label=_("Schools with more than %(pupils)s pupils") % {"pupils": threshold},
        denominator=schools,
        data_date=day,
        extras=[(_("Pupil threshold"), str(threshold))],
        by_township=township_rows(
            townships,
            lambda pk: tally.total(flag(year), township_id=pk),
            lambda pk: tally.total(township_id=pk),
        ),
        gaps_title=_("Large schools and the venues they lack"),
        gaps=[
            Gap(
                label=row["name"],
                township=row["township__name"],
                detail=_("%(pupils)s pupils; lacks: %(items)s")
                % {
                    "pupils": row["pupils"],
                    "items": items_text(kind for kind in SCHOOL_ITEMS if not row[kind.value]),
                },
                url=school_url(row["pk"]),
            )
            for row in lacking
        ],
        trend=[(y, percent(tally.total(flag(y)), schools)) for y in TREND_YEARS],
        notes=[
            _(
                "A venue counts for a school when the school owns it (owner type School), "
                "whether or not it is open to the public."
            ),
            _("Pupil numbers are today's registry figures, used for every year of the trend."),
            counting_note(day),
        ],
    )


def large_schools_trace(year):
    day = reference_day(year)
    return Trace(
        headers=[
            _("Township"),
            _("School"),
            _("Pupils"),
            *(str(kind.label) for kind in SCHOOL_ITEMS),
            _("Has all four"),
        ],
        rows=_large_schools()
        .annotate(**_school_items(day), complete=_complete(day))
        .order_by("township__code", "name")
        .values_list(
            "township__name",
            "name",
            "pupils",
            *(kind.value for kind in SCHOOL_ITEMS),
            "complete",
        ),
    )
