"""Benchmark of the risk register (`risk list`, `risk matrix`) against raw sqlite3 doing the same SQL.

    python benchmarks/bench_risk.py --risks 100000 [--keep DIR]

Set-up (untimed): a register with the demo org tree, then N risk points seeded through a bulk
executemany path (one source and one assessment each, a measure on every other point, half LEC
and half LS, spread over the org units), not N use-case calls. Figures, best of 3, each beside
its baseline in the same process and the same database:

1. `risk list`: ``risk_queries.iter_risks`` rendered as CSV by ``reports.risk_ledger`` (labels,
   flags, controllers, ...) against sqlite3 running the same ledger SQL and writing its raw rows
   with ``csv.writer``.
2. `risk matrix`: ``risk_queries.matrix`` against sqlite3 running the same three GROUP BY queries.
3. The whole commands ``dualprev --json risk list`` and ``dualprev risk matrix --format html``
   (process start-up included), for reference.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")

from dualprev.hazards import config, reports, seed  # noqa: E402
from dualprev.hazards import grading as risk  # noqa: E402
from dualprev.hazards.access import load_actor, org_tree, scope_filter  # noqa: E402
from dualprev.hazards.db import open_db  # noqa: E402
from dualprev.hazards.queries import risk as risk_queries  # noqa: E402
from dualprev.hazards.services import org  # noqa: E402
from dualprev.hazards.steps import next_codes  # noqa: E402

LEC = [(6, 6, 15), (3, 6, 7), (1, 6, 7), (10, 6, 3), (3, 3, 3), (6, 3, 15)]


def seed_risks(db, n: int) -> None:
    """N risk points with sources, assessments and measures, by executemany in one transaction."""
    rnd = random.Random(20261124)
    now = config.now()
    with db.write() as tx:
        ent = tx.scalar("SELECT id FROM org_unit WHERE parent_id IS NULL")
        orgs = [r[0] for r in tx.run("SELECT id FROM org_unit WHERE enterprise_id = :e", {"e": ent}).all()]
        codes = next_codes(tx, ent, 0, n, prefix=config.rules()["risk"]["code_prefix"])
        at = tx.ts(now - timedelta(days=200))
        points, sources, assessments, measures = [], [], [], []
        for i in range(1, n + 1):
            if i % 2:
                a = risk.lec(",".join(map(str, rnd.choice(LEC))))
            else:
                a = risk.ls(f"{rnd.randint(1, 5)},{rnd.randint(1, 5)}")
            row = {"id": i, "uuid": str(uuid.UUID(int=rnd.getrandbits(128), version=4)), "e": ent,
                   "code": codes[i - 1], "name": f"风险点 {i}", "org": orgs[i % len(orgs)],
                   "kind": "area", "method": a.method, "l": a.l, "ee": a.e, "c": a.c, "s": a.s,
                   "score": a.score, "grade": a.grade, "level": risk.default_control_level(a.grade),
                   "at": at, "no": False, "by": "wang"}
            points.append(row)
            sources.append({"uuid": str(uuid.UUID(int=rnd.getrandbits(128), version=4)), "r": i,
                            "e": ent, "name": f"危险源 {i}", "no": False, "at": at})
            assessments.append({**row, "rv": config.rules()["version"], "variant": a.variant})
            if i % 2 == 0:
                measures.append({"uuid": str(uuid.UUID(int=rnd.getrandbits(128), version=4)), "r": i,
                                 "e": ent, "type": "management", "text": f"管控措施 {i}", "no": False,
                                 "at": at, "by": "wang"})
        tx.run("INSERT INTO risk_point (id, uuid, enterprise_id, code, name, org_id, kind, method,"
               " factor_l, factor_e, factor_c, factor_s, score, grade, control_level, assessed_at,"
               " deleted, created_at, created_by, updated_at, updated_by) VALUES (:id, :uuid, :e, :code,"
               " :name, :org, :kind, :method, :l, :ee, :c, :s, :score, :grade, :level, :at, :no, :at,"
               " :by, :at, :by)", points)
        tx.run("INSERT INTO risk_source (uuid, risk_id, enterprise_id, name, deleted, created_at)"
               " VALUES (:uuid, :r, :e, :name, :no, :at)", sources)
        tx.run("INSERT INTO risk_assessment (risk_id, enterprise_id, method, factor_l, factor_e,"
               " factor_c, factor_s, score, grade, variant, rules_version, by, at) VALUES (:id, :e,"
               " :method, :l, :ee, :c, :s, :score, :grade, :variant, :rv, :by, :at)", assessments)
        tx.run("INSERT INTO control_measure (uuid, risk_id, enterprise_id, type, text, control, deleted,"
               " created_at, created_by) VALUES (:uuid, :r, :e, :type, :text, 'inspection', :no, :at,"
               " :by)", measures)


def best(n: int, fn) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the register here and leave it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_risk_"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "risk.db"
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    db = open_db(url)
    started = time.perf_counter()
    org.init(db, login="admin")
    seed.demo_tree(db, admin="admin")
    seed_risks(db, args.risks)
    print(f"seeded {args.risks:,} risk points in {time.perf_counter() - started:.1f} s ({path})")

    # the same SQL the program runs, for wang (the whole enterprise)
    with db.read() as tx:
        params: dict = {}
        who = load_actor(tx, "wang")
        where = scope_filter(org_tree(tx), who.org_path, params, alias="r")
        ledger_sql = risk_queries.list_sql(tx, where)
        flags = risk_queries.flag_params(tx)
        params.update(since=flags["since"], review_before=flags["review_before"])
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")

    def program_list():
        out = io.StringIO()
        reports.risk_ledger(risk_queries.iter_risks(db, actor="wang"), "csv", "zh", out)
        return out

    def raw_list():
        out = io.StringIO()
        writer = csv.writer(out)
        for row in raw.execute(ledger_sql, params):
            writer.writerow(row)
        return out

    assert len(program_list().getvalue().splitlines()) == len(raw_list().getvalue().splitlines()) + 1  # header
    base = f" FROM risk_point r WHERE NOT r.deleted AND {where}"
    matrix_sql = [
        "SELECT r.factor_l, r.factor_s, count(*)" + base + " AND r.method = 'ls' GROUP BY r.factor_l, r.factor_s",
        "SELECT r.grade, count(*)" + base + " AND r.method = 'lec' GROUP BY r.grade",
        "SELECT r.org_id, r.grade, count(*)" + base + " GROUP BY r.org_id, r.grade",
    ]

    def raw_matrix():
        return [raw.execute(q, params).fetchall() for q in matrix_sql]

    lines = []
    for name, ours, theirs in (("risk list (csv)", program_list, raw_list),
                               ("risk matrix", lambda: risk_queries.matrix(db, actor="wang"), raw_matrix)):
        a, b = best(3, ours), best(3, theirs)
        lines.append(f"{name:<18} dualprev {a:7.3f} s   raw sqlite3 {b:7.3f} s   ratio {a / b:5.2f}x")
    exe = [str(Path(sys.executable).with_name("dualprev")), "--db", url, "--as", "wang"]
    for argv in (["--json", "risk", "list"], ["risk", "matrix", "--format", "html"]):
        t = best(3, lambda argv=argv: subprocess.run(exe + argv, stdout=subprocess.DEVNULL, check=True))
        lines.append(f"{'dualprev ' + ' '.join(argv):<40} whole command {t:6.3f} s")
    print("\n".join(lines))
    raw.close()
    db.dispose()
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
