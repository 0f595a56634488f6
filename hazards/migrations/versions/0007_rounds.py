"""rounds and shifts: plans every N hours or per shift; tasks carry their start and end instants

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:40:00

Old tasks keep every column and get ``starts_at``/``ends_at`` from their period: the local midnight
that starts ``period_start`` and the one after ``period_end``, in the rules' time zone. The unique
key moves from (plan_id, period_start) to (plan_id, starts_at): a day may now hold many rounds.
"""
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString etc.)
from alembic import op

from dualprev.hazards import config

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_CADENCES = "'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'cron', 'holiday_eve'"
NEW_CADENCES = OLD_CADENCES + ", 'hours', 'shift'"


def _midnight(day, tz) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def upgrade() -> None:
    with op.batch_alter_table('inspection_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('every_hours', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('shifts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_inspection_plan_cadence'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_inspection_plan_cadence'), f"cadence IN ({NEW_CADENCES})")
    with op.batch_alter_table('inspection_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    tz = config.timezone()
    task = sa.table('inspection_task', sa.column('period_start', sa.Date()), sa.column('period_end', sa.Date()),
                    sa.column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime()),
                    sa.column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime()))
    conn = op.get_bind()
    # one UPDATE per distinct day, not per task: a register holds many tasks but few days
    for (day,) in conn.execute(sa.select(task.c.period_start).distinct()).all():
        conn.execute(task.update().where(task.c.period_start == day).values(starts_at=_midnight(day, tz)))
    for (day,) in conn.execute(sa.select(task.c.period_end).distinct()).all():
        conn.execute(task.update().where(task.c.period_end == day)
                     .values(ends_at=_midnight(day + timedelta(days=1), tz)))
    with op.batch_alter_table('inspection_task', schema=None) as batch_op:
        batch_op.alter_column('starts_at', existing_type=sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False)
        batch_op.alter_column('ends_at', existing_type=sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_inspection_task_plan_id_period_start'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_inspection_task_plan_id_starts_at'),
                                          ['plan_id', 'starts_at'])


def downgrade() -> None:
    conn = op.get_bind()
    rounds = conn.execute(sa.text(
        "SELECT count(*) FROM inspection_plan WHERE cadence IN ('hours', 'shift')")).scalar()
    doubled = conn.execute(sa.text(
        "SELECT count(*) FROM (SELECT plan_id, period_start FROM inspection_task"
        " GROUP BY plan_id, period_start HAVING count(*) > 1) d")).scalar()
    if rounds or doubled:
        raise RuntimeError(f"cannot go below 0007: {rounds} plans run in rounds or shifts and {doubled}"
                           " days hold more than one task of a plan; the old schema has no place for them")
    with op.batch_alter_table('inspection_task', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_inspection_task_plan_id_starts_at'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_inspection_task_plan_id_period_start'),
                                          ['plan_id', 'period_start'])
        batch_op.drop_column('ends_at')
        batch_op.drop_column('starts_at')
    with op.batch_alter_table('inspection_plan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_inspection_plan_cadence'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_inspection_plan_cadence'), f"cadence IN ({OLD_CADENCES})")
        batch_op.drop_column('shifts')
        batch_op.drop_column('every_hours')
