"""挂牌督办 and extension requests: list a hazard, ask for and decide its write-off (核销), ask for
and decide a new deadline (延期申请).

Same contract as hazards/services.py: keyword-only, one transaction each; every step writes its
audit event (subject ``hazard``, so it shows in `hazard show`) and its notifications (the outbox)
in that transaction, or nothing at all.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from dualprev.hazards import audit, config, notify
from dualprev.hazards.db import Database, Tx, as_date
from dualprev.hazards.errors import Conflict, InvalidInput, NotFound, PermissionDenied, RuleViolation
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import SUPERVISION_LEVELS, label, parse
from dualprev.hazards.services import deadline_of, fire_on, load_actor, load_hazard
from dualprev.workflows import hazard as lifecycle
from dualprev.workflows import supervision as machine
from dualprev.workflows.hazard import OPEN_STATES

ACTIVE_SQL = ("SELECT * FROM supervision WHERE hazard_id = :h AND state <> 'written_off'"
              " ORDER BY id DESC LIMIT 1")


def nearest_supervisors(tx: Tx, org_path: str, enterprise_id: int) -> list[str]:
    """The supervisors of the deepest org unit on the way from ``org_path`` up to the enterprise."""
    found: dict[str, list[str]] = {}
    for r in tx.run("SELECT p.login, p.roles, o.path FROM person p JOIN org_unit o ON o.id = p.org_id"
                    " WHERE p.enterprise_id = :e ORDER BY p.login", {"e": enterprise_id}).mappings():
        if "supervisor" in r["roles"].split() and org_path.startswith(r["path"]):
            found.setdefault(r["path"], []).append(r["login"])
    return found[max(found, key=len)] if found else []


def list_in(tx: Tx, *, hazard: dict[str, Any], level: str, by: str, now: datetime, reason: str,
            auto: bool = False, deadline: date | None = None, authority: str | None = None,
            doc_no: str | None = None) -> int | None:
    """Put a hazard under 挂牌督办 inside the caller's transaction; a hazard already listed at this
    level or higher is left as it is (None), a lower listing is raised to ``level``."""
    active = tx.one(ACTIVE_SQL, {"h": hazard["id"]})
    if active and machine.LEVEL_ORDER.index(active["level"]) >= machine.LEVEL_ORDER.index(level):
        return None
    fields = {"level": level, "deadline": tx.day(deadline), "reason": reason, "auto": auto,
              "authority": authority, "doc_no": doc_no, "by": by, "at": tx.ts(now)}
    if active:
        tx.run("UPDATE supervision SET level = :level, deadline = COALESCE(:deadline, deadline),"
               " reason = :reason, authority = :authority, doc_no = :doc_no, version = version + 1,"
               " updated_at = :at WHERE id = :id", {**fields, "id": active["id"]})
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
                   subject=f"【挂牌督办】{hazard['code']} {hazard['title']}",
                   body=f"{hazard['code']} {hazard['title']} 已列入{label(SUPERVISION_LEVELS, level)}"
                        f"挂牌督办: {reason}")
    return sid


def _regulator_record(level: str, authority: str | None, doc_no: str | None) -> None:
    if level in machine.REGULATOR_LEVELS and not ((authority or "").strip() and (doc_no or "").strip()):
        raise InvalidInput(f"a {level} listing is the regulator's: record it with --authority NAME and "
                           "--doc-no 文号")


def add(db: Database, *, actor: str, code: str, level: str, deadline: date, reason: str,
        authority: str | None = None, doc_no: str | None = None) -> dict[str, Any]:
    """挂牌督办 by hand: a supervisor lists a hazard (or records the regulator's listing)."""
    level = parse(SUPERVISION_LEVELS, level, "level")
    if not (reason or "").strip():
        raise InvalidInput("a listing needs its --reason")
    _regulator_record(level, authority, doc_no)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        machine.require_role(who, "list")
        h = load_hazard(tx, who, code)
        if h.state not in OPEN_STATES:
            raise RuleViolation(f"{h.code} is {h.state}: only an open hazard is listed")
        if deadline < config.today():
            raise InvalidInput(f"the 督办 deadline {deadline} is already past")
        sid = list_in(tx, hazard=vars(h), level=level, by=who.login, now=now, reason=reason.strip(),
                      deadline=deadline, authority=authority, doc_no=doc_no)
        if sid is None:
            raise RuleViolation(f"{h.code} is already under {h.supervised}-level 挂牌督办")
    return show(db, actor=actor, code=h.code)


def _decide(db: Database, *, actor: str, code: str, event: str, note: str | None,
            authority: str | None = None, doc_no: str | None = None,
            notify_whom: str = "owner") -> dict[str, Any]:
    """Fire one supervision trigger on the active listing of a hazard."""
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        h = load_hazard(tx, who, code)
        active = tx.one(ACTIVE_SQL, {"h": h.id})
        if active is None:
            raise NotFound(f"{h.code} is not under 挂牌督办: see `dualprev supervise list`")
        row = SimpleNamespace(**dict(active), code=h.code, owner=h.owner, org_path=h.org_path,
                              hazard_state=h.state, enterprise_path=f"/{h.enterprise_id}/")
        before = row.state
        machine.fire(row, event, actor=who, now=now, note=note, authority=authority, doc_no=doc_no)
        done = tx.run("UPDATE supervision SET state = :s, closed_at = :closed, version = version + 1,"
                      " updated_at = :at WHERE id = :id AND version = :v",
                      {"s": row.state, "closed": tx.ts(getattr(row, "closed_at", None)),
                       "at": tx.ts(now), "id": row.id, "v": row.version})
        if done.rowcount != 1:
            raise Conflict(f"the supervision of {h.code} was changed meanwhile: look again and retry")
        name = "reject_writeoff" if event == "reject" else event
        audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id, ref=h.code,
                     event=name, actor=who.login, at=now, comment=note,
                     data={"supervision_id": row.id, "level": row.level, "from": before,
                           "to": row.state, "authority": authority, "doc_no": doc_no,
                           "regulator": row.level in machine.REGULATOR_LEVELS})
        whom = [h.owner] if notify_whom == "owner" else nearest_supervisors(
            tx, h.org_path, h.enterprise_id)
        notify.enqueue(tx, recipients=whom, event=name, hazard_code=h.code, now=now,
                       subject=f"【挂牌督办】{h.code} {label(SUPERVISION_LEVELS, row.level)}",
                       body=f"{h.code}: {name} by {who.login}" + (f" — {note}" if note else ""))
    return show(db, actor=actor, code=h.code)


def request_writeoff(db: Database, *, actor: str, code: str, note: str,
                     photos: list[str] | None = None) -> dict[str, Any]:
    """申请核销: the owner or an officer asks, once the rectification is submitted for 复核."""
    if not (note or "").strip():
        raise InvalidInput("a write-off request needs a --note saying what was done")
    if photos:
        from dualprev.hazards import attachments

        attachments.check_exist(photos)
    result = _decide(db, actor=actor, code=code, event="request_writeoff", note=note.strip(),
                     notify_whom="supervisor")
    if photos:
        _attach_photos(db, actor, code, photos)
    return result


def _attach_photos(db: Database, actor: str, code: str, photos: list[str]) -> None:
    from dualprev.hazards import services

    kept = services._keep_photos(db, photos)
    with db.write() as tx:
        who = load_actor(tx, actor)
        h = load_hazard(tx, who, code)
        services._attach(tx, h, kept, "writeoff", who, config.now())


def approve(db: Database, *, actor: str, code: str, note: str | None = None,
            authority: str | None = None, doc_no: str | None = None) -> dict[str, Any]:
    """核销通过: the supervision ends; the hazard may now be closed by its 复核."""
    return _decide(db, actor=actor, code=code, event="approve", note=note, authority=authority,
                   doc_no=doc_no)


def reject(db: Database, *, actor: str, code: str, note: str, authority: str | None = None,
           doc_no: str | None = None) -> dict[str, Any]:
    """核销不通过: back to listed, with the reason."""
    return _decide(db, actor=actor, code=code, event="reject", note=note, authority=authority,
                   doc_no=doc_no)


def show(db: Database, *, actor: str, code: str) -> dict[str, Any]:
    """The hazard's listings (newest last)."""
    with db.read() as tx:
        who = load_actor(tx, actor)
        h = load_hazard(tx, who, code)
        rows = tx.run("SELECT * FROM supervision WHERE hazard_id = :h ORDER BY id", {"h": h.id}).mappings()
        listings = [supervision_dict(dict(r)) for r in rows]
    return {"code": h.code, "state": h.state, "supervised": h.supervised, "supervisions": listings}


def supervision_dict(r: dict[str, Any]) -> dict[str, Any]:
    from dualprev.hazards.db import iso_instant

    out = {k: r[k] for k in ("id", "uuid", "level", "state", "reason", "auto", "authority", "doc_no",
                             "listed_by")}
    out.update(auto=bool(r["auto"]), deadline=r["deadline"] and as_date(r["deadline"]).isoformat(),
               listed_at=iso_instant(r["listed_at"]), closed_at=iso_instant(r["closed_at"]))
    return out


# --- 延期申请 --------------------------------------------------------------------------------------

PENDING_SQL = ("SELECT * FROM extension_request WHERE hazard_id = :h AND state = 'pending'"
               " ORDER BY id DESC LIMIT 1")


ACTIONS = {"extend_request": "ask for an extension", "extend_decide": "decide extension requests"}


def _require(actor: Actor, action: str) -> None:
    roles = lifecycle.allowed_roles(action)
    if not actor.roles.intersection(roles):
        raise PermissionDenied(f"{actor.login} may not {ACTIONS[action]}: it needs the role "
                               f"{' or '.join(roles)}")


def extend_request(db: Database, *, actor: str, code: str, reason: str,
                   deadline: date | None = None, within: str | None = None) -> dict[str, Any]:
    """延期申请: the owner asks for a later deadline; a supervisor approves or denies it."""
    if not (reason or "").strip():
        raise InvalidInput("an extension request needs its --reason")
    deadline, how = deadline_of(db, deadline, within)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        _require(who, "extend_request")
        h = load_hazard(tx, who, code)
        if who.login != h.owner:
            raise PermissionDenied(f"only the owner ({h.owner}) may ask to extend {h.code}")
        if h.state != "rectifying":
            raise RuleViolation(f"{h.code} is {h.state}: only a hazard in 整改 gets a new deadline")
        if deadline <= h.deadline:
            raise RuleViolation(f"the new deadline {deadline} must be later than the current one ({h.deadline})")
        if tx.one(PENDING_SQL, {"h": h.id}):
            raise RuleViolation(f"{h.code} already has an extension request waiting for a decision")
        rid = tx.scalar("INSERT INTO extension_request (enterprise_id, hazard_id, deadline, reason, state,"
                        " by, at) VALUES (:e, :h, :d, :r, 'pending', :by, :at) RETURNING id",
                        {"e": h.enterprise_id, "h": h.id, "d": tx.day(deadline), "r": reason.strip(),
                         "by": who.login, "at": tx.ts(now)})
        audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id, ref=h.code,
                     event="extend_request", actor=who.login, at=now, comment=reason.strip(),
                     data={"request_id": rid, "deadline": deadline.isoformat(),
                           "current": h.deadline.isoformat(), "deadline_rule": how})
        notify.enqueue(tx, recipients=nearest_supervisors(tx, h.org_path, h.enterprise_id),
                       event="extend_request", hazard_code=h.code, now=now,
                       subject=f"【延期申请】{h.code}",
                       body=f"{who.login} asks to move {h.code} from {h.deadline} to {deadline}: {reason}")
    return {"code": h.code, "request": rid, "deadline": deadline.isoformat(), "state": "pending"}


def extend_decide(db: Database, *, actor: str, code: str, approve: bool,
                  note: str | None = None) -> dict[str, Any]:
    """Approve (the deadline moves, an extension record is kept) or deny a pending request."""
    if not approve and not (note or "").strip():
        raise InvalidInput("a denied extension needs the --reason")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        _require(who, "extend_decide")
        h = load_hazard(tx, who, code)
        pending = tx.one(PENDING_SQL, {"h": h.id})
        if pending is None:
            raise NotFound(f"{h.code} has no extension request waiting: the owner asks with "
                           "`dualprev hazard extend-request`")
        if approve:
            fire_on(tx, who, h.code, "extend", now=now, comment=pending["reason"],
                    deadline=as_date(pending["deadline"]), reason=pending["reason"],
                    deadline_rule={"request_id": pending["id"], "approved_by": who.login})
        else:
            audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id,
                         ref=h.code, event="extend_deny", actor=who.login, at=now, comment=note,
                         data={"request_id": pending["id"], "deadline": str(pending["deadline"])})
        state = "approved" if approve else "denied"
        tx.run("UPDATE extension_request SET state = :s, decided_by = :by, decided_at = :at, note = :n"
               " WHERE id = :id", {"s": state, "by": who.login, "at": tx.ts(now), "n": note,
                                   "id": pending["id"]})
        notify.enqueue(tx, recipients=[h.owner], event=f"extend_{state}", hazard_code=h.code, now=now,
                       subject=f"【延期申请】{h.code} {'已批准' if approve else '未批准'}",
                       body=f"{h.code}: {state} by {who.login}" + (f" — {note}" if note else ""))
    return {"code": h.code, "request": pending["id"], "state": state,
            "deadline": as_date(pending["deadline"]).isoformat() if approve else h.deadline.isoformat()}


# --- 挂牌督办清单 ----------------------------------------------------------------------------------

LIST_COLUMNS = ["code", "title", "org", "supervision_level", "supervision_state", "listed_by",
                "listed_at", "deadline", "days_left", "hazard_state", "authority", "doc_no"]


def listed(db: Database, *, actor: str, level: str | None = None,
           state: str | None = None) -> list[dict[str, Any]]:
    """The listings in the actor's scope, active ones unless ``state`` says otherwise; the deadline
    is the listing's own, else the hazard's; ``days_left`` is negative once it has passed."""
    from dualprev.hazards.db import iso_instant
    from dualprev.hazards.labels import SUPERVISION_STATES
    from dualprev.hazards.queries import _scope_filter, org_tree

    params: dict[str, Any] = {}
    where = []
    if level:
        params["level"] = parse(SUPERVISION_LEVELS, level, "level")
        where.append("s.level = :level")
    if state:
        params["state"] = parse(SUPERVISION_STATES, state, "state")
        where.append("s.state = :state")
    else:
        where.append("s.state <> 'written_off'")
    today = config.today()
    with db.read() as tx:
        who = load_actor(tx, actor)
        orgs = org_tree(tx)
        where.append(_scope_filter(orgs, who.org_path, params))
        rows = tx.run(
            "SELECT s.*, h.code, h.title, h.org_id, h.state AS hazard_state, h.deadline AS hazard_deadline"
            " FROM supervision s JOIN hazard h ON h.id = s.hazard_id"
            f" WHERE {' AND '.join(where)} ORDER BY s.listed_at, s.id", params).mappings().all()
    out = []
    for r in rows:
        deadline = as_date(r["deadline"] or r["hazard_deadline"])
        out.append({"code": r["code"], "title": r["title"], "org": orgs[r["org_id"]]["name"],
                    "supervision_level": r["level"], "supervision_state": r["state"],
                    "listed_by": r["listed_by"], "listed_at": iso_instant(r["listed_at"]),
                    "deadline": deadline and deadline.isoformat(),
                    "days_left": deadline and (deadline - today).days,
                    "hazard_state": r["hazard_state"], "authority": r["authority"],
                    "doc_no": r["doc_no"], "auto": bool(r["auto"]), "reason": r["reason"]})
    return out
