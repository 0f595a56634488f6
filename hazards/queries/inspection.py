"""隐患排查's read side: checklists, plans, tasks (due, missed, one), the completion report.

A task as JSON carries ``id``, ``plan``, ``org``, ``period_start``/``period_end`` (the local days
its window starts and ends on), ``starts_at``/``ends_at`` (its window, instants), ``due_at``, ``state`` (open | done | missed), ``late`` (a 补检) and ``items`` with their results.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dualprev.hazards import audit, config
from dualprev.hazards.access import enterprise_column, enterprise_names, load_actor, load_task, scope_of
from dualprev.hazards.db import Database, Tx, as_date, iso_instant
from dualprev.hazards.errors import NotFound

TASK_COLUMNS = ["id", "plan", "org", "starts_at", "ends_at", "due_at", "state", "late", "assignee"]
PLAN_COLUMNS = ["id", "name", "org", "cadence", "every", "checklist", "items", "role", "assignee",
                "next_start", "paused"]
REPORT_COLUMNS = ["org", "plan", "due", "done", "done_late", "missed", "open", "rate", "hazards"]
# A task walks the items its checklist had when the task was made, and keeps any it has a result for.
ITEM_OF_THE_TASK = ("((i.created_at <= t.created_at AND (i.retired_at IS NULL OR i.retired_at > t.created_at))"
                    " OR r.id IS NOT NULL)")
TASKS_SQL = (
    "SELECT t.id, t.uuid, t.plan_id, p.name AS plan, t.org_id, o.name AS org, t.period_start,"
    " t.period_end, t.starts_at, t.ends_at, t.due_at, t.state, t.late, t.done_at, p.assignee, p.role, o.path AS org_path"
    " FROM inspection_task t JOIN inspection_plan p ON p.id = t.plan_id JOIN org_unit o"
    " ON o.id = t.org_id")


def task_dict(row: Any) -> dict[str, Any]:
    return {"id": row["id"], "uuid": row["uuid"], "plan_id": row["plan_id"], "plan": row["plan"],
            "org": row["org"], "period_start": as_date(row["period_start"]).isoformat(),
            "period_end": as_date(row["period_end"]).isoformat(),
            "starts_at": iso_instant(row["starts_at"]), "ends_at": iso_instant(row["ends_at"]),
            "due_at": iso_instant(row["due_at"]),
            "state": row["state"], "late": bool(row["late"]), "done_at": iso_instant(row["done_at"]),
            "assignee": row["assignee"], "role": row["role"]}


def _items_of(tx: Tx, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        params = {f"t{n}": i for n, i in enumerate(part)}
        marks = ", ".join(f":{k}" for k in params)
        for r in tx.run(
                "SELECT t.id AS task_id, i.position, i.text, i.risk_id, i.measure_id, r.result, r.note,"
                " r.photo, r.late, r.by, r.at, h.code AS hazard FROM inspection_task t"
                " JOIN inspection_plan p ON p.id = t.plan_id JOIN checklist_item i"
                " ON i.checklist_id = p.checklist_id LEFT JOIN inspection_result r ON r.task_id = t.id"
                " AND r.item_id = i.id LEFT JOIN hazard h ON h.id = r.hazard_id"
                f" WHERE t.id IN ({marks}) AND {ITEM_OF_THE_TASK}"
                " ORDER BY t.id, i.position", params).mappings():
            out[r["task_id"]].append({
                "no": r["position"], "text": r["text"], "result": r["result"], "note": r["note"],
                "photo": r["photo"], "hazard": r["hazard"], "late": bool(r["late"]),
                "by": r["by"], "at": iso_instant(r["at"]), "measure_id": r["measure_id"]})
    return out


def _tasks(db: Database, actor: str, org: str | None, condition: str, extra: dict[str, Any],
           order: str, mine: bool = False, with_items: bool = True) -> list[dict[str, Any]]:
    params: dict[str, Any] = dict(extra)
    with db.read() as tx:
        who, orgs, where = scope_of(tx, actor, org, params, alias="t")
        rows = tx.run(f"{TASKS_SQL} WHERE {where} AND {condition} ORDER BY {order}", params).mappings().all()
        if mine:
            rows = [r for r in rows if r["assignee"] == who.login or (
                r["assignee"] is None and r["role"] in who.roles and who.covers(r["org_path"]))]
        tasks = [task_dict(r) for r in rows]
        if ents := enterprise_names(orgs):
            for t, r in zip(tasks, rows, strict=True):
                t["enterprise"] = ents[r["org_id"]]
        if with_items:
            items = _items_of(tx, [t["id"] for t in tasks])
            for t in tasks:
                t["items"] = items[t["id"]]
    return tasks


def due(db: Database, *, actor: str, org: str | None = None, mine: bool = False,
        with_items: bool = True) -> list[dict[str, Any]]:
    """Open tasks in scope whose window has started, oldest due first; ``mine``: those the actor
    is meant to do (a day's later rounds exist from its first tick on, but are not due yet)."""
    with db.read() as tx:
        now = tx.ts(config.now())
    return _tasks(db, actor, org, "t.state = 'open' AND t.starts_at <= :now", {"now": now},
                  "t.due_at, t.id", mine, with_items)


def missed(db: Database, *, actor: str, org: str | None = None, since: date | None = None,
           with_items: bool = True) -> list[dict[str, Any]]:
    """漏检: missed tasks in scope (with or without a late 补检), newest period first."""
    params: dict[str, Any] = {}
    condition = "t.state = 'missed'"
    if since is not None:
        with db.read() as tx:
            params["since"] = tx.day(since)
        condition += " AND t.period_end >= :since"
    return _tasks(db, actor, org, condition, params, "t.starts_at DESC, t.id", with_items=with_items)


def show_task(db: Database, *, actor: str, task_id: int) -> dict[str, Any]:
    with db.read() as tx:
        who = load_actor(tx, actor)
        task = load_task(tx, who, task_id)
        row = tx.one(TASKS_SQL + " WHERE t.id = :id", {"id": task_id})
        out = task_dict(row)
        out["items"] = _items_of(tx, [task_id])[task_id]
        out["history"] = audit.history(tx, "task", task_id, enterprise=task.enterprise_id)
    return out


# --- checklists and plans -------------------------------------------------------------------------

def list_checklists(db: Database, *, actor: str) -> list[dict[str, Any]]:
    params: dict[str, Any] = {}
    with db.read() as tx:
        _who, _orgs, where = scope_of(tx, actor, None, params, alias="c")
        return [dict(r) for r in tx.run(
            "SELECT c.id, c.name, o.name AS org, (SELECT count(*) FROM checklist_item i"
            " WHERE i.checklist_id = c.id AND i.retired_at IS NULL) AS items FROM checklist c JOIN org_unit o ON o.id = c.org_id"
            f" WHERE {where} ORDER BY c.id", params).mappings()]


def show_checklist(db: Database, *, actor: str, checklist_id: int) -> dict[str, Any]:
    with db.read() as tx:
        who = load_actor(tx, actor)
        c = tx.one("SELECT c.id, c.uuid, c.name, c.org_id, o.name AS org, o.path, c.created_by,"
                   " c.created_at FROM checklist c JOIN org_unit o ON o.id = c.org_id WHERE c.id = :id",
                   {"id": checklist_id})
        if c is None or not who.covers(c["path"]):
            raise NotFound(f"no checklist {checklist_id} in your scope: see `dualprev checklist list`")
        items = [dict(i) for i in tx.run(
            "SELECT i.position AS no, i.uuid, i.text, r.code AS risk, i.measure_id, i.retired_at"
            " FROM checklist_item i LEFT JOIN risk_point r ON r.id = i.risk_id WHERE i.checklist_id = :id"
            " ORDER BY i.position", {"id": checklist_id}).mappings()]
    out = {k: c[k] for k in ("id", "uuid", "name", "org", "created_by")}
    out["created_at"] = iso_instant(c["created_at"])
    out["items"] = [{k: v for k, v in i.items() if k != "retired_at"} for i in items if i["retired_at"] is None]
    out["retired_items"] = [{**i, "retired_at": iso_instant(i["retired_at"])} for i in items
                            if i["retired_at"] is not None]
    return out


PLANS_SQL = (
    "SELECT p.id, p.uuid, p.name, o.name AS org, p.cadence, p.cron, p.workdays, p.every_hours,"
    " p.shifts, c.name AS checklist,"
    " p.checklist_id, (SELECT count(*) FROM checklist_item i WHERE i.checklist_id = p.checklist_id"
    " AND i.retired_at IS NULL)"
    " AS items, p.role, p.assignee, p.start, p.grace_hours, p.next_start, p.paused, o.path, p.enterprise_id"
    " FROM inspection_plan p JOIN org_unit o ON o.id = p.org_id JOIN checklist c ON c.id = p.checklist_id")


def every(cadence: str, hours: int | None, shifts: str | None, cron: str | None) -> str | None:
    """What a plan's cadence needs besides its name: ``2h``, the shift pattern, the cron expression."""
    if cadence == "hours":
        return f"{hours}h"
    return shifts if cadence == "shift" else cron


def _plan_dict(r: Any) -> dict[str, Any]:
    out = {k: r[k] for k in ("id", "uuid", "name", "org", "cadence", "cron", "checklist", "checklist_id",
                             "items", "role", "assignee", "grace_hours")}
    out.update(hours=r["every_hours"], shifts=r["shifts"], every=every(r["cadence"], r["every_hours"],
                                                                      r["shifts"], r["cron"]),
               workdays=bool(r["workdays"]), paused=bool(r["paused"]),
               start=as_date(r["start"]).isoformat(), next_start=as_date(r["next_start"]).isoformat())
    return out


def list_plans(db: Database, *, actor: str, org: str | None = None) -> list[dict[str, Any]]:
    params: dict[str, Any] = {}
    with db.read() as tx:
        _who, _orgs, where = scope_of(tx, actor, org, params, alias="p")
        return [_plan_dict(r) for r in tx.run(f"{PLANS_SQL} WHERE {where} ORDER BY p.id", params).mappings()]


def show_plan(db: Database, *, actor: str, plan_id: int) -> dict[str, Any]:
    with db.read() as tx:
        who = load_actor(tx, actor)
        r = tx.one(PLANS_SQL + " WHERE p.id = :id", {"id": plan_id})
        if r is None or not who.covers(r["path"]):
            raise NotFound(f"no plan {plan_id} in your scope: see `dualprev plan list`")
        out = _plan_dict(r)
        out["tasks"] = [task_dict(t) for t in tx.run(
            TASKS_SQL + " WHERE t.plan_id = :id ORDER BY t.starts_at DESC LIMIT 10",
            {"id": plan_id}).mappings()]
        out["history"] = audit.history(tx, "plan", plan_id, enterprise=r["enterprise_id"])
    return out


# --- the completion report ----------------------------------------------------------------------

def completion(db: Database, *, actor: str, org: str | None = None, start: date | None = None,
               end: date | None = None) -> dict[str, Any]:
    """Per org unit and plan, tasks whose period starts in [start, end]: due (period over, or done),
    done on time, done late (补检), missed, still open, completion rate, hazards found."""
    today = config.today()
    end = end or today
    start = start or end.replace(day=1)
    params: dict[str, Any] = {}
    with db.read() as tx:
        _who, orgs, where = scope_of(tx, actor, org, params, alias="t")
        params.update(s=tx.day(start), e=tx.day(end))
        rows = tx.run(
            "SELECT t.org_id, t.plan_id, p.name AS plan,"
            " sum(CASE WHEN t.state = 'done' THEN 1 ELSE 0 END) AS done,"
            " sum(CASE WHEN t.state = 'missed' AND t.done_at IS NOT NULL THEN 1 ELSE 0 END) AS done_late,"
            " sum(CASE WHEN t.state = 'missed' AND t.done_at IS NULL THEN 1 ELSE 0 END) AS missed,"
            " sum(CASE WHEN t.state = 'open' THEN 1 ELSE 0 END) AS open,"
            " sum(COALESCE(hz.n, 0)) AS hazards FROM inspection_task t"
            " JOIN inspection_plan p ON p.id = t.plan_id"
            " LEFT JOIN (SELECT task_id, count(*) AS n FROM hazard WHERE task_id IS NOT NULL"
            " GROUP BY task_id) hz ON hz.task_id = t.id"
            f" WHERE {where} AND t.period_start >= :s AND t.period_start <= :e"
            " GROUP BY t.org_id, t.plan_id, p.name", params).mappings().all()
    ents = enterprise_names(orgs)
    out = []
    for row in sorted(rows, key=lambda r: (orgs[r["org_id"]]["path"], r["plan_id"])):
        r = {**row, **{k: int(row[k]) for k in ("done", "done_late", "missed", "open", "hazards")}}
        counted = r["done"] + r["done_late"] + r["missed"]
        out.append({**enterprise_column(ents, r["org_id"]),
                    "org": orgs[r["org_id"]]["name"], "plan": r["plan"], "plan_id": r["plan_id"],
                    "due": counted, "done": r["done"], "done_late": r["done_late"],
                    "missed": r["missed"], "open": r["open"],
                    "rate": f"{100 * r['done'] / counted:.1f}%" if counted else None,
                    "hazards": r["hazards"]})
    return {"from": start.isoformat(), "to": end.isoformat(), "rows": out,
            "rules_version": config.rules()["version"]}
