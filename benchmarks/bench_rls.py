"""Benchmark: the cost of row-level security on PostgreSQL (issue 10, target <= 1.2x).

Run it from the repository with the package installed (``pip install -e .``), against a server
where the URL's role is a superuser or has CREATEROLE (it creates one login role and drops it):

    python benchmarks/bench_rls.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/test --hazards 100000

It makes a throwaway schema, initialises a register in it as the operator (the URL's role), loads
the demo tree and N synthetic hazards through the bulk path, and adds a person ``bench_<hex>`` who
is an officer of the whole demo enterprise with a real login role (``person add --db-login
--no-password``; the server must let it in, e.g. trust or peer on 127.0.0.1). Then, alternating
blocks so both sides see the same database:

1. ``hazard list --overdue`` through the read side (``queries.hazard.iter_hazards(overdue=True)``,
   every row consumed): as the person, under row-level security, against the operator acting
   ``--as wang`` (who has the same scope and bypasses row-level security as the tables' owner).
   Raw baseline: the same SELECT through psycopg on each connection.
2. One transition, ``hazard_service.assign``, on hazards just reported (untimed): as the person
   against the operator ``--as wang``.

It prints the medians and the ratio person/operator for each; exit status 1 if a ratio is above
1.2. The schema and the role are dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import date

import psycopg
from sqlalchemy.engine import make_url

TARGET = 1.2


def plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("DUALPREV_TEST_PG_URL"),
                        help="operator URL (default: DUALPREV_TEST_PG_URL)")
    parser.add_argument("--hazards", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds per side")
    parser.add_argument("--transitions", type=int, default=100, help="assigns per side")
    args = parser.parse_args()
    if not args.pg:
        parser.error("give --pg URL or set DUALPREV_TEST_PG_URL")
    os.environ.setdefault("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")

    from dualprev.hazards import seed
    from dualprev.hazards.db import close_db, open_db
    from dualprev.hazards.queries import hazard as hazard_queries
    from dualprev.hazards.services import hazard as hazard_service
    from dualprev.hazards.services import org as org_service

    schema, person = f"bench_rls_{uuid.uuid4().hex[:8]}", f"bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(plain(args.pg), autocommit=True)
    admin.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in args.pg else "?"
    op_url = f"{args.pg}{sep}options=-csearch_path%3D{schema}"
    me_url = make_url(op_url).set(username=person).render_as_string(hide_password=False)
    try:
        operator = open_db(op_url)
        org_service.init(operator, login="admin")
        seed.demo_tree(operator, admin="admin")
        started = time.perf_counter()
        loaded = seed.bulk(operator, args.hazards)
        print(f"loaded {loaded['hazards']} hazards ({loaded['events']} events) in "
              f"{time.perf_counter() - started:.1f} s")
        org_service.add_person(operator, actor="admin", login=person, name="基准", org="示范化工有限公司",
                               roles=["officer"], db_login=True)
        admin.execute(f'ANALYZE "{schema}".hazard')
        mine = open_db(me_url)
        raw_op = psycopg.connect(plain(op_url), autocommit=True)
        raw_me = psycopg.connect(plain(me_url), autocommit=True)

        def listing(db, actor):
            t = time.perf_counter()
            n = sum(1 for _ in hazard_queries.iter_hazards(db, actor=actor, overdue=True))
            return time.perf_counter() - t, n

        raw_sql = ("SELECT h.* FROM hazard h WHERE h.enterprise_id = 1 AND h.state IN"
                   " ('reported', 'rectifying', 'verifying') AND h.deadline < %s ORDER BY h.id")

        def raw(conn):
            t = time.perf_counter()
            n = len(conn.execute(raw_sql, (date(2026, 11, 24),)).fetchall())
            return time.perf_counter() - t, n

        sides = {"operator": (operator, "wang", raw_op), "person": (mine, person, raw_me)}
        lists: dict[str, list[float]] = {k: [] for k in sides}
        raws: dict[str, list[float]] = {k: [] for k in sides}
        counts = {}
        for name, (db, actor, conn) in sides.items():  # warm both
            counts[name] = listing(db, actor)[1]
            raw(conn)
        for _ in range(args.rounds):
            for name, (db, actor, conn) in sides.items():
                lists[name].append(listing(db, actor)[0])
                raws[name].append(raw(conn)[0])
        assert counts["operator"] == counts["person"], counts

        assigns: dict[str, list[float]] = {k: [] for k in sides}
        block = 10
        for _ in range(max(1, args.transitions // block)):
            for name, (db, actor, _conn) in sides.items():
                codes = [hazard_service.report(db, actor=actor, title="基准隐患", org="生产一车间")["code"]
                         for _ in range(block)]
                for code in codes:
                    t = time.perf_counter()
                    hazard_service.assign(db, actor=actor, code=code, owner="chen",
                                          deadline=date(2026, 12, 31), measures="整改")
                    assigns[name].append(time.perf_counter() - t)

        def med(xs):
            return statistics.median(xs)

        rows = [
            ("hazard list --overdue (read side)", med(lists["operator"]), med(lists["person"])),
            ("  raw psycopg, same SELECT", med(raws["operator"]), med(raws["person"])),
            ("one transition (assign)", med(assigns["operator"]), med(assigns["person"])),
        ]
        print(f"{args.hazards} hazards, {counts['person']} overdue listed; medians of {args.rounds} "
              f"listings and {len(assigns['person'])} assigns per side")
        print(f"{'':36} {'operator':>11} {'person+RLS':>11} {'ratio':>7}")
        missed = False
        for label, a, b in rows:
            ratio = b / a
            judged = not label.startswith("  ")
            verdict = ("PASS" if ratio <= TARGET else "MISS") if judged else ""
            missed |= judged and ratio > TARGET
            print(f"{label:36} {a * 1000:9.2f}ms {b * 1000:9.2f}ms {ratio:6.2f}x {verdict}")
        raw_op.close()
        raw_me.close()
        close_db(me_url)
        close_db(op_url)
        return 1 if missed else 0
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.execute(f'DROP ROLE IF EXISTS "{person}"')
        admin.close()


if __name__ == "__main__":
    sys.exit(main())
