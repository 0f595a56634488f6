"""an index of one enterprise's events by kind: the ledger's verifiers by join (#15)

The 隐患台账 named each closed hazard's verifier with a query per row (the last ``pass`` event of
the hazard); it now joins the enterprise's ``pass`` events, which this index reads without
touching any other enterprise's events.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 06:50:00.000000
"""
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_hazard_event_enterprise_id_event_subject_id', 'hazard_event',
                    ['enterprise_id', 'event', 'subject_id'])


def downgrade() -> None:
    op.drop_index('ix_hazard_event_enterprise_id_event_subject_id', table_name='hazard_event')
