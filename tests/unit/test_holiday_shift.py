"""民法典 Art 203: a calendar-day period whose last day is a 法定休假日 ends on the first working day
after it; pure, over the working-day calendar."""

from __future__ import annotations

from datetime import date

import pytest

from dualprev.hazards.errors import InvalidInput
from dualprev.schedules.workdays import Calendar, off_holiday


def test_art_203_last_day_on_national_day_moves_to_the_first_working_day_after():
    assert off_holiday(Calendar(), date(2026, 10, 4)) == (
        date(2026, 10, 8), {"moved_from": "2026-10-04", "holiday": "National Day"})


def test_art_203_a_working_day_or_a_plain_weekend_stays_when_only_holidays_count():
    assert off_holiday(Calendar(), date(2026, 12, 1)) == (date(2026, 12, 1), {})
    assert off_holiday(Calendar(), date(2026, 11, 28)) == (date(2026, 11, 28), {})  # a Saturday


def test_art_203_rest_days_counts_weekends_too():
    assert off_holiday(Calendar(), date(2026, 11, 28), "rest_days") == (
        date(2026, 11, 30), {"moved_from": "2026-11-28", "holiday": "休息日"})


def test_art_203_adjusted_workday_and_admin_entries_are_honoured():
    # 2026-10-10 (Saturday) is a 调休 working day: a deadline there stands
    assert off_holiday(Calendar(), date(2026, 10, 10)) == (date(2026, 10, 10), {})
    cal = Calendar({date(2027, 10, 1): ("holiday", "国庆节"), date(2027, 10, 4): ("holiday", "国庆节")})
    assert off_holiday(cal, date(2027, 10, 1))[0] == date(2027, 10, 5)


def test_an_unknown_shift_rule_is_refused():
    with pytest.raises(InvalidInput, match="shift_on"):
        off_holiday(Calendar(), date(2026, 10, 4), "weekdays")
