"""Benchmark of the plan's indicators on a province-sized registry: time and queries per indicator.

    .venv/bin/python bench/indicators.py                    # SQLite, a temporary file
    DATABASE_URL=postgres://… .venv/bin/python bench/indicators.py
    .venv/bin/python bench/indicators.py --scale 0.1        # a tenth of every size, quicker

Builds its own throwaway database (a temporary SQLite file unless DATABASE_URL is set, in which
case it uses Django's test database on that server) and fills it with bulk_create: 1,500
townships with their populations for 2020–2025, 15,000 communities and villages, 8,000 schools,
250,000 venues spread over the communities and opened from 1995 to 2025, 20,000 bookable
units with weekly hours and two years of bookings, 100,000 exercise survey responses and
100,000 physique results. Then it times `registry.compute_all(year)` (every indicator, every
township) and each indicator function on its own, medians of --repeat runs, counts their
queries, and times reading each indicator's trace rows (what the CSV export streams).
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportsportal.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = {
    "townships": 1_500,
    "communities": 15_000,
    "schools": 8_000,
    "facilities": 250_000,
    "units": 20_000,
    "bookings": 200_000,
    "responses": 100_000,
    "results": 100_000,
}
YEARS = range(2020, 2026)
SURVEY_YEARS = (2020, 2022, 2024, 2025)
# Yunnan's extent, roughly: a province of 1,500 townships.
LAT, LON = (21.2, 29.2), (97.6, 106.1)
PUBLIC_KINDS = {
    "fitness_path": 30,
    "basketball_outdoor": 22,
    "athletics_other": 4,
    "football_5": 4,
    "football_7": 2,
    "table_tennis": 4,
    "badminton": 4,
    "gym": 4,
    "tennis": 2,
    "volleyball": 3,
    "fitness_trail": 2,
    "fitness_centre": 1,
    "basketball_hall": 1,
    "pool_outdoor": 1,
    "other": 16,
}
SCHOOL_KINDS = {
    "basketball_outdoor": 30,
    "athletics_track": 15,
    "athletics_other": 15,
    "volleyball": 12,
    "table_tennis": 8,
    "multi_purpose_hall": 8,
    "tennis": 6,
    "physique_test_centre": 6,
}
BOOKABLE = {
    "basketball_outdoor", "football_5", "football_7", "table_tennis", "badminton", "tennis",
    "volleyball", "fitness_centre", "basketball_hall", "pool_outdoor", "athletics_track",
    "athletics_other", "multi_purpose_hall",
}  # fmt: skip
BATCH = 5_000


def _pick(rng, weights):
    return rng.choices(list(weights), list(weights.values()))[0]


def _bulk(model, rows):
    """bulk_create in slices, so 250,000 unsaved rows never sit in memory at once."""
    created = []
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            created += model.objects.bulk_create(batch)
            batch = []
    created += model.objects.bulk_create(batch)
    return created


def build_registry(sizes, rng):
    from facilities.models import Community, School, Township, TownshipPopulation

    townships = _bulk(
        Township,
        (
            Township(
                name=f"基准乡镇{i:05d}",
                code=f"53{i:07d}000",
                kind="subdistrict" if i % 5 == 0 else rng.choice(("town", "township")),
                is_urban=i % 5 == 0,
            )
            for i in range(sizes["townships"])
        ),
    )
    centres = {
        t.pk: (rng.uniform(*LAT), rng.uniform(*LON), 0.012 if t.is_urban else 0.04)
        for t in townships
    }
    communities = _bulk(
        Community,
        (
            Community(
                township=t,
                name=f"社区{i:06d}",
                kind="community" if t.is_urban else "village",
                population=rng.randint(500, 6_000),
                latitude=centres[t.pk][0] + rng.uniform(-centres[t.pk][2], centres[t.pk][2]),
                longitude=centres[t.pk][1] + rng.uniform(-centres[t.pk][2], centres[t.pk][2]),
            )
            for i in range(sizes["communities"])
            for t in [townships[i % len(townships)]]
        ),
    )
    people = {}
    for c in communities:
        people[c.township_id] = people.get(c.township_id, 0) + c.population
    _bulk(
        TownshipPopulation,
        (
            TownshipPopulation(
                township_id=pk,
                year=year,
                population=round(total * (1 + 0.005 * (year - 2020))),
                source="基准数据",
            )
            for pk, total in people.items()
            for year in YEARS
        ),
    )
    schools = _bulk(
        School,
        (
            School(
                name=f"基准学校{i:05d}",
                township=townships[i % len(townships)],
                stage=rng.choice(("primary", "junior", "senior", "nine_year")),
                pupils=rng.randint(1_501, 5_000) if rng.random() < 0.2 else rng.randint(150, 1_500),
                eligible_for_opening=rng.random() < 0.85,
            )
            for i in range(sizes["schools"])
        ),
    )
    return townships, communities, schools


def _dates(rng):
    """(status, opened_on, closed_on): mostly open, opened 1995–2025, a few planned or closed."""
    roll = rng.random()
    if roll < 0.02:
        return "planned", None, None
    opened = date(rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28))
    if roll < 0.05:
        return "closed", opened, opened + timedelta(days=rng.randint(200, 4000))
    return "open", None if roll > 0.97 else opened, None


def build_facilities(sizes, rng, communities, schools):
    from facilities.models import Facility

    by_township = {}
    for c in communities:
        by_township.setdefault(c.township_id, []).append(c)
    # Venues crowd into some communities and miss others, so every indicator has gaps to list.
    popularity = list(itertools.accumulate(rng.random() ** 3 for _ in communities))
    now = timezone.now()

    def facility(i):
        school = schools[i % len(schools)] if rng.random() < 0.2 else None
        if school:
            community = rng.choice(by_township[school.township_id])
            kind = _pick(rng, SCHOOL_KINDS)
            public = school.eligible_for_opening and rng.random() < 0.9
        else:
            community = rng.choices(communities, cum_weights=popularity)[0]
            kind = _pick(rng, PUBLIC_KINDS)
            public = rng.random() < 0.92
        spread = 0.006 if rng.random() < 0.85 else 0.03
        status, opened, closed = _dates(rng)
        fee = rng.choice(("free", "free", "low"))
        return Facility(
            name=f"基准场地{i:06d}",
            slug=f"bench-{i}",
            kind=kind,
            owner_type="school" if school else rng.choice(("government", "village_committee")),
            school=school,
            township_id=community.township_id,
            community=community if rng.random() < 0.9 else None,
            latitude=community.latitude + rng.uniform(-spread, spread),
            longitude=community.longitude + rng.uniform(-spread, spread),
            playing_area=Decimal(rng.randint(80, 720)),
            status=status,
            opened_on=opened,
            closed_on=closed,
            open_to_public=public,
            fee_policy=fee,
            price=Decimal("10") if fee == "low" else None,
            live=rng.random() < 0.98,
            last_published_at=now,
        )

    return _bulk(Facility, (facility(i) for i in range(sizes["facilities"])))


def build_hours_and_bookings(sizes, rng, facilities):
    """Units at a sample of the public, bookable venues (most venues, paths and village courts,
    take no bookings); school hours for school units; bookings over 2024 and 2025."""
    from facilities.booking.models import Booking
    from facilities.hours.fields import mask_of
    from facilities.models import BookableUnit, OpeningRule

    bookable = [
        f for f in facilities if f.kind in BOOKABLE and f.open_to_public and f.status == "open"
    ]
    units = _bulk(
        BookableUnit,
        (
            BookableUnit(facility_id=f.pk, name="1号场", capacity=20)
            for f in rng.sample(bookable, min(sizes["units"], len(bookable)))
        ),
    )
    school = {f.pk for f in facilities if f.school_id}
    weekdays, weekend = mask_of(range(5)), mask_of([5, 6])

    def rules(unit):
        since = date(rng.randint(2019, 2025), rng.choice((3, 9)), 1)
        pattern = (
            [("term", weekdays, 6, 8), ("term", weekdays, 18, 21), ("term", weekend, 8, 21)]
            + [("vacation", 127, 8, 21)]
            if unit.facility_id in school
            else [("always", 127, 8, 21)]
        )
        for season, days, opens, closes in pattern:
            yield OpeningRule(
                unit_id=unit.pk,
                season=season,
                weekdays=days,
                opens_at=clock(opens),
                closes_at=clock(closes),
                valid_from=since,
            )

    _bulk(OpeningRule, (rule for unit in units for rule in rules(unit)))
    user = get_user_model().objects.create_user(
        username="bench", real_name="基准", phone="13700000000"
    )
    tz = timezone.get_current_timezone()
    first = date(2024, 1, 1)

    def booking(i):
        unit = rng.choice(units)
        start = datetime.combine(
            first + timedelta(days=rng.randrange(731)), clock(rng.choice((18, 19, 20))), tz
        )
        return Booking(
            unit_id=unit.pk,
            user=user,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            party_size=rng.randint(1, 4),
            code=f"B{i:011d}",
            status=rng.choice(("checked_in", "checked_in", "confirmed", "cancelled", "no_show")),
        )

    _bulk(Booking, (booking(i) for i in range(sizes["bookings"])))
    return len(units)


def build_surveys(sizes, rng, townships):
    from facilities.surveys.models import ExerciseResponse, PhysiqueResult, PhysiqueStandard

    intensities = ("light", "moderate", "vigorous")
    _bulk(
        ExerciseResponse,
        (
            ExerciseResponse(
                survey_year=SURVEY_YEARS[i % len(SURVEY_YEARS)],
                respondent_code=f"E{i:07d}",
                township=t,
                is_urban=t.is_urban,
                age=rng.randint(5, 85),
                weight=Decimal(rng.randint(5_000, 30_000)) / 10_000,
                sessions_per_week=rng.randint(0, 7),
                minutes_per_session=rng.choice((0, 15, 30, 45, 60, 90)),
                intensity=rng.choice(intensities),
                commuting_or_after_meal_walk=rng.random() < 0.1,
            )
            for i in range(sizes["responses"])
            for t in [rng.choice(townships)]
        ),
    )
    standards = dict(PhysiqueStandard.objects.values_list("code", "pk"))
    grades = ("excellent", "good", "pass", "pass", "pass", "fail")
    _bulk(
        PhysiqueResult,
        (
            PhysiqueResult(
                year=year,
                subject_code=f"P{i:07d}",
                township=t,
                age_group=rng.choice(("3-6", "20-59", "60-79")),
                sex=rng.choice(("male", "female")),
                is_urban=t.is_urban,
                standard_id=standards["2003" if year < 2023 else "2023"],
                grade=rng.choice(grades),
            )
            for i in range(sizes["results"])
            for t, year in [(rng.choice(townships), YEARS[i % len(YEARS)])]
        ),
    )


def build(sizes, rng):
    started = time.perf_counter()
    townships, communities, schools = build_registry(sizes, rng)
    facilities = build_facilities(sizes, rng, communities, schools)
    units = build_hours_and_bookings(sizes, rng, facilities)
    build_surveys(sizes, rng, townships)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a live database would have
    return units, time.perf_counter() - started


def _settings():
    """PostgreSQL's JIT setting: it adds seconds to the indicators' larger queries."""
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return f" (jit {cursor.fetchone()[0]})"


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def read_trace(entry, year):
    """Seconds to read every row of the indicator's trace, and how many rows it has."""
    started = time.perf_counter()
    rows = sum(1 for _ in entry.trace(year).rows)
    return time.perf_counter() - started, rows


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every size")
    parser.add_argument("--no-traces", action="store_true", help="skip reading the trace rows")
    args = parser.parse_args()

    from facilities.indicators import registry

    sizes = {name: max(1, round(n * args.scale)) for name, n in SIZES.items()}
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        sizes["units"], seconds = build(sizes, random.Random(2025))
        print(f"database: {connection.vendor}{_settings()}; built in {seconds:.0f} s:")
        print("  " + ", ".join(f"{n:,} {name}" for name, n in sizes.items()))
        print(f"year {args.year}; median of {args.repeat}")
        print(f"{'indicator':<22} {'seconds':>8} {'queries':>8} {'trace s':>8} {'trace rows':>11}")
        for entry in registry.INDICATORS:
            seconds = timed(lambda e=entry: e.compute(args.year), args.repeat)
            queries = count_queries(lambda e=entry: e.compute(args.year))
            trace = ""
            if not args.no_traces:
                trace_s, rows = read_trace(entry, args.year)
                trace = f"{trace_s:>8.2f} {rows:>11,}"
            print(f"{entry.key:<22} {seconds:>8.2f} {queries:>8} {trace}")
        seconds = timed(lambda: registry.compute_all(args.year), args.repeat)
        queries = count_queries(lambda: registry.compute_all(args.year))
        print(f"{'compute_all':<22} {seconds:>8.2f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
