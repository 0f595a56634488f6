"""Who is acting and what they may touch: the actor, the org tree, the scope filter, the one role
check (it reads the rules file), and the loaders of a hazard, risk point or task by its code.

Every use-case and every query starts here, inside its own transaction.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from dualprev.hazards import config
from dualprev.hazards.db import Tx, as_date, as_instant
from dualprev.hazards.errors import InvalidInput, NotFound, PermissionDenied
from dualprev.hazards.identity import Actor

ACTOR_SQL = (
    "SELECT p.login, p.name, p.roles, p.org_id, p.enterprise_id, p.active, o.path FROM person p"
    " LEFT JOIN org_unit o ON o.id = p.org_id WHERE p.login = :login"
)
# PostgreSQL: who the session user is, in the same round trip (hazards/enforce.py makes the functions)
_SESSION_ACTOR_SQL = (
    "SELECT s.me, s.operator, s.role, p.login, p.name, p.roles, p.org_id, p.enterprise_id, p.active,"
    " o.path FROM (SELECT dualprev_login() AS me, dualprev_operator() AS operator,"
    " session_user AS role) s LEFT JOIN person p ON p.login = :login"
    " LEFT JOIN org_unit o ON o.id = p.org_id"
)


def _unknown(login: str) -> NotFound:
    return NotFound(f"unknown user {login!r}: use --as LOGIN, or ask an admin to `dualprev person add` you")


def load_actor(tx: Tx, login: str) -> Actor:
    """The person acting. On PostgreSQL that is the session user's person: naming anyone else is
    refused, except for the operator role (the owner of the tables), whose ``--as`` is honoured."""
    if tx.db.is_sqlite:
        row = tx.one(ACTOR_SQL, {"login": login})
    else:
        row = tx.one(_SESSION_ACTOR_SQL, {"login": login})
        if not row["operator"] and row["me"] != login:
            if row["me"] is None:
                raise PermissionDenied(
                    f"the database role {row['role']!r} is no active person of this register: ask an "
                    f"admin to `dualprev person add LOGIN --db-role {row['role']}`")
            raise PermissionDenied(
                f"you are connected as {row['role']!r} (person {row['me']}): --as {login} is refused; "
                "only the operator role may act as another person")
        if row["login"] is None:
            row = None
    if row is None:
        raise _unknown(login)
    if not row["active"]:
        raise PermissionDenied(f"{login} is deactivated: ask an admin")
    return Actor(row["login"], row["name"], frozenset(row["roles"].split()), row["org_id"],
                 row["path"] or "", row["enterprise_id"])


def load_person(tx: Tx, login: str, *, active: bool = True) -> Actor:
    """Another person named by the actor (an owner, an assignee, a route's recipient): an active
    one, unless ``active`` is False (a person already recorded, such as a hazard's owner)."""
    row = tx.one(ACTOR_SQL, {"login": login})
    if row is None:
        raise _unknown(login)
    if active and not row["active"]:
        raise InvalidInput(f"{login} is deactivated: name an active person")
    return Actor(row["login"], row["name"], frozenset(row["roles"].split()), row["org_id"],
                 row["path"] or "", row["enterprise_id"])


def session_login(tx: Tx) -> str | None:
    """PostgreSQL: the login of the session user's person, if the register knows one."""
    if tx.db.is_sqlite or tx.scalar("SELECT to_regproc('dualprev_login')") is None:
        return None
    return tx.scalar("SELECT dualprev_login()")


def is_operator(tx: Tx) -> bool:
    """True on SQLite (the file is one trust domain) and for PostgreSQL's operator role."""
    if tx.db.is_sqlite or tx.scalar("SELECT to_regproc('dualprev_operator')") is None:
        return True
    return bool(tx.scalar("SELECT dualprev_operator()"))


# --- roles ------------------------------------------------------------------------------------------

def allowed_roles(rule: str) -> list[str]:
    """The roles the rules file grants ``rule``, a dotted key such as ``hazard.roles.assign``
    (a lifecycle action), ``risk.edit_roles`` or ``schedule.calendar_roles``; ``"*"`` grants it
    to every person of the register."""
    node: Any = config.rules()
    for part in rule.split("."):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return list(node or [])


def require_role(actor: Actor, rule: str, action: str, org_path: str | None = None) -> None:
    """Refuse unless the actor holds a role the rules grant ``rule`` and, when ``org_path`` is
    given, the org unit lies in the actor's scope. ``action`` names the act in the refusal."""
    roles = allowed_roles(rule)
    if "*" not in roles and not actor.roles.intersection(roles):
        raise PermissionDenied(f"{actor.login} may not {action}: it needs the role {' or '.join(roles)}")
    if org_path is not None and not actor.covers(org_path):
        raise PermissionDenied(f"{actor.login} may not {action} there: the org unit is outside their scope")


# --- the org tree and the scope filter --------------------------------------------------------------

def resolve_org(tx: Tx, actor: Actor, ref: str) -> dict[str, Any]:
    """An org unit by id or by name, among those the actor can see."""
    column = "id" if ref.isdigit() else "name"
    rows = tx.run(f"SELECT id, name, kind, path, enterprise_id FROM org_unit WHERE {column} = :r",
                  {"r": int(ref) if ref.isdigit() else ref}).mappings().all()
    rows = [dict(r) for r in rows if actor.covers(r["path"])]
    if not rows:
        raise NotFound(f"no org unit {ref!r} in your scope: see `dualprev org list`")
    if len(rows) > 1:
        ids = ", ".join(str(r["id"]) for r in rows)
        raise InvalidInput(f"org unit name {ref!r} is ambiguous (ids {ids}): give the id instead")
    return rows[0]


def enterprise_unit(tx: Tx, actor: Actor, ref: str) -> dict[str, Any]:
    """An org unit that holds rows (a unit of an enterprise), by id or name, in the actor's scope:
    a group or a district holds none, the enterprises below it do."""
    unit = resolve_org(tx, actor, ref)
    if unit["enterprise_id"] is None:
        raise InvalidInput(f"{unit['name']} is a {unit['kind']}: what it oversees is recorded in the "
                           "enterprises below it; name a unit of one of them")
    return unit


ORG_SQL = "SELECT id, name, kind, parent_id, path, enterprise_id FROM org_unit"


def org_tree(tx: Tx, path: str = "") -> dict[int, dict[str, Any]]:
    """The org units at and under ``path`` ("" = the whole register). A unit inside one
    enterprise reads that enterprise's rows only (its index), so a district's thousands of
    other enterprises are never loaded for one of them."""
    if not path:
        rows = tx.run(ORG_SQL + " ORDER BY path")
    else:
        params: dict[str, Any] = {"p": path + "%"}
        where = "path LIKE :p"
        if (unit := tx.one(ORG_SQL + " WHERE path = :path", {"path": path})) and \
                f"/{unit['enterprise_id']}/" in path:  # at or under its enterprise's root
            where += " AND enterprise_id = :e"
            params["e"] = unit["enterprise_id"]
        rows = tx.run(f"{ORG_SQL} WHERE {where} ORDER BY path", params)
    return {r["id"]: dict(r) for r in rows.mappings()}


def scope_filter(orgs: dict[int, dict], path: str, params: dict[str, Any], alias: str = "h") -> str:
    """SQL restricting rows of ``alias`` (hazards by default) to the org subtree at ``path``
    ("" = everything), enterprise first: ``enterprise_id = :e`` for a whole enterprise, else
    ``enterprise_id = :e AND org_id IN (...)``, so that the indexes leading with the tenant key
    serve every listing. ``orgs`` holds at least the units under ``path`` (``org_tree``)."""
    if not path:
        return "1 = 1"
    # a group's or a district's own units hold no rows (no enterprise_id): only enterprises count
    inside = [o for o in orgs.values() if o["path"].startswith(path) and o["enterprise_id"] is not None]
    roots = [o["id"] for o in inside if o["id"] == o["enterprise_id"]]  # whole enterprises inside
    enterprises = sorted({o["enterprise_id"] for o in inside})
    if roots and len(roots) == len(enterprises):
        names = _bind(params, "scope_e", roots)
        return f"{alias}.enterprise_id = {names[0]}" if len(names) == 1 else \
            f"{alias}.enterprise_id IN ({', '.join(names)})"
    units = ", ".join(_bind(params, "scope", [o["id"] for o in inside])) or "NULL"
    if len(enterprises) == 1:
        params["scope_e"] = enterprises[0]
        return f"{alias}.enterprise_id = :scope_e AND {alias}.org_id IN ({units})"
    return f"{alias}.org_id IN ({units})"


def enterprise_path(org_path: str, enterprise_id: int) -> str:
    """The path of the enterprise a unit with ``org_path`` lies in (``/3/5/`` under district 3)."""
    mark = f"/{enterprise_id}/"
    return org_path[: org_path.index(mark) + len(mark)]


def enterprise_names(orgs: dict[int, dict]) -> dict[int, str] | None:
    """Each org unit's enterprise name, when the units span more than one enterprise (a group's,
    a district's or the whole register's scope), else None: listings then add the 企业 column,
    since codes and unit names repeat across enterprises."""
    roots = {o["id"]: o["name"] for o in orgs.values() if o["id"] == o["enterprise_id"]}
    if len({o["enterprise_id"] for o in orgs.values() if o["enterprise_id"] is not None}) < 2:
        return None
    return {i: roots.get(o["enterprise_id"], "") for i, o in orgs.items() if o["enterprise_id"] is not None}


def enterprise_column(ents: dict[int, str] | None, org_id: int | None) -> dict[str, str]:
    """The 企业 field of one listed row (see enterprise_names): none for a one-enterprise scope; an
    empty name for a unit of no enterprise (a group, a district, the whole register)."""
    return {} if ents is None else {"enterprise": ents.get(org_id, "")}


def enterprises_of(who: Actor, alias: str, params: dict[str, Any]) -> str:
    """The SQL condition on ``alias.enterprise_id`` for the enterprises the actor sees: their own;
    for a person of a group or a district, those below it; for the database-wide person, all."""
    if who.enterprise_id is not None:
        params["own_e"] = who.enterprise_id
        return f"{alias}.enterprise_id = :own_e"
    if not who.org_path:
        return "1 = 1"
    params["above_path"] = who.org_path + "%"
    return (f"{alias}.enterprise_id IN (SELECT u.id FROM org_unit u WHERE u.id = u.enterprise_id"
            " AND u.path LIKE :above_path)")


def _bind(params: dict[str, Any], stem: str, values: list[Any]) -> list[str]:
    params.update({f"{stem}_{i}": v for i, v in enumerate(values)})
    return [f":{stem}_{i}" for i in range(len(values))]


def own_reports_only(actor: Actor) -> bool:
    """True for a person who reads only the hazards they reported (``[hazard.visibility]``: a
    worker, 安全生产法 Art 59, reports and follows their own reports; officers triage them)."""
    limited = set(config.rules()["hazard"].get("visibility", {}).get("own_reports_only", []))
    return bool(actor.roles) and actor.roles <= limited


def reader_filter(actor: Actor, params: dict[str, Any], alias: str = "h") -> str:
    """SQL keeping, for such a person, only the hazards (``alias``) they reported."""
    if not own_reports_only(actor):
        return "1 = 1"
    params["reader"] = actor.login
    return f"{alias}.finder = :reader"


def scope_of(tx: Tx, actor: str, org: str | None, params: dict[str, Any],
             alias: str = "h") -> tuple[Actor, dict[int, dict], str]:
    """The actor, the org tree and the scope filter of a listing: the actor's own subtree, or
    the subtree of ``org`` when it lies in their scope."""
    who = load_actor(tx, actor)
    path = resolve_org(tx, who, org)["path"] if org else who.org_path
    orgs = org_tree(tx, path)
    return who, orgs, scope_filter(orgs, path, params, alias=alias)


# --- loaders by code --------------------------------------------------------------------------------

# Codes repeat across enterprises (each numbers its hazards from YH-2026-000001): a person whose
# scope spans several (a group's, a district's) writes ENTERPRISE:CODE, the enterprise by id or name.
_QUALIFIERS = (":", "：")


def qualified(enterprise_id: int, code: str) -> str:
    """``5:YH-2026-000001``: a code that names its enterprise, whoever reads it."""
    return f"{enterprise_id}:{code}"


def split_code(text: str) -> tuple[str | None, str]:
    """(the enterprise named before the code or None, the code in capitals)."""
    text = text.strip()
    for mark in _QUALIFIERS:
        if mark in text:
            enterprise, _, code = text.partition(mark)
            return enterprise.strip(), code.strip().upper()
    return None, text.upper()


def enterprise_in_scope(tx: Tx, actor: Actor, ref: str) -> int:
    """The id of the enterprise named ``ref`` (id or name) that the actor covers or works in."""
    column = "id" if ref.isdigit() else "name"
    if column == "id" and int(ref) > 2**31 - 1:
        raise NotFound(f"no enterprise {ref!r} in your scope: see `dualprev org list`")
    rows = [r for r in tx.run(f"SELECT id, path FROM org_unit WHERE {column} = :r AND id = enterprise_id",
                              {"r": int(ref) if ref.isdigit() else ref}).mappings()
            if actor.covers(r["path"]) or actor.enterprise_id == r["id"]]
    if not rows:
        raise NotFound(f"no enterprise {ref!r} in your scope: see `dualprev org list`")
    if len(rows) > 1:
        raise InvalidInput(f"enterprise name {ref!r} is ambiguous: give its id, e.g. {rows[0]['id']}:CODE")
    return int(rows[0]["id"])


def by_code(tx: Tx, actor: Actor, code: str, in_enterprise: str, anywhere: str,
            not_found: str) -> Any:
    """The row with ``code`` (``ENTERPRISE:CODE`` names the enterprise) whose ``org_path`` the
    actor covers: in the actor's enterprise, or, for a person above enterprises (a group's, a
    district's, the database-wide admin), in the one enterprise of their scope that has it;
    else NotFound. ``not_found`` may name ``{code}``."""
    enterprise, code = split_code(code)
    if enterprise is not None:
        row = tx.one(in_enterprise, {"code": code, "e": enterprise_in_scope(tx, actor, enterprise)})
    elif actor.enterprise_id is None:
        rows = [r for r in tx.run(anywhere, {"code": code}).mappings() if actor.covers(r["org_path"])]
        if len(rows) > 1:
            ids = sorted(r["enterprise_id"] for r in rows)
            names = ", ".join(f"{n} ({i})" for i, n in tx.run(
                "SELECT id, name FROM org_unit WHERE id IN (" + ", ".join(map(str, ids)) + ") ORDER BY id"))
            raise InvalidInput(f"{code} exists in {len(rows)} enterprises of your scope ({names}):"
                               f" write ENTERPRISE:CODE, e.g. {qualified(ids[0], code)}")
        row = rows[0] if rows else None
    else:
        row = tx.one(in_enterprise, {"code": code, "e": actor.enterprise_id})
    if row is None or not actor.covers(row["org_path"]):
        raise NotFound(not_found.format(code=code))
    return row


HAZARD_FIELDS = ("id", "code", "enterprise_id", "org_id", "level", "state", "version", "owner",
                 "measures", "deadline", "original_deadline", "cost", "contingency",
                 "actual_cost", "closed_at", "found_at", "title", "finder", "source",
                 "category", "gb_code", "basis_clause", "basis", "evaluated_at", "description",
                 "place")
_HAZARD_SELECT = (
    "SELECT " + ", ".join(f"h.{f}" for f in HAZARD_FIELDS) + ", o.path AS org_path,"
    " (SELECT s.level FROM supervision s WHERE s.hazard_id = h.id AND s.state <> 'written_off'"
    " ORDER BY s.id DESC LIMIT 1) AS supervised,"
    " (SELECT g.state FROM governance_plan g WHERE g.hazard_id = h.id) AS plan_state"
    " FROM hazard h JOIN org_unit o ON o.id = h.org_id WHERE h.code = :code"
)
HAZARD_BY_CODE = _HAZARD_SELECT + " AND h.enterprise_id = :e"


def load_hazard(tx: Tx, actor: Actor, code: str) -> SimpleNamespace:
    """The hazard as a plain object the machine can fire on (never an ORM entity)."""
    missing = "no hazard {code} in your scope: see `dualprev hazard list`"
    row = by_code(tx, actor, code, HAZARD_BY_CODE, _HAZARD_SELECT, missing)
    if own_reports_only(actor) and row["finder"] != actor.login:
        raise NotFound(missing.format(code=row["code"]))
    h = SimpleNamespace(**row)
    h.deadline = as_date(h.deadline)
    h.original_deadline = as_date(h.original_deadline)
    h.found_at = as_instant(h.found_at)
    h.closed_at = as_instant(h.closed_at)
    h.evaluated_at = as_instant(h.evaluated_at)
    return h


_RISK_SELECT = ("SELECT r.*, o.path AS org_path, o.name AS org FROM risk_point r"
                " JOIN org_unit o ON o.id = r.org_id WHERE r.code = :code AND NOT r.deleted")


def load_risk(tx: Tx, actor: Actor, code: str) -> dict[str, Any]:
    return dict(by_code(tx, actor, code, _RISK_SELECT + " AND r.enterprise_id = :e", _RISK_SELECT,
                        "no risk point {code} in your scope: see `dualprev risk list`"))


_TASK_SQL = (
    "SELECT t.id, t.uuid, t.enterprise_id, t.plan_id, t.org_id, t.period_start, t.period_end, t.due_at,"
    " t.starts_at, t.ends_at,"
    " t.state, t.late, t.done_at, t.version, t.created_at, p.checklist_id, p.assignee, p.role,"
    " p.name AS plan, o.path AS org_path, o.name AS org FROM inspection_task t"
    " JOIN inspection_plan p ON p.id = t.plan_id JOIN org_unit o ON o.id = t.org_id WHERE t.id = :id")


def load_task(tx: Tx, who: Actor, task_id: int, lock: bool = False) -> SimpleNamespace:
    row = tx.one(_TASK_SQL + (tx.lock if lock else ""), {"id": task_id})
    if row is None or not who.covers(row["org_path"]):
        raise NotFound(f"no inspection task {task_id} in your scope: see `dualprev inspect due`")
    t = SimpleNamespace(**row)
    t.due_at, t.done_at = as_instant(t.due_at), as_instant(t.done_at)
    t.starts_at, t.ends_at = as_instant(t.starts_at), as_instant(t.ends_at)
    return t
