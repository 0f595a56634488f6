"""Benchmark of `tick --catch-up` after long downtime: time and peak memory against raw sqlite3.

    python benchmarks/bench_catch_up.py --plans 300 --days 365 1095 [--keep DIR]

Set-up (untimed): a register with the demo org tree, one checklist and N daily plans whose
watermark lies D days back (as if nothing had ticked for D days). Each run happens in a forked
child on a fresh copy of that register, so its peak RSS (``ru_maxrss``) is its own:

1. ours: ``dualprev.schedules.tick.tick(catch_up=True)``: N x D tasks generated 31 days per
   committed chunk, N x (D - 1) of them marked 漏检 5,000 per transaction, each with its
   hash-chained audit event.
2. baseline, raw sqlite3 in the same kind of child: one transaction writing the same rows
   (``INSERT INTO copy SELECT * FROM inspection_task`` of the tasks ours made, into an empty copy
   of the table) and one ``UPDATE`` marking them missed: the floor of writing that much, with no
   chunking, no audit events and no Python per row.

Flat memory means ours' peak RSS does not grow with D (the baseline's need not either).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tick import seed_plans  # noqa: E402

from dualprev.hazards import config, seed  # noqa: E402
from dualprev.hazards.db import close_db, open_db  # noqa: E402
from dualprev.hazards.services import org  # noqa: E402
from dualprev.schedules.tick import tick  # noqa: E402


def in_child(fn) -> dict:
    """Run ``fn`` in a forked child; its result plus its seconds and peak RSS (MB)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        os.write(write, repr({**result, "seconds": seconds, "rss_mb": rss}).encode())
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.waitpid(pid, 0)
    return eval(b"".join(chunks).decode())  # our own child's repr of a dict of numbers


def build(folder: Path, plans: int, days: int) -> Path:
    path = folder / f"base-{days}.db"
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    db = open_db(url)
    org.init(db, login="admin")
    seed.demo_tree(db, admin="admin")
    seed_plans(db, plans)
    first = (config.today() - timedelta(days=days - 1)).isoformat()
    with db.write() as tx:
        tx.run("UPDATE inspection_plan SET start = :d, next_start = :d", {"d": first})
    close_db(url)
    return path


def ours(path: Path) -> dict:
    r = tick(open_db(f"sqlite:///{path}"), catch_up=True)
    return {"created": r["created"], "missed": r["missed"]}


def raw(path: Path, made: Path) -> dict:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("ATTACH ? AS made", (str(made),))
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE copy AS SELECT * FROM made.inspection_task WHERE 0")
    n = conn.execute("INSERT INTO copy SELECT * FROM made.inspection_task").rowcount
    missed = conn.execute("UPDATE copy SET state = 'missed' WHERE state = 'missed'").rowcount
    conn.execute("COMMIT")
    return {"created": n, "missed": missed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--days", type=int, nargs="+", default=[365, 1095])
    parser.add_argument("--keep", type=Path, help="build the registers here and leave them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_catch_up_"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{args.plans} daily plans; tick --catch-up after D days without a tick (SQLite, {folder})")
    print(f"{'D':>6} {'tasks':>10} {'missed':>10} {'ours s':>8} {'raw s':>8} {'ratio':>6}"
          f" {'ours RSS MB':>12} {'raw RSS MB':>11}")
    for days in args.days:
        base = build(folder, args.plans, days)
        run = folder / f"run-{days}.db"
        shutil.copy(base, run)
        mine = in_child(lambda run=run: ours(run))
        other = folder / f"raw-{days}.db"
        shutil.copy(base, other)
        floor = in_child(lambda other=other, run=run: raw(other, run))
        assert floor["created"] == mine["created"], (floor, mine)
        print(f"{days:>6} {mine['created']:>10,} {mine['missed']:>10,} {mine['seconds']:>8.2f}"
              f" {floor['seconds']:>8.2f} {mine['seconds'] / floor['seconds']:>6.1f}"
              f" {mine['rss_mb']:>12.1f} {floor['rss_mb']:>11.1f}")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
