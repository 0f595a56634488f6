"""Cadences as pure date maths: which periods a plan has between two dates, and when each is due.

A period is a pair of local dates (first, last day). daily = a calendar day (working days only with
``workdays``), weekly = an ISO week Monday-Sunday, monthly = from the 1st to the month's end,
quarterly, yearly; ``holiday_eve`` = the last working day before each public holiday; ``cron`` = a
standard five-field expression whose firing days each start a period lasting until the next one.
APScheduler's CronTrigger serves only as a calculator here: it answers "the next firing after t".

Rounds are shorter than a day: ``hours`` (every N hours, N dividing 24, from local midnight),
``shift`` (the windows of a named shift pattern of the rules file, e.g. 三班 00-08/08-16/16-24) and a
cron expression that fires more than once a day (each firing opens a window that lasts until the
next firing). Every cadence yields ``Window``s: the local days a window starts and ends on, and its
start and end instants; a day-long period starts and ends at local midnights.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dualprev.hazards.errors import InvalidInput
from dualprev.schedules.workdays import Calendar

CALENDAR_CADENCES = ("daily", "weekly", "monthly", "quarterly", "yearly")
ROUND_CADENCES = ("hours", "shift")
CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")  # cron: 0 and 7 are Sunday


@dataclass(frozen=True)
class Spec:
    """What decides a plan's periods (plans sharing a Spec share their arithmetic)."""

    cadence: str
    cron: str | None = None
    workdays: bool = False
    hours: int | None = None  # ``hours``: the window's length
    shifts: str | None = None  # ``shift``: the name of the rules' shift pattern


@dataclass(frozen=True)
class Window:
    """One task's window: the local days it starts and ends on, its start and end instants (UTC)."""

    first: date
    last: date
    starts: datetime
    ends: datetime

    def due(self, grace_hours: int) -> datetime:
        """漏检 from this instant: the window's end plus the grace."""
        return self.ends + timedelta(hours=grace_hours)


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


def midnight(day: date, tz: ZoneInfo) -> datetime:
    """The local midnight that starts ``day``, in UTC."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def day_window(first: date, last: date, tz: ZoneInfo) -> Window:
    return Window(first, last, midnight(first, tz), midnight(last + timedelta(days=1), tz))


def _window(starts: datetime, ends: datetime, tz: ZoneInfo) -> Window:
    last = (ends - timedelta(microseconds=1)).astimezone(tz).date()
    return Window(starts.astimezone(tz).date(), last, starts.astimezone(UTC), ends.astimezone(UTC))


def sub_daily(spec: Spec) -> bool:
    """Rounds: windows shorter than a day (hours, shifts, a cron firing more than once a day)."""
    return spec.cadence in ROUND_CADENCES or (spec.cadence == "cron" and cron_sub_daily(spec.cron or ""))


def windows(spec: Spec, first: date, last: date, cal: Calendar, tz: ZoneInfo,
            shift_table: dict[str, list[tuple[int, int]]] | None = None) -> Iterator[Window]:
    """Every window of ``spec`` that starts on a local day in [first, last]."""
    if spec.cadence == "hours":
        yield from _hour_windows(spec.hours or 0, first, last, tz)
    elif spec.cadence == "shift":
        pattern = (shift_table or {}).get(spec.shifts or "")
        if not pattern:
            raise InvalidInput(f"no shift pattern {spec.shifts!r} in the rules file's [schedule.shifts]")
        yield from _shift_windows(pattern, first, last, tz)
    elif spec.cadence == "cron" and cron_sub_daily(spec.cron or ""):
        yield from _cron_windows(spec.cron or "", first, last, tz)
    else:
        for start, end in periods(spec, first, last, cal, tz):
            yield day_window(start, end, tz)


def _hour_windows(hours: int, first: date, last: date, tz: ZoneInfo) -> Iterator[Window]:
    if hours < 1 or 24 % hours:
        raise InvalidInput(f"every {hours}h: the hours must divide 24 (1, 2, 3, 4, 6, 8, 12 or 24)")
    yield from _shift_windows([(h * 60, (h + hours) * 60) for h in range(0, 24, hours)], first, last, tz)


def _shift_windows(pattern: list[tuple[int, int]], first: date, last: date,
                   tz: ZoneInfo) -> Iterator[Window]:
    """Windows of (start, end) minutes after local midnight; an end at or before its start (e.g.
    20:00-08:00) ends on the next day. Local wall-clock times, so a DST day keeps its shifts' hours."""
    day = first
    while day <= last:
        for start, end in pattern:
            if end <= start:
                end += 24 * 60
            s = _at_minute(day, start, tz)
            e = _at_minute(day, end, tz)
            yield _window(s, e, tz)
        day += timedelta(days=1)


def _at_minute(day: date, minute: int, tz: ZoneInfo) -> datetime:
    whole_days, rest = divmod(minute, 24 * 60)
    return datetime.combine(day + timedelta(days=whole_days), time(rest // 60, rest % 60), tzinfo=tz)


def parse_shifts(name: str, spans: list[str]) -> list[tuple[int, int]]:
    """A rules-file shift pattern ``["00:00-08:00", "08:00-16:00", "16:00-24:00"]`` as minutes;
    refuses a malformed span or shifts that overlap."""
    out = []
    for span in spans:
        try:
            a, b = (part.strip() for part in span.split("-"))
            start, end = _minutes(a), _minutes(b)
        except ValueError:
            raise InvalidInput(f"shift pattern {name}: {span!r} is not HH:MM-HH:MM (e.g. 08:00-16:00)") from None
        if start >= 24 * 60 or start == end:
            raise InvalidInput(f"shift pattern {name}: {span!r} is not a shift of the day")
        out.append((start, end))
    if not out:
        raise InvalidInput(f"shift pattern {name} has no shifts")
    covered = sorted((s, e if e > s else e + 24 * 60) for s, e in out)
    for (_s1, e1), (s2, _e2) in zip(covered, covered[1:], strict=False):
        if s2 < e1:
            raise InvalidInput(f"shift pattern {name}: its shifts overlap ({spans})")
    if covered[-1][1] - covered[0][0] > 24 * 60:
        raise InvalidInput(f"shift pattern {name}: its shifts overlap across midnight ({spans})")
    return out


def shift_table(patterns: dict[str, list[str]]) -> dict[str, list[tuple[int, int]]]:
    """The rules' ``[schedule.shifts]``, each pattern's shifts as (start, end) minutes after midnight."""
    return {name: parse_shifts(name, spans) for name, spans in patterns.items()}


def _minutes(clock: str) -> int:
    h, _, m = clock.partition(":")
    if not (h.isdigit() and m.isdigit() and len(m) == 2):
        raise ValueError(clock)
    value = int(h) * 60 + int(m)
    if int(m) > 59 or value > 24 * 60:
        raise ValueError(clock)
    return value


def window_hours(spec: Spec, shift_table: dict[str, list[tuple[int, int]]] | None = None) -> float:
    """A cadence's nominal window in hours (to compare how often two cadences check)."""
    if spec.cadence == "hours":
        return float(spec.hours or 24)
    if spec.cadence == "shift":
        return 24 / len((shift_table or {}).get(spec.shifts or "") or [None])
    return {"daily": 24, "weekly": 168, "monthly": 730, "quarterly": 2190, "yearly": 8760}[spec.cadence]


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


def cron_sub_daily(expr: str) -> bool:
    """Whether ``expr`` may fire more than once a day: its minute or hour is not one number."""
    fields = expr.split()
    return len(fields) == 5 and not (fields[0].isdigit() and fields[1].isdigit())


def _fires(expr: str, start: datetime, tz: ZoneInfo) -> Iterator[datetime]:
    """The firings of ``expr`` from ``start`` on (inclusive). ``previous`` is never passed to
    get_next_fire_time: APScheduler then answers the firing after ``previous`` rather than after
    ``now`` (it catches up), which made a sub-daily cron's next day start at its own 02:00."""
    trigger = cron_trigger(expr, tz)
    cursor = start
    while (fire := trigger.get_next_fire_time(None, cursor)) is not None:
        yield fire
        cursor = fire + timedelta(microseconds=1)


def cron_days(expr: str, first: date, last: date, tz: ZoneInfo) -> Iterator[date]:
    """The local days in [first, last] (and then one more) on which ``expr`` fires."""
    day = None
    for fire in _fires(expr, datetime.combine(first, time(0), tzinfo=tz), tz):
        if fire.astimezone(tz).date() == day:
            continue
        day = fire.astimezone(tz).date()
        yield day
        if day > last:
            return


def _cron_windows(expr: str, first: date, last: date, tz: ZoneInfo) -> Iterator[Window]:
    """Each firing on a day in [first, last] opens a window that ends at the next firing."""
    fires = _fires(expr, datetime.combine(first, time(0), tzinfo=tz), tz)
    current = next(fires, None)
    while current is not None and current.astimezone(tz).date() <= last:
        following = next(fires, None)
        if following is None:  # fires once and never again: a window to the end of its day
            following = midnight(current.astimezone(tz).date() + timedelta(days=1), tz)
            yield _window(current, following, tz)
            return
        yield _window(current, following, tz)
        current = following


def _cron_periods(expr: str, first: date, last: date, tz: ZoneInfo) -> Iterator[tuple[date, date]]:
    days = list(cron_days(expr, first, last, tz))
    for day, following in zip(days, days[1:], strict=False):
        if day <= last:
            yield day, following - timedelta(days=1)
    if len(days) == 1 and days[0] <= last:  # fires once and never again
        yield days[0], days[0]
