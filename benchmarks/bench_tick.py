"""Benchmark of `tick` over N active plans against the raw driver doing the same inserts.

    python benchmarks/bench_tick.py --plans 100000 [--keep DIR]                 # daily, SQLite
    python benchmarks/bench_tick.py --plans 10000 --cadence 2h                   # rounds, SQLite
    python benchmarks/bench_tick.py --plans 10000 --cadence 2h --db postgresql+psycopg://postgres@127.0.0.1/test

Set-up (untimed): a register with the demo org tree, one checklist and N plans of the cadence
(``daily``, or ``Nh``: every N hours, 24/N windows a day) spread over the org units, seeded by
executemany, each with its watermark at today. On PostgreSQL the register lives in a throwaway
schema, dropped at the end. Figures, best of 3, each beside its baseline in the same process and
the same database; the tasks are deleted and the watermarks put back between runs (untimed):

1. first tick of the day: ``dualprev.schedules.tick.tick`` (N x windows tasks created, one audit
   event, the missed sweep and the escalation stub) against the raw driver (sqlite3 or psycopg)
   running one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` over the plans and the day's
   windows, and the watermark ``UPDATE``, in one transaction; on SQLite also against inserting the
   same rows built in Python with ``executemany``. Target: within 3x of the raw INSERT ... SELECT.
2. a second tick at the same moment (nothing to do) against the raw driver re-running the insert
   (every row a conflict, 0 inserted). Target: under 1 s.
3. with --next-day, for reference: the next day's tick, every task of the day before marked
   missed (one hash-chained audit event each) and the next day's created.

The clock is the first minute of the day (00:00:30 local), so no round has ended yet: the first
tick creates, it does not mark anything missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("DUALPREV_NOW", "2026-11-24T00:00:30+08:00")

from dualprev.hazards import config, seed  # noqa: E402
from dualprev.hazards.db import open_db  # noqa: E402
from dualprev.hazards.services import inspection, org  # noqa: E402
from dualprev.schedules import cadence  # noqa: E402
from dualprev.schedules.tick import tick  # noqa: E402
from dualprev.schedules.workdays import Calendar  # noqa: E402

TARGET_RATIO, TARGET_NOOP = 3.0, 1.0


def spec_of(name: str) -> cadence.Spec:
    spec = inspection.rounds_spec(name)
    return spec if spec is not None else cadence.Spec(name)


def seed_plans(db, n: int, spec: cadence.Spec) -> None:
    c = inspection.add_checklist(db, actor="wang", name="巡检", items=["液位正常", "无泄漏"],
                                 org="示范化工有限公司")
    now = config.now() - timedelta(minutes=1)  # added before the day's first round ends
    today = config.today()
    with db.write() as tx:
        ent = tx.scalar("SELECT id FROM org_unit WHERE parent_id IS NULL")
        orgs = [r[0] for r in tx.run("SELECT id FROM org_unit WHERE enterprise_id = :e", {"e": ent}).all()]
        tx.run(inspection.PLAN_SQL.replace(" RETURNING id", ""), [
            {"uuid": str(uuid.uuid4()), "e": ent, "o": orgs[i % len(orgs)], "c": c["id"], "name": f"plan {i}",
             "cadence": spec.cadence, "cron": None, "workdays": False, "hours": spec.hours,
             "shifts": spec.shifts, "role": "inspector", "assignee": None, "start": tx.day(today),
             "grace": 0, "no": False, "next": tx.day(today), "key": None, "at": tx.ts(now),
             "by": "wang"} for i in range(n)])


def best(n: int, reset, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        reset()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


class Raw:
    """The baseline: the driver itself (sqlite3 or psycopg) on the same database."""

    def __init__(self, url: str, path: Path | None, schema: str | None):
        self.sqlite = path is not None
        if self.sqlite:
            self.conn = sqlite3.connect(path, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.mark = "?"
        else:
            import psycopg

            self.conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://").split("?")[0],
                                        options=f"-csearch_path={schema}", autocommit=True)
            self.mark = "%s"

    def sql(self, text: str) -> str:
        return text.replace("?", self.mark)

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE" if self.sqlite else "BEGIN")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def run(self, text: str, params=()) -> int:
        return self.conn.execute(self.sql(text), params).rowcount

    def close(self) -> None:
        self.conn.close()


def stamp(value: datetime, raw: Raw):
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if raw.sqlite else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--cadence", default="daily", help="daily (default) or Nh, e.g. 2h")
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL URL (a throwaway schema is made there); "
                        "default a SQLite file in a temporary folder")
    parser.add_argument("--keep", type=Path, help="SQLite: build the register here and leave it")
    parser.add_argument("--next-day", action="store_true", help="also time the next day's tick")
    args = parser.parse_args()
    spec = spec_of(args.cadence)
    folder = schema = None
    if args.db:
        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.db)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = f"{args.db}{'&' if '?' in args.db else '?'}options={quote(f'-csearch_path={schema}')}"
        path = None
    else:
        folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_tick_"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "tick.db"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    try:
        run(args, spec, url, path, schema)
    finally:
        if args.db:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()
        elif not args.keep:
            shutil.rmtree(folder)


def run(args, spec: cadence.Spec, url: str, path: Path | None, schema: str | None) -> None:
    db = open_db(url)
    started = time.perf_counter()
    org.init(db, login="admin")
    seed.demo_tree(db, admin="admin")
    seed_plans(db, args.plans, spec)
    backend = "SQLite" if path else "PostgreSQL"
    print(f"{backend}: seeded {args.plans:,} {args.cadence} plans in {time.perf_counter() - started:.1f} s")

    now = config.now()
    tz = config.timezone()
    today = config.today()
    shifts = cadence.shift_table(config.rules()["schedule"]["shifts"])
    windows = list(cadence.windows(spec, today, today, Calendar(), tz, shifts))
    tasks = args.plans * len(windows)
    raw = Raw(url, path, schema)
    day, following = today.isoformat(), (today + timedelta(days=1)).isoformat()
    if not raw.sqlite:
        day, following = today, today + timedelta(days=1)
    values = ", ".join("(?, ?, ?, ?, ?)" for _ in windows)
    window_params = [v for w in windows for v in (
        w.first.isoformat() if raw.sqlite else w.first, w.last.isoformat() if raw.sqlite else w.last,
        stamp(w.starts, raw), stamp(w.ends, raw), stamp(w.due(0), raw))]
    new_uuid = "lower(hex(randomblob(16)))" if raw.sqlite else "gen_random_uuid()::text"
    cast = "" if raw.sqlite else "::date"
    instant = "" if raw.sqlite else "::timestamptz"
    insert_select = (  # the day's windows as VALUES (columns column1..column5 on both databases)
        "INSERT INTO inspection_task (uuid, enterprise_id, plan_id, org_id, period_start, period_end,"
        " starts_at, ends_at, due_at, state, late, version, created_at) SELECT"
        f" {new_uuid}, p.enterprise_id, p.id, p.org_id, w.column1{cast}, w.column2{cast},"
        f" w.column3{instant}, w.column4{instant}, w.column5{instant}, 'open', false, 1, ?{instant}"
        f" FROM inspection_plan p CROSS JOIN (VALUES {values}) AS w WHERE NOT p.paused"
        " AND p.next_start <= ? ON CONFLICT (plan_id, starts_at) DO NOTHING")
    params = (stamp(now, raw), *window_params, day)
    plans = raw.conn.execute("SELECT id, enterprise_id, org_id FROM inspection_plan").fetchall()

    def reset() -> None:
        raw.begin()
        raw.run("DELETE FROM inspection_task")
        raw.run("UPDATE inspection_plan SET next_start = ?", (day,))
        raw.commit()
        if not raw.sqlite:  # every run starts from the same table, not one bloated by the runs before
            raw.run("VACUUM ANALYZE inspection_task")
            raw.run("VACUUM ANALYZE inspection_plan")

    def raw_insert_select() -> int:
        raw.begin()
        n = raw.run(insert_select, params)
        raw.run("UPDATE inspection_plan SET next_start = ? WHERE NOT paused AND next_start <= ?",
                (following, day))
        raw.commit()
        return n

    def raw_executemany() -> int:
        raw.begin()
        cur = raw.conn.executemany(raw.sql(
            "INSERT INTO inspection_task (uuid, enterprise_id, plan_id, org_id, period_start, period_end,"
            " starts_at, ends_at, due_at, state, late, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, 'open', 0, 1, ?) ON CONFLICT (plan_id, starts_at) DO NOTHING"),
            [(str(uuid.uuid4()), e, p, o, *window_params[5 * i:5 * i + 5], stamp(now, raw))
             for p, e, o in plans for i in range(len(windows))])
        raw.run("UPDATE inspection_plan SET next_start = ?", (following,))
        raw.commit()
        return cur.rowcount

    def raw_again() -> int:
        raw.begin()
        n = raw.run(insert_select.replace("p.next_start <= ?", "(1 = 1 OR ? IS NULL)"), params)
        raw.commit()
        return n

    ours, r = best(3, reset, lambda: tick(db, now=now))
    assert r["created"] == tasks and r["missed"] == 0, r
    select_base, n1 = best(3, reset, raw_insert_select)
    assert n1 == tasks, n1
    many = ""
    if raw.sqlite:
        many_base, n2 = best(3, reset, raw_executemany)
        assert n2 == tasks
        many = f"   raw executemany {many_base:7.3f} s"

    reset()
    tick(db, now=now)
    noop, r = best(3, lambda: None, lambda: tick(db, now=now))
    assert r["created"] == 0 and r["missed"] == 0
    noop_base, n3 = best(3, lambda: None, raw_again)
    assert n3 == 0

    ratio = ours / select_base
    driver = "sqlite3" if raw.sqlite else "psycopg"
    print(f"first tick ({args.plans:,} plans x {len(windows)} windows = {tasks:,} tasks)   dualprev {ours:7.3f} s"
          f"   raw {driver} INSERT...SELECT {select_base:7.3f} s{many}   ratio {ratio:5.2f}x"
          f" (target <= {TARGET_RATIO:g}x)   {'PASS' if ratio <= TARGET_RATIO else 'MISS'}")
    print(f"no-op second tick ({tasks:,} tasks there)   dualprev {noop:7.3f} s   raw re-insert (0 rows)"
          f" {noop_base:7.3f} s   (target < {TARGET_NOOP:g} s)   {'PASS' if noop < TARGET_NOOP else 'MISS'}")
    if args.next_day:
        next_day, r = best(1, lambda: None, lambda: tick(db, now=now + timedelta(days=1)))
        assert r["created"] == tasks and r["missed"] == tasks
        print(f"next day's tick   dualprev {next_day:7.3f} s   ({tasks:,} marked missed with their audit"
              f" events, {tasks:,} created; no baseline)")
    raw.close()
    db.dispose()


if __name__ == "__main__":
    main()
