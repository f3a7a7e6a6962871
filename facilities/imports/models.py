"""A log of applied imports, so a figure can be traced to the file its rows came from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    POPULATION = "population", _("Township population by year")
    FACILITIES = "facilities", _("Venues (survey columns)")
    COMMUNITIES = "communities", _("Communities and villages")
    EXERCISE = "exercise", _("Exercise survey responses")
    PHYSIQUE = "physique", _("Physique test results")


class ImportRun(models.Model):
    kind = models.CharField(_("data"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=200)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)

    class Meta:
        ordering = ["-imported_at"]
        get_latest_by = "imported_at"
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name}"


class ImportJob(models.Model):
    """A large upload that the task worker checks and, once its editor confirms, applies.

    The file waits in the default storage (`stored_as`) until it is applied or expires; `report`
    is the dry run as the status page shows it (see jobs.report_of), `fingerprint` what applying
    would change (base.Plan.fingerprint), "" while nothing can be applied.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        CHECKED = "checked", _("Checked")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("data"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=200)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    stored_as = models.CharField(max_length=255, blank=True)
    problems_stored_as = models.CharField(max_length=255, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("started by"),
    )
    language = models.CharField(max_length=16)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    report = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import in the background")
        verbose_name_plural = _("imports in the background")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name} · {self.get_status_display()}"

    @property
    def busy(self):
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)
