"""Results of the national physique monitoring (国民体质监测), each graded under one version of
the standard, because pass rates are only comparable within a version.

A row may give the grade, the composite score, or both. A score alone is graded with the
version's cut-offs; a version without cut-offs needs the grade. A grade that the cut-offs
contradict is refused rather than silently trusted or overwritten.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..surveys.models import Grade, PhysiqueResult, PhysiqueStandard
from .base import MB, Column, Importer, field_bounds
from .cells import at_least, to_text, word, year_between
from .models import ImportKind
from .vocabulary import (
    GRADES,
    SEXES,
    to_age_group,
    township_column,
    township_lookup,
    urban_column,
)


class PhysiqueImporter(Importer):
    kind = ImportKind.PHYSIQUE
    model = PhysiqueResult
    key_fields = ("year", "subject_code")
    sheet_title = "体质监测 physique"
    description = gettext_lazy(
        "One row per person tested in the physique monitoring: age group, sex, urban or rural, "
        "the version of the standard, and the score and/or grade. Matched on year and subject "
        "code; no names."
    )
    max_rows = 200_000
    max_bytes = 50 * MB
    columns = (
        Column(
            "year",
            "测试年份",
            aliases=("year", "年份"),
            parse=year_between(*field_bounds(PhysiqueResult, "year")),
            required=True,
            help=gettext_lazy("The year of the test."),
            example=2024,
        ),
        Column(
            "subject_code",
            "受测者编码",
            aliases=("subject_code", "编码", "code"),
            required=True,
            help=gettext_lazy("The tested person's code, unique within the year; never a name."),
            example="TZ2024-000001",
        ),
        Column(
            "age_group",
            "年龄组",
            aliases=("age_group",),
            parse=to_age_group,
            required=True,
            help=gettext_lazy("3-6, 20-59 or 60-79 (the monitoring's age groups)."),
            example="20-59",
        ),
        Column(
            "sex",
            "性别",
            aliases=("sex",),
            parse=SEXES,
            required=True,
            help=gettext_lazy("男 or 女 (male/female)."),
            example="女",
        ),
        urban_column(),
        Column(
            "standard",
            "标准版本",
            aliases=("standard", "版本"),
            parse=to_text,
            required=True,
            lookup="standards",
            not_found=gettext_lazy("Unknown version “%(value)s” of the physique standard."),
            help=gettext_lazy(
                "The version of the national physique standard the result is graded under, "
                "by its code (for example 2023); see Physique standard versions in the admin."
            ),
            example="2023",
        ),
        township_column(required=False),
        Column(
            "score",
            "综合得分",
            aliases=("score", "得分"),
            parse=at_least(Decimal(0)),
            help=gettext_lazy(
                "The composite score; with no grade, the version's cut-offs give the grade."
            ),
            example=26,
        ),
        Column(
            "grade",
            "评定等级",
            aliases=("grade", "等级"),
            parse=GRADES,
            empty="",
            help=gettext_lazy("优秀, 良好, 合格 or 不合格 (excellent/good/pass/fail)."),
            example="合格",
        ),
    )

    def lookups(self):
        standards = {word(s.code): s for s in PhysiqueStandard.objects.all()}
        return {"townships": township_lookup(), "standards": standards}

    def finish(self, fields, lookups):
        standard, score, grade = fields["standard"], fields.get("score"), fields.get("grade")
        if score is None and not grade:
            return [_("Give the composite score, the grade, or both.")]
        earned = standard.grade_for(score)
        if not grade:
            if earned is None:
                return [
                    _(
                        "Version %(version)s has no score cut-offs, so a score alone cannot be "
                        "graded: give the grade too, or enter the cut-offs first."
                    )
                    % {"version": standard.code}
                ]
            fields["grade"] = earned
        elif earned is not None and earned != grade:
            return [
                _("A score of %(score)s is %(earned)s under version %(version)s, not %(grade)s.")
                % {
                    "score": score,
                    "earned": Grade(earned).label,
                    "version": standard.code,
                    "grade": Grade(grade).label,
                }
            ]
        return []
