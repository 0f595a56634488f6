"""What the 统计分析表 costs: `report stats --year` (``queries.stats.stats``, as the command runs it)
over a register of N synthetic hazards, beside its own aggregation SQL run through the raw driver
(sqlite3 / psycopg) in the same process, on SQLite and on PostgreSQL.

    python benchmarks/bench_stats.py --hazards 1000000 --keep /tmp/bench-stats
    python benchmarks/bench_stats.py --hazards 100000 --pg postgresql+psycopg://postgres@127.0.0.1:5432/test

A register is the demo org tree plus N hazards through ``init --hazards N`` (kept in ``--keep DIR``
for SQLite, in the schema ``bench_stats_N`` on PostgreSQL, and reused when it holds N). Each
side runs once to warm the caches, then three times; the medians are printed. The baseline is
the three grouped queries of the report (hazards with their 治理方案; 挂牌督办; 漏检), with the
enterprise as the only filter, fetched as tuples: what no layer can go below. Target: ours within
2x of it (the report adds the org tree, the scope check, the profile, the filing deadline and
the folding onto rows).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

NOW = "2026-11-24T10:00:00+08:00"
TARGET = 2.0
YEAR = 2026


def dualprev(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "dualprev", *args], stdout=subprocess.DEVNULL, check=True)


def build(url: str, n: int) -> None:
    """The demo tree and ``n`` synthetic hazards, unless the register holds them already."""
    from dualprev.hazards import seed
    from dualprev.hazards.db import open_db

    dualprev("--db", url, "--as", "admin", "init")
    db = open_db(url)
    with db.read() as tx:
        have = tx.scalar("SELECT count(*) FROM hazard")
        tree = tx.scalar("SELECT count(*) FROM org_unit")
    if not tree:
        seed.demo_tree(db, admin="admin")
    db.dispose()
    if have != n:
        if have:
            sys.exit(f"{url} holds {have} hazards, not {n}: give another --keep folder or drop the schema")
        started = time.perf_counter()
        dualprev("--db", url, "--as", "admin", "init", "--hazards", str(n))
        print(f"  loaded {n:,} hazards in {time.perf_counter() - started:.0f} s", flush=True)


def raw_queries(sqlite: bool) -> tuple[list[str], dict]:
    """The report's three grouped queries over one enterprise, and their parameters."""
    from dualprev.hazards import config
    from dualprev.hazards.db import _stamp  # the stored form of an instant on SQLite
    from dualprev.hazards.queries import stats

    zone = config.timezone()
    start = datetime(YEAR, 1, 1, tzinfo=zone)
    end = datetime(YEAR + 1, 1, 1, tzinfo=zone)
    population = ("h.enterprise_id = :e AND h.state <> 'voided' AND h.found_at < :end"
                  " AND (h.closed_at IS NULL OR h.closed_at >= :start)")
    counted = "h.found_at >= :start"
    params = {"e": 1, "start": _stamp(start) if sqlite else start, "end": _stamp(end) if sqlite else end,
              "last": str(min(date(YEAR, 12, 31), config.today() - timedelta(days=1))) if sqlite
              else min(date(YEAR, 12, 31), config.today() - timedelta(days=1)),
              "first": f"{YEAR}-01-01" if sqlite else date(YEAR, 1, 1),
              "to": f"{YEAR}-12-31" if sqlite else date(YEAR, 12, 31)}
    params["offset" if sqlite else "zone"] = "+480 minutes" if sqlite else str(zone)
    texts = [
        stats._hazard_sql(population, sqlite, counted),  # the report's own SQL text
        "SELECT h.org_id, count(DISTINCT h.id), count(DISTINCT CASE WHEN h.state = 'closed' AND"
        " h.closed_at < :end THEN h.id END) FROM supervision s JOIN hazard h ON h.id = s.hazard_id"
        f" AND h.enterprise_id = s.enterprise_id WHERE {population} AND {counted} AND s.listed_at < :end"
        " AND s.level IN ('enterprise', 'county', 'city', 'province') GROUP BY h.org_id",
        "SELECT t.org_id, count(*) FROM inspection_task t WHERE t.enterprise_id = :e AND t.state = 'missed'"
        " AND t.period_start >= :first AND t.period_start <= :to GROUP BY t.org_id",
    ]
    return texts, params


def median_of(run, times: int = 3) -> tuple[float, object]:
    run()  # warm the caches
    seconds, result = [], None
    for _ in range(times):
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def measure(url: str, plain_pg: str | None) -> dict:
    from dualprev.hazards.db import open_db, sql
    from dualprev.hazards.queries import stats

    db = open_db(url)
    ours, report = median_of(lambda: stats.stats(db, actor="wang", year=YEAR))
    sqlite = db.is_sqlite
    texts, params = raw_queries(sqlite)
    if sqlite:
        import sqlite3

        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        def raw():  # noqa: E306
            return [con.execute(t, params).fetchall() for t in texts]
    else:
        import psycopg

        con = psycopg.connect(plain_pg)
        con.execute("SET TIME ZONE 'UTC'")
        def raw():  # noqa: E306
            return [con.execute(sql(t, "pyformat"), params).fetchall() for t in texts]
    base, rows = median_of(raw)
    con.close()
    db.dispose()
    counted = sum(r[1] + r[3] for r in rows[0])  # general_found + major_found of the baseline
    total = report["total"]
    assert counted == total["general_found"] + total["major_found"], (counted, total)
    return {"ours": ours, "base": base, "found": counted, "rows": len(report["rows"])}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hazards", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=Path("/tmp/bench-stats"), help="the SQLite registers' folder")
    parser.add_argument("--pg", default=os.environ.get("DUALPREV_TEST_PG_URL"),
                        help="PostgreSQL operator URL (default: DUALPREV_TEST_PG_URL; none: SQLite only)")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    os.environ.setdefault("DUALPREV_NOW", NOW)
    n, results = args.hazards, {}
    if args.only != "postgres":
        args.keep.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{args.keep / f'register-{n}.db'}"
        print(f"SQLite register of {n:,} hazards", flush=True)
        build(url, n)
        results["SQLite"] = measure(url, None)
    if args.pg and args.only != "sqlite":
        import psycopg
        from sqlalchemy.engine import make_url

        plain = make_url(args.pg).set(drivername="postgresql").render_as_string(hide_password=False)
        schema = f"bench_stats_{n}"
        with psycopg.connect(plain, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        sep = "&" if "?" in args.pg else "?"
        url = f"{args.pg}{sep}options={quote(f'-csearch_path={schema}')}"
        print(f"PostgreSQL register of {n:,} hazards (schema {schema})", flush=True)
        build(url, n)
        results["PostgreSQL"] = measure(url, f"{plain}{'&' if '?' in plain else '?'}options="
                                             f"{quote(f'-csearch_path={schema}')}")
    print(f"\nreport stats --year {YEAR} (queries.stats.stats) against its raw aggregation SQL, median of 3")
    print(f"{'database':<11} {'hazards':>10} {'in the year':>12} {'rows':>5} {'ours s':>8} {'raw s':>8} {'ratio':>6}")
    missed = False
    for name, r in results.items():
        ratio = r["ours"] / r["base"]
        missed |= ratio > TARGET
        print(f"{name:<11} {n:>10,} {r['found']:>12,} {r['rows']:>5} {r['ours']:8.2f} {r['base']:8.2f} "
              f"{ratio:5.2f}x {'PASS' if ratio <= TARGET else 'MISS'} (target <= {TARGET:g}x)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
