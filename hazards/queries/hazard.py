"""The hazards' read side: listings and the 隐患台账 (streamed), the overdue report, one hazard.

Scope: a person reads what lies in their org unit's subtree (``access.scope_of``); lists select
columns and stream as plain dicts, never entities.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from dualprev.hazards import audit, config
from dualprev.hazards.access import enterprise_names, load_actor, load_hazard, reader_filter, scope_of
from dualprev.hazards.db import Database, Tx, as_date, as_instant, iso_instant, sql_list
from dualprev.hazards.errors import InvalidInput, NotFound
from dualprev.hazards.grading import COLOUR_OF
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import OPEN_STATES
from dualprev.hazards.queries import governance
from dualprev.hazards.queries.intake import outside
from dualprev.hazards.queries.supervision import supervision_dict

REOPENED_SQL = "SELECT code, state FROM hazard WHERE reopened_from = :h ORDER BY id"
LIST_COLUMNS = ("id", "code", "title", "state", "level", "org_id", "place", "category", "source",
                "finder", "found_at", "owner", "deadline", "original_deadline")


def hazard_dict(row: Any) -> dict[str, Any]:
    """A hazard row with its instants and dates as ISO text (SQLite already stores dates so)."""
    out = dict(row)
    out["found_at"] = iso_instant(out["found_at"])
    for key in ("deadline", "original_deadline"):
        value = out.get(key)
        if value is not None and type(value) is not str:
            out[key] = as_date(value).isoformat()
    return out


def _hazard_filter(tx: Tx, actor: str, *, state: str | None = None, level: str | None = None,
                   org: str | None = None, owner: str | None = None, overdue: bool = False,
                   mine: bool = False,
                   due_before: date | None = None, found_from: date | None = None,
                   found_to: date | None = None) -> tuple[str, dict[str, Any], dict[int, dict]]:
    """The WHERE clause (over ``hazard h``) for these filters in the actor's scope; checks the
    actor and ``org`` first, so a refused listing writes nothing at all."""
    params: dict[str, Any] = {}
    who, orgs, scope = scope_of(tx, actor, org, params)
    where = [scope, reader_filter(who, params)]
    for column, value in (("state", state), ("level", level), ("owner", owner)):
        if value:
            where.append(f"h.{column} = :{column}")
            params[column] = value
    if mine:  # the owner, the finder or a verifier (复核, pass or reject) is the actor
        where.append("(h.owner = :me OR h.finder = :me OR EXISTS (SELECT 1 FROM hazard_event v"
                     " WHERE v.subject = 'hazard' AND v.subject_id = h.id AND v.event IN ('pass', 'reject')"
                     " AND v.actor = :me))")
        params["me"] = who.login
    if overdue:
        where.append(f"h.state IN {sql_list(OPEN_STATES)} AND h.deadline < :today")
        params["today"] = tx.day(config.today())
    if due_before:
        where.append("h.deadline < :due_before")
        params["due_before"] = tx.day(due_before)
    zone = config.timezone()
    if found_from:  # local days: from the start of the first to the end of the last
        where.append("h.found_at >= :found_from")
        params["found_from"] = tx.ts(datetime.combine(found_from, time(), zone))
    if found_to:
        where.append("h.found_at < :found_to")
        params["found_to"] = tx.ts(datetime.combine(found_to + timedelta(days=1), time(), zone))
    return " AND ".join(where), params, orgs


def iter_hazards(db: Database, *, actor: str, limit: int | None = None, order: str = "h.id",
                 **filters: Any) -> Iterator[dict[str, Any]]:
    """The hazards matching every given filter (see ``_hazard_filter``), within the actor's
    scope, as a stream."""
    with db.read() as tx:
        where, params, orgs = _hazard_filter(tx, actor, **filters)
    text = (f"SELECT {', '.join('h.' + c for c in LIST_COLUMNS)} FROM hazard h"
            f" WHERE {where} ORDER BY {order}")
    if limit is not None:
        text += " LIMIT :limit"
        params["limit"] = limit
    return _stream_hazards(db, text, params, orgs)


LEDGER_COLUMNS = ["code", "title", "place", "org", "risk", "source", "found_at", "finder", "level",
                  "category", "gb_code", "basis", "treatment", "measures", "owner", "cost", "contingency",
                  "original_deadline", "deadline", "extensions", "state", "overdue", "days_overdue",
                  "verifier", "closed_at"]
# The verifier is the actor of the hazard's one ``pass`` (复核 passes once: it closes the hazard,
# and a closed hazard never moves): a join on the enterprise's events, not a query per row.
_LEDGER_SQL = (
    "SELECT h.id, h.code, h.title, h.place, h.org_id, r.code AS risk, h.source, h.found_at, h.finder,"
    " h.level, h.category, h.gb_code, COALESCE(h.basis_clause, h.basis) AS basis, h.measures, h.owner,"
    " h.cost, h.contingency, h.original_deadline, h.deadline, h.state, h.closed_at,"
    " COALESCE(x.n, 0) AS extensions, v.actor AS verifier"
    " FROM hazard h LEFT JOIN risk_point r ON r.id = h.risk_id"
    " LEFT JOIN (SELECT x.hazard_id, count(*) AS n FROM extension x JOIN hazard h"
    " ON h.id = x.hazard_id AND h.enterprise_id = x.enterprise_id WHERE {where} GROUP BY x.hazard_id) x"
    " ON x.hazard_id = h.id"
    " LEFT JOIN hazard_event v ON h.state = 'closed' AND v.enterprise_id = h.enterprise_id"
    " AND v.event = 'pass' AND v.subject = 'hazard' AND v.subject_id = h.id"
    " WHERE {where} ORDER BY h.id"
)


def iter_ledger(db: Database, *, actor: str, **filters: Any) -> Iterator[dict[str, Any]]:
    """隐患台账: every hazard in scope with how it was treated (即查即改 or 限期整改), its
    extensions, whether and how long it is overdue, who verified it and when it was closed."""
    with db.read() as tx:
        where, params, orgs = _hazard_filter(tx, actor, **filters)
    return _ledger_rows(db, _LEDGER_SQL.format(where=where), params, orgs, config.today())


def _utc_text(value: Any) -> str | None:
    """PostgreSQL's instant (the session runs in UTC, hazards/db.py) as ISO text."""
    return None if value is None else value.isoformat()


def _ledger_rows(db: Database, text: str, params: dict[str, Any], orgs: dict[int, dict],
                 today: date) -> Iterator[dict[str, Any]]:
    """The ledger's rows in one pass, each conversion chosen once for the backend: SQLite's stored
    text rewritten, PostgreSQL's dates and instants formatted (never formatted and parsed back)."""
    names = {org_id: o["name"] for org_id, o in orgs.items()}
    ents = enterprise_names(orgs)
    open_states = frozenset(OPEN_STATES)
    with db.read() as tx:
        sqlite = tx.db.is_sqlite
        stamp = iso_instant if sqlite else _utc_text
        due = tx.day(today)  # compares with the stored deadline as it comes (text or date)
        for item in tx.stream(text, params):
            deadline = item["deadline"]
            late = deadline is not None and deadline < due and item["state"] in open_states
            if not sqlite:
                item["deadline"] = deadline and deadline.isoformat()
                item["original_deadline"] = item["original_deadline"] and item["original_deadline"].isoformat()
            item["treatment"] = "deadline" if deadline else "on_spot" if item["measures"] else None
            item["overdue"] = late
            item["days_overdue"] = (today - as_date(deadline)).days if late else None
            item["found_at"] = stamp(item["found_at"])
            item["closed_at"] = stamp(item["closed_at"])
            item["org"] = names[item["org_id"]]
            if ents:
                item["enterprise"] = ents[item["org_id"]]
            yield item


def _stream_hazards(db: Database, text: str, params: dict[str, Any],
                    orgs: dict[int, dict]) -> Iterator[dict[str, Any]]:
    names = {org_id: o["name"] for org_id, o in orgs.items()}
    ents = enterprise_names(orgs)
    with db.read() as tx:
        sqlite = tx.db.is_sqlite
        stamp = iso_instant if sqlite else _utc_text
        for item in tx.stream(text, params):  # a fresh dict per row: changed in place
            item["found_at"] = stamp(item["found_at"])
            if not sqlite:
                item["deadline"] = item["deadline"] and item["deadline"].isoformat()
                item["original_deadline"] = item["original_deadline"] and item["original_deadline"].isoformat()
            item["org"] = names[item["org_id"]]
            if ents:
                item["enterprise"] = ents[item["org_id"]]
            yield item


def overdue_report(db: Database, *, actor: str, org: str | None = None) -> Iterator[dict[str, Any]]:
    """逾期隐患: open hazards past their deadline, most overdue first, with their extensions and
    the escalation ladder step each has reached (read for these hazards only, not the register's)."""
    today = config.today()
    with db.read() as tx:
        where, params, orgs = _hazard_filter(tx, actor, org=org, overdue=True)
        counts = dict(tx.run(
            "SELECT x.hazard_id, count(*) FROM extension x JOIN hazard h ON h.id = x.hazard_id"
            f" AND h.enterprise_id = x.enterprise_id WHERE {where} GROUP BY x.hazard_id", params).all())
        steps = _highest(tx.run(
            "SELECT s.hazard_id, s.step FROM escalation_step s JOIN hazard h ON h.id = s.hazard_id"
            f" AND h.enterprise_id = s.enterprise_id WHERE {where}", params).all())
    text = (f"SELECT {', '.join('h.' + c for c in LIST_COLUMNS)} FROM hazard h"
            f" WHERE {where} ORDER BY h.deadline, h.id")

    def with_days() -> Iterator[dict[str, Any]]:
        for item in _stream_hazards(db, text, params, orgs):
            item["days_overdue"] = (today - date.fromisoformat(item["deadline"])).days
            item["extensions"] = counts.get(item["id"], 0)
            item["ladder"] = steps.get(item["id"])
            yield item

    return with_days()


def summary(db: Database, *, actor: str, months: int = 12, **filters: Any) -> dict[str, Any]:
    """The numbers the HTML reports draw, by aggregate queries (never by holding rows), over the
    hazards that ``filters`` select (voided ones left out): found and closed in each of the last
    ``months`` local months (up to ``found_to`` or today), 一般/重大 counts, and per org unit
    found / closed / 整改率 (closed over found, one decimal; None when nothing was found) /
    overdue."""
    last = filters.get("found_to") or config.today()
    zone = config.timezone()
    first = last.year * 12 + last.month - months  # the first month, counted from year 0
    # the first day of each month, and of the month after the last
    starts = [date((first + i) // 12, (first + i) % 12 + 1, 1) for i in range(months + 1)]
    with db.read() as tx:
        where, params, orgs = _hazard_filter(tx, actor, **filters)
        where += " AND h.state <> 'voided'"
        params["today"] = tx.day(config.today())
        for i, start in enumerate(starts):
            params[f"m{i}"] = tx.ts(datetime.combine(start, time(), zone))
        found = [f"sum(CASE WHEN h.found_at >= :m{i} AND h.found_at < :m{i + 1} THEN 1 ELSE 0 END)"
                 for i in range(months)]
        closed = [f"sum(CASE WHEN h.closed_at >= :m{i} AND h.closed_at < :m{i + 1} THEN 1 ELSE 0 END)"
                  for i in range(months)]
        by_month = tx.run(f"SELECT {', '.join(found + closed)} FROM hazard h WHERE {where}", params).one()
        by_unit = tx.run(
            "SELECT h.org_id, h.level, count(*),"
            " sum(CASE WHEN h.state = 'closed' THEN 1 ELSE 0 END),"
            f" sum(CASE WHEN h.state IN {sql_list(OPEN_STATES)} AND h.deadline < :today THEN 1 ELSE 0 END)"
            f" FROM hazard h WHERE {where} GROUP BY h.org_id, h.level", params).all()
    levels = {"general": 0, "major": 0}
    units: dict[int, dict[str, Any]] = {}
    for org_id, level, n, done, late in by_unit:
        levels[level] = levels.get(level, 0) + n
        unit = units.setdefault(org_id, {"org": orgs[org_id]["name"], "found": 0, "closed": 0,
                                         "overdue": 0})
        unit["found"] += n
        unit["closed"] += int(done or 0)
        unit["overdue"] += int(late or 0)
    for unit in units.values():
        unit["rate"] = round(100 * unit["closed"] / unit["found"], 1) if unit["found"] else None
    return {
        "months": [{"month": f"{s.year}-{s.month:02d}", "found": int(by_month[i] or 0),
                    "closed": int(by_month[months + i] or 0)} for i, s in enumerate(starts[:months])],
        "levels": levels,
        "units": [u for _id, u in sorted(units.items(), key=lambda kv: orgs[kv[0]]["path"])],
    }


def _highest(rows: list[Any]) -> dict[int, str]:
    """The highest ladder step per hazard among (hazard_id, step) rows, in the rules' order."""
    order = {s["step"]: i for i, s in enumerate(config.escalation_ladder())}
    best: dict[int, str] = {}
    for hid, step in rows:
        if order.get(step, -1) >= order.get(best.get(hid), -1):
            best[hid] = step
    return best


def reached(db: Database, hazard_ids: list[int] | None = None) -> dict[int, str]:
    """The highest ladder step each hazard has reached (all hazards, or those given)."""
    with db.read() as tx:
        rows = tx.run("SELECT hazard_id, step FROM escalation_step").all()
    wanted = set(hazard_ids) if hazard_ids is not None else None
    return _highest([r for r in rows if wanted is None or r[0] in wanted])


def attachment(db: Database, *, actor: str, code: str, n: int | None = None) -> dict[str, Any]:
    """The ``n``-th attachment of a hazard (1-based, in the order `hazard show` lists them); the
    only one when ``n`` is not given."""
    with db.read() as tx:
        h = load_hazard(tx, load_actor(tx, actor), code)
        rows = [dict(a) for a in tx.run("SELECT sha256, filename, size, stage, by, at FROM attachment"
                                        " WHERE hazard_id = :id ORDER BY id", {"id": h.id}).mappings()]
    if not rows:
        raise NotFound(f"{h.code} has no attachments")
    if n is None and len(rows) > 1:
        raise InvalidInput(f"{h.code} has {len(rows)} attachments: say which (1-{len(rows)}, as "
                           f"`dualprev hazard show {h.code}` lists them)")
    if n is not None and not 1 <= n <= len(rows):
        raise InvalidInput(f"{h.code} has {len(rows)} attachment{'s' if len(rows) > 1 else ''}: "
                           f"give N from 1 to {len(rows)}")
    found = rows[(n or 1) - 1]
    return {**found, "code": h.code, "n": n or 1, "at": iso_instant(found["at"])}


def show_hazard(db: Database, *, actor: str, code: str) -> dict[str, Any]:
    """The hazard, its attachments, extensions and whole history (oldest first)."""
    with db.read() as tx:
        who: Actor = load_actor(tx, actor)
        ref = load_hazard(tx, who, code)
        row = tx.one(
            "SELECT h.*, o.name AS org, e.name AS enterprise FROM hazard h JOIN org_unit o ON o.id = h.org_id"
            " JOIN org_unit e ON e.id = h.enterprise_id WHERE h.enterprise_id = :e AND h.id = :id",
            {"e": ref.enterprise_id, "id": ref.id})
        if row is None:
            raise NotFound(f"no hazard {code}")
        out = hazard_dict(row)
        for key in ("updated_at", "closed_at", "evaluated_at"):
            out[key] = as_instant(out[key]).isoformat() if out[key] else None
        today = config.today()
        out["overdue"] = bool(out["state"] in OPEN_STATES and out["deadline"]
                              and date.fromisoformat(out["deadline"]) < today)
        linked = row["risk_id"] and tx.one(
            "SELECT code, name, grade, control_level FROM risk_point WHERE id = :r", {"r": row["risk_id"]})
        out["risk"] = dict(linked, colour=COLOUR_OF[linked["grade"]]) if linked else None
        out["history"] = audit.history(tx, "hazard", ref.id, enterprise=ref.enterprise_id)
        out["extensions"] = [
            {"old_deadline": as_date(e["old_deadline"]).isoformat(),
             "new_deadline": as_date(e["new_deadline"]).isoformat(), "reason": e["reason"],
             "by": e["by"], "at": as_instant(e["at"]).isoformat()}
            for e in tx.run("SELECT * FROM extension WHERE enterprise_id = :e AND hazard_id = :id ORDER BY id",
                            {"e": ref.enterprise_id, "id": ref.id}).mappings()
        ]
        out["attachments"] = [
            {"sha256": a["sha256"], "filename": a["filename"], "size": a["size"],
             "stage": a["stage"], "by": a["by"], "at": as_instant(a["at"]).isoformat()}
            for a in tx.run("SELECT * FROM attachment WHERE enterprise_id = :e AND hazard_id = :id ORDER BY id",
                            {"e": ref.enterprise_id, "id": ref.id}).mappings()
        ]
        out["plan"] = governance.plan_of(tx, ref.id)
        out["plan_missing"] = governance.missing_items(out["plan"]) if out["level"] == "major" else []
        out["evaluations"] = governance.evaluations_of(tx, ref.id)
        listing = tx.one("SELECT * FROM supervision WHERE hazard_id = :id ORDER BY id DESC LIMIT 1",
                         {"id": ref.id})
        out["extension_requests"] = [
            {"deadline": as_date(r["deadline"]).isoformat(), "reason": r["reason"], "state": r["state"],
             "by": r["by"], "at": iso_instant(r["at"]), "decided_by": r["decided_by"],
             "decided_at": iso_instant(r["decided_at"]), "note": r["note"]}
            for r in tx.run("SELECT * FROM extension_request WHERE hazard_id = :id ORDER BY id",
                            {"id": ref.id}).mappings()
        ]
        out.update(outside(tx, who, ref.id))
        back = row["reopened_from"] and tx.scalar("SELECT code FROM hazard WHERE id = :id",
                                                  {"id": row["reopened_from"]})
        out["reopened_from"] = back or None
        out["reopened_as"] = [r["code"] for r in tx.run(REOPENED_SQL, {"h": ref.id}).mappings()]
    out["supervision"] = supervision_dict(dict(listing)) if listing else None
    return out
