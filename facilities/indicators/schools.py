"""Eligible schools open to the public (符合开放条件的中小学校100%向社会开放).

Two figures: the share of eligible schools that publish public hours at all in the year, and
the share whose hours meet the weekly-hours policy (settings PORTAL_POLICY_*) in a reference
week. The policy check is `facilities.manage.policy.week_report`, the one a school's manager
sees, fed by one SlotPlanner over every eligible school's units: hours are never recomputed here.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext as _

from ..hours.fields import WEEKDAY_CHOICES
from ..hours.models import CalendarDay, OpeningRule, SchoolVacation
from ..hours.planner import SlotPlanner
from ..manage import policy
from ..models import BookableUnit, School
from .base import Breakdown, Gap, Indicator, Trace, percent, reference_day
from .coverage import (
    Tally,
    all_townships,
    counting_note,
    flag,
    pk_url,
    public_counted,
    share_text,
    township_rows,
    years_with,
)
from .targets import FULL_COVERAGE_PERCENT, TREND_YEARS

SEARCH_WEEKS = 53  # how far back the reference week is looked for: a year


def publishes_hours(day):
    """Whether the outer school has a counted public venue with an active unit whose opening
    rule is valid at some time from 1 January to `day`."""
    rules = OpeningRule.objects.filter(unit=OuterRef("pk")).valid_between(date(day.year, 1, 1), day)
    units = BookableUnit.objects.filter(Exists(rules), facility=OuterRef("pk"), is_active=True)
    return Exists(public_counted(day).filter(Exists(units), school=OuterRef("pk")))


def reference_week(day):
    """(Monday, ordinary?) of the week the policy is checked in.

    The latest Monday–Sunday week ending on or before `day` without a public holiday, a moved
    working day or a school-vacation day, so that the usual term-time hours are measured; when
    the year before `day` has none, the latest complete week, marked not ordinary.
    """
    last_monday = policy.monday_of(day - timedelta(days=6))
    first_monday = last_monday - timedelta(weeks=SEARCH_WEEKS - 1)
    last_sunday = last_monday + timedelta(days=6)
    special = set(
        CalendarDay.objects.filter(date__range=(first_monday, last_sunday)).values_list(
            "date", flat=True
        )
    )
    vacations = list(
        SchoolVacation.objects.filter(
            first_day__lte=last_sunday, last_day__gte=first_monday
        ).values_list("first_day", "last_day")
    )

    def ordinary(monday):
        sunday = monday + timedelta(days=6)
        return not any(monday <= d <= sunday for d in special) and not any(
            first <= sunday and last >= monday for first, last in vacations
        )

    for weeks_back in range(SEARCH_WEEKS):
        monday = last_monday - timedelta(weeks=weeks_back)
        if ordinary(monday):
            return monday, True
    return last_monday, False


def policy_reports(day, monday):
    """{school id: WeekReport} for eligible schools with a counted public venue's active unit;
    one planner, so the queries do not grow with the number of schools."""
    units = list(
        BookableUnit.objects.active()
        .filter(facility__in=public_counted(day).filter(school__eligible_for_opening=True))
        .annotate(school_pk=F("facility__school_id"))
        .only("pk", "facility_id", "slot_minutes", "capacity")
    )
    planner = SlotPlanner(units, monday, monday + timedelta(days=6))
    thresholds = policy.Thresholds.from_settings()
    by_school = defaultdict(list)
    for unit in units:
        by_school[unit.school_pk].append(unit)
    return {
        school: policy.week_report(planner, own, monday, thresholds)
        for school, own in by_school.items()
    }


def _week_text(monday):
    return _("%(first)s – %(last)s (%(week)s)") % {
        "first": monday,
        "last": monday + timedelta(days=6),
        "week": policy.iso_week(monday),
    }


def _policy_text():
    thresholds = policy.Thresholds.from_settings()
    return _(
        "at least %(week)s a week, and each weekday at least %(morning)s before noon and "
        "%(evening)s after 17:00"
    ) % {
        "week": policy.format_duration(thresholds.weekly_minutes),
        "morning": policy.format_duration(thresholds.morning_minutes),
        "evening": policy.format_duration(thresholds.evening_minutes),
    }


def _below_policy_detail(report, monday):
    """What a school's week lacks; `report` is None when no public unit of it is open then."""
    detail = _("%(total)s of public hours in the week of %(monday)s") % {
        "total": report.total_text if report else policy.format_duration(0),
        "monday": monday,
    }
    if report and report.failed_days:
        days = ", ".join(
            str(WEEKDAY_CHOICES[check.hours.day.weekday()][1]) for check in report.failed_days
        )
        detail += _("; mornings or evenings too short on %(days)s") % {"days": days}
    return detail


def _gaps(schools, reports, meeting, monday, year):
    """Eligible schools without published hours, then those below the policy in the week."""
    manage_url = pk_url("manage:school")
    week = policy.iso_week(monday)
    gaps = []
    for school in schools:
        if not school["published"]:
            detail = _("No public opening hours published in %(year)s.") % {"year": year}
        elif school["pk"] not in meeting:
            detail = _below_policy_detail(reports.get(school["pk"]), monday)
        else:
            continue
        gaps.append(
            Gap(
                label=school["name"],
                township=school["township__name"],
                detail=detail,
                url=f"{manage_url(school['pk'])}?week={week}",
            )
        )
    return gaps


def _notes(day, monday, ordinary, ineligible):
    notes = [
        _(
            "A school publishes public hours when one of its venues is published, built, open "
            "to the public and has a bookable unit with an opening rule valid at some time "
            "from 1 January to %(day)s."
        )
        % {"day": day},
        _(
            "The weekly-hours policy (%(policy)s) is checked in the reference week %(week)s: "
            "the latest complete week on or before %(day)s without a public holiday, a moved "
            "working day or a school-vacation day in the county calendar, so that ordinary "
            "term-time hours are measured. A school's hours are the union of its public units' "
            "hours, as on its manager's page."
        )
        % {"policy": _policy_text(), "week": _week_text(monday), "day": day},
        _(
            "%(n)d schools that do not meet the conditions for opening (sports area not "
            "separable from teaching areas, no safe access) are not counted."
        )
        % {"n": ineligible},
        counting_note(day),
    ]
    if not ordinary:
        notes.append(
            _(
                "No week of the past year was free of holidays and vacations; the latest "
                "complete week was used."
            )
        )
    return notes


def school_opening(year):
    """Share of eligible schools that publish public hours; beside it, the share that meet
    the weekly-hours policy in the reference week."""
    day = reference_day(year)
    days = years_with(year)
    townships = all_townships()
    tally = Tally(
        School.objects.all(),
        {flag(y): publishes_hours(d) for y, d in days.items()},
        group=("eligible_for_opening",),
    )
    eligible = tally.total(eligible_for_opening=True)
    published = tally.total(flag(year), eligible_for_opening=True)
    ineligible = tally.total(eligible_for_opening=False)
    schools = list(
        School.objects.filter(eligible_for_opening=True)
        .annotate(published=publishes_hours(day))
        .order_by("township__code", "name")
        .values("pk", "name", "township_id", "township__name", "published")
    )
    monday, ordinary = reference_week(day)
    reports = policy_reports(day, monday)
    meeting = {pk for pk, report in reports.items() if report.ok}
    meeting_by_township = defaultdict(int)
    for school in schools:
        meeting_by_township[school["township_id"]] += school["pk"] in meeting
    week = policy.iso_week(monday)
    return Indicator(
        key="school_opening",
        title=_("Eligible schools open to the public"),
        unit="%",
        year=year,
        value=percent(published, eligible),
        target=FULL_COVERAGE_PERCENT,
        target_text=_("Every eligible primary and secondary school (100 %) by 2025"),
        definition=_(
            "Primary and secondary schools that meet the conditions for opening are opened to "
            "the public, free or at a low fee (符合开放条件的中小学校实现100%向社会开放): the "
            "share of eligible schools that publish public opening hours on the portal."
        ),
        source=_(
            "Huize County education and sports plan 2021–2025, chapter 3 §九(一); counted from "
            "the portal's registry, opening rules and holiday calendar."
        ),
        numerator_label=_("Eligible schools publishing public hours"),
        numerator=published,
        denominator_label=_("Eligible schools"),
        denominator=eligible,
        data_date=day,
        extras=[
            (_("Meeting the weekly-hours policy"), share_text(len(meeting), eligible)),
            (_("Reference week"), _week_text(monday)),
            (_("Weekly-hours policy"), _policy_text()),
            (_("Ineligible schools (not counted)"), str(ineligible)),
        ],
        by_township=township_rows(
            townships,
            lambda pk: tally.total(flag(year), eligible_for_opening=True, township_id=pk),
            lambda pk: tally.total(eligible_for_opening=True, township_id=pk),
        ),
        breakdowns=[
            # The weekly-hours policy is not the plan's target (opening at all): no verdict.
            Breakdown(
                _("Meeting the weekly-hours policy in %(week)s") % {"week": week},
                township_rows(
                    townships,
                    lambda pk: meeting_by_township[pk],
                    lambda pk: tally.total(eligible_for_opening=True, township_id=pk),
                ),
                numerator_label=_("Eligible schools meeting the weekly-hours policy"),
                denominator_label=_("Eligible schools"),
            )
        ],
        gaps_title=_("Eligible schools without public hours, or below the weekly-hours policy"),
        gaps=_gaps(schools, reports, meeting, monday, year),
        trend=[
            (y, percent(tally.total(flag(y), eligible_for_opening=True), eligible))
            for y in TREND_YEARS
        ],
        notes=_notes(day, monday, ordinary, ineligible),
    )


def _trace_rows(year):
    day = reference_day(year)
    monday, _ordinary = reference_week(day)
    reports = policy_reports(day, monday)
    rows = (
        School.objects.annotate(published=publishes_hours(day))
        .order_by("township__code", "name")
        .values_list("pk", "township__name", "name", "pupils", "eligible_for_opening", "published")
    )
    for pk, *cells in rows.iterator():
        report = reports.get(pk)
        minutes = report.total_minutes if report else 0
        yield (*cells, policy.iso_week(monday), round(minutes / 60, 2), bool(report and report.ok))


def school_opening_trace(year):
    return Trace(
        headers=[
            _("Township"),
            _("School"),
            _("Pupils"),
            _("Eligible"),
            _("Publishes public hours"),
            _("Reference week"),
            _("Public hours in the week"),
            _("Meets the weekly-hours policy"),
        ],
        rows=_trace_rows(year),
    )
