"""kill -9 harness: start a command, kill it at a random moment, check the register, rerun it,
and confirm the work completes once, on SQLite and PostgreSQL (issue 11).

    python benchmarks/kill_harness.py [--trials 8] [--backend sqlite|postgres|both]
                                      [--scenario seed,tick,sweep,notify,export-csv,export-xlsx]
                                      [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Each scenario has a prepared register (a SQLite file copied per trial; on PostgreSQL a template
database cloned with CREATE DATABASE ... TEMPLATE) and a reference: the same command run once to
the end on a copy, timed (T). A trial starts the command as its own process (`python -m
dualprev`), sends SIGKILL after a uniform random delay in [0.1 T, T], then

1. runs `dualprev db check` (integrity, revision, audit chains, orphans, outbox rows stuck past
   their lease, duplicated tasks and ladder steps): a non-zero exit is a failed check;
2. reruns the command to the end (`notify send` until nothing is due, after the lease) and runs
   `db check` again;
3. compares the register (or the output file) with the reference.

The scenarios:
- seed: `init --hazards N` (committed 20,000 at a time). After the kill every hazard has its
  events and the count is a whole number of chunks; a rerun adds N again (the command adds, it
  does not resume), reported as extra rows, not as duplicates.
- tick: catch-up over D days of P daily plans: tasks created and 漏检 marked. The rerun must end
  with the reference's tasks, states and one ``miss`` event per missed task.
- sweep: `tick` over a bulk register (~10% of its hazards overdue, no plans): the escalation
  ladder's steps, listings and outbox rows; the rerun must end with the reference's counts.
- notify: `notify send` over a few hundred pending webhook rows, to a local HTTP server that
  counts deliveries by outbox id, with `[notify] lease_seconds = 2`; duplicates are deliveries
  beyond the first per id, stuck rows are rows still `sending` after the rerun, lost rows are
  rows never delivered.
- export-csv, export-xlsx: `report ledger -o FILE`; a partial file is anything under the final name
  that is not the complete reference, or a temporary file left beside it.

Printed per scenario and backend: trials, failures (a trial with any problem), duplicates, stuck
rows, partial files, failed checks, lost rows, extra rows, and T; beside them the raw baseline:
the same kill against a bare sqlite3 / psycopg process inserting rows in committed chunks
(nothing of a committed chunk lost, nothing of an uncommitted one kept).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

NOW = "2026-11-24T10:00:00+08:00"
os.environ.setdefault("DUALPREV_NOW", NOW)

from dualprev.hazards import config, seed  # noqa: E402
from dualprev.hazards.db import close_db, open_db  # noqa: E402
from dualprev.hazards.services import inspection, org  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 20_000  # init --hazards commits this many at a time


# --- the local webhook: deliveries counted by outbox id ---------------------------------------

class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_id: collections.Counter[int] = collections.Counter()
        counter = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                time.sleep(0.005)  # a robot's answer takes a few milliseconds
                with counter.lock:
                    counter.by_id[body["outbox_id"]] += 1
                try:
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b'{"errcode": 0}')
                except OSError:  # the sender was killed after its request arrived
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        with self.lock:
            self.by_id.clear()


# --- registers: prepared once per scenario, copied per trial -----------------------------------

class Backend:
    name = ""

    def url(self, name: str) -> str:
        raise NotImplementedError

    def clone(self, template: str, name: str) -> None:
        raise NotImplementedError

    def drop(self, name: str) -> None:
        raise NotImplementedError


class Sqlite(Backend):
    name = "sqlite"

    def __init__(self, work: Path) -> None:
        self.work = work

    def url(self, name: str) -> str:
        return f"sqlite:///{self.work / name}.db"

    def clone(self, template: str, name: str) -> None:
        self.drop(name)
        shutil.copyfile(self.work / f"{template}.db", self.work / f"{name}.db")

    def drop(self, name: str) -> None:
        for suffix in (".db", ".db-wal", ".db-shm", ".db-journal"):
            (self.work / f"{name}{suffix}").unlink(missing_ok=True)


class Postgres(Backend):
    name = "postgres"

    def __init__(self, admin_url: str, tag: str) -> None:
        from sqlalchemy import create_engine

        self.admin_url, self.tag = admin_url, tag
        self.engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def db_name(self, name: str) -> str:
        return f"rcr_kill_{self.tag}_{name}".replace("-", "_")

    def url(self, name: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path=f"/{self.db_name(name)}"))

    def _sql(self, statement: str) -> None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            conn.execute(text(statement))

    def create(self, name: str) -> None:
        self.drop(name)
        self._sql(f'CREATE DATABASE "{self.db_name(name)}"')

    def clone(self, template: str, name: str) -> None:
        self.drop(name)
        self._sql(f'CREATE DATABASE "{self.db_name(name)}" TEMPLATE "{self.db_name(template)}"')

    def drop(self, name: str) -> None:
        self._sql(f'DROP DATABASE IF EXISTS "{self.db_name(name)}" WITH (FORCE)')


# --- running the program ------------------------------------------------------------------------

def env_for(trial_dir: Path, *, real_clock: bool = False, rules: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUALPREV_")}
    env["DUALPREV_FILES"] = str(trial_dir / "files")
    if not real_clock:
        env["DUALPREV_NOW"] = NOW
    if rules is not None:
        env["DUALPREV_RULES"] = str(rules)
    return env


def command(url: str, actor: str, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "dualprev", "--db", url, "--as", actor, *args]


def run(url: str, actor: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command(url, actor, args), env=env, capture_output=True, text=True,
                          cwd=ROOT.parent, timeout=900)


def run_killed(url: str, actor: str, args: list[str], env: dict[str, str], delay: float) -> bool:
    """Start the command, SIGKILL it after ``delay`` seconds; True when it was still running."""
    proc = subprocess.Popen(command(url, actor, args), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=ROOT.parent)
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def db_check(url: str, env: dict[str, str]) -> tuple[bool, str]:
    r = run(url, "admin", ["--json", "db", "check"], env)
    if r.returncode == 0:
        return True, ""
    try:
        bad = [c["check"] for c in json.loads(r.stdout)["checks"] if not c["ok"]]
    except (ValueError, KeyError):
        bad = [(r.stderr.strip().splitlines() or ["?"])[-1]]
    return False, ",".join(bad)


def counts(url: str, queries: dict[str, str]) -> dict[str, int]:
    db = open_db(url)
    try:
        with db.read() as tx:
            return {k: int(tx.scalar(q) or 0) for k, q in queries.items()}
    finally:
        close_db(url)


# --- scenarios ----------------------------------------------------------------------------------

@dataclass
class Result:
    trials: int = 0
    killed: int = 0
    failures: int = 0
    duplicates: int = 0
    stuck: int = 0
    partial: int = 0
    leftover: int = 0
    failed_checks: int = 0
    lost: int = 0
    extra: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def base_register(url: str, *, hazards: int = 0) -> None:
    db = open_db(url)
    org.init(db, login="admin")
    seed.demo_tree(db, admin="admin")
    if hazards:
        seed.bulk(db, hazards)
    close_db(url)


def add_plans(url: str, plans: int, days: int) -> None:
    """``plans`` daily plans over the org units, each starting ``days`` ago (through the use-case,
    so the set-up follows the plan table as it grows)."""
    db = open_db(url)
    c = inspection.add_checklist(db, actor="wang", name="日查", items=["消防通道", "气瓶固定"],
                                 org="示范化工有限公司")
    units = ["示范化工有限公司", *[u[0] for u in seed.DEMO_UNITS]]
    start = config.today() - timedelta(days=days)
    for i in range(plans):
        inspection.add_plan(db, actor="wang", name=f"plan {i}", checklist=c["id"],
                            org=units[i % len(units)], cadence_name="daily", start=start)
    close_db(url)


def add_route_and_sweep(url: str, hook: str) -> None:
    from dualprev.hazards import notify
    from dualprev.schedules import escalation

    db = open_db(url)
    notify.add_route(db, actor="zhao", org="示范化工有限公司", webhook=hook)
    escalation.sweep(db, now=config.now())
    close_db(url)


TICK_STATE = {
    "tasks": "SELECT count(*) FROM inspection_task",
    "open": "SELECT count(*) FROM inspection_task WHERE state = 'open'",
    "missed": "SELECT count(*) FROM inspection_task WHERE state = 'missed'",
    "miss_events": "SELECT count(*) FROM hazard_event WHERE event = 'miss'",
    "miss_subjects": "SELECT count(DISTINCT subject_id) FROM hazard_event WHERE event = 'miss'",
}
SWEEP_STATE = {
    "steps": "SELECT count(*) FROM escalation_step",
    "listings": "SELECT count(*) FROM supervision",
    "outbox": "SELECT count(*) FROM notification",
    "events": "SELECT count(*) FROM hazard_event",
}
SEED_STATE = {
    "hazards": "SELECT count(*) FROM hazard",
    "reported": "SELECT count(*) FROM hazard_event WHERE event = 'report'",
    "unevented": "SELECT count(*) FROM hazard h WHERE NOT EXISTS (SELECT 1 FROM hazard_event e"
                 " WHERE e.subject = 'hazard' AND e.subject_id = h.id)",
}
OUTBOX_STATE = {
    "due": "SELECT count(*) FROM notification WHERE state IN ('pending', 'sending')",
    "sending": "SELECT count(*) FROM notification WHERE state = 'sending'",
    "sent": "SELECT count(*) FROM notification WHERE state = 'sent'",
    "routed": "SELECT count(*) FROM notification WHERE channel IS NOT NULL",
}


class Scenario:
    name = ""
    actor = "admin"

    def __init__(self, opts: argparse.Namespace, work: Path, hook: Counter) -> None:
        self.opts, self.work, self.hook = opts, work, hook

    def args(self, trial_dir: Path) -> list[str]:
        raise NotImplementedError

    def prepare(self, backend: Backend, url: str) -> None:
        base_register(url)

    def env(self, trial_dir: Path) -> dict[str, str]:
        return env_for(trial_dir)

    def reference(self, url: str, trial_dir: Path) -> None:
        """Remember what the uninterrupted run leaves."""

    def finish(self, url: str, trial_dir: Path, env: dict[str, str]) -> bool:
        """The rerun after the kill, to the end."""
        return run(url, self.actor, self.args(trial_dir), env).returncode == 0

    def compare(self, url: str, trial_dir: Path, result: Result) -> list[str]:
        return []

    def after_kill(self, url: str, trial_dir: Path, result: Result) -> list[str]:
        return []


class Seed(Scenario):
    name = "seed"

    def args(self, trial_dir):
        return ["init", "--hazards", str(self.opts.seed_hazards)]

    def reference(self, url, trial_dir):
        self.ref = counts(url, SEED_STATE)

    def after_kill(self, url, trial_dir, result):
        self.killed_at = c = counts(url, SEED_STATE)
        problems = []
        if c["hazards"] % CHUNK:
            problems.append(f"{c['hazards']} hazards: not a whole number of {CHUNK}-hazard chunks")
        if c["unevented"]:
            problems.append(f"{c['unevented']} hazards without their events")
        return problems

    def compare(self, url, trial_dir, result):
        c = counts(url, SEED_STATE)
        result.extra += c["hazards"] - self.ref["hazards"]
        problems = []
        if c["hazards"] != self.killed_at["hazards"] + self.opts.seed_hazards:
            problems.append(f"rerun left {c['hazards']} hazards, expected "
                            f"{self.killed_at['hazards']} + {self.opts.seed_hazards}")
        if c["unevented"] or c["reported"] != c["hazards"]:
            problems.append("hazards and their report events differ")
        return problems


class Tick(Scenario):
    name = "tick"

    def args(self, trial_dir):
        return ["tick"]

    def prepare(self, backend, url):
        base_register(url)
        add_plans(url, self.opts.plans, self.opts.days)

    def reference(self, url, trial_dir):
        self.ref = counts(url, TICK_STATE)

    def compare(self, url, trial_dir, result):
        c = counts(url, TICK_STATE)
        result.duplicates += max(0, c["tasks"] - self.ref["tasks"]) + max(
            0, c["miss_events"] - c["miss_subjects"])
        result.lost += max(0, self.ref["tasks"] - c["tasks"])
        return [f"{k} {c[k]} != reference {self.ref[k]}" for k in c if c[k] != self.ref[k]]


class Sweep(Scenario):
    name = "sweep"

    def args(self, trial_dir):
        return ["tick"]

    def prepare(self, backend, url):
        base_register(url, hazards=self.opts.hazards)

    def reference(self, url, trial_dir):
        self.ref = counts(url, SWEEP_STATE)

    def compare(self, url, trial_dir, result):
        c = counts(url, SWEEP_STATE)
        result.duplicates += sum(max(0, c[k] - self.ref[k]) for k in ("steps", "listings", "outbox"))
        result.lost += sum(max(0, self.ref[k] - c[k]) for k in ("steps", "listings", "outbox"))
        return [f"{k} {c[k]} != reference {self.ref[k]}" for k in c if c[k] != self.ref[k]]


class Notify(Scenario):
    name = "notify"
    LEASE = 2

    def __init__(self, *a):
        super().__init__(*a)
        self.rules = self.work / "notify-rules.toml"
        self.rules.write_text(f"[notify]\ntimeout_seconds = 1\nlease_seconds = {self.LEASE}\n", "utf-8")

    def args(self, trial_dir):
        return ["notify", "send"]

    def env(self, trial_dir):
        return env_for(trial_dir, real_clock=True, rules=self.rules)

    def prepare(self, backend, url):
        base_register(url, hazards=self.opts.notify_hazards)
        add_route_and_sweep(url, self.hook.url)

    def reference(self, url, trial_dir):
        self.ref = counts(url, OUTBOX_STATE)
        self.hook.reset()

    def before(self):
        self.hook.reset()

    def finish(self, url, trial_dir, env):
        # what a daemon does: send again until nothing is due; a dead sender's claim lapses first
        for _ in range(50):
            c = counts(url, OUTBOX_STATE)
            if not c["due"]:
                return True
            if c["sending"]:
                time.sleep(self.LEASE + 0.2)
            if run(url, self.actor, self.args(trial_dir), env).returncode != 0:
                return False
        return False

    def compare(self, url, trial_dir, result):
        c = counts(url, OUTBOX_STATE)
        with self.hook.lock:
            by_id = dict(self.hook.by_id)
        dup = sum(n - 1 for n in by_id.values())
        result.duplicates += dup
        result.stuck += c["sending"]
        result.lost += c["routed"] - len(by_id)
        problems = []
        if dup > 1:
            problems.append(f"{dup} duplicate deliveries after one kill")
        if c["sending"] or c["due"]:
            problems.append(f"{c['sending']} rows still sending, {c['due']} due")
        if len(by_id) != c["routed"] or c["sent"] != c["routed"]:
            problems.append(f"{len(by_id)} delivered, {c['sent']} recorded sent of {c['routed']}")
        return problems


class Export(Scenario):
    actor = "wang"

    def __init__(self, opts, work, hook, fmt):
        super().__init__(opts, work, hook)
        self.fmt = fmt
        self.name = f"export-{fmt}"

    def out(self, trial_dir):
        return trial_dir / "out" / f"ledger.{self.fmt}"

    def args(self, trial_dir):
        self.out(trial_dir).parent.mkdir(parents=True, exist_ok=True)
        return ["report", "ledger", "--format", self.fmt, "-o", str(self.out(trial_dir))]

    def prepare(self, backend, url):
        base_register(url, hazards=self.opts.hazards)

    def reference(self, url, trial_dir):
        self.ref = self.content(self.out(trial_dir))

    def content(self, path: Path):
        if self.fmt != "xlsx":
            return path.read_bytes()
        import zipfile

        from openpyxl import load_workbook

        try:  # a workbook's zip stamps vary from run to run: compare its cells
            book = load_workbook(path, read_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError):
            return None
        cells = [list(ws.iter_rows(values_only=True)) for ws in book.worksheets]
        book.close()
        return cells

    def same(self, path: Path) -> bool:
        return path.exists() and self.content(path) == self.ref

    def after_kill(self, url, trial_dir, result):
        out = self.out(trial_dir)
        problems = []
        if out.exists() and not self.same(out):
            result.partial += 1
            problems.append(f"partial file under the final name ({out.stat().st_size} bytes)")
        return problems

    def compare(self, url, trial_dir, result):
        out = self.out(trial_dir)
        problems = [] if self.same(out) else [
            "the rerun's file differs from the reference"]
        left = [p.name for p in out.parent.iterdir() if p != out]
        result.leftover += len(left)
        if left:
            result.notes.append(f"temporary file left after the kill and the rerun: {left[0]}")
        return problems


# --- the trial loop -----------------------------------------------------------------------------

def run_scenario(sc: Scenario, backend: Backend, trials: int, rnd: random.Random) -> Result:
    result = Result()
    template = f"{sc.name}-template"
    if isinstance(backend, Postgres):
        backend.create(template)
    sc.prepare(backend, backend.url(template))
    ref_dir = sc.work / f"{backend.name}-{sc.name}-ref"
    shutil.rmtree(ref_dir, ignore_errors=True)
    ref_dir.mkdir()
    backend.clone(template, "ref")
    env = sc.env(ref_dir)
    started = time.perf_counter()
    r = run(backend.url("ref"), sc.actor, sc.args(ref_dir), env)
    result.seconds = time.perf_counter() - started
    if r.returncode != 0:
        raise SystemExit(f"{sc.name} on {backend.name}: the reference run failed: {r.stderr.strip()}")
    sc.reference(backend.url("ref"), ref_dir)
    backend.drop("ref")
    for n in range(trials):
        trial_dir = sc.work / f"{backend.name}-{sc.name}-{n}"
        shutil.rmtree(trial_dir, ignore_errors=True)
        trial_dir.mkdir()
        backend.clone(template, "trial")
        url = backend.url("trial")
        env = sc.env(trial_dir)
        if hasattr(sc, "before"):
            sc.before()
        delay = rnd.uniform(0.1, 1.0) * result.seconds
        problems: list[str] = []
        result.trials += 1
        result.killed += run_killed(url, sc.actor, sc.args(trial_dir), env, delay)
        ok, bad = db_check(url, env)
        if not ok:
            result.failed_checks += 1
            problems.append(f"db check after the kill: {bad}")
        problems += sc.after_kill(url, trial_dir, result)
        if not sc.finish(url, trial_dir, env):
            problems.append("the rerun failed")
        ok, bad = db_check(url, env)
        if not ok:
            result.failed_checks += 1
            problems.append(f"db check after the rerun: {bad}")
        problems += sc.compare(url, trial_dir, result)
        if problems:
            result.failures += 1
            result.notes.append(f"trial {n} (kill at {delay:.2f} s): " + "; ".join(problems))
        backend.drop("trial")
        shutil.rmtree(trial_dir, ignore_errors=True)
    backend.drop(template)
    return result


# --- the raw baseline: a bare driver process killed while it commits chunks ---------------------

RAW_CHILD = r"""
import sys, time
kind, target, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])
if kind == "sqlite":
    import sqlite3
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    mark, begin = "?", "BEGIN IMMEDIATE"
else:
    import psycopg
    conn = psycopg.connect(target, autocommit=True)
    mark, begin = "%s", "BEGIN"
conn.execute("CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, chunk INTEGER, payload TEXT)")
n = 0
while True:
    conn.execute(begin)
    cur = conn.cursor()
    cur.executemany(f"INSERT INTO raw (id, chunk, payload) VALUES ({mark}, {mark}, {mark})",
                    [(n + i, n // chunk, "x" * 100) for i in range(chunk)])
    conn.execute("COMMIT")
    n += chunk
"""


def raw_baseline(kind: str, work: Path, admin_url: str | None, trials: int, rnd: random.Random) -> Result:
    result = Result()
    chunk = 2000
    for n in range(trials):
        if kind == "sqlite":
            target = str(work / f"raw-{n}.db")
        else:
            pg = Postgres(admin_url, "raw")
            pg.create("t")
            target = pg.url("t").replace("postgresql+psycopg://", "postgresql://")
        proc = subprocess.Popen([sys.executable, "-c", RAW_CHILD, kind, target, str(chunk)])
        time.sleep(rnd.uniform(0.3, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        result.trials += 1
        result.killed += 1
        if kind == "sqlite":
            import sqlite3

            conn = sqlite3.connect(target)
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            rows, chunks = conn.execute("SELECT count(*), count(DISTINCT chunk) FROM raw").fetchone()
            conn.close()
            for suffix in ("", "-wal", "-shm"):
                Path(target + suffix).unlink(missing_ok=True)
        else:
            import psycopg

            with psycopg.connect(target) as conn:
                integrity = "ok"
                rows, chunks = conn.execute("SELECT count(*), count(DISTINCT chunk) FROM raw").fetchone()
            pg.drop("t")
        if integrity != "ok" or rows != chunks * chunk:
            result.failures += 1
            result.partial += rows - chunks * chunk
            result.notes.append(f"raw trial {n}: {rows} rows in {chunks} chunks, integrity {integrity}")
    return result


# --- main -----------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--scenario", default="seed,tick,sweep,notify,export-csv,export-xlsx")
    parser.add_argument("--pg-url", default=os.environ.get(
        "DUALPREV_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--hazards", type=int, default=20_000, help="bulk hazards for sweep and export")
    parser.add_argument("--seed-hazards", type=int, default=40_000, help="init --hazards N")
    parser.add_argument("--notify-hazards", type=int, default=2_000, help="bulk hazards whose sweep fills the outbox")
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--days", type=int, default=60, help="days of catch-up for the tick scenario")
    parser.add_argument("--seed", type=int, default=11, help="random seed of the kill moments")
    parser.add_argument("--keep", metavar="DIR", help="work here and keep it (default: a temporary folder)")
    opts = parser.parse_args()

    work = Path(opts.keep) if opts.keep else Path(tempfile.mkdtemp(prefix="dualprev-kill-"))
    work.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(opts.seed)
    hook = Counter()
    backends: list[Backend] = []
    if opts.backend in ("sqlite", "both"):
        backends.append(Sqlite(work))
    if opts.backend in ("postgres", "both"):
        backends.append(Postgres(opts.pg_url, f"{os.getpid()}"))
    makers = {"seed": Seed, "tick": Tick, "sweep": Sweep, "notify": Notify,
              "export-csv": lambda *a: Export(*a, "csv"), "export-xlsx": lambda *a: Export(*a, "xlsx")}
    names = [s.strip() for s in opts.scenario.split(",") if s.strip()]
    print(f"kill -9 harness: {opts.trials} trials per scenario, kill at U(0.1, 1.0) x T; "
          f"hazards {opts.hazards}, seed --hazards {opts.seed_hazards}, tick {opts.plans} plans x "
          f"{opts.days} days, outbox from {opts.notify_hazards} hazards; work in {work}", flush=True)
    header = (f"{'scenario':<12} {'backend':<9} {'trials':>6} {'killed':>6} {'failures':>8} {'dupl.':>6}"
              f" {'stuck':>6} {'partial':>7} {'temp':>5} {'checks':>6} {'lost':>5} {'extra':>6} {'T (s)':>7}")
    print(header, flush=True)
    notes: list[str] = []
    try:
        for backend in backends:
            for name in names:
                sc = makers[name](opts, work, hook)
                r = run_scenario(sc, backend, opts.trials, rnd)
                print(f"{name:<12} {backend.name:<9} {r.trials:>6} {r.killed:>6} {r.failures:>8}"
                      f" {r.duplicates:>6} {r.stuck:>6} {r.partial:>7} {r.leftover:>5} {r.failed_checks:>6}"
                      f" {r.lost:>5}"
                      f" {r.extra:>6} {r.seconds:>7.2f}", flush=True)
                notes += [f"{name}/{backend.name} {x}" for x in r.notes]
            base = raw_baseline(backend.name, work, opts.pg_url if backend.name == "postgres" else None,
                                opts.trials, rnd)
            print(f"{'raw chunks':<12} {backend.name:<9} {base.trials:>6} {base.killed:>6} {base.failures:>8}"
                  f" {'-':>6} {'-':>6} {base.partial:>7} {'-':>5} {'-':>6} {'-':>5} {'-':>6} {'-':>7}",
                  flush=True)
            notes += base.notes
    finally:
        hook.server.shutdown()
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\ncolumns: killed = trials where the command was still running at the kill; dupl. = rows or"
          " deliveries beyond the reference; stuck = outbox rows left sending; partial = files under the"
          " final name that are not complete; temp = temporary files left beside it after the kill and"
          " the rerun (not under the final name); checks = failed `db check` runs; lost = work never done after the rerun;"
          " extra = rows a rerun of `init --hazards` adds again")
    for note in notes:
        print("  " + note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
