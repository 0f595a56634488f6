"""Benchmark: one enterprise's work in a district's PostgreSQL against a register holding it alone.

Run it from the repository with the package installed (``pip install -e .``):

    python benchmarks/bench_district.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/bench_district.py --enterprises 50 --hazards 500 --big 20000   # develop
    python benchmarks/bench_district.py --partitions 8     # also on a partitioned register

It makes throwaway schemas: ``district`` holds E enterprises x H synthetic hazards (each with its
hash-linked events, extensions for some overdue hazards, ladder steps for every overdue one); the
``alone`` register holds the same rows of one of them (the middle one, same ids) and nothing else.
Rows come from ``seed.synthetic_batches`` and go in with COPY (loading is not what is measured).
Both are ANALYZEd. Then, alternating rounds, as that enterprise's officer:

1. ``hazard list --overdue`` (``queries.hazard.iter_hazards(overdue=True)``, every row consumed);
2. the 隐患台账 (``iter_ledger``) written as CSV (``render.emit``) to /dev/null;
3. ``report overdue`` (``overdue_report``);
4. one transition (``hazard_service.assign`` of a hazard just reported, untimed).

SQL time of a read: the sum of the server's execution times (EXPLAIN ANALYZE) of the statements
the read issued (captured on the engine), re-run after it; of the transition: the time spent in
the driver's execute calls. Target: district <= 1.2x alone. The EXPLAIN of each read's main
statement is printed, with the rows its scans touched (read plus removed by a filter) beside the
same figure in the alone register; the check is that no scan touched more rows of its table than
the enterprise holds there (no scan over other enterprises' rows; plans may differ in shape).

With ``--big N`` (default 1,000,000; 0 skips it): a register of one enterprise with N hazards;
``dualprev --json hazard list --overdue`` as a whole command against a plain Python process
running the same SELECT through psycopg and printing the same JSON (byte-identical), best of 3;
target <= 2x and < 2 s of SQL. ``--partitions N`` repeats the district on a register made by
``init --partitions N`` when this dualprev has it. Every figure is printed beside its baseline;
the exit status is 1 if a target is missed. The schemas are dropped at the end (``--keep`` leaves
them).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")

import psycopg  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from dualprev.hazards import audit, config, render, seed  # noqa: E402
from dualprev.hazards.db import close_db, open_db  # noqa: E402
from dualprev.hazards.queries import hazard as hazard_queries  # noqa: E402
from dualprev.hazards.services import hazard as hazard_service  # noqa: E402
from dualprev.hazards.services import org as org_service  # noqa: E402

TARGET_DISTRICT = 1.2
TARGET_BIG = 2.0
TENANT_TABLES = {"hazard", "hazard_event", "extension", "escalation_step", "org_unit", "person",
                 "risk_point", "supervision", "governance_plan", "audit_head"}
HAZARD_COLUMNS = ["id", "uuid", "enterprise_id", "code", "title", "description", "org_id", "place",
                  "category", "level", "source", "found_at", "finder", "owner", "measures", "deadline",
                  "original_deadline", "cost", "contingency", "actual_cost", "state", "version",
                  "updated_at", "closed_at"]
EVENT_COLUMNS = [("enterprise_id", "e"), ("seq", "seq"), ("prev_hash", "prev"), ("hash", "hash"),
                 ("subject", "subject"), ("subject_id", "subject_id"), ("ref", "ref"), ("event", "event"),
                 ("from_state", "from_state"), ("to_state", "to_state"), ("actor", "actor"), ("at", "at"),
                 ("comment", "comment"), ("data", "data"), ("os_user", "os_user")]


def plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


def dualprev_cmd() -> list[str]:
    script = Path(sys.executable).with_name("dualprev")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dualprev"]


# --- loading ------------------------------------------------------------------------------------

def enterprise_ids(k: int) -> tuple[int, int]:
    """The org unit ids of enterprise number k: its root and its one workshop."""
    return 10 * k + 1, 10 * k + 2


def make_register(admin: psycopg.Connection, base: str, schema: str, partitions: int = 0) -> str:
    admin.execute(f'CREATE SCHEMA "{schema}"')
    url = schema_url(base, schema)
    cmd = dualprev_cmd() + ["--db", url, "--as", "admin", "init"]
    if partitions:
        cmd += ["--partitions", str(partitions)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return url


def load(url: str, numbers: list[int], per: int, *, overdue_steps: bool = True) -> None:
    """Enterprises ``numbers`` (org tree, officer/owner/inspector/supervisor, chain) and ``per``
    synthetic hazards each with their events, by COPY; ids and rows depend on the number only,
    so two registers loaded with the same number hold the same rows for it."""
    now, today = config.now(), config.today()
    stamp = now.astimezone(UTC)
    with psycopg.connect(plain(url)) as conn:
        with conn.cursor() as cur:
            with cur.copy("COPY org_unit (id, uuid, enterprise_id, parent_id, name, kind, path, created_at)"
                          " FROM STDIN") as copy:
                for k in numbers:
                    root, shop = enterprise_ids(k)
                    copy.write_row((root, str(uuid.UUID(int=root)), root, None, f"企业{k:05d}",
                                    "enterprise", f"/{root}/", stamp))
                    copy.write_row((shop, str(uuid.UUID(int=shop)), root, root, "生产车间", "workshop",
                                    f"/{root}/{shop}/", stamp))
            with cur.copy("COPY person (login, name, org_id, enterprise_id, roles, created_at, db_role,"
                          " active) FROM STDIN") as copy:
                for k in numbers:
                    root, shop = enterprise_ids(k)
                    for login, org, roles in ((f"o{k}", root, "officer"), (f"s{k}", root, "supervisor"),
                                              (f"i{k}", root, "inspector"), (f"w{k}", shop, "owner")):
                        copy.write_row((login, login, org, root, roles, stamp, login, True))
            cur.execute("SELECT setval(pg_get_serial_sequence('org_unit', 'id'), (SELECT max(id) FROM org_unit))")
            with cur.copy("COPY audit_head (enterprise_id, seq, hash) FROM STDIN") as copy:
                for k in numbers:
                    copy.write_row((enterprise_ids(k)[0], 0, audit.GENESIS))
            prefix = config.rules()["hazard"]["code_prefix"]
            heads = []
            for k in numbers:
                root, shop = enterprise_ids(k)
                codes = (f"{prefix}-{today.year}-{n:06d}" for n in range(1, per + 1))
                batches = seed.synthetic_batches(
                    per, first_id=k * per + 1, enterprise_id=root, org_ids=[root, shop],
                    finder=f"o{k}", owners=[f"w{k}"], codes=codes, now=now, today=today,
                    head=(0, audit.GENESIS), ts=lambda v: v and v.astimezone(UTC), day=lambda v: v,
                    batch=max(per, 1))
                for hazards, events, head in batches:
                    with cur.copy(f"COPY hazard ({', '.join(HAZARD_COLUMNS)}) FROM STDIN") as copy:
                        for h in hazards:
                            copy.write_row([h[c] for c in HAZARD_COLUMNS])
                    with cur.copy(f"COPY hazard_event ({', '.join(c for c, _ in EVENT_COLUMNS)})"
                                  " FROM STDIN") as copy:
                        for e in events:
                            copy.write_row([e[key] for _, key in EVENT_COLUMNS])
                    late = [h for h in hazards if h["state"] in ("reported", "rectifying", "verifying")
                            and h["deadline"] and h["deadline"] < today]
                    with cur.copy("COPY escalation_step (enterprise_id, hazard_id, step, deadline, fired_at)"
                                  " FROM STDIN") as copy:
                        for h in late if overdue_steps else []:
                            for step in ("warn", "overdue"):
                                copy.write_row((root, h["id"], step, h["deadline"], stamp))
                    with cur.copy("COPY extension (hazard_id, enterprise_id, old_deadline, new_deadline,"
                                  " reason, by, at) FROM STDIN") as copy:
                        for h in late[::3]:
                            copy.write_row((h["id"], root, h["deadline"] - timedelta(days=10),
                                            h["deadline"], "基准延期", f"s{k}", stamp))
                heads.append((root, head))
                cur.execute("INSERT INTO code_sequence (enterprise_id, prefix, year, last) VALUES (%s, %s, %s, %s)",
                            (root, prefix, today.year, per))
            for root, (seq, digest) in heads:
                cur.execute("UPDATE audit_head SET seq = %s, hash = %s WHERE enterprise_id = %s",
                            (seq, digest, root))
            cur.execute("SELECT setval(pg_get_serial_sequence('hazard', 'id'), (SELECT max(id) FROM hazard))")
        conn.commit()
    with psycopg.connect(plain(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


# --- measuring ----------------------------------------------------------------------------------

class Captured:
    """The statements an engine runs (with their parameters) and the time spent executing them."""

    def __init__(self, engine):
        self.statements: list[tuple[str, object]] = []
        self.execute_s = 0.0
        self._t = 0.0
        self.on = False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        if self.on:
            self.statements.append((statement, parameters))
            self._t = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        if self.on:
            self.execute_s += time.perf_counter() - self._t

    @contextmanager
    def recording(self):
        self.statements, self.execute_s, self.on = [], 0.0, True
        try:
            yield self
        finally:
            self.on = False


def explain(conn: psycopg.Connection, statement: str, parameters) -> dict:
    """EXPLAIN (ANALYZE, FORMAT JSON) of one captured SELECT, as the session of the register runs
    it (cursor_tuple_fraction and jit as db.py sets them): its time and the rows its scans touched."""
    with conn.cursor() as cur:
        cur.execute("SET cursor_tuple_fraction = 1")
        cur.execute("SET jit = off")
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, parameters or None)
        plan = cur.fetchone()[0][0]
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + statement, parameters or None)
        text = "\n".join(r[0] for r in cur.fetchall())
    touched: dict[str, int] = {}
    scans: list[tuple[str, int]] = []

    def walk(node: dict) -> None:
        table = node.get("Relation Name")
        if table:
            loops = node.get("Actual Loops", 1)
            rows = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
                    + node.get("Rows Removed by Index Recheck", 0)) * loops
            touched[table] = touched.get(table, 0) + rows
            scans.append((re.sub(r"_p\d+$", "", table), rows))
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return {"ms": plan["Execution Time"], "touched": touched, "scans": scans, "text": text}


def own_rows(url: str, table: str, enterprise: int) -> int:
    """How many rows of ``table`` the enterprise holds (a shared table: all of them)."""
    with psycopg.connect(plain(url)) as conn:
        where = "" if table in ("org_unit", "person", "calendar_day") else " WHERE enterprise_id = %s"
        return conn.execute(f"SELECT count(*) FROM {table}{where}", (enterprise,) if where else ()).fetchone()[0]


def is_read(statement: str) -> bool:
    return statement.lstrip().upper().startswith("SELECT") and "dualprev_login()" not in statement


def read_sql(conn: psycopg.Connection, captured: Captured) -> tuple[float, dict]:
    """Total server time of the captured reads, and the EXPLAIN of the longest one."""
    plans = [explain(conn, s, p) for s, p in captured.statements if is_read(s)]
    return sum(p["ms"] for p in plans), max(plans, key=lambda p: p["ms"])


def median(xs: list[float]) -> float:
    return statistics.median(xs)


class Side:
    """One register and what a round on it measures."""

    def __init__(self, name: str, url: str, officer: str, workshop: str, owner: str):
        self.name, self.url = name, url
        self.db = open_db(url)
        self.captured = Captured(self.db.engine)
        self.raw = psycopg.connect(plain(url), autocommit=True)
        self.officer, self.workshop, self.owner = officer, workshop, owner
        self.wall: dict[str, list[float]] = {}
        self.sql: dict[str, list[float]] = {}
        self.plans: dict[str, dict] = {}
        self.rows: dict[str, int] = {}

    def reads(self) -> dict:
        sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        return {
            "overdue list": lambda: sum(1 for _ in hazard_queries.iter_hazards(
                self.db, actor=self.officer, overdue=True)),
            "ledger csv": lambda: render.emit(hazard_queries.iter_ledger(self.db, actor=self.officer),
                                              hazard_queries.LEDGER_COLUMNS, "csv", "zh", out=sink),
            "report overdue": lambda: sum(1 for _ in hazard_queries.overdue_report(
                self.db, actor=self.officer)),
        }

    def round(self) -> None:
        for name, run in self.reads().items():
            with self.captured.recording() as rec:
                t = time.perf_counter()
                self.rows[name] = run()
                self.wall.setdefault(name, []).append(time.perf_counter() - t)
            ms, plan = read_sql(self.raw, rec)
            self.sql.setdefault(name, []).append(ms / 1000)
            self.plans[name] = plan
        code = hazard_service.report(self.db, actor=self.officer, title="基准隐患", org=self.workshop)["code"]
        with self.captured.recording() as rec:
            t = time.perf_counter()
            hazard_service.assign(self.db, actor=self.officer, code=code, owner=self.owner,
                                  deadline=date(2026, 12, 31), measures="整改")
            self.wall.setdefault("transition", []).append(time.perf_counter() - t)
        self.sql.setdefault("transition", []).append(rec.execute_s)

    def close(self) -> None:
        self.raw.close()
        close_db(self.url)


# --- the 1M-hazard overdue list, as whole processes ------------------------------------------

BASELINE_LIST = r'''
"""The overdue list as a plain Python process: psycopg, the same SELECT, the same JSON."""
import json, sys
from datetime import UTC
import psycopg

url, login, today = sys.argv[1:4]
COLUMNS = ("id", "code", "title", "state", "level", "org_id", "place", "category", "source",
           "finder", "found_at", "owner", "deadline", "original_deadline")
with psycopg.connect(url) as con:
    enterprise = con.execute("SELECT enterprise_id FROM person WHERE login = %s", (login,)).fetchone()[0]
    names = dict(con.execute("SELECT id, name FROM org_unit WHERE enterprise_id = %s", (enterprise,)).fetchall())
    out = sys.stdout
    count = 0
    out.write("[")
    with con.cursor(name="overdue") as cur:
        cur.execute(
            f"SELECT {', '.join('h.' + c for c in COLUMNS)} FROM hazard h WHERE h.enterprise_id = %s"
            " AND h.state IN ('reported', 'rectifying', 'verifying') AND h.deadline < %s ORDER BY h.id",
            (enterprise, today))
        for row in cur:
            item = dict(zip(COLUMNS, row))
            item["found_at"] = item["found_at"].astimezone(UTC).isoformat()
            for key in ("deadline", "original_deadline"):
                if item[key] is not None:
                    item[key] = item[key].isoformat()
            item["org"] = names[item["org_id"]]
            out.write(",\n" if count else "\n")
            out.write(json.dumps(item, ensure_ascii=False, default=str))
            count += 1
    out.write("\n]\n" if count else "]\n")
'''


def best_of(n: int, cmd: list[str], out_path: Path) -> float:
    times = []
    for _ in range(n):
        with out_path.open("wb") as out:
            t = time.perf_counter()
            subprocess.run(cmd, stdout=out, check=True)
            times.append(time.perf_counter() - t)
    return min(times)


def bench_big(url: str, work: Path) -> dict:
    ours_out, base_out = work / "ours.json", work / "base.json"
    script = work / "baseline_list.py"
    script.write_text(BASELINE_LIST, encoding="utf-8")
    ours = best_of(3, dualprev_cmd() + ["--db", url, "--as", "o0", "--json", "hazard", "list", "--overdue"],
                   ours_out)
    base = best_of(3, [sys.executable, str(script), plain(url), "o0", config.today().isoformat()], base_out)
    db = open_db(url)
    captured = Captured(db.engine)
    with captured.recording() as rec:
        n = sum(1 for _ in hazard_queries.iter_hazards(db, actor="o0", overdue=True))
    with psycopg.connect(plain(url), autocommit=True) as raw:
        ms, plan = read_sql(raw, rec)
    close_db(url)
    return {"ours": ours, "base": base, "rows": n, "sql": ms / 1000, "plan": plan,
            "identical": ours_out.read_bytes() == base_out.read_bytes()}


# --- the table ----------------------------------------------------------------------------------

def district(admin, base: str, args, partitions: int, kept: list[str]) -> list[tuple]:
    tag = f"p{partitions}" if partitions else "plain"
    suffix = uuid.uuid4().hex[:6]
    target = args.enterprises // 2
    t = time.perf_counter()
    many = make_register(admin, base, f"bench_district_{tag}_{suffix}", partitions)
    kept.append(many)
    load(many, list(range(args.enterprises)), args.hazards)
    alone = make_register(admin, base, f"bench_alone_{tag}_{suffix}", partitions)
    kept.append(alone)
    load(alone, [target], args.hazards)
    print(f"[{tag}] loaded {args.enterprises:,} x {args.hazards:,} hazards and the one alone in "
          f"{time.perf_counter() - t:.0f} s", flush=True)
    root, shop = enterprise_ids(target)
    sides = [Side(name, url, f"o{target}", str(shop), f"w{target}")
             for name, url in (("district", many), ("alone", alone))]
    for side in sides:
        side.round()  # warm
        side.wall, side.sql = {}, {}
    for _ in range(args.rounds):
        for side in sides:
            side.round()
    d, a = sides
    assert d.rows == a.rows, (d.rows, a.rows)
    rows = []
    for name in ("overdue list", "ledger csv", "report overdue", "transition"):
        ratio = median(d.sql[name]) / median(a.sql[name])
        rows.append((f"[{tag}] {name}: SQL ms", median(d.sql[name]) * 1000, median(a.sql[name]) * 1000,
                     ratio, f"<= {TARGET_DISTRICT}x", ratio <= TARGET_DISTRICT))
        rows.append((f"[{tag}] {name}: wall ms", median(d.wall[name]) * 1000,
                     median(a.wall[name]) * 1000, median(d.wall[name]) / median(a.wall[name]), "", None))
    own: dict[str, int] = {}
    for name, plan in d.plans.items():
        other = a.plans[name]
        for table, _n in plan["scans"]:
            own.setdefault(table, own_rows(many, table, root))
        # no scan over other enterprises' rows: each scan touches at most what the enterprise holds
        bounded = all(n <= own[t] for t, n in plan["scans"])
        print(f"\n[{tag}] {name} ({d.rows[name]:,} rows): EXPLAIN ANALYZE of its longest statement in the "
              f"district\n{plan['text']}\nrows its scans touched: district {plan['touched']}, alone "
              f"{other['touched']}; each scan within the enterprise's own rows "
              f"({ {t: own[t] for t, _ in plan['scans']} }): {'yes' if bounded else 'NO'}")
        rows.append((f"[{tag}] {name}: rows touched", sum(plan["touched"].values()),
                     sum(other["touched"].values()), None, "scans <= own", bounded))
    for side in sides:
        side.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("DUALPREV_TEST_PG_URL"),
                        help="operator URL (default: DUALPREV_TEST_PG_URL)")
    parser.add_argument("--enterprises", type=int, default=2000, help="enterprises of the district (0: skip it)")
    parser.add_argument("--hazards", type=int, default=500, help="hazards per enterprise")
    parser.add_argument("--big", type=int, default=1_000_000, help="hazards of the one-enterprise register (0: skip)")
    parser.add_argument("--partitions", type=int, default=0, help="also run on `init --partitions N`")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="leave the schemas in place")
    args = parser.parse_args()
    if not args.pg:
        parser.error("give --pg URL or set DUALPREV_TEST_PG_URL")
    admin = psycopg.connect(plain(args.pg), autocommit=True)
    kept: list[str] = []
    schemas = lambda: [make_url(u).query["options"].split("=", 1)[1] for u in kept]  # noqa: E731
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-district-{uuid.uuid4().hex[:6]}"
    work.mkdir()
    rows: list[tuple] = []
    try:
        if args.enterprises:
            rows += district(admin, args.pg, args, 0, kept)
        if args.enterprises and args.partitions:
            help_text = subprocess.run(dualprev_cmd() + ["init", "--help"], capture_output=True, text=True).stdout
            if "--partitions" in help_text:
                rows += district(admin, args.pg, args, args.partitions, kept)
            else:
                print("\n(this dualprev has no `init --partitions`: the partitioned run is skipped)")
        if args.big:
            t = time.perf_counter()
            big = make_register(admin, args.pg, f"bench_big_{uuid.uuid4().hex[:6]}")
            kept.append(big)
            load(big, [0], args.big)
            print(f"\nloaded one enterprise of {args.big:,} hazards in {time.perf_counter() - t:.0f} s", flush=True)
            b = bench_big(big, work)
            print(f"\n1 enterprise x {args.big:,}: overdue list ({b['rows']:,} rows), EXPLAIN ANALYZE\n"
                  f"{b['plan']['text']}\nbyte-identical output: {b['identical']}")
            ratio = b["ours"] / b["base"]
            rows.append((f"{args.big:,} hazards: list --overdue --json (s)", b["ours"], b["base"], ratio,
                         f"<= {TARGET_BIG}x", ratio <= TARGET_BIG and b["identical"]))
            rows.append((f"{args.big:,} hazards: its SQL (s)", b["sql"], None, None, "< 2 s", b["sql"] < 2))
    finally:
        if not args.keep:
            for s in schemas():
                admin.execute(f'DROP SCHEMA IF EXISTS "{s}" CASCADE')
        else:
            print("kept schemas:", ", ".join(schemas()))
        admin.close()
        for f in work.iterdir():
            f.unlink()
        work.rmdir()
    print(f"\n{'figure':48} {'ours':>12} {'baseline':>12} {'ratio':>7}  {'target':>8}  result")
    for name, ours, base, ratio, target, ok in rows:
        fmt = (lambda v: "" if v is None else f"{v:,.2f}" if isinstance(v, float) else f"{v:,}")  # noqa: E731
        verdict = "" if ok is None else "PASS" if ok else "MISS"
        print(f"{name:48} {fmt(ours):>12} {fmt(base):>12} {'' if ratio is None else f'{ratio:.2f}x':>7}"
              f"  {target:>8}  {verdict}")
    return 0 if all(r[-1] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
