"""What the database holds by itself, whoever connects (issue 10).

On both backends: triggers refuse any UPDATE or DELETE of an audit event and any move of a chain
head other than forward onto an existing event. On PostgreSQL also: the group role of the
register's people (``dualprev_<database>_users``) with only the privileges the program needs,
and row-level security that limits every tenant table to the session user's own enterprise. The
operator, the role that owns the tables (it ran ``init``), bypasses row-level security (it is not
FORCEd) and may act ``--as`` anyone; the triggers hold for it too.

``install`` runs at the end of every upgrade that reaches migration 0009 (the identity
columns), in the same transaction; ``remove`` runs before the
migrations so that a migration may rewrite old rows. Tables added by later migrations are covered
because the tenant tables are found by their ``enterprise_id`` column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection

from dualprev.hazards.errors import InvalidInput, PermissionDenied

# SQLite: an attacker who can write the file can drop these; `audit verify` is what catches them.
SQLITE_TRIGGERS = {
    "dualprev_event_no_update": "BEFORE UPDATE ON hazard_event BEGIN SELECT RAISE(ABORT,"
                                " 'audit events are append-only: UPDATE refused'); END",
    "dualprev_event_no_delete": "BEFORE DELETE ON hazard_event BEGIN SELECT RAISE(ABORT,"
                                " 'audit events are append-only: DELETE refused'); END",
    "dualprev_head_no_delete": "BEFORE DELETE ON audit_head BEGIN SELECT RAISE(ABORT,"
                               " 'an audit chain head cannot be removed'); END",
    "dualprev_head_forward": (
        "BEFORE UPDATE ON audit_head WHEN NEW.enterprise_id <> OLD.enterprise_id"
        " OR NEW.seq <= OLD.seq OR NOT EXISTS (SELECT 1 FROM hazard_event e"
        " WHERE e.enterprise_id = NEW.enterprise_id AND e.seq = NEW.seq AND e.hash = NEW.hash)"
        " BEGIN SELECT RAISE(ABORT, 'an audit chain head moves only forward, onto an existing"
        " event'); END"),
}

# The privileges of the people's group role, per table; every other table gets DEFAULT_GRANT.
DEFAULT_GRANT = "SELECT, INSERT, UPDATE"
GRANTS = {"hazard_event": "SELECT, INSERT", "alembic_version": "SELECT",
          "escalation_step": "SELECT, INSERT, UPDATE, DELETE"}  # a write-off decision clears its step
SYSTEM_ACTOR = "system"  # the reserved actor of tick, notify send, the daemon and automatic steps


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def group_role(conn: Connection) -> str:
    """The group role of the register's people: named after the database."""
    database = conn.exec_driver_sql("SELECT current_database()").scalar()
    return "dualprev_" + re.sub(r"[^a-z0-9_]", "_", str(database).lower()) + "_users"


def _tenant_tables(conn: Connection, schema: str) -> list[str]:
    return list(conn.exec_driver_sql(
        "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %(s)s AND c.relkind IN ('r', 'p')"
        " AND NOT c.relispartition"
        " AND a.attname = 'enterprise_id' AND NOT a.attisdropped ORDER BY 1", {"s": schema}).scalars())


_POLICIES = {"hazard_event": ("dualprev_own_events",),
             "person": ("dualprev_admin_inserts", "dualprev_admin_updates", "dualprev_tenant")}


def remove(conn: Connection, policies: bool = False) -> None:
    """Drop the refusal triggers (before migrations) and, with ``policies``, the policies that
    name columns (a downgrade drops them); the tenant policies and grants stay."""
    if conn.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        return
    for table, trigger in (("hazard_event", "dualprev_events_append_only"),
                           ("audit_head", "dualprev_head_forward")):
        if conn.exec_driver_sql("SELECT to_regclass(%(t)s)", {"t": table}).scalar() is not None:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for table, names in _POLICIES.items() if policies else ():
        for name in names:
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {table}")


def _has_identity(conn: Connection) -> bool:
    if conn.dialect.name == "sqlite":
        return any(r[1] == "db_role" for r in conn.exec_driver_sql("PRAGMA table_info(person)"))
    return bool(conn.exec_driver_sql(
        "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('person')"
        " AND attname = 'db_role' AND NOT attisdropped").scalar())


def install(conn: Connection, admin_roles: list[str]) -> None:
    """Create (again) the triggers and, on PostgreSQL, the group role, grants and policies."""
    if not _has_identity(conn):
        return  # a revision before migration 0009 (the identity columns): nothing to hold yet
    if conn.dialect.name == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        return
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
    s = _q(str(schema))
    group = group_role(conn)
    run = conn.exec_driver_sql
    # Concurrent inits on one server may race to create the shared group role.
    run(f"""DO $$ BEGIN CREATE ROLE {_q(group)} NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$""")
    script = conn.connection.driver_connection  # several statements in one call: no parameters
    # session_user is a `name` (collation "C"): compared as it is with the varchar column, the
    # unique index on person.db_role is not used and every call scans all the people of the database
    me = 'session_user::text COLLATE "default"'
    admins = "ARRAY[" + ", ".join("'" + r.replace("'", "''") + "'" for r in admin_roles) + "]::text[]"
    script.execute(f"""
SET LOCAL check_function_bodies = off;  -- the tables they read exist; skip planning them here
-- plpgsql, not sql: a SECURITY DEFINER sql function is planned again on every call, while
-- plpgsql keeps its plans for the session (row-level security calls these once per statement)
CREATE OR REPLACE FUNCTION {s}.dualprev_login() RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = {s}, pg_temp AS $$
BEGIN
  RETURN (SELECT login FROM {s}.person WHERE db_role = {me} AND active);
END $$;

CREATE OR REPLACE FUNCTION {s}.dualprev_operator() RETURNS boolean LANGUAGE sql STABLE
SET search_path = {s}, pg_temp AS $$
  SELECT pg_has_role(session_user, c.relowner, 'MEMBER') FROM pg_class c
  WHERE c.oid = '{s}.person'::regclass $$;

-- the enterprises the session user's person may see: their own; for a person of a group or a
-- district (issue 13) every enterprise below it; for a person of the whole database (no org
-- unit) every one; NULL (nothing) for a role that is no active person
CREATE OR REPLACE FUNCTION {s}.dualprev_enterprises() RETURNS integer[] LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
BEGIN
  RETURN (SELECT CASE WHEN p.enterprise_id IS NULL
                      THEN (SELECT coalesce(array_agg(o.id), '{{}}') FROM {s}.org_unit o
                            WHERE o.id = o.enterprise_id AND o.path LIKE coalesce(u.path, '') || '%')
                      ELSE ARRAY[p.enterprise_id] END
          FROM {s}.person p LEFT JOIN {s}.org_unit u ON u.id = p.org_id
          WHERE p.db_role = {me} AND p.active);
END $$;

-- the groups and districts (units of no enterprise) on the session user's line: those above
-- their unit (an enterprise under a district sees its district's name) and those below it
CREATE OR REPLACE FUNCTION {s}.dualprev_above_units() RETURNS integer[] LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
BEGIN
  RETURN (SELECT coalesce(array_agg(o.id), '{{}}') FROM {s}.org_unit o,
            (SELECT coalesce(u.path, '') AS path FROM {s}.person p LEFT JOIN {s}.org_unit u
             ON u.id = p.org_id WHERE p.db_role = {me} AND p.active) me
          WHERE o.enterprise_id IS NULL AND (me.path LIKE o.path || '%' OR o.path LIKE me.path || '%'));
END $$;

CREATE OR REPLACE FUNCTION {s}.dualprev_is_admin() RETURNS boolean LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
BEGIN
  RETURN (SELECT coalesce(bool_or(string_to_array(roles, ' ') && {admins}), false)
          FROM {s}.person WHERE db_role = {me} AND active);
END $$;

CREATE OR REPLACE FUNCTION {s}.dualprev_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE OR REPLACE FUNCTION {s}.dualprev_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'an audit chain head cannot be removed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.enterprise_id <> OLD.enterprise_id OR NEW.seq <= OLD.seq OR NOT EXISTS (
      SELECT 1 FROM {s}.hazard_event e
      WHERE e.enterprise_id = NEW.enterprise_id AND e.seq = NEW.seq AND e.hash = NEW.hash) THEN
    RAISE EXCEPTION 'an audit chain head moves only forward, onto an existing event'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER dualprev_events_append_only BEFORE UPDATE OR DELETE ON {s}.hazard_event
  FOR EACH STATEMENT EXECUTE FUNCTION {s}.dualprev_refuse_event_change();
CREATE TRIGGER dualprev_head_forward BEFORE UPDATE OR DELETE ON {s}.audit_head
  FOR EACH ROW EXECUTE FUNCTION {s}.dualprev_head_forward();

REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {_q(group)};
GRANT USAGE ON SCHEMA {s} TO {_q(group)};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {_q(group)};
""")
    # a partition gets no grant: read through its parent, where row-level security applies
    tables = list(run("SELECT relname FROM pg_class WHERE relnamespace ="
                      " (SELECT oid FROM pg_namespace WHERE nspname = %(s)s)"
                      " AND relkind IN ('r', 'p') AND NOT relispartition", {"s": schema}).scalars())
    # one round trip for the grants and policies: statement by statement they cost most of init
    statements = [f"GRANT {GRANTS.get(table, DEFAULT_GRANT)} ON {s}.{_q(table)} TO {_q(group)}"
                  for table in tables]
    mine = f"enterprise_id = ANY ((SELECT {s}.dualprev_enterprises())::integer[])"
    # groups, districts and their people belong to no enterprise: visible on the person's line
    above = f"(SELECT {s}.dualprev_above_units())::integer[]"
    seen = {"org_unit": f"{mine} OR (enterprise_id IS NULL AND id = ANY ({above}))",
            "person": f"{mine} OR (enterprise_id IS NULL AND (org_id = ANY ({above})"
                      f" OR db_role = {me}))"}
    for table in _tenant_tables(conn, str(schema)):
        t = f"{s}.{_q(table)}"
        statements += [f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
                       f"DROP POLICY IF EXISTS dualprev_tenant ON {t}",
                       f"CREATE POLICY dualprev_tenant ON {t} TO {_q(group)} USING ({seen.get(table, mine)})"
                       f" WITH CHECK ({mine})"]
    statements += _restrictive(s, group, "hazard_event", "dualprev_own_events", "INSERT",
                               # a person writes events as themselves (or the automatic steps of
                               # their command)
                               f"actor IN ((SELECT {s}.dualprev_login()), '{SYSTEM_ACTOR}')"
                               " AND db_user = session_user")
    # people and their roles change only by an admin (through psql as well)
    statements += _restrictive(s, group, "person", "dualprev_admin_inserts", "INSERT",
                               f"(SELECT {s}.dualprev_is_admin())")
    statements += _restrictive(s, group, "person", "dualprev_admin_updates", "UPDATE",
                               f"(SELECT {s}.dualprev_is_admin())", using=True)
    script.execute(";\n".join(statements))


def _restrictive(s: str, group: str, table: str, name: str, command: str, check: str,
                 using: bool = False) -> list[str]:
    clause = f"USING ({check}) WITH CHECK ({check})" if using else f"WITH CHECK ({check})"
    return [f"DROP POLICY IF EXISTS {name} ON {s}.{table}",
            f"CREATE POLICY {name} ON {s}.{table} AS RESTRICTIVE FOR {command} TO {_q(group)} {clause}"]


# --- login roles of people (PostgreSQL) -----------------------------------------------------------

def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677), made here so
    the password itself never reaches the server or its statement log."""
    import base64
    import hashlib
    import hmac
    import os
    import unicodedata

    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", unicodedata.normalize("NFKC", password).encode(), salt,
                                 iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = base64.b64encode
    return (f"SCRAM-SHA-256${iterations}:{b64(salt).decode()}"
            f"${b64(hashlib.sha256(client_key).digest()).decode()}:{b64(server_key).decode()}")


def role_exists(conn: Connection, role: str) -> bool:
    return conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(r)s", {"r": role}).first() is not None


@contextmanager
def _role_errors(role: str) -> Iterator[None]:
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        if state == "42501":  # insufficient_privilege
            raise PermissionDenied(f"database role {role!r}: only the operator role (with CREATEROLE) "
                                   "may create or change database logins") from None
        if state == "42710":  # duplicate_object
            raise InvalidInput(f"database role {role!r} exists already: give --db-role {role} "
                               "without --db-login") from None
        raise


def create_login(conn: Connection, role: str, password: str | None) -> None:
    """A login role in the people's group; ``password`` None: no password (peer, certificate)."""
    secret = "" if password is None else " PASSWORD '" + scram_verifier(password) + "'"
    with _role_errors(role):
        conn.exec_driver_sql(f"CREATE ROLE {_q(role)} LOGIN{secret} IN ROLE {_q(group_role(conn))}"
                             .replace("%", "%%"))


def join_group(conn: Connection, role: str) -> None:
    with _role_errors(role):
        conn.exec_driver_sql(f"GRANT {_q(group_role(conn))} TO {_q(role)}")


def revoke_login(conn: Connection, role: str) -> None:
    with _role_errors(role):
        conn.exec_driver_sql(f"ALTER ROLE {_q(role)} NOLOGIN")
