"""identity: a person's database role and active flag; the database user who wrote each event

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:40:00
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString etc.)
from alembic import op

from dualprev.hazards import enforce

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # columns and a unique index in place: no batch copy of person (which every hazard names)
    op.add_column('person', sa.Column('db_role', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.add_column('person', sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.create_index(op.f('ix_person_db_role'), 'person', ['db_role'], unique=True)
    # issue 10: by default a person is the database login of the same name
    op.execute("UPDATE person SET db_role = login")
    op.add_column('hazard_event', sa.Column('db_user', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        # recorded by the server, not the client: who really wrote the event (the operator acting
        # --as someone shows here as the operator's role)
        op.execute("ALTER TABLE hazard_event ALTER COLUMN db_user SET DEFAULT session_user")


def downgrade() -> None:
    enforce.remove(op.get_bind(), policies=True)  # they name the columns dropped here
    # in place too (SQLite >= 3.35 drops columns itself)
    op.drop_column('hazard_event', 'db_user')
    op.drop_index(op.f('ix_person_db_role'), table_name='person')
    op.drop_column('person', 'active')
    op.drop_column('person', 'db_role')
