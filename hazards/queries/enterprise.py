"""The read side of the enterprise profile (一企一档 basics): ``profile`` is what every report
that prints the registered name and codes calls, inside its own transaction."""

from __future__ import annotations

from typing import Any

from dualprev.hazards.access import load_actor, org_tree, resolve_org
from dualprev.hazards.db import Database, Tx, iso_instant
from dualprev.hazards.errors import InvalidInput, NotFound

PROFILE_COLUMNS = ["org", "registered_name", "credit_code", "company_code", "industry", "address",
                   "legal_rep", "principal", "contact_phone", "updated_at", "updated_by"]
_PROFILE_SQL = (
    "SELECT p.enterprise_id, o.name AS org, p.registered_name, p.credit_code, p.company_code,"
    " p.industry, p.address, p.legal_rep, p.principal, pp.name AS principal_name, p.contact_phone,"
    " p.updated_at, p.updated_by FROM enterprise_profile p JOIN org_unit o ON o.id = p.enterprise_id"
    " LEFT JOIN person pp ON pp.login = p.principal WHERE p.enterprise_id = :e"
)


def profile(tx: Tx, enterprise_id: int) -> dict[str, Any] | None:
    """The profile of the enterprise ``enterprise_id`` (the id of its root org unit), or None when
    none was set: ``org`` (the unit's name), ``registered_name``, ``credit_code`` (统一社会信用代码),
    ``company_code`` (危化品登记 9 digits, the national ``companyCode``), ``industry``, ``address``,
    ``legal_rep``, ``principal`` (a login) with ``principal_name``, ``contact_phone``,
    ``updated_at`` (ISO text) and ``updated_by``. No scope check: the caller has made its own."""
    row = tx.one(_PROFILE_SQL, {"e": enterprise_id})
    if row is None:
        return None
    return {**row, "updated_at": iso_instant(row["updated_at"])}


def enterprise_of(tx: Tx, actor: Any, org: str | None) -> dict[str, Any]:
    """The enterprise (its root unit: id, name, path) of the org unit ``org``, or the actor's own
    (which a person below its root may name too)."""
    if org is not None:
        try:
            enterprise_id = resolve_org(tx, actor, org)["enterprise_id"]
        except NotFound:
            own = tx.one("SELECT id, name FROM org_unit WHERE id = :e", {"e": actor.enterprise_id})
            if own is None or org not in (own["name"], str(own["id"])):
                raise
            enterprise_id = own["id"]
    elif actor.enterprise_id is not None:
        enterprise_id = actor.enterprise_id
    else:  # the database-wide admin: fine while the register holds one enterprise
        ids = list(tx.run("SELECT id FROM org_unit WHERE id = enterprise_id ORDER BY id").scalars())
        if len(ids) != 1:
            raise InvalidInput("name the enterprise: `dualprev enterprise show ORG`" if ids else
                               "the register has no enterprise yet: `dualprev org add NAME`")
        enterprise_id = ids[0]
    return dict(tx.one("SELECT id, name, path FROM org_unit WHERE id = :e", {"e": enterprise_id}))


def show(db: Database, *, actor: str, org: str | None = None) -> dict[str, Any]:
    """`enterprise show`: the profile of ``org``'s enterprise (default: the actor's own)."""
    with db.read() as tx:
        who = load_actor(tx, actor)
        unit = enterprise_of(tx, who, org)
        found = profile(tx, unit["id"])
    if found is None:
        raise NotFound(f"{unit['name']} has no enterprise profile yet: an admin sets it with "
                       f"`dualprev enterprise set {unit['name']} --credit-code CODE`")
    return found


def header(db: Database, *, actor: str, org: str | None = None) -> dict[str, Any] | None:
    """What heads a report's page: the registered name and credit code of the one enterprise the
    actor's scope (or ``org``'s subtree) lies in; None when no profile is set or the scope spans
    several enterprises (a group's, a district's)."""
    with db.read() as tx:
        who = load_actor(tx, actor)
        path = resolve_org(tx, who, org)["path"] if org else who.org_path
        enterprises = {o["enterprise_id"] for o in org_tree(tx, path).values()} - {None}
        found = profile(tx, enterprises.pop()) if len(enterprises) == 1 else None
    return None if found is None else {"name": found["registered_name"], "credit_code": found["credit_code"]}
