"""scheduled inspections: checklists, plans, tasks, results, calendar

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 03:00:22.980681
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString etc.)
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('holiday', 'workday')", name=op.f('ck_calendar_day_kind')),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_day'))
    )
    op.create_table('checklist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['org_unit.id'], name=op.f('fk_checklist_enterprise_id_org_unit')),
    sa.ForeignKeyConstraint(['org_id'], ['org_unit.id'], name=op.f('fk_checklist_org_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist')),
    sa.UniqueConstraint('uuid', name=op.f('uq_checklist_uuid'))
    )
    with op.batch_alter_table('checklist', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_org_id'), ['org_id'], unique=False)

    op.create_table('inspection_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('checklist_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('cadence', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('cron', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('workdays', sa.Boolean(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('assignee', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('grace_hours', sa.Integer(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('next_start', sa.Date(), nullable=False),
    sa.Column('source_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.CheckConstraint("cadence IN ('daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'cron', 'holiday_eve')", name=op.f('ck_inspection_plan_cadence')),
    sa.ForeignKeyConstraint(['assignee'], ['person.login'], name=op.f('fk_inspection_plan_assignee_person')),
    sa.ForeignKeyConstraint(['checklist_id'], ['checklist.id'], name=op.f('fk_inspection_plan_checklist_id_checklist')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['org_unit.id'], name=op.f('fk_inspection_plan_enterprise_id_org_unit')),
    sa.ForeignKeyConstraint(['org_id'], ['org_unit.id'], name=op.f('fk_inspection_plan_org_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_plan')),
    sa.UniqueConstraint('enterprise_id', 'source_key', name=op.f('uq_inspection_plan_enterprise_id_source_key')),
    sa.UniqueConstraint('uuid', name=op.f('uq_inspection_plan_uuid'))
    )
    with op.batch_alter_table('inspection_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_plan_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_plan_paused_next_start'), ['paused', 'next_start'], unique=False)

    op.create_table('inspection_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("state IN ('open', 'done', 'missed')", name=op.f('ck_inspection_task_state')),
    sa.ForeignKeyConstraint(['org_id'], ['org_unit.id'], name=op.f('fk_inspection_task_org_id_org_unit')),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plan.id'], name=op.f('fk_inspection_task_plan_id_inspection_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_task')),
    sa.UniqueConstraint('plan_id', 'period_start', name=op.f('uq_inspection_task_plan_id_period_start')),
    sa.UniqueConstraint('uuid', name=op.f('uq_inspection_task_uuid'))
    )
    with op.batch_alter_table('inspection_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_task_org_id_period_start'), ['org_id', 'period_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_task_state_due_at'), ['state', 'due_at'], unique=False)

    op.create_table('checklist_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('checklist_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=True),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['checklist_id'], ['checklist.id'], name=op.f('fk_checklist_item_checklist_id_checklist')),
    sa.ForeignKeyConstraint(['measure_id'], ['control_measure.id'], name=op.f('fk_checklist_item_measure_id_control_measure')),
    sa.ForeignKeyConstraint(['risk_id'], ['risk_point.id'], name=op.f('fk_checklist_item_risk_id_risk_point')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_item')),
    sa.UniqueConstraint('checklist_id', 'position', name=op.f('uq_checklist_item_checklist_id_position')),
    sa.UniqueConstraint('uuid', name=op.f('uq_checklist_item_uuid'))
    )
    op.create_table('inspection_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('photo', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('hazard_id', sa.Integer(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("result IN ('ok', 'fail', 'na')", name=op.f('ck_inspection_result_result')),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], name=op.f('fk_inspection_result_hazard_id_hazard')),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_item.id'], name=op.f('fk_inspection_result_item_id_checklist_item')),
    sa.ForeignKeyConstraint(['task_id'], ['inspection_task.id'], name=op.f('fk_inspection_result_task_id_inspection_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_result')),
    sa.UniqueConstraint('task_id', 'item_id', name=op.f('uq_inspection_result_task_id_item_id')),
    sa.UniqueConstraint('uuid', name=op.f('uq_inspection_result_uuid'))
    )
    # Inline references (ALTER TABLE ADD COLUMN ... REFERENCES), as in 0003: SQLite adds the
    # columns in place instead of recreating hazard, which rows of other tables point at.
    kept = {c['name'] for c in sa.inspect(op.get_bind()).get_columns('hazard')}  # see downgrade
    if 'task_id' not in kept:
        with op.batch_alter_table('hazard', schema=None) as batch_op:
            batch_op.add_column(sa.Column('task_id', sa.Integer(), sa.ForeignKey(
                'inspection_task.id', name=op.f('fk_hazard_task_id_inspection_task')), nullable=True),
                inline_references=True)
            batch_op.add_column(sa.Column('item_id', sa.Integer(), sa.ForeignKey(
                'checklist_item.id', name=op.f('fk_hazard_item_id_checklist_item')), nullable=True),
                inline_references=True)
            batch_op.create_index(batch_op.f('ix_hazard_task_id'), ['task_id'], unique=False)


def downgrade() -> None:
    # Dropping a column drops its foreign key on PostgreSQL. SQLite would recreate hazard, which
    # other tables reference (DROP TABLE fails under foreign_keys=ON): there the two columns stay,
    # empty of meaning, and a later upgrade finds them (nullable, unused) in place.
    if op.get_bind().dialect.name != 'sqlite':
        with op.batch_alter_table('hazard', schema=None) as batch_op:
            batch_op.drop_index(batch_op.f('ix_hazard_task_id'))
            batch_op.drop_column('item_id')
            batch_op.drop_column('task_id')
    else:
        op.execute("UPDATE hazard SET task_id = NULL, item_id = NULL")

    op.drop_table('inspection_result')
    op.drop_table('checklist_item')
    with op.batch_alter_table('inspection_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_task_state_due_at'))
        batch_op.drop_index(batch_op.f('ix_inspection_task_org_id_period_start'))

    op.drop_table('inspection_task')
    with op.batch_alter_table('inspection_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_plan_paused_next_start'))
        batch_op.drop_index(batch_op.f('ix_inspection_plan_org_id'))

    op.drop_table('inspection_plan')
    with op.batch_alter_table('checklist', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_org_id'))

    op.drop_table('checklist')
    op.drop_table('calendar_day')
