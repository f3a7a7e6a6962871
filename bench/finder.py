"""Benchmark of the venue finder: response time and query count against registry size.

    .venv/bin/python bench/finder.py                 # 200, 2,000 and 20,000 venues on SQLite
    DATABASE_URL=postgres://… .venv/bin/python bench/finder.py --sizes 2000 20000

Builds its own throwaway database (a temporary SQLite file unless DATABASE_URL is set, in which
case it uses Django's test database on that server), fills it with venues spread over 25
townships, and times the finder's common queries with Django's test client.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportsportal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

QUERIES = {
    "all, page 1": {},
    "township + sport": {"township": "530326001000", "sport": "basketball"},
    "text q": {"q": "篮球"},
    "near, sorted by distance": {"near": "26.417,103.297"},
    "bookable": {"bookable": "on"},
    "last page": {"page": "last"},
}


def fill(total, rng):
    from facilities.models import BookableUnit, Facility, Sport, Township

    townships = [
        Township.objects.get_or_create(
            code=f"530326{i:03d}000", defaults={"name": f"乡镇{i:02d}", "kind": "township"}
        )[0]
        for i in range(1, 26)
    ]
    sports = [
        Sport.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("basketball", "篮球"), ("football", "足球"), ("swimming", "游泳")]
    ]
    existing = Facility.objects.count()
    batch = []
    for i in range(existing, total):
        batch.append(
            Facility(
                name=f"{rng.choice(['篮球', '足球', '健身', '游泳'])}场地{i}",
                slug=f"bench-{i}",
                kind="basketball_outdoor",
                owner_type="public_institution",
                township=rng.choice(townships),
                latitude=25.8 + rng.random() * 0.85,
                longitude=102.9 + rng.random() * 1.1,
                playing_area=Decimal(rng.randint(100, 10000)),
                live=True,
            )
        )
    created = Facility.objects.bulk_create(batch, batch_size=1000)
    through = Facility.sports.through
    through.objects.bulk_create(
        [through(facility_id=f.pk, sport_id=rng.choice(sports).pk) for f in created],
        batch_size=1000,
    )
    BookableUnit.objects.bulk_create(
        [BookableUnit(facility=f, name="1号场") for f in created[::3]], batch_size=1000
    )


def measure(client, params, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get("/venues/", params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        client.get("/venues/", params)
    return statistics.median(timings), len(ctx.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from django.test import Client

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        rng = random.Random(2025)
        client = Client()
        print(f"database: {connection.vendor}")
        print(f"{'venues':>7}  {'query':<26} {'median ms':>9}  {'queries':>7}")
        for size in sorted(args.sizes):
            fill(size, rng)
            for label, params in QUERIES.items():
                ms, queries = measure(client, params, args.repeat)
                print(f"{size:>7}  {label:<26} {ms:>9.1f}  {queries:>7}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
