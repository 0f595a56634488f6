"""挂牌督办 and extension requests: list a hazard, ask for and decide its write-off (核销), ask for
and decide a new deadline (延期申请).

Like every use-case: keyword-only, one transaction each; every step writes its audit event
(subject ``hazard``, so it shows in `hazard show`) and its notifications (the outbox) in that
transaction, or nothing at all.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from dualprev.hazards import audit, config, limits, notify
from dualprev.hazards.access import enterprise_path, load_actor, load_hazard, qualified, require_role
from dualprev.hazards.db import Database, as_date
from dualprev.hazards.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from dualprev.hazards.labels import OPEN_STATES, REQUEST_STATES, SUPERVISION_LEVELS, label, parse, text
from dualprev.hazards.queries.supervision import show
from dualprev.hazards.steps import (
    ACTIVE_SUPERVISION_SQL,
    apply_regulator_deadline,
    attach,
    fire_on,
    keep_photos,
    list_in,
    nearest_supervisors,
    raise_regulator_deadline,
    regulator_deadline,
    versioned_update,
)
from dualprev.schedules.workdays import deadline_of, with_moved
from dualprev.workflows import supervision as machine


def _regulator_record(level: str, authority: str | None, doc_no: str | None) -> None:
    if level in machine.REGULATOR_LEVELS and not ((authority or "").strip() and (doc_no or "").strip()):
        raise InvalidInput(f"a {level} listing is the regulator's: record it with --authority NAME and "
                           "--doc-no 文号")


def add(db: Database, *, actor: str, code: str, level: str, deadline: date, reason: str,
        authority: str | None = None, doc_no: str | None = None) -> dict[str, Any]:
    """挂牌督办 by hand: a supervisor lists a hazard (or records the regulator's listing)."""
    limits.check("supervision", reason=reason, authority=authority, doc_no=doc_no)
    limits.deadline(deadline, config.today())
    level = parse(SUPERVISION_LEVELS, level, "level")
    if not (reason or "").strip():
        raise InvalidInput("a listing needs its --reason")
    _regulator_record(level, authority, doc_no)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        require_role(who, "supervision.roles.list", machine.ACTIONS["list"])
        if level not in machine.REGULATOR_LEVELS and who.org_id is not None and tx.scalar(
                "SELECT kind FROM org_unit WHERE id = :id", {"id": who.org_id}) == "district":
            raise InvalidInput(f"{who.login} lists for a district, a regulator: give --level county"
                               " (or city, province) with --authority and --doc-no")
        h = load_hazard(tx, who, code)
        if h.state not in OPEN_STATES:
            raise RuleViolation(f"{h.code} is {h.state}: only an open hazard is listed")
        if deadline < config.today():
            raise InvalidInput(f"the 督办 deadline {deadline} is already past")
        sid = list_in(tx, hazard=vars(h), level=level, by=who.login, now=now, reason=reason.strip(),
                      deadline=deadline, authority=authority, doc_no=doc_no)
        if sid is None:
            raise RuleViolation(f"{h.code} is already under {h.supervised}-level 挂牌督办")
        apply_regulator_deadline(tx, h, who, now)
    return show(db, actor=actor, code=qualified(h.enterprise_id, h.code))


def _decide(db: Database, *, actor: str, code: str, event: str, note: str | None,
            authority: str | None = None, doc_no: str | None = None,
            notify_whom: str = "owner", kept: list[dict] | None = None) -> dict[str, Any]:
    """Fire one supervision trigger on the active listing of a hazard; ``kept`` files are
    attached to the hazard in the same transaction."""
    limits.check("hazard_event", comment=note)
    limits.check("supervision", authority=authority, doc_no=doc_no)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        h = load_hazard(tx, who, code)
        active = tx.one(ACTIVE_SUPERVISION_SQL, {"h": h.id})
        if active is None:
            raise NotFound(f"{h.code} is not under 挂牌督办: see `dualprev supervise list`")
        row = SimpleNamespace(**dict(active), code=h.code, owner=h.owner, org_path=h.org_path,
                              hazard_state=h.state,
                              enterprise_path=enterprise_path(h.org_path, h.enterprise_id))
        before = row.state
        machine.fire(row, event, actor=who, now=now, note=note, authority=authority, doc_no=doc_no)
        fields = {"state": row.state, "closed_at": tx.ts(getattr(row, "closed_at", None)),
                  "updated_at": tx.ts(now)}
        if event == "request_writeoff":  # the review clock starts again (16号令 Art 23: 10 日)
            fields["writeoff_requested_at"] = tx.ts(now)
            tx.run("DELETE FROM escalation_step WHERE hazard_id = :h AND step = 'writeoff_overdue'",
                   {"h": h.id})
        versioned_update(tx, "supervision", row.id, row.version, fields,
                         f"the supervision of {h.code} was changed meanwhile: look again and retry",
                         enterprise=h.enterprise_id)
        attach(tx, h.id, h.enterprise_id, kept or [], "writeoff", who, now)
        name = "reject_writeoff" if event == "reject" else event
        audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id, ref=h.code,
                     event=name, actor=who.login, at=now, comment=note,
                     data={"supervision_id": row.id, "level": row.level, "from": before,
                           "to": row.state, "authority": authority, "doc_no": doc_no,
                           "regulator": row.level in machine.REGULATOR_LEVELS,
                           **({"attachments": [k["sha256"] for k in kept]} if kept else {})})
        whom = [h.owner] if notify_whom == "owner" else nearest_supervisors(
            tx, h.org_path, h.enterprise_id)
        notify.enqueue(tx, recipients=whom, event=name, hazard_code=h.code, now=now,
                       subject=text("notice_decision_subject", code=h.code,
                                    level=label(SUPERVISION_LEVELS, row.level)),
                       body=text("notice_decision_body", code=h.code, event=name, actor=who.login)
                       + (f" — {note}" if note else ""))
    return show(db, actor=actor, code=qualified(h.enterprise_id, h.code))


def request_writeoff(db: Database, *, actor: str, code: str, note: str,
                     photos: list[str] | None = None) -> dict[str, Any]:
    """申请核销: the owner or an officer asks, once the rectification is submitted for 复核."""
    if not (note or "").strip():
        raise InvalidInput("a write-off request needs a --note saying what was done")
    kept = keep_photos(db, photos)
    return _decide(db, actor=actor, code=code, event="request_writeoff", note=note.strip(),
                   notify_whom="supervisor", kept=kept)


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


def _decision(authority: str | None, doc_no: str | None) -> dict[str, str] | None:
    """The regulator's decision as recorded: both its authority and its 文号, or neither."""
    limits.check("supervision", authority=authority, doc_no=doc_no)
    authority, doc_no = (authority or "").strip(), (doc_no or "").strip()
    if bool(authority) != bool(doc_no):
        raise InvalidInput("record the regulator's decision with both --authority NAME and --doc-no 文号")
    return {"authority": authority, "doc_no": doc_no} if authority else None


# --- 延期申请 --------------------------------------------------------------------------------------

PENDING_SQL = ("SELECT * FROM extension_request WHERE hazard_id = :h AND state = 'pending'"
               " ORDER BY id DESC LIMIT 1")



def extend_request(db: Database, *, actor: str, code: str, reason: str,
                   deadline: date | None = None, within: str | None = None) -> dict[str, Any]:
    """延期申请: the owner asks for a later deadline; a supervisor approves or denies it."""
    limits.check("extension_request", reason=reason)
    if not (reason or "").strip():
        raise InvalidInput("an extension request needs its --reason")
    deadline, how = deadline_of(db, deadline, within)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        require_role(who, "hazard.roles.extend_request", "ask for an extension")
        h = load_hazard(tx, who, code)
        if who.login != h.owner:
            raise PermissionDenied(f"only the owner ({h.owner}) may ask to extend {h.code}")
        if h.state != "rectifying":
            raise RuleViolation(f"{h.code} is {h.state}: only a hazard in 整改 gets a new deadline")
        if h.deadline is None:  # fixed on the spot, then sent back by 复核
            raise RuleViolation(f"{h.code} has no deadline to move: it was fixed on the spot")
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
                       subject=text("notice_extend_request_subject", code=h.code),
                       body=text("notice_extend_request_body", actor=who.login, code=h.code,
                                 old=h.deadline, new=deadline, reason=reason))
    return with_moved({"code": h.code, "request": rid, "deadline": deadline.isoformat(),
                       "state": "pending"}, how)


def extend_decide(db: Database, *, actor: str, code: str, approve: bool,
                  note: str | None = None, authority: str | None = None,
                  doc_no: str | None = None) -> dict[str, Any]:
    """Approve (the deadline moves, an extension record is kept) or deny a pending request.

    A deadline past the regulator's is granted only as the regulator's decision, recorded with
    ``authority`` and ``doc_no``: the listing's 督办期限 and the 整改指令书 follow it.
    """
    limits.check("extension_request", note=note)
    limits.check("supervision", authority=authority, doc_no=doc_no)
    if not approve and not (note or "").strip():
        raise InvalidInput("a denied extension needs the --reason")
    decision = _decision(authority, doc_no)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        require_role(who, "hazard.roles.extend_decide", "decide extension requests")
        h = load_hazard(tx, who, code)
        pending = tx.one(PENDING_SQL, {"h": h.id})
        if pending is None:
            raise NotFound(f"{h.code} has no extension request waiting: the owner asks with "
                           "`dualprev hazard extend-request`")
        if approve:
            asked = as_date(pending["deadline"])
            cap = regulator_deadline(tx, h.id)
            fire_on(tx, who, h.code, "extend", now=now, comment=pending["reason"],
                    deadline=asked, reason=pending["reason"], regulator_decision=decision,
                    deadline_rule={"request_id": pending["id"], "approved_by": who.login})
            if cap is not None and decision and asked > cap["deadline"]:
                raise_regulator_deadline(tx, h, cap, asked, decision, who, now)
        else:
            audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id,
                         ref=h.code, event="extend_deny", actor=who.login, at=now, comment=note,
                         data={"request_id": pending["id"], "deadline": str(pending["deadline"])})
        state = "approved" if approve else "denied"
        tx.run("UPDATE extension_request SET state = :s, decided_by = :by, decided_at = :at, note = :n"
               " WHERE id = :id", {"s": state, "by": who.login, "at": tx.ts(now), "n": note,
                                   "id": pending["id"]})
        notify.enqueue(tx, recipients=[h.owner], event=f"extend_{state}", hazard_code=h.code, now=now,
                       subject=text("notice_extend_decided_subject", code=h.code,
                                    decision=label(REQUEST_STATES, state)),
                       body=text("notice_decision_body", code=h.code, event=state, actor=who.login)
                       + (f" — {note}" if note else ""))
    return {"code": h.code, "request": pending["id"], "state": state,
            "deadline": as_date(pending["deadline"]).isoformat() if approve else h.deadline.isoformat()}


