"""Schedules: which dates a group meets, how that is said in Japanese, and how rules are validated.

Date computations use unsaved ScheduleRule instances; only the field round trips need the database.
Holidays are checked with jpholiday rather than assumed, and 第n曜日 expectations are worked out with
the calendar module rather than with rrule, so the tests do not repeat the code under test.
"""

import calendar
import datetime as dt
import re
import time

import jpholiday
import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import modelform_factory

from directory.models import Frequency, ScheduleException, ScheduleRule
from directory.models.schedules import (
    is_new_year_holiday,
    next_occurrences,
    occurrences_between,
)
from tests.factories import ScheduleRuleFactory

D = dt.date
T = dt.time
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def weekly(*days, **kwargs) -> ScheduleRule:
    kwargs.setdefault("closed_over_new_year", False)
    return ScheduleRule(frequency=Frequency.WEEKLY, weekdays=list(days), **kwargs)


def nth(days, positions, **kwargs) -> ScheduleRule:
    kwargs.setdefault("closed_over_new_year", False)
    return ScheduleRule(
        frequency=Frequency.MONTHLY_NTH_WEEKDAY, weekdays=days, week_positions=positions, **kwargs
    )


def month_day(day, **kwargs) -> ScheduleRule:
    kwargs.setdefault("closed_over_new_year", False)
    return ScheduleRule(frequency=Frequency.MONTHLY_DAY, month_day=day, **kwargs)


def once(date, **kwargs) -> ScheduleRule:
    return ScheduleRule(frequency=Frequency.ONCE, date=date, **kwargs)


def dates(rule: ScheduleRule, start: dt.date, end: dt.date) -> list[dt.date]:
    return list(rule.dates_between(start, end))


def nth_weekday_of_month(year: int, month: int, weekday: int, n: int) -> dt.date | None:
    """The n-th (or, for n=-1, last) given weekday of a month, from the calendar module."""
    days = [
        D(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if D(year, month, d).weekday() == weekday
    ]
    if n == -1:
        return days[-1]
    return days[n - 1] if n <= len(days) else None


def error_messages(error: ValidationError) -> dict[str, str]:
    """Errors by field, as full_clean() would collect them (plain ones under NON_FIELD_ERRORS)."""
    by_field = error.update_error_dict({})
    return {
        field: " ".join(m for e in errors for m in ValidationError(e).messages)
        for field, errors in by_field.items()
    }


# --- weekly -------------------------------------------------------------------------------------


def test_every_wednesday_gives_each_wednesday_in_the_range_inclusive():
    assert D(2026, 6, 3).weekday() == WED
    assert dates(weekly(WED), D(2026, 6, 3), D(2026, 6, 24)) == [
        D(2026, 6, 3),
        D(2026, 6, 10),
        D(2026, 6, 17),
        D(2026, 6, 24),
    ]


def test_every_monday_and_thursday_gives_both_days_in_date_order():
    assert dates(weekly(THU, MON), D(2026, 6, 1), D(2026, 6, 14)) == [
        D(2026, 6, 1),
        D(2026, 6, 4),
        D(2026, 6, 8),
        D(2026, 6, 11),
    ]


def test_a_weekly_rule_without_weekdays_gives_no_dates_rather_than_every_day():
    assert dates(weekly(), D(2026, 6, 1), D(2026, 6, 30)) == []


# --- 第n曜日 ------------------------------------------------------------------------------------


def test_second_and_fourth_tuesday_gives_exactly_those_days_each_month():
    expected = sorted(nth_weekday_of_month(2026, m, TUE, n) for m in range(1, 13) for n in (2, 4))
    assert dates(nth([TUE], [2, 4]), D(2026, 1, 1), D(2026, 12, 31)) == expected
    assert expected[:4] == [D(2026, 1, 13), D(2026, 1, 27), D(2026, 2, 10), D(2026, 2, 24)]


def test_second_and_fourth_tuesday_skips_a_holiday():
    # 2026-08-11 山の日 is the 2nd Tuesday of August, 2026-09-22 国民の休日 the 4th of September.
    assert jpholiday.is_holiday(D(2026, 8, 11))
    assert jpholiday.is_holiday(D(2026, 9, 22))
    assert nth_weekday_of_month(2026, 8, TUE, 2) == D(2026, 8, 11)
    assert nth_weekday_of_month(2026, 9, TUE, 4) == D(2026, 9, 22)

    closed = nth([TUE], [2, 4], closed_on_holidays=True)
    open_ = nth([TUE], [2, 4], closed_on_holidays=False)

    assert dates(closed, D(2026, 8, 1), D(2026, 9, 30)) == [D(2026, 8, 25), D(2026, 9, 8)]
    assert dates(open_, D(2026, 8, 1), D(2026, 9, 30)) == [
        D(2026, 8, 11),
        D(2026, 8, 25),
        D(2026, 9, 8),
        D(2026, 9, 22),
    ]


def test_last_friday_gives_the_last_friday_of_every_month():
    expected = [nth_weekday_of_month(2026, m, FRI, -1) for m in range(1, 13)]
    assert dates(nth([FRI], [-1]), D(2026, 1, 1), D(2026, 12, 31)) == expected
    assert D(2026, 7, 31) in expected and D(2026, 12, 25) in expected


def test_fifth_tuesday_appears_only_in_months_that_have_one():
    months_with_fifth_tuesday = [
        m for m in range(1, 13) if nth_weekday_of_month(2026, m, TUE, 5) is not None
    ]
    assert months_with_fifth_tuesday == [3, 6, 9, 12]

    found = dates(nth([TUE], [5]), D(2026, 1, 1), D(2026, 12, 31))

    assert found == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 29), D(2026, 12, 29)]
    assert [d.month for d in found] == months_with_fifth_tuesday


def test_fifth_tuesday_on_december_29_is_dropped_by_the_new_year_closure():
    rule = nth([TUE], [5], closed_over_new_year=True)
    assert dates(rule, D(2026, 1, 1), D(2026, 12, 31)) == [
        D(2026, 3, 31),
        D(2026, 6, 30),
        D(2026, 9, 29),
    ]


def test_fifth_and_last_tuesday_on_the_same_day_gives_it_once():
    found = dates(nth([TUE], [5, -1]), D(2026, 3, 1), D(2026, 4, 30))
    assert found == [D(2026, 3, 31), D(2026, 4, 28)]


def test_fourth_monday_closed_on_holidays_skips_labour_thanksgiving_day():
    # 2026-11-23 勤労感謝の日 falls on the 4th Monday of November.
    assert jpholiday.is_holiday_name(D(2026, 11, 23)) == "勤労感謝の日"
    assert nth_weekday_of_month(2026, 11, MON, 4) == D(2026, 11, 23)

    rule = nth([MON], [4], closed_on_holidays=True)

    assert dates(rule, D(2026, 10, 1), D(2026, 12, 31)) == [D(2026, 10, 26), D(2026, 12, 28)]


def test_an_nth_weekday_rule_missing_its_positions_gives_no_dates():
    assert dates(nth([TUE], []), D(2026, 1, 1), D(2026, 3, 31)) == []
    assert dates(nth([], [2]), D(2026, 1, 1), D(2026, 3, 31)) == []


# --- 毎月n日 ------------------------------------------------------------------------------------


def test_the_31st_is_skipped_in_thirty_day_months_and_february():
    found = dates(month_day(31), D(2026, 1, 1), D(2026, 12, 31))
    assert [d.month for d in found] == [1, 3, 5, 7, 8, 10, 12]
    assert all(d.day == 31 for d in found)


def test_the_29th_appears_in_february_only_in_a_leap_year():
    found = dates(month_day(29), D(2027, 1, 1), D(2028, 3, 31))
    assert D(2028, 2, 29) in found
    assert not [d for d in found if d.year == 2027 and d.month == 2]
    assert len(found) == 14  # 2027: 11 months without February, 2028: January to March


def test_the_15th_every_month():
    assert dates(month_day(15), D(2026, 1, 16), D(2026, 4, 15)) == [
        D(2026, 2, 15),
        D(2026, 3, 15),
        D(2026, 4, 15),
    ]


# --- year end, 年末年始 and holidays ------------------------------------------------------------


def test_new_year_holiday_runs_from_december_29_to_january_3():
    assert not is_new_year_holiday(D(2026, 12, 28))
    assert is_new_year_holiday(D(2026, 12, 29))
    assert is_new_year_holiday(D(2026, 12, 31))
    assert is_new_year_holiday(D(2027, 1, 1))
    assert is_new_year_holiday(D(2027, 1, 3))
    assert not is_new_year_holiday(D(2027, 1, 4))


def test_an_every_day_rule_closed_over_new_year_skips_exactly_december_29_to_january_3():
    rule = weekly(*range(7), closed_over_new_year=True)
    assert dates(rule, D(2026, 12, 26), D(2027, 1, 5)) == [
        D(2026, 12, 26),
        D(2026, 12, 27),
        D(2026, 12, 28),
        D(2027, 1, 4),
        D(2027, 1, 5),
    ]


def test_weekly_occurrences_cross_from_2026_into_2027():
    assert D(2026, 12, 30).weekday() == WED
    closed = weekly(WED, closed_over_new_year=True)
    open_ = weekly(WED, closed_over_new_year=False)

    assert dates(open_, D(2026, 12, 20), D(2027, 1, 13)) == [
        D(2026, 12, 23),
        D(2026, 12, 30),
        D(2027, 1, 6),
        D(2027, 1, 13),
    ]
    assert dates(closed, D(2026, 12, 20), D(2027, 1, 13)) == [
        D(2026, 12, 23),
        D(2027, 1, 6),
        D(2027, 1, 13),
    ]


def test_next_occurrences_of_the_last_friday_cross_the_year_end():
    found = next_occurrences([nth([FRI], [-1])], [], D(2026, 12, 1), 3)
    assert [o.date for o in found] == [D(2026, 12, 25), D(2027, 1, 29), D(2027, 2, 26)]


def test_monday_closed_on_holidays_skips_coming_of_age_day_2027():
    assert jpholiday.is_holiday_name(D(2027, 1, 11)) == "成人の日"
    assert D(2027, 1, 11).weekday() == MON

    closed = weekly(MON, closed_on_holidays=True)
    open_ = weekly(MON, closed_on_holidays=False)

    assert dates(closed, D(2027, 1, 4), D(2027, 1, 25)) == [
        D(2027, 1, 4),
        D(2027, 1, 18),
        D(2027, 1, 25),
    ]
    assert D(2027, 1, 11) in dates(open_, D(2027, 1, 4), D(2027, 1, 25))


def test_monday_closed_on_holidays_skips_labour_thanksgiving_day_2026():
    assert jpholiday.is_holiday(D(2026, 11, 23))
    found = dates(weekly(MON, closed_on_holidays=True), D(2026, 11, 16), D(2026, 11, 30))
    assert found == [D(2026, 11, 16), D(2026, 11, 30)]


def test_holidays_are_kept_when_the_rule_does_not_close_on_them():
    rule = weekly(MON, closed_on_holidays=False)
    assert D(2026, 11, 23) in dates(rule, D(2026, 11, 16), D(2026, 11, 30))


# --- valid_from / valid_until -------------------------------------------------------------------


def test_valid_from_and_valid_until_bound_the_dates_inclusively():
    rule = weekly(WED, valid_from=D(2026, 6, 10), valid_until=D(2026, 6, 24))
    assert dates(rule, D(2026, 5, 1), D(2026, 7, 31)) == [
        D(2026, 6, 10),
        D(2026, 6, 17),
        D(2026, 6, 24),
    ]


def test_a_search_entirely_before_valid_from_finds_nothing():
    rule = weekly(WED, valid_from=D(2026, 6, 10))
    assert dates(rule, D(2026, 5, 1), D(2026, 6, 9)) == []


def test_next_occurrences_start_at_valid_from_when_that_is_later():
    rule = month_day(15, valid_from=D(2026, 9, 1))
    found = next_occurrences([rule], [], D(2026, 1, 1), 2)
    assert [o.date for o in found] == [D(2026, 9, 15), D(2026, 10, 15)]


# --- single dates -------------------------------------------------------------------------------


def test_a_single_date_appears_once_and_only_inside_the_range():
    rule = once(D(2026, 12, 5), start_time=T(10), end_time=T(12))
    assert dates(rule, D(2026, 12, 1), D(2026, 12, 31)) == [D(2026, 12, 5)]
    assert dates(rule, D(2026, 12, 5), D(2026, 12, 5)) == [D(2026, 12, 5)]
    assert dates(rule, D(2026, 12, 6), D(2026, 12, 31)) == []


def test_a_single_date_outside_its_valid_range_does_not_appear():
    rule = once(D(2026, 12, 5), valid_from=D(2027, 1, 1))
    assert dates(rule, D(2026, 1, 1), D(2027, 12, 31)) == []


def test_a_single_date_in_the_new_year_period_is_held_despite_the_default_closure():
    # closed_over_new_year defaults to True; a date picked on purpose (年末の餅つき) still counts.
    rule = once(D(2026, 12, 29))
    assert rule.closed_over_new_year is True
    assert dates(rule, D(2026, 12, 1), D(2026, 12, 31)) == [D(2026, 12, 29)]


# --- exceptions: cancellations and changes ------------------------------------------------------


def test_a_cancelled_date_is_left_out_of_next_occurrences():
    rule = weekly(WED, start_time=T(13, 30), end_time=T(15, 30))
    cancel = ScheduleException(date=D(2026, 6, 10), cancelled=True, note="会場点検のため")

    found = next_occurrences([rule], [cancel], D(2026, 6, 1), 3)

    assert [o.date for o in found] == [D(2026, 6, 3), D(2026, 6, 17), D(2026, 6, 24)]
    assert not any(o.cancelled for o in found)


def test_a_cancelled_date_is_kept_and_marked_with_include_cancelled():
    rule = weekly(WED, start_time=T(13, 30), end_time=T(15, 30))
    cancel = ScheduleException(date=D(2026, 6, 10), cancelled=True, note="会場点検のため")

    found = next_occurrences([rule], [cancel], D(2026, 6, 1), 3, include_cancelled=True)

    assert [(o.date, o.cancelled) for o in found] == [
        (D(2026, 6, 3), False),
        (D(2026, 6, 10), True),
        (D(2026, 6, 17), False),
    ]
    assert found[1].note == "会場点検のため"


def test_a_time_change_moves_only_that_date():
    rule = weekly(WED, start_time=T(13, 30), end_time=T(15, 30))
    change = ScheduleException(
        date=D(2026, 6, 10),
        cancelled=False,
        start_time=T(10),
        end_time=T(12),
        note="会場が2階の和室に変わります",
    )

    found = occurrences_between([rule], [change], D(2026, 6, 3), D(2026, 6, 17))

    assert [(o.date, o.start_time, o.end_time, o.cancelled, o.note) for o in found] == [
        (D(2026, 6, 3), T(13, 30), T(15, 30), False, ""),
        (D(2026, 6, 10), T(10), T(12), False, "会場が2階の和室に変わります"),
        (D(2026, 6, 17), T(13, 30), T(15, 30), False, ""),
    ]


def test_a_change_with_only_a_note_keeps_the_rules_times():
    rule = weekly(WED, start_time=T(13, 30), end_time=T(15, 30))
    change = ScheduleException(date=D(2026, 6, 10), cancelled=False, note="持ち物: 上履き")

    (occ,) = occurrences_between([rule], [change], D(2026, 6, 10), D(2026, 6, 10))

    assert (occ.start_time, occ.end_time, occ.note) == (T(13, 30), T(15, 30), "持ち物: 上履き")


def test_an_exception_on_a_day_without_a_meeting_adds_nothing():
    rule = weekly(WED)
    cancel = ScheduleException(date=D(2026, 6, 11), cancelled=True)
    found = occurrences_between([rule], [cancel], D(2026, 6, 8), D(2026, 6, 14))
    assert [(o.date, o.cancelled) for o in found] == [(D(2026, 6, 10), False)]


def test_schedule_exception_needs_a_time_or_a_note_when_not_cancelled():
    with pytest.raises(ValidationError) as excinfo:
        ScheduleException(date=D(2026, 6, 10), cancelled=False).clean()
    assert "変更後の時刻かお知らせ" in " ".join(excinfo.value.messages)


def test_schedule_exception_end_time_must_be_after_start_time():
    exc = ScheduleException(date=D(2026, 6, 10), cancelled=False, start_time=T(12), end_time=T(10))
    with pytest.raises(ValidationError) as excinfo:
        exc.clean()
    assert "開始時刻より後" in error_messages(excinfo.value)["end_time"]


# --- several rules ------------------------------------------------------------------------------


def test_several_rules_merge_in_date_order_without_duplicates():
    mondays = weekly(MON, start_time=T(10), end_time=T(12))
    same_mondays_again = weekly(MON, start_time=T(10), end_time=T(12))
    third_saturday = nth([SAT], [3], start_time=T(13), end_time=T(15))

    found = occurrences_between(
        [third_saturday, mondays, same_mondays_again], [], D(2026, 6, 1), D(2026, 6, 30)
    )

    assert [(o.date, o.start_time) for o in found] == [
        (D(2026, 6, 1), T(10)),
        (D(2026, 6, 8), T(10)),
        (D(2026, 6, 15), T(10)),
        (D(2026, 6, 20), T(13)),
        (D(2026, 6, 22), T(10)),
        (D(2026, 6, 29), T(10)),
    ]


def test_two_meetings_on_the_same_day_are_both_kept_and_ordered_by_time():
    afternoon = weekly(MON, start_time=T(14), end_time=T(16))
    morning = weekly(MON, start_time=T(10), end_time=T(12))

    found = occurrences_between([afternoon, morning], [], D(2026, 6, 1), D(2026, 6, 1))

    assert [(o.date, o.start_time) for o in found] == [
        (D(2026, 6, 1), T(10)),
        (D(2026, 6, 1), T(14)),
    ]


def test_a_cancellation_applies_to_every_meeting_that_day():
    afternoon = weekly(MON, start_time=T(14))
    morning = weekly(MON, start_time=T(10))
    cancel = ScheduleException(date=D(2026, 6, 1), cancelled=True)

    found = next_occurrences([afternoon, morning], [cancel], D(2026, 6, 1), 2)

    assert [(o.date, o.start_time) for o in found] == [
        (D(2026, 6, 8), T(10)),
        (D(2026, 6, 8), T(14)),
    ]


# --- next_occurrences ---------------------------------------------------------------------------


def test_next_occurrences_include_the_start_date():
    found = next_occurrences([weekly(WED)], [], D(2026, 6, 3), 1)
    assert [o.date for o in found] == [D(2026, 6, 3)]


def test_next_occurrences_return_exactly_n_beyond_the_first_window():
    found = next_occurrences([month_day(15)], [], D(2026, 1, 1), 12)
    assert [o.date for o in found] == [D(2026, m, 15) for m in range(1, 13)]


def test_next_occurrences_return_exactly_n_when_many_more_are_available():
    found = next_occurrences([weekly(MON, TUE, WED, THU, FRI)], [], D(2026, 6, 1), 7)
    assert len(found) == 7
    assert found[-1].date == D(2026, 6, 9)


def test_next_occurrences_return_exactly_n_for_a_sparse_rule_over_several_years():
    # 第5火曜 with the 12/29 one closed: three a year, so twelve take about four years.
    rule = nth([TUE], [5], closed_over_new_year=True)
    found = next_occurrences([rule], [], D(2026, 1, 1), 12)
    assert len(found) == 12
    assert all(o.date.weekday() == TUE and o.date.day >= 29 for o in found)
    assert [o.date for o in found] == sorted({o.date for o in found})


def test_next_occurrences_return_fewer_when_the_rule_ends():
    rule = weekly(WED, valid_until=D(2026, 6, 17))
    found = next_occurrences([rule], [], D(2026, 6, 1), 10)
    assert [o.date for o in found] == [D(2026, 6, 3), D(2026, 6, 10), D(2026, 6, 17)]


def test_a_rule_that_never_occurs_returns_an_empty_list_quickly():
    never = [
        nth([TUE], [5], valid_from=D(2026, 2, 1), valid_until=D(2026, 2, 28)),
        month_day(31, valid_from=D(2026, 2, 1), valid_until=D(2026, 2, 28)),
        once(D(2025, 5, 1)),
        weekly(),
    ]
    started = time.perf_counter()
    assert next_occurrences(never, [], D(2026, 1, 1), 5) == []
    assert time.perf_counter() - started < 2


def test_next_occurrences_with_no_rules_or_zero_count_is_empty():
    assert next_occurrences([], [], D(2026, 1, 1), 5) == []
    assert next_occurrences([weekly(WED)], [], D(2026, 1, 1), 0) == []
    assert next_occurrences([weekly(WED)], [], D(2026, 1, 1), -1) == []


def test_occurrence_str_is_the_japanese_date_and_time():
    (occ,) = next_occurrences(
        [weekly(WED, start_time=T(9, 5), end_time=T(11))], [], D(2026, 6, 3), 1
    )
    assert str(occ) == "2026年6月3日（水） 9:05〜11:00"


# --- describe() ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            ScheduleRule(
                frequency=Frequency.WEEKLY, weekdays=[WED], start_time=T(13, 30), end_time=T(15, 30)
            ),
            "毎週水曜 13:30〜15:30（年末年始休み）",
        ),
        (
            weekly(THU, MON, start_time=T(10), end_time=T(11, 45)),
            "毎週月・木曜 10:00〜11:45",
        ),
        (weekly(WED), "毎週水曜"),
        (
            ScheduleRule(
                frequency=Frequency.MONTHLY_NTH_WEEKDAY,
                weekdays=[TUE],
                week_positions=[4, 2],
                start_time=T(13, 30),
                end_time=T(15, 30),
                closed_on_holidays=True,
            ),
            "毎月第2・第4火曜 13:30〜15:30（祝日・年末年始休み）",
        ),
        (
            nth([TUE], [2, 4], start_time=T(13, 30), end_time=T(15, 30), closed_on_holidays=True),
            "毎月第2・第4火曜 13:30〜15:30（祝日休み）",
        ),
        (nth([FRI], [-1], start_time=T(10), end_time=T(12)), "毎月最終金曜 10:00〜12:00"),
        (nth([FRI], [-1, 1], start_time=T(10), end_time=T(12)), "毎月第1・最終金曜 10:00〜12:00"),
        (month_day(15, start_time=T(10)), "毎月15日 10:00〜"),
        (
            month_day(15, start_time=T(9, 30), end_time=T(11), closed_over_new_year=True),
            "毎月15日 9:30〜11:00（年末年始休み）",
        ),
        (
            ScheduleRule(
                frequency=Frequency.ONCE,
                date=D(2026, 12, 5),
                start_time=T(10),
                end_time=T(12),
                closed_on_holidays=True,
            ),
            "2026年12月5日（土） 10:00〜12:00",
        ),
        (once(None), "日付未定"),
        (month_day(None), "毎月（日にち未定）"),
    ],
    ids=[
        "weekly-default-new-year-closure",
        "weekly-two-days",
        "weekly-no-times",
        "nth-holidays-and-new-year",
        "nth-holidays-only",
        "last-friday",
        "first-and-last-friday",
        "month-day-start-only",
        "month-day-new-year",
        "single-date",
        "single-date-missing",
        "month-day-missing",
    ],
)
def test_describe_says_the_rule_in_japanese(rule, expected):
    assert rule.describe() == expected
    assert str(rule) == expected


def test_describe_reads_weekdays_given_as_text():
    rule = weekly(start_time=T(10))
    rule.weekdays = "3,0"
    assert rule.weekdays == [MON, THU]
    assert rule.describe() == "毎週月・木曜 10:00〜"


# --- ScheduleRule.clean() -----------------------------------------------------------------------


def clean_errors(rule: ScheduleRule) -> dict[str, str]:
    with pytest.raises(ValidationError) as excinfo:
        rule.clean()
    return error_messages(excinfo.value)


def test_weekly_rule_without_weekdays_is_rejected():
    assert "曜日を1つ以上" in clean_errors(weekly())["weekdays"]


def test_nth_weekday_rule_needs_weekdays_and_positions():
    errors = clean_errors(nth([], []))
    assert "曜日を1つ以上" in errors["weekdays"]
    assert "第何週" in errors["week_positions"]


@pytest.mark.parametrize("day", [None, 0, 32])
def test_month_day_rule_needs_a_day_from_1_to_31(day):
    assert "1〜31" in clean_errors(month_day(day))["month_day"]


def test_single_date_rule_needs_a_date():
    assert "日付" in clean_errors(once(None))["date"]


@pytest.mark.parametrize("end", [T(13), T(13, 30)])
def test_end_time_before_or_at_start_time_is_rejected(end):
    errors = clean_errors(weekly(WED, start_time=T(13, 30), end_time=end))
    assert "終了時刻は開始時刻より後" in errors["end_time"]


def test_end_time_without_start_time_is_rejected():
    assert "開始時刻も入力" in clean_errors(weekly(WED, end_time=T(15)))["start_time"]


def test_valid_until_before_valid_from_is_rejected():
    rule = weekly(WED, valid_from=D(2026, 6, 1), valid_until=D(2026, 5, 31))
    assert "適用終了日" in clean_errors(rule)["valid_until"]


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(
            nth([TUE], [5], valid_from=D(2026, 2, 1), valid_until=D(2026, 2, 28)),
            id="5th-tuesday-only-in-february-2026",
        ),
        pytest.param(
            nth([TUE], [5], valid_from=D(2026, 4, 1), valid_until=D(2026, 5, 31)),
            id="5th-tuesday-only-in-april-and-may-2026",
        ),
        pytest.param(
            month_day(31, valid_from=D(2026, 2, 1), valid_until=D(2026, 2, 28)),
            id="31st-only-in-february",
        ),
        pytest.param(
            month_day(31, valid_from=D(2026, 4, 1), valid_until=D(2026, 4, 30)),
            id="31st-only-in-april",
        ),
        pytest.param(
            once(D(2026, 12, 5), valid_from=D(2027, 1, 1)), id="single-date-before-valid-from"
        ),
        pytest.param(
            once(D(2026, 12, 5), valid_until=D(2026, 11, 30)), id="single-date-after-valid-until"
        ),
        pytest.param(
            once(D(2026, 12, 5), valid_from=D(2026, 12, 6), valid_until=D(2026, 12, 31)),
            id="single-date-outside-both-bounds",
        ),
        pytest.param(
            weekly(
                WED,
                valid_from=D(2026, 12, 29),
                valid_until=D(2027, 1, 3),
                closed_over_new_year=True,
            ),
            id="only-wednesday-in-range-is-new-year-closure",
        ),
    ],
)
def test_a_rule_that_cannot_occur_is_rejected(rule):
    errors = clean_errors(rule)
    assert list(errors) == [NON_FIELD_ERRORS]
    assert "開催日が1日もありません" in errors[NON_FIELD_ERRORS]


@pytest.mark.parametrize(
    "rule",
    [
        weekly(WED, start_time=T(13, 30), end_time=T(15, 30)),
        nth([TUE], [5], valid_from=D(2026, 3, 1), valid_until=D(2026, 3, 31)),
        nth([TUE], [5]),
        month_day(31, valid_from=D(2026, 1, 1), valid_until=D(2026, 1, 31)),
        month_day(29, valid_from=D(2028, 2, 1), valid_until=D(2028, 2, 29)),
        once(D(2026, 12, 5), valid_from=D(2026, 12, 5), valid_until=D(2026, 12, 5)),
        once(D(2026, 12, 5)),
        weekly(WED, valid_until=D(2026, 6, 30)),
    ],
    ids=[
        "weekly",
        "5th-tuesday-in-march-2026",
        "5th-tuesday-open-ended",
        "31st-in-january",
        "29th-in-leap-february",
        "single-date-on-both-bounds",
        "single-date-unbounded",
        "weekly-with-end-only",
    ],
)
def test_a_rule_that_can_occur_passes_clean(rule):
    rule.clean()


def test_the_29th_only_in_february_of_a_common_year_is_rejected():
    rule = month_day(29, valid_from=D(2027, 2, 1), valid_until=D(2027, 2, 28))
    assert "開催日が1日もありません" in clean_errors(rule)[NON_FIELD_ERRORS]


def test_full_clean_reports_an_unknown_weekday_instead_of_crashing():
    rule = weekly(9, valid_from=D(2026, 6, 1), valid_until=D(2026, 6, 30))
    with pytest.raises(ValidationError) as excinfo:
        rule.full_clean(exclude=["resource"])
    errors = error_messages(excinfo.value)
    assert "選べない値" in errors["weekdays"]
    assert NON_FIELD_ERRORS not in errors


def test_full_clean_reports_an_unknown_week_position_instead_of_crashing():
    rule = nth([TUE], [0], valid_from=D(2026, 6, 1), valid_until=D(2026, 6, 30))
    with pytest.raises(ValidationError) as excinfo:
        rule.full_clean(exclude=["resource"])
    assert "選べない値" in error_messages(excinfo.value)["week_positions"]


# --- IntegerSetField ----------------------------------------------------------------------------


def test_weekdays_are_always_a_sorted_list_of_ints_in_memory():
    assert ScheduleRule().weekdays == []
    assert ScheduleRule(weekdays=[3, 0, 3]).weekdays == [0, 3]
    assert ScheduleRule(weekdays=["3", "0"]).weekdays == [0, 3]
    assert ScheduleRule(weekdays="3, 0").weekdays == [0, 3]
    assert ScheduleRule(week_positions="-1,2").week_positions == [-1, 2]


def test_weekdays_survive_a_database_round_trip(db):
    rule = ScheduleRuleFactory(weekdays=[3, 0], week_positions=[4, -1, 2])

    fresh = ScheduleRule.objects.get(pk=rule.pk)

    assert fresh.weekdays == [0, 3]
    assert fresh.week_positions == [-1, 2, 4]
    stored = ScheduleRule.objects.filter(pk=rule.pk).values_list("weekdays", "week_positions")
    assert stored.get() == ([0, 3], [-1, 2, 4])


def test_an_empty_set_survives_a_database_round_trip(db):
    rule = ScheduleRuleFactory(frequency=Frequency.ONCE, weekdays=[], date=D(2026, 12, 5))
    assert ScheduleRule.objects.get(pk=rule.pk).weekdays == []


def test_weekdays_contains_finds_rules_by_weekday(db):
    rule = ScheduleRuleFactory(weekdays=[0, 3])
    ScheduleRuleFactory(weekdays=[1])

    assert list(ScheduleRule.objects.filter(weekdays__contains="3")) == [rule]
    assert list(ScheduleRule.objects.filter(weekdays__contains="0")) == [rule]
    assert not ScheduleRule.objects.filter(weekdays__contains="4").exists()


def test_weekdays_exact_lookup_matches_in_any_order(db):
    rule = ScheduleRuleFactory(weekdays=[0, 3])
    assert list(ScheduleRule.objects.filter(weekdays=[3, 0])) == [rule]
    assert list(ScheduleRule.objects.filter(weekdays="3,0")) == [rule]


def test_weekdays_form_field_accepts_known_choices_and_rejects_others():
    field = ScheduleRule._meta.get_field("weekdays").formfield()

    assert field.clean(["0", "3"]) == [0, 3]
    assert field.clean([]) == []
    with pytest.raises(ValidationError):
        field.clean(["9"])
    assert field.label == "曜日"
    assert field.required is False


def test_a_model_form_shows_saved_weekdays_and_saves_the_posted_ones(db):
    form_class = modelform_factory(ScheduleRule, fields=["frequency", "weekdays", "week_positions"])
    rule = ScheduleRuleFactory(weekdays=[0, 3])

    unbound = form_class(instance=rule)
    checked = re.findall(r'<input[^>]*value="(-?\d+)"[^>]*checked', str(unbound["weekdays"]))
    assert checked == ["0", "3"]

    form = form_class(
        {
            "frequency": Frequency.MONTHLY_NTH_WEEKDAY,
            "weekdays": ["1"],
            "week_positions": ["-1", "2"],
        },
        instance=rule,
    )
    assert form.is_valid(), form.errors
    form.save()
    rule.refresh_from_db()
    assert (rule.weekdays, rule.week_positions) == ([1], [-1, 2])

    bad = form_class({"frequency": Frequency.WEEKLY, "weekdays": ["9"]}, instance=rule)
    assert not bad.is_valid()
    assert "weekdays" in bad.errors


def test_weekdays_model_field_validation_rejects_values_outside_the_choices():
    field = ScheduleRule._meta.get_field("weekdays")
    assert field.clean("0,3", None) == [0, 3]
    with pytest.raises(ValidationError) as excinfo:
        field.clean([9], None)
    assert "9 は選べない値です" in excinfo.value.messages[0]
    with pytest.raises(ValidationError):
        field.clean("月曜", None)


def test_unreadable_weekdays_are_reported_by_full_clean_not_on_assignment():
    rule = ScheduleRule(frequency=Frequency.WEEKLY, weekdays="月曜")
    with pytest.raises(ValidationError) as excinfo:
        rule.full_clean(exclude=["resource"])
    assert "数字の組として読めません" in error_messages(excinfo.value)["weekdays"]


def test_weekdays_are_serialised_as_text_for_fixtures_and_revisions():
    field = ScheduleRule._meta.get_field("weekdays")
    assert field.value_to_string(ScheduleRule(weekdays=[3, 0])) == "0,3"
    assert field.get_prep_value([3, 0]) == "0,3"
    assert field.get_prep_value([]) == ""
