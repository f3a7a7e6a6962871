"""Every `/admin/` URL the resolver knows, with its path parameters filled, for the admin walker.

The list is generated from `get_resolver().url_patterns`, so a pattern added later is walked by
default. Each path parameter is filled with a row of the viewer's own school, a row of another
school, a missing id and junk (where the converter lets junk through); query-string doors that
take ids (`chosen-multiple`, bulk actions) get the same values in `?id=`.
"""

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from facilities.admin_ids import model_of
from facilities.hours.fields import mask_of
from facilities.models import BookableUnit, Facility, HoursException, OpeningRule, School
from tests.facilities.conftest import make_facility, make_unit

MISSING = 987654321
JUNK = "abc"

# Patterns the walker does not request, with the reason for each. A new admin URL pattern must be
# walked or listed here: test_every_admin_pattern_is_walked_or_skipped fails otherwise.
SKIPPED = {
    # Signing out ends the walker's session; it reads and writes no registry row.
    "wagtailadmin_logout": "ends the session the walk runs in",
    # Wagtail's deliberate error page for checking error reporting (superusers only).
    "wagtailadmin_error_test": "raises on purpose so that error reporting can be tested",
    # The final catch-all answers Wagtail's 404 page for any unknown admin path.
    "<catch-all>": "the 404 page for unknown admin paths; every other pattern is tried first",
    # Static SVG sprite and the JavaScript translation catalogue: no rows, no parameters.
    "wagtailadmin_sprite": "static icon sprite",
    "wagtailadmin_javascript_catalog": "static translation catalogue",
}

# Values for string path parameters that name a thing rather than a row.
NAMED_VALUES = {
    "app_label": "facilities",
    "app_name": "facilities",
    "content_type_app_name": "facilities",
    "model_name": "facility",
    "content_type_model_name": "facility",
    "action": "delete",
    "action_name": "approve",
    "kind": "facilities",
    "fmt": "csv",
    "filter_spec": "original",
    "uidb64": "MQ",
    "token": "set-password",
}


@dataclass
class AdminPattern:
    key: str  # namespace:name, or the route for unnamed patterns
    route: str
    pattern: URLPattern
    params: tuple[str, ...]

    @property
    def model(self):
        return model_of(self.pattern.callback, {})

    @property
    def view_class(self):
        return getattr(self.pattern.callback, "view_class", None)


def admin_patterns() -> list[AdminPattern]:
    """Every URL pattern under /admin/, as the resolver lists them."""
    found: list[AdminPattern] = []

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if entry.namespace and namespace:
                    inner = f"{namespace}:{entry.namespace}"
                walk(entry, prefix + str(entry.pattern), inner)
            else:
                route = prefix + str(entry.pattern)
                if not route.startswith("admin/"):
                    continue
                if entry.name:
                    key = f"{namespace}:{entry.name}" if namespace else entry.name
                elif route in ("admin/^.*/$", "admin/^"):
                    key = "<catch-all>"
                else:
                    key = route
                params = tuple(entry.pattern.regex.groupindex)
                found.append(AdminPattern(key, route, entry, params))

    walk(get_resolver(), "", "")
    return found


@dataclass
class Door:
    """One request to make: a URL, and whose row it points at ("own", "other" or "none")."""

    pattern: str
    url: str
    points_at: str = "none"


@dataclass
class Rows:
    """Rows to fill parameters with: the viewer's school's and another school's, by model."""

    own: dict[type, Any]
    other: dict[type, Any]
    fallback: dict[str, Any]  # parameter name -> an existing pk for unscoped parameters


def _values(model, name, rows: Rows, converter_is_int: bool):
    """(value, points_at) pairs for one path parameter."""
    if name in NAMED_VALUES:
        values = [(NAMED_VALUES[name], "none")]
    elif model is not None and model in rows.own:
        values = [(rows.own[model].pk, "own"), (rows.other[model].pk, "other")]
    else:
        values = [(rows.fallback.get(name, 1), "none")]
    values.append((MISSING, "none"))
    if not converter_is_int:
        values.append((JUNK, "none"))
    return values


def _reverse(entry: AdminPattern, kwargs):
    name = entry.key if entry.key != entry.route else None
    if name is None:
        return "/" + entry.route if not entry.params else None
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _int_params(entry: AdminPattern):
    converters = getattr(entry.pattern.pattern, "converters", {})
    return {
        name for name, converter in converters.items() if type(converter).__name__ == "IntConverter"
    }


def doors_of(entry: AdminPattern, rows: Rows) -> list[Door]:
    """The requests that walk one pattern: each parameter varied in turn, the others "own"."""
    if entry.key == "wagtail_bulk_action":
        return bulk_doors(rows)
    ints = _int_params(entry)
    model = entry.model
    choices = {
        name: _values(_param_model(entry, name, rows), name, rows, name in ints)
        for name in entry.params
    }
    base = {name: options[0][0] for name, options in choices.items()}
    doors = []
    variants = [(base, choices[entry.params[0]][0][1] if entry.params else "none")]
    for name, options in choices.items():
        for value, points_at in options[1:]:
            variants.append(({**base, name: value}, points_at))
    for kwargs, points_at in variants:
        url = _reverse(entry, kwargs)
        if url is None:
            continue
        if entry.key.endswith(":chosen_multiple"):
            doors.extend(id_doors(entry.key, url, model, rows))
        else:
            doors.append(Door(entry.key, url, points_at))
    return doors


def _param_model(entry: AdminPattern, name, rows: Rows):
    """The model whose row a parameter names: the view's for `pk`; a venue for `object_id`,
    since NAMED_VALUES fills `app_label`/`model_name` with facilities/facility."""
    if name == "pk":
        return entry.model
    if name == "object_id":
        return next(model for model in rows.own if model._meta.model_name == "facility")
    return None


def id_doors(key, url, model, rows: Rows) -> list[Door]:
    """`?id=` variants of a door that takes ids in the query string."""
    doors = [Door(key, f"{url}?id={MISSING}"), Door(key, f"{url}?id={JUNK}")]
    if model in rows.own:
        doors.append(Door(key, f"{url}?id={rows.own[model].pk}", "own"))
        doors.append(Door(key, f"{url}?id={rows.other[model].pk}", "other"))
        doors.append(Door(key, f"{url}?id={rows.own[model].pk}&id={rows.other[model].pk}", "other"))
    elif model is not None:
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            doors.append(Door(key, f"{url}?id={first.pk}"))
    return doors


def bulk_doors(rows: Rows) -> list[Door]:
    """Every registered bulk action of every model, with ids in the query string."""
    doors = []
    for model in apps.get_models():
        app_label, model_name = model._meta.app_label, model._meta.model_name
        for action in bulk_action_registry.get_bulk_actions_for_model(app_label, model_name):
            url = reverse("wagtail_bulk_action", args=[app_label, model_name, action.action_type])
            key = f"bulk:{app_label}.{model_name}.{action.action_type}"
            doors.extend(id_doors(key, url, model, rows))
            doors.append(Door(key, f"{url}?id=all"))
    return doors


def school_rows(school, township, tag):
    """A published venue, a draft venue, a unit, a weekly rule and a closure of one school."""
    venue = make_facility(township, f"{tag}校篮球馆", owner_type="school", school=school)
    draft = make_facility(
        township, f"{tag}校未发布草稿", owner_type="school", school=school, publish=False
    )
    draft.save_revision()
    unit = make_unit(venue, f"{tag}校1号场")
    rule = OpeningRule.objects.create(
        unit=unit,
        weekdays=mask_of(range(5)),
        opens_at=time(18),
        closes_at=time(21),
        valid_from=date(2026, 1, 1),
    )
    closure = HoursException.objects.create(
        facility=venue, kind="closure", reason="exam", date=date(2026, 6, 7), note=f"{tag}校中考"
    )
    return {
        Facility: venue,
        BookableUnit: unit,
        OpeningRule: rule,
        HoursException: closure,
        School: school,
        "draft": draft,
    }
