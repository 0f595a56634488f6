"""indexes that lead with the tenant key, in the order one enterprise's listings read (#15)

A listing of one enterprise reads ``WHERE enterprise_id = :e ... ORDER BY id``; with no index
starting with ``enterprise_id`` in id order PostgreSQL walked the primary key and filtered out
every other enterprise's rows (98 ms for 131 rows of 300k). The overdue list reads by state and
deadline within the enterprise; its report reads the extensions and ladder steps of that
enterprise only.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 06:10:00.000000
"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_hazard_enterprise_id_id': ('hazard', ['enterprise_id', 'id']),
    'ix_hazard_enterprise_id_state_deadline': ('hazard', ['enterprise_id', 'state', 'deadline']),
    'ix_extension_enterprise_id_hazard_id': ('extension', ['enterprise_id', 'hazard_id']),
    'ix_escalation_step_enterprise_id_hazard_id': ('escalation_step', ['enterprise_id', 'hazard_id']),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
