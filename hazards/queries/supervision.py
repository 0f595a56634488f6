"""挂牌督办's read side: a hazard's listings and the 挂牌督办清单."""

from __future__ import annotations

from typing import Any

from dualprev.hazards import config
from dualprev.hazards.access import load_actor, load_hazard, org_tree, scope_filter
from dualprev.hazards.db import Database, as_date, iso_instant
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
    out.update(auto=bool(r["auto"]), deadline=r["deadline"] and as_date(r["deadline"]).isoformat(),
               listed_at=iso_instant(r["listed_at"]), closed_at=iso_instant(r["closed_at"]))
    return out


LIST_COLUMNS = ["code", "title", "org", "supervision_level", "supervision_state", "listed_by",
                "listed_at", "deadline", "days_left", "hazard_state", "authority", "doc_no"]


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
        orgs = org_tree(tx)
        where.append(scope_filter(orgs, who.org_path, params))
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
