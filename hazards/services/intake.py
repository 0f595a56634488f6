"""What reaches the register from outside its own rounds, and what the regulator decides about it:
a 举报 taken by phone, letter or in person (安全生产法 Arts 74, 76: the reporter kept confidential),
a regulator's finding with its 整改指令书 and deadline (16号令 Art 20), the regulator's penalty
(行政处罚决定书) and 整改复查, and the reward for a verified report (16号令 Art 11).

``check`` validates the options of `hazard report` for its source before anything is written;
``record`` writes them in the report's own transaction. The others are use-cases of their own.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from dualprev.hazards import audit, config, limits
from dualprev.hazards.access import load_actor, load_hazard, qualified, require_role
from dualprev.hazards.db import Database, Tx
from dualprev.hazards.errors import InvalidInput, RuleViolation
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import REPORT_CHANNELS, SOURCES, parse
from dualprev.hazards.queries.intake import suggest
from dualprev.hazards.steps import apply_regulator_deadline, jsonable, record_regulator_action

WHISTLE_KEYS = ("reporter", "contact", "anonymous", "via")
REGULATOR_KEYS = ("authority", "doc_no", "deadline")
ROLE_OF = {"whistleblower": ("hazard.roles.report_whistleblower", "take a 举报"),
           "regulator": ("hazard.roles.report_regulator", "record a regulator's finding")}


def _options(keys: set[str]) -> str:
    return ", ".join("--" + k.replace("_", "-") for k in sorted(keys))


def _text(value: Any) -> str | None:
    return (value or "").strip() or None


def check(source: str, given: dict[str, Any], found_on: date) -> dict[str, Any]:
    """The source of a new hazard and what comes with it, checked: a 举报's reporter, contact (or
    anonymity) and how it was taken; a regulator's authority, 整改指令书 文号 and deadline."""
    source = parse(SOURCES, source, "source")
    limits.check("whistleblower", **{k: given.get(k) for k in ("reporter", "contact")})
    limits.check("regulator_action", **{k: given.get(k) for k in ("authority", "doc_no")})
    present = {k for k, v in given.items() if v not in (None, False, "")}
    for wanted, keys in (("whistleblower", WHISTLE_KEYS), ("regulator", REGULATOR_KEYS)):
        if source != wanted and present & set(keys):
            raise InvalidInput(f"{_options(present & set(keys))}: only with --source {wanted}, not {source}")
    if source == "whistleblower":
        reporter, contact = _text(given.get("reporter")), _text(given.get("contact"))
        anonymous = bool(given.get("anonymous"))
        if anonymous and (reporter or contact):
            raise InvalidInput("an --anonymous 举报 has no --reporter or --contact")
        if not anonymous and not (reporter or contact):
            raise InvalidInput("a 举报 needs the --reporter's name or a --contact, or --anonymous")
        via = parse(REPORT_CHANNELS, given.get("via") or "phone", "way the 举报 was taken")
        return {"source": source, "whistleblower": {"via": via, "reporter": reporter, "contact": contact,
                                                    "anonymous": anonymous}}
    if source == "regulator":
        authority, doc_no, deadline = _text(given.get("authority")), _text(given.get("doc_no")), given.get("deadline")
        missing = {k for k, v in (("authority", authority), ("doc_no", doc_no), ("deadline", deadline)) if not v}
        if missing:
            raise InvalidInput(f"a regulator's finding is recorded with its {_options(missing)} "
                               "(the 整改指令书: authority, 文号, 整改期限)")
        if deadline < found_on:
            raise InvalidInput(f"the regulator's deadline {deadline} is before the finding ({found_on})")
        limits.deadline(deadline, config.today())
        return {"source": source, "regulator": {"authority": authority, "doc_no": doc_no, "deadline": deadline}}
    return {"source": source}


def audit_data(intake: dict[str, Any]) -> dict[str, Any]:
    """What the report's audit event keeps of the intake: never the reporter or the contact."""
    if "whistleblower" in intake:
        w = intake["whistleblower"]
        return {"whistleblower": {"via": w["via"], "anonymous": w["anonymous"]}}
    if "regulator" in intake:
        return {"regulator": {k: jsonable(v) for k, v in intake["regulator"].items()}}
    return {}


def require(who: Actor, intake: dict[str, Any], org_path: str) -> None:
    """A 举报 and a regulator's finding are recorded by the roles the rules give them."""
    if intake["source"] in ROLE_OF:
        rule, action = ROLE_OF[intake["source"]]
        require_role(who, rule, action, org_path)


def record(tx: Tx, who: Actor, hazard: dict[str, Any], intake: dict[str, Any], now) -> None:
    """Write the 举报's confidential record, or the 整改指令书 with the regulator's deadline (the
    hazard's deadline follows it, as its own event), in the report's transaction."""
    if "whistleblower" in intake:
        w = intake["whistleblower"]
        tx.run("INSERT INTO whistleblower (enterprise_id, hazard_id, via, reporter, contact, anonymous,"
               " taken_by, at) VALUES (:e, :h, :via, :reporter, :contact, :anonymous, :by, :at)",
               {**w, "e": hazard["enterprise_id"], "h": hazard["id"], "by": who.login, "at": tx.ts(now)})
    elif "regulator" in intake:
        r = intake["regulator"]
        record_regulator_action(tx, hazard, "order", who=who, now=now, authority=r["authority"],
                                doc_no=r["doc_no"], deadline=r["deadline"])
        apply_regulator_deadline(tx, load_hazard(tx, who, qualified(hazard["enterprise_id"], hazard["code"])), who, now)


# --- the regulator's penalty and 整改复查 ---------------------------------------------------------

def _amount(amount: float | None, what: str) -> None:
    if amount is None or not (math.isfinite(amount) and amount > 0):
        raise InvalidInput(f"{what} {amount} is not an amount of money: give a number of 元 above 0")


def _document(authority: str | None, doc_no: str | None, what: str) -> tuple[str, str]:
    limits.check("regulator_action", authority=authority, doc_no=doc_no)
    authority, doc_no = _text(authority), _text(doc_no)
    if not (authority and doc_no):
        raise InvalidInput(f"record the {what} with --authority NAME and --doc-no 文号")
    return authority, doc_no


def _regulator_step(db: Database, *, actor: str, code: str, kind: str, event: str, authority: str,
                    doc_no: str, note: str | None, states: tuple[str, ...] | None = None,
                    **fields: Any) -> dict[str, Any]:
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        require_role(who, "hazard.roles.regulator", "record the regulator's documents")
        h = load_hazard(tx, who, code)
        if states and h.state not in states:
            raise RuleViolation(f"{h.code} is {h.state}: the 整改复查 follows the rectification "
                                "(record it while the hazard is in 整改 or 复核)")
        rid = record_regulator_action(tx, h, kind, who=who, now=now, authority=authority, doc_no=doc_no,
                                      note=note, **fields)
        data = {"regulator_action_id": rid, "authority": authority, "doc_no": doc_no, **fields}
        audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id, ref=h.code,
                     event=event, actor=who.login, at=now, comment=note, data=data)
    return {"code": h.code, "state": h.state, "kind": kind, **data}


def penalty(db: Database, *, actor: str, code: str, amount: float, authority: str, doc_no: str,
            note: str | None = None) -> dict[str, Any]:
    """行政处罚: the fine the regulator imposed for the hazard, with its 处罚决定书 文号 (the basis of
    a 举报's suggested reward)."""
    _amount(amount, "--amount")
    limits.check("regulator_action", note=note)
    authority, doc_no = _document(authority, doc_no, "处罚决定书")
    return _regulator_step(db, actor=actor, code=code, kind="penalty", event="regulator_penalty",
                           authority=authority, doc_no=doc_no, note=_text(note), amount=amount)


def review(db: Database, *, actor: str, code: str, authority: str, doc_no: str, passed: bool = True,
           note: str | None = None) -> dict[str, Any]:
    """整改复查: the regulator's re-inspection of the rectification; a regulator's finding is closed
    (销号) only after one passed."""
    limits.check("regulator_action", note=note)
    authority, doc_no = _document(authority, doc_no, "整改复查")
    return _regulator_step(db, actor=actor, code=code, kind="review", event="regulator_review",
                           authority=authority, doc_no=doc_no, note=_text(note),
                           states=("rectifying", "verifying"), passed=passed)


# --- the reward ---------------------------------------------------------------------------------

FINE_SQL = "SELECT sum(amount) FROM regulator_action WHERE hazard_id = :h AND kind = 'penalty'"


def reward(db: Database, *, actor: str, code: str, amount: float | None = None,
           note: str | None = None) -> dict[str, Any]:
    """奖励 for a report found true (16号令 Art 11): once per hazard, by a supervisor, after an
    officer took the report up; without ``amount`` the rules' suggestion from the fine is paid."""
    limits.check("reward", note=note)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        require_role(who, "hazard.roles.reward", "record a reward")
        h = load_hazard(tx, who, code)
        if h.source not in ("report", "whistleblower"):
            raise RuleViolation(f"{h.code} came from {h.source}: a reward is for a report or a 举报")
        if h.state == "voided":
            raise RuleViolation(f"{h.code} was voided (作废): a report not found true is not rewarded")
        if h.state == "reported":
            raise RuleViolation(f"{h.code} is still 发现: reward it once an officer has verified it "
                                "(assigned or fixed it)")
        if tx.scalar("SELECT count(*) FROM reward WHERE hazard_id = :h", {"h": h.id}):
            raise RuleViolation(f"{h.code} was rewarded already")
        fine = tx.scalar(FINE_SQL, {"h": h.id})
        suggested = suggest(fine)
        if amount is None:
            if suggested is None:
                raise InvalidInput(f"give the reward's --amount: no fine is recorded for {h.code}, so the "
                                   "rules suggest none (`dualprev hazard penalty` records the fine)")
            amount = suggested
        _amount(amount, "--amount")
        tx.run("INSERT INTO reward (enterprise_id, hazard_id, amount, fine, suggested, note, by, at)"
               " VALUES (:e, :h, :amount, :fine, :suggested, :note, :by, :at)",
               {"e": h.enterprise_id, "h": h.id, "amount": amount, "fine": fine, "suggested": suggested,
                "note": _text(note), "by": who.login, "at": tx.ts(now)})
        data = {"amount": amount, "fine": fine, "suggested": suggested}
        audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id, ref=h.code,
                     event="reward", actor=who.login, at=now, comment=_text(note), data=data)
    return {"code": h.code, **data}
