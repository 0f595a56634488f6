"""Tenant keys on PostgreSQL (revision 0019): every key of a tenant table leads with enterprise_id,
a register made before keeps every row across the upgrade, and a row can no longer point into
another enterprise."""

from __future__ import annotations

import pytest

from dualprev.hazards import audit
from dualprev.hazards import db as db_module
from dualprev.hazards import seed
from dualprev.hazards.errors import Conflict, RuleViolation
from dualprev.hazards.migrate import downgrade, upgrade
from dualprev.hazards.models import REFERENCE_TABLES
from dualprev.hazards.services import org as org_service
from tests.migrations.test_migrations import drift

pytestmark = pytest.mark.postgres

KEYS_SQL = (
    "SELECT t.relname AS tab, c.contype, c.conname, r.relname AS ref,"
    " ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)"
    "       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS cols"
    " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class r ON r.oid = c.confrelid"
    " WHERE c.connamespace = current_schema()::regnamespace AND c.contype IN ('p', 'u', 'f')"
    " AND NOT t.relispartition AND t.relname <> 'alembic_version'")


def keys(db) -> list[dict]:
    with db.read() as tx:
        return [dict(r) for r in tx.run(KEYS_SQL).mappings()]


def unkeyed(db) -> list[str]:
    """The keys of tenant tables that do not carry enterprise_id, as 'table: constraint'."""
    return sorted(
        f"{k['tab']}: {k['conname']} {k['cols']}" for k in keys(db)
        if k["tab"] not in REFERENCE_TABLES and "enterprise_id" not in k["cols"]
        and (k["contype"] in "pu" or k["ref"] not in REFERENCE_TABLES))


def counts(db) -> dict[str, int]:
    with db.read() as tx:
        tables = tx.run("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                        " AND tablename <> 'alembic_version'").scalars().all()
        return {t: tx.scalar(f"SELECT count(*) FROM {t}") for t in tables}


@pytest.fixture
def demo_db(pg_url):
    db = db_module.open_db(pg_url)
    org_service.init(db, login="admin", partitions=0)  # it goes down to 0018 and up again
    seed.demo(db, admin="admin")
    return db


def test_every_key_of_every_tenant_table_carries_the_enterprise(demo_db):
    found = keys(demo_db)
    assert {k["tab"] for k in found} - REFERENCE_TABLES >= {"hazard", "hazard_event", "inspection_task",
                                                          "escalation_step", "notification"}
    assert unkeyed(demo_db) == []
    pk = {k["tab"]: k["cols"] for k in found if k["contype"] == "p"}
    assert pk["hazard"] == ["enterprise_id", "id"] and pk["person"] == ["id"]
    assert drift(demo_db) == []


def test_a_register_of_the_previous_revision_keeps_every_row(demo_db):
    before = counts(demo_db)
    assert before["hazard"] >= 9 and before["hazard_event"] > 20
    assert downgrade(demo_db, "0018") == "0018"
    assert "hazard: pk_hazard ['id']" in unkeyed(demo_db)  # what a register of 0018 looks like
    assert counts(demo_db) == before

    assert upgrade(demo_db) >= "0019"
    assert unkeyed(demo_db) == [] and counts(demo_db) == before and drift(demo_db) == []
    assert audit.verify(demo_db)["ok"]


def test_the_upgrade_names_a_row_pointing_into_another_enterprise(demo_db):
    assert downgrade(demo_db, "0018") == "0018"
    with demo_db.write() as tx:
        other = tx.scalar("INSERT INTO org_unit (uuid, name, kind, path, created_at) SELECT 'x-other',"
                          " '另一企业', 'enterprise', '', created_at FROM org_unit LIMIT 1 RETURNING id")
        tx.run("UPDATE extension SET enterprise_id = :o WHERE id = (SELECT min(id) FROM extension)",
               {"o": other})
    with pytest.raises(RuleViolation, match="1 row.s. of extension point through hazard_id at a hazard"
                                        " of another enterprise"):
        upgrade(demo_db)
    assert "hazard: pk_hazard ['id']" in unkeyed(demo_db)  # nothing half-done


def test_a_row_cannot_point_at_a_hazard_of_another_enterprise(demo_db):
    with demo_db.write() as tx:
        other = tx.scalar("INSERT INTO org_unit (uuid, name, kind, path, created_at) SELECT 'x-other',"
                          " '另一企业', 'enterprise', '', created_at FROM org_unit LIMIT 1 RETURNING id")
        hazard = tx.scalar("SELECT min(id) FROM hazard")
    with pytest.raises(Conflict, match="fk_escalation_step_hazard_id_hazard"), demo_db.write() as tx:
        tx.run("INSERT INTO escalation_step (enterprise_id, hazard_id, step, deadline, fired_at)"
               " VALUES (:o, :h, 'owner', CURRENT_DATE, now())", {"o": other, "h": hazard})
