"""Risk register use-cases: add a risk point, re-assess it, add control measures.

Like every use-case: keyword-only, one transaction each, an audit event (subject ``risk``) in the
enterprise's chain with every change, or nothing changed and a DomainError.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime
from typing import Any

from dualprev.hazards import audit, config, grading, limits
from dualprev.hazards.access import allowed_roles, enterprise_unit, load_actor, load_risk, require_role
from dualprev.hazards.db import Database, Tx, sql_list
from dualprev.hazards.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import (
    CONTROL_LEVELS,
    GRADES,
    MEASURE_TYPES,
    OPEN_STATES,
    RISK_KINDS,
    label,
    parse,
)
from dualprev.hazards.queries.risk import show
from dualprev.hazards.services.inspection import PLAN_KEY, reason_given, replan_point
from dualprev.hazards.steps import next_codes

OPEN_MAJOR_SQL = ("SELECT code FROM hazard WHERE risk_id = :r AND level = 'major'"
                  f" AND state IN {sql_list(OPEN_STATES)} ORDER BY id")
CLASSIFY2 = {"1": 5, "2": 3, "3": 4, "4": 5}  # national classify1 → how many classify2 codes x-1..x-n


def _person(tx: Tx, login: str | None, enterprise_id: int, option: str) -> str | None:
    if login is None:
        return None
    row = tx.one("SELECT login, enterprise_id FROM person WHERE login = :l", {"l": login})
    if row is None or row["enterprise_id"] not in (None, enterprise_id):
        raise NotFound(f"no person {login!r} in this enterprise for {option}: see `dualprev person list`")
    return row["login"]


def _assessment_row(a: grading.Assessment) -> dict[str, Any]:
    return {"method": a.method, "factor_l": a.l, "factor_e": a.e, "factor_c": a.c,
            "factor_s": a.s, "score": a.score, "grade": a.grade}


def _record(tx: Tx, risk_id: int, enterprise_id: int, a: grading.Assessment, who: Actor,
            now: datetime, note: str | None, reason: str | None) -> None:
    tx.run("INSERT INTO risk_assessment (risk_id, enterprise_id, method, factor_l, factor_e, factor_c,"
           " factor_s, score, grade, variant, rules_version, note, reason, by, at) VALUES (:r, :e,"
           " :method, :factor_l, :factor_e, :factor_c, :factor_s, :score, :grade, :variant, :rv,"
           " :note, :reason, :by, :at)",
           {**_assessment_row(a), "r": risk_id, "e": enterprise_id, "variant": a.variant,
            "rv": config.rules()["version"], "note": note, "reason": reason, "by": who.login,
            "at": tx.ts(now)})


def _event_data(a: grading.Assessment, level: str) -> dict[str, Any]:
    return {"method": a.method, "factors": a.factors, "score": grading.number(a.score),
            "grade": a.grade, "control_level": level, "variant": a.variant,
            "rules_version": config.rules()["version"]}


def add(db: Database, *, actor: str, name: str, org: str, lec: str | None = None,
        ls: str | None = None, place: str | None = None, kind: str = "area",
        desc: str | None = None, control_level: str | None = None,
        sources: list[str] | None = None, analysis_object: str | None = None,
        responsible: str | None = None, note: str | None = None) -> dict[str, Any]:
    """风险点: register a risk point with its first assessment; returns it as ``show`` does."""
    limits.check("risk_point", name=name, place=place, description=desc, analysis_object=analysis_object)
    limits.check("risk_source", name=[s for s in sources or [] if s.strip()])
    limits.check("risk_assessment", note=note)
    name = (name or "").strip()
    if not name:
        raise InvalidInput("a risk point needs a name")
    kind = parse(RISK_KINDS, kind, "kind")
    if control_level is not None:
        control_level = parse(CONTROL_LEVELS, control_level, "control level")
    names = [s.strip() for s in sources or [] if s.strip()]
    a = grading.assess(lec, ls)
    level = control_level or grading.default_control_level(a.grade)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        unit = enterprise_unit(tx, who, org)
        require_role(who, "risk.edit_roles", "add risk points", unit["path"])
        ent = unit["enterprise_id"]
        person = _person(tx, responsible, ent, "--responsible")
        _rid, code = insert_point(tx, who, unit, name=name, a=a, level=level, place=place, kind=kind,
                                  desc=desc, analysis_object=analysis_object, responsible=person,
                                  sources=names, now=now, note=note)
    return show(db, actor=actor, code=code)


def insert_point(tx: Tx, who: Actor, unit: dict[str, Any], *, name: str, a: grading.Assessment, level: str,
                 now: datetime, place: str | None = None, kind: str = "area", desc: str | None = None,
                 analysis_object: str | None = None, responsible: str | None = None,
                 sources: list[str] | None = None, note: str | None = None, code: str | None = None,
                 grade: str | None = None, data: dict[str, Any] | None = None) -> tuple[int, str]:
    """The one way a risk point is born, in the caller's transaction: its code (or the one given),
    its row, first assessment, sources and ``risk_add`` event (with ``data`` added). ``grade``
    keeps a grade stated apart from the factors' (an imported 风险清单), said in the note."""
    ent = unit["enterprise_id"]
    code = code or next_codes(tx, ent, 0, prefix=config.rules()["risk"]["code_prefix"])[0]
    if grade is not None and grade != a.grade:
        a = dataclasses.replace(a, grade=grade)
    rid = tx.scalar(
        "INSERT INTO risk_point (uuid, enterprise_id, code, name, org_id, place, kind, description,"
        " analysis_object, responsible, method, factor_l, factor_e, factor_c, factor_s, score, grade,"
        " control_level, assessed_at, deleted, created_at, created_by, updated_at, updated_by)"
        " VALUES (:uuid, :e, :code, :name, :org, :place, :kind, :desc, :obj, :resp, :method,"
        " :factor_l, :factor_e, :factor_c, :factor_s, :score, :grade, :level, :at, :no, :at, :by,"
        " :at, :by) RETURNING id",
        {**_assessment_row(a), "uuid": str(uuid.uuid4()), "e": ent, "code": code, "name": name,
         "org": unit["id"], "place": place, "kind": kind, "desc": desc, "obj": analysis_object,
         "resp": responsible, "level": level, "at": tx.ts(now), "no": False, "by": who.login})
    _record(tx, rid, ent, a, who, now, note, None)
    if sources:
        tx.run("INSERT INTO risk_source (uuid, risk_id, enterprise_id, name, deleted, created_at)"
               " VALUES (:uuid, :r, :e, :name, :no, :at)",
               [{"uuid": str(uuid.uuid4()), "r": rid, "e": ent, "name": n, "no": False,
                 "at": tx.ts(now)} for n in sources])
    audit.append(tx, enterprise_id=ent, subject="risk", subject_id=rid, ref=code,
                 event="risk_add", actor=who.login, at=now, comment=desc,
                 data={"name": name, "org_id": unit["id"], "place": place, "kind": kind,
                       "sources": sources or [], "responsible": responsible, **_event_data(a, level),
                       **(data or {})})
    return rid, code


def assess(db: Database, *, actor: str, code: str, lec: str | None = None, ls: str | None = None,
           note: str | None = None, reason: str | None = None,
           control_level: str | None = None) -> dict[str, Any]:
    """Re-assess: a new assessment becomes the current grade; the old ones stay in the history.

    The grade cannot go down while open 重大 hazards are linked to the point, unless a
    supervisor (``override_roles``) does it with a reason; that event is ``risk_override``.
    """
    limits.check("risk_assessment", note=note, reason=reason)
    a = grading.assess(lec, ls)
    if control_level is not None:
        control_level = parse(CONTROL_LEVELS, control_level, "control level")
    reason = (reason or "").strip() or None
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        r = load_risk(tx, who, code)
        editor = bool(who.roles.intersection(allowed_roles("risk.edit_roles")))
        overrider = bool(who.roles.intersection(allowed_roles("risk.override_roles")))
        if not (editor or overrider):
            require_role(who, "risk.edit_roles", "assess risk points", r["org_path"])
        if not who.covers(r["org_path"]):
            raise PermissionDenied(f"{who.login} may not assess {r['code']}: it is outside their scope")
        event = "risk_assess"
        open_major = [c for (c,) in tx.run(OPEN_MAJOR_SQL, {"r": r["id"]}).all()]
        if grading.lower(a.grade, r["grade"]) and open_major:
            if not (overrider and reason):
                raise RuleViolation(
                    f"{r['code']} cannot go down from {label(GRADES, r['grade'])} to "
                    f"{label(GRADES, a.grade)} while open 重大 hazards are linked to it "
                    f"({', '.join(open_major)}): close them first, or a supervisor may do it with --reason")
            event = "risk_override"
        elif not editor:
            raise PermissionDenied(
                f"{who.login} may not assess risk points: it needs the role "
                f"{' or '.join(allowed_roles('risk.edit_roles'))} (a supervisor only overrides the "
                "grade-lowering rule, with --reason)")
        level = control_level or grading.default_control_level(a.grade)
        _record(tx, r["id"], r["enterprise_id"], a, who, now, note, reason)
        tx.run("UPDATE risk_point SET method = :method, factor_l = :factor_l, factor_e = :factor_e,"
               " factor_c = :factor_c, factor_s = :factor_s, score = :score, grade = :grade,"
               " control_level = :level, assessed_at = :at, updated_at = :at, updated_by = :by"
               " WHERE id = :id",
               {**_assessment_row(a), "level": level, "at": tx.ts(now), "by": who.login,
                "id": r["id"]})
        data = {**_event_data(a, level), "from_grade": r["grade"]}
        if event == "risk_override":
            data.update(reason=reason, open_major=open_major)
        audit.append(tx, enterprise_id=r["enterprise_id"], subject="risk", subject_id=r["id"],
                     ref=r["code"], event=event, from_state=r["grade"], to_state=a.grade,
                     actor=who.login, at=now, comment=reason or note, data=data)
        replanned = replan_point(tx, who, r["id"], now)  # its checks follow the new grade (#14)
        if replanned:
            audit.append(tx, enterprise_id=r["enterprise_id"], subject="plan", subject_id=0,
                         ref=r["code"], event="plans_replan", actor=who.login, at=now,
                         data={**replanned, "grade": a.grade, "from_grade": r["grade"],
                               "rules_version": config.rules()["version"]})
    return show(db, actor=actor, code=r["code"])


OPEN_HAZARDS_SQL = f"SELECT code FROM hazard WHERE risk_id = :r AND state IN {sql_list(OPEN_STATES)} ORDER BY id"


def _load_for_retire(tx: Tx, who: Actor, code: str, action: str) -> dict[str, Any]:
    r = load_risk(tx, who, code)
    require_role(who, "risk.edit_roles", action, r["org_path"])
    tx.one("SELECT id FROM risk_point WHERE id = :id" + tx.lock, {"id": r["id"]})
    return r


def retire(db: Database, *, actor: str, code: str, reason: str) -> dict[str, Any]:
    """Retire a risk point (#12), a soft delete: it leaves the risk list, the matrix and new
    checklists, the national export sends it as deleted, the plans `plan generate` made for it are
    retired and its check items dropped; its assessments, measures, hazards and history stay.
    Refused while hazards linked to it are open."""
    reason = reason_given(reason, "retiring a risk point")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        r = _load_for_retire(tx, who, code, "retire risk points")
        still_open = [c for (c,) in tx.run(OPEN_HAZARDS_SQL, {"r": r["id"]}).all()]
        if still_open:
            raise RuleViolation(f"{r['code']} has open hazards ({', '.join(still_open[:5])}): close or void "
                                "them first")
        plans = [i for (i,) in tx.run(
            "SELECT id FROM inspection_plan WHERE enterprise_id = :e AND source_key LIKE :k"
            " AND retired_at IS NULL ORDER BY id",
            {"e": r["enterprise_id"], "k": PLAN_KEY.format(id=r["id"], level="%")}).all()]
        at = tx.ts(now)
        for pid in plans:
            tx.run("UPDATE inspection_plan SET retired_at = :at, paused = :yes WHERE id = :id",
                   {"at": at, "yes": True, "id": pid})
        items = tx.run("UPDATE checklist_item SET retired_at = :at WHERE risk_id = :r AND retired_at IS NULL",
                       {"at": at, "r": r["id"]}).rowcount
        tx.run("UPDATE risk_point SET deleted = :yes, updated_at = :at, updated_by = :by WHERE id = :id",
               {"yes": True, "at": at, "by": who.login, "id": r["id"]})
        audit.append(tx, enterprise_id=r["enterprise_id"], subject="risk", subject_id=r["id"], ref=r["code"],
                     event="risk_retire", actor=who.login, at=now, comment=reason,
                     data={"deleted": True, "reason": reason, "plans_retired": plans, "items_retired": items})
    return {"code": r["code"], "name": r["name"], "retired_at": now.isoformat(), "plans_retired": plans,
            "items_retired": items}


def retire_measure(db: Database, *, actor: str, code: str, measure_id: int, reason: str) -> dict[str, Any]:
    """Retire one control measure of a risk point (#12), a soft delete: it leaves the point's
    measures and checklists (tasks made before keep their items), the national export sends it as
    deleted; its hazards and history stay."""
    reason = reason_given(reason, "retiring a control measure")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        r = _load_for_retire(tx, who, code, "retire control measures")
        m = tx.one("SELECT id, text FROM control_measure WHERE id = :m AND risk_id = :r AND NOT deleted",
                   {"m": measure_id, "r": r["id"]})
        if m is None:
            raise NotFound(f"{r['code']} has no current control measure {measure_id}: see "
                           f"`dualprev risk show {r['code']}`")
        at = tx.ts(now)
        tx.run("UPDATE control_measure SET deleted = :yes WHERE id = :m", {"yes": True, "m": measure_id})
        items = tx.run("UPDATE checklist_item SET retired_at = :at WHERE measure_id = :m AND retired_at IS NULL",
                       {"at": at, "m": measure_id}).rowcount
        tx.run("UPDATE risk_point SET updated_at = :at, updated_by = :by WHERE id = :id",
               {"at": at, "by": who.login, "id": r["id"]})  # the export sends its measures again
        audit.append(tx, enterprise_id=r["enterprise_id"], subject="risk", subject_id=r["id"], ref=r["code"],
                     event="measure_retire", actor=who.login, at=now, comment=reason,
                     data={"measure_id": measure_id, "text": m["text"], "reason": reason,
                           "items_retired": items})
    return {"code": r["code"], "measure_id": measure_id, "text": m["text"], "retired_at": now.isoformat(),
            "items_retired": items}


def _classify(classify1: str | None, classify2: str | None) -> tuple[str | None, str | None]:
    """The national 管控措施分类1/2 codes: 1-4 and x-y (e.g. 1-4 安全仪表)."""
    if classify2 is not None:
        head, _, tail = classify2.partition("-")
        if head not in CLASSIFY2 or not tail.isdigit() or not 1 <= int(tail) <= CLASSIFY2[head]:
            codes = ", ".join(f"{k}-1..{k}-{n}" for k, n in CLASSIFY2.items())
            raise InvalidInput(f"--classify2 {classify2!r} is not a national code: use one of {codes}")
        if classify1 not in (None, head):
            raise InvalidInput(f"--classify2 {classify2} belongs to --classify1 {head}, not {classify1}")
        classify1 = head
    if classify1 is not None and classify1 not in CLASSIFY2:
        raise InvalidInput(f"--classify1 {classify1!r} is not a national code: use 1 工程技术, 2 维护保养,"
                           " 3 操作行为 or 4 应急措施")
    return classify1, classify2


def add_measure(db: Database, *, actor: str, code: str, type: str, text: str,
                owner: str | None = None, source: str | None = None,
                classify1: str | None = None, classify2: str | None = None,
                control: str = "inspection", check: str | None = None) -> dict[str, Any]:
    """管控措施: add a control measure to a risk point; returns it with its stable id."""
    limits.check("control_measure", text=text, check_content=check)
    limits.check("risk_source", name=source)
    type = parse(MEASURE_TYPES, type, "measure type")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("a control measure needs its --text")
    if control not in ("monitoring", "inspection"):
        raise InvalidInput(f"--control {control!r}: use monitoring (自动化监控) or inspection (隐患排查)")
    classify1, classify2 = _classify(classify1, classify2)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        r = load_risk(tx, who, code)
        require_role(who, "risk.edit_roles", "add control measures", r["org_path"])
        person = _person(tx, owner, r["enterprise_id"], "--owner")
        source_id = None
        if source is not None:
            source_id = tx.scalar("SELECT id FROM risk_source WHERE risk_id = :r AND name = :n"
                                  " AND NOT deleted", {"r": r["id"], "n": source})
            if source_id is None:
                raise NotFound(f"{r['code']} has no hazard source {source!r}: see `dualprev risk show {r['code']}`")
        mid, uid = insert_measure(tx, who, r, type=type, text=text, owner=person, source=source,
                                  source_id=source_id, classify1=classify1, classify2=classify2,
                                  control=control, check=check, now=now)
    return {"id": mid, "uuid": uid, "risk": r["code"], "type": type, "text": text,
            "owner": person, "source": source, "classify1": classify1, "classify2": classify2,
            "control": control, "check_content": check}


def insert_measure(tx: Tx, who: Actor, r: dict[str, Any], *, type: str, text: str, now: datetime,
                   owner: str | None = None, source: str | None = None, source_id: int | None = None,
                   classify1: str | None = None, classify2: str | None = None,
                   control: str = "inspection", check: str | None = None) -> tuple[int, str]:
    """A control measure's row and its ``measure_add`` event, in the caller's transaction (``r``
    is the risk point: id, code, enterprise_id); returns its id and uuid."""
    row = {"uuid": str(uuid.uuid4()), "r": r["id"], "s": source_id, "e": r["enterprise_id"],
           "type": type, "text": text, "owner": owner, "c1": classify1, "c2": classify2,
           "control": control, "check": check, "no": False, "at": tx.ts(now), "by": who.login}
    mid = tx.scalar(
        "INSERT INTO control_measure (uuid, risk_id, source_id, enterprise_id, type, text, owner,"
        " classify1, classify2, control, check_content, deleted, created_at, created_by) VALUES"
        " (:uuid, :r, :s, :e, :type, :text, :owner, :c1, :c2, :control, :check, :no, :at, :by)"
        " RETURNING id", row)
    audit.append(tx, enterprise_id=r["enterprise_id"], subject="risk", subject_id=r["id"],
                 ref=r["code"], event="measure_add", actor=who.login, at=now, comment=text,
                 data={"measure_id": mid, "type": type, "owner": owner, "source": source,
                       "classify1": classify1, "classify2": classify2, "control": control,
                       "check_content": check})
    return mid, row["uuid"]
