"""隐患排查治理统计分析表 (16号令 Art 14¶1): a quarter's or a year's numbers per org unit and in
total, for the regulator, as `report stats` prints them.

The period rule (which hazards a period counts, when one counts as 已整改) and the filing days
are the rules file's ``[stats]``. Every measure family is ONE grouped query over the scope's rows
(hazards with their 治理方案; 挂牌督办 listings; 漏检 tasks), grouped by org unit; the few rows it
returns are folded onto the report's rows (``groups``) in Python, so the cost does not grow with
the number of units, and the total is the sum of the rows.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from dualprev.hazards import config
from dualprev.hazards.access import reader_filter, resolve_org, scope_filter, scope_of
from dualprev.hazards.db import Database, Tx
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.labels import SUPERVISION_LEVELS
from dualprev.hazards.queries.enterprise import profile

# The count columns, in the order of the table; rates and the money are derived from them.
COUNTS = ("general_found", "general_closed", "major_found", "major_closed", "planned", "plan_goal",
          "plan_funds", "plan_team", "plan_deadline", "plan_safety", "supervised", "supervised_closed",
          "due_original", "on_time_original", "due", "on_time", "missed", "carried")
COLUMNS = ["org", "general_found", "general_closed", "general_rate", "major_found", "major_closed",
           "major_rate", "planned", "plan_goal", "plan_funds", "plan_team", "plan_deadline",
           "plan_safety", "funds", "supervised", "supervised_closed", "on_time_original_rate",
           "on_time_rate", "missed", "carried"]
GROUPINGS = ("unit", "enterprise")  # `--by`: one row per org unit below the chosen one, or per enterprise
_QUARTER = re.compile(r"(\d{4})\s*-?\s*[Qq]([1-4])")


def period(quarter: str | None = None, year: int | None = None) -> dict[str, Any]:
    """The period of ``--quarter 2026Q1`` or ``--year 2026``: its key, first and last (local) day."""
    if (quarter is None) == (year is None):
        raise InvalidInput("give the period as --quarter YYYYQn (e.g. 2026Q1) or as --year YYYY")
    if quarter is not None:
        found = _QUARTER.fullmatch(quarter.strip())
        if not found:
            raise InvalidInput(f"--quarter {quarter!r} is not a quarter: write it like 2026Q1")
        y, q = int(found.group(1)), int(found.group(2))
        first = date(y, 3 * q - 2, 1)
        last = (date(y + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - timedelta(days=1))
        key, kind = f"{y}Q{q}", "quarter"
    else:
        y = year  # type: ignore[assignment]
        first, last, key, kind = date(y, 1, 1), date(y, 12, 31), str(y), "year"
    if not 2000 <= y <= config.today().year + 1:
        raise InvalidInput(f"{key}: give a period from 2000 to {config.today().year + 1}")
    return {"key": key, "kind": kind, "first": first, "last": last}


def filing_deadline(tx: Tx, p: dict[str, Any]) -> dict[str, Any]:
    """When the table is due (16号令 Art 14¶1): the ``[stats] quarter_due_day``-th of the month after
    a quarter, ``year_due_day`` January after a year; a day that is a 法定休假日 moves to the next
    working day as the rules' ``[deadline]`` say (民法典 Art 203)."""
    from dualprev.schedules import workdays

    rules = config.rules()["stats"]
    after = p["last"] + timedelta(days=1)
    due = after.replace(day=rules["quarter_due_day" if p["kind"] == "quarter" else "year_due_day"])
    out: dict[str, Any] = {"date": due.isoformat()}
    shift = config.rules().get("deadline", {})
    if shift.get("holiday_shift", True):
        moved, how = workdays.off_holiday(workdays.load(tx), due, shift.get("shift_on", "holidays"))
        if how:
            out = {"date": moved.isoformat(), "moved_from": how["moved_from"], "holiday": how["holiday"]}
    return out


def groups(orgs: dict[int, dict], root: dict | None, by: str = "unit") -> tuple[list[dict], dict[int, int]]:
    """The report's rows before any number: ``[{"org", "org_id", "own"}]``, and which row each org
    unit of ``orgs`` adds to. ``by="unit"``: the chosen unit's own hazards (``own``: shown only
    when it has any), then each unit directly below it with its whole subtree; the whole register
    (``root`` None): each top unit with its subtree."""
    if by not in GROUPINGS:
        raise InvalidInput(f"--by {by}: give one of {', '.join(GROUPINGS)}")
    rows: list[dict] = []
    index: dict[int, int] = {}
    if by == "enterprise":  # a group's or a district's view: one row per enterprise in the scope
        for o in sorted((o for o in orgs.values() if o["id"] == o["enterprise_id"]
                         and (root is None or o["path"].startswith(root["path"]))), key=lambda o: o["path"]):
            index[o["id"]] = len(rows)
            rows.append({"org": o["name"], "org_id": o["id"], "own": False})
        for o in orgs.values():
            if o["enterprise_id"] in index:
                index[o["id"]] = index[o["enterprise_id"]]
        return rows, index
    if root is not None:
        rows.append({"org": root["name"], "org_id": root["id"], "own": True})
        index[root["id"]] = 0
        top = [o for o in orgs.values() if o["parent_id"] == root["id"]]
    else:
        top = [o for o in orgs.values() if o["parent_id"] is None]
    for o in sorted(top, key=lambda o: o["path"]):
        index[o["id"]] = len(rows)
        rows.append({"org": o["name"], "org_id": o["id"], "own": False})
    heads = {f"/{o['org_id']}/": i for i, o in enumerate(rows) if not o["own"]}
    for o in orgs.values():
        if o["id"] not in index:  # deeper down: the row of the top unit on its path
            index[o["id"]] = next((i for part, i in heads.items() if part in o["path"]), 0)
    return rows, index


def _hazard_sql(where: str, sqlite: bool, counted: str) -> str:
    """The hazards family: every count of one org unit's counted hazards in one pass."""
    closed = "(h.state = 'closed' AND h.closed_at < :end)"
    # the local day it was closed on: deadlines end at local midnight (DESIGN.md)
    closed_day = "date(h.closed_at, :offset)" if sqlite else "CAST(h.closed_at AT TIME ZONE :zone AS date)"
    original = "COALESCE(h.original_deadline, h.deadline)"
    planned = "h.level = 'major' AND p.id IS NOT NULL"
    measures = {
        "general_found": "h.level = 'general'",
        "general_closed": f"h.level = 'general' AND {closed}",
        "major_found": "h.level = 'major'",
        "major_closed": f"h.level = 'major' AND {closed}",
        # 列入治理计划的重大隐患 and each element of its plan in place (16号令 Art 15¶2)
        "planned": planned,
        "plan_goal": f"{planned} AND p.goal <> ''",
        "plan_funds": f"{planned} AND p.funds > 0 AND p.resources <> ''",
        "plan_team": f"{planned} AND p.team <> ''",
        "plan_deadline": f"{planned} AND p.deadline IS NOT NULL",
        "plan_safety": f"{planned} AND p.safety <> '' AND p.contingency <> ''",
        "due_original": f"{original} IS NOT NULL AND ({original} <= :last OR {closed})",
        "on_time_original": f"{closed} AND {closed_day} <= {original}",
        "due": f"h.deadline IS NOT NULL AND (h.deadline <= :last OR {closed})",
        "on_time": f"{closed} AND {closed_day} <= h.deadline",
    }
    sums = ", ".join(f"sum(CASE WHEN {counted} AND {c} THEN 1 ELSE 0 END) AS {k}"
                     for k, c in measures.items())
    return (f"SELECT h.org_id, {sums}, sum(CASE WHEN h.found_at < :start THEN 1 ELSE 0 END) AS carried,"
            f" sum(CASE WHEN {counted} THEN COALESCE(h.cost, p.funds, 0) ELSE 0 END) AS yuan"
            " FROM hazard h LEFT JOIN governance_plan p ON p.hazard_id = h.id"
            f" WHERE {where} GROUP BY h.org_id")


def rate(done: int, of: int) -> float | None:
    """已整改/排查数 as a percentage with one decimal; None (shown —) when nothing was counted."""
    return round(100 * done / of, 1) if of else None


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    out = {"org": row["org"], "own": row.get("own", False), **{k: int(row[k]) for k in COUNTS}}
    out["general_rate"] = rate(out["general_closed"], out["general_found"])
    out["major_rate"] = rate(out["major_closed"], out["major_found"])
    out["on_time_original_rate"] = rate(out["on_time_original"], out["due_original"])
    out["on_time_rate"] = rate(out["on_time"], out["due"])
    out["funds"] = round(row["yuan"] / 10_000, 2)  # 万元, two decimals
    out["yuan"] = round(row["yuan"], 2)
    return out


def stats(db: Database, *, actor: str, quarter: str | None = None, year: int | None = None,
          org: str | None = None, by: str = "unit") -> dict[str, Any]:
    """The 统计分析表 of the period for the actor's scope (or ``org``'s subtree): ``rows`` (one per
    group, see ``groups``), ``total``, the ``period``, its ``filing_deadline``, the ``enterprise``
    (registered name and credit code; None when no profile is set or the scope spans several),
    the ``rule`` applied and the rules version.

    A hazard counts in the period when found in it (with ``[stats] include_carried``, also when
    found before and still open at its start); it is 已整改 when closed before the period's end;
    voided hazards never count. 按期整改率: of the counted hazards with a deadline that fell in
    the period or that were closed, those closed by their deadline: the original one (before any
    延期) and the one in force."""
    p = period(quarter, year)
    rules = config.rules()["stats"]
    zone = config.timezone()
    start = datetime.combine(p["first"], time(), zone)
    end = datetime.combine(p["last"] + timedelta(days=1), time(), zone)
    params: dict[str, Any] = {}
    with db.read() as tx:
        who, orgs, scope = scope_of(tx, actor, org, params)
        path = resolve_org(tx, who, org)["path"] if org else who.org_path
        root = next((o for o in orgs.values() if o["path"] == path), None) if path else None
        rows, index = groups(orgs, root, by)
        enterprises = {o["enterprise_id"] for o in orgs.values() if o["enterprise_id"] is not None}
        found = profile(tx, next(iter(enterprises))) if len(enterprises) == 1 else None
        # a deadline is due once its day is over: by the period's last day, or by yesterday
        due_by = min(p["last"], config.today() - timedelta(days=1))
        params.update(start=tx.ts(start), end=tx.ts(end), last=tx.day(due_by))
        if tx.db.is_sqlite:  # SQLite knows no zones: the zone's offset at the period's end
            minutes = int(end.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
            params["offset"] = f"{minutes:+d} minutes"
        else:
            params["zone"] = str(zone)
        counted = "1 = 1" if rules["include_carried"] else "h.found_at >= :start"
        population = (f"{scope} AND {reader_filter(who, params)} AND h.state <> 'voided'"
                      " AND h.found_at < :end AND (h.closed_at IS NULL OR h.closed_at >= :start)")
        measured = tx.run(_hazard_sql(population, tx.db.is_sqlite, counted), params).mappings().all()
        levels = ", ".join(f"'{lv}'" for lv in _levels(rules["supervision_levels"]))
        listed = tx.run(
            "SELECT h.org_id, count(DISTINCT h.id) AS supervised, count(DISTINCT CASE WHEN"
            " h.state = 'closed' AND h.closed_at < :end THEN h.id END) AS supervised_closed"
            " FROM supervision s JOIN hazard h ON h.id = s.hazard_id AND h.enterprise_id = s.enterprise_id"
            f" WHERE {population} AND {counted} AND s.listed_at < :end AND s.level IN ({levels})"
            " GROUP BY h.org_id", params).mappings().all()
        task_params: dict[str, Any] = {}
        missed = tx.run(
            "SELECT t.org_id, count(*) AS missed FROM inspection_task t"
            f" WHERE {scope_filter(orgs, path, task_params, alias='t')} AND t.state = 'missed'"
            " AND t.period_start >= :first AND t.period_start <= :to GROUP BY t.org_id",
            {**task_params, "first": tx.day(p["first"]), "to": tx.day(p["last"])}).mappings().all()
        due = filing_deadline(tx, p)
    sums = [dict.fromkeys((*COUNTS, "yuan"), 0) for _ in rows]
    for result in (measured, listed, missed):
        for r in result:
            target = sums[index[r["org_id"]]]
            for k, v in r.items():
                if k != "org_id":
                    target[k] += v or 0
    shown = [_finish({**g, **s}) for g, s in zip(rows, sums)
             if not g["own"] or any(s.values())]
    total = _finish({"org": None, **{k: sum(s[k] for s in sums) for k in (*COUNTS, "yuan")}})
    today = config.today()
    return {
        "period": {"key": p["key"], "kind": p["kind"], "first": p["first"].isoformat(),
                   "last": p["last"].isoformat(), "complete": today > p["last"]},
        "filing_deadline": due,
        "enterprise": None if found is None else {
            "name": found["registered_name"], "credit_code": found["credit_code"],
            "org": found["org"], "principal": found["principal"], "principal_name": found["principal_name"]},
        "enterprises": len(enterprises),
        "scope": root["name"] if root else None,
        "by": by,
        "rule": {"include_carried": rules["include_carried"],
                 "supervision_levels": list(rules["supervision_levels"])},
        "rows": shown,
        "total": total,
        "as_of": today.isoformat(),
        "made_at": config.now().isoformat(),
        "rules_version": config.rules()["version"],
    }


def _levels(levels: list[str]) -> list[str]:
    """The rules' ``[stats] supervision_levels``, each a level of 挂牌督办 (they go into the SQL)."""
    wrong = [lv for lv in levels if lv not in SUPERVISION_LEVELS]
    if wrong or not levels:
        raise InvalidInput(f"rules: stats.supervision_levels = {levels!r}; use some of "
                           f"{', '.join(SUPERVISION_LEVELS)}")
    return levels
