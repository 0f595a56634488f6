"""Several processes writing at once: no lost update, unique codes, one linear audit chain."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from dualprev.hazards import audit, config
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org as org_service

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import json, sys
from datetime import date
from dualprev.hazards import config
from dualprev.hazards import db as db_module
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.errors import DomainError
url, job, count, arg = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
db = db_module.open_db(url)
outcome = {"ok": 0, "refused": {}}
for i in range(count):
    try:
        if job == "report":
            hazard_service.report(db, actor="wang", title=f"{arg}-{i}", org="生产一车间")
        else:  # extend the same hazard, each time by one more day than it has now
            with db.read() as tx:
                current = tx.scalar("SELECT deadline FROM hazard WHERE code = :c", {"c": arg})
            new = date.fromordinal(date.fromisoformat(str(current)).toordinal() + 1)
            hazard_service.extend(db, actor="zhao", code=arg, deadline=new, reason=f"p{i}")
        outcome["ok"] += 1
    except DomainError as exc:
        name = type(exc).__name__
        outcome["refused"][name] = outcome["refused"].get(name, 0) + 1
print(json.dumps(outcome))
"""


def race(db_url: str, job: str, processes: int, count: int, arg: str = "") -> list[dict]:
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, db_url, job, str(count), arg or f"w{n}"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(processes)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(json.loads(out))
    return results


def test_concurrent_reports_get_unique_codes_and_one_chain(db, db_url):
    results = race(db_url, "report", processes=4, count=15)
    assert sum(r["ok"] for r in results) == 60
    with db.read() as tx:
        codes = [r[0] for r in tx.run("SELECT code FROM hazard ORDER BY code").all()]
    assert codes == [f"YH-2026-{n:06d}" for n in range(1, 61)]
    assert audit.verify(db)["ok"]


def test_racing_writers_on_one_hazard_lose_nothing(db, db_url):
    code = hazard_service.report(db, actor="wang", title="t", org="生产一车间")["code"]
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 1), measures="m")
    results = race(db_url, "extend", processes=4, count=10, arg=code)
    succeeded = sum(r["ok"] for r in results)
    refused = {k: sum(r["refused"].get(k, 0) for r in results) for k in ("Conflict", "RuleViolation")}
    # every attempt either landed or was refused with a clear error; none vanished
    assert succeeded + sum(refused.values()) == 40 and succeeded >= 10
    with db.read() as tx:
        version = tx.scalar("SELECT version FROM hazard WHERE code = :c", {"c": code})
        extensions = tx.scalar("SELECT count(*) FROM extension")
        chained = tx.run("SELECT old_deadline, new_deadline FROM extension ORDER BY id").all()
    assert extensions == succeeded and version == 2 + succeeded
    # each extension starts where the previous one ended: no update was lost in between
    assert all(str(a[1]) == str(b[0]) for a, b in zip(chained, chained[1:], strict=False))
    assert audit.verify(db)["ok"]


def test_writers_in_different_enterprises_do_not_wait(db, db_url):
    if db.is_sqlite:
        import pytest

        pytest.skip("SQLite has one writer at a time by design; per-enterprise locking is PostgreSQL's")
    import threading

    org_service.add_org(db, actor="admin", name="第二化工")
    org_service.add_person(db, actor="admin", login="qian", name="钱", org="第二化工", roles=["officer"])
    done = []
    with db.write() as tx:  # enterprise 1's chain head stays locked until this block ends
        audit.append(tx, enterprise_id=1, subject="org", subject_id=1, ref="x", event="org_add",
                     actor="admin", at=config.now())
        worker = threading.Thread(target=lambda: done.append(
            hazard_service.report(db, actor="qian", title="t", org="第二化工")["code"]))
        worker.start()
        worker.join(timeout=10)
        assert done == ["YH-2026-000001"], "a writer in another enterprise waited for enterprise 1"
    assert audit.verify(db)["ok"]
