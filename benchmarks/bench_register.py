"""Benchmark of the hazard register against a raw-sqlite3 baseline doing the same SQL work.

Run it from the repository with the package installed (``pip install -e .``):

    python benchmarks/bench_register.py --hazards 1000000
    python benchmarks/bench_register.py --hazards 100000 --transitions 3000 --keep /tmp/bench

It builds a register in a temporary directory (or in ``--keep DIR``, which is left in place) and
prints four figures, each beside its baseline measured in the same run:

1. Bulk load. ``dualprev --db ... --as admin init --hazards N`` timed as a whole command (process
   start-up, imports and the Alembic check included) on a database that was already initialised
   and given the demo org tree in an untimed step. Baseline: a copy of that same database loaded in
   this process with ``sqlite3.executemany`` of the rows of the same generator
   (``dualprev.hazards.seed.synthetic_batches``, same arguments) and the same INSERT statements, in one
   BEGIN IMMEDIATE transaction, with the same pragmas. The generator's cost (uuid, sha256 per
   event) is shared by both sides. Both chains must end on the same hash.
2. Transitions through the use-case layer: ``hazard_service.assign``, ``submit`` and ``verify(pass)`` on
   K hazards just reported at 生产一车间 (actors wang, chen, li of the demo tree), one transaction
   each, against raw sqlite3 running the same statements (actor, hazard by code with its org,
   version-checked UPDATE, audit head, hash-linked event via ``dualprev.hazards.audit.digest``, head move)
   inside BEGIN IMMEDIATE/COMMIT on K other hazards of the same register. The two sides run in
   alternating blocks so both see the same database size and WAL state.
3. ``dualprev --db ... --as wang --json hazard list --overdue`` as a whole command, best of 3,
   against a plain Python process running the same query with sqlite3 and printing the same JSON
   (the outputs must be byte-identical).
4. Start-up: ``dualprev --help`` against ``python -c "import click"``, best of 5.

The program's clock is fixed with DUALPREV_NOW (unless already set) so runs are repeatable. The
table at the end says PASS or MISS per target; the exit status is 1 if anything missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")

from dualprev.hazards import (  # noqa: E402
    access,  # noqa: E402
    audit,
    config,
    seed,
    steps,  # noqa: E402
)
from dualprev.hazards import db as db_module  # noqa: E402
from dualprev.hazards.identity import os_account  # noqa: E402
from dualprev.hazards.services import hazard as hazard_service  # noqa: E402

PRAGMAS = ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON", "synchronous=NORMAL")
OWNER_ORG = "生产一车间"  # chen's unit: wang (officer) and li (inspector) sit above it
BLOCK = 250  # hazards per alternating block in the transition figure


def dualprev_cmd() -> list[str]:
    """The installed console script, else ``python -m dualprev`` of this interpreter."""
    script = Path(sys.executable).with_name("dualprev")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "dualprev"]


def timed_run(cmd: list[str], stdout=subprocess.DEVNULL) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=stdout, check=True)
    return time.perf_counter() - started


def best_of(n: int, cmd: list[str], out_file: Path | None = None) -> float:
    times = []
    for _ in range(n):
        if out_file is None:
            times.append(timed_run(cmd))
        else:
            with out_file.open("wb") as out:
                times.append(timed_run(cmd, stdout=out))
    return min(times)


def raw_connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)  # autocommit: we say BEGIN IMMEDIATE ourselves
    for pragma in PRAGMAS:
        con.execute(f"PRAGMA {pragma}")
    return con


def ts(value: datetime | None) -> str | None:
    """An instant as the register stores it on SQLite (same as dualprev.hazards.db.Tx.ts)."""
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def chain_head(path: Path) -> tuple[int, str]:
    con = sqlite3.connect(path)
    ent = con.execute("SELECT id FROM org_unit WHERE parent_id IS NULL AND name = ?",
                      (seed.DEMO_ENTERPRISE,)).fetchone()[0]
    head = con.execute(audit.HEAD_SQL, {"e": ent}).fetchone()
    con.close()
    return head


# --- 1. bulk load -----------------------------------------------------------------------------

def prepare_empty_register(path: Path) -> None:
    """Untimed: schema, first admin and the demo org tree (no hazards)."""
    subprocess.run(dualprev_cmd() + ["--db", f"sqlite:///{path}", "--as", "admin", "init"],
                   stdout=subprocess.DEVNULL, check=True)
    db = db_module.open_db(f"sqlite:///{path}")
    seed.demo_tree(db, admin="admin")
    db.dispose()


def copy_db(src: Path, dst: Path) -> None:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()


def raw_bulk(path: Path, n: int) -> float:
    """What seed.bulk does, with sqlite3 in place of SQLAlchemy; returns the seconds it took."""
    con = raw_connect(path)
    now, today = config.now(), config.today()
    prefix = config.rules()["hazard"]["code_prefix"]
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    ent = con.execute("SELECT id FROM org_unit WHERE parent_id IS NULL AND name = :n",
                      {"n": seed.DEMO_ENTERPRISE}).fetchone()[0]
    org_ids = [r[0] for r in con.execute("SELECT id FROM org_unit WHERE enterprise_id = :e", {"e": ent})]
    owners = [r[0] for r in con.execute(
        "SELECT login FROM person WHERE enterprise_id = :e AND roles LIKE '%owner%'", {"e": ent})]
    finder = con.execute("SELECT login FROM person WHERE enterprise_id = :e AND roles LIKE '%officer%'"
                         " ORDER BY id LIMIT 1", {"e": ent}).fetchone()[0]
    con.execute("INSERT INTO person (login, name, roles, created_at) SELECT 'bulk', '批量导入', '', :at"
                " WHERE NOT EXISTS (SELECT 1 FROM person WHERE login = 'bulk')", {"at": ts(now)})
    head = con.execute(audit.HEAD_SQL, {"e": ent}).fetchone()
    first_id = (con.execute("SELECT max(id) FROM hazard").fetchone()[0] or 0) + 1
    last = con.execute(steps.NEXT_CODE_SQL, {"e": ent, "p": prefix, "y": today.year}).fetchone()[0]
    con.execute("UPDATE code_sequence SET last = last + :n WHERE enterprise_id = :e AND prefix = :p"
                " AND year = :y", {"n": n - 1, "e": ent, "p": prefix, "y": today.year})
    codes = (f"{prefix}-{today.year}-{k:06d}" for k in range(last, last + n))
    final = head
    for hazards, events, final in seed.synthetic_batches(  # noqa: B007  (final: the head after the loop)
            n, first_id=first_id, enterprise_id=ent, org_ids=org_ids, finder=finder,
            owners=owners, codes=codes, now=now, today=today, head=head, ts=ts, day=day):
        con.executemany(seed.BULK_INSERT_HAZARD, hazards)
        con.executemany(audit.INSERT_SQL, events)
    con.execute(audit.MOVE_HEAD_SQL, {"seq": final[0], "hash": final[1], "e": ent, "old": head[0]})
    con.execute("COMMIT")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def bench_bulk(work: Path, n: int) -> dict:
    ours, base = work / "register.db", work / "baseline.db"
    for p in [*work.glob("register.db*"), *work.glob("baseline.db*")]:
        p.unlink()
    prepare_empty_register(ours)
    copy_db(ours, base)

    cmd = dualprev_cmd() + ["--db", f"sqlite:///{ours}", "--as", "admin", "--json",
                            "init", "--hazards", str(n)]
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, check=True)
    ours_s = time.perf_counter() - started
    inside = json.loads(done.stdout)["bulk"]["seconds"]

    base_s = raw_bulk(base, n)
    same = chain_head(ours) == chain_head(base)
    return {"ours": ours_s, "base": base_s, "inside": inside, "same_chain": same}


# --- 2. transitions ---------------------------------------------------------------------------

def update_sql(fields: tuple[str, ...]) -> str:
    """The UPDATE steps.save_transition builds for these changed fields."""
    sets = "".join(f"{f} = :{f}, " for f in fields)
    return (f"UPDATE hazard SET {sets}version = version + 1, updated_at = :now"
            " WHERE id = :id AND version = :version")


ASSIGN_SQL = update_sql(("state", "owner", "measures", "deadline", "original_deadline"))
SUBMIT_SQL = update_sql(("state",))
PASS_SQL = update_sql(("state", "closed_at"))


def raw_transition(con: sqlite3.Connection, *, actor: str, code: str, event: str, src: str,
                   dst: str, update: str, fields: dict, now: datetime, owner: str | None = None) -> None:
    """One transition as raw statements: the same reads, writes and hash link as the use-case."""
    con.execute("BEGIN IMMEDIATE")
    try:
        who = con.execute(access.ACTOR_SQL, {"login": actor}).fetchone()
        h = con.execute(access.HAZARD_BY_CODE, {"code": code, "e": who[4]}).fetchone()
        hid, ent, version = h[0], h[2], h[6]
        if owner:
            con.execute(access.ACTOR_SQL, {"login": owner}).fetchone()
        stored = {k: ts(v) if isinstance(v, datetime) else day(v) if isinstance(v, date) else v
                  for k, v in fields.items()}
        done = con.execute(update, {"state": dst, **stored, "id": hid, "version": version, "now": ts(now)})
        assert done.rowcount == 1, f"version conflict on {code}"
        seq, prev = con.execute(audit.HEAD_SQL, {"e": ent}).fetchone()
        data = audit.canonical({k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()})
        account = os_account()
        digest = audit.digest(ent, seq + 1, prev, "hazard", hid, code, event, src, dst, actor, now,
                              None, data, account)
        con.execute(audit.INSERT_SQL, {
            "e": ent, "seq": seq + 1, "prev": prev, "hash": digest, "subject": "hazard",
            "subject_id": hid, "ref": code, "event": event, "from_state": src, "to_state": dst,
            "actor": actor, "at": ts(now), "comment": None, "data": data, "os_user": account})
        moved = con.execute(audit.MOVE_HEAD_SQL, {"seq": seq + 1, "hash": digest, "e": ent, "old": seq})
        assert moved.rowcount == 1
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def bench_transitions(work: Path, k: int) -> dict:
    path = work / "register.db"
    db = db_module.open_db(f"sqlite:///{path}")
    codes = [hazard_service.report(db, actor="wang", title=f"基准隐患 {i}", org=OWNER_ORG)["code"]
             for i in range(2 * k)]
    ours_codes, raw_codes = codes[0::2], codes[1::2]
    deadline = config.today() + timedelta(days=30)
    measures = "按标准整改"
    con = raw_connect(path)

    def ours(block: list[str]) -> float:
        started = time.perf_counter()
        for code in block:
            hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=deadline, measures=measures)
            hazard_service.submit(db, actor="chen", code=code)
            hazard_service.verify(db, actor="li", code=code, passed=True)
        return time.perf_counter() - started

    def raw(block: list[str]) -> float:
        started = time.perf_counter()
        for code in block:
            now = config.now()
            raw_transition(con, actor="wang", code=code, event="assign", src="reported",
                           dst="rectifying", update=ASSIGN_SQL, owner="chen", now=now,
                           fields={"owner": "chen", "measures": measures, "deadline": deadline,
                                   "original_deadline": deadline})
            raw_transition(con, actor="chen", code=code, event="submit", src="rectifying",
                           dst="verifying", update=SUBMIT_SQL, fields={}, now=now)
            raw_transition(con, actor="li", code=code, event="pass", src="verifying",
                           dst="closed", update=PASS_SQL, fields={"closed_at": now}, now=now)
        return time.perf_counter() - started

    ours_s = raw_s = 0.0
    for start in range(0, k, BLOCK):
        ours_s += ours(ours_codes[start:start + BLOCK])
        raw_s += raw(raw_codes[start:start + BLOCK])
    con.close()
    db.dispose()
    states = sqlite3.connect(path).execute(
        f"SELECT state, count(*) FROM hazard WHERE code IN ({','.join('?' * len(codes))}) GROUP BY state",
        codes).fetchall()
    return {"ours": ours_s / (3 * k) * 1e6, "base": raw_s / (3 * k) * 1e6, "states": dict(states)}


# --- 3. hazard list --overdue --json ------------------------------------------------------------

BASELINE_LIST = r'''
"""The overdue list as a plain Python process: sqlite3, the same query, the same JSON."""
import json, sqlite3, sys
from datetime import UTC, date, datetime

path, login, today = sys.argv[1:4]
COLUMNS = ("id", "code", "title", "state", "level", "org_id", "place", "category", "source",
           "finder", "found_at", "owner", "deadline", "original_deadline")
con = sqlite3.connect(path, isolation_level=None)
con.execute("PRAGMA busy_timeout=10000")
con.execute("BEGIN")
enterprise = con.execute(
    "SELECT p.login, p.name, p.roles, p.org_id, p.enterprise_id, o.path FROM person p"
    " LEFT JOIN org_unit o ON o.id = p.org_id WHERE p.login = ?", (login,)).fetchone()[4]
names = dict(con.execute("SELECT id, name FROM org_unit ORDER BY path"))
rows = con.execute(
    f"SELECT {', '.join('h.' + c for c in COLUMNS)} FROM hazard h WHERE h.enterprise_id = ?"
    " AND h.state IN ('reported', 'rectifying', 'verifying') AND h.deadline < ? ORDER BY h.id",
    (enterprise, today))
out = sys.stdout
count = 0
out.write("[")
for row in rows:
    item = dict(zip(COLUMNS, row))
    item["found_at"] = datetime.fromisoformat(item["found_at"]).replace(tzinfo=UTC).isoformat()
    for key in ("deadline", "original_deadline"):
        if item[key] is not None:
            item[key] = date.fromisoformat(item[key]).isoformat()
    item["org"] = names[item["org_id"]]
    out.write(",\n" if count else "\n")
    out.write(json.dumps(item, ensure_ascii=False, default=str))
    count += 1
out.write("\n]\n" if count else "]\n")
con.execute("COMMIT")
'''


def bench_list(work: Path) -> dict:
    path = work / "register.db"
    script = work / "baseline_list.py"
    script.write_text(BASELINE_LIST, encoding="utf-8")
    ours_out, base_out = work / "overdue.ours.json", work / "overdue.baseline.json"
    ours_s = best_of(3, dualprev_cmd() + ["--db", f"sqlite:///{path}", "--as", "wang", "--json",
                                          "hazard", "list", "--overdue"], ours_out)
    base_s = best_of(3, [sys.executable, str(script), str(path), "wang", config.today().isoformat()],
                     base_out)
    ours_rows = len(json.loads(ours_out.read_bytes()))
    base_rows = len(json.loads(base_out.read_bytes()))
    identical = ours_out.read_bytes() == base_out.read_bytes()
    return {"ours": ours_s, "base": base_s, "ours_rows": ours_rows, "base_rows": base_rows,
            "identical": identical}


# --- 4. start-up --------------------------------------------------------------------------------

def bench_startup() -> dict:
    ours = best_of(5, dualprev_cmd() + ["--help"])
    base = best_of(5, [sys.executable, "-c", "import click"])
    return {"ours": ours, "base": base}


# --- the table ----------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hazards", type=int, default=1_000_000, help="register size (default 1,000,000)")
    parser.add_argument("--transitions", type=int, default=3000,
                        help="hazards taken through assign/submit/verify on each side (default 3000)")
    parser.add_argument("--keep", type=Path, help="build the register in DIR and leave it there")
    args = parser.parse_args()

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work, cleanup = args.keep.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="dualprev-bench-")
        work = Path(cleanup.name)
    print(f"dualprev benchmark: {args.hazards:,} hazards, {args.transitions:,} transitions x3 a side,"
          f" DUALPREV_NOW={os.environ['DUALPREV_NOW']}, in {work}", flush=True)

    rows = []  # (figure, ours, baseline, ratio, target text, passed)

    def step(title: str):
        print(f"-- {title} ...", flush=True)
        return time.perf_counter()

    t = step(f"1. bulk load of {args.hazards:,} hazards")
    bulk = bench_bulk(work, args.hazards)
    print(f"   command {bulk['ours']:.2f} s (seed.bulk inside it {bulk['inside']:.2f} s),"
          f" raw executemany {bulk['base']:.2f} s; same chain head: {bulk['same_chain']}"
          f"  [{time.perf_counter() - t:.0f} s]", flush=True)
    ratio = bulk["ours"] / bulk["base"]
    rows.append((f"bulk load {args.hazards:,} (s)", f"{bulk['ours']:.2f}", f"{bulk['base']:.2f}",
                 ratio, "<= 3x", ratio <= 3 and bulk["same_chain"]))

    t = step(f"2. {args.transitions:,} x assign/submit/verify a side")
    tr = bench_transitions(work, args.transitions)
    print(f"   use-cases {tr['ours']:.0f} µs, raw sqlite3 {tr['base']:.0f} µs per transition;"
          f" states after: {tr['states']}  [{time.perf_counter() - t:.0f} s]", flush=True)
    ratio = tr["ours"] / tr["base"]
    rows.append(("transition (µs each)", f"{tr['ours']:.0f}", f"{tr['base']:.0f}", ratio, "<= 3x",
                 ratio <= 3 and tr["states"] == {"closed": 2 * args.transitions}))

    t = step("3. hazard list --overdue --json, best of 3")
    ls = bench_list(work)
    print(f"   command {ls['ours']:.2f} s ({ls['ours_rows']:,} rows), plain sqlite3 process"
          f" {ls['base']:.2f} s ({ls['base_rows']:,} rows); byte-identical output: {ls['identical']}"
          f"  [{time.perf_counter() - t:.0f} s]", flush=True)
    ratio = ls["ours"] / ls["base"]
    same_rows = ls["ours_rows"] == ls["base_rows"]
    rows.append(("list --overdue --json (s)", f"{ls['ours']:.2f}", f"{ls['base']:.2f}", ratio,
                 "<= 2x", ratio <= 2 and same_rows))
    rows.append(("list --overdue --json, absolute (s)", f"{ls['ours']:.2f}", "", None, "< 2 s",
                 ls["ours"] < 2 and same_rows))

    step("4. start-up, best of 5")
    st = bench_startup()
    ratio = st["ours"] / st["base"]
    rows.append(("dualprev --help vs import click (s)", f"{st['ours']:.3f}", f"{st['base']:.3f}",
                 ratio, "<= 2x", ratio <= 2))

    headers = ("figure", "ours", "baseline", "ratio", "target", "result")
    table = [headers] + [(f, o, b, "" if r is None else f"{r:.2f}x", tg, "PASS" if ok else "MISS")
                         for f, o, b, r, tg, ok in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    print()
    for i, r in enumerate(table):
        print("  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    if cleanup is not None:
        cleanup.cleanup()
    else:
        print(f"\nkept: {work}")
    return 0 if all(r[-1] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
