"""The risk register's read side: 安全风险清单 (streamed), one risk point, the four-colour matrix."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from dualprev.hazards import audit, config, grading
from dualprev.hazards.access import enterprise_column, enterprise_names, load_actor, load_risk, org_tree, scope_of
from dualprev.hazards.db import Database, Tx, as_instant, iso_instant
from dualprev.hazards.labels import OPEN_STATES, text

CONTROLLERS = {level: tuple(grading.controllers(level)) for level in grading.CONTROL_ORDER}
SEP = "\x1f"  # joins aggregated names; never typed by a user
LIST_COLUMNS = ["code", "name", "place", "org", "sources", "method", "factors", "score", "grade",
                "colour", "control_level", "controls", "responsible", "reassess", "review_due"]


def _agg(tx: Tx, column: str) -> str:
    if tx.db.is_sqlite:
        return f"group_concat({column}, '{SEP}')"
    return f"string_agg({column}, '{SEP}' ORDER BY id)"


def list_sql(tx: Tx, where: str) -> str:
    """The ledger query: each point with its sources, measures and the hazard counts of its flags."""
    return (
        "SELECT r.id, r.code, r.name, r.place, r.org_id, r.kind, r.method, r.factor_l, r.factor_e,"
        " r.factor_c, r.factor_s, r.score, r.grade, r.control_level, r.responsible, r.assessed_at, r.deleted,"
        " src.names AS sources, ms.texts AS controls, COALESCE(hz.recent, 0) AS recent,"
        " COALESCE(hz.major_new, 0) AS major_new,"
        " CASE WHEN r.assessed_at < :review_before THEN 1 ELSE 0 END AS review_due FROM risk_point r"
        f" LEFT JOIN (SELECT risk_id, {_agg(tx, 'name')} AS names FROM risk_source WHERE NOT deleted"
        " GROUP BY risk_id) src ON src.risk_id = r.id"
        f" LEFT JOIN (SELECT risk_id, {_agg(tx, 'text')} AS texts FROM control_measure WHERE NOT deleted"
        " GROUP BY risk_id) ms ON ms.risk_id = r.id"
        " LEFT JOIN (SELECT h.risk_id,"
        " sum(CASE WHEN h.found_at >= :since AND h.found_at >= p.assessed_at THEN 1 ELSE 0 END) AS recent,"
        " sum(CASE WHEN h.level = 'major' AND h.found_at >= p.assessed_at THEN 1 ELSE 0 END) AS major_new"
        " FROM hazard h JOIN risk_point p ON p.id = h.risk_id WHERE h.state <> 'voided'"
        " GROUP BY h.risk_id) hz ON hz.risk_id = r.id"
        f" WHERE {where} ORDER BY r.id"
    )


def flag_params(tx: Tx) -> dict[str, Any]:
    rules = config.rules()["risk"]
    now = config.now()
    return {"since": tx.ts(now - timedelta(days=rules["reassess_window_days"])),
            "review_before": tx.ts(now - timedelta(days=rules["review_days"])),
            "threshold": rules["reassess_hazards"]}


def risk_dict(row: Any, orgs: dict[int, dict], flags: dict[str, Any]) -> dict[str, Any]:
    """A ledger row: English values, factors as numbers, the two flags computed."""
    number = grading.number
    factors = ((row["factor_l"], row["factor_e"], row["factor_c"]) if row["method"] == "lec"
               else (row["factor_l"], row["factor_s"]))
    out = {
        "code": row["code"], "name": row["name"], "place": row["place"],
        "org": orgs[row["org_id"]]["name"], "kind": row["kind"],
        "sources": row["sources"].split(SEP) if row["sources"] else [],
        "method": row["method"], "factors": [number(f) for f in factors],
        "score": number(row["score"]), "grade": row["grade"],
        "colour": grading.COLOUR_OF[row["grade"]], "control_level": row["control_level"],
        "controllers": list(CONTROLLERS[row["control_level"]]),
        "controls": row["controls"].split(SEP) if row["controls"] else [],
        "responsible": row["responsible"], "assessed_at": iso_instant(row["assessed_at"]),
        "reassess": bool(row["recent"] >= flags["threshold"] or row["major_new"]),
        "review_due": bool(row["review_due"]),
    }
    if row["deleted"]:  # shown by `risk list --all` only
        out.update(retired=True, name=row["name"] + text("retired_mark", "zh"))
    return out


def assessment_dict(a: Any) -> dict[str, Any]:
    factors = (a["factor_l"], a["factor_e"], a["factor_c"]) if a["method"] == "lec" else (
        a["factor_l"], a["factor_s"])
    return {"at": as_instant(a["at"]).isoformat(), "by": a["by"], "method": a["method"],
            "factors": [grading.number(f) for f in factors], "score": grading.number(a["score"]),
            "grade": a["grade"], "colour": grading.COLOUR_OF[a["grade"]], "variant": a["variant"],
            "rules_version": a["rules_version"], "note": a["note"], "reason": a["reason"]}


def _scope(tx: Tx, actor: str, org: str | None, grade: str | None,
           params: dict[str, Any], retired: bool = False) -> tuple[str, dict[int, dict]]:
    _who, orgs, where = scope_of(tx, actor, org, params, alias="r")
    if not retired:
        where += " AND NOT r.deleted"
    if grade:
        params["grade"] = grading.parse_grade(grade)
        where += " AND r.grade = :grade"
    return where, orgs


def iter_risks(db: Database, *, actor: str, org: str | None = None, grade: str | None = None,
               with_history: bool = False, retired: bool = False) -> Iterator[dict[str, Any]]:
    """安全风险清单 in the actor's scope, streamed; checks (actor, org, grade) before it starts.
    ``retired`` adds the retired points, marked."""
    params: dict[str, Any] = {}
    with db.read() as tx:
        where, orgs = _scope(tx, actor, org, grade, params, retired)
        flags = flag_params(tx)
        params.update(since=flags["since"], review_before=flags["review_before"])
    return _stream(db, where, params, orgs, flags, with_history)


def _stream(db: Database, where: str, params: dict[str, Any], orgs: dict[int, dict],
            flags: dict[str, Any], with_history: bool) -> Iterator[dict[str, Any]]:
    ents = enterprise_names(orgs)
    with db.read() as tx:
        rows = tx.stream(list_sql(tx, where), params)
        if not with_history:
            for row in rows:
                item = risk_dict(row, orgs, flags)
                if ents:
                    item["enterprise"] = ents[row["org_id"]]
                yield item
            return
        with db.read() as side:  # the histories, merged in by risk id (both streams ordered by it)
            history = side.stream(
                "SELECT a.* FROM risk_assessment a JOIN risk_point r ON r.id = a.risk_id"
                f" WHERE {where} ORDER BY a.risk_id, a.id",
                {k: v for k, v in params.items() if k not in ("since", "review_before")})
            pending = next(history, None)
            for row in rows:
                item = risk_dict(row, orgs, flags)
                if ents:
                    item["enterprise"] = ents[row["org_id"]]
                item["assessments"] = []
                while pending is not None and pending["risk_id"] <= row["id"]:
                    if pending["risk_id"] == row["id"]:
                        item["assessments"].append(assessment_dict(pending))
                    pending = next(history, None)
                yield item


def show(db: Database, *, actor: str, code: str) -> dict[str, Any]:
    """One risk point: the ledger row, details, assessments (newest last), measures, hazards."""
    with db.read() as tx:
        who = load_actor(tx, actor)
        r = load_risk(tx, who, code)
        flags = flag_params(tx)
        row = tx.one(list_sql(tx, "r.id = :rid"), {"rid": r["id"], "since": flags["since"],
                                                    "review_before": flags["review_before"]})
        out = risk_dict(row, org_tree(tx, who.org_path), flags)
        out.update(id=r["id"], uuid=r["uuid"], description=r["description"],
                   analysis_object=r["analysis_object"],
                   created_at=as_instant(r["created_at"]).isoformat(), created_by=r["created_by"])
        out["assessments"] = [assessment_dict(a) for a in tx.run(
            "SELECT * FROM risk_assessment WHERE risk_id = :r ORDER BY id", {"r": r["id"]}).mappings()]
        out["measures"] = [dict(m) for m in tx.run(
            "SELECT m.id, m.uuid, m.type, m.text, m.owner, s.name AS source, m.classify1, m.classify2,"
            " m.control, m.check_content FROM control_measure m LEFT JOIN risk_source s"
            " ON s.id = m.source_id WHERE m.risk_id = :r AND NOT m.deleted ORDER BY m.id",
            {"r": r["id"]}).mappings()]
        hazards = [{**dict(h), "found_at": as_instant(h["found_at"]).isoformat()} for h in tx.run(
            "SELECT code, title, level, state, measure_id, found_at FROM hazard WHERE risk_id = :r"
            " ORDER BY id", {"r": r["id"]}).mappings()]
        out["hazards"] = {"open": [h for h in hazards if h["state"] in OPEN_STATES],
                          "closed": [h for h in hazards if h["state"] not in OPEN_STATES]}
        out["history"] = audit.history(tx, "risk", r["id"], enterprise=r["enterprise_id"])
    return out


def matrix(db: Database, *, actor: str, org: str | None = None) -> dict[str, Any]:
    """四色图 data: the LS 5x5 grid with counts, LEC counts by grade, per-org colour counts."""
    params: dict[str, Any] = {}
    with db.read() as tx:
        where, orgs = _scope(tx, actor, org, None, params)
        base = f" FROM risk_point r WHERE {where}"
        ls_counts = {(int(l), int(s)): n for l, s, n in tx.run(  # noqa: E741
            "SELECT r.factor_l, r.factor_s, count(*)" + base + " AND r.method = 'ls'"
            " GROUP BY r.factor_l, r.factor_s", params).all()}
        lec_counts = dict(tx.run("SELECT r.grade, count(*)" + base + " AND r.method = 'lec'"
                                 " GROUP BY r.grade", params).all())
        by_org = tx.run("SELECT r.org_id, r.grade, count(*)" + base + " GROUP BY r.org_id, r.grade",
                        params).all()
    variant = grading.ls_variant()[0]
    cells = []
    for l in range(5, 0, -1):  # noqa: E741  (likelihood, top row highest)
        for s in range(1, 6):
            grade = grading.ls_grade(l, s)
            cells.append({"likelihood": l, "severity": s, "score": l * s, "grade": grade,
                          "colour": grading.COLOUR_OF[grade], "count": ls_counts.get((l, s), 0)})
    # A district's or a group's matrix stays one picture of its whole scope (the grid and the LEC
    # counts: where its risk lies overall; `--org ENTERPRISE` draws one enterprise's), and the
    # per-unit colours name each unit's enterprise, first: unit names (生产一车间) repeat across
    # enterprises, and "which enterprise holds the red points" is what its supervisor reads it for.
    ents = enterprise_names(orgs)
    units: dict[int, dict[str, Any]] = {}
    for org_id, grade, n in by_org:
        unit = units.setdefault(org_id, {**enterprise_column(ents, org_id),
                                         "org": orgs[org_id]["name"], "red": 0, "orange": 0,
                                         "yellow": 0, "blue": 0, "total": 0})
        unit[grading.COLOUR_OF[grade]] += n
        unit["total"] += n
    ordered = sorted(units.items(), key=lambda kv: orgs[kv[0]]["path"])
    return {
        "ls": {"variant": variant, "cells": cells},
        "lec": [{"grade": g, "colour": grading.COLOUR_OF[g], "count": lec_counts.get(g, 0)}
                for g in reversed(grading.GRADE_ORDER)],
        "orgs": [u for _id, u in ordered],
        "rules_version": config.rules()["version"], "as_of": config.today().isoformat(),
    }
