"""audit events record the OS account that ran the command (os_user)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:30:00.000000

The column is nullable: events written before it keep NULL, and their hashes (which cover
os_user only when it is set) still verify. A downgrade keeps the column (the hashes cover it).
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString etc.)
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns('hazard_event')}
    if 'os_user' in columns:  # kept by a downgrade (see below)
        return
    with op.batch_alter_table('hazard_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('os_user', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    # The column stays: the hashes of the events that recorded an OS account cover it, so dropping
    # it would break every audit chain. Older code ignores it; upgrading again keeps it as it is.
    pass
