"""Benchmark of `tick` over N active daily plans against raw sqlite3 doing the same inserts.

    python benchmarks/bench_tick.py --plans 100000 [--keep DIR]

Set-up (untimed): a register with the demo org tree, one checklist and N daily plans spread over
the org units, seeded by executemany, each with its watermark at today. Figures, best of 3, each
beside its baseline in the same process and the same database; the tasks are deleted and the
watermarks put back between runs (untimed):

1. first tick of the day: ``dualprev.schedules.tick.tick`` (N tasks created, one audit event, the missed
   sweep and the escalation stub) against raw sqlite3 running the same ``INSERT ... SELECT ...
   ON CONFLICT DO NOTHING`` and the watermark ``UPDATE`` in one transaction, and against raw
   sqlite3 inserting the same N rows built in Python with ``executemany``. Target: within 3x.
2. a second tick at the same moment (nothing to do) against raw sqlite3 re-running the insert
   (N conflicts, 0 rows). Target: under 1 s.
3. for reference, the next day's tick: N tasks marked missed (one hash-chained audit event each)
   and N new tasks created.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, timedelta
from pathlib import Path

os.environ.setdefault("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")

from dualprev.hazards import config, seed  # noqa: E402
from dualprev.hazards.db import open_db  # noqa: E402
from dualprev.hazards.services import inspection, org  # noqa: E402
from dualprev.schedules import cadence  # noqa: E402
from dualprev.schedules.tick import tick  # noqa: E402

TARGET_RATIO, TARGET_NOOP = 3.0, 1.0


def seed_plans(db, n: int) -> None:
    c = inspection.add_checklist(db, actor="wang", name="日查", items=["消防通道", "气瓶固定"],
                                          org="示范化工有限公司")
    now = config.now()
    today = config.today()
    with db.write() as tx:
        ent = tx.scalar("SELECT id FROM org_unit WHERE parent_id IS NULL")
        orgs = [r[0] for r in tx.run("SELECT id FROM org_unit WHERE enterprise_id = :e", {"e": ent}).all()]
        tx.run(inspection.PLAN_SQL.replace(" RETURNING id", ""), [
            {"uuid": str(uuid.uuid4()), "e": ent, "o": orgs[i % len(orgs)], "c": c["id"], "name": f"plan {i}",
             "cadence": "daily", "cron": None, "workdays": False, "role": "inspector", "assignee": None,
             "start": tx.day(today), "grace": 0, "no": False, "next": tx.day(today), "key": None,
             "at": tx.ts(now), "by": "wang"} for i in range(n)])


def best(n: int, reset, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        reset()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the register here and leave it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_tick_"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tick.db"
    path.unlink(missing_ok=True)
    db = open_db(f"sqlite:///{path}")
    started = time.perf_counter()
    org.init(db, login="admin")
    seed.demo_tree(db, admin="admin")
    seed_plans(db, args.plans)
    print(f"seeded {args.plans:,} daily plans in {time.perf_counter() - started:.1f} s ({path})")

    now = config.now()
    tz = config.timezone()
    today = config.today()
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=NORMAL")
    stamp = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    due = cadence.due_at(today, 0, tz).strftime("%Y-%m-%d %H:%M:%S.%f")
    day, following = today.isoformat(), (today + timedelta(days=1)).isoformat()
    insert_select = (
        "INSERT INTO inspection_task (uuid, enterprise_id, plan_id, org_id, period_start, period_end, due_at,"
        " state, late, version, created_at) SELECT lower(hex(randomblob(16))), enterprise_id, id, org_id, ?,"
        " ?, ?, 'open', 0, 1, ? FROM inspection_plan WHERE NOT paused AND next_start <= ?"
        " ON CONFLICT (plan_id, period_start) DO NOTHING")
    plans = raw.execute("SELECT id, enterprise_id, org_id FROM inspection_plan").fetchall()

    def reset() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("DELETE FROM inspection_task")
        raw.execute("UPDATE inspection_plan SET next_start = ?", (day,))
        raw.execute("COMMIT")

    def raw_insert_select() -> int:
        raw.execute("BEGIN IMMEDIATE")
        n = raw.execute(insert_select, (day, day, due, stamp, day)).rowcount
        raw.execute("UPDATE inspection_plan SET next_start = ? WHERE NOT paused AND next_start <= ?",
                    (following, day))
        raw.execute("COMMIT")
        return n

    def raw_executemany() -> int:
        raw.execute("BEGIN IMMEDIATE")
        cur = raw.executemany(
            "INSERT INTO inspection_task (uuid, enterprise_id, plan_id, org_id, period_start, period_end,"
            " due_at, state, late, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', 0, 1, ?)"
            " ON CONFLICT (plan_id, period_start) DO NOTHING",
            [(str(uuid.uuid4()), e, p, o, day, day, due, stamp) for p, e, o in plans])
        raw.execute("UPDATE inspection_plan SET next_start = ?", (following,))
        raw.execute("COMMIT")
        return cur.rowcount

    def raw_again() -> int:
        raw.execute("BEGIN IMMEDIATE")
        n = raw.execute(insert_select.replace("next_start <= ?", "1 = 1 OR ? IS NULL"),
                        (day, day, due, stamp, day)).rowcount
        raw.execute("COMMIT")
        return n

    ours, r = best(3, reset, lambda: tick(db, now=now))
    assert r["created"] == args.plans, r
    select_base, n1 = best(3, reset, raw_insert_select)
    many_base, n2 = best(3, reset, raw_executemany)
    assert n1 == n2 == args.plans
    baseline = min(select_base, many_base)

    reset()
    tick(db, now=now)
    noop, r = best(3, lambda: None, lambda: tick(db, now=now))
    assert r["created"] == 0 and r["missed"] == 0
    noop_base, n3 = best(3, lambda: None, raw_again)
    assert n3 == 0

    next_day, r = best(1, lambda: None, lambda: tick(db, now=now + timedelta(days=1)))
    assert r["created"] == args.plans and r["missed"] == args.plans

    ratio = ours / baseline
    print(f"first tick ({args.plans:,} tasks)  dualprev {ours:7.3f} s   raw INSERT...SELECT {select_base:7.3f} s"
          f"   raw executemany {many_base:7.3f} s   ratio {ratio:5.2f}x (target <= {TARGET_RATIO:g}x)"
          f"   {'PASS' if ratio <= TARGET_RATIO else 'MISS'}")
    print(f"no-op second tick          dualprev {noop:7.3f} s   raw re-insert (0 rows) {noop_base:7.3f} s"
          f"   (target < {TARGET_NOOP:g} s)   {'PASS' if noop < TARGET_NOOP else 'MISS'}")
    print(f"next day's tick            dualprev {next_day:7.3f} s   ({args.plans:,} marked missed with"
          f" their audit events, {args.plans:,} created; no baseline)")
    raw.close()
    db.dispose()
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
