"""Benchmark of slots and bookings on a county-sized dataset.

    DATABASE_URL=postgres://… .venv/bin/python bench/booking.py
    .venv/bin/python bench/booking.py --bookings 50000     # SQLite, smaller

Builds 2,000 venues with 5,000 bookable units (weekday and weekend hours), a year of past and
future bookings, then reports:
  * free slots of one unit over 14 days (the venue page's and the API's question),
  * free slots of every unit for one day,
  * confirmed bookings per second with 10 and 50 concurrent clients (threads, one connection
    and transaction each, through `facilities.booking.services.book`).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
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
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

TZ = timezone.get_current_timezone()


def build(facilities, units, bookings, rng):
    from facilities.booking.models import Booking, SlotLedger
    from facilities.hours.fields import mask_of
    from facilities.models import BookableUnit, Facility, OpeningRule, Township

    township = Township.objects.create(name="基准乡", code="530326999000", kind="township")
    Facility.objects.bulk_create(
        [
            Facility(
                name=f"场馆{i}",
                slug=f"bench-{i}",
                kind="basketball_outdoor",
                owner_type="public_institution",
                township=township,
                latitude=26.4,
                longitude=103.3,
                playing_area=Decimal(600),
                live=True,
            )
            for i in range(facilities)
        ],
        batch_size=2000,
    )
    facility_ids = list(Facility.objects.values_list("pk", flat=True))
    BookableUnit.objects.bulk_create(
        [
            BookableUnit(facility_id=facility_ids[i % facilities], name=f"{i}号场", capacity=20)
            for i in range(units)
        ],
        batch_size=5000,
    )
    unit_ids = list(BookableUnit.objects.values_list("pk", flat=True))
    start_of_year = timezone.localdate() - timedelta(days=300)
    rules = []
    for unit_id in unit_ids:
        rules += [
            OpeningRule(
                unit_id=unit_id,
                season="term",
                weekdays=mask_of(range(5)),
                opens_at=clock(6),
                closes_at=clock(8),
                valid_from=start_of_year,
            ),
            OpeningRule(
                unit_id=unit_id,
                season="term",
                weekdays=mask_of(range(5)),
                opens_at=clock(18),
                closes_at=clock(21),
                valid_from=start_of_year,
            ),
            OpeningRule(
                unit_id=unit_id,
                season="term",
                weekdays=mask_of([5, 6]),
                opens_at=clock(8),
                closes_at=clock(21),
                valid_from=start_of_year,
            ),
            OpeningRule(
                unit_id=unit_id,
                season="vacation",
                weekdays=127,
                opens_at=clock(8),
                closes_at=clock(21),
                valid_from=start_of_year,
            ),
        ]
    OpeningRule.objects.bulk_create(rules, batch_size=10000)
    user = get_user_model().objects.create_user(
        username="bench", real_name="基准", phone="13700000000"
    )
    seen = set()
    rows, ledgers = [], []
    while len(rows) < bookings:
        unit_id = rng.choice(unit_ids)
        day = start_of_year + timedelta(days=rng.randrange(365))
        start = datetime.combine(day, clock(rng.choice([18, 19, 20])), TZ)
        if (unit_id, start) in seen:
            continue
        seen.add((unit_id, start))
        party = rng.randint(1, 4)
        rows.append(
            Booking(
                unit_id=unit_id,
                user=user,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                party_size=party,
                code=f"B{len(rows):011d}",
                status="checked_in",
            )
        )
        ledgers.append(SlotLedger(unit_id=unit_id, starts_at=start, capacity=20, booked=party))
    Booking.objects.bulk_create(rows, batch_size=10000)
    SlotLedger.objects.bulk_create(ledgers, batch_size=10000)
    return unit_ids


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def throughput(unit_ids, clients, seconds):
    """Each client books distinct free slots as fast as it can for `seconds`."""
    from facilities.booking import services
    from facilities.models import BookableUnit

    User = get_user_model()
    users = [
        User.objects.create_user(
            username=f"c{clients}-{i}", phone=f"136{clients:02d}{i:06d}", real_name="并发"
        )
        for i in range(clients * 40)
    ]
    day = timezone.localdate() + timedelta(days=2)
    counts = [0] * clients
    errors = [0] * clients
    deadline = time.monotonic() + seconds
    barrier = threading.Barrier(clients)

    def client(index):
        try:
            barrier.wait()
            units = list(BookableUnit.objects.filter(pk__in=unit_ids[index::clients][:40]))
            for user, unit in zip(users[index::clients], units, strict=False):
                if time.monotonic() > deadline:
                    break
                try:
                    services.book(user, unit, datetime.combine(day, clock(19), TZ), 2)
                    counts[index] += 1
                except services.BookingError:
                    errors[index] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sum(counts) / elapsed, sum(counts), sum(errors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=2000)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--bookings", type=int, default=300_000)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()

    from facilities.hours.planner import SlotPlanner
    from facilities.models import BookableUnit

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        rng = random.Random(2025)
        started = time.perf_counter()
        unit_ids = build(args.facilities, args.units, args.bookings, rng)
        print(
            f"database: {connection.vendor}; built {args.facilities} venues, "
            f"{args.units} units, {args.bookings} bookings in {time.perf_counter() - started:.0f} s"
        )
        one = BookableUnit.objects.get(pk=unit_ids[len(unit_ids) // 2])
        today = timezone.localdate()
        ms = timed(
            lambda: SlotPlanner([one], today, today + timedelta(days=13)).slots(
                one, bookable_only=False
            ),
            15,
        )
        print(f"free slots, one unit, 14 days:   {ms:8.1f} ms (median of 15)")
        units = list(BookableUnit.objects.all())

        def all_units_one_day():
            planner = SlotPlanner(units, today, today)
            return sum(len(planner.slots(unit, bookable_only=False)) for unit in units)

        ms = timed(all_units_one_day, 5)
        print(f"free slots, all {len(units)} units, 1 day: {ms:8.1f} ms (median of 5)")
        for clients in (10, 50):
            rate, ok, refused = throughput(unit_ids, clients, args.seconds)
            print(
                f"bookings with {clients:2d} concurrent clients: {rate:7.1f} confirmed/s "
                f"({ok} confirmed, {refused} refused)"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
