"""`dualprev tick`: create the tasks that are due, mark the missed ones (漏检), run the escalation sweep.

The database decides what is due, not a scheduler: each plan keeps a watermark (``next_start``, the
first day whose windows are not generated yet) and ``UNIQUE(plan_id, starts_at)`` makes every insert
idempotent,
so a tick after ten days of downtime creates each missing period exactly once, and ticks racing in
several processes or daemons never double a period. The work is set-based: plans are grouped by
(enterprise, schedule, watermark), each group's windows are computed once in Python, and each
window becomes one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` over the group's plans. Rounds
(every N hours, shifts, a cron firing several times a day) are made a day at a time, like daily
tasks: the first tick of a day creates all of that day's windows; a window that ended before its
plan was added is not made (nobody was meant to walk it).

Audit: a task's creation is not a transition; each tick that creates tasks appends one
``tasks_create`` event per enterprise (how many, which periods), so a day of 100,000 tasks does not
cost 100,000 hash-chained events. Every transition (``miss`` here, ``complete`` when recorded) is
an event of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from dualprev.hazards import audit, config
from dualprev.hazards.db import Database, Tx, as_date, as_instant
from dualprev.hazards.errors import DomainError
from dualprev.schedules import cadence, escalation, workdays
from dualprev.workflows import inspection

ACTOR = "system"  # the reserved actor (hazards/enforce.py SYSTEM_ACTOR)
TICK_LOCK = 0x7469636B  # pg_advisory_xact_lock key: one generator at a time on PostgreSQL

GROUPS_SQL = (
    "SELECT enterprise_id, cadence, COALESCE(cron, '') AS cron, workdays, COALESCE(every_hours, 0)"
    " AS hours, COALESCE(shifts, '') AS shifts, grace_hours, next_start, count(*) AS plans"
    " FROM inspection_plan WHERE NOT paused AND next_start <= :today"
    " GROUP BY enterprise_id, cadence, COALESCE(cron, ''), workdays, COALESCE(every_hours, 0),"
    " COALESCE(shifts, ''), grace_hours, next_start ORDER BY enterprise_id, next_start")
GROUP_WHERE = (
    "NOT paused AND enterprise_id = :e AND cadence = :cadence AND COALESCE(cron, '') = :cron"
    " AND workdays = :workdays AND COALESCE(every_hours, 0) = :hours AND COALESCE(shifts, '') = :shifts"
    " AND grace_hours = :grace AND next_start = :first")
SQLITE_UUID = (  # a version-4 UUID per row, in SQL (SQLite has no uuid function)
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)"
    " || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-'"
    " || hex(randomblob(6)))")


def insert_sql(tx: Tx, rounds: bool = False) -> str:
    """One window's tasks for a group's plans; ``rounds``: not for plans added after it ended."""
    new_uuid = SQLITE_UUID if tx.db.is_sqlite else "gen_random_uuid()::text"
    return (
        "INSERT INTO inspection_task (uuid, enterprise_id, plan_id, org_id, period_start, period_end,"
        f" starts_at, ends_at, due_at, state, late, version, created_at) SELECT {new_uuid},"
        " enterprise_id, id, org_id, :ps, :pe, :starts, :ends, :due, 'open', :no, 1, :now"
        f" FROM inspection_plan WHERE {GROUP_WHERE} AND start <= :pe"
        + (" AND created_at < :ends" if rounds else "") +
        f" ORDER BY id ON CONFLICT ({tx.tenant_key('plan_id, starts_at')}) DO NOTHING")


def _serialise(tx: Tx) -> None:
    """One tick step at a time: BEGIN IMMEDIATE does it on SQLite, an advisory lock on PostgreSQL."""
    if not tx.db.is_sqlite:
        tx.run("SELECT pg_advisory_xact_lock(:k)", {"k": TICK_LOCK})


def _id_ranges(tx: Tx, after: int) -> dict[int, list[list[int]]]:
    """The ids of the tasks made in this transaction (above ``after``) per enterprise, as
    [first, last] runs: the tasks_create event names the rows it made (the audit replay)."""
    runs: dict[int, list[list[int]]] = {}
    for task_id, ent in tx.run("SELECT id, enterprise_id FROM inspection_task WHERE id > :a ORDER BY id",
                               {"a": after}).all():
        mine = runs.setdefault(ent, [])
        if mine and mine[-1][1] == task_id - 1:
            mine[-1][1] = task_id
        else:
            mine.append([task_id, task_id])
    return runs


def generate(db: Database, *, now: datetime, until: date | None = None) -> int:
    """Create every task whose period has started (by ``until``, default today) and does not
    exist yet, in one transaction; returns how many."""
    tz = config.timezone()
    today = until or now.astimezone(tz).date()
    created = 0
    with db.write() as tx:
        _serialise(tx)
        groups = tx.run(GROUPS_SQL, {"today": tx.day(today)}).mappings().all()
        if not groups:
            return 0
        cal = workdays.load(tx)
        shifts = cadence.shift_table(config.rules()["schedule"]["shifts"])
        before = tx.scalar("SELECT coalesce(max(id), 0) FROM inspection_task")
        by_enterprise: dict[int, dict[str, Any]] = {}
        for g in groups:
            spec = cadence.Spec(g["cadence"], g["cron"] or None, bool(g["workdays"]),
                                g["hours"] or None, g["shifts"] or None)
            sql = insert_sql(tx, rounds=cadence.sub_daily(spec))
            first = as_date(g["next_start"])
            where = {"e": g["enterprise_id"], "cadence": g["cadence"], "cron": g["cron"],
                     "workdays": g["workdays"], "hours": g["hours"], "shifts": g["shifts"],
                     "grace": g["grace_hours"], "first": tx.day(first)}
            count = 0
            spans = []
            for w in cadence.windows(spec, first, today, cal, tz, shifts):
                count += tx.run(sql, {**where, "ps": tx.day(w.first), "pe": tx.day(w.last),
                                      "starts": tx.ts(w.starts), "ends": tx.ts(w.ends),
                                      "due": tx.ts(w.due(g["grace_hours"])), "no": False,
                                      "now": tx.ts(now)}).rowcount
                spans.append(w.first.isoformat())
            tx.run(f"UPDATE inspection_plan SET next_start = :next WHERE {GROUP_WHERE}",
                   {**where, "next": tx.day(cadence.next_start(spec, today))})
            if count:
                summary = by_enterprise.setdefault(g["enterprise_id"], {"created": 0, "periods": set()})
                summary["created"] += count
                summary["periods"].update(spans)
            created += count
        made = _id_ranges(tx, before) if by_enterprise else {}
        for ent, summary in by_enterprise.items():
            periods = sorted(summary["periods"])
            audit.append(tx, enterprise_id=ent, subject="task", subject_id=0, ref="tick",
                         event="tasks_create", actor=ACTOR, at=now,
                         data={"created": summary["created"], "first_period": periods[0],
                               "last_period": periods[-1], "ids": made.get(ent, [])})
    return created


MISS_BATCH = 5000  # tasks marked 漏检 per transaction: memory and lock time stay flat


def mark_missed(db: Database, *, now: datetime) -> int:
    """漏检: fire ``miss`` on every open task whose due time has passed; one audit event each,
    committed in batches of MISS_BATCH tasks."""
    marked, after = 0, 0
    while True:
        with db.write() as tx:
            _serialise(tx)  # no generator commits past-due tasks between the SELECT and the UPDATE
            rows = tx.run("SELECT id, enterprise_id, plan_id, period_start, due_at, state FROM"
                          " inspection_task WHERE state = 'open' AND due_at <= :now AND id > :after"
                          " ORDER BY id LIMIT :n" + tx.lock,
                          {"now": tx.ts(now), "after": after, "n": MISS_BATCH}).mappings().all()
            if not rows:
                return marked
            after = rows[-1]["id"]
            events: dict[int, list[dict[str, Any]]] = {}
            ids = []
            for r in rows:
                task = SimpleNamespace(id=r["id"], state=r["state"], due_at=as_instant(r["due_at"]))
                if inspection.fire(task, "miss", now=now):
                    ids.append({"id": r["id"]})
                    events.setdefault(r["enterprise_id"], []).append({
                        "subject": "task", "subject_id": r["id"], "ref": f"task {r['id']}",
                        "event": "miss", "from_state": "open", "to_state": "missed",
                        "data": {"plan_id": r["plan_id"], "period_start": str(as_date(r["period_start"])),
                                 "due_at": task.due_at.isoformat()}})
            if ids:
                tx.run("UPDATE inspection_task SET state = 'missed', version = version + 1"
                       " WHERE state = 'open' AND id = :id", ids)
            for ent, evs in events.items():
                audit.append_many(tx, enterprise_id=ent, events=evs, actor=ACTOR, at=now)
            marked += len(ids)
        if len(rows) < MISS_BATCH:
            return marked


def catch_up_span(db: Database, today: date) -> tuple[date | None, int]:
    """The oldest watermark of an active plan that is due, and how many days a tick must
    generate to bring every plan up to ``today``."""
    with db.read() as tx:
        oldest = as_date(tx.scalar("SELECT min(next_start) FROM inspection_plan WHERE NOT paused"
                                   " AND next_start <= :today", {"today": tx.day(today)}))
    return oldest, (today - oldest).days + 1 if oldest else 0


def tick(db: Database, *, now: datetime | None = None, catch_up: bool = False,
         on_progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Generate due tasks, mark missed ones, then run the escalation sweep (in this order).

    Tasks are generated ``tick_chunk_days`` at a time, each chunk committed. More than
    ``catch_up_days`` to generate (a register left alone for a year, a clock set far ahead) is
    refused unless ``catch_up``; ``on_progress(days_done, days_total)`` follows the chunks."""
    now = now or config.now()
    rules = config.rules()["schedule"]
    today = now.astimezone(config.timezone()).date()
    oldest, days = catch_up_span(db, today)
    if days > rules["catch_up_days"] and not catch_up:
        raise DomainError(
            f"tick would generate {days} days of tasks (since {oldest}), more than catch_up_days = "
            f"{rules['catch_up_days']} of the rules file. Check the clock (DUALPREV_NOW), then run "
            "`dualprev tick --catch-up` to work through them in chunks")
    created, done = 0, 0
    while oldest is not None and done < days:
        chunk_end = min(oldest + timedelta(days=done + rules["tick_chunk_days"] - 1), today)
        created += generate(db, now=now, until=chunk_end)
        done = (chunk_end - oldest).days + 1
        if on_progress:
            on_progress(done, days)
    missed = mark_missed(db, now=now)
    escalated = escalation.sweep(db, now=now)
    return {"created": created, "missed": missed, "escalated": escalated, "at": now.isoformat()}
