"""The 1-2-2-5 tracker: what counts towards the plan, and how far the event system reaches.

* "1-2-2": by 2025, 1 national major event brought in, 2 provincial events hosted, 2 local
  signature festivals created. Counted from events an editor ticked as counting, by plan year and
  tier, cancelled ones left out (aggregated in the database).
* "5": within five years a multi-level event system covering every township in every season.
  Shown per calendar year as townships × seasons and tiers × seasons: an event counts once in
  each season in which one of its occurrences starts (cancelled occurrences, cancelled and
  postponed events left out).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from .choices import PLAN_TARGETS, PLAN_YEARS, SEASON_OF_MONTH, Season, Tier
from .recurrence import midnight


@dataclass
class TierProgress:
    tier: str
    label: str
    target: int | None
    per_year: dict
    total: int = 0

    @property
    def met(self):
        return None if self.target is None else self.total >= self.target

    @property
    def remaining(self):
        return None if self.target is None else max(self.target - self.total, 0)


@dataclass
class PlanProgress:
    years: tuple
    tiers: list
    events_by_year: dict

    @property
    def targeted(self):
        return [tier for tier in self.tiers if tier.target is not None]

    @property
    def rows(self):
        """(year, [count per tier]) for the table."""
        return [(year, [tier.per_year[year] for tier in self.tiers]) for year in self.years]

    @property
    def all_met(self):
        return all(tier.met for tier in self.targeted)


def plan_progress(events):
    """Counts per plan year and tier of `events` (a visible EventPage queryset) that count."""
    counted = events.counting_towards_plan()
    table = {
        (row["plan_year"], row["tier"]): row["n"]
        for row in counted.order_by()
        .values("plan_year", "tier")
        .annotate(n=Count("pk", distinct=True))
    }
    tiers = []
    for tier in Tier:
        per_year = {year: table.get((year, tier.value), 0) for year in PLAN_YEARS}
        tiers.append(
            TierProgress(
                tier=tier.value,
                label=str(tier.label),
                target=PLAN_TARGETS.get(tier),
                per_year=per_year,
                total=sum(per_year.values()),
            )
        )
    events_by_year = {year: [] for year in PLAN_YEARS}
    for event in counted.for_listing().order_by("plan_year", "series_start", "pk"):
        events_by_year.setdefault(event.plan_year, []).append(event)
    return PlanProgress(PLAN_YEARS, tiers, events_by_year)


@dataclass
class CoverageRow:
    label: str
    counts: list  # one per season, in Season order
    key: str = ""

    @property
    def total(self):
        return sum(self.counts)

    @property
    def gaps(self):
        return sum(1 for count in self.counts if not count)

    @property
    def complete(self):
        return not self.gaps


@dataclass
class Coverage:
    year: int
    seasons: list
    townships: list = field(default_factory=list)  # CoverageRow per township
    tiers: list = field(default_factory=list)  # CoverageRow per tier
    events: int = 0

    @property
    def townships_complete(self):
        return sum(1 for row in self.townships if row.complete)

    @property
    def townships_per_season(self):
        """How many townships have at least one event, season by season."""
        return [
            sum(1 for row in self.townships if row.counts[index])
            for index in range(len(self.seasons))
        ]

    @property
    def gaps(self):
        return sum(row.gaps for row in self.townships)


def coverage(events, townships, year):
    """Townships × seasons and tiers × seasons of `events` taking place in `year`."""
    start, end = midnight(date(year, 1, 1)), midnight(date(year + 1, 1, 1))
    seasons = list(Season)
    by_township = defaultdict(Counter)
    by_tier = defaultdict(Counter)
    total = 0
    for event in events.taking_place().in_range(start, end).for_listing():
        in_year = {
            SEASON_OF_MONTH[occurrence.start.month]
            for occurrence in event.occurrences(start, end)
            if not occurrence.cancelled and start <= occurrence.start < end
        }
        if not in_year:
            continue
        total += 1
        for season in in_year:
            by_township[event.township_id][season] += 1
            by_tier[event.tier][season] += 1
    result = Coverage(year, seasons, events=total)
    for township in townships:
        counts = [by_township[township.pk][season] for season in seasons]
        result.townships.append(CoverageRow(township.name, counts, key=township.code))
    for tier in Tier:
        counts = [by_tier[tier.value][season] for season in seasons]
        result.tiers.append(CoverageRow(str(tier.label), counts, key=tier.value))
    return result
