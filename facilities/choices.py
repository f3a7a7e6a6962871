"""Fixed vocabularies of the registry, from the national sports-ground survey (see domain facts)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TownshipKind(models.TextChoices):
    SUBDISTRICT = "subdistrict", _("Sub-district (街道)")
    TOWN = "town", _("Town (镇)")
    TOWNSHIP = "township", _("Township (乡)")
    ETHNIC_TOWNSHIP = "ethnic_township", _("Ethnic township (民族乡)")


class CommunityKind(models.TextChoices):
    VILLAGE = "village", _("Administrative village (行政村)")
    COMMUNITY = "community", _("Residents' community (社区)")


class SchoolStage(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    SENIOR = "senior", _("Senior secondary school")
    NINE_YEAR = "nine_year", _("Nine-year school")
    COMPLETE = "complete", _("Complete secondary school")
    VOCATIONAL = "vocational", _("Vocational school")
    SPORTS = "sports", _("Sports school")


class FacilityKind(models.TextChoices):
    """Survey categories; fitness centre, trail and physique test centre are plan targets."""

    ATHLETICS_TRACK = "athletics_track", _("Athletics field with 400 m track")
    ATHLETICS_OTHER = "athletics_other", _("Athletics field without 400 m track")
    POOL_OUTDOOR = "pool_outdoor", _("Outdoor swimming pool")
    POOL_INDOOR = "pool_indoor", _("Indoor swimming hall")
    NATURAL_WATER = "natural_water", _("Natural swimming water")
    FOOTBALL_11 = "football_11", _("Football pitch (11-a-side)")
    FOOTBALL_7 = "football_7", _("Football pitch (7-a-side)")
    FOOTBALL_5 = "football_5", _("Football pitch (5-a-side)")
    BASKETBALL_OUTDOOR = "basketball_outdoor", _("Outdoor basketball court")
    BASKETBALL_3X3 = "basketball_3x3", _("3x3 basketball court")
    BASKETBALL_HALL = "basketball_hall", _("Basketball hall")
    VOLLEYBALL = "volleyball", _("Volleyball court")
    TENNIS = "tennis", _("Tennis court")
    TABLE_TENNIS = "table_tennis", _("Table tennis venue")
    BADMINTON = "badminton", _("Badminton venue")
    ICE_SNOW = "ice_snow", _("Ice and snow venue")
    FITNESS_PATH = "fitness_path", _("Fitness equipment path (全民健身路径)")
    GYM = "gym", _("Gym")
    FITNESS_TRAIL = "fitness_trail", _("Fitness trail (健身步道)")
    FITNESS_CENTRE = "fitness_centre", _("National fitness centre (全民健身中心)")
    MULTI_PURPOSE_HALL = "multi_purpose_hall", _("Indoor multi-purpose hall")
    PHYSIQUE_TEST_CENTRE = "physique_test_centre", _("Physique test centre")
    OUTDOOR_CAMP = "outdoor_camp", _("Outdoor sports camp")
    OTHER = "other", _("Other sports ground")


class OwnerType(models.TextChoices):
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    SCHOOL = "school", _("School")
    VILLAGE_COMMITTEE = "village_committee", _("Village committee")
    RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee")
    ENTERPRISE = "enterprise", _("Enterprise")
    GOVERNMENT = "government", _("Government body")
    OTHER = "other", _("Other")


class Setting(models.TextChoices):
    INDOOR = "indoor", _("Indoor")
    OUTDOOR = "outdoor", _("Outdoor")
    BOTH = "both", _("Indoor and outdoor")


class FacilityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FeePolicy(models.TextChoices):
    FREE = "free", _("Free")
    LOW = "low", _("Low fee")
    PAID = "paid", _("Paid")
