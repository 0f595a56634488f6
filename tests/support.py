"""Helpers the service, query and CLI tests share: hazards set up through the services (a 重大 one
waiting for 复核, a 一般 one with a deadline, one a day overdue and swept) and row counts."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from dualprev.hazards.config import parse_instant
from dualprev.hazards.services import governance
from dualprev.hazards.services import hazard as hazard_service
from dualprev.schedules import escalation

NOW = parse_instant("2026-11-24T10:00:00+08:00")
ROOT = Path(__file__).resolve().parents[1]
TICKER = """
import json, sys
from dualprev.hazards.db import open_db
from dualprev.schedules.tick import tick
print(json.dumps(tick(open_db(sys.argv[1]))))
"""


def race(script: str, db_url: str, processes: int) -> list[str]:
    """Run ``script`` on the database in several processes at once; their outputs, each checked."""
    procs = [subprocess.Popen([sys.executable, "-c", script, db_url], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(processes)]
    outputs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outputs.append(out)
    return outputs


def count(db, table, where="1 = 1", **params):
    with db.read() as tx:
        return tx.scalar(f"SELECT count(*) FROM {table} WHERE {where}", params)


def events(db):
    with db.read() as tx:
        return tx.scalar("SELECT count(*) FROM hazard_event")


def approved_plan(db, code, owner="chen", deadline=date(2026, 12, 20), funds=1000.0):
    """16号令 Art 15¶2: wang drafts the six items (naming the 判定依据), gao (主要负责人) approves."""
    governance.plan(db, actor="wang", code=code, goal="恢复泄漏检测报警", method="更换报警器", funds=funds,
                    resources="报警器两台", team="生产一车间整改组", owner=owner, deadline=deadline,
                    safety="停止装卸作业", contingency="人工巡检,备用检测仪", basis="WH2017-12")
    governance.approve_plan(db, actor="gao", code=code)


def evaluated(db, code):
    """16号令 Art 18: the finished rectification of a 重大 hazard evaluated, so 复核 can pass."""
    governance.evaluate(db, actor="wang", code=code, by="公司技术人员和专家", conclusion="整改完成,符合安全生产条件")


def major(db, owner="chen", deadline=date(2026, 12, 20)):
    """A 重大 hazard at 生产一车间, planned, approved, assigned, submitted and evaluated: listed
    at once, waiting for 复核."""
    code = hazard_service.report(db, actor="wang", title="液氨储罐区报警器失效", org="生产一车间",
                           level="major")["code"]
    approved_plan(db, code, owner=owner, deadline=deadline)
    hazard_service.assign(db, actor="wang", code=code, measures="更换报警器", cost=1000, contingency="人工巡检")
    hazard_service.submit(db, actor=owner, code=code, note="已更换")
    evaluated(db, code)
    return code


def general(db, deadline, owner="chen", org="生产一车间", title="护栏缺失"):
    """A 一般 hazard found well before ``deadline``, assigned to ``owner``."""
    found = datetime.combine(min(deadline, NOW.date()) - timedelta(days=20), datetime.min.time(),
                             NOW.tzinfo)
    code = hazard_service.report(db, actor="wang", title=title, org=org, found_at=found)["code"]
    hazard_service.assign(db, actor="wang", code=code, owner=owner, deadline=deadline, measures="加装")
    return code


def overdue(db, owner="chen", org="生产一车间"):
    """One hazard a day past its deadline: the sweep tells its owner and the supervisor (zhao)."""
    found = parse_instant("2026-11-01T09:00:00+08:00")
    code = hazard_service.report(db, actor="wang", title="护栏缺失", org=org, found_at=found)["code"]
    hazard_service.assign(db, actor="wang", code=code, owner=owner, deadline=date(2026, 11, 23), measures="m")
    assert escalation.sweep(db, now=NOW) == 1
    return code


@contextmanager
def attacker(db):
    """A write transaction of someone with full access to the database, past the guards that
    refuse changes to the audit trail: SQLite's triggers are dropped, PostgreSQL's are switched
    off for the transaction (``session_replication_role = replica``, as superuser; this also
    switches off foreign keys, as an attacker would)."""
    with db.write() as tx:
        if db.is_sqlite:
            for (name,) in tx.run("SELECT name FROM sqlite_master WHERE type = 'trigger'").all():
                tx.run(f'DROP TRIGGER "{name}"')
        else:
            tx.run("SET LOCAL session_replication_role = replica")
        yield tx


def rechain(tx, enterprise_id, digest, as_instant):
    """Renumber one chain 1, 2, 3... and recompute every link and hash, then move its head: what
    a forger with the program's source does after cutting or editing events."""
    prev, seq = "0" * 64, 0
    for r in tx.run("SELECT * FROM hazard_event WHERE enterprise_id = :e ORDER BY seq",
                    {"e": enterprise_id}).mappings().all():
        seq += 1
        new = digest(enterprise_id, seq, prev, r["subject"], r["subject_id"], r["ref"], r["event"],
                     r["from_state"], r["to_state"], r["actor"], as_instant(r["at"]), r["comment"],
                     r["data"], r["os_user"])
        tx.run("UPDATE hazard_event SET seq = :s, prev_hash = :p, hash = :h WHERE id = :id",
               {"s": seq, "p": prev, "h": new, "id": r["id"]})
        prev = new
    tx.run("UPDATE audit_head SET seq = :s, hash = :h WHERE enterprise_id = :e",
           {"s": seq, "h": prev, "e": enterprise_id})


def drop_guards(conn) -> None:
    """On a raw sqlite3 connection to the register: drop the refusal triggers first, as an attacker
    who can write the file would."""
    from dualprev.hazards.enforce import SQLITE_TRIGGERS

    for name in SQLITE_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
