"""Corrections of a hazard (#12): edit what was recorded, regrade 一般 ⇄ 重大, reopen a closed one.

Each is an audited event with the fields before and after and the reason, committed with the
change; the rules are the lifecycle's (workflows/hazard.py: ``edit``, ``regrade``), a closed or
voided hazard never moves. A reopened hazard is a new one linked to the old, which stays closed.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from dualprev.hazards import audit, config, criteria, limits
from dualprev.hazards.access import enterprise_unit, load_actor, load_hazard, load_person, require_role
from dualprev.hazards.db import Database, Tx
from dualprev.hazards.errors import InvalidInput, RuleViolation
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import LEVELS, OPEN_STATES, STATES, label, parse
from dualprev.hazards.queries.hazard import REOPENED_SQL
from dualprev.hazards.steps import end_listing, fire_on, insert_hazard, list_major


def _reason(reason: str | None) -> str:
    limits.check("hazard_event", comment=reason)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("a correction needs a reason (--reason)")
    return reason


def edit(db: Database, *, actor: str, code: str, reason: str, title: str | None = None,
         desc: str | None = None, place: str | None = None, category: str | None = None,
         org: str | None = None, found_at: datetime | None = None) -> dict[str, Any]:
    """Correct what was recorded about an open hazard (officer in scope): title, description,
    place, category, org unit (within its enterprise, in its owner's scope), when it was found."""
    limits.check("hazard", title=title, place=place, category=category, description=desc)
    reason = _reason(reason)
    if title is not None:
        title = title.strip()
        if not title:
            raise InvalidInput("--title cannot be empty: say what is wrong, in a line")
    now = config.now()
    if found_at is not None:
        limits.found_at(found_at, now)
    fields = {"title": title, "description": desc, "place": place,
              "category": criteria.category_of(category), "found_at": found_at}
    with db.write() as tx:
        who = load_actor(tx, actor)
        unit = enterprise_unit(tx, who, org) if org is not None else None
        h = load_hazard(tx, who, code)
        owner = load_person(tx, h.owner, active=False) if unit is not None and h.owner else None
        return fire_on(tx, who, code, "edit", now=now, comment=reason, reason=reason, unit=unit,
                       owner_actor=owner, org_id=unit and unit["id"], **fields)


def regrade(db: Database, *, actor: str, code: str, level: str, reason: str) -> dict[str, Any]:
    """一般 → 重大 in any open state: listed for 挂牌督办 as at report, and back to 发现 from 整改 or
    复核 until its 治理方案 is approved; 重大 → 一般 by a supervisor, never while a regulator lists
    it (the enterprise's own listing is written off with it)."""
    level = parse(LEVELS, level, "level")
    reason = _reason(reason)

    def follow(tx: Tx, h: SimpleNamespace, who: Actor, now: datetime) -> None:
        if h.level == "major":
            list_major(tx, vars(h), now)
        else:
            end_listing(tx, h, who, now, reason)

    now = config.now()
    with db.write() as tx:
        return fire_on(tx, load_actor(tx, actor), code, "regrade", now=now, comment=reason,
                       reason=reason, level=level, then=follow)


def reopen(db: Database, *, actor: str, code: str, reason: str) -> dict[str, Any]:
    """A closed hazard found not fixed (复查): a new hazard in 发现 linked to it, with its title,
    place, level and links; the old one stays closed, and each points to the other."""
    reason = _reason(reason)
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        old = load_hazard(tx, who, code)
        require_role(who, "hazard.roles.reopen", "reopen", old.org_path)
        if old.state != "closed":
            raise RuleViolation(f"{old.code} is in {label(STATES, old.state)} ({old.state}): only a closed "
                                "(销号) hazard is reopened; correct an open one with `dualprev hazard edit`")
        for later in tx.run(REOPENED_SQL, {"h": old.id}).mappings():
            if later["state"] in OPEN_STATES:
                raise RuleViolation(f"{old.code} was reopened as {later['code']}, which is still open: "
                                    "follow that one")
        row = tx.one("SELECT description, place, risk_id, measure_id, task_id, item_id FROM hazard"
                     " WHERE id = :id", {"id": old.id})
        unit = tx.one("SELECT id, name, path, enterprise_id FROM org_unit WHERE id = :id", {"id": old.org_id})
        links = {k: row[k] for k in ("risk_id", "measure_id", "task_id", "item_id") if row[k] is not None}
        links.update({k: getattr(old, k) for k in ("gb_code", "basis_clause", "basis") if getattr(old, k)})
        hid, new = insert_hazard(tx, who, dict(unit), title=old.title, level=old.level, now=now,
                                 place=row["place"], category=old.category, desc=row["description"],
                                 links={**links, "reopened_from": old.id},
                                 extra={"reopened_from": old.code, "reason": reason})
        audit.append(tx, enterprise_id=old.enterprise_id, subject="hazard", subject_id=old.id,
                     ref=old.code, event="reopen", actor=who.login, at=now, comment=reason,
                     data={"reopened_as": new, "reason": reason})
    return {"code": new, "id": hid, "state": "reported", "level": old.level, "reopened_from": old.code}

