"""隐患排查 use-cases: checklists, plans (by hand or from the risk register), recording results.

Like every use-case: keyword-only, one transaction each, the audit event in the same transaction,
or nothing changed and a DomainError. Task generation and 漏检 live in schedules/tick.py; a failed
item becomes a hazard through the steps every hazard takes (``steps.insert_hazard``, and
``steps.fire_on`` for 立查立改).
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from dualprev.hazards import audit, config, limits
from dualprev.hazards.access import (
    enterprise_unit,
    load_actor,
    load_person,
    load_risk,
    load_task,
    org_tree,
    require_role,
    resolve_org,
)
from dualprev.hazards.db import Database, Tx, as_date
from dualprev.hazards.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import CADENCES, CONTROL_LEVELS, GRADES, RESULTS, ROLES, label, parse
from dualprev.hazards.queries.inspection import ITEM_OF_THE_TASK, show_checklist, show_plan, show_task
from dualprev.hazards.steps import (
    fire_on,
    insert_hazard,
    keep_photos,
    store_photos,
    versioned_update,
)
from dualprev.schedules import cadence
from dualprev.workflows import inspection

FREQUENCY = cadence.CALENDAR_CADENCES  # most often first


def _rules() -> dict[str, Any]:
    return config.rules()["schedule"]


def require_editor(actor: Actor, org_path: str, action: str) -> None:
    """Checklists and plans are written by the rules' ``[schedule] edit_roles`` in scope."""
    require_role(actor, "schedule.edit_roles", action, org_path)


def _own_org(tx: Tx, who: Actor, org: str | None) -> dict[str, Any]:
    if org is not None:
        return enterprise_unit(tx, who, org)
    if who.org_id is None:
        raise InvalidInput("say which org unit with --org (you act for the whole database)")
    return enterprise_unit(tx, who, str(who.org_id))


# --- checklists --------------------------------------------------------------------------------------

ITEM_SQL = ("INSERT INTO checklist_item (uuid, checklist_id, enterprise_id, position, text, risk_id,"
            " measure_id, created_at) VALUES (:uuid, :c, :e, :pos, :text, :risk_id, :measure_id, :at)")
MEASURES_SQL = (
    "SELECT m.id AS measure_id, m.risk_id, COALESCE(m.check_content, m.text) AS text, r.code, r.org_id,"
    " r.grade, r.control_level, o.path AS org_path FROM control_measure m JOIN risk_point r"
    " ON r.id = m.risk_id JOIN org_unit o ON o.id = r.org_id WHERE NOT m.deleted AND NOT r.deleted"
    " AND m.control = 'inspection'")


def _insert_checklist(tx: Tx, unit: dict[str, Any], name: str, who: Actor, now: datetime,
                      source_key: str | None = None) -> int:
    return tx.scalar(
        "INSERT INTO checklist (uuid, enterprise_id, org_id, name, source_key, created_at, created_by)"
        " VALUES (:uuid, :e, :o, :n, :k, :at, :by) RETURNING id",
        {"uuid": str(uuid.uuid4()), "e": unit["enterprise_id"], "o": unit["id"], "n": name,
         "k": source_key, "at": tx.ts(now), "by": who.login})


def _add_items(tx: Tx, checklist_id: int, enterprise_id: int, items: list[dict[str, Any]],
               now: datetime) -> None:
    last = tx.scalar("SELECT COALESCE(max(position), 0) FROM checklist_item WHERE checklist_id = :c",
                     {"c": checklist_id})
    tx.run(ITEM_SQL, [{"uuid": str(uuid.uuid4()), "c": checklist_id, "e": enterprise_id,
                       "pos": last + n, "text": i["text"], "risk_id": i.get("risk_id"),
                       "measure_id": i.get("measure_id"), "at": tx.ts(now)}
                      for n, i in enumerate(items, 1)])


def add_checklist(db: Database, *, actor: str, name: str, items: list[str] | None = None,
                  from_risks: list[str] | None = None, org: str | None = None) -> dict[str, Any]:
    """排查清单: free items and/or one item per control measure (隐患排查 kind) of the risk points."""
    limits.check("checklist", name=name)
    limits.check("checklist_item", text=list(items or []))
    name = (name or "").strip()
    if not name:
        raise InvalidInput("a checklist needs a name")
    texts = [t.strip() for t in items or [] if t.strip()]
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        derived: list[dict[str, Any]] = []
        risks = [load_risk(tx, who, code) for code in from_risks or []]
        for r in risks:
            found = tx.run(MEASURES_SQL + " AND m.risk_id = :r ORDER BY m.id",
                           {"r": r["id"]}).mappings().all()
            if not found:
                raise InvalidInput(f"{r['code']} has no control measure to check (隐患排查): add one with "
                                   f"`dualprev risk measure add {r['code']}`")
            derived += [dict(m) for m in found]
        unit = _own_org(tx, who, org if org is not None or not risks else str(risks[0]["org_id"]))
        require_editor(who, unit["path"], "write checklists")
        all_items = [{"text": t} for t in texts] + derived
        if not all_items:
            raise InvalidInput("a checklist needs at least one --item TEXT or --from-risk CODE")
        if any(r["enterprise_id"] != unit["enterprise_id"] for r in risks):
            raise InvalidInput("the risk points belong to another enterprise than the checklist's org unit")
        cid = _insert_checklist(tx, unit, name, who, now)
        _add_items(tx, cid, unit["enterprise_id"], all_items, now)
        audit.append(tx, enterprise_id=unit["enterprise_id"], subject="checklist", subject_id=cid,
                     ref=name, event="checklist_add", actor=who.login, at=now,
                     data={"org_id": unit["id"], "items": len(all_items),
                           "risks": [r["code"] for r in risks]})
    return show_checklist(db, actor=actor, checklist_id=cid)


# --- plans --------------------------------------------------------------------------------------------

ROUNDS = re.compile(r"^(?:每|every\s*)?(\d+)\s*(?:h|hours?|小时)$", re.IGNORECASE)


def rounds_spec(cadence_name: str, shifts: str | None = None) -> cadence.Spec | None:
    """``2h`` (every N hours, N dividing 24) or ``shift`` (a shift pattern of the rules file, by
    default the rules' ``default_shifts``) as a Spec; None for any other cadence name."""
    found = ROUNDS.match(cadence_name.strip())
    if found:
        hours = int(found.group(1))
        if hours < 1 or 24 % hours:
            raise InvalidInput(f"--cadence {cadence_name}: the hours must divide 24 "
                               "(1h, 2h, 3h, 4h, 6h, 8h, 12h or 24h)")
        return cadence.Spec("hours", hours=hours)
    if cadence_name.strip() not in ("shift", "shifts", "每班", "every shift"):
        return None
    table = cadence.shift_table(_rules()["shifts"])
    name = shifts or _rules()["default_shifts"]
    if name not in table:
        raise InvalidInput(f"--shifts {name}: no such shift pattern; the rules file has "
                           f"{', '.join(table)} ([schedule.shifts])")
    return cadence.Spec("shift", shifts=name)


def _spec(cadence_name: str | None, cron: str | None, holiday_eve: bool, workdays: bool,
          org_kind: str, shifts: str | None = None) -> cadence.Spec:
    options = (cadence_name and "--cadence", cron and "--cron", holiday_eve and "--holiday-eve")
    given = [x for x in options if x]
    if len(given) > 1:
        raise InvalidInput(f"give one of {', '.join(given)}: they each set the plan's cadence")
    if shifts is not None and cadence_name is None and not given:
        cadence_name = "shift"
    rounds = rounds_spec(cadence_name, shifts) if cadence_name else None
    if shifts is not None and (rounds is None or rounds.cadence != "shift"):
        raise InvalidInput("--shifts goes with --cadence shift only")
    if rounds is not None:
        if workdays:
            raise InvalidInput("--workdays goes with the daily cadence only "
                               "(working days of the Chinese calendar)")
        return rounds
    if holiday_eve:
        spec = cadence.Spec("holiday_eve")
    elif cron:
        cadence.cron_trigger(cron, config.timezone())  # refuses a bad expression now
        spec = cadence.Spec("cron", cron=" ".join(cron.split()))
    else:
        name = parse(CADENCES, cadence_name, "cadence") if cadence_name else \
            _rules()["default_cadence"][org_kind]
        if name not in FREQUENCY:
            raise InvalidInput(f"--cadence {cadence_name}: use --cron EXPR or --holiday-eve for that"
                               if name in ("cron", "holiday_eve") else
                               f"--cadence {cadence_name}: give the hours, e.g. --cadence 2h")
        spec = cadence.Spec(name, workdays=workdays)
    if workdays and spec.cadence != "daily":
        raise InvalidInput("--workdays goes with the daily cadence only "
                           "(working days of the Chinese calendar)")
    return spec


PLAN_SQL = (
    "INSERT INTO inspection_plan (uuid, enterprise_id, org_id, checklist_id, name, cadence, cron,"
    " workdays, every_hours, shifts, role, assignee, start, grace_hours, paused, next_start,"
    " source_key, created_at, created_by) VALUES (:uuid, :e, :o, :c, :name, :cadence, :cron,"
    " :workdays, :hours, :shifts, :role, :assignee, :start, :grace, :no, :next, :key, :at, :by)"
    " RETURNING id")


def _insert_plan(tx: Tx, unit: dict[str, Any], checklist_id: int, name: str, spec: cadence.Spec,
                 role: str, assignee: str | None, start: date, grace: int, who: Actor,
                 now: datetime, key: str | None = None) -> int:
    return tx.scalar(PLAN_SQL, {
        "uuid": str(uuid.uuid4()), "e": unit["enterprise_id"], "o": unit["id"], "c": checklist_id,
        "name": name, "cadence": spec.cadence, "cron": spec.cron, "workdays": spec.workdays,
        "hours": spec.hours, "shifts": spec.shifts, "role": role, "assignee": assignee, "start": tx.day(start), "grace": grace, "no": False,
        "next": tx.day(cadence.first_start(spec, start)), "key": key, "at": tx.ts(now),
        "by": who.login})


def add_plan(db: Database, *, actor: str, name: str, checklist: int, org: str,
             cadence_name: str | None = None, cron: str | None = None, holiday_eve: bool = False,
             role: str = "inspector", assignee: str | None = None, start: date | None = None,
             grace: int | None = None, workdays: bool = False,
             shifts: str | None = None) -> dict[str, Any]:
    """排查计划: a checklist walked in an org unit at a cadence; tasks come from `tick`.

    Rounds: ``cadence_name="2h"`` (every N hours from local midnight, N dividing 24) or
    ``"shift"`` with ``shifts`` naming a pattern of the rules' ``[schedule.shifts]``."""
    limits.check("inspection_plan", name=name, cron=cron)
    name = (name or "").strip()
    if not name:
        raise InvalidInput("a plan needs a name")
    role = parse(ROLES, role, "role")
    grace = _rules()["grace_hours"] if grace is None else grace
    if grace < 0:
        raise InvalidInput(f"--grace {grace}: give hours after the period's end, 0 or more")
    now = config.now()
    window = timedelta(days=_rules()["start_window_days"])
    if start is not None and not config.today() - window <= start <= config.today() + window:
        raise InvalidInput(f"--start {start} is more than {window.days} days from today: give a first "
                           "day closer (schedule.start_window_days of the rules)")
    start = start or config.today()
    with db.write() as tx:
        who = load_actor(tx, actor)
        unit = enterprise_unit(tx, who, org)
        require_editor(who, unit["path"], "write inspection plans")
        spec = _spec(cadence_name, cron, holiday_eve, workdays, unit["kind"], shifts)
        cl = tx.one("SELECT id, enterprise_id, retired_at, (SELECT count(*) FROM checklist_item i WHERE"
                    " i.checklist_id = c.id AND i.retired_at IS NULL) AS items FROM checklist c WHERE id = :id", {"id": checklist})
        if cl is None or cl["enterprise_id"] != unit["enterprise_id"]:
            raise NotFound(f"no checklist {checklist} in this enterprise: see `dualprev checklist list`")
        if cl["retired_at"] is not None:
            raise RuleViolation(f"checklist {checklist} is retired: new plans use a current one")
        _check_assignee(tx, assignee, unit)
        pid = _insert_plan(tx, unit, checklist, name, spec, role, assignee, start, grace, who, now)
        audit.append(tx, enterprise_id=unit["enterprise_id"], subject="plan", subject_id=pid, ref=name,
                     event="plan_add", actor=who.login, at=now,
                     data={"org_id": unit["id"], "checklist_id": checklist, "cadence": spec.cadence,
                           "cron": spec.cron, "workdays": spec.workdays, "hours": spec.hours,
                           "shifts": spec.shifts, "role": role,
                           "assignee": assignee, "start": start.isoformat(), "grace_hours": grace})
    return show_plan(db, actor=actor, plan_id=pid)


def _check_assignee(tx: Tx, assignee: str | None, unit: dict[str, Any]) -> None:
    if assignee is None:
        return
    person = load_person(tx, assignee) if tx.one(
        "SELECT 1 FROM person WHERE login = :l", {"l": assignee}) else None
    if person is None or not person.covers(unit["path"]) or person.enterprise_id != unit["enterprise_id"]:
        raise InvalidInput(f"--assignee {assignee}: no person whose scope covers {unit['name']}")


def set_paused(db: Database, *, actor: str, plan_id: int, paused: bool) -> dict[str, Any]:
    """Pause a plan (no new tasks) or resume it from the current period on (paused periods are
    not caught up: nobody was meant to inspect them)."""
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        p = tx.one("SELECT p.*, o.path FROM inspection_plan p JOIN org_unit o ON o.id = p.org_id"
                   " WHERE p.id = :id" + tx.lock, {"id": plan_id})
        if p is None or not who.covers(p["path"]):
            raise NotFound(f"no plan {plan_id} in your scope: see `dualprev plan list`")
        require_editor(who, p["path"], "pause or resume plans")
        if p["retired_at"] is not None:
            raise RuleViolation(f"plan {plan_id} is retired: it makes no tasks again; add a new plan")
        if bool(p["paused"]) == paused:
            raise RuleViolation(f"plan {plan_id} is already {'paused' if paused else 'running'}")
        spec = cadence.Spec(p["cadence"], p["cron"], bool(p["workdays"]), p["every_hours"], p["shifts"])
        resume_at = max(as_date(p["next_start"]), cadence.first_start(spec, config.today()))
        tx.run("UPDATE inspection_plan SET paused = :p, next_start = :n WHERE id = :id",
               {"p": paused, "n": tx.day(as_date(p["next_start"]) if paused else resume_at),
                "id": plan_id})
        audit.append(tx, enterprise_id=p["enterprise_id"], subject="plan", subject_id=plan_id,
                     ref=p["name"], event="plan_pause" if paused else "plan_resume", actor=who.login,
                     at=now, data={} if paused else {"from": resume_at.isoformat()})
    return show_plan(db, actor=actor, plan_id=plan_id)


def reason_given(reason: str | None, what: str) -> str:
    """The reason of a correction or a retirement: required, one event comment long at most."""
    limits.check("hazard_event", comment=reason)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(f"{what} needs a reason (--reason)")
    return reason


RETIRED = {"plan": ("inspection_plan", "plans", ", paused = :t"), "checklist": ("checklist", "checklists", "")}


def _retire(db: Database, *, actor: str, kind: str, rid: int, reason: str) -> None:
    """Retire a plan or a checklist (#12): ``retired_at`` set (a plan paused for good too), one
    ``<kind>_retire`` event with the reason; what it made stays, and so does its history."""
    table, plural, also = RETIRED[kind]
    reason = reason_given(reason, f"retiring a {kind}")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        r = _load_own(tx, who, table, kind, rid, f"retire {plural}")
        if r["retired_at"] is not None:
            raise RuleViolation(f"{kind} {rid} is retired already")
        tx.run(f"UPDATE {table} SET retired_at = :at{also} WHERE id = :id",
               {"t": True, "at": tx.ts(now), "id": rid})
        audit.append(tx, enterprise_id=r["enterprise_id"], subject=kind, subject_id=rid, ref=r["name"],
                     event=f"{kind}_retire", actor=who.login, at=now, comment=reason,
                     data={"retired_at": now.isoformat(), "reason": reason})


def retire_plan(db: Database, *, actor: str, plan_id: int, reason: str) -> dict[str, Any]:
    """A retired plan makes no new tasks on tick (it is paused for good); the tasks it made stay."""
    _retire(db, actor=actor, kind="plan", rid=plan_id, reason=reason)
    return show_plan(db, actor=actor, plan_id=plan_id)


def retire_checklist(db: Database, *, actor: str, checklist_id: int, reason: str) -> dict[str, Any]:
    """A retired checklist takes no new plans; the plans and tasks that use it stay."""
    _retire(db, actor=actor, kind="checklist", rid=checklist_id, reason=reason)
    return show_checklist(db, actor=actor, checklist_id=checklist_id)


def _load_own(tx: Tx, who: Actor, table: str, kind: str, rid: int, action: str) -> dict[str, Any]:
    """A plan or checklist in the editor's scope, locked for the change, with its unit's path, kind and name."""
    r = tx.one(f"SELECT t.*, o.path, o.kind AS org_kind, o.name AS org_name FROM {table} t"
               " JOIN org_unit o ON o.id = t.org_id WHERE t.id = :id" + tx.lock, {"id": rid})
    if r is None or not who.covers(r["path"]):
        raise NotFound(f"no {kind} {rid} in your scope: see `dualprev {kind} list`")
    require_editor(who, r["path"], action)
    return dict(r)


def _load_for_edit(tx: Tx, who: Actor, table: str, kind: str, rid: int) -> dict[str, Any]:
    r = _load_own(tx, who, table, kind, rid, f"edit {kind}s")
    if r["retired_at"] is not None:
        raise RuleViolation(f"{kind} {rid} is retired: add a new one instead")
    return r


def edit_checklist(db: Database, *, actor: str, checklist_id: int, reason: str, name: str | None = None,
                   add: list[str] | None = None, drop: list[int] | None = None) -> dict[str, Any]:
    """Correct a checklist (#12): rename it, add items, drop items by number. A dropped item is
    retired, not deleted: tasks made before keep it with their results; later tasks leave it out."""
    reason = reason_given(reason, "editing a checklist")
    limits.check("checklist", name=name)
    limits.check("checklist_item", text=list(add or []))
    texts = [t.strip() for t in add or [] if t.strip()]
    drop = sorted(set(drop or []))
    if name is not None:
        name = name.strip()
        if not name:
            raise InvalidInput("--name cannot be empty")
    if name is None and not texts and not drop:
        raise InvalidInput("say what to change: --name, --add-item TEXT or --drop-item N")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        c = _load_for_edit(tx, who, "checklist", "checklist", checklist_id)
        current = {r["position"]: r for r in tx.run(
            "SELECT id, position, text FROM checklist_item WHERE checklist_id = :c AND retired_at IS NULL",
            {"c": checklist_id}).mappings()}
        unknown = [n for n in drop if n not in current]
        if unknown:
            raise InvalidInput(f"--drop-item {unknown[0]}: checklist {checklist_id} has no current item "
                               f"{unknown[0]} (see `dualprev checklist show {checklist_id}`)")
        if len(drop) == len(current) and not texts:
            raise RuleViolation(f"checklist {checklist_id} would have no item left: retire the checklist instead")
        if name is not None and name != c["name"]:
            tx.run("UPDATE checklist SET name = :n WHERE id = :id", {"n": name, "id": checklist_id})
        for n in drop:
            tx.run("UPDATE checklist_item SET retired_at = :at WHERE id = :id",
                   {"at": tx.ts(now), "id": current[n]["id"]})
        if texts:
            _add_items(tx, checklist_id, c["enterprise_id"], [{"text": t} for t in texts], now)
        audit.append(tx, enterprise_id=c["enterprise_id"], subject="checklist", subject_id=checklist_id,
                     ref=name or c["name"], event="checklist_edit", actor=who.login, at=now,
                     comment=reason,
                     data={"reason": reason, "before": {"name": c["name"]}, "after": {"name": name or c["name"]},
                           "added": texts, "dropped": [{"no": n, "text": current[n]["text"]} for n in drop]})
    return show_checklist(db, actor=actor, checklist_id=checklist_id)


PLAN_FIELDS = ("name", "cadence", "cron", "workdays", "every_hours", "shifts", "role", "assignee",
               "grace_hours")


def edit_plan(db: Database, *, actor: str, plan_id: int, reason: str, name: str | None = None,
              cadence_name: str | None = None, cron: str | None = None, shifts: str | None = None,
              workdays: bool = False, role: str | None = None, assignee: str | None = None,
              grace: int | None = None) -> dict[str, Any]:
    """Correct an inspection plan (#12): its name, cadence, role, assignee or grace. Tasks already
    made keep the plan they were made from; a new cadence makes tasks from tomorrow's period on."""
    reason = reason_given(reason, "editing a plan")
    limits.check("inspection_plan", name=name, cron=cron)
    if name is not None:
        name = name.strip()
        if not name:
            raise InvalidInput("--name cannot be empty")
    if grace is not None and grace < 0:
        raise InvalidInput(f"--grace {grace}: give hours after the period's end, 0 or more")
    role = parse(ROLES, role, "role") if role is not None else None
    new_cadence = cadence_name is not None or cron is not None or shifts is not None or workdays
    if name is None and not new_cadence and role is None and assignee is None and grace is None:
        raise InvalidInput("say what to change: --name, --cadence/--cron/--shifts/--workdays, --role, "
                           "--assignee or --grace")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        p = _load_for_edit(tx, who, "inspection_plan", "plan", plan_id)
        unit = {"id": p["org_id"], "path": p["path"], "name": p["org_name"], "enterprise_id": p["enterprise_id"]}
        _check_assignee(tx, assignee, unit)
        after = {k: p[k] for k in PLAN_FIELDS}
        after.update({k: v for k, v in (("name", name), ("role", role), ("assignee", assignee),
                                        ("grace_hours", grace)) if v is not None})
        if new_cadence:
            spec = _spec(cadence_name, cron, False, workdays, p["org_kind"], shifts)
            after.update(cadence=spec.cadence, cron=spec.cron, workdays=spec.workdays,
                         every_hours=spec.hours, shifts=spec.shifts)
        before = {k: p[k] for k in PLAN_FIELDS}
        changed = [k for k in PLAN_FIELDS if after[k] != before[k] and not (
            k == "workdays" and bool(after[k]) == bool(before[k]))]
        if not changed:
            raise RuleViolation(f"plan {plan_id} is like that already: nothing to change")
        sets = {k: after[k] for k in changed}
        starts = None
        if any(k in changed for k in ("cadence", "cron", "workdays", "every_hours", "shifts")):
            tomorrow = now.astimezone(config.timezone()).date() + timedelta(days=1)
            starts = cadence.first_start(spec, tomorrow)
            sets["next_start"] = tx.day(starts)
        tx.run(f"UPDATE inspection_plan SET {', '.join(f'{k} = :{k}' for k in sets)} WHERE id = :id",
               {**sets, "id": plan_id})
        audit.append(tx, enterprise_id=p["enterprise_id"], subject="plan", subject_id=plan_id,
                     ref=after["name"], event="plan_edit", actor=who.login, at=now, comment=reason,
                     data={"reason": reason, "before": {k: before[k] for k in changed},
                           "after": {k: after[k] for k in changed},
                           **({"from": starts.isoformat()} if starts else {})})
    return show_plan(db, actor=actor, plan_id=plan_id)


def _level_unit(orgs: dict[int, dict], org_id: int, level: str) -> dict[str, Any]:
    """The org unit that checks at ``level`` for a risk point of ``org_id``: the enterprise for
    公司级, the enclosing workshop for 车间级, the point's own unit for 班组级 and 岗位级."""
    unit = orgs[org_id]
    wanted = {"company": "enterprise", "workshop": "workshop"}.get(level)
    if wanted is None:
        return unit
    for ancestor_id in reversed([int(x) for x in unit["path"].strip("/").split("/")]):
        if orgs[ancestor_id]["kind"] == wanted:
            return orgs[ancestor_id]
    return unit


def _level_spec(value: str, where: str) -> cadence.Spec | None:
    """A cadence of the rules' ``[schedule.generate]`` tables; None for "none"."""
    if value == "none":
        return None
    rounds = rounds_spec(value)
    if rounds is not None:
        return rounds
    if value not in FREQUENCY:
        raise InvalidInput(f"the rules file's {where} = {value!r} is not a cadence: use daily, weekly, "
                           "monthly, quarterly, yearly, Nh (e.g. 2h), shift or none")
    return cadence.Spec(value)


def check_levels(grade: str, control_level: str, rules: dict[str, Any] | None = None,
                 ) -> dict[str, cadence.Spec]:
    """The control levels that check a point of ``grade`` whose 管控层级 is ``control_level``, each
    with its cadence: the levels the grade and every lower grade name (``by_grade``), and, with
    ``follow_control_level``, the point's level and every level below it (at the level's own
    cadence); where several apply, the most frequent. So a higher grade is never checked less
    often, at any level, than a lower one with the same or a lower 管控层级."""
    generate = rules or _rules()["generate"]
    shifts = cadence.shift_table(_rules()["shifts"])
    grades = list(GRADES)[::-1]  # 低 first
    levels = list(CONTROL_LEVELS)  # 公司级 first
    found: dict[str, list[cadence.Spec]] = {}
    for g in grades[:grades.index(grade) + 1]:
        for level, value in generate["by_grade"].get(g, {}).items():
            if level not in CONTROL_LEVELS:
                raise InvalidInput(f"the rules file's [schedule.generate.by_grade] {g} names {level!r}: "
                                   f"use {', '.join(CONTROL_LEVELS)}")
            spec = _level_spec(value, f"[schedule.generate.by_grade] {g}.{level}")
            if spec is not None:
                found.setdefault(level, []).append(spec)
    if generate.get("follow_control_level", True):
        for level in levels[levels.index(control_level):]:
            spec = _level_spec(generate[level], f"[schedule.generate] {level}")
            if spec is not None:
                found.setdefault(level, []).append(spec)
    return {level: min(found[level], key=lambda sp: cadence.window_hours(sp, shifts))
            for level in levels if level in found}


POINTS_SQL = (
    "SELECT r.id, r.code, r.name, r.grade, r.control_level, r.org_id, r.enterprise_id, o.path AS org_path"
    " FROM risk_point r JOIN org_unit o ON o.id = r.org_id WHERE NOT r.deleted")
PLAN_KEY = "point:{id}:{level}"
PLAN_UPDATE_SQL = (
    "UPDATE inspection_plan SET cadence = :cadence, every_hours = :hours, shifts = :shifts,"
    " workdays = :no, cron = NULL, org_id = :o, role = :role, paused = :paused, next_start = :next"
    " WHERE id = :id")


def plan_point(tx: Tx, who: Actor, point: dict[str, Any], orgs: dict[int, dict], now: datetime,
               counts: dict[str, int], resume: bool = False) -> list[dict[str, Any]]:
    """Bring a risk point's plans in line with its grade: one plan per checking level, the point's
    隐患排查 measures as its checklist's items; a plan whose level or cadence changed is updated
    and takes the new cadence from the period of tomorrow; a level that no longer checks it is
    paused, and ``resume`` (a re-grade) resumes a paused level that checks it again (a plan paused
    by hand stays paused under `plan generate`). Returns what changed, for the caller's audit
    event; ``counts`` adds up checklists, items, plans, updated and paused."""
    rules = _rules()["generate"]
    wanted = check_levels(point["grade"], point["control_level"])
    tomorrow = now.astimezone(config.timezone()).date() + timedelta(days=1)
    measures = [dict(m) for m in tx.run(MEASURES_SQL + " AND m.risk_id = :r ORDER BY m.id",
                                        {"r": point["id"]}).mappings()]
    existing = {r["source_key"]: dict(r) for r in tx.run(
        "SELECT id, source_key, checklist_id, cadence, every_hours, shifts, org_id, role, paused,"
        " retired_at FROM inspection_plan WHERE enterprise_id = :e AND source_key LIKE :k",
        {"e": point["enterprise_id"], "k": PLAN_KEY.format(id=point["id"], level="%")}).mappings()}
    changes = []
    for level in CONTROL_LEVELS:
        key = PLAN_KEY.format(id=point["id"], level=level)
        plan = existing.get(key)
        spec = wanted.get(level)
        if plan is not None and plan["retired_at"] is not None:
            continue  # retired by hand: `plan generate` neither wakes nor replaces it
        if spec is None:
            if plan is not None and not plan["paused"]:
                tx.run("UPDATE inspection_plan SET paused = :yes WHERE id = :id", {"yes": True, "id": plan["id"]})
                counts["paused"] += 1
                changes.append({"plan_id": plan["id"], "level": level, "paused": True})
            continue
        if not measures and plan is None:
            continue  # nothing to check yet: the plan comes with the point's first measure
        unit = _level_unit(orgs, point["org_id"], level)
        role = parse(ROLES, rules["roles"][level], "role")
        name = f"{point['code']} {point['name']} {label(CONTROL_LEVELS, level)}排查"[:200]
        cid = plan["checklist_id"] if plan else tx.scalar(
            "SELECT id FROM checklist WHERE enterprise_id = :e AND source_key = :k",
            {"e": point["enterprise_id"], "k": key})
        if cid is None:
            cid = _insert_checklist(tx, unit, name, who, now, key)
            counts["checklists"] += 1
        have = {r[0] for r in tx.run("SELECT measure_id FROM checklist_item WHERE checklist_id = :c",
                                     {"c": cid}).all()}
        new = [m for m in measures if m["measure_id"] not in have]
        if new:
            _add_items(tx, cid, point["enterprise_id"], new, now)
            counts["items"] += len(new)
        if plan is None:
            pid = _insert_plan(tx, unit, cid, name, spec, role, None, now.astimezone(config.timezone()).date(),
                               _rules()["grace_hours"], who, now, key)
            counts["plans"] += 1
            changes.append({"plan_id": pid, "level": level, **_spec_data(spec), "org_id": unit["id"],
                            "role": role})
            continue
        now_spec = (plan["cadence"], plan["every_hours"], plan["shifts"], plan["org_id"], plan["role"])
        wake = bool(plan["paused"]) and resume
        if now_spec != (spec.cadence, spec.hours, spec.shifts, unit["id"], role) or wake:
            tx.run(PLAN_UPDATE_SQL, {"cadence": spec.cadence, "hours": spec.hours, "shifts": spec.shifts,
                                     "no": False, "o": unit["id"], "role": role,
                                     "paused": bool(plan["paused"]) and not resume,
                                     "next": tx.day(cadence.first_start(spec, tomorrow)),
                                     "id": plan["id"]})
            counts["updated"] += 1
            changes.append({"plan_id": plan["id"], "level": level, **_spec_data(spec), "org_id": unit["id"],
                            "role": role, "from": tomorrow.isoformat()})
    return changes


def _spec_data(spec: cadence.Spec) -> dict[str, Any]:
    return {"cadence": spec.cadence, "hours": spec.hours, "shifts": spec.shifts}


def replan_point(tx: Tx, who: Actor, point_id: int, now: datetime) -> dict[str, Any] | None:
    """After a re-grade: re-plan a point that `plan generate` has planned (others wait for it)."""
    if tx.scalar("SELECT count(*) FROM inspection_plan WHERE source_key LIKE :k",
                 {"k": PLAN_KEY.format(id=point_id, level="%")}) == 0:
        return None
    point = tx.one(POINTS_SQL + " AND r.id = :id", {"id": point_id})
    counts = dict.fromkeys(("checklists", "items", "plans", "updated", "paused"), 0)
    changes = plan_point(tx, who, dict(point), org_tree(tx), now, counts, resume=True)
    return {**counts, "changes": changes} if changes else None


def generate_plans(db: Database, *, actor: str, org: str | None = None) -> dict[str, Any]:
    """Plans from the risk register: one plan per (risk point, checking level), its 隐患排查
    measures as the items, at the level's cadence for the point's grade (``check_levels``),
    assigned to that level's org unit and role. Re-running adds what is new and updates what the
    grade changed; it never duplicates a checklist, item or plan. Plans of the older grouped
    scheme (one per unit, level and cadence) are paused: the point's own plans replace them."""
    now = config.now()
    counts = dict.fromkeys(("checklists", "items", "plans", "updated", "paused"), 0)
    with db.write() as tx:
        who = load_actor(tx, actor)
        scope = resolve_org(tx, who, org) if org else None
        path = scope["path"] if scope else who.org_path
        require_editor(who, path or "/", "generate plans")
        orgs = org_tree(tx)
        touched: dict[int, list[dict[str, Any]]] = {}
        for point in tx.run(POINTS_SQL + " ORDER BY r.id").mappings().all():
            if not point["org_path"].startswith(path or ""):
                continue
            changes = plan_point(tx, who, dict(point), orgs, now, counts)
            if changes:
                touched.setdefault(point["enterprise_id"], []).append({"risk": point["code"],
                                                                        "plans": changes})
        for old in tx.run("SELECT p.id, p.enterprise_id, o.path FROM inspection_plan p JOIN org_unit o"
                          " ON o.id = p.org_id WHERE p.source_key LIKE 'risk:%' AND NOT p.paused"
                          ).mappings().all():
            if old["path"].startswith(path or ""):
                tx.run("UPDATE inspection_plan SET paused = :yes WHERE id = :id", {"yes": True, "id": old["id"]})
                counts["paused"] += 1
                touched.setdefault(old["enterprise_id"], []).append({"superseded_plan": old["id"]})
        for ent in sorted(touched):
            audit.append(tx, enterprise_id=ent, subject="plan", subject_id=0, ref="plan generate",
                         event="plans_generate", actor=who.login, at=now,
                         data={**counts, "org": scope["name"] if scope else None, "points": touched[ent],
                               "rules_version": config.rules()["version"]})
    return counts


# --- recording ----------------------------------------------------------------------------------------

ITEMS_SQL = (
    "SELECT i.id, i.position, i.text, i.risk_id, i.measure_id, r.result, r.hazard_id FROM checklist_item i"
    " JOIN inspection_task t ON t.id = :t LEFT JOIN inspection_result r ON r.item_id = i.id"
    f" AND r.task_id = t.id WHERE i.checklist_id = :c AND {ITEM_OF_THE_TASK} ORDER BY i.position")
RESULT_SQL = (
    "INSERT INTO inspection_result (uuid, task_id, item_id, enterprise_id, result, note, photo,"
    " hazard_id, late, by, at) VALUES (:uuid, :t, :i, :e, :result, :note, :photo, :hazard, :late,"
    " :by, :at) ON CONFLICT ({key}) DO UPDATE SET result = excluded.result,"
    " note = excluded.note, photo = COALESCE(excluded.photo, inspection_result.photo),"
    " hazard_id = COALESCE(excluded.hazard_id, inspection_result.hazard_id), late = excluded.late,"
    " by = excluded.by, at = excluded.at")



def _local(instant: datetime) -> str:
    return instant.astimezone(config.timezone()).strftime("%Y-%m-%d %H:%M")


def task_items(tx: Tx, t: SimpleNamespace) -> list[dict[str, Any]]:
    """The task's checklist items as they stood when the task was made, with their results."""
    return [dict(r) for r in tx.run(ITEMS_SQL, {"t": t.id, "c": t.checklist_id}).mappings()]


def may_record(who: Actor, t: SimpleNamespace) -> None:
    """The plan's assignee, or a holder of the plan's role whose scope covers the task's unit."""
    if who.login == t.assignee or (t.role in who.roles and who.covers(t.org_path)):
        return
    holder = f"{t.assignee} or " if t.assignee else ""
    raise PermissionDenied(f"{who.login} may not record task {t.id}: it is for {holder}an "
                           f"{t.role} whose scope covers {t.org}")


def _by_position(values: dict[int, str] | None, items: dict[int, dict], option: str) -> dict[int, str]:
    for n in values or {}:
        if n not in items:
            raise InvalidInput(f"{option} {n}=...: the task has items 1-{len(items)} "
                               "(numbers as `dualprev inspect show` prints them)")
    return dict(values or {})


def finding_title(item: str, note: str | None) -> str:
    """A failed item's hazard is named by the finding (#12): the note's first line, else
    "<item>: 不符合"; the item itself is linked (``item_id``), the whole note is the description."""
    first = (note or "").strip().splitlines()[0].strip() if (note or "").strip() else ""
    title = first or f"{item.strip()}: 不符合"
    most = limits.FIELDS["hazard"]["title"][1]
    return title if len(title) <= most else title[:most - 1] + "…"


def record(db: Database, *, actor: str, task_id: int, results: dict[int, str],
           notes: dict[int, str] | None = None, photos: dict[int, str] | None = None,
           fixes: dict[int, str] | None = None) -> dict[str, Any]:
    """排查记录: item results of a task; a failed item becomes a hazard (立查立改 with a fix), and
    the task is done once every item has a result. A 漏检 task takes late results (补检) within
    the rules' window: they are flagged late and the task stays 漏检."""
    if not results:
        raise InvalidInput("record at least one --item N=ok|fail|na")
    limits.check("inspection_result", note=list((notes or {}).values()))
    limits.check("hazard", measures=list((fixes or {}).values()))
    results = {n: parse(RESULTS, v, "result") for n, v in results.items()}
    for n in fixes or {}:
        if results.get(n) != "fail":
            raise InvalidInput(f"--fix {n}=...: item {n} must be recorded as fail (--item {n}=fail)")
    kept_by_item = {n: keep_photos(db, [p])[0] for n, p in (photos or {}).items()}
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        t = load_task(tx, who, task_id, lock=True)
        may_record(who, t)
        items = {i["position"]: i for i in task_items(tx, t)}
        for option, values in (("--item", results), ("--note", notes), ("--photo", photos),
                               ("--fix", fixes)):
            _by_position(values, items, option)
        if now < t.starts_at:
            raise RuleViolation(f"task {t.id} is a round from {_local(t.starts_at)} to "
                                f"{_local(t.ends_at)}: record it once its window has started")
        if t.state == "done" or t.done_at is not None:
            raise RuleViolation(f"task {t.id} is complete: its results cannot change (a new task "
                                "records a new check)")
        late = t.state == "missed"
        window = timedelta(days=_rules()["late_days"])
        if late and now > t.due_at + window:
            raise RuleViolation(f"task {t.id} was missed (漏检) and its 补检 window of {window.days} days "
                                f"closed on {(t.due_at + window).isoformat()}: it stays missed")
        unit = {"id": t.org_id, "enterprise_id": t.enterprise_id, "name": t.org}
        created = []
        rows = []
        for n in fixes or {}:
            if items[n]["hazard_id"] is not None:
                raise InvalidInput(f"--fix {n}=...: item {n} already has its hazard: fix it with "
                                   "`dualprev hazard fix CODE`")
        for n, result in sorted(results.items()):
            item = items[n]
            hazard_id = None
            if result == "fail" and item["hazard_id"] is None:
                kept = [kept_by_item[n]] if n in kept_by_item else []
                hazard_id, code = insert_hazard(
                    tx, who, unit, title=finding_title(item["text"], (notes or {}).get(n)),
                    level="general", now=now, source="inspection",
                    desc=(notes or {}).get(n), kept=kept,
                    links={"risk_id": item["risk_id"], "measure_id": item["measure_id"],
                           "task_id": t.id, "item_id": item["id"]},
                    extra={"task_id": t.id, "item": n})
                if n in (fixes or {}):
                    fire_on(tx, who, code, "fix_on_spot", now=now, measures=fixes[n])
                created.append(code)
            rows.append({"uuid": str(uuid.uuid4()), "t": t.id, "i": item["id"], "e": t.enterprise_id,
                         "result": result, "note": (notes or {}).get(n),
                         "photo": kept_by_item[n]["sha256"] if n in kept_by_item else None,
                         "hazard": hazard_id, "late": late, "by": who.login, "at": tx.ts(now)})
            item["result"] = result
        store_photos(tx, list(kept_by_item.values()))
        tx.run(RESULT_SQL.format(key=tx.tenant_key("task_id, item_id")), rows)
        missing = [n for n, i in items.items() if i["result"] is None]
        before_state = t.state
        if not missing and t.state == "open":
            inspection.fire(t, "complete", now=now, missing=missing)
        if not missing and late:
            t.done_at = now
        if late:
            t.late = True
        versioned_update(tx, "inspection_task", t.id, t.version,
                         {"state": t.state, "late": bool(t.late), "done_at": tx.ts(t.done_at)},
                         f"task {t.id} was changed by someone else meanwhile: look at it again",
                         enterprise=t.enterprise_id)
        ref = f"task {t.id}"
        audit.append(tx, enterprise_id=t.enterprise_id, subject="task", subject_id=t.id, ref=ref,
                     event="task_record", actor=who.login, at=now,
                     data={"results": {str(n): r for n, r in sorted(results.items())},
                           "hazards": created, "late": late})
        if t.state != before_state:
            audit.append(tx, enterprise_id=t.enterprise_id, subject="task", subject_id=t.id, ref=ref,
                         event="complete", from_state=before_state, to_state=t.state,
                         actor=who.login, at=now, data={})
    out = show_task(db, actor=actor, task_id=task_id)
    out["hazards_created"] = created
    return out
