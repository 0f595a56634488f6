"""major report: a 重大 hazard's 现状及其产生原因 and 危害程度和整改难易程度分析 (16号令 Art 14¶2)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 11:45:00.000000

They are drafted with the 治理方案 (`hazard plan --situation --analysis`) and printed by the
重大事故隐患报告 (`report major`), so they live beside the plan's items in ``governance_plan``
(one row per 重大 hazard), not on every hazard.
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString etc.)
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    have = {c["name"] for c in inspector.get_columns('governance_plan')}
    with op.batch_alter_table('governance_plan', schema=None) as batch_op:
        for column in ('situation', 'analysis'):
            if column not in have:  # kept by a downgrade
                batch_op.add_column(sa.Column(column, sa.Text(), nullable=True))


def downgrade() -> None:
    # The columns stay, as 0011's do: older code ignores them; upgrading again keeps them.
    pass
