"""National physique monitoring pass rate (国民体质监测合格率), never across standard versions.

Grades depend on the version of 《国民体质测定标准》 a result was scored under (2020 nationally:
90.4 % under the old scoring, about 84.1 % under the current one), so every ratio and every trend
line here stays inside one version. The headline uses the newest version (highest code: codes
are edition years) with results that year; results under any other version that year are shown
in their own, labelled tables and trend lines.
"""

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Township
from ..surveys.models import (
    GOOD_GRADES,
    PASSING_GRADES,
    AgeGroup,
    PhysiqueResult,
    PhysiqueStandard,
    Sex,
)
from . import targets
from .base import (
    Breakdown,
    Gap,
    Indicator,
    Trace,
    below_target,
    imported_on,
    no_data_note,
    number_text,
    survey_row,
)

PASSES = Q(grade__in=PASSING_GRADES)
GOOD = Q(grade__in=GOOD_GRADES)
SUMS = {
    "n": Count("pk"),
    "passed": Count("pk", filter=PASSES),
    "good": Count("pk", filter=GOOD),
}


def _labels():
    """Numerator and denominator labels per measure: pass or better, good or better."""
    tested = _("People tested")
    return {
        "passed": (_("People tested with pass or better"), tested),
        "good": (_("People tested with good or better"), tested),
    }


def target_for(version):
    """The plan's target, for a version of the standard it was set under; None for any other.

    The 91 % target and the 85 % baseline were set under the scoring in use in 2020, and pass
    rates are compared only within one version.
    """
    if version is not None and version["standard__code"] == targets.PHYSIQUE_TARGET_VERSION:
        return targets.PHYSIQUE_PASS_PERCENT
    return None


def _row(key, label, sums, measure="passed", empty_note=""):
    sums = sums or {}
    return survey_row(
        str(key),
        str(label),
        part=sums.get(measure),
        whole=sums.get("n"),
        sample=sums.get("n"),
        min_sample=settings.PORTAL_INDICATOR_MIN_SAMPLE,
        empty_note=empty_note,
    )


def _percent(row):
    if row.value is None:
        return row.note or "–"
    return _("%(value)s %% (95 %% CI %(low)s–%(high)s %%)") % {
        "value": number_text(row.value, 1),
        "low": number_text(row.low, 1),
        "high": number_text(row.high, 1),
    }


def _versions():
    """Results per year and version, all years: the trend, the year's versions, the latest year."""
    rows = (
        PhysiqueResult.objects.values("year", "standard", "standard__code", "standard__name")
        .order_by()
        .annotate(**SUMS, imported=Max("import_run__imported_at"))
    )
    return sorted(rows, key=lambda row: (row["year"], row["standard__code"]), reverse=True)


def _dimensions(year):
    """The year's results per version and age group, sex, urban/rural and township (4 queries)."""
    results = PhysiqueResult.objects.filter(year=year).order_by()
    return {
        field: {
            (row["standard"], row[field]): row
            for row in results.values("standard", field).annotate(**SUMS)
        }
        for field in ("age_group", "sex", "is_urban", "township")
    }


def _tables(version, cells, townships, headline):
    """Pass-or-better and good-or-better tables of one version; other versions say so in titles.

    Pass-or-better tables are judged against the plan's target only under the version it was
    set under; good-or-better tables never are: the target is for pass or better.
    """
    pk = version["standard"]
    nobody = _("nobody tested")
    members = {  # (value in the data, row key, label)
        "age_group": [(value, value, label) for value, label in AgeGroup.choices],
        "sex": [(value, value, label) for value, label in Sex.choices],
        "is_urban": [(True, "urban", _("Urban")), (False, "rural", _("Rural"))],
        "township": [(t.pk, t.code, t.name) for t in townships],
    }
    titles = {
        ("passed", "age_group"): _("Pass or better by age group"),
        ("passed", "sex"): _("Pass or better by sex"),
        ("passed", "is_urban"): _("Pass or better, urban or rural"),
        ("good", "age_group"): _("Good or better by age group"),
        ("good", "sex"): _("Good or better by sex"),
        ("good", "is_urban"): _("Good or better, urban or rural"),
        ("good", "township"): _("Good or better by township"),
    }
    if not headline:
        titles[("passed", "township")] = _("Pass or better by township")
    labels = _labels()
    tables = []
    for (measure, field), title in titles.items():
        if not headline:
            title = _("%(table)s, under %(version)s (not comparable with the headline)") % {
                "table": title,
                "version": version["standard__name"],
            }
        rows = [
            _row(key, label, cells[field].get((pk, value)), measure, nobody)
            for value, key, label in members[field]
        ]
        target = target_for(version) if measure == "passed" else None
        tables.append(Breakdown(title, rows, target, *labels[measure]))
    return tables


def _trend(versions, standard):
    points = {(row["year"], row["standard"]): row for row in versions}
    return [(y, _row(y, y, points.get((y, standard))).value) for y in targets.TREND_YEARS]


def physique_pass(year):
    """The pass rate of `year` under one standard version, other versions beside it."""
    versions = _versions()
    this_year = [row for row in versions if row["year"] == year]
    headline = this_year[0] if this_year else None
    # The main trend line follows the headline version, or the newest version with any results.
    trend_version = headline or max(versions, key=lambda r: r["standard__code"], default=None)
    # Without results this year there is nothing to judge; the plan's target stands as set.
    comparable = headline is None or target_for(headline) is not None
    target = targets.PHYSIQUE_PASS_PERCENT if comparable else None
    baseline = targets.PHYSIQUE_PASS_BASELINE_PERCENT if comparable else None

    townships = list(Township.objects.order_by("code"))
    cells = _dimensions(year) if headline else None
    breakdowns, extras, by_township, notes = [], [], [], []
    county = _row("county", _("County"), headline, empty_note=_("nobody tested"))
    good = _row("good", _("Good or better"), headline, "good")
    if headline:
        by_township = [
            _row(t.code, t.name, cells["township"].get((headline["standard"], t.pk)))
            for t in townships
        ]
        for version in this_year:
            breakdowns += _tables(version, cells, townships, version is headline)
        breakdowns.append(
            Breakdown(  # one version per row: no one target applies to the table
                _("Standard versions in %(year)s") % {"year": year},
                [_version_row(version, version is headline) for version in this_year],
                None,
                *_labels()["passed"],
            )
        )
        extras = [
            (_("Graded under"), headline["standard__name"]),
            (_("People tested"), number_text(headline["n"])),
            (_("%(level)d %% confidence interval") % {"level": 95}, _percent(county)),
            (_("Good or better"), _percent(good)),
            *(_other_version_extra(version, year) for version in this_year[1:]),
        ]
        notes += _headline_notes(headline, this_year, cells, county)
    else:
        notes.append(
            no_data_note(
                year,
                max((r["year"] for r in versions), default=None),
                nothing_yet=_("No physique test results have been imported yet."),
                not_this_year=_(
                    "No physique test results for %(year)s; the latest year with data is "
                    "%(latest)s."
                ),
            )
        )
    target_version = _version_name(versions, targets.PHYSIQUE_TARGET_VERSION)
    target_note = ""
    if not comparable:
        target_note = _(
            "Not comparable: the plan's target and baseline were set under %(target_version)s "
            "scoring, and this figure is graded under %(version)s, so it is shown without a "
            "verdict."
        ) % {"target_version": target_version, "version": headline["standard__name"]}
        notes.append(target_note)
    notes.append(
        _(
            "Age groups are the standard's: children 3–6, adults 20–59, elderly 60–79; pupils "
            "are assessed under the national student physical health standard (国家学生体质健康"
            "标准) and are not part of this figure."
        )
    )
    if comparable:
        notes.append(
            _("The plan's baseline is %(baseline)d %% at the end of 2020, under %(version)s.")
            % {"baseline": baseline, "version": target_version}
        )
    plan_target = targets.PHYSIQUE_PASS_PERCENT
    series = {  # every other version with results in the trend years: a line of its own
        version["standard__name"]: version["standard"]
        for version in versions
        if version["year"] in targets.TREND_YEARS
        and version["standard"] != trend_version["standard"]
    }

    return Indicator(
        key="physique_pass",
        title=_("National physique monitoring pass rate"),
        unit="%",
        year=year,
        value=county.value,
        target=target,
        target_text=(
            _("At least %(target)d %% pass by 2025 (baseline %(baseline)d %%, 2020)")
            % {"target": plan_target, "baseline": targets.PHYSIQUE_PASS_BASELINE_PERCENT}
            if comparable
            else _("At least %(target)d %% pass by 2025, under %(version)s scoring")
            % {"target": plan_target, "version": target_version}
        ),
        target_note=target_note,
        definition=_(
            "Share of people tested in the national physique monitoring whose composite score "
            "under the national physique standard (《国民体质测定标准》) reaches pass (合格) or "
            "better: excellent, good or pass. Rates are compared only within one version of the "
            "standard."
        ),
        source=_(
            "Huize County education and sports plan 2021–2025, chapter 2 §3(5) and chapter 3 §9; "
            "national physique monitoring (国民体质监测)."
        ),
        numerator_label=_labels()["passed"][0],
        numerator=county.numerator,
        denominator_label=_labels()["passed"][1],
        denominator=county.denominator,
        data_date=imported_on(headline["imported"], year) if headline else None,
        baseline=baseline,
        sample=county.sample if headline else None,
        low=county.low,
        high=county.high,
        extras=extras,
        by_township=by_township,
        breakdowns=breakdowns,
        # No shortfall can be told against a target set under another version.
        gaps_title=_("Townships below %(target)d %%") % {"target": target} if comparable else "",
        gaps=[Gap(r.label, r.label, _percent(r)) for r in below_target(by_township, target)],
        trend=_trend(versions, trend_version["standard"]) if trend_version else [],
        trend_label=(
            _("Graded under %(version)s") % {"version": trend_version["standard__name"]}
            if trend_version
            else ""
        ),
        trend_series={
            _("Graded under %(version)s") % {"version": name}: _trend(versions, pk)
            for name, pk in series.items()
        },
        notes=notes,
        trace_public=False,
    )


def _version_name(versions, code):
    """The name of the version `code`, from the results if any were graded under it."""
    for version in versions:
        if version["standard__code"] == code:
            return version["standard__name"]
    name = PhysiqueStandard.objects.filter(code=code).values_list("name", flat=True).first()
    return name or code


def _version_row(version, is_headline):
    row = _row(version["standard__code"], version["standard__name"], version)
    note = _("headline") if is_headline else _("shown separately: not comparable")
    row.note = f"{row.note}; {note}" if row.note else note
    return row


def _other_version_extra(version, year):
    label = _("Also tested in %(year)s under %(version)s (not comparable)") % {
        "year": year,
        "version": version["standard__name"],
    }
    text = _("%(n)s tested; pass or better %(passed)s; good or better %(good)s") % {
        "n": number_text(version["n"]),
        "passed": _percent(_row("passed", "", version)),
        "good": _percent(_row("good", "", version, "good")),
    }
    return label, text


def _headline_notes(headline, this_year, cells, county):
    notes = []
    if county.note:
        notes.append(county.note)
    if len(this_year) > 1:
        notes.append(
            _(
                "Results of %(year)s were graded under %(count)d versions of the standard. "
                "Rates are never compared across versions: the headline uses %(version)s, the "
                "newest; the others are shown separately."
            )
            % {
                "year": headline["year"],
                "count": len(this_year),
                "version": headline["standard__name"],
            }
        )
    unplaced = cells["township"].get((headline["standard"], None))
    if unplaced:
        notes.append(
            ngettext(
                "%(n)s person tested without a township counts in the county figure only.",
                "%(n)s people tested without a township count in the county figure only.",
                unplaced["n"],
            )
            % {"n": number_text(unplaced["n"])}
        )
    notes.append(
        _("Cells with fewer than %(min)d people tested show no figure; intervals are Wilson 95 %%.")
        % {"min": settings.PORTAL_INDICATOR_MIN_SAMPLE}
    )
    return notes


def physique_pass_trace(year):
    """Every result of `year`, under every version, with what decides whether it passes."""
    results = (
        PhysiqueResult.objects.filter(year=year)
        .annotate(passes=ExpressionWrapper(PASSES, output_field=BooleanField()))
        .order_by("standard__code", "subject_code")
    )
    return Trace.of(
        results,
        [
            ("subject_code", _("subject code")),
            ("year", _("year")),
            ("standard__code", _("standard version")),
            ("age_group", _("age group")),
            ("sex", _("sex")),
            ("is_urban", _("urban")),
            ("township__name", _("township")),
            ("score", _("composite score")),
            ("grade", _("grade")),
            ("passes", _("passes")),
        ],
    )
