"""corrections: a reopened hazard points to the closed one; checklists and plans can be retired

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 06:10:00.000000

``hazard.reopened_from`` links the new hazard of ``hazard reopen`` to the closed one it reopens
(#12); ``checklist.retired_at`` and ``inspection_plan.retired_at`` mark a retired one, which
stays in history and exports (a soft delete).
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString etc.)
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if 'reopened_from' not in {c["name"] for c in inspector.get_columns('hazard')}:  # kept by a downgrade
        with op.batch_alter_table('hazard', schema=None) as batch_op:
            batch_op.add_column(sa.Column('reopened_from', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f('ix_hazard_enterprise_id_reopened_from'),
                                  ['enterprise_id', 'reopened_from'], unique=False)
    for table in ('checklist', 'inspection_plan'):
        if 'retired_at' not in {c["name"] for c in inspector.get_columns(table)}:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(sa.Column('retired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    # The columns stay: on SQLite dropping one copies the table, which the hazards' foreign keys
    # refuse, and older code ignores them; upgrading again keeps them as they are.
    pass
