"""Period arithmetic and the working-day calendar: ISO weeks, month ends, time zones, holiday eves
with 调休, cron's Sunday, and the provisional calendar of a year chinese-calendar does not know."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from dualprev.hazards.errors import InvalidInput
from dualprev.schedules import cadence, workdays
from dualprev.schedules.cadence import Spec
from dualprev.schedules.workdays import Calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


def periods(spec: Spec, first: date, last: date, cal: Calendar | None = None, tz=SHANGHAI):
    return list(cadence.periods(spec, first, last, cal or Calendar(), tz))


def test_iso_weeks_run_monday_to_sunday_across_the_year_end():
    assert cadence.period_of("weekly", date(2026, 12, 31)) == (date(2026, 12, 28), date(2027, 1, 3))
    assert cadence.period_of("weekly", date(2027, 1, 3)) == (date(2026, 12, 28), date(2027, 1, 3))
    assert cadence.period_of("weekly", date(2027, 1, 4)) == (date(2027, 1, 4), date(2027, 1, 10))


@pytest.mark.parametrize(("day", "period"), [
    (date(2028, 2, 15), (date(2028, 2, 1), date(2028, 2, 29))),  # leap year
    (date(2026, 2, 28), (date(2026, 2, 1), date(2026, 2, 28))),
    (date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
    (date(2026, 4, 30), (date(2026, 4, 1), date(2026, 4, 30))),
])
def test_months_end_on_their_last_day(day, period):
    assert cadence.period_of("monthly", day) == period


def test_quarters_and_years():
    assert cadence.period_of("quarterly", date(2026, 11, 24)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert cadence.period_of("quarterly", date(2026, 2, 1)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert cadence.period_of("yearly", date(2026, 6, 1)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_monthly_periods_start_on_the_first_whatever_the_start_date():
    spec = Spec("monthly")
    first = cadence.first_start(spec, date(2026, 1, 31))
    assert first == date(2026, 1, 1)
    got = periods(spec, first, date(2026, 4, 15))
    assert [p[0] for p in got] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]
    assert got[1][1] == date(2026, 2, 28)
    assert cadence.next_start(spec, date(2026, 4, 15)) == date(2026, 5, 1)


def test_due_at_is_the_local_midnight_after_the_period_plus_grace_in_utc():
    assert cadence.due_at(date(2026, 11, 24), 0, SHANGHAI) == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
    assert cadence.due_at(date(2026, 11, 24), 8, SHANGHAI) == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
    new_york = ZoneInfo("America/New_York")  # the day DST ends: midnight is still well defined
    assert cadence.due_at(date(2026, 10, 31), 0, new_york) == datetime(2026, 11, 1, 4, 0, tzinfo=UTC)
    assert cadence.due_at(date(2026, 11, 1), 0, new_york) == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)


def test_workdays_skip_holidays_and_count_adjusted_weekends():
    # 春节 2026: Feb 15-23 off; Saturday Feb 14 and Saturday Feb 28 are 调休 working days
    got = [p[0] for p in periods(Spec("daily", workdays=True), date(2026, 2, 12), date(2026, 3, 1))]
    assert date(2026, 2, 14) in got and date(2026, 2, 28) in got
    assert not any(date(2026, 2, 15) <= d <= date(2026, 2, 23) for d in got)
    assert date(2026, 3, 1) not in got  # an ordinary Sunday


def test_holiday_eve_is_the_last_working_day_before_each_public_holiday():
    eves = [p[0] for p in periods(Spec("holiday_eve"), date(2026, 1, 1), date(2026, 10, 31))]
    # the Spring Festival eve is the adjusted working Saturday, Feb 14
    assert eves == [date(2026, 2, 14), date(2026, 4, 3), date(2026, 4, 30), date(2026, 6, 18),
                    date(2026, 9, 24), date(2026, 9, 30)]


def test_cron_day_zero_and_seven_are_sunday_unlike_from_crontab():
    from apscheduler.triggers.cron import CronTrigger

    start = datetime(2026, 11, 23, tzinfo=SHANGHAI)  # a Monday
    pitfall = CronTrigger.from_crontab("0 8 * * 0", timezone=SHANGHAI).get_next_fire_time(None, start)
    assert pitfall.weekday() == 0  # APScheduler 3 reads 0 as Monday: the bug we translate around
    for expr in ("0 8 * * 0", "0 8 * * 7", "0 8 * * sun"):
        fire = cadence.cron_trigger(expr, SHANGHAI).get_next_fire_time(None, start)
        assert (fire.date(), fire.hour) == (date(2026, 11, 29), 8), expr
    assert cadence.translate_dow("1-5") == "mon,tue,wed,thu,fri"
    assert cadence.translate_dow("0-2,6") == "sun,mon,tue,sat"
    assert cadence.translate_dow("*/2") == "sun,tue,thu,sat"
    assert cadence.translate_dow("mon-fri") == "mon-fri"


def test_cron_periods_last_until_the_next_firing_day():
    got = periods(Spec("cron", cron="30 9 * * 1,4"), date(2026, 11, 23), date(2026, 12, 3))
    assert got == [(date(2026, 11, 23), date(2026, 11, 25)), (date(2026, 11, 26), date(2026, 11, 29)),
                   (date(2026, 11, 30), date(2026, 12, 2)), (date(2026, 12, 3), date(2026, 12, 6))]


@pytest.mark.parametrize("expr", ["0 8 * *", "61 8 * * *", "0 8 1 * 1", "0 8 * * 9"])
def test_bad_cron_is_refused_with_a_reason(expr):
    with pytest.raises(InvalidInput, match="--cron"):
        cadence.cron_trigger(expr, SHANGHAI)


def test_time_zone_decides_which_day_it_is():
    spec = Spec("daily")
    instant = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)  # 01:30 on the 25th in Shanghai
    assert instant.astimezone(SHANGHAI).date() == date(2026, 11, 25)
    assert periods(spec, date(2026, 11, 24), instant.astimezone(SHANGHAI).date())[-1][0] == date(2026, 11, 25)
    assert periods(spec, date(2026, 11, 24), instant.astimezone(UTC).date(), tz=UTC)[-1][0] == date(2026, 11, 24)


def test_2027_falls_back_to_the_statutory_holidays_provisionally_and_warns_once(caplog, monkeypatch):
    monkeypatch.setattr(workdays, "_WARNED", set())
    cal = Calendar()
    assert workdays.known(2026) and not workdays.known(2027)
    assert cal.provisional(2027) and not cal.provisional(2026)
    with caplog.at_level(logging.WARNING, logger="dualprev.calendar"):
        assert not cal.is_workday(date(2027, 2, 5))  # 除夕 (lunar new year 2027-02-06)
        assert cal.holiday_name(date(2027, 2, 8)) == "春节"  # 初三
        assert not cal.is_workday(date(2027, 4, 5))  # 清明
        assert not cal.is_workday(date(2027, 6, 9))  # 端午
        assert not cal.is_workday(date(2027, 9, 15))  # 中秋
        assert not cal.is_workday(date(2027, 10, 3)) and cal.is_workday(date(2027, 10, 4))
        assert cal.is_workday(date(2027, 3, 1))
    assert len([r for r in caplog.records if "2027" in r.getMessage()]) == 1


def test_admin_entries_win_over_the_computed_calendar():
    cal = Calendar({date(2027, 2, 20): ("workday", None), date(2027, 2, 9): ("holiday", "春节")})
    assert cal.is_workday(date(2027, 2, 20))  # a Saturday made a working day
    assert not cal.is_workday(date(2027, 2, 9)) and cal.holiday_name(date(2027, 2, 9)) == "春节"
    assert not cal.provisional(2027)


def test_adding_working_days_counts_adjusted_weekends():
    cal = Calendar()
    assert cal.add_workdays(date(2026, 11, 24), 5) == date(2026, 12, 1)
    assert cal.add_workdays(date(2026, 2, 12), 2) == date(2026, 2, 14)  # 调休 Saturday
    assert cal.add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)  # over 春节
