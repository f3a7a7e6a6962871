"""Demo survey microdata: the weighted exercise survey (2020, 2022, 2024, 2025) and the physique
monitoring (2020–2025), written as if the bureau had imported them.

The rates are set, not left to chance: every person gets a propensity (age, urban, noise) and the
most likely ones are made regular exercisers (or passes) until their cell reaches the rate in
`data.py`, so the dashboard shows the same story on every run. The answers of the others are
realistic ways of falling short of the definition (too few, too short, too light, or walking).
Each year has its own seeded rng, so these rows never shift the registry's random stream.
"""

import random
from decimal import Decimal

from ..surveys.models import ExerciseResponse, Grade, Intensity, PhysiqueResult, PhysiqueStandard
from . import data

WEIGHT_STEP = Decimal("0.0001")


def _rng(kind, year):
    return random.Random(f"{data.RANDOM_SEED}-{kind}-{year}")


def _township_picker(rng, populations, year, urban_factor):
    rows = data.TOWNSHIPS
    weights = [populations[row.slug][year] * (urban_factor if row.is_urban else 1) for row in rows]
    return lambda: rng.choices(rows, weights)[0]


def _weight(person):
    return float(person["weight"])


def _select_top(people, share, weight=lambda person: 1):
    """Mark the people with the highest propensity until they hold `share` of the weight."""
    ranked = sorted(people, key=lambda p: p["propensity"], reverse=True)
    goal = share * sum(weight(p) for p in ranked)
    held = 0
    for person in ranked:
        chosen = held + weight(person) / 2 <= goal
        person["chosen"] = chosen
        held += weight(person) if chosen else 0
    return ranked


# --- exercise survey --------------------------------------------------------------------------


def _respondent(rng, pick_township, code):
    row = pick_township()
    first, last, _, design_weight, propensity = rng.choices(
        data.EXERCISE_AGE_BANDS, [band[2] for band in data.EXERCISE_AGE_BANDS]
    )[0]
    area_weight = data.EXERCISE_URBAN_WEIGHT if row.is_urban else data.EXERCISE_RURAL_WEIGHT
    weight = min(max(design_weight * area_weight * rng.uniform(0.8, 1.3), 0.5), 3.0)
    return {
        "respondent_code": code,
        "township": row.slug,
        "is_urban": row.is_urban,
        "age": rng.randint(first, last),
        "weight": Decimal(str(weight)).quantize(WEIGHT_STEP),
        "propensity": propensity + rng.gauss(0, 1),
    }


def _answers(rng, regular):
    """Sessions a week, minutes a session, intensity, walking only: regular or a near miss."""
    if regular:
        return (
            rng.randint(3, 7),
            rng.choice((30, 40, 45, 60, 60, 90, 120)),
            rng.choice((Intensity.MODERATE, Intensity.MODERATE, Intensity.VIGOROUS)),
            False,
        )
    patterns = data.NON_REGULAR_PATTERNS
    pattern = rng.choices([p for p, _ in patterns], [share for _, share in patterns])[0]
    if pattern == "none":
        return 0, 0, Intensity.LIGHT, False
    if pattern == "too_few":
        return rng.randint(1, 2), rng.choice((30, 45, 60, 90)), Intensity.MODERATE, False
    if pattern == "too_short":
        return rng.randint(3, 7), rng.choice((10, 15, 20, 25)), Intensity.MODERATE, False
    if pattern == "too_light":
        return rng.randint(3, 7), rng.choice((30, 45, 60)), Intensity.LIGHT, False
    return rng.randint(5, 14), rng.choice((30, 40, 60)), Intensity.MODERATE, True


def plan_exercise(populations):
    """Every demo respondent's answers, as field values keyed by (survey year, code)."""
    rows = {}
    for year, size, target in data.EXERCISE_SURVEYS:
        rng = _rng("exercise", year)
        pick = _township_picker(rng, populations, year, data.EXERCISE_URBAN_OVERSAMPLING)
        people = [
            _respondent(rng, pick, f"{data.DEMO_CODE_PREFIX}{year}-E{i:05d}")
            for i in range(1, size + 1)
        ]
        counted = [p for p in people if p["age"] >= 7]
        urban = sum(_weight(p) for p in counted if p["is_urban"]) / sum(map(_weight, counted))
        # The cells' targets keep the urban-rural gap and add up to the county's target.
        rural_rate = target - urban * data.EXERCISE_URBAN_GAP
        for is_urban, rate in ((True, rural_rate + data.EXERCISE_URBAN_GAP), (False, rural_rate)):
            _select_top([p for p in counted if p["is_urban"] == is_urban], rate / 100, _weight)
        for person in people:
            # Under-7s answer like the active children they are; only the age rule excludes them.
            regular = person.get("chosen", person["age"] < 7)
            sessions, minutes, intensity, walking = _answers(rng, regular)
            rows[(year, person["respondent_code"])] = {
                "township": person["township"],
                "is_urban": person["is_urban"],
                "age": person["age"],
                "weight": person["weight"],
                "sessions_per_week": sessions,
                "minutes_per_session": minutes,
                "intensity": intensity.value,
                "commuting_or_after_meal_walk": walking,
            }
    return rows


# --- physique monitoring ----------------------------------------------------------------------


def plan_physique(populations):
    """Every demo physique result, as field values keyed by (year, code)."""
    rows = {}
    numbers = {}
    for year, version, size, target in data.PHYSIQUE_MONITORING:
        rng = _rng(f"physique-{version}", year)
        pick = _township_picker(rng, populations, year, 1)
        groups = data.PHYSIQUE_AGE_GROUPS
        people = []
        for _person in range(size):
            row = pick()
            group, _share, propensity = rng.choices(groups, [g[1] for g in groups])[0]
            edge = data.PHYSIQUE_URBAN_EDGE if row.is_urban else -data.PHYSIQUE_URBAN_EDGE
            numbers[year] = numbers.get(year, 0) + 1
            people.append(
                {
                    "code": f"{data.DEMO_CODE_PREFIX}{year}-P{numbers[year]:05d}",
                    "township": row.slug,
                    "age_group": group,
                    "sex": rng.choice(("male", "female")),
                    "is_urban": row.is_urban,
                    "propensity": propensity + edge + rng.gauss(0, 1),
                }
            )
        ranked = _select_top(people, target / 100)
        passes = sum(p["chosen"] for p in ranked)
        excellent = round(passes * data.PHYSIQUE_EXCELLENT_SHARE)
        good = excellent + round(passes * data.PHYSIQUE_GOOD_SHARE)
        for rank, person in enumerate(ranked):
            grade = _grade(person["chosen"], rank, excellent, good)
            rows[(year, person["code"])] = {
                "township": person["township"],
                "age_group": person["age_group"],
                "sex": person["sex"],
                "is_urban": person["is_urban"],
                "standard": version,
                "score": None,
                "grade": grade.value,
            }
    return rows


def _grade(passed, rank, excellent, good):
    """Grade by propensity rank: the first `excellent` 优秀, then 良好 up to `good`, then 合格."""
    if not passed:
        return Grade.FAIL
    if rank < excellent:
        return Grade.EXCELLENT
    return Grade.GOOD if rank < good else Grade.PASS


# --- writing ----------------------------------------------------------------------------------


def _sync(model, year_field, code_field, planned, stats, label):
    """Bring the demo rows of `model` to `planned` in bulk: create, update, delete stale ones.

    Thousands of rows: one query to read what is there and one per batch to write, instead of
    the registry's row-by-row upsert.
    """
    fields = list(next(iter(planned.values())))
    existing = {
        (row[year_field], row[code_field]): row
        for row in model.objects.filter(
            **{f"{code_field}__startswith": data.DEMO_CODE_PREFIX}
        ).values("pk", year_field, code_field, *fields)
    }
    new, changed, changed_fields, unchanged = [], [], set(), 0
    for (year, code), values in planned.items():
        row = existing.get((year, code))
        if row is None:
            obj = model(**{year_field: year, code_field: code}, **values)
            obj.full_clean(exclude=["township", "standard"], validate_constraints=False)
            new.append(obj)
            continue
        differs = {name for name, value in values.items() if row[name] != value}
        if differs:
            changed.append(model(pk=row["pk"], **{year_field: year, code_field: code}, **values))
            changed_fields |= differs
        else:
            unchanged += 1
    stale = [row["pk"] for key, row in existing.items() if key not in planned]
    model.objects.bulk_create(new, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, sorted(changed_fields), batch_size=1000)
    if stale:
        model.objects.filter(pk__in=stale).delete()
    counts = {
        "created": len(new),
        "updated": len(changed),
        "deleted": len(stale),
        "unchanged": unchanged,
    }
    for outcome, n in counts.items():
        if n:
            getattr(stats, outcome)[label] += n


def _resolve(rows, **ids):
    """Swap the plan's slugs and version codes for row ids: township="leye" -> township_id=7."""
    resolved = {}
    for key, values in rows.items():
        values = dict(values)
        for name, by_key in ids.items():
            values[f"{name}_id"] = by_key[values.pop(name)]
        resolved[key] = values
    return resolved


def seed_surveys(plan, townships, stats):
    """Write the exercise survey and the physique results of the plan."""
    town_ids = {slug: township.pk for slug, township in townships.items()}
    standard_ids = dict(PhysiqueStandard.objects.values_list("code", "pk"))
    exercise = _resolve(plan.exercise, township=town_ids)
    physique = _resolve(plan.physique, township=town_ids, standard=standard_ids)
    label = "exercise survey responses"
    _sync(ExerciseResponse, "survey_year", "respondent_code", exercise, stats, label)
    _sync(PhysiqueResult, "year", "subject_code", physique, stats, "physique test results")
