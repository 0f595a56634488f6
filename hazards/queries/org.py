"""The read side of org units and people: what the actor may see of the tree and its people."""

from __future__ import annotations

from typing import Any

from dualprev.hazards.access import enterprise_column, enterprise_names, load_actor, org_tree
from dualprev.hazards.access import session_login as access_session_login
from dualprev.hazards.db import Database
from dualprev.hazards.errors import NotInitialised
from dualprev.hazards.labels import text


def list_orgs(db: Database, *, actor: str) -> list[dict[str, Any]]:
    with db.read() as tx:
        who = load_actor(tx, actor)
        orgs = org_tree(tx)
    seen = {i: o for i, o in orgs.items() if who.covers(o["path"])}
    ents = enterprise_names(seen)
    return [
        {**o, "parent": orgs[o["parent_id"]]["name"] if o["parent_id"] else None,
         **enterprise_column(ents, o["id"])}
        for o in seen.values()
    ]


def list_people(db: Database, *, actor: str) -> list[dict[str, Any]]:
    with db.read() as tx:
        who = load_actor(tx, actor)
        rows = tx.run(
            "SELECT p.login, p.name, p.roles, p.org_id, o.name AS org, o.path FROM person p"
            " LEFT JOIN org_unit o ON o.id = p.org_id ORDER BY o.path, p.login").mappings().all()
        ents = enterprise_names(org_tree(tx, who.org_path))
    # a person of a group or a district (or the database-wide admin) belongs to no one enterprise
    return [{"login": r["login"], "name": r["name"], "roles": r["roles"].split(),
             "org_id": r["org_id"], "org": r["org"] or text("whole_database"),
             **enterprise_column(ents, r["org_id"])}
            for r in rows if who.covers(r["path"] or "")]


def session_login(db: Database) -> str | None:
    """PostgreSQL: the login of the person the session user is (None on SQLite or when unknown)."""
    if db.is_sqlite:
        return None
    try:
        with db.read() as tx:
            return access_session_login(tx)
    except NotInitialised:
        return None
