"""groups and districts: an org unit of kind group (集团) or district (辖区) may stand above enterprises

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 11:50:00

Only the CHECK on ``org_unit.kind`` changes: a group or district is no enterprise (its
``enterprise_id`` stays NULL), the enterprises below it keep their ids, codes and audit chains.
"""
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

OLD_KINDS = "'enterprise', 'workshop', 'team'"
NEW_KINDS = OLD_KINDS + ", 'group', 'district'"


def _kinds(listed: str) -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        # a batch copy would drop org_unit, which every tenant row points at: the CHECK is edited
        # in place, SQLite's documented way of changing a constraint that holds for every old row
        version = conn.exec_driver_sql("PRAGMA schema_version").scalar()
        conn.exec_driver_sql("PRAGMA writable_schema = ON")
        conn.exec_driver_sql("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table'"
                             " AND name = 'org_unit'", (f"kind IN ({OLD_KINDS if listed == NEW_KINDS else NEW_KINDS})",
                                                        f"kind IN ({listed})"))
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
        conn.exec_driver_sql("PRAGMA writable_schema = OFF")
        return
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_org_unit_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_org_unit_kind'), f"kind IN ({listed})")


def upgrade() -> None:
    _kinds(NEW_KINDS)


def downgrade() -> None:
    above = op.get_bind().exec_driver_sql(
        "SELECT count(*) FROM org_unit WHERE kind IN ('group', 'district')").scalar()
    if above:
        raise RuntimeError(f"cannot go below 0018: {above} org units are groups or districts; the old"
                           " schema has no place for them")
    _kinds(OLD_KINDS)
