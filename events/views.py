"""The calendar's routes (called by the pages' RoutablePageMixin routes): parse, ask, render.

Filtering is EventFilter's, reading is EventPageQuerySet's, occurrences are events.recurrence's,
the feed text is events.feeds' and the tracker's figures are events.plan's.
"""

from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.translation import gettext as _

from facilities.models import Township

from . import charts, feeds, listing, plan
from .choices import PLAN_LAST_YEAR, PLAN_TARGETS, PLAN_YEARS, Tier
from .feedstate import FEED_RETENTION, snapshot_matches, sync
from .filters import EventFeedFilter, EventFilter
from .models import EventCalendarPage, EventFeedEntry, EventPage
from .querysets import day_range

EVENTS_PER_PAGE = 20
FEED_MAX_AGE = 15 * 60  # seconds a cache may keep a feed before asking again


def _events(calendar_page):
    return EventPage.objects.visible().child_of(calendar_page)


def _query(params):
    return urlencode(params)


def _webcal(request, path, params):
    url = request.build_absolute_uri(path)
    if params:
        url = f"{url}?{_query(params)}"
    return "webcal://" + url.split("://", 1)[1], url


def _filter_description(filterset):
    """The active filters in words (the feed's name, the page's heading)."""
    if not filterset.is_valid():
        return ""
    data = filterset.form.cleaned_data
    parts = []
    if data.get("tier"):
        parts.append(str(Tier(data["tier"]).label))
    if data.get("sport") is not None:
        parts.append(data["sport"].display_name)
    if data.get("township") is not None:
        parts.append(data["township"].name)
    if data.get("from") or data.get("to"):
        parts.append(
            f"{data['from'].isoformat() if data.get('from') else '…'}"
            f"–{data['to'].isoformat() if data.get('to') else '…'}"
        )
    return " · ".join(parts)


def calendar_context(calendar_page, request):
    """The list or month view of `/events/` for the request's filters."""
    filterset = EventFilter(request.GET, queryset=_events(calendar_page))
    valid = filterset.is_valid()
    data = filterset.form.cleaned_data if valid else {}
    view = data.get("view") or "list"
    now = timezone.now()
    today = timezone.localdate(now)
    params = filterset.filter_params
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "filter_valid": valid,
        "view": view,
        "filter_params": params,
        "filter_description": _filter_description(filterset),
        "today": today,
    }
    webcal, https = _webcal(request, calendar_page.feed_path(request), params)
    context.update(
        subscribe_url=webcal,
        feed_url=https,
        plan_url=calendar_page.plan_path(request),
        list_query=_query(params),
        month_query=_query({**params, "view": "month"}),
    )
    if not valid:
        context.update(rows=[], page_obj=None, weeks=[])
        return context

    events = filterset.qs.for_listing()
    if view == "month":
        first = data.get("month") or (data.get("from") or today).replace(day=1)
        weeks = listing.month_grid(
            events.in_range(*listing.month_window(first)),
            first,
            today,
            date_from=data.get("from"),
            date_to=data.get("to"),
        )
        previous, following = listing.shift_month(first, -1), listing.shift_month(first, 1)
        context.update(
            weeks=weeks,
            month=first,
            month_has_events=any(day.items for week in weeks for day in week),
            previous_query=_query({**params, "view": "month", "month": previous.strftime("%Y-%m")}),
            next_query=_query({**params, "view": "month", "month": following.strftime("%Y-%m")}),
            previous_month=previous,
            next_month=following,
        )
        return context

    window_start, window_end = None, None
    if data.get("from") or data.get("to"):
        window_start, window_end = day_range(data.get("from"), data.get("to"))
    else:
        window_start = now  # upcoming: what has not ended yet
        events = events.upcoming(now)
    rows = listing.event_rows(events.by_start(), window_start, window_end)
    page_obj = Paginator(rows, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    context.update(
        rows=page_obj.object_list,
        page_obj=page_obj,
        query_without_page=_query(params),
        showing_upcoming=window_end is None and not data.get("from"),
    )
    return context


def calendar_index(calendar_page, request):
    context = calendar_page.get_context(request)
    response = TemplateResponse(request, calendar_page.get_template(request), context)
    if not context["filter_valid"]:
        response.status_code = 400
    return response


def _bad_request(form):
    lines = [_("The calendar could not use these filters:")]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            lines.append(f"- {label}: {error}" if label else f"- {error}")
    response = HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain")
    response["Content-Type"] = "text/plain; charset=utf-8"
    return response


def _ics_response(request, body_builder, *, etag, last_modified, filename, attachment):
    not_modified = get_conditional_response(
        request,
        etag=etag,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
    )
    if not_modified is not None and not_modified.status_code == 304:
        response = HttpResponseNotModified()
    elif not_modified is not None:
        return not_modified  # 412 Precondition Failed
    else:
        response = HttpResponse(body_builder(), content_type=feeds.CONTENT_TYPE)
        disposition = "attachment" if attachment else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    # Without ?lang= the language comes from the request (Accept-Language or the cookie).
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _feed_language(filterset, request):
    lang = filterset.form.cleaned_data.get("lang")
    return lang or translation.get_language_from_request(request) or "zh-hans"


def calendar_feed(calendar_page, request):
    """`/events/calendar.ics`: the whole calendar, or the filtered part of it."""
    filterset = EventFeedFilter(request.GET, queryset=_events(calendar_page))
    if not filterset.is_valid():
        return _bad_request(filterset.form)
    now = timezone.now()
    lang = _feed_language(filterset, request)
    last_modified, version = feeds.calendar_state(now)
    calendar_url = request.build_absolute_uri(calendar_page.get_url(request))
    tag = feeds.etag(lang, calendar_url, sorted(filterset.filter_params.items()), version)

    def build():
        data = filterset.form.cleaned_data
        live = EventFeedEntry.objects.for_pages(filterset.qs).order_by("pk")
        withdrawn = [
            entry
            for entry in EventFeedEntry.objects.withdrawn_since(now - FEED_RETENTION).order_by("pk")
            if snapshot_matches(entry.snapshot, data)
        ]
        with translation.override(lang):
            name = _("Huize County sports events")
            description = _filter_description(filterset)
            if description:
                name = f"{name} · {description}"
            return feeds.build_calendar(
                [*live, *withdrawn],
                name=name,
                description=_("Sports events in Huize County, published by the sports bureau."),
                calendar_url=calendar_url,
            )

    return _ics_response(
        request,
        build,
        etag=tag,
        last_modified=last_modified,
        filename="huize-sports-events.ics",
        attachment=False,
    )


def event_ics(event, request):
    """`/events/<slug>/event.ics`: one event alone, for "add to calendar"."""
    if request.GET:
        extra = set(request.GET) - {"lang"}
        if extra:
            response = HttpResponse(
                _("Unknown parameter: %(names)s") % {"names": ", ".join(sorted(extra))} + "\n",
                status=400,
            )
            response["Content-Type"] = "text/plain; charset=utf-8"
            return response
    entry = EventFeedEntry.objects.filter(page=event, withdrawn_at__isnull=True).first()
    if entry is None:
        if not event.live:
            raise Http404
        entry = sync(event)  # a live page saved before this feature: make its entry now
    lang = request.GET.get("lang")
    if lang not in {"zh-hans", "en"}:
        lang = translation.get_language_from_request(request) or "zh-hans"
    calendar_page = event.get_parent().specific
    calendar_url = request.build_absolute_uri(calendar_page.get_url(request))
    tag = feeds.etag(lang, calendar_url, entry.uid, entry.sequence, entry.modified_at)

    def build():
        with translation.override(lang):
            return feeds.build_calendar(
                [entry],
                name=entry.snapshot["title"],
                description=_("Sports events in Huize County, published by the sports bureau."),
                calendar_url=calendar_url,
            )

    return _ics_response(
        request,
        build,
        etag=tag,
        last_modified=entry.modified_at,
        filename=f"{event.slug}.ics",
        attachment=True,
    )


def event_context(event, request):
    """What the event page shows besides its fields: occurrences, links to add or subscribe."""
    now = timezone.now()
    context = {"page_title": event.title}
    if event.start is None or event.end is None:
        return context
    occurrences = event.occurrences()
    upcoming = [o for o in occurrences if o.end > now]
    context.update(
        occurrences=occurrences,
        upcoming_occurrences=upcoming[:12],
        more_occurrences=max(len(upcoming) - 12, 0),
        next_occurrence=next((o for o in upcoming if not o.cancelled), None),
        is_past=not upcoming,
    )
    if not event.pk or not event.live:
        return context  # a preview: no feeds for events that are not published
    calendar_page = event.get_parent().specific
    feed_path = calendar_page.feed_path(request)
    subscriptions = [(_("All events"), _webcal(request, feed_path, {}))]
    subscriptions.append(
        (
            _("%(tier)s events") % {"tier": event.get_tier_display()},
            _webcal(request, feed_path, {"tier": event.tier}),
        )
    )
    for sport in event.sports.all():
        subscriptions.append(
            (
                _("%(sport)s events") % {"sport": sport.display_name},
                _webcal(request, feed_path, {"sport": sport.slug}),
            )
        )
    if event.township_id:
        subscriptions.append(
            (
                _("Events in %(township)s") % {"township": event.township.name},
                _webcal(request, feed_path, {"township": event.township.code}),
            )
        )
    context.update(
        ics_url=event.ics_path(request),
        subscriptions=subscriptions,
        calendar_page=calendar_page,
    )
    return context


def _year_choices(today):
    last = max(PLAN_LAST_YEAR, today.year + 1)
    return list(range(PLAN_YEARS[0], last + 1))


def plan_tracker(calendar_page, request):
    """`/events/plan/`: the 1-2-2 targets and the county-wide, all-season coverage."""
    today = timezone.localdate()
    years = _year_choices(today)
    default_year = min(max(today.year, years[0]), years[-1])
    errors = []
    unknown = sorted(set(request.GET) - {"year"})
    if unknown:
        errors.append(
            _("Unknown parameter %(names)s; the tracker takes only “year”.")
            % {"names": "、".join(f"“{name[:40]}”" for name in unknown[:5])}
        )
    year = default_year
    raw_year = request.GET.get("year")
    if raw_year:
        if raw_year.isdigit() and int(raw_year) in years:
            year = int(raw_year)
        else:
            errors.append(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": years[0], "last": years[-1]}
            )
    events = _events(calendar_page)
    progress = plan.plan_progress(events)
    townships = list(Township.objects.order_by("code"))
    cover = plan.coverage(events, townships, year)

    target_chart = charts.horizontal_bars(
        [
            {
                "label": tier.label,
                "value": tier.total,
                "target": tier.target,
                "text": (
                    _("%(count)s of %(target)s · met")
                    if tier.met
                    else _("%(count)s of %(target)s · not yet")
                )
                % {"count": tier.total, "target": tier.target},
                "css": f"tier-{tier.tier}",
            }
            for tier in progress.targeted
        ]
    )
    year_chart = charts.grouped_columns(
        [str(y) for y in progress.years],
        [
            {
                "label": tier.label,
                "css": f"tier-{tier.tier}",
                "values": [tier.per_year[y] for y in progress.years],
            }
            for tier in progress.targeted
        ],
    )
    per_season = cover.townships_per_season
    season_chart = charts.horizontal_bars(
        [
            {
                "label": str(season.label),
                "value": count,
                "text": _("%(count)s of %(total)s townships")
                % {"count": count, "total": len(townships)},
                "css": f"season-{season.value}",
            }
            for season, count in zip(cover.seasons, per_season, strict=True)
        ],
        top=max(len(townships), 1),
    )
    context = {"page": calendar_page, "self": calendar_page, "request": request}
    context.update(
        page_title=_("The 1-2-2-5 events plan"),
        progress=progress,
        targets=PLAN_TARGETS,
        coverage=cover,
        township_count=len(townships),
        season_counts=list(zip(cover.seasons, per_season, strict=True)),
        year=year,
        years=years,
        plan_errors=errors,
        target_chart=target_chart,
        year_chart=year_chart,
        season_chart=season_chart,
        calendar_page=calendar_page,
        plan_year_range=(PLAN_YEARS[0], PLAN_YEARS[-1]),
        today=today,
        first_plan_year=date(PLAN_YEARS[0], 1, 1),
    )
    response = TemplateResponse(request, "events/plan_tracker.html", context)
    if errors:
        response.status_code = 400
    return response


HOME_EVENTS = 5


def upcoming_events_context(request, limit=HOME_EVENTS):
    """The home page's "upcoming events": the next events that still take place."""
    calendar_page = EventCalendarPage.objects.live().first()
    if calendar_page is None:
        return {"upcoming_events": [], "events_page": None}
    now = timezone.now()
    events = _events(calendar_page).upcoming(now).taking_place().for_listing().by_start()
    return {
        "upcoming_events": listing.upcoming_rows(events, now, limit),
        "events_page": calendar_page,
    }
