"""Every public URL pattern, asked for with junk in its query string, answers without a 500.

The list of URLs is the URL resolver's own: a pattern added later is fuzzed from the day it is
added. A pattern with parameters needs values to fill its path with (_path_arguments below);
a new one without them fails here until someone says which rows it shows.

Hypothesis draws the query strings: the parameter names the views read, junk keys, repeated keys,
NUL characters, huge numbers, dates at the ends of the calendar, right-to-left marks and more.
"""

from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from facilities.indicators.registry import INDICATORS

from .robust_world import build_world

pytestmark = pytest.mark.django_db

# Another engineer's lane: the Wagtail admin and Django's admin have their own URL walker.
ADMIN_PREFIXES = ("admin/", "django-admin/")
EXAMPLES_PER_PATTERN = 10

# Parameter names the views read, so that the fuzzer reaches their parsing, not only the defaults.
PARAMETER_NAMES = (
    "township",
    "sport",
    "kind",
    "fee",
    "near",
    "q",
    "page",
    "week",
    "date",
    "unit",
    "start",
    "tier",
    "from",
    "to",
    "year",
    "view",
    "month",
    "lang",
    "code",
    "bookable",
    "open_now",
    "next",
    "language",
)

NASTY_VALUES = (
    "",
    "\x00",
    "a\x00b",
    "%00",
    "9" * 40,
    "-9" * 20,
    "1e309",
    "-1",
    "0",
    "NaN",
    "inf",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2026-02-30",
    "9999-12-31T23:00:00+08:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "9999-W52",
    "0001-W01",
    "2026-W53",
    "2026-W99",
    "9999-12",
    "0000-00",
    "90,180",
    "91,0",
    "nan,nan",
    "1e400,1e400",
    "26.42,103.30",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "会泽县",
    "\u202eevil",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "x" * 3000,
    "1",
    "on",
    "month",
    "en",
    "county",
    "basketball",
    "530326001000",
)

EXTREME_OFFSETS = [timezone(timedelta(hours=h)) for h in (-12, 0, 8, 14)]

junk = st.one_of(
    st.sampled_from(NASTY_VALUES),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
# The two ends of each value's range, tried for every parameter of every view (see `edges`).
EDGES = {
    "start": ("9999-12-31T23:00:00+08:00", "0001-01-01T00:00:00+14:00"),
    "date": ("9999-12-31", "0001-01-01"),
    "from": ("9999-12-31", "0001-01-01"),
    "to": ("9999-12-31", "0001-01-01"),
    "week": ("9999-W52", "0001-W01"),
    "month": ("9999-12", "0001-01"),
    "year": ("9999", "-1"),
    "page": ("9" * 40, "-1"),
}
DEFAULT_EDGES = ("\x00", "9" * 40)


def _shaped(name, values):
    return st.one_of(st.sampled_from(EDGES[name]), values)


# Values of the shape a parameter expects, from the first day of the calendar to the last.
moments = st.datetimes(timezones=st.sampled_from(EXTREME_OFFSETS)).map(datetime.isoformat)
days = st.dates().map(date.isoformat)
weeks = st.dates().map(lambda d: "{:04d}-W{:02d}".format(*d.isocalendar()[:2]))
months = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}")
SHAPES = {
    "start": _shaped("start", moments),
    "date": _shaped("date", days),
    "from": _shaped("from", days),
    "to": _shaped("to", days),
    "week": _shaped("week", weeks),
    "month": _shaped("month", months),
    "year": _shaped("year", st.integers(min_value=-(10**6), max_value=10**6).map(str)),
    "page": _shaped("page", st.integers(min_value=-(10**20), max_value=10**20).map(str)),
}

# The query parameters each view reads; a pattern not named here gets all of them.
VIEW_PARAMETERS = {
    "search": ("q", "page"),
    "facilities:list": (
        "township",
        "sport",
        "kind",
        "fee",
        "bookable",
        "open_now",
        "near",
        "q",
        "page",
    ),
    "facilities:detail": ("week", "date", "unit"),
    "facilities:book": ("unit", "start"),
    "manage:school": ("week",),
    "manage:day": ("date",),
    "manage:check_in": ("code",),
    "indicators:dashboard": ("year",),
    "indicators:export_csv": ("year",),
    "indicators:export_xlsx": ("year",),
    "indicators:detail": ("year",),
    "indicators:rows": ("year",),
    "set_language": ("next", "language"),
    "accounts:login": ("next",),
    "wagtailcore_login": ("next",),
}
CALENDAR_PARAMETERS = ("tier", "sport", "township", "from", "to", "view", "month", "page")
FEED_PARAMETERS = ("tier", "sport", "township", "from", "to", "lang")


def _real_values(world):
    """Values the site itself would put in these parameters, so junk meets real rows."""
    today = date.today()
    slot = world.booking.starts_at + timedelta(hours=1)
    return {
        "township": [world.facility.township.code],
        "sport": ["basketball"],
        "kind": [world.facility.kind],
        "fee": ["free"],
        "near": ["26.42,103.30"],
        "q": ["篮球"],
        "page": ["1", "2"],
        "week": ["{:04d}-W{:02d}".format(*today.isocalendar()[:2])],
        "date": [today.isoformat()],
        "unit": [str(world.unit.pk)],
        "start": [slot.isoformat()],
        "tier": ["county"],
        "from": [today.isoformat()],
        "to": [(today + timedelta(days=30)).isoformat()],
        "year": [str(today.year), str(today.year - 1)],
        "view": ["list", "month"],
        "month": [f"{today.year:04d}-{today.month:02d}"],
        "lang": ["en", "zh-hans"],
        "code": [world.booking.code],
        "bookable": ["1", "on"],
        "open_now": ["on"],
        "next": ["/venues/", "https://example.com/"],
        "language": ["en", "zh-hans"],
    }


def query_strings(names, world):
    """Query strings over `names`: real values, values of the right shape and junk, with keys
    repeated at times and now and then a key no view knows."""
    real = _real_values(world)

    def pair(name):
        value = st.one_of(st.sampled_from(real[name]), SHAPES.get(name, junk), junk)
        return st.tuples(st.just(name), value)

    known = st.sampled_from(names).flatmap(pair)
    unknown = st.tuples(st.text(min_size=1, max_size=12), junk)
    return st.lists(st.one_of(known, known, unknown), max_size=5).map(urlencode)


def edges(names, world):
    """Query strings a random draw may miss: every parameter at once set to a NUL or a huge
    number, and for a view's own parameters each one at the ends of its range while the others
    hold real values (a real unit with a slot in year 9999, say)."""
    queries = [urlencode(dict.fromkeys(names, edge)) for edge in DEFAULT_EDGES]
    if names is PARAMETER_NAMES:
        return queries
    real = {name: values[0] for name, values in _real_values(world).items()}
    return queries + [
        urlencode({**{other: real[other] for other in names}, name: edge})
        for name in names
        for edge in EDGES.get(name, ())
    ]


def _path_arguments(world):
    """Values for the parameters of each pattern that has some: {pattern: [path, ...]}."""
    indicator_keys = [entry.key for entry in INDICATORS]
    return {
        "wagtaildocs_serve": [
            reverse("wagtaildocs_serve", args=[world.document.pk, world.document.filename])
        ],
        "wagtaildocs_authenticate_with_password": [
            reverse(
                "wagtaildocs_authenticate_with_password", args=[world.collection_restriction.pk]
            )
        ],
        "facilities:detail": [world.facility.get_absolute_url()],
        "facilities:book": [reverse("facilities:book", args=[world.facility.slug])],
        "bookings:feed": [reverse("bookings:feed", args=[world.feed.token])],
        "bookings:detail": [reverse("bookings:detail", args=[world.booking.code])],
        "bookings:cancel": [reverse("bookings:cancel", args=[world.booking.code])],
        "manage:school": [reverse("manage:school", args=[world.school.pk])],
        "manage:day": [reverse("manage:day", args=[world.school.pk])],
        "manage:school_check_in": [reverse("manage:school_check_in", args=[world.school.pk])],
        "manage:no_show": [reverse("manage:no_show", args=[world.school.pk, world.booking.pk])],
        "indicators:detail": [reverse("indicators:detail", args=[k]) for k in indicator_keys],
        "indicators:rows": [reverse("indicators:rows", args=[k]) for k in indicator_keys],
        "^media/(?P<path>.*)$": [world.document.file.url],
        "events_ics": [world.calendar.feed_path(), world.event.ics_path()],
        "wagtailcore_authenticate_with_password": [
            reverse(
                "wagtailcore_authenticate_with_password",
                args=[world.page_restriction.pk, world.private_page.pk],
            )
        ],
        "portal_document_password": [
            reverse("portal_document_password", args=[world.collection_restriction.pk])
        ],
        "portal_page_password": [
            reverse("portal_page_password", args=[world.page_restriction.pk, world.private_page.pk])
        ],
        "wagtail_serve": [
            "/",
            world.calendar.url,
            world.calendar.plan_path(),
            world.event.url,
            world.private_page.url,
        ],
    }


# Wagtail serves several pages through one pattern; each reads its own parameters.
def _page_parameters(world):
    return {
        world.calendar.url: CALENDAR_PARAMETERS,
        world.calendar.feed_path(): FEED_PARAMETERS,
        world.calendar.plan_path(): ("year",),
        world.event.ics_path(): ("lang",),
    }


def _walk(patterns, prefix="", namespace="", groups=0):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        count = groups + pattern.pattern.regex.groups
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner, count)
        elif isinstance(pattern, URLPattern):
            key = f"{namespace}{pattern.name}" if pattern.name else route
            yield key, route, count


def public_patterns():
    """(key, route, number of parameters) of every URL pattern outside the admin sites."""
    return [
        (key, route, count)
        for key, route, count in _walk(get_resolver().url_patterns)
        if not route.lstrip("^").startswith(ADMIN_PREFIXES)
    ]


def targets_for(key, route, count, world):
    """[(path, parameter names)] for one pattern; fails for a pattern nobody gave values."""
    if count == 0:
        # A named pattern is reversed; an unnamed one is its own route.
        paths = [reverse(key) if key != route else "/" + route.strip("^$")]
    else:
        arguments = _path_arguments(world)
        if key not in arguments:
            pytest.fail(
                f"The URL pattern {key!r} ({route}) has parameters and no values to fill them "
                "with: add rows to robust_world.py and its paths to _path_arguments in this file."
            )
        paths = arguments[key]
    pages = _page_parameters(world)
    default = VIEW_PARAMETERS.get(key, PARAMETER_NAMES)
    return [(path, pages.get(path, default)) for path in paths]


PATTERNS = public_patterns()
# Residents and visitors on every door; the school manager on the manager's own pages too.
CASES = [
    pytest.param(key, route, count, who, id=f"{key}-{who}")
    for key, route, count in PATTERNS
    for who in ("anonymous", "resident", *(("manager",) if key.startswith("manage:") else ()))
]


def test_the_walk_finds_the_public_doors():
    keys = {key for key, _route, _count in PATTERNS}
    assert {"search", "facilities:book", "bookings:feed", "wagtail_serve", "events_ics"} <= keys
    assert not any(route.startswith(ADMIN_PREFIXES) for _key, route, _count in PATTERNS)


@pytest.fixture
def world(django_user_model):
    return build_world(django_user_model)


@pytest.mark.parametrize(("key", "route", "count", "who"), CASES)
def test_no_server_error_whatever_the_query_string(world, key, route, count, who):
    targets = targets_for(key, route, count, world)
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(world, who))
    requests = st.sampled_from(targets).flatmap(
        lambda target: st.tuples(st.just(target[0]), query_strings(target[1], world))
    )

    @settings(
        max_examples=EXAMPLES_PER_PATTERN,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(request=requests)
    def ask(request):
        path, query = request
        response = client.get(f"{path}?{query}" if query else path)
        assert response.status_code < 500, (path, query, response.status_code)

    for path, names in targets:
        for query in edges(names, world):
            ask = example(request=(path, query))(ask)
    ask()


def test_a_new_pattern_with_parameters_and_no_values_fails(world):
    with pytest.raises(pytest.fail.Exception, match="no values to fill them with"):
        targets_for("venues:reviews", "venues/<slug:slug>/reviews/", 1, world)
