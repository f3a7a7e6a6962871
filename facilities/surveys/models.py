"""Imported survey microdata behind the exercise and physique indicators.

Rows hold no names: a respondent or a tested person is known only by the code the survey gave
them, which with the year is the key a re-import matches on.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Intensity(models.TextChoices):
    LIGHT = "light", pgettext_lazy("exercise intensity", "Light")
    MODERATE = "moderate", pgettext_lazy("exercise intensity", "Moderate")
    VIGOROUS = "vigorous", pgettext_lazy("exercise intensity", "Vigorous")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class AgeGroup(models.TextChoices):
    """The national physique monitoring's groups (《国民体质测定标准》)."""

    PRESCHOOL = "3-6", _("Children 3–6")
    ADULT = "20-59", _("Adults 20–59")
    ELDERLY = "60-79", _("Elderly 60–79")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    GOOD = "good", _("Good (良好)")
    PASS = "pass", _("Pass (合格)")
    FAIL = "fail", _("Fail (不合格)")


PASSING_GRADES = (Grade.EXCELLENT, Grade.GOOD, Grade.PASS)
GOOD_GRADES = (Grade.EXCELLENT, Grade.GOOD)


class ImportedRow(models.Model):
    """A survey row that knows the import which created or last changed it."""

    import_run = models.ForeignKey(
        "facilities.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import"),
    )

    class Meta:
        abstract = True


class ExerciseResponse(ImportedRow):
    """One respondent of the weighted household survey on taking part in exercise."""

    survey_year = models.PositiveSmallIntegerField(
        _("survey year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    respondent_code = models.CharField(_("respondent code"), max_length=40)
    township = models.ForeignKey(
        "facilities.Township",
        on_delete=models.PROTECT,
        related_name="exercise_responses",
        verbose_name=_("township"),
    )
    is_urban = models.BooleanField(_("urban"))
    age = models.PositiveSmallIntegerField(_("age"), validators=[MaxValueValidator(120)])
    weight = models.DecimalField(
        _("weight"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text=_("How many residents this respondent stands for in the weighted sample."),
    )
    sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions per week"), validators=[MaxValueValidator(28)]
    )
    minutes_per_session = models.PositiveSmallIntegerField(
        _("minutes per session"), validators=[MaxValueValidator(600)]
    )
    intensity = models.CharField(_("intensity"), max_length=10, choices=Intensity.choices)
    commuting_or_after_meal_walk = models.BooleanField(
        _("commuting or after-meal walking"),
        default=False,
        help_text=_("Walking after meals and commuting on foot or by bike are not exercise."),
    )

    class Meta:
        ordering = ["survey_year", "respondent_code"]
        verbose_name = _("exercise survey response")
        verbose_name_plural = _("exercise survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey_year", "respondent_code"], name="one_response_per_respondent"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="response_weight_positive"),
        ]
        indexes = [models.Index(fields=["survey_year", "township"], name="response_year_town")]

    def __str__(self):
        return f"{self.survey_year} {self.respondent_code}"


class PhysiqueStandard(models.Model):
    """A version of the national physique standard; results are compared only within one."""

    code = models.CharField(
        _("version code"), max_length=20, unique=True, help_text=_("For example: 2003, 2023.")
    )
    name = models.CharField(_("name"), max_length=100)
    # Composite-score cut-offs, used only to grade rows imported with a score and no grade.
    pass_min = models.DecimalField(
        _("lowest passing score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    good_min = models.DecimalField(
        _("lowest good score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    excellent_min = models.DecimalField(
        _("lowest excellent score"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("physique standard version")
        verbose_name_plural = _("physique standard versions")

    def __str__(self):
        return self.name

    def clean(self):
        cut_offs = [self.pass_min, self.good_min, self.excellent_min]
        if any(v is not None for v in cut_offs) and None in cut_offs:
            raise ValidationError(_("Give all three score cut-offs, or none."))
        if None not in cut_offs and not (self.pass_min < self.good_min < self.excellent_min):
            raise ValidationError(_("The cut-offs must rise: pass < good < excellent."))

    @property
    def grades_scores(self):
        return self.pass_min is not None

    def grade_for(self, score):
        """The grade a composite score earns under this version, or None without cut-offs."""
        if not self.grades_scores or score is None:
            return None
        if score >= self.excellent_min:
            return Grade.EXCELLENT
        if score >= self.good_min:
            return Grade.GOOD
        if score >= self.pass_min:
            return Grade.PASS
        return Grade.FAIL


class PhysiqueResult(ImportedRow):
    """One person's graded result in the national physique monitoring."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    subject_code = models.CharField(_("subject code"), max_length=40)
    township = models.ForeignKey(
        "facilities.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="physique_results",
        verbose_name=_("township"),
    )
    age_group = models.CharField(_("age group"), max_length=5, choices=AgeGroup.choices)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    is_urban = models.BooleanField(_("urban"))
    standard = models.ForeignKey(
        PhysiqueStandard,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("standard version"),
    )
    score = models.DecimalField(
        _("composite score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)

    class Meta:
        ordering = ["year", "subject_code"]
        verbose_name = _("physique test result")
        verbose_name_plural = _("physique test results")
        constraints = [
            models.UniqueConstraint(fields=["year", "subject_code"], name="one_result_per_subject")
        ]
        indexes = [models.Index(fields=["year", "standard"], name="physique_year_standard")]

    def __str__(self):
        return f"{self.year} {self.subject_code}"
