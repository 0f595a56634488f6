"""Helpers the service, query and CLI tests share: hazards set up through the services (a 重大 one
waiting for 复核, a 一般 one with a deadline, one a day overdue and swept) and row counts."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from dualprev.hazards.config import parse_instant
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


def major(db, owner="chen", deadline=date(2026, 12, 20)):
    """A 重大 hazard at 生产一车间, assigned and submitted: listed at once, waiting for 复核."""
    code = hazard_service.report(db, actor="wang", title="液氨储罐区报警器失效", org="生产一车间",
                           level="major")["code"]
    hazard_service.assign(db, actor="wang", code=code, owner=owner, deadline=deadline, measures="更换",
                    cost=1000, contingency="人工巡检")
    hazard_service.submit(db, actor=owner, code=code, note="已更换")
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
