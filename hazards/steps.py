"""In-transaction building blocks that several use-cases share.

Each takes the caller's ``Tx`` and never commits: the next codes of an enterprise, the birth of a
hazard, firing a lifecycle trigger and saving it with the versioned UPDATE and its audit event,
putting a hazard under 挂牌督办, linking a hazard to its risk point, attaching photos.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from dualprev.hazards import attachments, audit, config, limits, notify
from dualprev.hazards.access import load_hazard, load_person, load_risk
from dualprev.hazards.db import Database, Tx, as_date
from dualprev.hazards.errors import Conflict, InvalidInput, NotFound
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import SUPERVISION_LEVELS, label, text
from dualprev.workflows import hazard as lifecycle
from dualprev.workflows.supervision import LEVEL_ORDER, REGULATOR_LEVELS


def jsonable(value: Any) -> Any:
    """Dates and instants as ISO text, for audit data and JSON answers."""
    return value.isoformat() if isinstance(value, date) else value


def versioned_update(tx: Tx, table: str, row_id: int, version: int, fields: dict[str, Any],
                     conflict: str, *, enterprise: int) -> None:
    """UPDATE one row only if nobody changed it since it was read (its ``version``), raising
    Conflict with ``conflict`` otherwise; the version moves on by one. The row's ``enterprise``
    leads the key, so a partitioned (or distributed) table reads one partition (shard)."""
    sets = "".join(f"{f} = :{f}, " for f in fields)
    done = tx.run(f"UPDATE {table} SET {sets}version = version + 1 WHERE enterprise_id = :enterprise"
                  " AND id = :id AND version = :version",
                  {**fields, "enterprise": enterprise, "id": row_id, "version": version})
    if done.rowcount != 1:
        raise Conflict(conflict)


NEXT_CODE_SQL = (
    "INSERT INTO code_sequence (enterprise_id, prefix, year, last) VALUES (:e, :p, :y, 1)"
    " ON CONFLICT (enterprise_id, prefix, year) DO UPDATE SET last = code_sequence.last + 1"
    " RETURNING last"
)


def next_codes(tx: Tx, enterprise_id: int, year: int, count: int = 1,
               prefix: str | None = None) -> list[str]:
    """Reserve ``count`` codes of one enterprise: hazards YH-<year>-NNNNNN; with ``year`` 0 a
    sequence that never restarts, <prefix>-NNNNNN (risk points FX-000042)."""
    prefix = prefix or config.rules()["hazard"]["code_prefix"]
    last = tx.scalar(NEXT_CODE_SQL, {"e": enterprise_id, "p": prefix, "y": year})
    if count > 1:
        tx.run("UPDATE code_sequence SET last = last + :n WHERE enterprise_id = :e AND prefix = :p"
               " AND year = :y", {"n": count - 1, "e": enterprise_id, "p": prefix, "y": year})
    stem = f"{prefix}-{year}" if year else prefix
    return [f"{stem}-{n:06d}" for n in range(last, last + count)]


# --- photos -----------------------------------------------------------------------------------------

def keep_photos(db: Database, photos: list[str] | None) -> list[dict]:
    """Check and hash the files (nothing is written yet): ``attach`` stores them, inside the
    transaction that records them, once every other check has passed."""
    if not photos:
        return []
    attachments.ready(attachments.store_dir(db.sqlite_path))
    return attachments.examine(list(photos), config.rules()["attachments"])


def store_photos(tx: Tx, kept: list[dict]) -> None:
    """Copy checked files into the register's store (by content hash), in the caller's transaction."""
    if kept:
        attachments.store(attachments.store_dir(tx.db.sqlite_path), kept)


def attach(tx: Tx, hazard_id: int, enterprise_id: int, kept: list[dict], stage: str, actor: Actor,
           now: datetime) -> None:
    """Record kept files against a hazard, at a stage of its life (report, submit, writeoff...)."""
    if kept:
        store_photos(tx, kept)
        tx.run("INSERT INTO attachment (hazard_id, enterprise_id, sha256, filename, size, stage, by, at)"
               " VALUES (:h, :e, :sha256, :filename, :size, :stage, :by, :at)",
               [{"sha256": k["sha256"], "filename": k["filename"], "size": k["size"], "h": hazard_id,
                 "e": enterprise_id, "stage": stage, "by": actor.login, "at": tx.ts(now)} for k in kept])


# --- the hazard -------------------------------------------------------------------------------------

INSERT_HAZARD_SQL = (
    "INSERT INTO hazard (uuid, enterprise_id, code, title, description, org_id, place, category,"
    " level, source, found_at, finder, owner, measures, deadline, original_deadline, cost,"
    " contingency, actual_cost, state, version, updated_at, closed_at) VALUES (:uuid, :enterprise_id,"
    " :code, :title, :description, :org_id, :place, :category, :level, :source, :found_at, :finder,"
    " :owner, :measures, :deadline, :original_deadline, :cost, :contingency, :actual_cost, :state,"
    " :version, :updated_at, :closed_at)"
)


def insert_hazard(tx: Tx, who: Actor, unit: dict[str, Any], *, title: str, level: str,
                  now: datetime, found: datetime | None = None, place: str | None = None,
                  category: str | None = None, desc: str | None = None, source: str = "report",
                  links: dict[str, Any] | None = None, extra: dict[str, Any] | None = None,
                  kept: list[dict] | None = None) -> tuple[int, str]:
    """The one way a hazard is born: its code, its row in 发现, its links (risk_id, measure_id,
    task_id, item_id), its audit event, its attachments and, for a 重大 hazard, its listing."""
    found = found or now
    local_year = found.astimezone(config.timezone()).year
    code = next_codes(tx, unit["enterprise_id"], local_year)[0]
    row = {
        "uuid": str(uuid.uuid4()), "enterprise_id": unit["enterprise_id"], "code": code,
        "title": title, "description": desc, "org_id": unit["id"], "place": place,
        "category": category, "level": level, "source": source, "found_at": tx.ts(found),
        "finder": who.login, "owner": None, "measures": None, "deadline": None,
        "original_deadline": None, "cost": None, "contingency": None, "actual_cost": None,
        "state": "reported", "version": 1, "updated_at": tx.ts(now), "closed_at": None,
    }
    hid = tx.scalar(INSERT_HAZARD_SQL + " RETURNING id", row)
    data = {"title": title, "level": level, "org_id": unit["id"], "place": place,
            "category": category, "found_at": found.isoformat(), **(extra or {})}
    if links:
        sets = ", ".join(f"{k} = :{k}" for k in links)
        tx.run(f"UPDATE hazard SET {sets} WHERE id = :id", {**links, "id": hid})
    if kept:
        data["attachments"] = [k["sha256"] for k in kept]
    audit.append(tx, enterprise_id=unit["enterprise_id"], subject="hazard", subject_id=hid,
                 ref=code, event="report", to_state="reported", actor=who.login, at=now,
                 comment=desc, data=data)
    attach(tx, hid, unit["enterprise_id"], kept or [], "report", who, now)
    if level == "major":
        list_major(tx, {"id": hid, "code": code, "title": title, "enterprise_id": unit["enterprise_id"],
                        "org_path": unit["path"], "owner": None}, now)
    return hid, code


def list_major(tx: Tx, hazard: dict[str, Any], now: datetime) -> int | None:
    """A 重大 hazard is listed for 挂牌督办 at once (rules: ``escalation.auto_list_major``), when it
    is reported and when it is regraded 重大."""
    if not config.rules()["escalation"]["auto_list_major"]:
        return None
    return list_in(tx, hazard=hazard, level="enterprise", by="system", now=now, auto=True,
                   reason="重大隐患自动挂牌督办 (rules: escalation.auto_list_major)")


def end_listing(tx: Tx, h: SimpleNamespace, who: Actor, now: datetime, reason: str) -> dict[str, Any] | None:
    """The enterprise's own listing of a hazard ends with it (voided, or graded down to 一般): written
    off as its own event. A regulator's listing stays for the regulator's write-off; returned."""
    active = tx.one(ACTIVE_SUPERVISION_SQL, {"h": h.id})
    if active is None:
        return None
    if active["level"] in REGULATOR_LEVELS:
        return dict(active)
    versioned_update(tx, "supervision", active["id"], active["version"],
                     {"state": "written_off", "closed_at": tx.ts(now), "updated_at": tx.ts(now)},
                     f"the supervision of {h.code} was changed meanwhile: look again and retry",
                     enterprise=h.enterprise_id)
    audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id, ref=h.code,
                 event="supervise_end", actor=who.login, at=now, comment=reason,
                 data={"supervision_id": active["id"], "level": active["level"],
                       "from": active["state"], "to": "written_off"})
    return None


WRITABLE = ("state", "owner", "measures", "deadline", "original_deadline", "cost", "contingency",
            "actual_cost", "closed_at", "category", "gb_code", "basis_clause", "basis", "evaluated_at",
            "title", "description", "place", "org_id", "found_at", "level")


def save_transition(tx: Tx, h: SimpleNamespace, before: dict[str, Any], *, event: str,
                    actor: Actor, now: datetime, comment: str | None,
                    extra: dict[str, Any] | None = None, with_before: bool = False) -> dict[str, Any]:
    """Write the changed fields with the version check, then the audit event (``with_before``:
    the changed fields' old values too, under ``before``). Same transaction."""
    changed = {f: getattr(h, f) for f in WRITABLE if getattr(h, f) != before[f]}
    params = {f: (tx.ts(v) if isinstance(v, datetime) else tx.day(v) if isinstance(v, date) else v)
              for f, v in changed.items()}
    versioned_update(tx, "hazard", h.id, h.version, {**params, "updated_at": tx.ts(now)},
                     f"{h.code} was changed by someone else meanwhile: look at it again "
                     "(`dualprev hazard show`) and retry", enterprise=h.enterprise_id)
    h.version += 1
    data = {f: jsonable(v) for f, v in changed.items() if f != "state"}
    if with_before:
        data["before"] = {f: jsonable(before[f]) for f in changed}
    data.update(extra or {})
    audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id, ref=h.code,
                 event=event, from_state=before["state"], to_state=h.state, actor=actor.login,
                 at=now, comment=comment, data=data)
    return changed


CORRECTIONS = frozenset({"edit", "regrade", "void"})  # their events keep the values before, too
PLAN_SQL = "SELECT * FROM governance_plan WHERE hazard_id = :h"


def from_plan(tx: Tx, h: SimpleNamespace, ctx: dict[str, Any]) -> None:
    """The assignment of a 重大 hazard takes what it does not give from its approved 治理方案:
    owner, deadline, measures (the plan's methods), cost (its funds) and contingency."""
    plan = tx.one(PLAN_SQL, {"h": h.id})
    taken = []
    for key, column in (("owner", "owner"), ("deadline", "deadline"), ("measures", "method"),
                        ("cost", "funds"), ("contingency", "contingency")):
        if ctx.get(key) is None and plan[column] is not None:
            ctx[key] = as_date(plan[column]) if key == "deadline" else plan[column]
            taken.append(key)
    if taken:
        ctx["from_plan"] = taken


def fire_on(tx: Tx, who: Actor, code: str, event: str, *, now: datetime, comment: str | None = None,
            kept: list[dict] | None = None, data: dict[str, Any] | None = None,
            then: Callable[[Tx, SimpleNamespace, Actor, datetime], None] | None = None,
            **ctx: Any) -> dict[str, Any]:
    """Fire one lifecycle trigger on one hazard and save it: the changed fields, the audit event
    (with ``data`` added to it), the extension record of an ``extend``, the kept files, and
    ``then(tx, hazard, actor, now)`` for a use-case's own rows. Returns the new state."""
    kept = kept or []
    h = load_hazard(tx, who, code)
    before = {f: getattr(h, f) for f in WRITABLE}
    h.regulator_cap = regulator_deadline(tx, h.id)
    h.regulator_source = h.regulator_cap and regulator_source(h.regulator_cap)
    h.regulator_review = regulator_review(tx, h.id, h.source)
    if event == "assign" and h.level == "major" and h.plan_state == "approved":
        from_plan(tx, h, ctx)
    if event == "assign" and ctx.get("deadline") is None:  # the regulator's, or the one set at report
        ctx["deadline"] = h.regulator_cap["deadline"] if h.regulator_cap else h.deadline
    if ctx.get("owner") is not None:
        try:
            ctx["owner"] = load_person(tx, ctx["owner"])
        except NotFound:
            raise NotFound(f"no person {ctx['owner']!r} for --owner: see `dualprev person list`") from None
    if event in ("assign", "plan"):
        ctx["found_on"] = h.found_at.astimezone(config.timezone()).date()
    lifecycle.fire(h, event, actor=who, now=now, **ctx)
    extra = {k: v for k, v in (("note", ctx.get("note")), ("reason", ctx.get("reason")),
                               ("deadline_rule", ctx.get("deadline_rule")),
                               ("regulator_decision", ctx.get("regulator_decision")),
                               ("from_plan", ctx.get("from_plan"))) if v}
    extra.update(data or {})
    if kept:
        extra["attachments"] = [k["sha256"] for k in kept]
    changed = save_transition(tx, h, before, event=event, actor=who, now=now, comment=comment,
                              extra=extra, with_before=event in CORRECTIONS)
    if then is not None:
        then(tx, h, who, now)
    if event == "extend":
        tx.run("INSERT INTO extension (hazard_id, enterprise_id, old_deadline, new_deadline,"
               " reason, by, at) VALUES (:h, :e, :old, :new, :reason, :by, :at)",
               {"h": h.id, "e": h.enterprise_id, "old": tx.day(before["deadline"]),
                "new": tx.day(h.deadline), "reason": ctx["reason"], "by": who.login,
                "at": tx.ts(now)})
    attach(tx, h.id, h.enterprise_id, kept, event, who, now)
    return {"code": h.code, "state": h.state, "version": h.version,
            "changed": {k: jsonable(v) for k, v in changed.items()}}


def link_hazard(tx: Tx, actor: Actor, enterprise_id: int, code: str | None,
                measure_id: int | None) -> dict[str, Any]:
    """The risk point (and failed measure) a new hazard is found at: ids for the hazard row."""
    if code is None and measure_id is None:
        return {}
    r = load_risk(tx, actor, code) if code is not None else None
    if measure_id is not None:
        m = tx.one("SELECT m.id, m.risk_id, r.code FROM control_measure m JOIN risk_point r"
                   " ON r.id = m.risk_id WHERE m.id = :id AND NOT m.deleted", {"id": measure_id})
        if m is None:
            raise NotFound(f"no control measure {measure_id}: see `dualprev risk show CODE`")
        if r is None:
            r = load_risk(tx, actor, m["code"])
        elif m["risk_id"] != r["id"]:
            raise InvalidInput(f"control measure {measure_id} belongs to {m['code']}, not {r['code']}")
    if r["enterprise_id"] != enterprise_id:
        raise InvalidInput(f"{r['code']} is a risk point of another enterprise than the hazard's org unit")
    return {"risk_id": r["id"], "measure_id": measure_id, "risk": r["code"]}


# --- 挂牌督办 ---------------------------------------------------------------------------------------

ACTIVE_SUPERVISION_SQL = ("SELECT * FROM supervision WHERE hazard_id = :h AND state <> 'written_off'"
                          " ORDER BY id DESC LIMIT 1")


def nearest_supervisors(tx: Tx, org_path: str, enterprise_id: int) -> list[str]:
    """The supervisors of the deepest org unit on the way from ``org_path`` up to the enterprise."""
    return nearest_with_role(tx, org_path, enterprise_id, "supervisor")


def nearest_with_role(tx: Tx, org_path: str, enterprise_id: int, role: str) -> list[str]:
    """The people with ``role`` at the deepest org unit on the way from ``org_path`` up."""
    found: dict[str, list[str]] = {}
    for r in tx.run("SELECT p.login, p.roles, o.path FROM person p JOIN org_unit o ON o.id = p.org_id"
                    " WHERE p.enterprise_id = :e ORDER BY p.login", {"e": enterprise_id}).mappings():
        if role in r["roles"].split() and org_path.startswith(r["path"]):
            found.setdefault(r["path"], []).append(r["login"])
    return found[max(found, key=len)] if found else []


def list_in(tx: Tx, *, hazard: dict[str, Any], level: str, by: str, now: datetime, reason: str,
            auto: bool = False, deadline: date | None = None, authority: str | None = None,
            doc_no: str | None = None) -> int | None:
    """Put a hazard under 挂牌督办; a hazard already listed at this level or higher is left as it
    is (None), a lower listing is raised to ``level``. Writes the event and the notifications."""
    active = tx.one(ACTIVE_SUPERVISION_SQL, {"h": hazard["id"]})
    if active and LEVEL_ORDER.index(active["level"]) >= LEVEL_ORDER.index(level):
        return None
    fields = {"level": level, "deadline": tx.day(deadline), "reason": reason, "auto": auto,
              "authority": authority, "doc_no": doc_no, "by": by, "at": tx.ts(now)}
    if active:
        raised = {k: fields[k] for k in ("level", "reason", "authority", "doc_no")}
        if deadline is not None:
            raised["deadline"] = fields["deadline"]
        versioned_update(tx, "supervision", active["id"], active["version"], {**raised, "updated_at": fields["at"]},
                         f"the supervision of {hazard['code']} was changed meanwhile: look again and retry",
                         enterprise=hazard["enterprise_id"])
        sid = active["id"]
    else:
        sid = tx.scalar(
            "INSERT INTO supervision (uuid, enterprise_id, hazard_id, level, state, deadline, reason,"
            " auto, authority, doc_no, listed_by, listed_at, version, updated_at) VALUES (:uuid, :e,"
            " :h, :level, 'listed', :deadline, :reason, :auto, :authority, :doc_no, :by, :at, 1, :at)"
            " RETURNING id", {**fields, "uuid": str(uuid.uuid4()), "e": hazard["enterprise_id"],
                              "h": hazard["id"]})
    audit.append(tx, enterprise_id=hazard["enterprise_id"], subject="hazard", subject_id=hazard["id"],
                 ref=hazard["code"], event="supervise_list", actor=by, at=now, comment=reason,
                 data={"supervision_id": sid, "level": level, "from_level": active and active["level"],
                       "auto": auto, "deadline": deadline and deadline.isoformat(),
                       "authority": authority, "doc_no": doc_no})
    who = [hazard.get("owner"), *nearest_supervisors(tx, hazard["org_path"], hazard["enterprise_id"])]
    notify.enqueue(tx, recipients=who, event="supervise_list", hazard_code=hazard["code"], now=now,
                   subject=text("notice_listed_subject", code=hazard["code"], title=hazard["title"]),
                   body=text("notice_listed_body", code=hazard["code"], title=hazard["title"],
                             level=label(SUPERVISION_LEVELS, level), reason=reason))
    return sid


# --- the regulator's word (16号令 Art 20: the 整改指令书; 挂牌督办: the 督办期限) -------------------

def regulator_deadline(tx: Tx, hazard_id: int) -> dict[str, Any] | None:
    """The deadline the regulator set for a hazard, and where it was set: the 督办期限 of an active
    listing at county level or higher, or the latest 整改指令书 / 延期决定 recorded for it; the
    earlier of the two. None when the regulator set no deadline."""
    caps = []
    listing = tx.one(ACTIVE_SUPERVISION_SQL, {"h": hazard_id})
    if listing and listing["level"] in REGULATOR_LEVELS and listing["deadline"] is not None:
        caps.append({"deadline": as_date(listing["deadline"]), "by": "listing", "level": listing["level"],
                     "authority": listing["authority"], "doc_no": listing["doc_no"],
                     "supervision_id": listing["id"], "version": listing["version"]})
    order = tx.one("SELECT authority, doc_no, deadline FROM regulator_action WHERE hazard_id = :h"
                   " AND kind IN ('order', 'extension') AND deadline IS NOT NULL"
                   " ORDER BY deadline DESC, id DESC LIMIT 1", {"h": hazard_id})
    if order:
        caps.append({"deadline": as_date(order["deadline"]), "by": "order", "level": None,
                     "authority": order["authority"], "doc_no": order["doc_no"]})
    return min(caps, key=lambda c: c["deadline"]) if caps else None


def regulator_review(tx: Tx, hazard_id: int, source: str | None) -> dict[str, Any] | None:
    """What 销号 of a regulator's finding waits for: ``{"needed": True, "passed": ...}`` when the
    hazard came from the regulator (or carries a 整改指令书), with the latest 整改复查; else None."""
    ordered = source == "regulator" or tx.scalar(
        "SELECT count(*) FROM regulator_action WHERE hazard_id = :h AND kind = 'order'", {"h": hazard_id})
    if not ordered:
        return None
    latest = tx.one("SELECT passed, authority, doc_no FROM regulator_action WHERE hazard_id = :h"
                    " AND kind = 'review' ORDER BY id DESC LIMIT 1", {"h": hazard_id})
    return {"needed": True, "passed": bool(latest and latest["passed"]),
            "doc_no": latest and latest["doc_no"]}


def apply_regulator_deadline(tx: Tx, h: SimpleNamespace, who: Actor, now: datetime) -> bool:
    """Pull an open hazard's deadline in to the regulator's (never out), as its own event; True
    when it moved. The 挂牌 deadline is the deadline of the regulator's 限期整改 (domain.md §3)."""
    cap = regulator_deadline(tx, h.id)
    if cap is None or h.state not in ("reported", "rectifying", "verifying") or (
            h.deadline is not None and h.deadline <= cap["deadline"]):
        return False
    before = {f: getattr(h, f) for f in WRITABLE}
    h.deadline = cap["deadline"]
    if h.original_deadline is None:
        h.original_deadline = cap["deadline"]
    save_transition(tx, h, before, event="regulator_deadline", actor=who, now=now,
                    comment=regulator_source(cap),
                    extra={"by": cap["by"], "authority": cap["authority"], "doc_no": cap["doc_no"]})
    return True


def regulator_source(cap: dict[str, Any]) -> str:
    """Where the regulator's deadline comes from, in the words of a refusal."""
    if cap["by"] == "listing":
        return (f"the {cap['level']}-level 挂牌督办 by {cap['authority']} ({cap['doc_no']}), "
                f"督办期限 {cap['deadline']}")
    return f"the 整改指令书 {cap['doc_no']} of {cap['authority']}, 整改期限 {cap['deadline']}"


def raise_regulator_deadline(tx: Tx, h: SimpleNamespace, cap: dict[str, Any], deadline: date,
                             decision: dict[str, str], who: Actor, now: datetime) -> None:
    """The regulator's own decision moved its deadline: the listing's 督办期限 and the 整改指令书's
    deadline follow (a 延期决定 kept with its authority and 文号)."""
    listing = tx.one(ACTIVE_SUPERVISION_SQL, {"h": h.id})
    if listing and listing["level"] in REGULATOR_LEVELS and listing["deadline"] is not None \
            and as_date(listing["deadline"]) < deadline:
        versioned_update(tx, "supervision", listing["id"], listing["version"],
                         {"deadline": tx.day(deadline), "updated_at": tx.ts(now)},
                         f"the supervision of {h.code} was changed meanwhile: look again and retry",
                         enterprise=h.enterprise_id)
        audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id, ref=h.code,
                     event="supervise_deadline", actor=who.login, at=now, comment=decision["doc_no"],
                     data={"supervision_id": listing["id"], "deadline": deadline.isoformat(),
                           "from_deadline": as_date(listing["deadline"]).isoformat(), **decision})
    if cap["by"] == "order" or tx.scalar("SELECT count(*) FROM regulator_action WHERE hazard_id = :h"
                                         " AND kind = 'order'", {"h": h.id}):
        record_regulator_action(tx, h, "extension", who=who, now=now, authority=decision["authority"],
                                doc_no=decision["doc_no"], deadline=deadline)


def record_regulator_action(tx: Tx, h: Any, kind: str, *, who: Actor, now: datetime, authority: str,
                            doc_no: str, deadline: date | None = None, amount: float | None = None,
                            passed: bool | None = None, note: str | None = None) -> int:
    """One regulator's document on a hazard (整改指令书, 处罚决定书, 整改复查, 延期决定)."""
    limits.check("regulator_action", authority=authority, doc_no=doc_no, note=note)
    h = h if isinstance(h, dict) else vars(h)
    return tx.scalar(
        "INSERT INTO regulator_action (enterprise_id, hazard_id, kind, authority, doc_no, deadline,"
        " amount, passed, note, by, at) VALUES (:e, :h, :kind, :authority, :doc_no, :deadline, :amount,"
        " :passed, :note, :by, :at) RETURNING id",
        {"e": h["enterprise_id"], "h": h["id"], "kind": kind, "authority": authority, "doc_no": doc_no,
         "deadline": tx.day(deadline), "amount": amount, "passed": passed, "note": note,
         "by": who.login, "at": tx.ts(now)})
