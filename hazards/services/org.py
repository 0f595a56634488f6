"""Use-cases of the register itself: create or upgrade it, add org units and people.

Like every use-case: keyword-only, one transaction, the audit event in it, plain data back.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from dualprev.hazards import audit, config, enforce, limits
from dualprev.hazards.access import ACTOR_SQL, is_operator, load_actor, load_person, require_role, resolve_org
from dualprev.hazards.db import Database, Tx
from dualprev.hazards.errors import InvalidInput, NotFound, NotInitialised, PermissionDenied, RuleViolation
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import ABOVE_ENTERPRISES, OPEN_STATES, ORG_KINDS, ROLES, parse
from dualprev.hazards.migrate import upgrade


TOP_KINDS = ("enterprise", *ABOVE_ENTERPRISES)  # the kinds that stand at the top or under a group/district


def _require_admin(actor: Actor, org_path: str) -> None:
    require_role(actor, "org.admin_roles", "manage org units and people", org_path)


def _require_operator(tx: Tx, what: str) -> None:
    """PostgreSQL: groups, districts and their people span enterprises, so only the operator (the
    role that owns the tables) makes them (#13); an enterprise's admin would otherwise meet the
    row-level security's bare refusal. SQLite: the file is one trust domain."""
    if not is_operator(tx):
        raise PermissionDenied(f"only the operator may {what}: connect as the role that owns the "
                               "register's tables")


def init(db: Database, *, login: str, partitions: int | None = None) -> dict[str, Any]:
    """Create or upgrade the schema; on a database with no people, make ``login`` its first admin.
    ``partitions`` (default ``DUALPREV_PARTITIONS``): on PostgreSQL, hash-partition the large
    tables by enterprise into that many partitions, unless they are partitioned already."""
    if partitions is None:
        partitions = config.partitions()  # read on SQLite too: a bad value is refused everywhere
        if db.is_sqlite:
            partitions = 0
    elif partitions and db.is_sqlite:
        raise InvalidInput("--partitions is for PostgreSQL: a SQLite file holds one enterprise")
    if partitions:
        from dualprev.hazards.partitions import check_count

        check_count(partitions)
    db.create_file()
    try:
        with db.read() as tx:
            if tx.scalar("SELECT count(*) FROM person") and tx.one(
                    "SELECT 1 FROM person WHERE login = :l", {"l": login}) is None:
                raise NotFound(f"unknown user {login!r}: init on a register that has people needs "
                               "one of them (--as LOGIN)")
            if not is_operator(tx):
                raise PermissionDenied("init is the operator's: connect as the role that owns the "
                                       "register's tables")
    except NotInitialised:
        pass  # an empty database: the acting user becomes its first admin below
    revision = upgrade(db, partitions=partitions)
    now = config.now()
    created_admin = False
    with db.write() as tx:
        if tx.scalar("SELECT count(*) FROM audit_head WHERE enterprise_id = :e",
                     {"e": audit.SYSTEM_CHAIN}) == 0:
            audit.start_chain(tx, audit.SYSTEM_CHAIN)
        if tx.scalar("SELECT count(*) FROM person") == 0:
            pid = tx.scalar(
                "INSERT INTO person (login, name, roles, db_role, created_at)"
                " VALUES (:l, :l, 'admin', :l, :at) RETURNING id", {"l": login, "at": tx.ts(now)})
            audit.append(tx, enterprise_id=audit.SYSTEM_CHAIN, subject="person", subject_id=pid,
                         ref=login, event="person_add", actor=login, at=now,
                         data={"login": login, "roles": ["admin"], "scope": "database"})
            created_admin = True
    return {"revision": revision, "first_admin": login if created_admin else None,
            "partitions": _partitions(db)}


def _partitions(db: Database) -> dict[str, int]:
    if db.is_sqlite:
        return {}
    from dualprev.hazards.partitions import partitioned

    with db.read() as tx:
        return partitioned(tx.conn)


def add_org(db: Database, *, actor: str, name: str, parent: str | None = None,
            kind: str | None = None) -> dict[str, Any]:
    """Add an org unit. An enterprise starts its own audit chain, at the top or under a group
    (集团) or district (辖区); a group or district stands at the top or under another, is no
    enterprise (no ``enterprise_id``) and is recorded on the database's own chain."""
    limits.check("org_unit", name=name)
    name = name.strip()
    if not name:
        raise InvalidInput("an org unit needs a name")
    if kind is not None:
        kind = parse(ORG_KINDS, kind, "org kind")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        if kind in ABOVE_ENTERPRISES:
            _require_operator(tx, "add a group or a district")
        if parent is None:
            _require_admin(who, "")
            kind = kind or "enterprise"
            if kind not in TOP_KINDS:
                raise InvalidInput(f"a {kind} needs --parent: only an enterprise, a group or a district stands alone")
            if tx.scalar("SELECT count(*) FROM org_unit WHERE parent_id IS NULL AND name = :n",
                         {"n": name}):
                raise InvalidInput(f"a unit named {name!r} already stands at the top")
            up = None
        else:
            up = resolve_org(tx, who, parent)
            _require_admin(who, up["path"])
            above = up["kind"] in ABOVE_ENTERPRISES
            kind = kind or ("enterprise" if above else
                            {"enterprise": "workshop", "workshop": "team"}.get(up["kind"], "team"))
            if above and kind not in TOP_KINDS:
                raise InvalidInput(f"{up['name']} is a {up['kind']}: below it stand enterprises, groups"
                                   " or districts (--kind enterprise|group|district)")
            if not above and kind in TOP_KINDS:
                raise InvalidInput(f"a {kind} stands at the top or under a group or district, not under"
                                   f" {up['name']}")
            if tx.scalar("SELECT count(*) FROM org_unit WHERE parent_id = :p AND name = :n",
                         {"p": up["id"], "n": name}):
                raise InvalidInput(f"{up['name']} already has a unit named {name!r}")
        if kind == "enterprise":  # a new tenant: row-level security admits it for no one else yet
            _require_operator(tx, "add an enterprise")
        oid = tx.scalar(
            "INSERT INTO org_unit (uuid, parent_id, enterprise_id, name, kind, path, created_at)"
            " VALUES (:u, :p, :e, :n, :k, '', :at) RETURNING id",
            {"u": str(uuid.uuid4()), "p": up["id"] if up else None, "n": name, "k": kind,
             "e": up["enterprise_id"] if up else None, "at": tx.ts(now)})
        path = (up["path"] if up else "/") + f"{oid}/"
        enterprise = oid if kind == "enterprise" else up["enterprise_id"] if up else None
        tx.run("UPDATE org_unit SET path = :path, enterprise_id = :e WHERE id = :id",
               {"path": path, "e": enterprise, "id": oid})
        if kind == "enterprise":
            audit.start_chain(tx, oid)
        audit.append(tx, enterprise_id=audit.SYSTEM_CHAIN if enterprise is None else enterprise,
                     subject="org", subject_id=oid, ref=name, event="org_add", actor=who.login, at=now,
                     data={"name": name, "kind": kind, "parent_id": up["id"] if up else None})
    return {"id": oid, "name": name, "kind": kind, "parent_id": up["id"] if up else None,
            "enterprise_id": enterprise, "path": path}


def edit_org(db: Database, *, actor: str, org: str, name: str | None = None,
             parent: str | None = None) -> dict[str, Any]:
    """Rename an org unit or move it: a unit within its enterprise, an enterprise (attach) or a
    group or district under a group or district; never into its own subtree. The paths of the
    subtree follow in the same transaction. One ``org_edit`` event with before and after, on the
    enterprise's chain (the database's own for a group or district)."""
    limits.check("org_unit", name=name)
    if name is None and parent is None:
        raise InvalidInput("nothing to change: give --name or --parent")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        unit = resolve_org(tx, who, org)
        _require_admin(who, unit["path"])
        row = tx.one("SELECT parent_id FROM org_unit WHERE id = :id", {"id": unit["id"]})
        before = {"name": unit["name"], "parent_id": row["parent_id"]}
        after = dict(before, name=name.strip() if name is not None else unit["name"])
        path = unit["path"]
        if parent is not None:
            up = resolve_org(tx, who, parent)
            _require_admin(who, up["path"])
            if unit["kind"] in TOP_KINDS:
                if up["kind"] not in ABOVE_ENTERPRISES:
                    raise InvalidInput(f"--parent {parent}: {unit['name']} is a {unit['kind']}, which stands at"
                                       " the top or under a group or district")
            elif up["enterprise_id"] != unit["enterprise_id"]:
                raise InvalidInput(f"--parent {parent}: not a unit of {unit['name']}'s enterprise")
            if up["path"].startswith(unit["path"]):
                raise RuleViolation(f"{up['name']} is {unit['name']} or under it: a unit cannot move into itself")
            after["parent_id"] = up["id"]
            path = up["path"] + f"{unit['id']}/"
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            raise InvalidInput("nothing to change: give --name or --parent with a new value")
        if tx.scalar("SELECT count(*) FROM org_unit WHERE parent_id = :p AND name = :n AND id <> :id",
                     {"p": after["parent_id"], "n": after["name"], "id": unit["id"]}):
            raise InvalidInput(f"a unit named {after['name']!r} is there already")
        tx.run("UPDATE org_unit SET name = :n, parent_id = :p WHERE id = :id",
               {"n": after["name"], "p": after["parent_id"], "id": unit["id"]})
        if path != unit["path"]:
            tx.run("UPDATE org_unit SET path = :new || substr(path, :cut) WHERE path LIKE :old",
                   {"new": path, "cut": len(unit["path"]) + 1, "old": unit["path"] + "%"})
        chain = audit.SYSTEM_CHAIN if unit["enterprise_id"] is None else unit["enterprise_id"]
        audit.append(tx, enterprise_id=chain, subject="org", subject_id=unit["id"],
                     ref=after["name"], event="org_edit", actor=who.login, at=now,
                     data={**{k: after[k] for k in changed}, "before": {k: before[k] for k in changed}})
    return {"id": unit["id"], **after, "path": path, "changed": changed}


def add_person(db: Database, *, actor: str, login: str, name: str, org: str,
               roles: list[str], db_role: str | None = None, db_login: bool = False,
               password: str | None = None) -> dict[str, Any]:
    """Add a person. ``db_role`` is the PostgreSQL role they connect as (default: the login);
    ``db_login`` also creates that role as a login in the register's group role (PostgreSQL, by
    the operator), with ``password`` or none (peer or certificate authentication)."""
    limits.check("person", login=login, name=name)
    if not login.strip() or any(c.isspace() for c in login):
        raise InvalidInput(f"login {login!r} must be one word without spaces")
    if login == enforce.SYSTEM_ACTOR:
        raise InvalidInput(f"login {login!r} is reserved for the scheduler: choose another")
    if not roles:
        raise InvalidInput("a person needs at least one --role")
    role = (db_role or login).strip()
    if not role or any(c.isspace() or c == '"' for c in role):
        raise InvalidInput(f"--db-role {role!r} must be one word without spaces or quotes")
    if db_login and db.is_sqlite:
        raise InvalidInput("--db-login creates a PostgreSQL login: this register is a SQLite file")
    wanted = sorted({parse(ROLES, r, "role") for r in roles})
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        if _names_a_unit_above(tx, org):  # before the scope: an enterprise's admin learns the rule
            _require_operator(tx, "add the people of a group or a district")
        unit = resolve_org(tx, who, org)
        _require_admin(who, unit["path"])
        if tx.scalar("SELECT count(*) FROM person WHERE login = :l", {"l": login}):
            raise InvalidInput(f"login {login!r} is taken")
        if tx.scalar("SELECT count(*) FROM person WHERE db_role = :r", {"r": role}):
            raise InvalidInput(f"database role {role!r} is another person's already")
        pid = tx.scalar(
            "INSERT INTO person (login, name, org_id, enterprise_id, roles, db_role, created_at)"
            " VALUES (:l, :n, :o, :e, :r, :role, :at) RETURNING id",
            {"l": login, "n": name, "o": unit["id"], "e": unit["enterprise_id"],
             "r": " ".join(wanted), "role": role, "at": tx.ts(now)})
        if db_login:
            enforce.create_login(tx.conn, role, password)
        elif not db.is_sqlite and enforce.role_exists(tx.conn, role):
            enforce.join_group(tx.conn, role)
        audit.append(tx, enterprise_id=audit.SYSTEM_CHAIN if unit["enterprise_id"] is None
                     else unit["enterprise_id"], subject="person", subject_id=pid,
                     ref=login, event="person_add", actor=who.login, at=now,
                     data={"login": login, "name": name, "org_id": unit["id"], "roles": wanted,
                           "db_role": role, **({"db_login": True} if db_login else {})})
    return {"id": pid, "login": login, "name": name, "org_id": unit["id"], "org": unit["name"],
            "roles": wanted, "db_role": role, "db_login": db_login}


def _names_a_unit_above(tx: Tx, ref: str) -> bool:
    """True when ``ref`` (an id or a name) names a group or a district the session can read."""
    column = "id" if ref.isdigit() else "name"
    if column == "id" and int(ref) > 2**31 - 1:
        return False
    return tx.scalar(f"SELECT count(*) FROM org_unit WHERE {column} = :r AND enterprise_id IS NULL",
                     {"r": int(ref) if ref.isdigit() else ref}) > 0


def _managed(tx: Tx, who: Actor, login: str) -> Any:
    """The person ``login`` as their admin ``who`` sees them (in scope, or not found)."""
    row = tx.one("SELECT p.id, p.login, p.name, p.org_id, p.roles, p.active, p.db_role, p.enterprise_id,"
                 " o.path FROM person p LEFT JOIN org_unit o ON o.id = p.org_id WHERE p.login = :l",
                 {"l": login})
    if row is None or not who.covers(row["path"] or ""):
        raise NotFound(f"no person {login!r} in your scope: see `dualprev person list`")
    _require_admin(who, row["path"] or "")
    return row


# What points at a person and moves to their successor: (kind, table, column, which rows, the role
# the successor needs or None: a plan's assignee, like `plan add`'s, needs only the scope). Open
# hazards, 治理方案 of open hazards, live plans (their open tasks follow the plan's assignee), live
# risk points and measures.
HANDOVER = (
    ("hazard", "hazard", "owner", "state IN ({open})", "owner"),
    ("hazard_plan", "governance_plan", "owner",
     "hazard_id IN (SELECT id FROM hazard WHERE state IN ({open}))", "owner"),
    ("plan", "inspection_plan", "assignee", "retired_at IS NULL", None),
    ("risk", "risk_point", "responsible", "deleted = :no", None),
    ("measure", "control_measure", "owner", "deleted = :no", None),
)
_HANDOVER_SQL = {
    "hazard": "SELECT t.id, t.code AS ref, t.state, o.path FROM hazard t JOIN org_unit o ON o.id = t.org_id",
    "hazard_plan": "SELECT t.hazard_id AS id, h.code AS ref, h.state, o.path FROM governance_plan t"
                   " JOIN hazard h ON h.id = t.hazard_id JOIN org_unit o ON o.id = h.org_id",
    "plan": "SELECT t.id, t.name AS ref, o.path FROM inspection_plan t JOIN org_unit o ON o.id = t.org_id",
    "risk": "SELECT t.id, t.code AS ref, o.path FROM risk_point t JOIN org_unit o ON o.id = t.org_id",
    "measure": "SELECT t.id, r.code AS ref, o.path FROM control_measure t"
               " JOIN risk_point r ON r.id = t.risk_id JOIN org_unit o ON o.id = r.org_id",
}


def _held(tx: Tx, login: str) -> dict[str, list[dict[str, Any]]]:
    """What ``login`` holds, by kind (HANDOVER)."""
    opened = ", ".join(f"'{s}'" for s in sorted(OPEN_STATES))
    held = {}
    for kind, _table, column, where, _role in HANDOVER:
        rows = tx.run(f"{_HANDOVER_SQL[kind]} WHERE t.{column} = :l AND t.{where.format(open=opened)}"
                      " ORDER BY t.id", {"l": login, "no": False}).mappings()
        held[kind] = [dict(r) for r in rows]
    return held


def _hand_over(tx: Tx, who: Actor, row: dict[str, Any], successor: Actor,
               held: dict[str, list[dict[str, Any]]], now: datetime) -> dict[str, list[str]]:
    """Move every item to ``successor`` (active, of the enterprise, covering each item's unit, with
    the role the item needs), one audited event per item with the owner before and after."""
    login = row["login"]
    if successor.login == login:
        raise InvalidInput("--handover names the person being deactivated: name their successor")
    if successor.enterprise_id != row["enterprise_id"]:
        raise InvalidInput(f"--handover {successor.login}: not a person of {login}'s enterprise")
    moved: dict[str, list[str]] = {}
    for kind, table, column, _where, role in HANDOVER:
        for item in held[kind]:
            if role and role not in successor.roles:
                raise RuleViolation(f"{successor.login} cannot take over {item['ref']} from {login}:"
                                    f" they lack the {role} role")
            if not successor.covers(item["path"] or ""):
                raise RuleViolation(f"{successor.login} cannot take over {item['ref']} from {login}:"
                                    " its org unit is outside their scope")
            key = "hazard_id" if kind == "hazard_plan" else "id"
            extra = ", version = version + 1, updated_at = :at" if kind == "hazard" else ""
            tx.run(f"UPDATE {table} SET {column} = :s{extra} WHERE {key} = :id",
                   {"s": successor.login, "id": item["id"], "at": tx.ts(now)})
            subject = {"hazard_plan": "hazard", "measure": "risk"}.get(kind, kind)
            field = {"hazard_plan": "plan_owner", "measure": "measure_owner"}.get(kind, column)
            data = {field: successor.login, "before": {field: login}}
            if kind == "measure":
                data["measure_id"] = item["id"]
                subject_id = tx.scalar("SELECT risk_id FROM control_measure WHERE id = :id", {"id": item["id"]})
            else:
                subject_id = item["id"]
            audit.append(tx, enterprise_id=row["enterprise_id"], subject=subject, subject_id=subject_id,
                         ref=item["ref"], event="handover", actor=who.login, at=now,
                         from_state=item.get("state"), to_state=item.get("state"),
                         comment=f"{login} → {successor.login}", data=data)
            moved.setdefault(kind, []).append(item["ref"])
    return moved


def deactivate_person(db: Database, *, actor: str, login: str,
                      handover: str | None = None) -> dict[str, Any]:
    """Mark a person inactive (they can no longer act) and, on PostgreSQL, take LOGIN from their
    database role when it exists. What they hold (HANDOVER) moves to ``handover`` in the same
    transaction; without one, a person who holds anything stays active."""
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        row = _managed(tx, who, login)
        if login == who.login:
            raise InvalidInput("you cannot deactivate yourself: ask another admin")
        if not row["active"]:
            raise InvalidInput(f"{login} is deactivated already")
        held = _held(tx, login)
        count = sum(len(v) for v in held.values())
        moved: dict[str, list[str]] = {}
        if handover is not None:
            moved = _hand_over(tx, who, dict(row), _successor(tx, who, handover), held, now)
        elif count:
            raise RuleViolation(f"{login} still holds {count} open item(s) (hazards, plans, risk points,"
                                " measures): give --handover LOGIN, their successor")
        tx.run("UPDATE person SET active = :f WHERE id = :id", {"f": False, "id": row["id"]})
        revoked = bool(row["db_role"]) and not db.is_sqlite and enforce.role_exists(tx.conn, row["db_role"])
        if revoked:
            enforce.revoke_login(tx.conn, row["db_role"])
        audit.append(tx, enterprise_id=row["enterprise_id"] or audit.SYSTEM_CHAIN, subject="person",
                     subject_id=row["id"], ref=login, event="person_deactivate", actor=who.login,
                     at=now, data={"active": False, **({"db_role": row["db_role"]} if revoked else {}),
                                   **({"handover": handover, "moved": moved} if handover else {})})
    return {"login": login, "active": False, "db_role": row["db_role"], "login_revoked": revoked,
            "handover": handover, "moved": moved}


def _successor(tx: Tx, who: Actor, login: str) -> Actor:
    """A person the actor names as a successor: known, active and in the actor's scope."""
    row = tx.one(ACTOR_SQL, {"login": login})
    if row is None or not who.covers(row["path"] or ""):
        raise NotFound(f"no person {login!r} in your scope: see `dualprev person list`")
    if not row["active"]:
        raise InvalidInput(f"{login} is deactivated: name an active successor")
    return load_person(tx, login)


def edit_person(db: Database, *, actor: str, login: str, name: str | None = None,
                org: str | None = None, roles: list[str] | None = None) -> dict[str, Any]:
    """Correct a person's name, org unit (within their enterprise) or roles (admin of both units);
    one ``person_edit`` event with the fields before and after."""
    limits.check("person", name=name)
    wanted = sorted({parse(ROLES, r, "role") for r in roles}) if roles else None
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        row = _managed(tx, who, login)
        before = {"name": row["name"], "org_id": row["org_id"], "roles": row["roles"].split()}
        after = dict(before)
        if name is not None:
            after["name"] = name.strip()
        if org is not None:
            unit = resolve_org(tx, who, org)
            _require_admin(who, unit["path"])
            if unit["enterprise_id"] != row["enterprise_id"]:
                raise InvalidInput(f"--org {org}: not a unit of {login}'s enterprise")
            after["org_id"] = unit["id"]
        if wanted is not None:
            after["roles"] = wanted
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            raise InvalidInput("nothing to change: give --name, --org or --role with a new value")
        tx.run("UPDATE person SET name = :n, org_id = :o, roles = :r WHERE id = :id",
               {"n": after["name"], "o": after["org_id"], "r": " ".join(after["roles"]), "id": row["id"]})
        audit.append(tx, enterprise_id=row["enterprise_id"] or audit.SYSTEM_CHAIN, subject="person",
                     subject_id=row["id"], ref=login, event="person_edit", actor=who.login, at=now,
                     data={**{k: after[k] for k in changed}, "before": {k: before[k] for k in changed}})
    return {"login": login, **after, "changed": changed}


def system_run(db: Database, *, named: str | None) -> str:
    """Check who may start tick, notify send or the scheduler, which act as ``system``: a ``--as``
    must name a person (the reserved name ``system`` too); on PostgreSQL only the operator runs them."""
    with db.read() as tx:
        if named is not None and named != enforce.SYSTEM_ACTOR:
            load_actor(tx, named)
        if not is_operator(tx):
            raise PermissionDenied("tick, notify send and scheduler run are the operator's: run them "
                                   "as the role that owns the register's tables")
    return enforce.SYSTEM_ACTOR
