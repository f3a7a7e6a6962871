"""events.recurrence: series → occurrences, limits, RRULE parts. Plain Python, no database."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from events import recurrence
from events.recurrence import Change, Rule, Series

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def local(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def starts(occurrences):
    return [o.start for o in occurrences]


def test_single_event_is_one_occurrence():
    series = Series.build(local(2027, 5, 1, 9), local(2027, 5, 1, 11, 30))
    [occurrence] = recurrence.expand(series)
    assert occurrence.start == local(2027, 5, 1, 9)
    assert occurrence.end == local(2027, 5, 1, 11, 30)
    assert not occurrence.cancelled and not occurrence.moved


def test_times_given_in_utc_come_out_in_shanghai_wall_clock():
    # 01:00 UTC is 09:00 in Huize: the classic "wrong by the UTC offset" bug must not happen.
    series = Series.build(
        datetime(2027, 5, 1, 1, tzinfo=UTC),
        datetime(2027, 5, 1, 3, tzinfo=UTC),
        rule=Rule("weekly", count=3),
    )
    assert [(o.start.date(), o.start.hour) for o in recurrence.expand(series)] == [
        (date(2027, 5, 1), 9),
        (date(2027, 5, 8), 9),
        (date(2027, 5, 15), 9),
    ]
    assert all(o.start.utcoffset() == timedelta(hours=8) for o in recurrence.expand(series))


def test_weekly_with_until_includes_the_last_date():
    series = Series.build(
        local(2027, 3, 6, 8),
        local(2027, 3, 6, 9, 30),
        rule=Rule("weekly", until=date(2027, 3, 27)),
    )
    assert starts(recurrence.expand(series)) == [
        local(2027, 3, 6, 8),
        local(2027, 3, 13, 8),
        local(2027, 3, 20, 8),
        local(2027, 3, 27, 8),
    ]


def test_every_other_week():
    series = Series.build(
        local(2027, 1, 2, 14), local(2027, 1, 2, 16), rule=Rule("weekly", interval=2, count=3)
    )
    assert [o.start.date() for o in recurrence.expand(series)] == [
        date(2027, 1, 2),
        date(2027, 1, 16),
        date(2027, 1, 30),
    ]


def test_monthly_on_day_and_on_nth_weekday():
    by_day = Series.build(
        local(2027, 1, 15, 19), local(2027, 1, 15, 21), rule=Rule("monthly_day", count=3)
    )
    assert [o.start.date() for o in recurrence.expand(by_day)] == [
        date(2027, 1, 15),
        date(2027, 2, 15),
        date(2027, 3, 15),
    ]
    # 9 January 2027 is the 2nd Saturday: then 13 February and 13 March.
    by_weekday = Series.build(
        local(2027, 1, 9, 9), local(2027, 1, 9, 11), rule=Rule("monthly_weekday", count=3)
    )
    assert [o.start.date() for o in recurrence.expand(by_weekday)] == [
        date(2027, 1, 9),
        date(2027, 2, 13),
        date(2027, 3, 13),
    ]
    # 30 January 2027 is the 5th (so the last) Saturday: then 27 February, 27 March.
    last = Series.build(
        local(2027, 1, 30, 9), local(2027, 1, 30, 11), rule=Rule("monthly_weekday", count=3)
    )
    assert [o.start.date() for o in recurrence.expand(last)] == [
        date(2027, 1, 30),
        date(2027, 2, 27),
        date(2027, 3, 27),
    ]
    assert recurrence.rrule_properties(last)["BYDAY"] == "-1SA"


def test_cancelled_and_moved_occurrences():
    series = Series.build(
        local(2027, 5, 1, 9),
        local(2027, 5, 1, 11),
        rule=Rule("weekly", count=4),
        changes=[
            Change(date(2027, 5, 8), "cancel", note="劳动节调休"),
            Change(date(2027, 5, 15), "move", local(2027, 5, 16, 14), local(2027, 5, 16, 16), "雨"),
        ],
    )
    occurrences = recurrence.expand(series)
    assert [(o.start, o.cancelled, o.moved) for o in occurrences] == [
        (local(2027, 5, 1, 9), False, False),
        (local(2027, 5, 8, 9), True, False),
        (local(2027, 5, 16, 14), False, True),
        (local(2027, 5, 22, 9), False, False),
    ]
    assert occurrences[1].note == "劳动节调休"
    assert occurrences[2].original_start == local(2027, 5, 15, 9)
    assert recurrence.next_occurrence(series, local(2027, 5, 2)).start == local(2027, 5, 16, 14)


def test_window_uses_where_an_occurrence_really_is():
    series = Series.build(
        local(2027, 5, 1, 9),
        local(2027, 5, 1, 11),
        rule=Rule("weekly", count=3),
        changes=[Change(date(2027, 5, 8), "move", local(2027, 6, 5, 9), local(2027, 6, 5, 11))],
    )
    in_may = recurrence.expand(series, local(2027, 5, 1), local(2027, 6, 1))
    assert [o.start.date() for o in in_may] == [date(2027, 5, 1), date(2027, 5, 15)]
    assert recurrence.span(series) == (local(2027, 5, 1, 9), local(2027, 6, 5, 11))
    # An occurrence running at the window's start belongs to it; one ending at it does not.
    assert len(recurrence.expand(series, local(2027, 5, 1, 10), local(2027, 5, 2))) == 1
    assert recurrence.expand(series, local(2027, 5, 1, 11), local(2027, 5, 2)) == []


def test_all_day_events_are_whole_local_days():
    series = Series.build(date(2027, 1, 29), date(2027, 1, 31), all_day=True)
    [occurrence] = recurrence.expand(series)
    assert occurrence.start == local(2027, 1, 29)
    assert occurrence.end == local(2027, 2, 1)  # exclusive, as iCalendar's DTEND;VALUE=DATE
    assert occurrence.days == [date(2027, 1, 29), date(2027, 1, 30), date(2027, 1, 31)]
    assert occurrence.first_day == date(2027, 1, 29) and occurrence.last_day == date(2027, 1, 31)
    # The times an editor left in the form do not matter, only the local dates.
    late = Series.build(local(2027, 1, 29, 23, 30), local(2027, 1, 31, 0, 15), all_day=True)
    assert late.start == series.start and late.end == series.end
    # A one-day event ends at the next midnight.
    one = Series.build(date(2027, 8, 8), date(2027, 8, 8), all_day=True)
    assert one.end == local(2027, 8, 9) and recurrence.expand(one)[0].days == [date(2027, 8, 8)]


def test_all_day_weekly_series_with_a_moved_day():
    series = Series.build(
        date(2027, 7, 3),
        date(2027, 7, 4),
        all_day=True,
        rule=Rule("weekly", until=date(2027, 7, 17)),
        changes=[Change(date(2027, 7, 10), "move", date(2027, 7, 11), date(2027, 7, 12))],
    )
    assert [(o.first_day, o.last_day) for o in recurrence.expand(series)] == [
        (date(2027, 7, 3), date(2027, 7, 4)),
        (date(2027, 7, 11), date(2027, 7, 12)),
        (date(2027, 7, 17), date(2027, 7, 18)),
    ]
    parts = recurrence.rrule_properties(series)
    assert parts == {"FREQ": "WEEKLY", "BYDAY": "SA", "UNTIL": date(2027, 7, 17)}


def test_rrule_until_is_utc_for_timed_series():
    series = Series.build(
        local(2027, 3, 6, 8), local(2027, 3, 6, 9), rule=Rule("weekly", until=date(2027, 3, 27))
    )
    assert recurrence.rrule_properties(series)["UNTIL"] == datetime(2027, 3, 27, 0, tzinfo=UTC)


def test_no_daylight_saving_in_shanghai_across_the_year():
    # Weekly at 07:00 from January to December: every occurrence is 07:00 +08:00.
    series = Series.build(
        local(2027, 1, 3, 7), local(2027, 1, 3, 8), rule=Rule("weekly", until=date(2027, 12, 26))
    )
    occurrences = recurrence.expand(series)
    assert len(occurrences) == 52
    assert {(o.start.hour, o.start.utcoffset()) for o in occurrences} == {(7, timedelta(hours=8))}


@pytest.mark.parametrize(
    ("series", "field", "words"),
    [
        (Series.build(local(2027, 5, 1, 9), local(2027, 5, 1, 8)), "end", "after the start"),
        (
            Series.build(local(2027, 5, 1, 9), local(2027, 6, 15, 9)),
            "end",
            "at most 31 days",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9), local(2027, 5, 1, 10), rule=Rule("minutely", count=5)
            ),
            "repeat",
            "weekly or monthly",
        ),
        (
            Series.build(local(2027, 5, 1, 9), local(2027, 5, 1, 10), rule=Rule("weekly")),
            "repeat_until",
            "needs an end",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9),
                local(2027, 5, 1, 10),
                rule=Rule("weekly", until=date(2127, 5, 1)),
            ),
            "repeat_until",
            "at most 200",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9),
                local(2027, 5, 1, 10),
                rule=Rule("monthly_day", until=date(2031, 5, 1)),
            ),
            "repeat_until",
            "two years",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9), local(2027, 5, 1, 10), rule=Rule("weekly", count=1000)
            ),
            "repeat_count",
            "2 to 200",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9),
                local(2027, 5, 1, 10),
                rule=Rule("weekly", until=date(2027, 6, 1), count=3),
            ),
            "repeat_count",
            "not both",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9),
                local(2027, 5, 1, 10),
                rule=Rule("weekly", interval=52, count=3),
            ),
            "repeat_interval",
            "1 to 12",
        ),
        (
            Series.build(local(2027, 5, 1, 9), local(2027, 5, 9, 10), rule=Rule("weekly", count=3)),
            "end",
            "before the next one",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9),
                local(2027, 5, 1, 10),
                rule=Rule("weekly", count=3),
                changes=[Change(date(2027, 5, 2), "cancel")],
            ),
            "occurrence_changes",
            "no occurrence on",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9),
                local(2027, 5, 1, 10),
                rule=Rule("weekly", count=3),
                changes=[Change(date(2027, 5, 8), "cancel"), Change(date(2027, 5, 8), "cancel")],
            ),
            "occurrence_changes",
            "changed twice",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9),
                local(2027, 5, 1, 10),
                rule=Rule("weekly", count=3),
                changes=[
                    Change(date(2027, 5, 8), "move", local(2027, 5, 9, 10), local(2027, 5, 9, 9))
                ],
            ),
            "occurrence_changes",
            "end after it starts",
        ),
        (
            Series.build(
                local(2027, 5, 1, 9),
                local(2027, 5, 1, 10),
                changes=[Change(date(2027, 5, 1), "cancel")],
            ),
            "occurrence_changes",
            "Only a repeating event",
        ),
    ],
)
def test_bad_series_are_refused_with_a_reason(series, field, words):
    with translation.override("en"):
        errors = recurrence.validate(series)
        assert field in errors, errors
        assert any(words in str(message) for message in errors[field]), errors


def test_absurd_rules_are_cut_short_without_running_away():
    # Every week for a hundred years: validation stops at 201 starts and refuses it.
    series = Series.build(
        local(2027, 5, 1, 9), local(2027, 5, 1, 10), rule=Rule("weekly", until=date(2127, 1, 1))
    )
    assert len(recurrence.rule_starts(series)) == recurrence.MAX_OCCURRENCES + 1
    assert len(recurrence.expand(series)) == recurrence.MAX_OCCURRENCES
    assert recurrence.validate(series)


def test_a_good_series_has_no_errors_and_reads_well():
    series = Series.build(
        local(2027, 3, 6, 8),
        local(2027, 3, 6, 9, 30),
        rule=Rule("weekly", until=date(2027, 6, 26)),
        changes=[Change(date(2027, 5, 1), "cancel")],
    )
    assert recurrence.validate(series) == {}
    with translation.override("en"):
        assert recurrence.describe(series) == "every week on Saturday, until June 26, 2027"
        monthly = Series.build(
            local(2027, 1, 9, 9), local(2027, 1, 9, 11), rule=Rule("monthly_weekday", count=6)
        )
        assert recurrence.describe(monthly) == "every month on the second Saturday, 6 times"
