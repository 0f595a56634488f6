"""Benchmark: the 隐患台账 export against the raw driver doing the same work, and the bulk load's
memory at two sizes.

Run it from the repository with the package installed (``pip install -e .``):

    python benchmarks/bench_exports.py --hazards 300000 --pg postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/bench_exports.py --hazards 20000 --sqlite-only            # develop

For each backend (SQLite in a temporary file; PostgreSQL in a throwaway schema when ``--pg`` or
DUALPREV_TEST_PG_URL is given) it builds a register with ``dualprev init --demo`` and
``init --hazards N`` (the bulk path), then, best of 3, as whole processes:

1. ``dualprev --as wang report ledger --format csv -o FILE``;
2. baseline: a plain Python process running the ledger's SELECT (the same text, taken from
   ``queries.hazard``) through sqlite3 or psycopg and writing the same CSV with ``csv.writer``:
   the same labels, local times, 是 for overdue, the overdue days; the two files must be
   byte-identical;
3. for reference, PostgreSQL's ``COPY (SELECT ...) TO STDOUT`` of the same SELECT through psycopg
   (copy speed: no Python per row).

Then the peak RSS of ``dualprev init --hazards N`` for N and 4N on a fresh SQLite register
(``os.wait4``), which must not grow with N (target: the larger within 1.25x of the smaller).
Targets: ledger csv <= 1.3x its baseline; the exit status is 1 if one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")

from dualprev.hazards import config, labels  # noqa: E402
from dualprev.hazards.queries import hazard as hazard_queries  # noqa: E402

TARGET_LEDGER = 1.3
TARGET_RSS = 1.25

BASELINE = r'''
"""The 隐患台账 as CSV from a plain Python process: the driver, the same SELECT, csv.writer."""
import csv, json, sys
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

backend, target, sql, out_path, spec = sys.argv[1:6]
spec = json.loads(spec)
zone, today = ZoneInfo(spec["zone"]), date.fromisoformat(spec["today"])
labels, columns, yes = spec["labels"], spec["columns"], spec["yes"]
open_states = set(spec["open"])
if backend == "sqlite":
    import sqlite3
    con = sqlite3.connect(target)
    cur = con.execute(sql)
else:
    import psycopg
    con = psycopg.connect(target)
    cur = con.cursor(name="ledger")
    cur.execute(sql)
names = [d[0] for d in cur.description]
org_names = dict(con.execute(spec["orgs_sql"]).fetchall())


def local(value):
    if value is None:
        return ""
    if type(value) is str:
        value = datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")


with open(out_path, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(spec["headers"])
    for values in cur:
        r = dict(zip(names, values))
        deadline = r["deadline"]
        if type(deadline) is str:
            deadline = date.fromisoformat(deadline)
        late = bool(deadline and r["state"] in open_states and deadline < today)
        r["treatment"] = "deadline" if deadline else "on_spot" if r["measures"] else None
        r["overdue"] = yes if late else ""
        r["days_overdue"] = (today - deadline).days if late else None
        r["org"] = org_names[r["org_id"]]
        r["found_at"], r["closed_at"] = local(r["found_at"]), local(r["closed_at"])
        for key in ("deadline", "original_deadline"):
            if r[key] is not None and type(r[key]) is not str:
                r[key] = r[key].isoformat()
        cells = []
        for c in columns:
            v = r[c]
            if c in labels:
                v = labels[c].get(v, v)
            elif type(v) is float and v.is_integer():
                v = int(v)
            cells.append("" if v is None else v)
        w.writerow(cells)
'''


def dualprev_cmd() -> list[str]:
    script = Path(sys.executable).with_name("dualprev")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dualprev"]


def run(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def best(n: int, cmd: list[str]) -> float:
    return min(run(cmd) for _ in range(n))


def peak_rss(cmd: list[str]) -> float:
    """The child's peak resident set in MB (Linux reports ru_maxrss in KB)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, cmd
    return usage.ru_maxrss / 1024


def spec(enterprise: int) -> dict:
    from dualprev.hazards import render

    lang = "zh"
    columns = hazard_queries.LEDGER_COLUMNS
    tables = {"state": labels.STATES, "level": labels.LEVELS, "source": labels.SOURCES,
              "category": labels.CATEGORIES, "treatment": labels.TREATMENTS}
    return {"zone": str(config.timezone()), "today": config.today().isoformat(), "columns": columns,
            "headers": render.headers(columns, lang), "yes": labels.text("yes", lang),
            "open": list(labels.OPEN_STATES),
            "labels": {c: {k: labels.label(t, k, lang) for k in t} for c, t in tables.items()},
            "orgs_sql": f"SELECT id, name FROM org_unit WHERE enterprise_id = {enterprise}"}


def ledger_sql(enterprise: int) -> str:
    return hazard_queries._LEDGER_SQL.format(where=f"h.enterprise_id = {enterprise}")


def bench_ledger(backend: str, url: str, raw_target: str, work: Path, n: int) -> dict:
    subprocess.run(dualprev_cmd() + ["--db", url, "--as", "admin", "init", "--demo"], check=True,
                   stdout=subprocess.DEVNULL)
    t = time.perf_counter()
    subprocess.run(dualprev_cmd() + ["--db", url, "--as", "admin", "init", "--hazards", str(n)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"[{backend}] loaded {n:,} hazards in {time.perf_counter() - t:.0f} s", flush=True)
    if backend == "pg":
        import psycopg
        with psycopg.connect(raw_target, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            enterprise = conn.execute("SELECT enterprise_id FROM person WHERE login = 'wang'").fetchone()[0]
    else:
        import sqlite3
        con = sqlite3.connect(raw_target)
        enterprise = con.execute("SELECT enterprise_id FROM person WHERE login = 'wang'").fetchone()[0]
        con.close()
    script = work / "baseline_ledger.py"
    script.write_text(BASELINE, encoding="utf-8")
    ours_csv, base_csv = work / f"{backend}.ours.csv", work / f"{backend}.base.csv"
    ours = best(3, dualprev_cmd() + ["--db", url, "--as", "wang", "report", "ledger", "--format", "csv",
                                     "-o", str(ours_csv)])
    base = best(3, [sys.executable, str(script), backend, raw_target, ledger_sql(enterprise), str(base_csv),
                    json.dumps(spec(enterprise), ensure_ascii=False)])
    out = {"ours": ours, "base": base, "identical": ours_csv.read_bytes() == base_csv.read_bytes(),
           "rows": ours_csv.read_bytes().count(b"\n") - 1}
    if backend == "pg":
        import psycopg

        def copy() -> None:
            with psycopg.connect(raw_target) as conn, conn.cursor() as cur, \
                    cur.copy(f"COPY ({ledger_sql(enterprise)}) TO STDOUT WITH CSV") as stream:
                with open(work / "copy.csv", "wb") as fh:
                    for block in stream:
                        fh.write(block)
        times = []
        for _ in range(3):
            t = time.perf_counter()
            copy()
            times.append(time.perf_counter() - t)
        out["copy"] = min(times)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hazards", type=int, default=300_000)
    parser.add_argument("--pg", default=os.environ.get("DUALPREV_TEST_PG_URL"))
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--rss", type=int, default=50_000, help="the smaller bulk load of the memory figure")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as folder:
        work = Path(folder)
        path = work / "register.db"
        r = bench_ledger("sqlite", f"sqlite:///{path}", str(path), work, args.hazards)
        rows.append(("ledger csv, SQLite (s)", r["ours"], r["base"], "raw sqlite3", TARGET_LEDGER,
                     r["identical"], r["rows"]))
        if args.pg and not args.sqlite_only:
            import psycopg
            from sqlalchemy.engine import make_url

            schema = f"bench_exports_{uuid.uuid4().hex[:8]}"
            plain = make_url(args.pg).set(drivername="postgresql").render_as_string(hide_password=False)
            admin = psycopg.connect(plain, autocommit=True)
            admin.execute(f'CREATE SCHEMA "{schema}"')
            sep = "&" if "?" in args.pg else "?"
            options = quote(f"-csearch_path={schema}")
            try:
                r = bench_ledger("pg", f"{args.pg}{sep}options={options}", f"{plain}{sep}options={options}",
                                 work, args.hazards)
            finally:
                admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
                admin.close()
            rows.append(("ledger csv, PostgreSQL (s)", r["ours"], r["base"], "psycopg", TARGET_LEDGER,
                         r["identical"], r["rows"]))
            print(f"[pg] COPY (the ledger's SELECT) TO STDOUT: {r['copy']:.2f} s (reference)")
        sizes = []
        for n in (args.rss, 4 * args.rss):
            db = work / f"rss{n}.db"
            subprocess.run(dualprev_cmd() + ["--db", f"sqlite:///{db}", "--as", "admin", "init", "--demo"],
                           check=True, stdout=subprocess.DEVNULL)
            sizes.append((n, peak_rss(dualprev_cmd() + ["--db", f"sqlite:///{db}", "--as", "admin", "init",
                                                        "--hazards", str(n)])))
    print(f"\n{'figure':34} {'ours':>9} {'baseline':>9} {'ratio':>7}  target   result")
    failed = False
    for name, ours, base, against, target, identical, n in rows:
        ratio = ours / base
        ok = ratio <= target and identical
        failed |= not ok
        print(f"{name:34} {ours:9.2f} {base:9.2f} {ratio:6.2f}x  <= {target}x  {'PASS' if ok else 'MISS'}"
              f"  ({n:,} rows, against {against}; byte-identical: {identical})")
    (small_n, small), (big_n, big) = sizes
    ratio = big / small
    failed |= ratio > TARGET_RSS
    print(f"{'bulk load peak RSS (MB)':34} {big:9.1f} {small:9.1f} {ratio:6.2f}x  <= {TARGET_RSS}x"
          f"  {'PASS' if ratio <= TARGET_RSS else 'MISS'}  ({big_n:,} hazards against {small_n:,})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
