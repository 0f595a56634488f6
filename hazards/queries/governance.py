"""The 重大 loop's read side: a hazard's 治理方案 with the items it lacks, and its evaluations."""

from __future__ import annotations

from typing import Any

from dualprev.hazards.db import Tx, as_date, iso_instant
from dualprev.hazards.labels import PLAN_ITEMS


def plan_of(tx: Tx, hazard_id: int) -> dict[str, Any] | None:
    """The hazard's 治理方案, or None for a hazard that never had one (old 重大 hazards among them:
    nothing is invented for them, their items show as missing)."""
    row = tx.one("SELECT * FROM governance_plan WHERE hazard_id = :h", {"h": hazard_id})
    if row is None:
        return None
    out = {k: row[k] for k in ("goal", "method", "funds", "resources", "team", "owner", "requirements",
                                "safety", "contingency", "state", "drafted_by", "approved_by", "note",
                                "situation", "analysis")}
    out["deadline"] = as_date(row["deadline"]).isoformat()
    out["drafted_at"], out["approved_at"] = iso_instant(row["drafted_at"]), iso_instant(row["approved_at"])
    return out


def missing_items(plan: dict[str, Any] | None) -> list[str]:
    """The items of 16号令 Art 15¶2 a hazard's plan lacks: all six when it has none; a plan drafted
    through `hazard plan` has them all (the workflow refuses an incomplete one), a plan imported
    from a sheet that lacked them has them empty."""
    if plan is None:
        return list(PLAN_ITEMS)
    return [item for item in PLAN_ITEMS
            if not (plan["funds"] and plan["funds"] > 0 and plan["resources"] if item == "funds"
                    else plan.get(item))]


def evaluations_of(tx: Tx, hazard_id: int) -> list[dict[str, Any]]:
    return [{"evaluator": r["evaluator"], "conclusion": r["conclusion"], "by": r["by"],
             "at": iso_instant(r["at"])}
            for r in tx.run("SELECT * FROM hazard_evaluation WHERE hazard_id = :h ORDER BY id",
                            {"h": hazard_id}).mappings()]
