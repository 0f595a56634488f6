"""Schema migrations: from empty and from the previous revision, losing nothing, matching the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from dualprev.hazards import audit, config
from dualprev.hazards import db as db_module
from dualprev.hazards.errors import NotFound
from dualprev.hazards.migrate import alembic_config, upgrade
from dualprev.hazards.services import org as org_service


def drift(db):
    """What Alembic's autogenerate finds between the database and the models: nothing, if every
    migration did its part. On PostgreSQL the models are compared in their tenant-key shape."""
    from sqlmodel import SQLModel

    import dualprev.hazards.models  # noqa: F401

    metadata = SQLModel.metadata if db.is_sqlite else tenant_keyed(SQLModel.metadata)
    with db.engine.connect() as conn:
        parts = set() if db.is_sqlite else set(conn.exec_driver_sql(
            "SELECT relname FROM pg_class WHERE relispartition"
            " AND relnamespace = current_schema()::regnamespace").scalars())

        def ours(obj, name, kind, _reflected, _compare_to) -> bool:
            """Not a partition, nor the key PostgreSQL derives from a parent's for each partition."""
            if kind == "table":
                return name not in parts
            if kind == "foreign_key_constraint":
                return not {e.target_fullname.split(".")[-2] for e in obj.elements} & parts
            return True

        context = MigrationContext.configure(conn, opts={"include_object": ours})
        return compare_metadata(context, metadata)


def tenant_keyed(metadata):
    """The models as PostgreSQL holds them since revision 0019: in every tenant table, the primary
    key, each unique constraint and each foreign key to another tenant table lead with
    enterprise_id, and a plain index on id serves look-ups by id alone. (Autogenerate does not
    compare primary keys: tests/migrations/test_tenant_keys.py reads them from the catalogue.)"""
    from sqlalchemy import ForeignKeyConstraint, Index, MetaData, UniqueConstraint

    from dualprev.hazards.models import REFERENCE_TABLES

    keyed = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(keyed)
    tenant = {name for name, t in keyed.tables.items()
              if name not in REFERENCE_TABLES and "enterprise_id" in t.c and "id" in t.c}
    for name in tenant:
        t = keyed.tables[name]
        for c in list(t.constraints):
            cols = [col.name for col in c.columns]
            if isinstance(c, UniqueConstraint) and "enterprise_id" not in cols:
                t.constraints.discard(c)
                t.append_constraint(UniqueConstraint(t.c.enterprise_id, *(t.c[x] for x in cols)))
            elif isinstance(c, ForeignKeyConstraint) and c.referred_table.name in tenant:
                t.constraints.discard(c)
                for col in c.columns:
                    col.foreign_keys.clear()
                ref = keyed.tables[c.referred_table.name]
                t.append_constraint(ForeignKeyConstraint(
                    [t.c.enterprise_id, *c.columns], [ref.c.enterprise_id, ref.c.id]))
        Index(f"ix_{name}_id", t.c.id)
    return keyed


def test_upgrade_from_empty_matches_the_models(db_url):
    db = db_module.open_db(db_url)
    assert org_service.init(db, login="admin")["revision"] == ScriptDirectory.from_config(
        alembic_config(db)).get_current_head()
    assert drift(db) == []


def test_upgrade_from_the_previous_revision_keeps_the_data(db_url):
    db = db_module.open_db(db_url)
    script = ScriptDirectory.from_config(alembic_config(db))
    head = script.get_revision(script.get_current_head())
    previous = head.down_revision
    assert upgrade(db, previous) == previous
    with db.write() as tx:  # what a user of the previous revision had: a first admin
        audit.start_chain(tx, audit.SYSTEM_CHAIN)
        tx.run("INSERT INTO person (login, name, roles, created_at) VALUES ('admin', 'A', 'admin', :at)",
               {"at": tx.ts(config.now())})
    if previous == "0001":
        org_service.add_org(db, actor="admin", name="老企业")
    result = org_service.init(db, login="admin")
    assert result["revision"] == head.revision and result["first_admin"] is None
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM person WHERE login = 'admin'") == 1
        if previous == "0001":
            assert tx.scalar("SELECT count(*) FROM org_unit WHERE name = '老企业'") == 1
    assert drift(db) == []
    assert audit.verify(db)["ok"]


def test_init_twice_changes_nothing(db):
    with db.read() as tx:
        before = tx.scalar("SELECT count(*) FROM hazard_event")
    assert org_service.init(db, login="wang")["first_admin"] is None
    with pytest.raises(NotFound, match="unknown user 'someone'"):
        org_service.init(db, login="someone")
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM hazard_event") == before
        assert tx.scalar("SELECT count(*) FROM person WHERE login = 'someone'") == 0


@pytest.mark.usefixtures("unpartitioned")
def test_upgrade_starts_the_review_clock_of_a_waiting_write_off_from_its_event(db):
    """Issue 14: a register holding a write-off application from before the 核销 clock existed
    upgrades without loss, the clock taken from the application's own event (16号令 Art 23)."""
    from alembic import command

    from dualprev.hazards.queries import supervision as supervision_queries
    from dualprev.hazards.services import supervision as supervision_service
    from tests.support import major

    code = major(db)
    supervision_service.request_writeoff(db, actor="chen", code=code, note="已更换")
    cfg = alembic_config(db)
    [mine] = [r for r in ScriptDirectory.from_config(cfg).walk_revisions() if "核销 clock" in (r.doc or "")]
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, mine.down_revision)
    upgrade(db)
    [row] = supervision_queries.listed(db, actor="zhao")
    assert (row["code"], row["supervision_state"], row["writeoff_due"]) == (code, "writeoff_requested", "2026-12-04")
    assert drift(db) == []
    assert audit.verify(db)["ok"]
