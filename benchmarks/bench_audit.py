"""Benchmark of `audit verify` (chains + replay) in µs per event, beside raw streaming baselines.

Run it from the repository with the package installed (``pip install -e .``):

    python benchmarks/bench_audit.py --hazards 1000000
    python benchmarks/bench_audit.py --hazards 1000000 --pg postgresql+psycopg://postgres@127.0.0.1:5432/test

It builds a register (SQLite in a temporary directory, or a throwaway schema of the PostgreSQL
database given with ``--pg``, dropped afterwards): ``init``, the demo org tree, then
``seed.bulk`` of N synthetic hazards (about 3 events each, every event carrying the fields it set,
as the use-cases' events do). Then, in the same process, best of ``--runs``:

1. raw stream: the driver alone (sqlite3 / psycopg, server-side cursor on PostgreSQL) streaming
   every event's columns in chain order, touching each row: the floor of any one-pass check;
2. raw stream + hash: the same, recomputing each event's SHA-256 and checking the link (what the
   chain check alone costs, without the program around it);
3. ``audit.verify``: the whole check: chains, ids in seq order, the replay of every hazard,
   supervision, task and risk point, and the comparison with the rows (the rows' own streaming
   SELECTs are inside this figure, spread over the events).

Each figure is printed in µs per event, wall time and this process's CPU time (the steadier one
on a shared machine; on PostgreSQL the server's share is only in the wall time). ``--keep DIR``
builds the SQLite register once and measures it again on later runs. The program's clock is
fixed with DUALPREV_NOW (unless already set).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")

from dualprev.hazards import audit, seed  # noqa: E402
from dualprev.hazards.db import as_instant, close_db, open_db  # noqa: E402
from dualprev.hazards.services import org as org_service  # noqa: E402

COLUMNS = ("id, enterprise_id, seq, prev_hash, hash, subject, subject_id, ref, event, from_state,"
           " to_state, actor, at, comment, data, os_user")
STREAM_SQL = f"SELECT {COLUMNS} FROM hazard_event ORDER BY enterprise_id, seq"


def raw_rows(url: str, schema: str | None):
    """Every event as a tuple, through the bare driver."""
    if url.startswith("sqlite"):
        import sqlite3

        con = sqlite3.connect(url.split("sqlite:///", 1)[1])
        try:
            cur = con.execute(STREAM_SQL)
            while batch := cur.fetchmany(2000):
                yield from batch
        finally:
            con.close()
        return
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://").split("?")[0]
    with psycopg.connect(plain, options=f"-csearch_path={schema}") as con, con.transaction():
        with con.cursor(name="bench_stream") as cur:
            cur.itersize = 2000
            cur.execute(STREAM_SQL)
            yield from cur


def raw_stream(url: str, schema: str | None) -> int:
    n = 0
    for row in raw_rows(url, schema):
        n += row[0] > 0
    return n


def raw_hash(url: str, schema: str | None) -> int:
    n, ent, prev = 0, None, audit.GENESIS
    for (_id, e, seq, prev_hash, h, subject, sid, ref, event, frm, to, actor, at, comment, data,
         os_user) in raw_rows(url, schema):
        if e != ent:
            ent, prev = e, audit.GENESIS
        again = audit.digest(e, seq, prev_hash, subject, sid, ref, event, frm, to, actor,
                             as_instant(at), comment, data, os_user)
        assert again == h and prev_hash == prev, (e, seq)
        prev = h
        n += 1
    return n


def best(runs: int, fn, *args) -> tuple[float, float, object]:
    """The best wall time and the best CPU time of this process over ``runs`` runs, and the result.
    On a shared machine the CPU time is the steadier figure; on PostgreSQL the server's share of
    the work is only in the wall time."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = fn(*args)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hazards", type=int, default=100_000)
    parser.add_argument("--pg", metavar="URL", help="Run on this PostgreSQL (a throwaway schema).")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="SQLite: build in DIR and leave it there.")
    args = parser.parse_args()

    schema = None
    folder = None
    if args.pg:
        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.pg)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        sep = "&" if "?" in args.pg else "?"
        url = f"{args.pg}{sep}options={quote(f'-csearch_path={schema}')}"
    else:
        folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-audit-"))
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder / 'register.db'}"
    try:
        db = open_db(url)
        started = time.perf_counter()
        reuse = bool(args.keep) and not args.pg and (folder / "register.db").exists()
        if not reuse:
            org_service.init(db, login="admin")
            seed.bulk(db, args.hazards)
        load_s = time.perf_counter() - started
        close_db(url)
        db = open_db(url)
        with db.read() as tx:
            events = tx.scalar("SELECT count(*) FROM hazard_event")
            hazards = tx.scalar("SELECT count(*) FROM hazard")
        stream_s, stream_c, n = best(args.runs, raw_stream, url, schema)
        assert n == events
        hash_s, hash_c, _ = best(args.runs, raw_hash, url, schema)
        verify_s, verify_c, result = best(args.runs, audit.verify, db)
        assert result["ok"], result
        backend = "postgresql" if args.pg else "sqlite"

        def us(seconds: float) -> float:
            return round(seconds / events * 1e6, 2)

        figures = {
            "backend": backend, "hazards": hazards, "events": events,
            "load_seconds": None if reuse else round(load_s, 1),
            "raw_stream_us_per_event": us(stream_s), "raw_stream_cpu_us_per_event": us(stream_c),
            "raw_hash_us_per_event": us(hash_s), "raw_hash_cpu_us_per_event": us(hash_c),
            "verify_us_per_event": us(verify_s), "verify_cpu_us_per_event": us(verify_c),
            "verify_seconds": round(verify_s, 1), "replayed_rows": result["replayed"],
        }
        print(f"{backend}: {hazards} hazards, {events} events"
              + ("" if reuse else f" (loaded in {load_s:.0f} s)"))
        print("                        wall µs/event  CPU µs/event (this process)")
        for name, wall, cpu in (("raw stream", stream_s, stream_c), ("raw stream + hash", hash_s, hash_c),
                                ("audit verify+replay", verify_s, verify_c)):
            print(f"  {name:20} {us(wall):12.2f} {us(cpu):14.2f}")
        print(json.dumps(figures))
        close_db(url)
    finally:
        if args.pg:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()
        elif not args.keep and folder is not None:
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
