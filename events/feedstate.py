"""What calendar subscribers were sent: UID, SEQUENCE, LAST-MODIFIED and tombstones.

`sync(page)` runs whenever the live row of an event is saved (publishing, scheduled publishing,
unpublishing, a script editing a live event; see EventPage.save) and `withdraw(page)` when an
event page is deleted. Both keep one `EventFeedEntry` per event:

* the UID is made at the first publication and never changes;
* SEQUENCE rises by one when a published change alters the times, the recurrence or its changed
  occurrences, the status or the place (the "schedule fingerprint"), and when an event is
  withdrawn (unpublished or deleted) or comes back;
* LAST-MODIFIED (and DTSTAMP) move on every published change of anything the feed shows (the
  "content fingerprint");
* the snapshot is the published event as the feeds render it, so a withdrawn event can stay in
  the feeds as cancelled for FEED_RETENTION after it was withdrawn.
"""

import hashlib
import json
import uuid
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from . import recurrence

FEED_RETENTION = timedelta(days=30)
UID_DOMAIN = "events.huize-sports-portal"
SNAPSHOT_VERSION = 1

SCHEDULE_KEYS = ("start", "end", "all_day", "rule", "changes", "status", "location", "geo")


def _iso(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return value.isoformat()


def _parse_dt(value):
    return datetime.fromisoformat(value) if value else None


def _parse_change_time(value):
    if not value:
        return None
    if "T" in value:
        return datetime.fromisoformat(value)
    return date.fromisoformat(value)


def snapshot_of(page):
    """The published event as plain JSON: everything the feeds show, in no language."""
    series = page.series()
    rule = series.rule
    township = page.township
    sports = sorted(page.sports.all(), key=lambda sport: sport.slug)
    registration = " ".join(strip_tags(page.registration or "").split())
    return {
        "v": SNAPSHOT_VERSION,
        "title": page.title,
        "summary": page.summary,
        "slug": page.slug,
        "tier": page.tier,
        "status": page.status,
        "status_note": page.status_note,
        "organiser": page.organiser,
        "registration": registration,
        "is_demo": page.is_demo,
        "start": _iso(series.start),
        "end": _iso(series.end),
        "all_day": series.all_day,
        "rule": None
        if rule is None
        else {
            "freq": rule.freq,
            "interval": rule.interval,
            "until": _iso(rule.until),
            "count": rule.count,
        },
        "changes": [
            {
                "date": _iso(change.original_date),
                "action": change.action,
                "new_start": _iso(change.new_start),
                "new_end": _iso(change.new_end),
                "note": change.note,
            }
            for change in sorted(series.changes, key=lambda c: c.original_date)
        ],
        "location": page.location_text,
        "geo": list(page.point) if page.point else None,
        "township_code": township.code if township else None,
        "township": township.name if township else "",
        "sports": [
            {"slug": sport.slug, "name": sport.name, "name_en": sport.name_en} for sport in sports
        ],
        "plan_year": page.plan_year if page.counts_towards_plan else None,
        "series_start": _iso(page.series_start),
        "series_end": _iso(page.series_end),
    }


def series_from_snapshot(snapshot):
    rule = snapshot.get("rule")
    return recurrence.Series(
        start=_parse_dt(snapshot["start"]).astimezone(recurrence.SHANGHAI),
        end=_parse_dt(snapshot["end"]).astimezone(recurrence.SHANGHAI),
        all_day=snapshot["all_day"],
        rule=None
        if rule is None
        else recurrence.Rule(
            freq=rule["freq"],
            interval=rule["interval"],
            until=date.fromisoformat(rule["until"]) if rule["until"] else None,
            count=rule["count"],
        ),
        changes=tuple(
            recurrence.Change(
                original_date=date.fromisoformat(change["date"]),
                action=change["action"],
                new_start=_parse_change_time(change["new_start"]),
                new_end=_parse_change_time(change["new_end"]),
                note=change["note"],
            )
            for change in snapshot.get("changes", ())
        ),
    )


def _fingerprint(data):
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprints(snapshot):
    """(schedule, content) fingerprints: SEQUENCE follows the first, LAST-MODIFIED the second."""
    schedule = _fingerprint({key: snapshot.get(key) for key in SCHEDULE_KEYS})
    return schedule, _fingerprint(snapshot)


def new_uid():
    return f"{uuid.uuid4()}@{UID_DOMAIN}"


@transaction.atomic
def sync(page, now=None):
    """Bring the page's feed entry up to date with its live row; returns the entry or None."""
    from .models import EventFeedEntry

    now = now or timezone.now()
    entry = EventFeedEntry.objects.select_for_update().filter(page_id=page.pk).first()
    if not page.live:
        if entry is not None and entry.withdrawn_at is None:
            _withdraw_entry(entry, now)
        return entry
    snapshot = snapshot_of(page)
    schedule, content = fingerprints(snapshot)
    if entry is None:
        return EventFeedEntry.objects.create(
            uid=new_uid(),
            page=page,
            sequence=0,
            schedule_fingerprint=schedule,
            content_fingerprint=content,
            snapshot=snapshot,
            created_at=now,
            modified_at=now,
        )
    significant = entry.withdrawn_at is not None or entry.schedule_fingerprint != schedule
    if not significant and entry.content_fingerprint == content:
        return entry
    if significant:
        entry.sequence += 1
    entry.withdrawn_at = None
    entry.schedule_fingerprint = schedule
    entry.content_fingerprint = content
    entry.snapshot = snapshot
    entry.modified_at = now
    entry.save()
    return entry


def _withdraw_entry(entry, now):
    entry.withdrawn_at = now
    entry.sequence += 1
    entry.modified_at = now
    entry.save(update_fields=["withdrawn_at", "sequence", "modified_at"])


@transaction.atomic
def withdraw(page, now=None):
    """The page is being deleted: keep its entry as a tombstone (cancelled) in the feeds."""
    from .models import EventFeedEntry

    entry = EventFeedEntry.objects.select_for_update().filter(page_id=page.pk).first()
    if entry is not None and entry.withdrawn_at is None:
        _withdraw_entry(entry, now or timezone.now())


def resync_venue(facility):
    """A venue was published again (renamed, moved): its events' LOCATION and GEO follow."""
    from .models import EventPage

    for page in EventPage.objects.live().filter(venue=facility).specific():
        sync(page)


def snapshot_matches(snapshot, data):
    """Whether a tombstone's snapshot passes the calendar filters (see for_filters)."""
    from .querysets import day_range

    if data.get("tier") and snapshot.get("tier") != data["tier"]:
        return False
    sport = data.get("sport")
    if sport is not None and sport.slug not in {s["slug"] for s in snapshot.get("sports", ())}:
        return False
    township = data.get("township")
    if township is not None and snapshot.get("township_code") != township.code:
        return False
    start, end = day_range(data.get("from"), data.get("to"))
    series_start = _parse_dt(snapshot.get("series_start") or snapshot["start"])
    series_end = _parse_dt(snapshot.get("series_end") or snapshot["end"])
    if start is not None and series_end <= start:
        return False
    return not (end is not None and series_start >= end)
