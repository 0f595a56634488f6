"""The read side of what came from outside: a hazard's 举报 record, the regulator's documents on it
and its reward; the 举报登记 (`report whistleblower`).

A 举报's reporter and contact are confidential (安全生产法 Art 76): only the roles of
``[hazard.roles] whistleblower_contact`` read them; for everyone else they are not in the data at
all, so no format, export or ``--json`` can show them.
"""

from __future__ import annotations

from typing import Any

from dualprev.hazards import config
from dualprev.hazards.access import allowed_roles, load_actor, require_role, scope_of
from dualprev.hazards.db import Database, Tx, as_date, iso_instant
from dualprev.hazards.identity import Actor

CONFIDENTIAL = ("reporter", "contact")


def suggest(fine: float | None) -> float | None:
    """The rules' suggested reward for a fine: ``[reward] rate`` of it within ``minimum`` and
    ``maximum`` (举报奖励: 15%, ¥3,000 to ¥300,000); None without a fine."""
    if not fine:
        return None
    rule = config.rules()["reward"]
    return round(min(max(fine * rule["rate"], rule["minimum"]), rule["maximum"]), 2)


def sees_contact(who: Actor) -> bool:
    return bool(who.roles.intersection(allowed_roles("hazard.roles.whistleblower_contact")))


def outside(tx: Tx, who: Actor, hazard_id: int) -> dict[str, Any]:
    """For `hazard show`: the 举报 (masked unless the actor may read it), the regulator's
    documents (oldest first) and the reward."""
    w = tx.one("SELECT via, reporter, contact, anonymous, taken_by, at FROM whistleblower"
               " WHERE hazard_id = :h", {"h": hazard_id})
    whistle = None
    if w:
        whistle = {"via": w["via"], "anonymous": bool(w["anonymous"]), "taken_by": w["taken_by"],
                   "at": iso_instant(w["at"])}
        if sees_contact(who):
            whistle.update(reporter=w["reporter"], contact=w["contact"])
    actions = [{"kind": r["kind"], "authority": r["authority"], "doc_no": r["doc_no"],
                "deadline": r["deadline"] and as_date(r["deadline"]).isoformat(), "amount": r["amount"],
                "passed": None if r["passed"] is None else bool(r["passed"]), "note": r["note"],
                "by": r["by"], "at": iso_instant(r["at"])}
               for r in tx.run("SELECT * FROM regulator_action WHERE hazard_id = :h ORDER BY id",
                               {"h": hazard_id}).mappings()]
    paid = tx.one("SELECT amount, fine, suggested, note, by, at FROM reward WHERE hazard_id = :h",
                  {"h": hazard_id})
    reward = dict(paid, at=iso_instant(paid["at"])) if paid else None
    return {"whistleblower": whistle, "regulator_actions": actions, "reward": reward}


COLUMNS = ["code", "title", "org", "level", "state", "received_at", "via", "anonymous", "taken_by",
           "reporter", "contact", "fine", "suggested", "reward", "rewarded_at"]
_SQL = (
    "SELECT h.code, h.title, h.org_id, h.level, h.state, w.at AS received_at, w.via, w.anonymous,"
    " w.taken_by, w.reporter, w.contact, (SELECT sum(r.amount) FROM regulator_action r"
    " WHERE r.hazard_id = h.id AND r.kind = 'penalty') AS fine, x.amount AS reward, x.at AS rewarded_at"
    " FROM whistleblower w JOIN hazard h ON h.id = w.hazard_id LEFT JOIN reward x ON x.hazard_id = h.id"
    " WHERE {where} ORDER BY w.at, h.id"
)


def whistleblower_reports(db: Database, *, actor: str,
                          org: str | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """举报登记: every 举报 in scope with how it was taken, the fine, the suggested and the paid
    reward; returns the rows and their columns (without reporter and contact for those who may not
    read them)."""
    params: dict[str, Any] = {}
    with db.read() as tx:
        who, orgs, where = scope_of(tx, actor, org, params)
        require_role(who, "hazard.roles.whistleblower_list", "list the 举报")
        rows = tx.run(_SQL.format(where=where), params).mappings().all()
    shown = sees_contact(who)
    out = []
    for r in rows:
        item = {k: r[k] for k in ("code", "title", "level", "state", "via", "taken_by", "fine", "reward")}
        item.update(org=orgs[r["org_id"]]["name"], anonymous=bool(r["anonymous"]),
                    received_at=iso_instant(r["received_at"]), rewarded_at=iso_instant(r["rewarded_at"]),
                    suggested=suggest(r["fine"]))
        if shown:
            item.update(reporter=r["reporter"], contact=r["contact"])
        out.append(item)
    return out, [c for c in COLUMNS if shown or c not in CONFIDENTIAL]
