"""挂牌督办's read side: a hazard's listings and the 挂牌督办清单."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dualprev.hazards import config
from dualprev.hazards.access import enterprise_names, load_actor, load_hazard, org_tree, reader_filter, scope_filter
from dualprev.hazards.db import Database, as_date, as_instant, iso_instant
from dualprev.hazards.labels import SUPERVISION_LEVELS, SUPERVISION_STATES, parse


def show(db: Database, *, actor: str, code: str) -> dict[str, Any]:
    """The hazard's listings (newest last)."""
    with db.read() as tx:
        who = load_actor(tx, actor)
        h = load_hazard(tx, who, code)
        rows = tx.run("SELECT * FROM supervision WHERE hazard_id = :h ORDER BY id", {"h": h.id}).mappings()
        listings = [supervision_dict(dict(r)) for r in rows]
    return {"code": h.code, "state": h.state, "supervised": h.supervised, "supervisions": listings}


def supervision_dict(r: dict[str, Any]) -> dict[str, Any]:
    """A supervision row as JSON-ready data."""
    out = {k: r[k] for k in ("id", "uuid", "level", "state", "reason", "auto", "authority", "doc_no",
                             "listed_by")}
    due = writeoff_due(r)
    out.update(auto=bool(r["auto"]), deadline=r["deadline"] and as_date(r["deadline"]).isoformat(),
               listed_at=iso_instant(r["listed_at"]), closed_at=iso_instant(r["closed_at"]),
               writeoff_requested_at=iso_instant(r.get("writeoff_requested_at")),
               writeoff_due=due and due.isoformat())
    return out


LIST_COLUMNS = ["code", "title", "org", "supervision_level", "supervision_state", "listed_by",
                "listed_at", "deadline", "days_left", "writeoff_due", "writeoff_days_left", "hazard_state",
                "authority", "doc_no"]


def writeoff_due(r: dict[str, Any]) -> date | None:
    """The day by which a write-off application is to be decided (16号令 Art 23: 现场审查 within
    10 日 of it, ``[supervision] writeoff_review_days``); None unless one is waiting."""
    asked = r.get("writeoff_requested_at")
    if r["state"] != "writeoff_requested" or not asked:
        return None
    local = as_instant(asked).astimezone(config.timezone()).date()
    return local + timedelta(days=config.rules()["supervision"]["writeoff_review_days"])


def listed(db: Database, *, actor: str, level: str | None = None,
           state: str | None = None) -> list[dict[str, Any]]:
    """The listings in the actor's scope, active ones unless ``state`` says otherwise; the deadline
    is the listing's own, else the hazard's; ``days_left`` is negative once it has passed."""
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
        orgs = org_tree(tx, who.org_path)
        where.append(scope_filter(orgs, who.org_path, params))
        where.append(reader_filter(who, params))
        rows = tx.run(
            "SELECT s.*, h.code, h.title, h.org_id, h.state AS hazard_state, h.deadline AS hazard_deadline"
            " FROM supervision s JOIN hazard h ON h.id = s.hazard_id"
            f" WHERE {' AND '.join(where)} ORDER BY s.listed_at, s.id", params).mappings().all()
    out = []
    ents = enterprise_names(orgs)
    for r in rows:
        deadline = as_date(r["deadline"] or r["hazard_deadline"])
        due = writeoff_due(r)
        out.append({"code": r["code"], "title": r["title"], "org": orgs[r["org_id"]]["name"],
                    "supervision_level": r["level"], "supervision_state": r["state"],
                    "listed_by": r["listed_by"], "listed_at": iso_instant(r["listed_at"]),
                    "deadline": deadline and deadline.isoformat(),
                    "days_left": deadline and (deadline - today).days,
                    "writeoff_due": due and due.isoformat(), "writeoff_days_left": due and (due - today).days,
                    "hazard_state": r["hazard_state"], "authority": r["authority"],
                    "doc_no": r["doc_no"], "auto": bool(r["auto"]), "reason": r["reason"]})
        if ents:
            out[-1]["enterprise"] = ents[r["org_id"]]
    return out
