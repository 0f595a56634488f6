"""check items can be retired: `checklist edit --drop-item` and a retired control measure

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 12:45:00.000000

``checklist_item.retired_at`` marks an item dropped from its checklist (#12): tasks made before
keep it with their results, later tasks leave it out; the national export sends it as deleted.
Risk points and control measures are retired through their existing ``deleted`` flag.
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString etc.)
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if 'retired_at' not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns('checklist_item')}:
        with op.batch_alter_table('checklist_item', schema=None) as batch_op:
            batch_op.add_column(sa.Column('retired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    # The column stays, as 0011's do: older code ignores it and upgrading again keeps it.
    pass
