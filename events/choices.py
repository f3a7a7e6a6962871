"""Fixed vocabularies of the event calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The plan's period and its "1-2-2" targets (the "5" is the county-wide, all-season system).
PLAN_FIRST_YEAR = 2021
PLAN_LAST_YEAR = 2025
PLAN_YEARS = tuple(range(PLAN_FIRST_YEAR, PLAN_LAST_YEAR + 1))


class Tier(models.TextChoices):
    NATIONAL = "national", _("National major event")
    PROVINCIAL = "provincial", _("Provincial event")
    SIGNATURE = "signature", _("Local signature sports festival")
    COUNTY = "county", _("County mass sports event")
    SCHOOL = "school", _("School sports event")


# Tiers with a "1-2-2" target: by 2025 bring in 1 national major event, host 2 provincial
# events and create 2 local signature festivals.
PLAN_TARGETS = {Tier.NATIONAL: 1, Tier.PROVINCIAL: 2, Tier.SIGNATURE: 2}


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed (new date to follow)")
    CANCELLED = "cancelled", _("Cancelled")
    RESCHEDULED = "rescheduled", _("Rescheduled (moved to the dates shown)")


class Repeat(models.TextChoices):
    NONE = "", _("Does not repeat")
    WEEKLY = "weekly", _("Weekly, on the start's weekday")
    MONTHLY_DAY = "monthly_day", _("Monthly, on the start's day of the month")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Monthly, on the same weekday (e.g. the 2nd Saturday)")


class ChangeAction(models.TextChoices):
    CANCEL = "cancel", _("Cancelled")
    MOVE = "move", _("Moved")


class Season(models.TextChoices):
    """Meteorological seasons of the calendar year: winter is January, February and December."""

    SPRING = "spring", _("Spring (Mar–May)")
    SUMMER = "summer", _("Summer (Jun–Aug)")
    AUTUMN = "autumn", _("Autumn (Sep–Nov)")
    WINTER = "winter", _("Winter (Dec–Feb)")


SEASON_OF_MONTH = {
    1: Season.WINTER,
    2: Season.WINTER,
    3: Season.SPRING,
    4: Season.SPRING,
    5: Season.SPRING,
    6: Season.SUMMER,
    7: Season.SUMMER,
    8: Season.SUMMER,
    9: Season.AUTUMN,
    10: Season.AUTUMN,
    11: Season.AUTUMN,
    12: Season.WINTER,
}
