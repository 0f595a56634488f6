"""Escalation: the ladder that overdue hazards climb, run by `dualprev tick` (and so the daemon).

Each step of ``[[escalation.ladder]]`` (rules file) fires once per open hazard with a deadline,
when the local day is at least ``days`` after the deadline; a step with negative days (a warning)
fires only while the deadline is still ahead, so a sweep after downtime does not warn about what
is already late. ``UNIQUE(hazard_id, step)`` on ``escalation_step`` makes each step fire once,
whatever the number of sweeps or processes (INSERT ... ON CONFLICT DO NOTHING RETURNING tells each
sweep what it fired). Every fired step writes its audit event and its notifications, and a
``list`` step puts the hazard under 挂牌督办, in the same transaction as the step's record.

A step judges a hazard by its earliest deadline: its own, its listing's 督办期限, and the deadline of
the regulator's 整改指令书 (or the regulator's later 延期决定), so the regulator's word is kept even
where the hazard's own deadline says otherwise. The sweep also counts the review clock of every
write-off application (16号令 Art 23: 现场审查 within 10 日): once it runs out without a decision,
the step ``writeoff_overdue`` fires (again for a new application).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any

from dualprev.hazards import audit, config, notify
from dualprev.hazards.db import Database, as_date, as_instant, sql_list
from dualprev.hazards.labels import LADDER_STEPS, OPEN_STATES, label, text
from dualprev.hazards.steps import list_in, nearest_supervisors


def sweep(db: Database, *, now: datetime) -> int:
    """Fire every ladder step that is due at ``now``; returns how many (hazard, step) fired."""
    today = now.astimezone(config.timezone()).date()
    fired = sum(_fire(db, step, today, now) for step in config.escalation_ladder())
    return fired + _review_overdue(db, today, now)


# Each open hazard's earliest deadline, among those on or before the cutoff (so also its earliest
# overall whenever it has one there): its own, its active listing's, the regulator's latest.
DUE_SQL = (
    "SELECT hid, MIN(due) AS due FROM ("
    f"SELECT h.id AS hid, h.deadline AS due FROM hazard h WHERE h.state IN {sql_list(OPEN_STATES)}"
    " AND h.deadline <= :cutoff"
    " UNION ALL SELECT s.hazard_id, s.deadline FROM supervision s WHERE s.state <> 'written_off'"
    " AND s.deadline <= :cutoff"
    " UNION ALL SELECT r.hazard_id, MAX(r.deadline) FROM regulator_action r"
    " WHERE r.kind IN ('order', 'extension') GROUP BY r.hazard_id HAVING MAX(r.deadline) <= :cutoff"
    ") d GROUP BY hid"
)
FIRE_SQL = (
    "INSERT INTO escalation_step (enterprise_id, hazard_id, step, deadline, fired_at)"
    f" SELECT h.enterprise_id, h.id, :step, d.due, :at FROM ({DUE_SQL}) d JOIN hazard h ON h.id = d.hid"
    f" WHERE h.state IN {sql_list(OPEN_STATES)}{{ahead}}"
    " AND NOT EXISTS (SELECT 1 FROM escalation_step e WHERE e.hazard_id = h.id AND e.step = :same)"
    " ON CONFLICT ({key}) DO NOTHING RETURNING hazard_id"
)


def _fire(db: Database, step: dict[str, Any], today, now: datetime) -> int:
    cutoff = today - timedelta(days=step["days"])
    with db.write() as tx:
        ahead = " AND d.due >= :today" if step["days"] < 0 else ""
        fired = [r[0] for r in tx.run(FIRE_SQL.format(ahead=ahead, key=tx.tenant_key("hazard_id, step")), {
            "step": step["step"], "same": step["step"], "cutoff": tx.day(cutoff), "today": tx.day(today),
            "at": tx.ts(now)}).all()]
        if not fired:
            return 0
        mine = set(fired)  # a sweep racing at the same instant fired the others
        hazards = [h for h in tx.run(
            "SELECT h.id, h.code, h.title, h.enterprise_id, h.owner, e.deadline, o.path AS org_path"
            " FROM hazard h JOIN org_unit o ON o.id = h.org_id JOIN escalation_step e"
            " ON e.hazard_id = h.id AND e.step = :step AND e.fired_at = :at ORDER BY h.id",
            {"step": step["step"], "at": tx.ts(now)}).mappings() if h["id"] in mine]
        events: dict[int, list[dict]] = defaultdict(list)
        supervisors: dict[str, list[str]] = {}
        name = label(LADDER_STEPS, step["step"])
        for h in hazards:
            deadline = as_date(h["deadline"])
            late = (today - deadline).days
            events[h["enterprise_id"]].append({
                "subject": "hazard", "subject_id": h["id"], "ref": h["code"], "event": "escalate",
                # "due", not "deadline": the day judged may be the listing's, and an event's
                # "deadline" sets the hazard's own in the audit replay
                "comment": name, "data": {"step": step["step"], "due": deadline.isoformat(),
                                          "days_overdue": late, "flag": step.get("flag")}})
            whom = []
            if "owner" in step.get("notify", []):
                whom.append(h["owner"])
            if "supervisor" in step.get("notify", []):
                if h["org_path"] not in supervisors:
                    supervisors[h["org_path"]] = nearest_supervisors(tx, h["org_path"], h["enterprise_id"])
                whom += supervisors[h["org_path"]]
            when = text("days_overdue", days=late) if late > 0 else text("days_to_deadline", days=-late)
            if "list" in step:
                continue  # the listing below tells the owner and the supervisors itself
            notify.enqueue(tx, recipients=whom, event=step["step"], hazard_code=h["code"], now=now,
                           subject=text("notice_step_subject", step=name, code=h["code"], title=h["title"]),
                           body=text("notice_step_body", code=h["code"], title=h["title"],
                                     deadline=deadline, when=when))
        for enterprise, batch in events.items():
            audit.append_many(tx, enterprise_id=enterprise, events=batch, actor="system", at=now)
        if "list" in step:
            for h in hazards:
                list_in(tx, hazard=dict(h), level=step["list"], by="system", now=now, auto=True,
                        reason=text("ladder_list_reason", step=name, days=step["days"]))
    return len(fired)


def _review_overdue(db: Database, today, now: datetime) -> int:
    """Fire ``writeoff_overdue`` for each write-off application still undecided after the review
    days (``[supervision] writeoff_review_days``, calendar days from the local day it was asked)."""
    days = config.rules()["supervision"]["writeoff_review_days"]
    zone = config.timezone()
    cutoff = datetime.combine(today - timedelta(days=days), time(), zone)
    name = label(LADDER_STEPS, "writeoff_overdue")
    with db.write() as tx:
        waiting = tx.run(
            "SELECT s.hazard_id, s.level, s.writeoff_requested_at, h.code, h.title, h.enterprise_id,"
            " o.path AS org_path FROM supervision s JOIN hazard h ON h.id = s.hazard_id"
            " JOIN org_unit o ON o.id = h.org_id WHERE s.state = 'writeoff_requested'"
            " AND s.writeoff_requested_at < :cutoff AND NOT EXISTS (SELECT 1 FROM escalation_step e"
            " WHERE e.hazard_id = s.hazard_id AND e.step = 'writeoff_overdue') ORDER BY s.hazard_id",
            {"cutoff": tx.ts(cutoff)}).mappings().all()
        fired = 0
        for w in waiting:
            asked = as_instant(w["writeoff_requested_at"]).astimezone(zone).date()
            due = asked + timedelta(days=days)
            if tx.scalar("INSERT INTO escalation_step (enterprise_id, hazard_id, step, deadline, fired_at)"
                         " VALUES (:e, :h, 'writeoff_overdue', :due, :at)"
                         f" ON CONFLICT ({tx.tenant_key('hazard_id, step')}) DO NOTHING RETURNING hazard_id",
                         {"e": w["enterprise_id"], "h": w["hazard_id"], "due": tx.day(due),
                          "at": tx.ts(now)}) is None:
                continue  # a sweep racing at the same instant fired it
            fired += 1
            late = (today - due).days
            audit.append(tx, enterprise_id=w["enterprise_id"], subject="hazard", subject_id=w["hazard_id"],
                         ref=w["code"], event="escalate", actor="system", at=now, comment=name,
                         data={"step": "writeoff_overdue", "requested": asked.isoformat(),
                               "review_due": due.isoformat(), "days_overdue": late,
                               "listing_level": w["level"]})
            notify.enqueue(tx, recipients=nearest_supervisors(tx, w["org_path"], w["enterprise_id"]),
                           event="writeoff_overdue", hazard_code=w["code"], now=now,
                           subject=text("notice_step_subject", step=name, code=w["code"], title=w["title"]),
                           body=text("notice_review_overdue_body", code=w["code"], title=w["title"],
                                     requested=asked, due=due, days=late))
    return fired


def describe() -> list[dict[str, Any]]:
    """The ladder for `escalation show`: when each step fires, whom it tells, what it does."""
    out = []
    for s in config.escalation_ladder():
        action = (f"list:{s['list']}" if "list" in s else f"flag:{s['flag']}" if "flag" in s
                  else "notify")
        out.append({"step": s["step"], "days": s["days"], "notify": list(s.get("notify", [])),
                    "action": action})
    return out
