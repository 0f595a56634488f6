"""tenant keys on PostgreSQL: every key of a tenant table leads with enterprise_id (#15)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 16:20:00.000000

Hash partitioning by enterprise (``init --partitions N``) and a Citus distribution by the same
column both require every primary key and unique constraint of a tenant table to include it, and a
foreign key between two tenant tables to carry it. So, on PostgreSQL, ``PRIMARY KEY (id)`` becomes
``(enterprise_id, id)``, ``UNIQUE (uuid)`` becomes ``(enterprise_id, uuid)``, a foreign key
``(hazard_id) → hazard(id)`` becomes ``(enterprise_id, hazard_id) → hazard(enterprise_id, id)`` (a
child can no longer point into another enterprise), and a plain index on ``id`` keeps a look-up by
id alone cheap. The constraints are found in the catalogue rather than listed, since their names
differ between registers made by different revisions. Keys to the shared tables (org_unit, person,
calendar_day: reference tables in a distribution) stay as they are.

SQLite is left alone: a SQLite file holds one enterprise and is never partitioned, and its
``INTEGER PRIMARY KEY`` is what numbers the rows.
"""
from alembic import op

from dualprev.hazards.errors import RuleViolation

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

TENANT_TABLES = (
    'hazard', 'hazard_event', 'extension', 'attachment', 'hazard_evaluation', 'governance_plan',
    'risk_point', 'risk_assessment', 'risk_source', 'control_measure',
    'checklist', 'checklist_item', 'inspection_plan', 'inspection_task', 'inspection_result',
    'supervision', 'escalation_step', 'extension_request', 'regulator_action', 'whistleblower',
    'reward', 'notify_route', 'notification', 'national_batch', 'national_record',
)

_CONSTRAINTS = (
    "SELECT c.conname, c.contype, t.relname AS tab, r.relname AS ref,"
    " ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)"
    "       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS cols"
    " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
    " LEFT JOIN pg_class r ON r.oid = c.confrelid"
    " WHERE c.connamespace = current_schema()::regnamespace AND c.contype IN ('p', 'u', 'f')"
    " AND t.relname = ANY(%(tables)s) ORDER BY t.relname, c.conname"
)


def _constraints(bind):
    rows = bind.exec_driver_sql(_CONSTRAINTS, {"tables": list(TENANT_TABLES)}).mappings()
    return [dict(r) for r in rows]


def _inner_keys(found):
    """The foreign keys from one tenant table to another, as (table, column, referred table)."""
    return [(c["tab"], c["cols"][0], c["ref"]) for c in found
            if c["contype"] == "f" and c["ref"] in TENANT_TABLES]


def _check_same_enterprise(bind, keys) -> None:
    for table, column, ref in keys:
        stray = bind.exec_driver_sql(
            f"SELECT count(*) FROM {table} c JOIN {ref} p ON p.id = c.{column}"
            f" WHERE p.enterprise_id <> c.enterprise_id").scalar()
        if stray:
            raise RuleViolation(f"{stray} row(s) of {table} point through {column} at a {ref} of"
                               f" another enterprise; fix them before upgrading")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    found = _constraints(bind)
    keys = _inner_keys(found)
    _check_same_enterprise(bind, keys)
    for c in found:
        if c["contype"] == "f" and c["ref"] in TENANT_TABLES:
            op.drop_constraint(c["conname"], c["tab"], type_='foreignkey')
    for c in found:
        if c["contype"] in "pu" and "enterprise_id" not in c["cols"]:
            op.drop_constraint(c["conname"], c["tab"], type_='primary' if c["contype"] == "p" else 'unique')
            cols = ["enterprise_id", *c["cols"]]
            if c["contype"] == "p":
                op.create_primary_key(f"pk_{c['tab']}", c["tab"], cols)
                op.create_index(f"ix_{c['tab']}_id", c["tab"], ["id"])
            else:
                op.create_unique_constraint(f"uq_{c['tab']}_{'_'.join(cols)}", c["tab"], cols)
    for table, column, ref in keys:
        op.create_foreign_key(f"fk_{table}_{column}_{ref}", table, ref,
                              ["enterprise_id", column], ["enterprise_id", "id"])


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    if bind.exec_driver_sql("SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON"
                            " c.oid = p.partrelid WHERE c.relnamespace = current_schema()::regnamespace").scalar():
        raise RuleViolation("a register partitioned by enterprise cannot go below revision 0019:"
                            " its partitioned tables need keys that carry enterprise_id")
    found = _constraints(bind)
    for c in found:
        if c["contype"] == "f" and c["ref"] in TENANT_TABLES:
            op.drop_constraint(c["conname"], c["tab"], type_='foreignkey')
    for c in found:
        if c["contype"] in "pu" and c["cols"][0] == "enterprise_id" and len(c["cols"]) > 1 \
                and not _was_composite(c):
            op.drop_constraint(c["conname"], c["tab"], type_='primary' if c["contype"] == "p" else 'unique')
            cols = c["cols"][1:]
            if c["contype"] == "p":
                op.drop_index(f"ix_{c['tab']}_id", table_name=c["tab"])
                op.create_primary_key(f"pk_{c['tab']}", c["tab"], cols)
            else:
                op.create_unique_constraint(f"uq_{c['tab']}_{'_'.join(cols)}", c["tab"], cols)
    for c in found:
        if c["contype"] == "f" and c["ref"] in TENANT_TABLES:
            column = c["cols"][-1]
            op.create_foreign_key(f"fk_{c['tab']}_{column}_{c['ref']}", c["tab"], c["ref"], [column], ["id"])


# The keys that led with enterprise_id before this revision, which the downgrade keeps.
_COMPOSITE_BEFORE = {
    ('hazard', ('enterprise_id', 'code')), ('risk_point', ('enterprise_id', 'code')),
    ('hazard_event', ('enterprise_id', 'seq')), ('inspection_plan', ('enterprise_id', 'source_key')),
    ('national_record', ('enterprise_id', 'batch_id', 'dataset', 'record_id')),
}


def _was_composite(c) -> bool:
    return (c["tab"], tuple(c["cols"])) in _COMPOSITE_BEFORE
