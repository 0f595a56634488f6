"""What the stateful (hypothesis) tests of the three machines share: a fresh register per example,
copied from one SQLite template that is built once, snapshots that show whether a refused trigger
changed anything, and the replay of the audit events into the rows they describe."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from dualprev.hazards import audit
from dualprev.hazards.db import Database, as_date, as_instant, close_db, open_db
from dualprev.hazards.seed import DEMO_PEOPLE, DEMO_UNITS
from tests.support import NOW

TODAY = NOW.date()
EXTRA_PEOPLE = [  # login, name, org, roles: who may hold two roles the guards keep apart
    ("qian", "钱班长", "生产一车间", ["owner", "inspector"]),
    ("he", "何经理", "示范化工有限公司", ["owner", "supervisor"]),
]
LOGINS = ["admin", *[p[0] for p in DEMO_PEOPLE + EXTRA_PEOPLE]]
ORGS = [u[0] for u in DEMO_UNITS]
FINAL = ("closed", "voided")
ITEMS = ("消防通道畅通", "气瓶固定", "压力表在检定期内")

_TEMPLATE: dict[str, Path] = {}


def _template() -> Path:
    """The demo org tree and people (and two holding two roles), and one daily plan of three items at 甲班 (assignee liu)."""
    if "path" not in _TEMPLATE:
        from dualprev.hazards import seed
        from dualprev.hazards.services import inspection, org

        folder = tempfile.mkdtemp(prefix="dualprev-stateful-")
        atexit.register(shutil.rmtree, folder, True)
        path = Path(folder) / "template.db"
        url = f"sqlite:///{path}"
        db = open_db(url)
        org.init(db, login="admin")
        seed.demo_tree(db, admin="admin")
        for login, name, unit, roles in EXTRA_PEOPLE:
            org.add_person(db, actor="admin", login=login, name=name, org=unit, roles=roles)
        cl = inspection.add_checklist(db, actor="wang", name="甲班日查", items=list(ITEMS), org="甲班")
        inspection.add_plan(db, actor="wang", name="甲班日查", checklist=cl["id"], org="甲班",
                            assignee="liu", cadence_name="daily", start=TODAY)
        close_db(url)  # checkpoints the WAL into the file
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


class Register:
    """One example's register: a copy of the template, opened, closed and removed by the test."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self.db: Database = open_db(self.url)

    @classmethod
    def fresh(cls) -> Register:
        folder = Path(tempfile.mkdtemp(prefix="dualprev-example-"))
        shutil.copyfile(_template(), folder / "register.db")
        return cls(folder / "register.db")

    def close(self) -> None:
        close_db(self.url)
        shutil.rmtree(self.path.parent, ignore_errors=True)

    def snapshot(self) -> tuple:
        """Everything a trigger may write: rows with their versions, and counts of the rest."""
        with self.db.read() as tx:
            return tuple(tuple(tuple(r) for r in tx.run(sql).all()) for sql in (
                "SELECT id, version, state FROM hazard ORDER BY id",
                "SELECT id, version, state FROM supervision ORDER BY id",
                "SELECT id, version, state, late FROM inspection_task ORDER BY id",
                "SELECT count(*) FROM inspection_result",
                "SELECT count(*), max(seq) FROM hazard_event",
                "SELECT count(*) FROM notification",
                "SELECT count(*) FROM extension",
            ))

    def hazards(self) -> dict[str, dict[str, Any]]:
        with self.db.read() as tx:
            return {r["code"]: normalise(dict(r)) for r in tx.run(
                "SELECT code, level, state, owner, measures, deadline, original_deadline, cost,"
                " contingency, actual_cost, closed_at FROM hazard ORDER BY id").mappings()}

    def hazard(self, code: str) -> dict[str, Any]:
        return self.hazards()[code]

    def listings(self) -> dict[str, str]:
        """Each hazard's newest listing's state (挂牌督办)."""
        with self.db.read() as tx:
            return {r[0]: r[1] for r in tx.run(
                "SELECT h.code, s.state FROM supervision s JOIN hazard h ON h.id = s.hazard_id"
                " ORDER BY s.id").all()}

    def assert_audit_intact(self) -> None:
        result = audit.verify(self.db)
        assert result["ok"], result


def normalise(row: dict[str, Any]) -> dict[str, Any]:
    """Stored values as the events record them: dates as ISO text, instants aware, money float."""
    out = dict(row)
    for key in ("deadline", "original_deadline"):
        if key in out and out[key] is not None:
            out[key] = as_date(out[key]).isoformat()
    if out.get("closed_at") is not None:
        out["closed_at"] = as_instant(out["closed_at"])
    for key in ("cost", "actual_cost"):
        if out.get(key) is not None:
            out[key] = float(out[key])
    return out


HAZARD_FIELDS = ("owner", "measures", "deadline", "original_deadline", "cost", "contingency",
                 "actual_cost", "closed_at")


def replay_hazards(db: Database) -> dict[str, dict[str, Any]]:
    """Each hazard rebuilt from its events alone: its state from their to_state, its fields from
    their data; its 挂牌督办 listings likewise, checked against the supervision rows."""
    hazards: dict[str, dict[str, Any]] = {}
    listings: dict[int, str] = {}
    with db.read() as tx:
        events = tx.run("SELECT ref, event, to_state, data FROM hazard_event WHERE subject = 'hazard'"
                        " ORDER BY enterprise_id, seq").mappings().all()
        rows = {r[0]: r[1] for r in tx.run("SELECT id, state FROM supervision").all()}
    for e in events:
        data = json.loads(e["data"])
        if e["event"] == "report":
            hazards[e["ref"]] = {"state": "reported", "level": data["level"],
                                 **dict.fromkeys(HAZARD_FIELDS)}
        h = hazards[e["ref"]]
        if e["event"] == "supervise_list":
            listings.setdefault(data["supervision_id"], "listed")
        elif "supervision_id" in data and "to" in data:
            listings[data["supervision_id"]] = data["to"]
        if e["to_state"]:
            h["state"] = e["to_state"]
            h.update({k: data[k] for k in (*HAZARD_FIELDS, "level") if k in data})
    assert listings == rows, f"supervision rows {rows} but their events say {listings}"
    return {code: normalise(h) for code, h in hazards.items()}
