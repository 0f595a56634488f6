"""重大事故隐患报告 (16号令 Art 14¶2; 安全生产法 Art 41¶2): what a 重大 hazard's report to the
regulator holds, as `report major` prints it: the enterprise's profile, the hazard, its 现状及其
产生原因 and 危害程度和整改难易程度分析, every item of its 治理方案, and its 挂牌督办 listings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from dualprev.hazards import config
from dualprev.hazards.access import reader_filter, scope_of
from dualprev.hazards.db import Database, Tx
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.queries.enterprise import profile
from dualprev.hazards.queries.stats import period
from dualprev.hazards.queries.supervision import supervision_dict

HAZARD_FIELDS = ("code", "title", "org", "place", "level", "state", "category", "gb_code", "basis_clause",
                 "basis", "source", "found_at", "finder", "owner", "measures", "deadline", "original_deadline",
                 "cost", "contingency", "closed_at")


def _enterprise(tx: Tx, enterprise_id: int) -> dict[str, Any] | None:
    found = profile(tx, enterprise_id)
    return None if found is None else {k: found[k] for k in (
        "org", "registered_name", "credit_code", "company_code", "industry", "address", "legal_rep",
        "principal", "principal_name", "contact_phone")}


def _listings(tx: Tx, hazard_id: int) -> list[dict[str, Any]]:
    return [supervision_dict(dict(r)) for r in tx.run(
        "SELECT * FROM supervision WHERE hazard_id = :h ORDER BY id", {"h": hazard_id}).mappings()]


def report(db: Database, *, actor: str, code: str) -> dict[str, Any]:
    """The report of the 重大 hazard ``code``: ``enterprise`` (its profile, None when not set),
    ``hazard``, ``situation``, ``analysis``, ``plan`` (None when none was drafted) with
    ``plan_missing`` (the items it lacks), ``supervisions`` (every listing, oldest first)."""
    h = hazard_queries.show_hazard(db, actor=actor, code=code)
    if h["level"] != "major":
        raise InvalidInput(f"{h['code']} is a 一般 hazard: the 重大事故隐患报告 is for 重大 hazards only")
    with db.read() as tx:
        enterprise = _enterprise(tx, h["enterprise_id"])
        listings = _listings(tx, h["id"])
    plan = h["plan"]
    return {
        "enterprise": enterprise,
        "hazard": {k: h.get(k) for k in HAZARD_FIELDS},
        "situation": plan and plan.get("situation"),
        "analysis": plan and plan.get("analysis"),
        "plan": plan,
        "plan_missing": h["plan_missing"],
        "evaluations": h["evaluations"],
        "supervisions": listings,
        "made_at": config.now().isoformat(),
        "rules_version": config.rules()["version"],
    }


def reports(db: Database, *, actor: str, quarter: str | None = None, year: int | None = None,
            org: str | None = None) -> dict[str, Any]:
    """Every 重大 hazard found in the period within the actor's scope (or ``org``'s), not voided,
    oldest first: ``period`` and ``reports`` (each as ``report`` gives it)."""
    p = period(quarter, year)
    zone = config.timezone()
    params: dict[str, Any] = {
        "start": datetime.combine(p["first"], time(), zone),
        "end": datetime.combine(p["last"] + timedelta(days=1), time(), zone)}
    with db.read() as tx:
        who, _orgs, scope = scope_of(tx, actor, org, params)
        params.update(start=tx.ts(params["start"]), end=tx.ts(params["end"]))
        codes = list(tx.run(
            f"SELECT h.code FROM hazard h WHERE {scope} AND {reader_filter(who, params)}"
            " AND h.level = 'major' AND h.state <> 'voided' AND h.found_at >= :start AND h.found_at < :end"
            " ORDER BY h.found_at, h.id", params).scalars())
    # one report each: a period holds a few 重大 hazards, each read like `hazard show`
    return {"period": {"key": p["key"], "first": p["first"].isoformat(), "last": p["last"].isoformat()},
            "reports": [report(db, actor=actor, code=c) for c in codes],
            "made_at": config.now().isoformat()}
