"""Resident population of each township by year (常住人口), with the source of each figure.

The per-capita sports area divides by these figures, so every one names its source; a row is
matched on township and year, so a corrected census bulletin simply updates the year's figure.
"""

from django.utils.translation import gettext_lazy as _

from ..models import TownshipPopulation
from .base import Column, Importer, field_bounds
from .cells import to_int, year_between
from .models import ImportKind
from .vocabulary import township_column, township_lookup


class PopulationImporter(Importer):
    kind = ImportKind.POPULATION
    model = TownshipPopulation
    key_fields = ("township", "year")
    sheet_title = "人口 population"
    description = _(
        "The resident population (常住人口) of each township at the end of a year, with its "
        "source. Matched on township and year: a new figure for the same year replaces the old."
    )
    max_rows = 5_000
    columns = (
        township_column(),
        Column(
            "year",
            "年份",
            aliases=("year",),
            parse=year_between(*field_bounds(TownshipPopulation, "year")),
            required=True,
            help=_("The year the figure is for (population at 31 December)."),
            example=2020,
        ),
        Column(
            "population",
            "常住人口",
            aliases=("population", "人口"),
            parse=to_int,
            required=True,
            help=_("Resident population, a whole number of people."),
            example=61234,
        ),
        Column(
            "source",
            "来源",
            aliases=("source", "数据来源"),
            required=True,
            help=_("Where the figure comes from, for example the census bulletin."),
            example="第七次全国人口普查公报",
        ),
    )

    def lookups(self):
        return {"townships": township_lookup()}

    def queryset(self):
        return super().queryset().select_related("township")

    def describe(self, instance):
        return f"{instance.township.name} {instance.year}"

    def key_label(self, fields):
        return f"{fields['township'].name} {fields['year']}"
