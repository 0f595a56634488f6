"""Rounds as pure date maths: every N hours, shift patterns, a cron firing several times a day.
Every window starts before it ends, windows of one plan never overlap, and a day's windows are the
same whichever day the enumeration starts from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualprev.hazards.errors import InvalidInput
from dualprev.schedules import cadence
from dualprev.schedules.cadence import Spec
from dualprev.schedules.workdays import Calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
SHIFTS = cadence.shift_table({"三班": ["00:00-08:00", "08:00-16:00", "16:00-24:00"],
                              "两班": ["08:00-20:00", "20:00-08:00"]})
DAY = date(2026, 11, 24)


def windows(spec: Spec, first: date = DAY, last: date = DAY, tz=SHANGHAI):
    return list(cadence.windows(spec, first, last, Calendar(), tz, SHIFTS))


def local(w) -> tuple[str, str]:
    return (w.starts.astimezone(SHANGHAI).strftime("%d %H:%M"), w.ends.astimezone(SHANGHAI).strftime("%d %H:%M"))


def test_every_two_hours_makes_twelve_windows_from_local_midnight():
    got = windows(Spec("hours", hours=2))
    assert len(got) == 12
    assert local(got[0]) == ("24 00:00", "24 02:00") and local(got[-1]) == ("24 22:00", "25 00:00")
    assert got[0].starts == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    assert all((w.first, w.last) == (DAY, DAY) for w in got)
    assert got[3].due(1) == got[3].ends + timedelta(hours=1)


@pytest.mark.parametrize("hours", [5, 7, 0, 25])
def test_hours_that_do_not_divide_24_are_refused(hours):
    with pytest.raises(InvalidInput, match="divide 24"):
        windows(Spec("hours", hours=hours))


def test_three_shifts_and_a_night_shift_that_ends_the_next_day():
    assert [local(w) for w in windows(Spec("shift", shifts="三班"))] == [
        ("24 00:00", "24 08:00"), ("24 08:00", "24 16:00"), ("24 16:00", "25 00:00")]
    day, night = windows(Spec("shift", shifts="两班"))
    assert local(day) == ("24 08:00", "24 20:00") and local(night) == ("24 20:00", "25 08:00")
    assert (night.first, night.last) == (DAY, DAY + timedelta(days=1))


@pytest.mark.parametrize("spans", [["08:00-16:00", "12:00-20:00"], ["8-16"], ["25:00-08:00"],
                                   ["08:00-08:00"], ["20:00-09:00", "08:00-20:00"], []])
def test_malformed_or_overlapping_shift_patterns_are_refused(spans):
    with pytest.raises(InvalidInput, match="shift pattern"):
        cadence.parse_shifts("坏班", spans)


def test_an_unknown_shift_pattern_is_refused():
    with pytest.raises(InvalidInput, match="四班"):
        windows(Spec("shift", shifts="四班"))


def test_a_sub_daily_cron_opens_a_window_at_each_firing_until_the_next():
    """The bug of issue 14: `0 */2 * * *` made a task that ended the day before it started."""
    two_days = windows(Spec("cron", cron="0 */2 * * *"), DAY, DAY + timedelta(days=1))
    assert len(two_days) == 24
    assert all(w.starts < w.ends and w.first <= w.last for w in two_days)
    assert local(two_days[11]) == ("24 22:00", "25 00:00") and local(two_days[12]) == ("25 00:00", "25 02:00")
    assert windows(Spec("cron", cron="0 */2 * * *"), DAY + timedelta(days=1), DAY + timedelta(days=1)) \
        == two_days[12:]
    odd = windows(Spec("cron", cron="30 8,14 * * mon-fri"), DAY, DAY)
    assert [local(w) for w in odd] == [("24 08:30", "24 14:30"), ("24 14:30", "25 08:30")]
    assert cadence.sub_daily(Spec("cron", cron="0 */2 * * *"))
    assert not cadence.sub_daily(Spec("cron", cron="0 8 * * 0"))


def test_day_long_periods_run_from_local_midnight_to_local_midnight():
    [w] = windows(Spec("weekly"), date(2026, 11, 23), date(2026, 11, 29))
    assert (w.first, w.last) == (date(2026, 11, 23), date(2026, 11, 29))
    assert local(w) == ("23 00:00", "30 00:00")
    assert w.due(0) == cadence.due_at(w.last, 0, SHANGHAI)


SPECS = st.one_of(
    st.sampled_from([1, 2, 3, 4, 6, 8, 12, 24]).map(lambda h: Spec("hours", hours=h)),
    st.sampled_from(["三班", "两班"]).map(lambda s: Spec("shift", shifts=s)),
    st.sampled_from(["0 */2 * * *", "*/30 8-10 * * *", "15 0,12 * * *", "0 */3 * * sat"]).map(
        lambda c: Spec("cron", cron=c)),
    st.sampled_from(["daily", "weekly", "monthly"]).map(Spec))
ZONES = st.sampled_from([SHANGHAI, ZoneInfo("UTC"), ZoneInfo("America/New_York")])


@settings(max_examples=40, deadline=None)
@given(spec=SPECS, first=st.dates(date(2026, 1, 1), date(2027, 12, 1)), days=st.integers(1, 9),
       split=st.integers(0, 8), tz=ZONES)
def test_windows_start_before_they_end_never_overlap_and_do_not_depend_on_the_tick(spec, first, days,
                                                                                   split, tz):
    last = first + timedelta(days=days - 1)
    whole = list(cadence.windows(spec, first, last, Calendar(), tz, SHIFTS))
    assert all(w.starts < w.ends for w in whole)
    assert all(a.ends <= b.starts for a, b in zip(whole, whole[1:]))
    middle = min(first + timedelta(days=split), last)
    if spec.cadence in ("hours", "shift", "cron"):  # a tick a day later computes the same windows
        halves = (list(cadence.windows(spec, first, middle - timedelta(days=1), Calendar(), tz, SHIFTS))
                  if middle > first else []) + list(cadence.windows(spec, middle, last, Calendar(), tz, SHIFTS))
        assert halves == whole
