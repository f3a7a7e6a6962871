"""Benchmark of the iCalendar feed: building it, and answering a subscriber's conditional GET.

    .venv/bin/python bench/events_feed.py                  # 500 and 5,000 events on SQLite
    DATABASE_URL=postgres://… .venv/bin/python bench/events_feed.py --sizes 5000

Builds its own throwaway database (a temporary SQLite file unless DATABASE_URL is set, in which
case it uses Django's test database on that server) and publishes events the way the site does
(page, publication, feed entry): a tenth of them weekly series with a cancelled and a moved
date, a fifth all-day, a few cancelled, and some withdrawn (the 30-day tombstones). Then it times
with Django's test client, median of --repeat requests:

* the whole feed, `/events/calendar.ics` (every event, built from the feed entries);
* the feed filtered by one sport;
* the conditional GET that calendar apps make every few hours: If-None-Match and
  If-Modified-Since, both answered 304 without reading the events.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportsportal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
FEED = "/events/calendar.ics"


def fill(total, rng):
    """Publish events until there are `total`; returns how long that took."""
    from events.models import EventCalendarPage, EventOccurrenceChange, EventPage
    from facilities.models import Sport, Township

    townships = [
        Township.objects.get_or_create(
            code=f"530326{i:03d}000", defaults={"name": f"乡镇{i:02d}", "kind": "township"}
        )[0]
        for i in range(1, 26)
    ]
    sports = [
        Sport.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("basketball", "篮球"), ("running", "跑步"), ("skiing", "滑雪")]
    ]
    calendar = EventCalendarPage.objects.get()
    existing = EventPage.objects.count()
    started = time.perf_counter()
    for i in range(existing, total):
        day = date(2027, 1, 1) + timedelta(days=rng.randrange(700))
        start = datetime(day.year, day.month, day.day, rng.choice([8, 9, 14, 19]), tzinfo=SHANGHAI)
        kind = rng.random()
        fields = {"all_day": False}
        changes = []
        if kind < 0.1:
            fields.update(repeat="weekly", repeat_count=rng.randint(4, 20))
            changes = [
                EventOccurrenceChange(original_date=day + timedelta(days=7), action="cancel"),
                EventOccurrenceChange(
                    original_date=day + timedelta(days=14),
                    action="move",
                    new_start=start + timedelta(days=15),
                    new_end=start + timedelta(days=15, hours=2),
                ),
            ]
        elif kind < 0.3:
            fields["all_day"] = True
        event = EventPage(
            title=f"基准赛事 {i}",
            slug=f"bench-{i}",
            start=start,
            end=start + (timedelta(days=1) if fields["all_day"] else timedelta(hours=2)),
            tier=rng.choice(["national", "provincial", "signature", "county", "school"]),
            status="cancelled" if rng.random() < 0.02 else "scheduled",
            location_name=f"文体广场 {i % 50}",
            latitude=25.8 + rng.random() * 0.8,
            longitude=102.9 + rng.random() * 1.0,
            township=rng.choice(townships),
            summary="基准测试用的赛事，用来测量日历订阅源的生成速度。",
            live=True,
            **fields,
        )
        event.sports = [rng.choice(sports)]
        event.occurrence_changes = changes
        calendar.add_child(instance=event)  # saving the live page makes its feed entry
        if rng.random() < 0.01:
            event.unpublish()  # a withdrawn event: a tombstone for 30 days
        if i % 500 == 499:
            print(f"  … {i + 1} events", flush=True)
    return time.perf_counter() - started


def timed(client, repeat, params=None, before=None, **headers):
    """Median ms of `repeat` GETs of the feed, the query count and the last response."""
    timings, response = [], None
    for _ in range(repeat):
        if before:
            before()
        began = time.perf_counter()
        response = client.get(FEED, params or {}, **headers)
        timings.append((time.perf_counter() - began) * 1000)
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        client.get(FEED, params or {}, **headers)
    return statistics.median(timings), len(queries), response


def change_one_event(rng):
    """What an editor does between two polls: publish a changed time of one event."""
    from events.models import EventPage

    def change():
        event = EventPage.objects.live().order_by("?").first()
        event.start += timedelta(minutes=30)
        event.end += timedelta(minutes=30)
        event.save()  # the live row, as a publication saves it

    return change


def measure(client, size, repeat, rng):
    from events import feeds

    cold = timed(client, repeat, before=feeds.BLOCKS.clear)
    assert cold[2].status_code == 200, cold[2].status_code
    warm = timed(client, repeat)
    changed = timed(client, repeat, before=change_one_event(rng))
    sport = timed(client, repeat, {"sport": "basketball"})
    latest = client.get(FEED)
    inm = timed(client, repeat * 4, HTTP_IF_NONE_MATCH=latest["ETag"])
    ims = timed(client, repeat * 4, HTTP_IF_MODIFIED_SINCE=latest["Last-Modified"])
    assert inm[2].status_code == 304 and ims[2].status_code == 304
    rows = [
        ("whole feed, written from scratch (200)", cold),
        ("whole feed, events already written (200)", warm),
        ("whole feed, one event changed since (200)", changed),
        ("sport=basketball (200)", sport),
        ("If-None-Match (304)", inm),
        ("If-Modified-Since (304)", ims),
    ]
    print(f"{'events':>7}  {'request':<44} {'median ms':>9}  {'queries':>7}  {'bytes':>10}")
    for label, (ms, queries, response) in rows:
        length = len(response.content)
        print(f"{size:>7}  {label:<44} {ms:>9.1f}  {queries:>7}  {length:>10,}")
    print(f"{size:>7}  VEVENTs in the whole feed: {cold[2].content.count(b'BEGIN:VEVENT')}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from django.test import Client

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        rng = random.Random(2025)
        client = Client()
        print(f"database: {connection.vendor}")
        for size in sorted(args.sizes):
            seconds = fill(size, rng)
            print(f"{size} events published in {seconds:.0f} s")
            measure(client, size, args.repeat, rng)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
