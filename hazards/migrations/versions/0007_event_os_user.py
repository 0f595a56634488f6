"""audit events record the OS account that ran the command (os_user)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:30:00.000000

The column is nullable: events written before it keep NULL, and their hashes (which cover
os_user only when it is set) still verify.
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString etc.)
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hazard_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('os_user', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('hazard_event', schema=None) as batch_op:
        batch_op.drop_column('os_user')
