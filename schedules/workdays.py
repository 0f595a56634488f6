"""The Chinese working-day calendar: chinese-calendar, an admin's entries, and a provisional fallback.

chinese-calendar knows the State Council's notices for 2004-2026 only and raises for later years.
For a year it does not know, the statutory holidays of 全国年节及纪念日放假办法 (2025 revision) are
computed (lunar dates with lunardate, 清明 by the solar-term formula), without the 调休 swaps nobody
can predict, and the year is marked provisional with one warning per process. An admin enters the
notice when it is published (`dualprev calendar add`); those entries win over everything else.

Here too: deadlines given as ``--within N`` calendar days or ``Nwd`` working days, and the
calendar's administration (entering a notice's days, checking where each year comes from).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from dualprev.hazards import audit, config, limits
from dualprev.hazards.access import load_actor, require_role
from dualprev.hazards.db import Database, as_date
from dualprev.hazards.errors import InvalidInput

log = logging.getLogger("dualprev.calendar")
_WARNED: set[int] = set()


def _qingming(year: int) -> date:
    """清明 (solar term): the 21st-century formula, day = [Y*0.2422 + 4.81] - [Y/4], Y = year % 100."""
    y = year % 100
    return date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


@cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory holidays of ``year`` as the 放假办法 defines them (no 调休 swaps)."""
    from lunardate import LunarDate

    def lunar(month: int, day: int) -> date:
        return LunarDate(year, month, day).to_solar_date()

    spring = lunar(1, 1)
    days = {date(year, 1, 1): "元旦"}
    days.update({spring + timedelta(days=n): "春节" for n in range(-1, 3)})  # 除夕 to 初三
    days[_qingming(year)] = "清明节"
    days.update({date(year, 5, 1): "劳动节", date(year, 5, 2): "劳动节"})
    days[lunar(5, 5)] = "端午节"
    days[lunar(8, 15)] = "中秋节"
    days.update({date(year, 10, n): "国庆节" for n in (1, 2, 3)})
    return days


def _known(year: int) -> bool:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@cache
def known(year: int) -> bool:
    """True when chinese-calendar has the State Council's notice for ``year``."""
    return _known(year)


@dataclass
class Calendar:
    """Working days by the official calendar, with an admin's entries (day -> (kind, name)) on top."""

    overrides: Mapping[date, tuple[str, str | None]] = field(default_factory=dict)

    def provisional(self, year: int) -> bool:
        return not known(year) and not any(d.year == year for d in self.overrides)

    def _warn(self, year: int) -> None:
        if year not in _WARNED:
            _WARNED.add(year)
            log.warning("the working-day calendar for %s is provisional (statutory holidays computed, "
                        "no 调休): enter the State Council's notice with `dualprev calendar add`", year)

    def holiday_name(self, day: date) -> str | None:
        """The public holiday ``day`` belongs to (also on an adjusted workday of it), else None."""
        entry = self.overrides.get(day)
        if entry is not None:
            return entry[1] if entry[0] == "holiday" else None
        if known(day.year):
            import chinese_calendar

            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            return name if on_holiday and name else None
        self._warn(day.year)
        return statutory_holidays(day.year).get(day)

    def is_workday(self, day: date) -> bool:
        entry = self.overrides.get(day)
        if entry is not None:
            return entry[0] == "workday"
        if known(day.year):
            import chinese_calendar

            return chinese_calendar.is_workday(day)
        self._warn(day.year)
        return day.weekday() < 5 and day not in statutory_holidays(day.year)

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (调休 weekends count, holidays do not)."""
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def holiday_eves(self, first: date, last: date) -> Iterable[date]:
        """Working days in [first, last] whose following days off contain a public holiday."""
        day = first
        while day <= last:
            if self.is_workday(day):
                after = day + timedelta(days=1)
                while not self.is_workday(after):
                    if self.holiday_name(after):
                        yield day
                        break
                    after += timedelta(days=1)
            day += timedelta(days=1)


def load(tx) -> Calendar:
    """The calendar with the admin's entries of the database (a small table)."""
    rows = tx.run("SELECT day, kind, name FROM calendar_day").all()
    return Calendar({as_date(d): (k, n) for d, k, n in rows})


# --- deadlines ---------------------------------------------------------------------------------------

def deadline_of(db: Database, deadline: date | None, within: str | None) -> tuple[date, dict | None]:
    """A deadline given as a date, or as ``--within N`` calendar days / ``Nwd`` working days from
    today (by the working-day calendar); returns it with how it was computed (None for a date)."""
    if deadline is not None and within is not None:
        raise InvalidInput("give --deadline DATE or --within N[wd], not both")
    if deadline is None and within is None:
        raise InvalidInput("give the deadline as --deadline DATE or as --within N (calendar days) / "
                           "Nwd (working days)")
    today = config.today()
    if within is None:
        limits.deadline(deadline, today)
        return deadline, None
    text = within.strip().lower()
    count, working = (text[:-2], True) if text.endswith("wd") else (text, False)
    if not count.isascii() or not count.isdigit() or int(count) < 1:
        raise InvalidInput(f"--within {within!r}: give a number of days like 10, or of working days "
                           "like 5wd")
    if int(count) > (limits.latest_deadline(today) - today).days:
        raise InvalidInput(f"--within {within}: a deadline is at most {limits.DEADLINE_YEARS} years "
                           f"ahead (up to {limits.latest_deadline(today)})")
    moved: dict[str, Any] = {}
    if working:
        with db.read() as tx:
            cal = load(tx)
        due = cal.add_workdays(today, int(count))
        provisional = sorted({y for y in range(today.year, due.year + 1) if cal.provisional(y)})
    else:
        due, provisional = date.fromordinal(today.toordinal() + int(count)), []
        rule = config.rules().get("deadline", {})
        if rule.get("holiday_shift", True):
            with db.read() as tx:
                cal = load(tx)
            due, moved = off_holiday(cal, due, rule.get("shift_on", "holidays"))
            if moved and cal.provisional(due.year):
                provisional = [due.year]
    limits.deadline(due, today, f"--within {within}: the deadline")
    how = {"within": text, "unit": "working_days" if working else "calendar_days",
           "days": int(count), "from": today.isoformat(), "deadline": due.isoformat(), **moved}
    if provisional:
        how["provisional_years"] = provisional
    return due, how


SHIFT_ON = ("holidays", "rest_days")


def with_moved(result: dict[str, Any], how: dict | None) -> dict[str, Any]:
    """A use-case's answer, with ``deadline_moved`` (from, to, the holiday) when a ``--within``
    deadline was moved off a holiday, so the program can say it moved it."""
    if not how or "moved_from" not in how:
        return result
    return {**result, "deadline_moved": {"from": how["moved_from"], "to": how["deadline"],
                                         "holiday": how["holiday"]}}


def off_holiday(cal: Calendar, due: date, shift_on: str = "holidays") -> tuple[date, dict[str, Any]]:
    """民法典 Art 203: a period whose last day is a 法定休假日 ends on the first working day after
    it. ``shift_on`` says what counts: "holidays" (the statutory holidays of the 放假办法) or
    "rest_days" (any day off, weekends too). Returns the day and, when it moved, how."""
    if shift_on not in SHIFT_ON:
        raise InvalidInput(f"rules: deadline.shift_on = {shift_on!r}; use one of {', '.join(SHIFT_ON)}")
    name = cal.holiday_name(due)
    if cal.is_workday(due) or (shift_on == "holidays" and name is None):
        return due, {}
    day = due + timedelta(days=1)
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return day, {"moved_from": due.isoformat(), "holiday": name or "休息日"}


# --- the calendar's administration ------------------------------------------------------------------

def add_calendar_day(db: Database, *, actor: str, day: date, holiday: str | None = None,
                     workday: bool = False) -> dict[str, Any]:
    """Enter a day of the State Council's notice: a public holiday (with its name) or a 调休
    working day. The entry wins over chinese-calendar and over the provisional computation."""
    limits.check("calendar_day", name=holiday)
    if bool(holiday) == bool(workday):
        raise InvalidInput("say --holiday NAME or --workday (one of them)")
    kind = "holiday" if holiday else "workday"
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        require_role(who, "schedule.calendar_roles", "change the calendar")
        exists = tx.scalar("SELECT count(*) FROM calendar_day WHERE day = :d", {"d": tx.day(day)})
        params = {"d": tx.day(day), "k": kind, "n": holiday, "by": who.login, "at": tx.ts(now)}
        if exists:
            tx.run("UPDATE calendar_day SET kind = :k, name = :n, by = :by, at = :at WHERE day = :d", params)
        else:
            tx.run("INSERT INTO calendar_day (day, kind, name, by, at) VALUES (:d, :k, :n, :by, :at)", params)
        audit.append(tx, enterprise_id=audit.SYSTEM_CHAIN, subject="calendar", subject_id=day.toordinal(),
                     ref=day.isoformat(), event="calendar_add", actor=who.login, at=now,
                     data={"kind": kind, "name": holiday, "replaced": bool(exists)})
    return {"day": day.isoformat(), "kind": kind, "name": holiday}


def calendar_check(db: Database, *, years: int = 3) -> list[dict[str, Any]]:
    """For this year and the next ones: where the working-day calendar comes from."""
    with db.read() as tx:
        cal = load(tx)
    first = config.today().year
    out = []
    for year in range(first, first + years):
        entries = sum(1 for d in cal.overrides if d.year == year)
        source = ("chinese-calendar" if known(year) else
                  "admin entries" if entries else "provisional")
        out.append({"year": year, "source": source, "provisional": cal.provisional(year),
                    "entries": entries})
    return out
