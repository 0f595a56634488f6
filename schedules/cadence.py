"""Cadences as pure date maths: which periods a plan has between two dates, and when each is due.

A period is a pair of local dates (first, last day). daily = a calendar day (working days only with
``workdays``), weekly = an ISO week Monday-Sunday, monthly = from the 1st to the month's end,
quarterly, yearly; ``holiday_eve`` = the last working day before each public holiday; ``cron`` = a
standard five-field expression whose firing days each start a period lasting until the next one.
APScheduler's CronTrigger serves only as a calculator here: it answers "the next firing after t".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dualprev.hazards.errors import InvalidInput
from dualprev.schedules.workdays import Calendar

CALENDAR_CADENCES = ("daily", "weekly", "monthly", "quarterly", "yearly")
CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")  # cron: 0 and 7 are Sunday


@dataclass(frozen=True)
class Spec:
    """What decides a plan's periods (plans sharing a Spec share their arithmetic)."""

    cadence: str
    cron: str | None = None
    workdays: bool = False


def period_of(cadence: str, day: date) -> tuple[date, date]:
    """The calendar period of ``cadence`` that contains ``day``."""
    if cadence == "daily":
        return day, day
    if cadence == "weekly":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if cadence == "monthly":
        start = day.replace(day=1)
    elif cadence == "quarterly":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    elif cadence == "yearly":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    else:
        raise ValueError(f"{cadence} has no calendar periods")
    months = 1 if cadence == "monthly" else 3
    month = start.month + months
    following = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return start, following - timedelta(days=1)


def first_start(spec: Spec, start: date) -> date:
    """The watermark of a new plan: the start of the period containing its start date."""
    if spec.cadence in CALENDAR_CADENCES and not spec.workdays:
        return period_of(spec.cadence, start)[0]
    return start


def next_start(spec: Spec, today: date) -> date:
    """The watermark once every period starting on or before ``today`` exists."""
    if spec.cadence in CALENDAR_CADENCES and not spec.workdays:
        return period_of(spec.cadence, today)[1] + timedelta(days=1)
    return today + timedelta(days=1)


def periods(spec: Spec, first: date, last: date, cal: Calendar, tz: ZoneInfo) -> Iterator[tuple[date, date]]:
    """Every period of ``spec`` whose first day lies in [first, last]."""
    if spec.cadence == "holiday_eve":
        for day in cal.holiday_eves(first, last):
            yield day, day
    elif spec.cadence == "cron":
        yield from _cron_periods(spec.cron or "", first, last, tz)
    elif spec.workdays:
        if spec.cadence != "daily":
            raise InvalidInput("--workdays goes with the daily cadence only")
        day = first
        while day <= last:
            if cal.is_workday(day):
                yield day, day
            day += timedelta(days=1)
    else:
        day = first
        while day <= last:
            start, end = period_of(spec.cadence, day)
            if start >= first:
                yield start, end
            day = end + timedelta(days=1)


def due_at(period_end: date, grace_hours: int, tz: ZoneInfo) -> datetime:
    """The period's end (the local midnight after its last day) plus the grace, in UTC."""
    midnight = datetime.combine(period_end + timedelta(days=1), time(0), tzinfo=tz)
    return (midnight + timedelta(hours=grace_hours)).astimezone(UTC)


# --- cron -----------------------------------------------------------------------------------------

def _dow_values(part: str) -> list[int]:
    body, _, step = part.partition("/")
    if body == "*":
        low, high = 0, 6
    elif "-" in body:
        a, b = body.split("-", 1)
        low, high = int(a), int(b)
    else:
        low = high = int(body)
        if step:
            high = 7
    if not (0 <= low <= 7 and 0 <= high <= 7 and low <= high):
        raise ValueError(part)
    return list(range(low, high + 1, int(step) if step else 1))


def translate_dow(field: str) -> str:
    """Cron's day-of-week (0 and 7 = Sunday) as APScheduler day names: its from_crontab reads 0 as
    Monday (APScheduler #286, unfixable in 3.x), so numbers never reach it."""
    if field == "*":
        return "*"
    names: list[str] = []
    for part in field.lower().split(","):
        if any(ch.isdigit() for ch in part.partition("/")[0]) or part.startswith("*/"):
            for n in _dow_values(part):
                if CRON_DAYS[n] not in names:
                    names.append(CRON_DAYS[n])
        else:
            names.append(part)
    return ",".join(names)


def cron_trigger(expr: str, tz: ZoneInfo):
    """An APScheduler CronTrigger for a standard five-field expression, or InvalidInput."""
    from apscheduler.triggers.cron import CronTrigger

    fields = expr.split()
    if len(fields) != 5:
        raise InvalidInput(f"--cron {expr!r} needs five fields: minute hour day month weekday "
                           "(e.g. '0 8 * * 1' for Mondays at 08:00)")
    minute, hour, day, month, dow = fields
    if day != "*" and dow != "*":
        raise InvalidInput(f"--cron {expr!r} restricts both the day of month and the weekday, which "
                           "cron ORs together: make two plans, one for each")
    try:
        return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                           day_of_week=translate_dow(dow), timezone=tz)
    except ValueError as exc:
        raise InvalidInput(f"--cron {expr!r} is not a valid cron expression: {exc}") from None


def cron_days(expr: str, first: date, last: date, tz: ZoneInfo) -> Iterator[date]:
    """The local days in [first, last] (and then one more) on which ``expr`` fires."""
    trigger = cron_trigger(expr, tz)
    cursor = datetime.combine(first, time(0), tzinfo=tz)
    previous = None
    while True:
        fire = trigger.get_next_fire_time(previous, cursor)
        if fire is None:
            return
        day = fire.astimezone(tz).date()
        yield day
        if day > last:
            return
        previous = fire
        cursor = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def _cron_periods(expr: str, first: date, last: date, tz: ZoneInfo) -> Iterator[tuple[date, date]]:
    days = list(cron_days(expr, first, last, tz))
    for day, following in zip(days, days[1:], strict=False):
        if day <= last:
            yield day, following - timedelta(days=1)
    if len(days) == 1 and days[0] <= last:  # fires once and never again
        yield days[0], days[0]
