"""The demo programme written by `seed_demo`: realistic, complete, clearly demo, idempotent.

The whole demo county is seeded twice in one module-scoped fixture inside a transaction rolled
back at the end (as tests/facilities/test_seed_demo.py does).
"""

import io
from collections import Counter
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from events import plan
from events.choices import SEASON_OF_MONTH
from events.demo import plan_events, programme_years
from events.models import EventCalendarPage, EventFeedEntry, EventPage


def snapshot():
    return {
        "events": EventPage.objects.count(),
        "live": EventPage.objects.live().count(),
        "revisions": Revision.objects.filter(
            base_content_type__model="page",
            object_id__in=[str(pk) for pk in EventPage.objects.values_list("pk", flat=True)],
        ).count(),
        "feed": sorted(EventFeedEntry.objects.values_list("uid", "sequence", "modified_at")),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        first = snapshot()
        again = io.StringIO()
        call_command("seed_demo", stdout=again)
        second = snapshot()
        yield SimpleNamespace(
            first=first, second=second, out=out.getvalue(), again=again.getvalue(), today=today
        )
        transaction.set_rollback(True)


def _seasons_by_year(events):
    seasons = {}
    for event in events:
        for occurrence in event.occurrences():
            if occurrence.cancelled:
                continue
            seasons.setdefault(occurrence.start.year, set()).add(
                SEASON_OF_MONTH[occurrence.start.month]
            )
    return seasons


@pytest.mark.django_db
def test_the_second_run_changes_nothing(seeded):
    assert seeded.first == seeded.second
    assert seeded.first["events"] >= 50
    assert "nothing new" in seeded.again
    assert f"{seeded.first['events']} events" in seeded.out


@pytest.mark.django_db
def test_every_event_is_demo_valid_and_live(seeded):
    events = EventPage.objects.all()
    assert EventCalendarPage.objects.get().url == "/events/"
    assert not events.filter(is_demo=False).exists()
    assert not events.filter(live=False).exists()
    for event in events.specific():
        assert "演示" in event.summary
        event.full_clean()  # the model's own rules, as the admin applies them
        assert EventFeedEntry.objects.filter(page=event, withdrawn_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_two_year_programme_with_everything_the_issue_asks_for(seeded):
    first, second = programme_years(seeded.today)
    events = EventPage.objects.all()
    in_programme = events.filter(series_start__year__in=[first, second])
    county = _seasons_by_year(in_programme.filter(tier="county"))
    for year in (first, second):
        assert county[year] == {"spring", "summer", "autumn", "winter"}, year
    school = in_programme.filter(tier="school")
    assert school.filter(title__contains="运动会").exists()
    assert school.filter(title__contains="联赛").count() >= 2  # ball leagues
    assert in_programme.filter(tier="provincial").count() >= 2
    festivals = in_programme.filter(tier="signature")
    assert festivals.filter(venue__slug="dahai-caoshan-ski-ground").exists()  # 大海草山
    assert festivals.filter(location_name__contains="以礼河").exists()  # on the river
    assert events.filter(status="cancelled").count() == 1
    assert events.filter(status="postponed").count() == 1
    weekly = events.get(repeat="weekly", repeat_interval=1)
    occurrences = weekly.occurrences()
    assert sum(o.cancelled for o in occurrences) == 1 and sum(o.moved for o in occurrences) == 1
    assert events.filter(repeat="monthly_weekday").exists()
    townships = Counter(in_programme.values_list("township__name", flat=True))
    assert len(townships) >= 10  # spread over the county, leaving gaps to show


@pytest.mark.django_db
def test_the_plan_period_meets_the_targets(seeded):
    progress = plan.plan_progress(EventPage.objects.visible())
    assert progress.all_met
    tiers = {tier.tier: tier for tier in progress.tiers}
    assert tiers["national"].per_year[2024] == 1
    assert tiers["signature"].per_year == {2021: 0, 2022: 1, 2023: 0, 2024: 1, 2025: 0}


def test_the_programme_is_deterministic():
    assert plan_events(date(2026, 11, 29)) == plan_events(date(2026, 1, 1))
    assert plan_events(date(2024, 5, 1)) == plan_events(date(2026, 6, 1))  # never before 2026
    slugs = [spec.slug for spec in plan_events(date(2027, 2, 1))]
    assert len(slugs) == len(set(slugs))
